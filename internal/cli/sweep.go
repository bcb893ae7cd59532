package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/bits"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"brink/mc"
	"brink/results"
	"brink/scenario"
	"brink/sim"
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

// Designs of brink sweep, and the default -points of each.
var sweepDesigns = map[string]int{"sobol": 32, "morris": 10, "lhs": 50, "grid": 5}

const (
	sweepBootstrap    = 1000  // resamples for the Sobol' intervals
	sweepMorrisLevels = 4     // grid levels of a Morris design
	sweepTailP        = 0.001 // quantile standing in for −∞ (and 1 − it for +∞)
	sweepMaxPoints    = 1 << 20
	sweepFormat       = "brink-sweep/1"
)

// sweepParam is one parameter of a sweep: a range, or a distribution of the
// scenario.
type sweepParam struct {
	Path   string
	Ranged bool
	Lo, Hi float64        // the range, if Ranged
	Dist   scenario.Value // the distribution, if not
}

// at maps the design coordinate u in [0, 1] to the parameter's value.
func (p *sweepParam) at(u float64) float64 {
	if p.Ranged {
		return min(max(p.Lo+u*(p.Hi-p.Lo), p.Lo), p.Hi)
	}
	x := p.Dist.Quantile(u)
	if math.IsInf(x, 0) {
		x = p.Dist.Quantile(min(max(u, sweepTailP), 1-sweepTailP))
	}
	return x
}

// over says what the parameter varies over, for the report.
func (p *sweepParam) over() string {
	if p.Ranged {
		return fmtG(p.Lo) + ":" + fmtG(p.Hi)
	}
	return p.Dist.String()
}

