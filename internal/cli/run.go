package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"brink/mc"
	"brink/results"
	"brink/scenario"
	"brink/sim"
)

const runHelp = `
Runs a scenario many times and prints the probability of each outcome with its
95 % interval, the chance of a first nuclear use by date, and quantiles of the
duration, the highest rung, territory and losses. FILE is a scenario file or
the id of a built-in scenario (default: ukraine-2022).

The same scenario, seed and trajectory count give the same output, byte for
byte, whatever the number of workers. Ctrl-C or SIGTERM (what Slurm and
Kubernetes send) stops the run within a second and prints what has finished,
marked PARTIAL. -n is at most 10^12; memory does not depend on it.

Every run is kept in a results directory — a new one under ./brink-runs (or
$BRINK_RUNS), or -out DIR; -no-save keeps nothing: manifest.json (how to
reproduce it, with the scenario's full text), summary.json and summary.txt,
result.json (every count, so that shards merge exactly), and with -rows
trajectories.parquet (one row per trajectory, with the sampled value of every
uncertain parameter). Kept runs are listed by 'brink runs'. The directory is made, and
checked writable, before the first trajectory, and the partial result is saved
in it every -checkpoint (10 s), so a run stopped by Ctrl-C, SIGTERM or even
SIGKILL leaves its directory marked partial, losing at most one interval;
-resume DIR completes it to the bytes of an uninterrupted run (a table of
trajectories is completed only after Ctrl-C or SIGTERM).

With -shard i/N only the i-th of N blocks of the trajectories runs
(0 ≤ i < N); 'brink merge' joins the shards' directories into the result of
the whole run, byte for byte. -shard auto/N (or auto) takes i from
SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX and N, if not given, from
SLURM_ARRAY_TASK_COUNT; 'brink plan' writes the job script.

-cpuprofile FILE and -memprofile FILE write profiles of the run (where its
time goes; what it allocated) for 'go tool pprof'.

Examples:
  brink run
  brink run -n 100000 -seed 7
  brink run -variant incompetence -json > incompetence.json
  brink run my-crisis.yaml -n 5000 -o summary.txt
  brink run -n 1000000 -shard 0/4 -out runs/shard0
  brink run -n 20000 -rows -out runs/table
  brink run -n 20000 -no-save -cpuprofile cpu.prof && go tool pprof -top cpu.prof
`

