package cli

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"time"

	"brink/mc"
	"brink/results"
	"brink/sim"
)

const compareHelp = `
Runs the scenario as written (the baseline) and some of its variants on common
random numbers — trajectory k of every variant draws the same random numbers
as trajectory k of the baseline — and prints, for every outcome (how it ends,
and what happens on the way), each variant's probability with its 95 %
interval and its difference from the baseline with a 95 % interval paired on
the trajectories. FILE is a scenario file or the id of a built-in scenario
(default: ukraine-2022); -variants names the variants, or all (the default).

The difference is p(variant) − p(baseline) in percentage points. Its interval
uses the pairs: when a variant changes the outcome of few trajectories, the
difference is known far more precisely than from independent runs of the same
size. The interval is Newcombe's method 10 for paired proportions (Newcombe
1998, Statistics in Medicine 17:2635-2650); * marks a difference whose
interval excludes 0. p is McNemar's two-sided mid-p test on the discordant
trajectories (Fagerland, Lydersen & Laake 2013, BMC Medical Research
Methodology 13:91); "discordant" gives their counts, baseline only / variant
only. With many outcomes and variants, expect some p below 0.05 by chance.

The same scenario, variants, seed and trajectory count give the same output,
byte for byte, whatever the number of workers; each variant's own figures are
those of 'brink run -variant NAME' with the same seed and -n. Ctrl-C stops the
comparison and prints what has finished, marked PARTIAL.

The comparison is kept in a results directory — a new one under ./brink-runs
(or $BRINK_RUNS), or -out DIR; -no-save keeps nothing: manifest.json (the
baseline's scenario, seed and count; format brink-compare/1), compare.json
(the variants compared, every paired count, and each model's own summary),
summary.json and summary.txt. 'brink runs' does not list comparisons.

Examples:
  brink compare
  brink compare -variants bluff -n 20000
  brink compare ukraine-2022 -variants bluff,heartland -seed 7 -json > cmp.json
  brink compare my-crisis.yaml -variants all -n 5000 -out runs/cmp
`

// compareFormat names the layout of a comparison's manifest.
const compareFormat = results.CompareFormat

func compareCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "compare", "[FILE] [-variants a,b,c | all] [-n N] [-seed S] [-workers W] [-json] [-out DIR | -no-save]", compareHelp)
	variants := fs.String("variants", "all", "the variants to compare with the baseline, `a,b,c`, or all")
	n := fs.Int64("n", 10000, "number of trajectories, under the baseline and under each variant")
	seed := fs.Uint64("seed", 1, "master seed")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "worker goroutines")
	asJSON := fs.Bool("json", false, "print the comparison as JSON")
	dir := fs.String("out", "", "keep the comparison in this results directory (default: a new one under $BRINK_RUNS or ./brink-runs)")
	noSave := fs.Bool("no-save", false, "do not keep the comparison in a results directory")
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
	if *noSave && *dir != "" {
		return usageError(fs, "-out and -no-save exclude each other")
	}
	arg := ""
	if len(pos) == 1 {
		arg = pos[0]
	}
	sc, err := loadScenario(arg, "")
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitUsage
	}
	names, err := mc.CompareVariants(sc, *variants)
	if err != nil {
		return usageError(fs, "%v", err)
	}
	models := make([]*sim.Model, 0, 1+len(names))
	for i, name := range append([]string{""}, names...) {
		s := sc
		if i > 0 {
			if s, err = sc.WithVariant(name); err != nil {
				fmt.Fprintln(env.Stderr, err)
				return exitUsage
			}
		}
		m, err := sim.Compile(s)
		if err != nil {
			fmt.Fprintln(env.Stderr, err)
			return exitUsage
		}
		models = append(models, m)
	}
	if err := mc.Comparable(models); err != nil {
		fmt.Fprintf(env.Stderr, "brink compare: %v\n", err)
		return exitUsage
	}
	opt := mc.Options{N: *n, Seed: *seed, Workers: *workers}
	started := time.Now().UTC()
	bar := newProgress(env, "brink compare", *n)
	if bar != nil {
		opt.Progress = bar.update
	}
	cmp := mc.Compare(ctx, models, opt)
	if bar != nil {
		bar.finish()
	}
	if cmp.Results[0].N == 0 {
		fmt.Fprintln(env.Stderr, "brink compare: interrupted before any trajectory finished")
		return exitFail
	}
	rep := cmp.Report()
	var buf bytes.Buffer
	if *asJSON {
		err = rep.WriteJSON(&buf)
	} else {
		err = rep.WriteText(&buf)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitFail
	}
	if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
		return exitFail
	}
	if !*noSave {
		auto := *dir == ""
		if auto {
			if *dir, err = newRunDir(sc, *seed, 0, 0, started, "compare"); err != nil {
				fmt.Fprintf(env.Stderr, "brink compare: %v\n", err)
				return exitFail
			}
		}
		if err := results.KeepCompare(*dir, sc, rep, *seed, *n, started); err != nil {
			fmt.Fprintf(env.Stderr, "brink compare: %v\n", err)
			return exitFail
		}
		if auto {
			kept(env, "brink compare", *dir)
		}
	}
	if rep.Partial {
		fmt.Fprintf(env.Stderr, "brink compare: interrupted; the result above is PARTIAL (%d of %d trajectories)\n", rep.Trajectories, rep.Requested)
		return exitFail
	}
	return exitOK
}