func fmtG(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// parseSweepParam reads "path" or "path=lo:hi".
func parseSweepParam(s string) (sweepParam, error) {
	path, rng, hasRange := strings.Cut(s, "=")
	p := sweepParam{Path: strings.TrimSpace(path)}
	if p.Path == "" {
		return p, fmt.Errorf("-params %q: expected a field path, e.g. actors.RUS.politics.resolve or ladder[7].cost=0:0.01", s)
	}
	if !hasRange {
		return p, nil
	}
	los, his, ok := strings.Cut(rng, ":")
	if !ok {
		return p, fmt.Errorf("-params %s: expected a range lo:hi after =, got %q", p.Path, rng)
	}
	lo, err1 := scenario.ParseValue(los)
	hi, err2 := scenario.ParseValue(his)
	if err1 != nil || err2 != nil || !lo.IsConst() || !hi.IsConst() {
		return p, fmt.Errorf("-params %s: expected a range of two numbers lo:hi, got %q", p.Path, rng)
	}
	if !(lo.P[0] < hi.P[0]) {
		return p, fmt.Errorf("-params %s: the range %s needs lo < hi", p.Path, rng)
	}
	p.Ranged, p.Lo, p.Hi = true, lo.P[0], hi.P[0]
	return p, nil
}

// sweepDesign is the design of a sweep on the unit cube, and how to read it.
type sweepDesign struct {
	name   string
	u      [][]float64
	unit   int // points per complete unit: d+2 (a Sobol' base row), d+1 (a Morris trajectory), 1
	layout sweep.Layout
	morris *sweep.Morris
	levels int
}

func makeSweepDesign(name string, d, points int, seed uint64) (*sweepDesign, error) {
	r := rand.New(rand.NewPCG(seed, 0x73776565702d64)) // "sweep-d"
	sd := &sweepDesign{name: name, unit: 1}
	switch name {
	case "sobol":
		u, l, err := sweep.SaltelliDesign(d, points)
		if err != nil {
			return nil, err
		}
		sd.u, sd.layout, sd.unit = u, l, d+2
	case "morris":
		m, err := sweep.MorrisDesign(r, d, points, sweepMorrisLevels)
		if err != nil {
			return nil, err
		}
		sd.u, sd.morris, sd.unit, sd.levels = m.Points, m, d+1, sweepMorrisLevels
	case "lhs":
		sd.u = sweep.LatinHypercube(r, points, d)
	case "grid":
		n := 1
		for range d {
			if n > sweepMaxPoints/points {
				return nil, fmt.Errorf("a grid of %d levels for %d parameters has more than %d points; use lhs, sobol or morris", points, d, sweepMaxPoints)
			}
			n *= points
		}
		sd.u, sd.levels = sweep.Grid(d, points), points
	}
	if len(sd.u) > sweepMaxPoints {
		return nil, fmt.Errorf("the design has %d points, more than %d", len(sd.u), sweepMaxPoints)
	}
	return sd, nil
}

// sweepOutcome reads the outcome of a sweep from a run's summary.
type sweepOutcome struct {
	name, label string
}

// outcomeOf finds the outcome called name among the ends and events that a
// summary of model m reports, or "capitulation" (by anyone).
func outcomeOf(m *sim.Model, name string) (sweepOutcome, error) {
	sum := mc.Summarize(mc.NewResult(m))
	var names []string
	for _, list := range sweepLists(sum) {
		for _, e := range list {
			if e.Name == name {
				return sweepOutcome{name, strings.TrimSpace(e.Label)}, nil
			}
			names = append(names, e.Name)
		}
	}
	if name == "capitulation" {
		return sweepOutcome{name, "capitulation by anyone"}, nil
	}
	for _, a := range m.Actors {
		if name == "capitulation:"+a {
			return sweepOutcome{name, a + " capitulates"}, nil
		}
	}
	names = append(names, "capitulation", "capitulation:ID")
	if m.HasWorld() {
		// Per-actor outcomes of the world, named as the run summary names them.
		for _, kind := range []struct{ prefix, label string }{
			{"applied:", " applies to an alliance or patron"}, {"programme:", " starts a nuclear weapons programme"},
			{"weapon:", " has a nuclear weapon by the end"}, {"regime_change:", ": change of leadership"}} {
			if id, ok := strings.CutPrefix(name, kind.prefix); ok && m.ActorIndex(id) >= 0 {
				return sweepOutcome{name, id + kind.label}, nil
			}
			names = append(names, kind.prefix+"ID")
		}
	}
	return sweepOutcome{}, fmt.Errorf("unknown outcome %q; expected one of %s", name, strings.Join(names, ", "))
}

// count returns how many trajectories of sum had the outcome.
func (o sweepOutcome) count(sum *mc.Summary) int64 {
	var k int64
	for _, list := range sweepLists(sum) {
		for _, e := range list {
			if e.Name == o.name || (o.name == "capitulation" && strings.HasPrefix(e.Name, "capitulation:")) {
				k += e.Count
			}
		}
	}
	return k
}

// sweepLists are the lists of estimates a sweep's outcome is looked up in:
// the ends, the events on the way, and the world's events.
func sweepLists(sum *mc.Summary) [][]mc.Estimate {
	lists := [][]mc.Estimate{sum.Ends, sum.Events}
	if sum.World != nil {
		lists = append(lists, sum.World.Events)
	}
	return lists
}

// sweepPoint is the result at one point of the design.
type sweepPoint struct {
	done  bool
	count int64 // trajectories with the outcome, of n
}

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
	def, known := sweepDesigns[*design]
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
	var params []sweepParam
	seen := map[string]bool{}
	for _, s := range specs {
		p, err := parseSweepParam(s)
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
	out, err := outcomeOf(m0, *outcome)
	if err != nil {
		return usageError(fs, "-outcome: %v", err)
	}
	for i := range params {
		p := &params[i]
		v, err := sc.ValueAt(p.Path)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink sweep: -params %s:\n%v\n", p.Path, err)
			return exitUsage
		}
		// A value that comes from a default section the file leaves out (the
		// default ladder) can be read but not set: the file has no place for it.
		if _, err := sc.WithValues(map[string]float64{p.Path: v.Mean()}); err != nil && v.Pos.Line == 0 {
			fmt.Fprintf(env.Stderr, "brink sweep: -params %s:\n%v\n%s is not in the scenario file (a default applies); write it out in the file to vary it\n", p.Path, err, p.Path)
			return exitUsage
		}
		if !p.Ranged {
			if v.IsConst() {
				where := ""
				if v.Pos.Line > 0 {
					where = " at " + v.Pos.String()
				} else {
					where = " (by default)"
				}
				return usageError(fs, "-params %s is the constant %s%s; give a range: %s=lo:hi", p.Path, v, where, p.Path)
			}
			p.Dist = v
		}
	}
	// The scenario must accept the parameters at the ends of the design.
	for _, u := range []float64{0, 1} {
		vals := map[string]float64{}
		for i := range params {
			vals[params[i].Path] = params[i].at(u)
		}
		if err := checkSweepPoint(sc, vals); err != nil {
			fmt.Fprintf(env.Stderr, "brink sweep: the scenario with the parameters at the %s end of their ranges:\n%v\n", map[float64]string{0: "low", 1: "high"}[u], err)
			return exitUsage
		}
	}
	if *design == "sobol" && bits.OnesCount(uint(*points)) != 1 {
		fmt.Fprintf(env.Stderr, "brink sweep: -points %d is not a power of two; a Sobol' design is balanced only for powers of two\n", *points)
	}
	des, err := makeSweepDesign(*design, len(params), *points, *seed)
	if err != nil {
		return usageError(fs, "%v", err)
	}

	started := time.Now().UTC()
	res, err := runSweep(ctx, env, sc, params, des, out, *n, *seed, *workers)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink sweep: %v\n", err)
		return exitUsage
	}
	rep := buildSweepReport(sc, params, des, out, res, *n, *seed)
	if rep.PointsUsed == 0 {
		unit := map[string]string{"sobol": "base row of the design", "morris": "Morris trajectory"}[des.name]
		if unit == "" {
			unit = "point"
		}
		fmt.Fprintf(env.Stderr, "brink sweep: interrupted before the first %s finished\n", unit)
		return exitFail
	}
	var buf bytes.Buffer
	if *asJSON {
		err = rep.writeJSON(&buf, rep.Design == "lhs" || rep.Design == "grid")
	} else {
		err = rep.writeText(&buf)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitFail
	}
	if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
		return exitFail
	}
	if !*noSave {
		if *dir == "" {
			if *dir, err = newRunDir(sc, *seed, 0, 0, started, "sweep"); err != nil {
				fmt.Fprintf(env.Stderr, "brink sweep: %v\n", err)
				return exitFail
			}
		}
		if err := keepSweep(*dir, sc, rep, *seed, *n, started); err != nil {
			fmt.Fprintf(env.Stderr, "brink sweep: %v\n", err)
			return exitFail
		}
	}
	if rep.Partial {
		fmt.Fprintf(env.Stderr, "brink sweep: interrupted; the result above is PARTIAL (%d of %d points)\n", rep.PointsUsed, rep.Points)
		return exitFail
	}
	return exitOK
}

