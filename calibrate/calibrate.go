// Package calibrate fits the combat, learning and replenishment parameters of
// a scenario to observed cumulative equipment losses (for ukraine-2022, the
// Oryx counts of Russian and Ukrainian losses, 2022-03 to 2023-12), the
// share of the theatre held, and the record's estimates of losses no count
// confirms (Russia's killed and wounded, as Western intelligence estimated
// them).
//
// Objective. The mean continuous ranked probability score of the simulated
// values against the observations on a log scale, over every loss point, every
// territory point (weighted as all loss series at a date) and every move of
// the front between consecutive territory points (Fit), plus a weak prior
// (1/P) Σ_j (x_j/σ_j)² over the P points, with x_j = ln f_j the log of
// parameter j's factor and σ_j its prior's standard deviation (no term for a
// flat prior). The observations of losses are Oryx's visually confirmed
// counts, a lower bound, seen through the record's observation model
// (Visibility).
//
// Optimiser. Optionally (Problem.Scan; the command's default) a pass of line
// searches along each parameter in turn (scan), then Nelder–Mead in log
// space (x = 0 is the scenario as written), restarted from its best point
// while it improves; every evaluation runs
// the same trajectories (same seed and stream keys: common random numbers),
// so J is a deterministic and nearly smooth function of x and the whole fit
// is reproducible from (scenario, N, seed, iterations).
package calibrate

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"brink/mc"
	"brink/scenario"
)

// Problem is a calibration: a scenario, its parameters and the data.
type Problem struct {
	Base   *scenario.Scenario
	Params []Param
	Obs    *Observed
	Sim    Options
	// Scan makes Run begin with a pass of line searches, one parameter at a
	// time (scan), before Nelder–Mead: from a start far from the fit — the
	// sourced values, which the fit moves by factors up to ten — a simplex
	// of small steps in 22 dimensions crawls.
	Scan bool
}

// Terms are the parts of the objective.
type Terms struct {
	Fit   float64 // the weighted mean CRPS over the points (Fit)
	Prior float64 // the prior's penalty, on the same scale
	Parts Parts   // the fit by kind of point
}

// Parts is the fit by kind of point: the mean CRPS of each kind, and the
// share of the weight it has in Fit (Fit is Σ Mean·Share).
type Parts struct {
	Losses, Territory, Moves, Estimates Part
}

// Part is the mean score of one kind of point and its share of the weight.
type Part struct{ Mean, Share float64 }

// String reads "losses 0.061 (50 %), territory 0.070 (25 %), its moves 0.052
// (25 %)", and ", estimates 0.100 (1 %)" where the record has estimates.
func (p Parts) String() string {
	f := func(x Part) string { return fmt.Sprintf("%.4f (%.0f %%)", x.Mean, 100*x.Share) }
	s := "losses " + f(p.Losses) + ", territory " + f(p.Territory) + ", its moves " + f(p.Moves)
	if p.Estimates.Share > 0 {
		s += ", estimates " + f(p.Estimates)
	}
	return s
}

// Total is the objective J.
func (t Terms) Total() float64 { return t.Fit + t.Prior }

// missPenalty is the term of a point with too few trajectories at war.
var missPenalty = math.Pow(math.Log(10), 2)

// territoryWeight is the weight of a territory point against a loss point:
// one territory point per date weighs as much as the loss series together at
// that date, so the front is fitted as seriously as the losses (judgement).
func territoryWeight(obs *Observed) float64 {
	n := 0
	for _, s := range obs.Series {
		if s.Theatre == "" {
			n++
		}
	}
	return float64(max(n, 1))
}

// Fit scores the simulated distributions against the observations (n
// trajectories run): the weighted mean over points of the continuous ranked
// probability score of the simulated values on a log scale,
//
//	CRPS(F, y) = E|Z − y| − ½·E|Z − Z'|,  Z = ln(X + 1), y = ln(observed + 1)
//
// (territory: Z = ln X, y = ln observed). CRPS is a proper score (Gneiting &
// Raftery 2007, JASA 102:359–378): it is smallest when the simulated spread
// is as wide as the misses, so location and spread are fitted together and
// the bands are as wide as the evidence says. It is in log units: 0.1 is a
// forecast off by about 10 %. A point where fewer than a twentieth of the
// trajectories (and fewer than 5) are at war scores ln 10.
//
// The front is scored as a path as well as at its dates: each move of the
// record between consecutive territory points is scored by the CRPS of the
// trajectories' own moves over the same interval, Z = ln X_j − ln X_i,
// y = ln y_j − ln y_i, with the weight of a territory point. The scores of
// the dates alone are blind to how a trajectory moves: a set of trajectories
// each frozen at its own level scores as well as one in which each retraces
// as the record did, so long as the levels spread alike at every date. The
// score of the moves is that of the increments' distribution, a proper
// score of the pair's dependence as the variogram score is (Scheuerer &
// Hamill 2015, Monthly Weather Review 143:1321–1334), in the units of the
// rest.
//
// An estimate of losses (Series.Estimate: a casualty estimate with a
// lognormal error of sd s, as the record states it) weighs as a loss point
// and is scored by the CRPS of the trajectories' true losses seen through
// that error, in closed form (crpsLognormalMix).
func Fit(bands [][]Band, obs *Observed, n int) float64 {
	f, _ := fitParts(bands, obs, n)
	return f
}

