package cli

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"time"

	"brink/mc"
	"brink/sim"
)

const runHelp = `
Runs a scenario many times and prints the probability of each outcome with its
95 % interval, the chance of a first nuclear use by date, and quantiles of the
duration, the highest rung, territory and losses. FILE is a scenario file or
the id of a built-in scenario (default: ukraine-2022).

The same scenario, seed and trajectory count give the same output, byte for
byte, whatever the number of workers. Ctrl-C stops the run and prints what has
finished, marked PARTIAL.

Examples:
  brink run
  brink run -n 100000 -seed 7
  brink run -variant incompetence -json > incompetence.json
  brink run my-crisis.yaml -n 5000 -o summary.txt
`

func runCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "run", "[FILE] [-n N] [-seed S] [-workers W] [-variant NAME] [-json] [-o FILE]", runHelp)
	n := fs.Int64("n", 10000, "number of trajectories")
	seed := fs.Uint64("seed", 1, "master seed")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "worker goroutines")
	variant := fs.String("variant", "", "apply the named variant of the scenario")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	out := fs.String("o", "", "also write the summary to this file (atomically)")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) > 1 {
		return usageError(fs, "expected at most one scenario, got %d", len(pos))
	}
	if *n < 1 {
		return usageError(fs, "-n must be at least 1, got %d", *n)
	}
	if *workers < 1 {
		return usageError(fs, "-workers must be at least 1, got %d", *workers)
	}
	arg := ""
	if len(pos) == 1 {
		arg = pos[0]
	}
	sc, err := loadScenario(arg, *variant)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitUsage
	}
	m, err := sim.Compile(sc)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitUsage
	}
	opt := mc.Options{N: *n, Seed: *seed, Workers: *workers}
	var bar *progressBar
	if env.StderrIsTerminal {
		bar = newProgressBar(env.Stderr, *n, time.Now())
		opt.Progress = bar.update
	}
	res := mc.Run(ctx, m, opt)
	if bar != nil {
		bar.finish()
	}
	if res.N == 0 {
		fmt.Fprintln(env.Stderr, "brink run: interrupted before any trajectory finished")
		return exitFail
	}
	sum := mc.Summarize(res)
	var buf bytes.Buffer
	if *asJSON {
		err = sum.WriteJSON(&buf)
	} else {
		err = sum.WriteText(&buf)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitFail
	}
	if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
		return exitFail
	}
	if *out != "" {
		if err := writeAtomic(*out, buf.Bytes()); err != nil {
			fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
			return exitFail
		}
	}
	if res.Partial {
		fmt.Fprintf(env.Stderr, "brink run: interrupted; the result above is PARTIAL (%d of %d trajectories)\n", res.N, res.Requested)
		return exitFail
	}
	return exitOK
}