// checkSweepPoint builds and compiles the scenario with the given values.
func checkSweepPoint(sc *scenario.Scenario, vals map[string]float64) error {
	s, err := sc.WithValues(vals)
	if err != nil {
		return err
	}
	_, err = sim.Compile(s)
	return err
}

// runSweep runs every point of the design, several at a time, until ctx is
// cancelled. Each point's count depends only on its values, the seed and n, so
// the result does not depend on workers.
func runSweep(ctx context.Context, env *Env, sc *scenario.Scenario, params []sweepParam, des *sweepDesign,
	out sweepOutcome, n int64, seed uint64, workers int) ([]sweepPoint, error) {
	pts := make([]sweepPoint, len(des.u))
	conc := max(1, min(workers, len(pts)))
	perRun := max(1, workers/conc)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64
		finished atomic.Int64 // trajectories of finished points
		inflight = make([]atomic.Int64, conc)
		mu       sync.Mutex
		firstErr error
		errAt    = len(pts)
	)
	var bar *progressBar
	if env.StderrIsTerminal {
		bar = newProgressBar(env.Stderr, int64(len(pts))*n, time.Now())
	}
	var lastDraw atomic.Int64 // when the bar was last drawn, in ns since start
	start := time.Now()
	progress := func() {
		if bar == nil {
			return
		}
		// Points can finish much faster than a terminal wants redrawing.
		now := int64(time.Since(start))
		if last := lastDraw.Load(); now-last < int64(50*time.Millisecond) || !lastDraw.CompareAndSwap(last, now) {
			return
		}
		t := finished.Load()
		for i := range inflight {
			t += inflight[i].Load()
		}
		bar.update(t)
	}
	var wg sync.WaitGroup
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(pts) {
					return
				}
				vals := make(map[string]float64, len(params))
				for j := range params {
					vals[params[j].Path] = params[j].at(des.u[i][j])
				}
				fail := func(err error) {
					mu.Lock()
					defer mu.Unlock()
					if i < errAt {
						errAt, firstErr = i, fmt.Errorf("point %d (%s): %v", i+1, describeValues(params, vals), err)
					}
					cancel()
				}
				s, err := sc.WithValues(vals)
				if err != nil {
					fail(err)
					return
				}
				m, err := sim.Compile(s)
				if err != nil {
					fail(err)
					return
				}
				opt := mc.Options{N: n, Seed: seed, Workers: perRun}
				if bar != nil {
					opt.Progress = func(d int64) { inflight[w].Store(d); progress() }
				}
				res := mc.Run(ctx, m, opt)
				inflight[w].Store(0)
				if res.Partial {
					return
				}
				finished.Add(res.N)
				pts[i] = sweepPoint{done: true, count: out.count(mc.Summarize(res))}
				progress()
			}
		}()
	}
	wg.Wait()
	if bar != nil {
		t := finished.Load()
		bar.update(t)
		bar.finish()
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return pts, nil
}