// FitParts is Fit and its parts.
func FitParts(bands [][]Band, obs *Observed, n int) (float64, Parts) { return fitParts(bands, obs, n) }

func fitParts(bands [][]Band, obs *Observed, n int) (float64, Parts) {
	need := max(5, n/20)
	tw := territoryWeight(obs)
	var sum, weight [4]float64 // losses, territory, its moves, estimates
	for i, s := range obs.Series {
		wt, shift, kind := 1.0, 1.0, 0
		switch {
		case s.Theatre != "":
			wt, shift, kind = tw, 0, 1
		case s.Estimate:
			kind = 3
		}
		prev := -1 // the series' last observed date, for the front's moves
		for j, y := range obs.Data[i] {
			if math.IsNaN(y) {
				continue
			}
			b := bands[i][j]
			score := math.Log(10)
			switch {
			case b.AtWar < need:
			case s.Estimate:
				score = crpsLognormalMix(b.sorted, y, obs.SD[i][j])
			default:
				score = crpsLog(b.sorted, y, shift)
			}
			sum[kind] += wt * score
			weight[kind] += wt
			if s.Theatre != "" && prev >= 0 {
				if m, ok := moveScore(bands[i][prev].paths, b.paths, obs.Data[i][prev], y); ok {
					sum[2] += wt * m
					weight[2] += wt
				}
			}
			prev = j
		}
	}
	total := weight[0] + weight[1] + weight[2] + weight[3]
	var parts [4]Part
	for k := range parts {
		if weight[k] > 0 {
			parts[k] = Part{Mean: sum[k] / weight[k], Share: weight[k] / total}
		}
	}
	return (sum[0] + sum[1] + sum[2] + sum[3]) / total, Parts{Losses: parts[0], Territory: parts[1], Moves: parts[2], Estimates: parts[3]}
}

// moveScore is the CRPS of the trajectories' moves from `from` to `to` (the
// shares, in trajectory order) against the record's move from x to y, all on
// a log scale: Z_k = ln to_k − ln from_k, y' = ln y − ln x; false without
// paths (bands not from Simulate).
func moveScore(from, to []float64, x, y float64) (float64, bool) {
	if len(from) == 0 || len(from) != len(to) {
		return 0, false
	}
	z := make([]float64, 0, len(to))
	for k := range to {
		if from[k] > 0 && to[k] > 0 {
			z = append(z, math.Log(to[k])-math.Log(from[k]))
		}
	}
	if len(z) == 0 || !(x > 0 && y > 0) {
		return math.Log(10), true
	}
	slices.Sort(z)
	return mc.CRPS(z, math.Log(y)-math.Log(x)), true
}

// crpsLog is the CRPS (mc.CRPS) of the sorted sample x against y on the
// scale ln(· + shift), which keeps the order.
func crpsLog(x []float64, y, shift float64) float64 {
	z := make([]float64, len(x))
	for i, v := range x {
		z[i] = math.Log(max(v+shift, 1e-9))
	}
	return mc.CRPS(z, math.Log(max(y+shift, 1e-9)))
}

// points is the number of observations.
func (o *Observed) points() int {
	n := 0
	for i := range o.Data {
		for _, y := range o.Data[i] {
			if !math.IsNaN(y) {
				n++
			}
		}
	}
	return n
}

// Objective evaluates J at x.
func (p *Problem) Objective(ctx context.Context, x []float64) (Terms, error) {
	sc, err := Apply(p.Base, p.Params, x)
	if err != nil {
		return Terms{}, err
	}
	bands, err := Simulate(ctx, sc, p.Obs.Dates, p.Obs.Series, p.Sim)
	if err != nil {
		return Terms{}, err
	}
	fit, parts := fitParts(bands, p.Obs, p.Sim.N)
	return Terms{Fit: fit, Prior: p.prior(x), Parts: parts}, nil
}

func (p *Problem) prior(x []float64) float64 {
	points := p.Obs.points()
	s := 0.0
	for i, q := range p.Params {
		if q.Prior > 0 {
			s += (x[i] / q.Prior) * (x[i] / q.Prior)
		}
	}
	return s / float64(points)
}

// Result of a calibration.
type Result struct {
	X            []float64 // ln of the fitted factors, per parameter
	Start, Final Terms     // the objective as written and as fitted (before rounding)
	Rounded      Terms     // the objective of the scenario with the rounded fitted values
	Evals, Iter  int
	Scenario     *scenario.Scenario // the base with the rounded fitted values
	Lines        []string           // "path: value", the fitted values as a scenario file says them
}

