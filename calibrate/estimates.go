package calibrate

import (
	"math"
	"slices"
	"time"

	"brink/scenario"
)

// Estimates of losses that no count can confirm one by one — intelligence
// services' estimates of killed and wounded — enter the fit as the scenario's
// record states them: a value "losses" with a lognormal observation model,
// ln observed = ln true + N(0, sd²), unbiased on the log scale where Oryx's
// counts are lower bounds. ukraine-2022's record has two for Russia's
// personnel (about 60,000 in July 2022, 320,000 in November 2023).

// EstimatePoint is one dated estimate of an actor's cumulative losses of a
// category, with the sd of its log error.
type EstimatePoint struct {
	Date            time.Time
	Actor, Category string
	Observed, SD    float64
}

// Estimates returns the lognormal loss estimates of sc's record dated after
// the start and on or before through (every one for the zero time), in
// date order; none without a record.
func Estimates(sc *scenario.Scenario, through time.Time) []EstimatePoint {
	if sc.Record == nil {
		return nil
	}
	var out []EstimatePoint
	for _, o := range sc.Record.Observations {
		if o.Value != "losses" || o.Model != "lognormal" || o.Observed == nil || !(o.SD > 0) {
			continue
		}
		d := o.Date.Time
		if !d.After(sc.Start.Time) || !through.IsZero() && d.After(through) {
			continue
		}
		out = append(out, EstimatePoint{Date: d, Actor: o.Actor, Category: o.Category, Observed: *o.Observed, SD: o.SD})
	}
	slices.SortStableFunc(out, func(a, b EstimatePoint) int { return a.Date.Compare(b.Date) })
	return out
}

// WithEstimates adds the estimates to obs as one more series for each actor
// and category they estimate (Series.Estimate), on the union of the dates,
// with each point's log sd in SD.
func WithEstimates(obs *Observed, pts []EstimatePoint) *Observed {
	if len(pts) == 0 {
		return obs
	}
	dates := slices.Clone(obs.Dates)
	var series []Series
	for _, p := range pts {
		if !slices.ContainsFunc(dates, p.Date.Equal) {
			dates = append(dates, p.Date)
		}
		s := Series{Category: p.Category, Actor: p.Actor, Estimate: true}
		if !slices.Contains(series, s) {
			series = append(series, s)
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	nan := func() []float64 {
		v := make([]float64, len(dates))
		for i := range v {
			v[i] = math.NaN()
		}
		return v
	}
	// at moves a row of obs onto the new dates.
	at := func(row []float64) []float64 {
		if row == nil {
			return nil
		}
		out := nan()
		for j, d := range obs.Dates {
			out[slices.IndexFunc(dates, d.Equal)] = row[j]
		}
		return out
	}
	out := &Observed{Dates: dates, Series: append(slices.Clone(obs.Series), series...)}
	for i := range obs.Series {
		out.Data = append(out.Data, at(obs.Data[i]))
		out.Low, out.High = append(out.Low, at(rowOf(obs.Low, i))), append(out.High, at(rowOf(obs.High, i)))
		out.SD = append(out.SD, at(rowOf(obs.SD, i)))
	}
	for _, s := range series {
		row, sd := nan(), nan()
		for _, p := range pts {
			if p.Actor == s.Actor && p.Category == s.Category {
				j := slices.IndexFunc(dates, p.Date.Equal)
				row[j], sd[j] = p.Observed, p.SD
			}
		}
		out.Data, out.SD = append(out.Data, row), append(out.SD, sd)
		out.Low, out.High = append(out.Low, nil), append(out.High, nil)
	}
	return out
}

// WithoutEstimates is obs without its estimate series, on the dates the
// other series observe.
func (o *Observed) WithoutEstimates() *Observed {
	keep := func(i int) bool { return !o.Series[i].Estimate }
	out := &Observed{}
	for i, s := range o.Series {
		if keep(i) {
			out.Series = append(out.Series, s)
		}
	}
	if len(out.Series) == len(o.Series) {
		return o
	}
	for j, d := range o.Dates {
		seen := false
		for i := range o.Series {
			seen = seen || keep(i) && !math.IsNaN(o.Data[i][j])
		}
		if !seen {
			continue
		}
		out.Dates = append(out.Dates, d)
	}
	pick := func(row []float64) []float64 {
		if row == nil {
			return nil
		}
		var v []float64
		for j, d := range o.Dates {
			if slices.ContainsFunc(out.Dates, d.Equal) {
				v = append(v, row[j])
			}
		}
		return v
	}
	for i := range o.Series {
		if keep(i) {
			out.Data = append(out.Data, pick(o.Data[i]))
			out.Low, out.High = append(out.Low, pick(rowOf(o.Low, i))), append(out.High, pick(rowOf(o.High, i)))
			out.SD = append(out.SD, pick(rowOf(o.SD, i)))
		}
	}
	return out
}

// rowOf is rows[i], or nil where rows is shorter.
func rowOf(rows [][]float64, i int) []float64 {
	if i < len(rows) {
		return rows[i]
	}
	return nil
}

// crpsLognormalMix is the CRPS of the trajectories' true values x (any
// order, NaN skipped) seen through a lognormal error of sd s on the scale
// ln(· + 1), against the estimate y: the forecast is the mixture of the
// normals N(ln(x_k + 1), s²), whose CRPS is in closed form (Grimit, Gneiting,
// Berrocal & Johnson 2006, "The continuous ranked probability score for
// circular variables and its application to mesoscale forecast ensemble
// verification", QJRMS 132:2925–2942, eq. 5):
//
//	CRPS = (1/n) Σ_k A(μ_k − y, s²) − (1/2n²) Σ_k Σ_l A(μ_k − μ_l, 2s²),
//	A(m, v) = E|N(m, v)| = 2√v·φ(m/√v) + m·(2Φ(m/√v) − 1).
//
// (The error is applied to x + 1, not x, as the score's scale is ln(x + 1);
// for counts in the tens or more the difference is negligible.)
func crpsLognormalMix(x []float64, y, s float64) float64 {
	mu := make([]float64, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) {
			mu = append(mu, math.Log(max(v+1, 1e-9)))
		}
	}
	n := float64(len(mu))
	if n == 0 {
		return math.Log(10)
	}
	ly := math.Log(max(y+1, 1e-9))
	var a, b float64
	for k, m := range mu {
		a += absNormalMean(m-ly, s)
		for _, l := range mu[k+1:] {
			b += absNormalMean(m-l, math.Sqrt2*s)
		}
	}
	// The pairs k = l give A(0, 2s²) each; the others count twice.
	b = 2*b + n*absNormalMean(0, math.Sqrt2*s)
	return a/n - b/(2*n*n)
}

// absNormalMean is E|Z| for Z normal with mean m and sd s > 0.
func absNormalMean(m, s float64) float64 {
	z := m / s
	return 2*s*math.Exp(-z*z/2)/math.Sqrt(2*math.Pi) + m*math.Erf(z/math.Sqrt2)
}