func runCmd(ctx context.Context, env *Env, args []string) (code int) {
	fs := newFlags(env, "run", "[FILE] [-n N] [-seed S] [-workers W] [-variant NAME] [-json] [-o FILE] [-rows] [-cpuprofile FILE] [-memprofile FILE]", runHelp)
	n := fs.Int64("n", 10000, "number of trajectories")
	seed := fs.Uint64("seed", 1, "master seed")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "worker goroutines")
	variant := fs.String("variant", "", "apply the named variant of the scenario")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	out := fs.String("o", "", "also write the summary to this file (atomically)")
	dir := fs.String("out", "", "keep the run in this results directory (default: a new one under $BRINK_RUNS or ./brink-runs)")
	noSave := fs.Bool("no-save", false, "do not keep the run in a results directory")
	resume := fs.String("resume", "", "complete the interrupted run kept in this results directory")
	shardFlag := fs.String("shard", "", "run only shard `i/N` of the trajectories (or auto/N, auto)")
	every := fs.Duration("checkpoint", 10*time.Second, "save the partial result this often, for -resume after a kill")
	rowsFlag := fs.Bool("rows", false, "also keep the table of trajectories, "+results.RowsFile+", in the results directory")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to `FILE` (read it with go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a heap profile to `FILE` after the run")
	pos, c, ok := parseFlags(fs, args, env)
	if !ok {
		return c
	}
	if *cpuProfile != "" || *memProfile != "" {
		prof, err := startProfiles(*cpuProfile, *memProfile)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
			return exitFail
		}
		defer func() {
			if err := prof.stop(); err != nil {
				fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
				if code == exitOK {
					code = exitFail
				}
			}
		}()
	}
	if len(pos) > 1 {
		return usageError(fs, "expected at most one scenario, got %d", len(pos))
	}
	if *resume != "" {
		if len(pos) > 0 || *dir != "" || *shardFlag != "" || *variant != "" || *noSave {
			return usageError(fs, "-resume takes the scenario, variant, seed, count and shard from the results directory; give only -workers with it")
		}
		if *rowsFlag && !results.HasRows(*resume) {
			return usageError(fs, "-rows: %s has no %s to complete (the run was made without -rows)", *resume, results.RowsFile)
		}
		return resumeRun(ctx, env, *resume, *workers, *asJSON, *every)
	}
	if *rowsFlag && *noSave {
		return usageError(fs, "-rows keeps the table of trajectories in the results directory; it cannot go with -no-save")
	}
	if *n < 1 {
		return usageError(fs, "-n must be at least 1, got %d", *n)
	}
	if *n > mc.MaxTrajectories {
		return usageError(fs, "-n must be at most %d, got %d", int64(mc.MaxTrajectories), *n)
	}
	if *dir != "" && *noSave {
		return usageError(fs, "-out keeps the run in a results directory; it cannot go with -no-save")
	}
	if *every < 0 {
		return usageError(fs, "-checkpoint must not be negative, got %v", *every)
	}
	if *workers < 1 {
		return usageError(fs, "-workers must be at least 1, got %d", *workers)
	}
	shard, shards, err := parseShard(*shardFlag, os.Getenv)
	if err != nil {
		return usageError(fs, "%v", err)
	}
	sc, m, ok := loadModel(env, pos, *variant)
	if !ok {
		return exitUsage
	}
	opt := mc.Options{N: *n, Seed: *seed, Workers: *workers, Shard: shard, Shards: shards}
	started := time.Now().UTC()
	man := results.NewManifest(sc, *seed, *n, shard, shards, started)
	// The results directory is made, and a first checkpoint kept in it,
	// before the first trajectory: an unwritable place is found at once, and
	// a run killed at any moment leaves a directory -resume completes.
	var rows *results.Rows
	auto := false
	if !*noSave {
		if auto = *dir == ""; auto {
			*dir, err = newRunDir(sc, *seed, shard, shards, started, "")
		} else {
			err = os.MkdirAll(*dir, 0o755)
		}
		if err == nil {
			err = startRun(*dir, man, m, opt)
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink run: cannot keep the run: %v\n", err)
			return exitFail
		}
		opt.Checkpoint, opt.CheckpointEvery = checkpointer(env, *dir, man, nil), *every
	}
	// The table of trajectories is written while the run goes.
	if *rowsFlag {
		rows, err = results.CreateRows(*dir, m, man, false)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
			return exitFail
		}
		defer rows.Abort() // if not committed
		opt.Rows = rows
	}
	from, to := mc.ShardRange(*n, shard, shards)
	bar := newProgress(env, "brink run", to-from)
	if bar != nil {
		opt.Progress = bar.update
	}
	res := mc.Run(ctx, m, opt)
	if bar != nil {
		bar.turns = agentTurns(m, res)
		bar.finish()
	}
	if res.N == 0 {
		fmt.Fprintln(env.Stderr, "brink run: interrupted before any trajectory finished")
		if !*noSave {
			keepRows(env, "brink run", *dir, rows)
			if err := keep(*dir, man, res); err != nil {
				fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
			} else {
				fmt.Fprintf(env.Stderr, "brink run: %s is kept, empty; -resume %s runs it\n", *dir, *dir)
			}
		}
		return exitFail
	}
	buf, err := renderSummary(res, *asJSON)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitFail
	}
	if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
		return exitFail
	}
	if *out != "" {
		if err := results.WriteFileAtomic(*out, buf.Bytes()); err != nil {
			fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
			return exitFail
		}
	}
	code = exitOK
	if !*noSave {
		if !keepRows(env, "brink run", *dir, rows) {
			code = exitFail
		}
		if err := keep(*dir, man, res); err != nil {
			fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
			return exitFail
		}
		if auto {
			kept(env, "brink run", *dir)
		}
	}
	if res.Partial {
		fmt.Fprintf(env.Stderr, "brink run: interrupted; the result above is PARTIAL (%d of %d trajectories)\n", res.N, res.Requested)
		return exitFail
	}
	return code
}

// kept says where a command kept its results, when brink chose the
// directory: at the end of stderr, where a terminal and a job's log both
// show it.
func kept(env *Env, cmd, dir string) {
	fmt.Fprintf(env.Stderr, "%s: kept in %s ('brink report %s' writes its HTML page)\n", cmd, dir, dir)
}

// keepRows puts the table of trajectories written during a run in place in
// dir, or, without one (rows nil), removes a table left there by an earlier
// run, which would not match the results about to be kept. It reports
// whether all went well; if not, dir keeps no table.
func keepRows(env *Env, cmd, dir string, rows *results.Rows) bool {
	if rows != nil {
		err := rows.Commit()
		if err == nil {
			return true
		}
		fmt.Fprintf(env.Stderr, "%s: the table of trajectories was not kept: %v\n", cmd, err)
	}
	for _, f := range []string{results.RowsFile, results.LossesFile} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil && !os.IsNotExist(err) {
			fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
			return false
		}
	}
	return rows == nil
}