// Run fits the parameters with at most iterations Nelder–Mead iterations in
// all (restarts included). progress, if set, is called after every
// evaluation with the count so far and the best objective.
func (p *Problem) Run(ctx context.Context, iterations int, progress func(evals int, best float64)) (*Result, error) {
	x0 := make([]float64, len(p.Params))
	var evalErr error
	res := &Result{}
	best := math.Inf(1)
	f := func(x []float64) float64 {
		if evalErr != nil {
			return math.Inf(1)
		}
		t, err := p.Objective(ctx, x)
		if err != nil {
			evalErr = err
			return math.Inf(1)
		}
		res.Evals++
		best = min(best, t.Total())
		if progress != nil {
			progress(res.Evals, best)
		}
		return t.Total()
	}
	start, err := p.Objective(ctx, x0)
	if err != nil {
		return nil, err
	}
	res.Start = start
	x, fx := x0, start.Total()
	if p.Scan && iterations > 0 {
		x, fx = scan(f, x, fx)
		if evalErr != nil {
			return nil, evalErr
		}
	}
	step := 0.3 // a factor 1.35 either way to start
	for left := iterations; left > 0; {
		nm := NelderMead(f, x, NelderMeadOptions{MaxIter: left, Step: step, TolX: 2e-3, TolF: 1e-6})
		if evalErr != nil {
			return nil, evalErr
		}
		left -= max(nm.Iter, 1)
		res.Iter += nm.Iter
		improved := nm.F < fx-1e-6
		if nm.F < fx {
			x, fx = nm.X, nm.F
		}
		if !improved && !(left > 0 && nm.Converged && step > 0.05) {
			break
		}
		if !improved {
			step /= 3 // a restart that found nothing: look closer
		}
	}
	res.X = x
	if res.Final, err = p.Objective(ctx, x); err != nil {
		return nil, err
	}
	if res.Scenario, res.Lines, err = Rounded(p.Base, p.Params, x); err != nil {
		return nil, err
	}
	bands, err := Simulate(ctx, res.Scenario, p.Obs.Dates, p.Obs.Series, p.Sim)
	if err != nil {
		return nil, err
	}
	fit, parts := fitParts(bands, p.Obs, p.Sim.N)
	res.Rounded = Terms{Fit: fit, Prior: p.prior(x), Parts: parts}
	return res, nil
}

// scanReach is how far scan looks along each parameter: ln f within ±2.5
// of where it stands, a factor of about 12 either way.
const scanReach = 2.5

// scanSteps is the golden-section steps of each line search: the interval
// of ln f shrinks to 0.618^12 of its 5 units, about 0.02 (2 %).
const scanSteps = 12

// scan is one pass of cyclic coordinate descent from x (f(x) = fx): for each
// parameter in turn, a golden-section search of f along it over ±scanReach,
// the others held, and the best point found kept (Kiefer 1953, "Sequential
// minimax search for a maximum", Proc. AMS 4:502–506). A line search
// assumes one minimum along the line; where there are several, scan keeps
// the best it saw, never a worse point than it started from.
func scan(f func([]float64) float64, x []float64, fx float64) ([]float64, float64) {
	const g = 0.6180339887498949 // (√5 − 1)/2
	x = slices.Clone(x)
	y := slices.Clone(x)
	at := func(i int, t float64) float64 {
		copy(y, x)
		y[i] = t
		return f(y)
	}
	for i := range x {
		best, fbest := x[i], fx
		keep := func(t, v float64) {
			if v < fbest {
				best, fbest = t, v
			}
		}
		a, b := x[i]-scanReach, x[i]+scanReach
		c, d := b-g*(b-a), a+g*(b-a)
		fc, fd := at(i, c), at(i, d)
		keep(c, fc)
		keep(d, fd)
		for range scanSteps {
			if fc < fd {
				b, d, fd = d, c, fc
				c = b - g*(b-a)
				fc = at(i, c)
				keep(c, fc)
			} else {
				a, c, fc = c, d, fd
				d = a + g*(b-a)
				fd = at(i, d)
				keep(d, fd)
			}
		}
		x[i], fx = best, fbest
	}
	return x, fx
}

// Row is one line of the fit table.
type Row struct {
	Date   time.Time
	Series Series
	Data   float64 // NaN beyond the data
	SD     float64 // an estimate's log sd (Series.Estimate), else 0
	Band
}

// Table simulates sc at the observation dates and at extra dates (beyond the
// data) and returns one row per date and series.
func Table(ctx context.Context, sc *scenario.Scenario, obs *Observed, extra []time.Time, opt Options) ([]Row, error) {
	dates := append(slices.Clone(obs.Dates), extra...)
	bands, err := Simulate(ctx, sc, dates, obs.Series, opt)
	if err != nil {
		return nil, err
	}
	var rows []Row
	for j, d := range dates {
		for i, s := range obs.Series {
			y, sd := math.NaN(), 0.0
			if j < len(obs.Dates) {
				y = obs.Data[i][j]
				if row := rowOf(obs.SD, i); row != nil {
					sd = row[j]
				}
			}
			rows = append(rows, Row{Date: d, Series: s, Data: y, SD: sd, Band: bands[i][j]})
		}
	}
	return rows, nil
}

// FactorText describes a fitted factor.
func FactorText(x float64) string { return fmt.Sprintf("×%.3g", math.Exp(x)) }
