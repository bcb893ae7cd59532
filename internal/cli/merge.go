package cli

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"brink/mc"
	"brink/results"
	"brink/sim"
)

const mergeHelp = `
Merges the results directories of the shards of one run (brink run -shard i/N
-out DIR) and prints the summary of the whole run: byte for byte what one
unsharded run with the same scenario, seed and trajectory count prints. The
scenario is rebuilt from the text kept in the manifests, so the original file
is not needed. A shard missing, or given twice, is an error; with -partial a
missing shard is allowed and the result is marked PARTIAL. If every shard kept
a table of trajectories (run -rows), -out DIR gets their rows one after the
other in trajectories.parquet: the table one unsharded run writes, byte for
byte.

Examples:
  brink merge runs/shard*
  brink merge -json -out runs/all runs/shard0 runs/shard1 runs/shard2
`

func mergeCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "merge", "[-json] [-out DIR] [-partial] DIR...", mergeHelp)
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	dir := fs.String("out", "", "keep the merged run in this results directory")
	partial := fs.Bool("partial", false, "allow missing shards (the result is marked partial)")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return usageError(fs, "no results directory given")
	}
	var parts []mergePart
	for _, d := range pos {
		man, data, err := results.Read(d)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
			return exitUsage
		}
		parts = append(parts, mergePart{d, man, data})
	}
	sort.SliceStable(parts, func(a, b int) bool { return parts[a].man.Shard < parts[b].man.Shard })
	first := parts[0].man
	shards := max(first.Shards, 1)
	seen := make([]string, shards)
	for _, p := range parts {
		m := p.man
		if m.ScenarioHash != first.ScenarioHash || m.Variant != first.Variant || m.Seed != first.Seed ||
			m.Trajectories != first.Trajectories || max(m.Shards, 1) != shards {
			fmt.Fprintf(env.Stderr, "brink merge: %s and %s are not shards of the same run (scenario, variant, seed, trajectories and shard count must agree)\n", parts[0].dir, p.dir)
			return exitUsage
		}
		if m.Shard < 0 || m.Shard >= shards {
			fmt.Fprintf(env.Stderr, "brink merge: %s: shard %d is not one of 0–%d\n", p.dir, m.Shard, shards-1)
			return exitUsage
		}
		if seen[m.Shard] != "" {
			fmt.Fprintf(env.Stderr, "brink merge: shard %d/%d given twice: %s and %s\n", m.Shard, shards, seen[m.Shard], p.dir)
			return exitUsage
		}
		seen[m.Shard] = p.dir
	}
	var missing []int
	for i, d := range seen {
		if d == "" {
			missing = append(missing, i)
		}
	}
	if len(missing) > 0 && !*partial {
		fmt.Fprintf(env.Stderr, "brink merge: shards %v of %d are missing (use -partial to merge what there is)\n", missing, shards)
		return exitUsage
	}
	m, err := results.ModelOf(first)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink merge: the scenario kept in %s: %v\n", parts[0].dir, err)
		return exitUsage
	}
	var res *mc.Result
	started, finished := first.Started, first.Finished
	for _, p := range parts {
		r, err := mc.LoadResult(m, p.data)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink merge: %s: %v\n", p.dir, err)
			return exitUsage
		}
		if res == nil {
			res = r
		} else {
			res.Merge(r)
		}
		if p.man.Started.Before(started) {
			started = p.man.Started
		}
		if p.man.Finished.After(finished) {
			finished = p.man.Finished
		}
	}
	if len(missing) > 0 {
		res.Partial, res.Requested = true, first.Trajectories
	}
	buf, err := renderSummary(res, *asJSON)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitFail
	}
	env.Stdout.Write(buf.Bytes())
	code = exitOK
	if *dir != "" {
		man := first
		man.Shard, man.Shards, man.Started, man.Finished = 0, 0, started, finished
		if !mergeRows(env, *dir, m, man, parts) {
			code = exitFail
		}
		if err := keep(*dir, man, res); err != nil {
			fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
			return exitFail
		}
	}
	if res.Partial {
		return exitFail
	}
	return code
}

// mergeRows writes the table of trajectories of the merged run into dir
// from those of the shards (sorted by shard), if every shard has one; else
// it notes which lack one, and removes any table dir holds from before. It
// reports whether all went well.
func mergeRows(env *Env, dir string, m *sim.Model, man results.Manifest, parts []mergePart) bool {
	var with, without []string
	for _, p := range parts {
		if results.HasRows(p.dir) {
			with = append(with, p.dir)
		} else {
			without = append(without, p.dir)
		}
	}
	ok := true
	if len(with) > 0 && len(without) == 0 {
		err := os.MkdirAll(dir, 0o755)
		if err == nil {
			err = results.MergeRows(dir, m, man, with)
		}
		if err == nil {
			return true
		}
		fmt.Fprintf(env.Stderr, "brink merge: the tables of trajectories were not merged: %v\n", err)
		ok = false
	} else if len(with) > 0 {
		// Not an error: the shards were run so; the counts merge all the same.
		fmt.Fprintf(env.Stderr, "brink merge: note: the tables of trajectories were not merged: %s has no %s\n",
			strings.Join(without, ", "), results.RowsFile)
	}
	return keepRows(env, "brink merge", dir, nil) && ok
}

// mergePart is one shard's results directory.
type mergePart struct {
	dir  string
	man  results.Manifest
	data []byte
}
