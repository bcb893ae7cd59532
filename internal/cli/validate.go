package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"brink/evidence"
	"brink/results"
	"brink/scenario"
)

const validateHelp = `
Judges a scenario by its record: the dated observations in its record: block
(or in FILE given with -record). For each observation it prints where reality
falls in the simulated distribution — the probability the model gave to an
event that happened (or did not), or the percentile of an observed value among
the simulated observations (the trajectory's value passed through the
observation model: a lower-bound count is compared with simulated lower-bound
counts) — with a proper score (log score for events, CRPS for values) and a
verdict: ok (inside the central 80 % band, or P ≥ 10 %), tail (inside 98 %,
or P ≥ 1 %), miss. Then the coverage of the 50 % and 80 % bands over all
values: about 50 % and 80 % if the model's spread is honest.

Trajectory k is brink run's trajectory k (same seed, same stream). Numbers
are only as good as the record and the observation models it states; a model
that matches its record can still be wrong about what was not observed.

Examples:
  brink validate                        # ukraine-2022 against its record through 2023-12
  brink validate cuba-1962 -n 5000
  brink validate my.yaml -record history.yaml -json > v.json
`

func validateCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "validate", "[FILE] [-record FILE] [-n N] [-seed S] [-variant NAME] [-workers W] [-json] [-out DIR]", validateHelp)
	n := fs.Int64("n", 2000, "trajectories")
	seed := fs.Uint64("seed", 1, "master seed")
	workers := fs.Int("workers", 0, "goroutines (0 = all CPUs); the result does not depend on it")
	variant := fs.String("variant", "", "validate the named variant of the scenario")
	recordFile := fs.String("record", "", "read the record from FILE instead of the scenario's record: block")
	asJSON := fs.Bool("json", false, "print the validation as JSON")
	outDir := fs.String("out", "", "also keep the validation in DIR (manifest.json, validate.json, summary.txt) for brink report")
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
	sc, rec, code := loadWithRecord(env, pos, *variant, *recordFile)
	if sc == nil {
		return code
	}
	started := time.Now()
	v, err := evidence.Validate(ctx, sc, rec, evidence.Options{N: *n, Seed: *seed, Workers: *workers})
	if err != nil {
		fmt.Fprintln(env.Stderr, "brink validate:", err)
		return exitFail
	}
	if *outDir != "" {
		if err := results.KeepEvidence(*outDir, sc, *seed, *n, started, evidence.ValidateFormat, evidence.ValidateFile, v, v.Text()); err != nil {
			fmt.Fprintln(env.Stderr, "brink validate:", err)
			return exitFail
		}
	}
	return printEvidence(env, *asJSON, v, v.Text())
}

// loadWithRecord loads the scenario named by pos (or the default) and its
// record: the file's, or recordFile's. On failure it reports and returns a
// nil scenario and the exit code.
func loadWithRecord(env *Env, pos []string, variant, recordFile string) (*scenario.Scenario, *scenario.Record, int) {
	arg := ""
	if len(pos) == 1 {
		arg = pos[0]
	}
	sc, err := loadScenario(arg, variant)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return nil, nil, exitUsage
	}
	rec := sc.Record
	if recordFile != "" {
		if rec, err = scenario.LoadRecord(recordFile, sc); err != nil {
			fmt.Fprintln(env.Stderr, err)
			return nil, nil, exitUsage
		}
	}
	if rec == nil {
		fmt.Fprintf(env.Stderr, "scenario %s has no record: add a record: block or give -record FILE (see README, \"Records\")\n", sc.ID)
		return nil, nil, exitUsage
	}
	return sc, rec, exitOK
}

// printEvidence writes a validation or an inference to stdout: as indented
// JSON with -json, else as its text.
func printEvidence(env *Env, asJSON bool, v any, text string) int {
	if asJSON {
		e := json.NewEncoder(env.Stdout)
		e.SetIndent("", "  ")
		if err := e.Encode(v); err != nil {
			fmt.Fprintln(env.Stderr, err)
			return exitFail
		}
		return exitOK
	}
	fmt.Fprint(env.Stdout, text)
	return exitOK
}