func describeValues(params []sweepParam, vals map[string]float64) string {
	parts := make([]string, len(params))
	for j, p := range params {
		parts[j] = p.Path + "=" + fmtG(vals[p.Path])
	}
	return strings.Join(parts, ", ")
}

// sweepReport is what a sweep prints and keeps (sweep.Report), with the
// parameters as the driver resolved them.
type sweepReport struct {
	sweep.Report
	params []sweepParam
}

// buildSweepReport analyses the points that finished: the longest run of
// finished points from the first, cut to whole units of the design.
func buildSweepReport(sc *scenario.Scenario, params []sweepParam, des *sweepDesign, out sweepOutcome,
	pts []sweepPoint, n int64, seed uint64) *sweepReport {
	d := len(params)
	rep := &sweepReport{Report: sweep.Report{Scenario: sc.ID, Title: sc.Title, Variant: sc.Variant, ScenarioHash: fmt.Sprintf("%x", sc.Hash[:]),
		Seed: seed, Outcome: out.name, OutcomeLabel: out.label, Design: des.name, Levels: des.levels,
		Points: len(des.u), TrajectoriesPerPoint: n}, params: params}
	switch des.name {
	case "sobol":
		rep.BaseRows = des.layout.N
	case "morris":
		rep.MorrisTrajectories = des.morris.Trajectories
	}
	for _, p := range params {
		rp := sweep.Param{Path: p.Path, Over: "range", Lo: sweep.Number(p.Lo), Hi: sweep.Number(p.Hi)}
		if !p.Ranged {
			lo, hi := p.Dist.Support()
			rp.Over, rp.Distribution, rp.Lo, rp.Hi = "distribution", p.Dist.String(), sweep.Number(lo), sweep.Number(hi)
		}
		rep.Parameters = append(rep.Parameters, rp)
	}
	done := slices.IndexFunc(pts, func(p sweepPoint) bool { return !p.done })
	if done < 0 {
		done = len(pts)
	}
	units := done / des.unit
	used := units * des.unit
	rep.PointsUsed, rep.Partial = used, used < len(pts)
	y := make([]float64, used)
	for i := range y {
		pr := mc.Proportion{K: pts[i].count, N: n}
		y[i] = pr.P()
		lo, hi := pr.CI95()
		row := sweep.PointRow{U: des.u[i], X: make([]float64, d), Y: y[i], Lo: lo, Hi: hi, Count: pts[i].count}
		for j := range params {
			row.X[j] = params[j].at(des.u[i][j])
		}
		rep.Table = append(rep.Table, row)
	}
	if used == 0 {
		return rep
	}
	var mean, noise float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range y {
		mean += v
		noise += v * (1 - v) / float64(n)
		lo, hi = min(lo, v), max(hi, v)
	}
	mean /= float64(used)
	noise /= float64(used)
	var vy float64
	for _, v := range y {
		vy += (v - mean) * (v - mean)
	}
	vy /= float64(used)
	rep.Y = sweep.YStats{Mean: sweep.Number(mean), SD: sweep.Number(math.Sqrt(vy)), Min: sweep.Number(lo), Max: sweep.Number(hi)}
	rep.NoiseShare = sweep.Number(math.NaN())
	if vy > 0 {
		rep.NoiseShare = sweep.Number(noise / vy)
	}
	switch des.name {
	case "sobol":
		if units < 2 {
			rep.Note = fmt.Sprintf("only %d complete base row: Sobol' indices need at least 2", units)
			break
		}
		r := rand.New(rand.NewPCG(seed, 0x73776565702d62)) // "sweep-b"
		idx, err := sweep.SobolIndices(sweep.Layout{D: d, N: units}, y, sweepBootstrap, r)
		if err != nil {
			rep.Note = "y does not vary over the design: the Sobol' indices are undefined (" + err.Error() + ")"
			break
		}
		for j, ix := range idx {
			rep.Sobol = append(rep.Sobol, sweep.SobolRow{Parameter: params[j].Path, S1: sweep.Number(ix.S1), S1Lo: sweep.Number(ix.S1Lo), S1Hi: sweep.Number(ix.S1Hi),
				ST: sweep.Number(ix.ST), STLo: sweep.Number(ix.STLo), STHi: sweep.Number(ix.STHi)})
		}
		slices.SortStableFunc(rep.Sobol, func(a, b sweep.SobolRow) int { return cmpDesc(float64(a.ST), float64(b.ST)) })
	case "morris":
		m := *des.morris
		m.Trajectories, m.Points = units, m.Points[:used]
		eff, err := sweep.MorrisEffects(&m, y)
		if err != nil {
			rep.Note = err.Error()
			break
		}
		for j, e := range eff {
			rep.Morris = append(rep.Morris, sweep.MorrisRow{Parameter: params[j].Path, MuStar: sweep.Number(e.MuStar), Mu: sweep.Number(e.Mu), Sigma: sweep.Number(e.Sigma)})
		}
		slices.SortStableFunc(rep.Morris, func(a, b sweep.MorrisRow) int { return cmpDesc(float64(a.MuStar), float64(b.MuStar)) })
	default:
		x := make([][]float64, used)
		for i := range x {
			x[i] = rep.Table[i].X
		}
		if reg, ok := standardizedRegression(x, y); ok {
			out := &sweep.Regression{R2: sweep.Number(reg.r2)}
			for j, b := range reg.src {
				out.Rows = append(out.Rows, sweep.SRCRow{Parameter: params[j].Path, SRC: sweep.Number(b)})
			}
			slices.SortStableFunc(out.Rows, func(a, b sweep.SRCRow) int {
				return cmpDesc(math.Abs(float64(a.SRC)), math.Abs(float64(b.SRC)))
			})
			rep.Regression = out
		}
	}
	return rep
}

