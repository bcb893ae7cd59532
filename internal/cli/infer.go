package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"brink/evidence"
	"brink/results"
)

const inferHelp = `
Conditions the scenario's uncertain assumptions on its record (the record:
block, or FILE given with -record) up to a date (-until, default the record's
through). Each trajectory is weighted by the likelihood of the observations:
exact for events (1 if the trajectory did what history did, else 0) and for
values with an observation model (normal, lognormal, lower_bound, range); an
ABC kernel of the stated tolerance for values without one. It prints:

  - for each hypothesis (the baseline and every -variants one), the mean
    likelihood, the effective sample size (a warning when it is too small),
    the posterior probability (equal priors) and the Bayes factor against the
    baseline with its Monte Carlo error — on common random numbers;
  - the posterior of every sampled parameter against its prior, and of
    regions of parameters (-regions actors.RUS.politics.resolve>0.8) with
    their Bayes factors against their complements;
  - the forecast after the conditioning date: P(nuclear use within 6, 12, 24
    months), how the war ends, the territory at the end.

When the effective sample size is small (the record is unlikely under the
prior: the posterior rests on a few trajectories), -smc adds resample-and-
move (sequential Monte Carlo; Chopin 2002, Del Moral, Doucet & Jasra 2006):
-particles trajectories take the observations date by date, are resampled by
weight and moved by Metropolis-Hastings steps that re-simulate the
trajectory at proposed parameters. The parameters' posterior and the
forecast are then the final population's; the Bayes factors are given by
both methods (SMC's without an error estimate). SMC's result does not depend
on -workers either, but it holds its population in memory and takes no
-shard.

The weights are summed exactly, so the result does not depend on -workers,
and shards (-shard i/N, saved with -save FILE) merge to the same bits
(-merge FILE,FILE,...). A posterior is only as good as the model: if validate
calls the record's observations misses, the weights say which trajectories
are least wrong, not which assumptions are right.

Examples:
  brink infer -variants bluff,heartland,incompetence -n 20000
  brink infer ukraine-2022 -json > posterior.json
  brink infer -use events -until 2022-12-31
  brink infer -skip 'territory-*' -n 20000        # all but the territory observations
  brink infer -use events -regions 'actors.RUS.politics.resolve>0.8'
  brink infer -n 20000 -smc -particles 2000      # when the ESS is small

  brink infer -n 100000 -shard 1/2 -save s1.json   # then: brink infer -n 100000 -merge s1.json,s2.json
  brink infer -n 100000 -save s.json               # interrupted? brink infer -n 100000 -resume s.json
`

func inferCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "infer", "[FILE] [-record FILE] [-variants a,b | all] [-until DATE] [-use all|events|values] [-skip IDS] [-regions R] [-n N] [-seed S] [-workers W] [-shard i/N] [-save FILE | -resume FILE | -merge FILES] [-smc [-particles P] [-moves M]] [-cpuprofile FILE] [-json] [-o FILE] [-out DIR]", inferHelp)
	n := fs.Int64("n", 5000, "trajectories per hypothesis")
	seed := fs.Uint64("seed", 1, "master seed")
	workers := fs.Int("workers", 0, "goroutines (0 = all CPUs); the result does not depend on it")
	recordFile := fs.String("record", "", "read the record from FILE instead of the scenario's record: block")
	variants := fs.String("variants", "", "hypotheses besides the baseline: variant ids separated by commas, or all")
	until := fs.String("until", "", "condition on observations dated up to DATE (YYYY-MM-DD; default: the record's through)")
	use := fs.String("use", "all", "which observations to condition on: all, events or values")
	skip := fs.String("skip", "", "observations not to condition on: ids, or prefixes ending in *, separated by commas (e.g. 'territory-*')")
	regions := fs.String("regions", "", "hypotheses about parameters, path>x or path<x, separated by commas (e.g. actors.RUS.politics.resolve>0.8)")
	shard := fs.String("shard", "", "run only shard i of N (i from 1), e.g. 2/10")
	save := fs.String("save", "", "write the exact sums of this run (or shard) to FILE, for -merge")
	resume := fs.String("resume", "", "complete the interrupted run whose sums -save wrote to FILE (same flags), and save it back there")
	merge := fs.String("merge", "", "merge the sums saved by the shards (files separated by commas) instead of running")
	asJSON := fs.Bool("json", false, "print the inference as JSON")
	outFile := fs.String("o", "", "also write the inference as JSON to FILE (atomically)")
	smc := fs.Bool("smc", false, "also run resample-and-move (sequential Monte Carlo over the record's dates) for the parameters' posterior and the forecast, when importance weighting degenerates")
	particles := fs.Int("particles", 1000, "with -smc: particles per hypothesis")
	moves := fs.Int("moves", 5, "with -smc: Metropolis-Hastings moves per particle per stage (at least; up to 4x while fewer than half have moved)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the inference to `FILE` (read it with go tool pprof)")
	outDir := fs.String("out", "", "also keep the inference in DIR (manifest.json, infer.json, summary.txt) for brink report")
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
	opt := evidence.InferOptions{Options: evidence.Options{N: *n, Seed: *seed, Workers: *workers}, Use: *use}
	switch *use {
	case "all", "events", "values":
	default:
		return usageError(fs, "-use must be all, events or values, got %q", *use)
	}
	if *until != "" {
		t, err := time.Parse(time.DateOnly, *until)
		if err != nil {
			return usageError(fs, "-until: expected a date as YYYY-MM-DD, got %q", *until)
		}
		opt.Until = t
	}
	if *shard != "" {
		i, k, ok := strings.Cut(*shard, "/")
		a, err1 := strconv.Atoi(i)
		b, err2 := strconv.Atoi(k)
		if !ok || err1 != nil || err2 != nil || b < 1 || a < 1 || a > b {
			return usageError(fs, "-shard: expected i/N with 1 ≤ i ≤ N, got %q", *shard)
		}
		opt.Shard, opt.Shards = a-1, b
	}
	if *merge != "" && (*shard != "" || *save != "" || *resume != "") {
		return usageError(fs, "-merge does not run, so it takes no -shard, -save or -resume")
	}
	if *smc && *shard != "" {
		return usageError(fs, "-smc runs the whole population: it takes no -shard")
	}
	if *particles < 2 || *moves < 1 {
		return usageError(fs, "-particles must be at least 2 and -moves at least 1")
	}
	if *resume != "" {
		if *save != "" && *save != *resume {
			return usageError(fs, "-resume saves back to its own file; drop -save")
		}
		*save = *resume
	}
	sc, rec, code := loadWithRecord(env, pos, "", *recordFile)
	if sc == nil {
		return code
	}
	if *skip != "" {
		opt.Skip = strings.Split(*skip, ",")
	}
	if *regions != "" {
		opt.Regions = strings.Split(*regions, ",")
	}
	if *variants == "all" {
		opt.Variants = nil
		for _, v := range sc.Variants {
			opt.Variants = append(opt.Variants, v.ID)
		}
	} else if *variants != "" {
		opt.Variants = strings.Split(*variants, ",")
	}
	in, err := evidence.NewInferrer(sc, rec, opt)
	if err != nil {
		fmt.Fprintln(env.Stderr, "brink infer:", err)
		return exitUsage
	}
	prof, err := startProfiles(*cpuProfile, "")
	if err != nil {
		fmt.Fprintln(env.Stderr, "brink infer:", err)
		return exitFail
	}
	defer prof.stop()
	started := time.Now()
	var acc *evidence.Accumulator
	if *merge != "" {
		for _, f := range strings.Split(*merge, ",") {
			a, err := loadAccumulator(f)
			if err == nil && acc == nil {
				acc = in.NewAccumulator()
			}
			if err == nil {
				err = acc.Merge(a)
			}
			if err != nil {
				fmt.Fprintf(env.Stderr, "brink infer: %s: %v\n", f, err)
				return exitFail
			}
		}
	} else {
		var done *evidence.Accumulator
		if *resume != "" {
			if done, err = loadAccumulator(*resume); err != nil {
				fmt.Fprintf(env.Stderr, "brink infer: %s: %v\n", *resume, err)
				return exitFail
			}
			in.SetTodo(done.Missing(opt.N, opt.Shard, opt.Shards))
		}
		acc, err = in.Run(ctx)
		if done != nil {
			if merr := done.Merge(acc); merr != nil {
				fmt.Fprintf(env.Stderr, "brink infer: %s: %v\n", *resume, merr)
				return exitFail
			}
			acc = done
		}
		if err != nil {
			msg := "brink infer: interrupted"
			if *save != "" {
				if b, jerr := json.Marshal(acc); jerr == nil && results.WriteFileAtomic(*save, b) == nil {
					msg += fmt.Sprintf(" after %d trajectories, kept in %s: complete it with -resume %s", acc.N, *save, *save)
				}
			} else {
				msg += " (give -save FILE to keep what was done and -resume it)"
			}
			fmt.Fprintln(env.Stderr, msg)
			return exitFail
		}
	}
	if *save != "" {
		b, err := json.Marshal(acc)
		if err == nil {
			err = results.WriteFileAtomic(*save, b)
		}
		if err != nil {
			fmt.Fprintln(env.Stderr, "brink infer:", err)
			return exitFail
		}
	}
	r := in.Summarise(acc)
	if *smc {
		sacc, res, err := in.SMC(ctx, evidence.SMCOptions{Particles: *particles, Moves: *moves})
		if err != nil {
			fmt.Fprintln(env.Stderr, "brink infer: resample-and-move:", err)
			return exitFail
		}
		in.WithSMC(r, sacc, res)
	}
	if *outFile != "" {
		b, err := json.MarshalIndent(r, "", "  ")
		if err == nil {
			err = results.WriteFileAtomic(*outFile, append(b, '\n'))
		}
		if err != nil {
			fmt.Fprintln(env.Stderr, "brink infer:", err)
			return exitFail
		}
	}
	if *outDir != "" {
		if err := results.KeepEvidence(*outDir, sc, *seed, acc.N, started, evidence.InferFormat, evidence.InferFile, r, r.Text()); err != nil {
			fmt.Fprintln(env.Stderr, "brink infer:", err)
			return exitFail
		}
	}
	return printEvidence(env, *asJSON, r, r.Text())
}

// loadAccumulator reads sums saved with -save.
func loadAccumulator(p string) (*evidence.Accumulator, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	a := &evidence.Accumulator{}
	if err := json.Unmarshal(b, a); err != nil {
		return nil, err
	}
	return a, nil
}
