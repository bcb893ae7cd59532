package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"strings"
	"time"

	"brink/sweep"
)

const sweepHelp = `
Varies parameters of a scenario over an experimental design, runs the scenario
at every point of it, and reports how much each parameter moves the
probability of one outcome: a global sensitivity analysis.

A parameter is a field path as in variants — actors.RUS.politics.resolve,
theatres.ukraine.defence_advantage, ladder[7].cost,
actors.RUS.nuclear.alarms_per_year[2] — optionally with a range: path=lo:hi
varies it linearly over [lo, hi]. Without a range it varies over its own
distribution in the scenario: the design's coordinate u in [0, 1] becomes the
u-quantile (the 0.1 % and 99.9 % quantiles stand in for the ends of an
unbounded distribution). A plain number needs a range.

At each point the parameters are fixed to the point's values and the scenario
runs -n trajectories with the same seed at every point (common random numbers:
the differences between points are the parameters', not the dice's). The
output y of a point is the probability of the outcome there.

Designs (-design, with -points):
  sobol   Saltelli's design (the default): N base rows (-points, default 32;
          take a power of two) of d+2 points each. Reports the first-order
          Sobol' index S1 (the share of the variance of y a parameter explains
          alone) and the total index ST (alone and with its interactions;
          ST ≈ 0: the parameter can be fixed), with bootstrap 95 % intervals,
          sorted by ST.
  morris  Morris screening: r trajectories (-points, default 10) of d+1 points
          on a 4-level grid. Reports μ* (the mean absolute change of y when
          the parameter crosses its range), μ and σ (interactions and
          non-linearity), sorted by μ*. Cheap: a first look at many parameters.
  lhs     a Latin hypercube of N points (-points, default 50): the table of
          points and outputs, with standardized regression coefficients.
  grid    a full grid of L levels per parameter (-points L, default 5; L^d
          points): likewise.

Outcomes (-outcome): nuclear_use (default), general_nuclear_war, settlement,
frozen, direct_war, capitulation (by anyone) or capitulation:ID,
first_use_deliberate, first_use_false_alarm, first_use_unauthorised,
first_use_loss_of_control.

Monte Carlo noise in y inflates ST and deflates S1 (and adds to μ* and σ): the
report gives the binomial noise of -n trajectories as a share of the variance
of y; keep it small with a larger -n.

The same scenario, parameters, design, points, seed and -n give the same
output, byte for byte, whatever -workers. Ctrl-C stops the sweep and reports on
the points that finished — the complete base rows of a Sobol' design, the
complete trajectories of a Morris one — marked PARTIAL.

With -out DIR the sweep is kept in DIR: manifest.json (the scenario's full
text and hash, variant, seed, trajectory count), sweep.json (the parameters,
the design, every point with its values and y, the indices), summary.json and
summary.txt. A sweep is not a run: its manifest's format is brink-sweep/1 and
'brink runs' does not list it.

Examples:
  brink sweep -params actors.RUS.politics.resolve,actors.RUS.nuclear.leader_launch=0:0.2 -n 500
  brink sweep -params 'theatres.ukraine.defence_advantage,actors.RUS.nuclear.alarms_per_year[2]=25:100' -design morris -points 20
  brink sweep my-crisis.yaml -params actors.EAST.politics.optimism=-0.3:0.3 -design grid -points 7 -outcome settlement
  brink sweep -variant bluff -params actors.RUS.politics.resolve -design lhs -json > bluff-sweep.json
`

func sweepCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "sweep", "[FILE] -params a,b,c [-design grid|lhs|sobol|morris] [-points N] [-n TRAJ] [-seed S] [-outcome NAME] [-variant V] [-out DIR] [-json]", sweepHelp)
	var specs []string
	fs.Func("params", "comma-separated parameters `path[=lo:hi]` to vary (the flag may be repeated)", func(s string) error {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				specs = append(specs, p)
			}
		}
		return nil
	})
	design := fs.String("design", "sobol", "experimental design: sobol, morris, lhs or grid")
	points := fs.Int("points", 0, "base rows (sobol), trajectories (morris), points (lhs) or levels per parameter (grid); 0: 32, 10, 50, 5")
	n := fs.Int64("n", 1000, "trajectories per point")
	seed := fs.Uint64("seed", 1, "master seed (the same at every point)")
	outcome := fs.String("outcome", "nuclear_use", "the outcome whose probability is the output")
	variant := fs.String("variant", "", "apply the named variant of the scenario")
	dir := fs.String("out", "", "keep the sweep in this directory (default: a new one under $BRINK_RUNS or ./brink-runs)")
	noSave := fs.Bool("no-save", false, "do not keep the sweep in a results directory")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "worker goroutines")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) > 1 {
		return usageError(fs, "expected at most one scenario, got %d", len(pos))
	}
	def, known := sweep.Designs[*design]
	if !known {
		return usageError(fs, "unknown design %q; expected sobol, morris, lhs or grid", *design)
	}
	if *points == 0 {
		*points = def
	}
	minPoints := 2
	if *design == "morris" {
		minPoints = 1
	}
	if *points < minPoints {
		return usageError(fs, "-points must be at least %d for the %s design, got %d", minPoints, *design, *points)
	}
	if *n < 1 {
		return usageError(fs, "-n must be at least 1, got %d", *n)
	}
	if *workers < 1 {
		return usageError(fs, "-workers must be at least 1, got %d", *workers)
	}
	if len(specs) == 0 {
		return usageError(fs, "no parameters: give -params path[=lo:hi],...")
	}
	var params []sweep.Input
	seen := map[string]bool{}
	for _, s := range specs {
		p, err := sweep.ParseInput(s)
		if err != nil {
			return usageError(fs, "%v", err)
		}
		if seen[p.Path] {
			return usageError(fs, "-params: %s is given twice", p.Path)
		}
		seen[p.Path] = true
		params = append(params, p)
	}
	sc, m0, ok := loadModel(env, pos, *variant)
	if !ok {
		return exitUsage
	}
	out, err := sweep.FindOutcome(m0, *outcome)
	if err != nil {
		return usageError(fs, "-outcome: %v", err)
	}
	if err := sweep.Resolve(sc, params); err != nil {
		var ie *sweep.InputError
		if errors.As(err, &ie) && ie.Usage {
			return usageError(fs, "%v", err)
		}
		fmt.Fprintf(env.Stderr, "brink sweep: %v\n", err)
		return exitUsage
	}
	if *design == "sobol" && bits.OnesCount(uint(*points)) != 1 {
		fmt.Fprintf(env.Stderr, "brink sweep: -points %d is not a power of two; a Sobol' design is balanced only for powers of two\n", *points)
	}
	des, err := sweep.NewExperiment(*design, len(params), *points, *seed)
	if err != nil {
		return usageError(fs, "%v", err)
	}

	started := time.Now().UTC()
	var progress func(int64)
	bar := newProgress(env, "brink sweep", int64(len(des.U))*(*n))
	if bar != nil {
		progress = bar.update
	}
	res, err := sweep.Run(ctx, sc, params, des, out, *n, *seed, *workers, progress)
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink sweep: %v\n", err)
		return exitUsage
	}
	rep := sweep.Analyse(sc, params, des, out, res, *n, *seed)
	if rep.PointsUsed == 0 {
		unit := des.UnitName()
		fmt.Fprintf(env.Stderr, "brink sweep: interrupted before the first %s finished\n", unit)
		return exitFail
	}
	var buf bytes.Buffer
	if *asJSON {
		err = rep.WriteJSON(&buf, rep.Design == "lhs" || rep.Design == "grid")
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
			if *dir, err = newRunDir(sc, *seed, 0, 0, started, "sweep"); err != nil {
				fmt.Fprintf(env.Stderr, "brink sweep: %v\n", err)
				return exitFail
			}
		}
		if err := sweep.Keep(*dir, sc, rep, *seed, *n, started); err != nil {
			fmt.Fprintf(env.Stderr, "brink sweep: %v\n", err)
			return exitFail
		}
		if auto {
			kept(env, "brink sweep", *dir)
		}
	}
	if rep.Partial {
		fmt.Fprintf(env.Stderr, "brink sweep: interrupted; the result above is PARTIAL (%d of %d points)\n", rep.PointsUsed, rep.Points)
		return exitFail
	}
	return exitOK
}
