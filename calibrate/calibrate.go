// Package calibrate fits the combat, learning and replenishment parameters of
// a scenario to observed cumulative equipment losses (for ukraine-2022, the
// Oryx counts of Russian and Ukrainian losses, 2022-03 to 2023-12).
//
// Objective. For each series (category × actor) and date, the median of the
// simulated cumulative losses over the trajectories still at war at that date
// is compared with the observation:
//
//	J(x) = (1/P) Σ_series,date ln²((median + 1)/(observed + 1)) + (1/P) Σ_j (x_j/σ_j)²
//
// over the P points, with x_j = ln f_j the log of parameter j's factor and σ_j
// its prior's standard deviation (no term for a flat prior). A point where
// fewer than a twentieth of the trajectories (and fewer than 5) are still at
// war counts as off by a factor 10. The observations are used as given: Oryx
// counts only visually confirmed losses, a lower bound, so the fitted
// attrition is that of confirmed losses and the true rates are higher (by a
// visibility factor the data cannot tell).
//
// Optimiser. Nelder–Mead in log space (x = 0 is the scenario as written),
// restarted from its best point while it improves; every evaluation runs
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
}

// Terms are the parts of the objective.
type Terms struct {
	Fit   float64 // mean squared log ratio over the points
	Prior float64 // the prior's penalty, on the same scale
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
func Fit(bands [][]Band, obs *Observed, n int) float64 {
	need := max(5, n/20)
	tw := territoryWeight(obs)
	sum, weight := 0.0, 0.0
	for i, s := range obs.Series {
		wt := 1.0
		shift := 1.0
		if s.Theatre != "" {
			wt, shift = tw, 0
		}
		for j, y := range obs.Data[i] {
			if math.IsNaN(y) {
				continue
			}
			b := bands[i][j]
			score := math.Log(10)
			if b.AtWar >= need {
				score = crpsLog(b.sorted, y, shift)
			}
			sum += wt * score
			weight += wt
		}
	}
	return sum / weight
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
	return Terms{Fit: Fit(bands, p.Obs, p.Sim.N), Prior: p.prior(x)}, nil
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
	res.Rounded = Terms{Fit: Fit(bands, p.Obs, p.Sim.N), Prior: p.prior(x)}
	return res, nil
}

// Row is one line of the fit table.
type Row struct {
	Date   time.Time
	Series Series
	Data   float64 // NaN beyond the data
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
			y := math.NaN()
			if j < len(obs.Dates) {
				y = obs.Data[i][j]
			}
			rows = append(rows, Row{Date: d, Series: s, Data: y, Band: bands[i][j]})
		}
	}
	return rows, nil
}

// FactorText describes a fitted factor.
func FactorText(x float64) string { return fmt.Sprintf("×%.3g", math.Exp(x)) }
