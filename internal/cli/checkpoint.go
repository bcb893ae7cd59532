package cli

// Checkpoints of a run: its results directory holds a valid partial result
// from before the first trajectory to the end, rewritten (each file through a
// temporary file and a rename) every -checkpoint interval. A run stopped by
// SIGKILL, the OOM killer or a preempted node loses at most one interval, and
// -resume completes it to the bytes of an uninterrupted run: the counts of a
// checkpoint are exactly those of the trajectories it lists as done.

import (
	"fmt"
	"os"
	"path/filepath"

	"brink/mc"
	"brink/results"
	"brink/sim"
)

// startRun keeps an empty, partial result of the run in dir before anything
// runs (the catalog learns of dir when the run ends, or from 'brink runs
// rebuild'); a table of trajectories left by an earlier run in dir is
// removed, as it would not match.
func startRun(dir string, man results.Manifest, m *sim.Model, opt mc.Options) error {
	if err := os.Remove(filepath.Join(dir, results.RowsFile)); err != nil && !os.IsNotExist(err) {
		return err
	}
	from, to := mc.ShardRange(opt.N, opt.Shard, opt.Shards)
	empty := mc.NewResult(m)
	empty.Seed, empty.Requested, empty.Partial = opt.Seed, to-from, true
	return results.Write(dir, man, empty)
}

// checkpointer returns the mc.Options.Checkpoint of a run kept in dir. When
// resuming, prev is the result.json the run started from, to which the new
// counts are added.
func checkpointer(env *Env, dir string, man results.Manifest, prev []byte) func(*mc.Result) {
	failed := false
	return func(r *mc.Result) {
		res := r
		if prev != nil {
			p, err := mc.LoadResult(r.Model, prev)
			if err != nil {
				return
			}
			p.Requested, p.Partial = 0, false
			p.Merge(r)
			p.Partial = r.Partial || p.Done.Len() < r.Requested
			res = p
		}
		if err := results.Write(dir, man, res); err != nil && !failed {
			failed = true
			fmt.Fprintf(env.Stderr, "brink run: checkpoint not saved: %v\n", err)
		}
	}
}