// cmpDesc orders larger first, NaN last.
func cmpDesc(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

type regression struct {
	src []float64
	r2  float64
}

// standardizedRegression fits y = b₀ + Σ b_j x_j by least squares and
// returns the standardized regression coefficients b_j·sd(x_j)/sd(y) and R²
// (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, §1.2.5):
// for a model nearly linear in its inputs (R² near 1) SRC_j² is the share of
// the variance of y due to x_j. It fails with fewer points than d + 2, or if
// y or an x_j does not vary, or the x_j are collinear.
func standardizedRegression(x [][]float64, y []float64) (regression, bool) {
	n := len(y)
	if n == 0 {
		return regression{}, false
	}
	d := len(x[0])
	if n < d+2 {
		return regression{}, false
	}
	// Standardize, so that the coefficients are the SRCs and the normal
	// equations are the correlation matrix.
	z := func(col func(i int) float64) ([]float64, bool) {
		var m, v float64
		for i := range n {
			m += col(i)
		}
		m /= float64(n)
		for i := range n {
			v += (col(i) - m) * (col(i) - m)
		}
		if v == 0 {
			return nil, false
		}
		s := math.Sqrt(v / float64(n))
		out := make([]float64, n)
		for i := range n {
			out[i] = (col(i) - m) / s
		}
		return out, true
	}
	zy, ok := z(func(i int) float64 { return y[i] })
	if !ok {
		return regression{}, false
	}
	zx := make([][]float64, d)
	for j := range d {
		if zx[j], ok = z(func(i int) float64 { return x[i][j] }); !ok {
			return regression{}, false
		}
	}
	// Normal equations A b = c, A = Z'Z/n, c = Z'y/n; Gaussian elimination
	// with partial pivoting.
	a := make([][]float64, d)
	for j := range d {
		a[j] = make([]float64, d+1)
		for k := range d {
			for i := range n {
				a[j][k] += zx[j][i] * zx[k][i]
			}
			a[j][k] /= float64(n)
		}
		for i := range n {
			a[j][d] += zx[j][i] * zy[i]
		}
		a[j][d] /= float64(n)
	}
	for c := range d {
		p := c
		for r := c + 1; r < d; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return regression{}, false
		}
		a[c], a[p] = a[p], a[c]
		for r := range d {
			if r == c {
				continue
			}
			f := a[r][c] / a[c][c]
			for k := c; k <= d; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	b := make([]float64, d)
	for j := range d {
		b[j] = a[j][d] / a[j][j]
	}
	var ssRes float64
	for i := range n {
		fit := 0.0
		for j := range d {
			fit += b[j] * zx[j][i]
		}
		ssRes += (zy[i] - fit) * (zy[i] - fit)
	}
	return regression{src: b, r2: 1 - ssRes/float64(n)}, true
}

// writeJSON writes the report; the table of points only if withPoints.
func (r *sweepReport) writeJSON(w io.Writer, withPoints bool) error {
	c := *r
	if !withPoints {
		c.Table = nil
	}
	b, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// writeText writes the report as the terminal shows it.
func (r *sweepReport) writeText(w io.Writer) error {
	var b strings.Builder
	title := r.Scenario
	if r.Title != "" {
		title += " — " + r.Title
	}
	if r.Variant != "" {
		title += " (variant " + r.Variant + ")"
	}
	fmt.Fprintf(&b, "Sweep of %s\n", title)
	d := len(r.Parameters)
	var shape string
	switch r.Design {
	case "sobol":
		shape = fmt.Sprintf("sobol (Saltelli), %d base rows × %d = %d points", r.BaseRows, d+2, r.Points)
	case "morris":
		shape = fmt.Sprintf("morris, %d trajectories × %d = %d points on %d levels", r.MorrisTrajectories, d+1, r.Points, r.Levels)
	case "lhs":
		shape = fmt.Sprintf("lhs (Latin hypercube), %d points", r.Points)
	case "grid":
		shape = fmt.Sprintf("grid, %d levels per parameter = %d points", r.Levels, r.Points)
	}
	fmt.Fprintf(&b, "Outcome: %s (%s)\n", r.Outcome, r.OutcomeLabel)
	fmt.Fprintf(&b, "Design: %s; %s trajectories per point, seed %d, scenario %s\n",
		shape, commas(r.TrajectoriesPerPoint), r.Seed, r.ScenarioHash[:12])
	if r.Partial {
		unit := "points"
		switch r.Design {
		case "sobol":
			unit = "points: the complete base rows"
		case "morris":
			unit = "points: the complete trajectories"
		}
		fmt.Fprintf(&b, "PARTIAL: interrupted; the analysis uses %d of %d %s\n", r.PointsUsed, r.Points, unit)
	}
	if r.PointsUsed > 0 {
		fmt.Fprintf(&b, "y = P(%s) over the points: mean %.4f, sd %.4f, min %.4f, max %.4f\n",
			r.Outcome, float64(r.Y.Mean), float64(r.Y.SD), float64(r.Y.Min), float64(r.Y.Max))
	}
	b.WriteString("\n")
	over := map[string]string{}
	for _, p := range r.params {
		over[p.Path] = p.over()
		if p.Ranged {
			over[p.Path] += " (range)"
		}
	}
	// Numbers align right; the names, padded to one width, align left.
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	num := func(x sweep.Number, f string) string {
		if math.IsNaN(float64(x)) {
			return "-"
		}
		return fmt.Sprintf(f, float64(x))
	}
	names := make([]string, 0, d)
	for _, p := range r.Parameters {
		names = append(names, p.Path)
	}
	width := 0
	for _, s := range names {
		width = max(width, len(s))
	}
	ow := 0
	for _, s := range over {
		ow = max(ow, len([]rune(s)))
	}
	pad := func(s string, n int) string { return s + strings.Repeat(" ", max(0, n-len([]rune(s)))) }
	switch {
	case len(r.Sobol) > 0:
		fmt.Fprintf(tw, "%s\t%s\tS1\t95 %% interval\tST\t95 %% interval\t\t\n", pad("parameter", width), pad("varies over", ow))
		for _, s := range r.Sobol {
			// Shares of variance, clamped to [0, 1]; noise when they
			// cannot be told from 0 (sweep.ShareOf).
			s1, st := sweep.ShareOf(s.S1, s.S1Lo, s.S1Hi), sweep.ShareOf(s.ST, s.STLo, s.STHi)
			note := ""
			switch {
			case st.Noise:
				note = "noise"
			case s1.Noise:
				note = "S1 noise"
			}
			fmt.Fprintf(tw, "%s\t%s\t%.3f\t[%.3f, %.3f]\t%.3f\t[%.3f, %.3f]\t%s\t\n", pad(s.Parameter, width), pad(over[s.Parameter], ow),
				s1.Value, s1.Lo, s1.Hi, st.Value, st.Lo, st.Hi, note)
		}
		tw.Flush()
		b.WriteString("\n" + wrapText(sweep.ExplainClamp+" The raw estimates are in -json.", 80))
		b.WriteString("\n" + wrapText(fmt.Sprintf("Sorted by ST. S1 is the share of the variance of y that a parameter "+
			"explains alone, ST the share it explains alone and through its interactions; ST near 0 means the "+
			"parameter can be fixed anywhere in its range. Intervals: bootstrap over the %d base rows, %d resamples.",
			r.PointsUsed/(d+2), sweepBootstrap), 80))
	case len(r.Morris) > 0:
		fmt.Fprintf(tw, "%s\t%s\tμ*\tμ\tσ\t\n", pad("parameter", width), pad("varies over", ow))
		for _, m := range r.Morris {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", pad(m.Parameter, width), pad(over[m.Parameter], ow),
				num(m.MuStar, "%.4f"), num(m.Mu, "%+.4f"), num(m.Sigma, "%.4f"))
		}
		tw.Flush()
		b.WriteString("\n" + wrapText(fmt.Sprintf("Sorted by μ*. An elementary effect is the change of y per "+
			"crossing of a parameter's whole range (a unit of the design coordinate), measured over a step of "+
			"%s of it with the others held: μ* is the mean of their absolute values (μ* near 0: the parameter "+
			"can be fixed), μ their mean (its sign the direction), σ their spread (interactions or "+
			"non-linearity).", morrisStep(r.Levels)), 80))
	case len(r.Table) > 0:
		header := "#\t"
		for _, s := range names {
			header += s + "\t"
		}
		fmt.Fprintf(tw, "%sP(%s)\t95 %% interval\t\n", header, r.Outcome)
		for i, p := range r.Table {
			line := strconv.Itoa(i+1) + "\t"
			for _, x := range p.X {
				line += strconv.FormatFloat(x, 'g', 5, 64) + "\t"
			}
			fmt.Fprintf(tw, "%s%.4f\t[%.4f, %.4f]\t\n", line, p.Y, p.Lo, p.Hi)
		}
		tw.Flush()
		if reg := r.Regression; reg != nil {
			fmt.Fprintf(&b, "\nStandardized regression coefficients (linear fit of y on the parameters, R² = %.3f):\n", float64(reg.R2))
			for _, s := range reg.Rows {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t\n", pad(s.Parameter, width), pad(over[s.Parameter], ow), num(s.SRC, "%+.3f"))
			}
			tw.Flush()
			b.WriteString(wrapText("SRC² is the share of the variance of y that a parameter explains, when R² is near 1.", 80))
		}
	}
	if r.Note != "" {
		b.WriteString("\n" + wrapText("Note: "+r.Note+".", 80))
	}
	if ns := float64(r.NoiseShare); r.PointsUsed > 0 && !math.IsNaN(ns) {
		what := "inflates every ST and deflates every S1"
		switch r.Design {
		case "morris":
			what = "adds to μ* and σ"
		case "lhs", "grid":
			what = "lowers R² and the SRCs"
		}
		msg := fmt.Sprintf("Monte Carlo noise in y %s: the binomial variance of %s "+
			"trajectories per point is %.1f %% of the variance of y over the points (with common random "+
			"numbers its effect is usually smaller). A larger -n reduces it.",
			what, commas(r.TrajectoriesPerPoint), 100*ns)
		if ns >= 0.25 {
			msg += " At this level the figures above are dominated by noise."
		}
		b.WriteString("\n" + wrapText(msg, 80))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrapText breaks s into lines of at most width characters (runes) at
// spaces, ending with a newline.
func wrapText(s string, width int) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(s) {
		l := len([]rune(w))
		if n > 0 && n+1+l > width {
			b.WriteByte('\n')
			n = 0
		} else if n > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += l
	}
	b.WriteByte('\n')
	return b.String()
}

// morrisStep is the Morris step Δ = p/(2(p−1)) as a fraction, e.g. 2/3.
func morrisStep(levels int) string {
	num, den := levels, 2*(levels-1)
	for a, b := num, den; b != 0; a, b = b, a%b {
		if a%b == 0 {
			num, den = num/b, den/b
			break
		}
	}
	return fmt.Sprintf("%d/%d", num, den)
}

// keepSweep writes the sweep's directory: manifest.json, sweep.json (every
// point), summary.txt and, last, summary.json.
func keepSweep(dir string, sc *scenario.Scenario, rep *sweepReport, seed uint64, n int64, started time.Time) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	man := results.NewManifest(sc, seed, int64(rep.Points)*n, 0, 0, started)
	man.Format = sweepFormat
	man.Done, man.Partial = int64(rep.PointsUsed)*n, rep.Partial
	mj, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return err
	}
	var sw, st, sj bytes.Buffer
	if err := rep.writeJSON(&sw, true); err != nil {
		return err
	}
	if err := rep.writeText(&st); err != nil {
		return err
	}
	c := *rep
	c.Table = nil
	if err := json.NewEncoder(&sj).Encode(struct {
		Manifest results.Manifest `json:"manifest"`
		Sweep    *sweepReport     `json:"sweep"`
	}{man, &c}); err != nil {
		return err
	}
	return results.WriteFiles(dir, results.File{Name: results.ManifestFile, Data: append(mj, '\n')},
		results.File{Name: "sweep.json", Data: sw.Bytes()},
		results.File{Name: results.SummaryTextFile, Data: st.Bytes()}, results.File{Name: results.SummaryFile, Data: sj.Bytes()})
}