// parseShard reads -shard: "" (the whole run), "i/N", "auto/N" or "auto",
// where auto takes i from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX (a
// Kubernetes Indexed Job) and N from SLURM_ARRAY_TASK_COUNT if not given.
func parseShard(s string, getenv func(string) string) (i, n int, err error) {
	if s == "" {
		return 0, 0, nil
	}
	idx, count, _ := strings.Cut(s, "/")
	if idx == "auto" {
		idx = getenv("SLURM_ARRAY_TASK_ID")
		if idx == "" {
			idx = getenv("JOB_COMPLETION_INDEX")
		}
		if idx == "" {
			return 0, 0, fmt.Errorf("-shard auto: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set")
		}
		if count == "" {
			count = getenv("SLURM_ARRAY_TASK_COUNT")
		}
	}
	if count == "" {
		return 0, 0, fmt.Errorf("-shard %s: expected i/N, e.g. 0/4", s)
	}
	i, err1 := strconv.Atoi(idx)
	n, err2 := strconv.Atoi(count)
	if err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("-shard %s: expected i/N with 0 ≤ i < N, e.g. 0/4", s)
	}
	return i, n, nil
}

// resumeRun completes an interrupted run kept in dir: it runs the trajectories
// its result lacks and merges them in, which gives the same counts — and the
// same summary, byte for byte — as a run that was never interrupted.
func resumeRun(ctx context.Context, env *Env, dir string, workers int, asJSON bool, every time.Duration) int {
	man, data, err := results.Read(dir)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
		return exitUsage
	}
	m, err := results.ModelOf(man)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink run: the scenario kept in %s: %v\n", dir, err)
		return exitUsage
	}
	prev, err := mc.LoadResult(m, data)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink run: %s: %v\n", dir, err)
		return exitUsage
	}
	from, to := mc.ShardRange(man.Trajectories, man.Shard, man.Shards)
	todo := prev.Done.Missing(from, to)
	res := prev
	code := exitOK
	if len(todo) > 0 {
		opt := mc.Options{N: man.Trajectories, Seed: man.Seed, Workers: workers, Shard: man.Shard, Shards: man.Shards, Todo: todo}
		// A table of trajectories kept by the interrupted run is completed:
		// its rows and the new ones are written in order of k into a new
		// table, the one an uninterrupted run writes.
		var rows *results.Rows
		if results.HasRows(dir) {
			if rows, err = results.CreateRows(dir, m, man, true); err == nil && rows.PrevRows() != prev.N {
				rows.Abort()
				err = fmt.Errorf("%s holds %d trajectories, the result %d", results.RowsFile, rows.PrevRows(), prev.N)
			}
			if err != nil {
				fmt.Fprintf(env.Stderr, "brink run: %s: %v\n", dir, err)
				return exitUsage
			}
			defer rows.Abort() // if not committed
			opt.Rows = rows
		}
		opt.Checkpoint, opt.CheckpointEvery = checkpointer(env, dir, man, data), every
		bar := newProgress(env, "brink run", todo.Len())
		if bar != nil {
			opt.Progress = bar.update
		}
		more := mc.Run(ctx, m, opt)
		if bar != nil {
			bar.turns = agentTurns(m, more)
			bar.finish()
		}
		if rows != nil && !keepRows(env, "brink run", dir, rows) {
			code = exitFail
		}
		prev.Requested = 0 // the new part carries the shard's full count
		prev.Partial = false
		res = prev
		res.Merge(more)
		res.Partial = res.Done.Len() < to-from
	}
	buf, err := renderSummary(res, asJSON)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitFail
	}
	env.Stdout.Write(buf.Bytes())
	man.Finished = time.Now().UTC()
	if err := keep(dir, man, res); err != nil {
		fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
		return exitFail
	}
	if res.Partial {
		fmt.Fprintf(env.Stderr, "brink run: interrupted again; %s is still PARTIAL (%d of %d trajectories)\n", dir, res.Done.Len(), to-from)
		return exitFail
	}
	return code
}

// newRunDir creates a new, empty results directory under the runs root
// ($BRINK_RUNS or ./brink-runs).
func newRunDir(sc *scenario.Scenario, seed uint64, shard, shards int, started time.Time, suffix string) (string, error) {
	return results.NewRunDir(results.RunsRoot(), sc, seed, shard, shards, started, suffix)
}

// keep writes a results directory and records it in the default catalog.
func keep(dir string, man results.Manifest, res *mc.Result) error {
	return results.Keep("", dir, man, res)
}

// renderSummary is the summary of a result as the terminal shows it, or as JSON.
func renderSummary(res *mc.Result, asJSON bool) (*bytes.Buffer, error) {
	sum := mc.Summarize(res)
	var buf bytes.Buffer
	var err error
	if asJSON {
		err = sum.WriteJSON(&buf)
	} else {
		err = sum.WriteText(&buf)
	}
	return &buf, err
}

// agentTurns is the mean number of agent-turns of res's trajectories: every
// actor at every decision epoch, actors × (days / decision_every_days + 1),
// from the mean duration (the epochs' rounding aside).
func agentTurns(m *sim.Model, res *mc.Result) float64 {
	if res.N == 0 || res.Duration == nil {
		return 0
	}
	return float64(len(m.Actors)) * (res.Duration.Mean()/float64(m.Scenario.DecisionEveryDays) + 1)
}
