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
	out := obs.onDates(dates)
	out.Series = append(out.Series, series...)
	for _, s := range series {
		row, sd := nanRow(len(dates)), nanRow(len(dates))
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
	keep := &Observed{Dates: o.Dates}
	for i, s := range o.Series {
		if !s.Estimate {
			keep.Series = append(keep.Series, s)
			keep.Data = append(keep.Data, o.Data[i])
			keep.Low, keep.High = append(keep.Low, rowOf(o.Low, i)), append(keep.High, rowOf(o.High, i))
			keep.SD = append(keep.SD, rowOf(o.SD, i))
		}
	}
	if len(keep.Series) == len(o.Series) {
		return o
	}
	var dates []time.Time
	for j, d := range o.Dates {
		if slices.ContainsFunc(keep.Data, func(row []float64) bool { return !math.IsNaN(row[j]) }) {
			dates = append(dates, d)
		}
	}
	return keep.onDates(dates)
}

// onDates is o on the given dates (increasing): each row's value at a date
// of o that dates holds, NaN at a date o does not have; o's dates that
// dates lacks are dropped. Rows o does not have (nil) stay nil.
func (o *Observed) onDates(dates []time.Time) *Observed {
	at := func(row []float64) []float64 {
		if row == nil {
			return nil
		}
		out := nanRow(len(dates))
		for j, d := range o.Dates {
			if k := slices.IndexFunc(dates, d.Equal); k >= 0 {
				out[k] = row[j]
			}
		}
		return out
	}
	out := &Observed{Dates: dates, Series: slices.Clone(o.Series)}
	for i := range o.Series {
		out.Data = append(out.Data, at(o.Data[i]))
		out.Low, out.High = append(out.Low, at(rowOf(o.Low, i))), append(out.High, at(rowOf(o.High, i)))
		out.SD = append(out.SD, at(rowOf(o.SD, i)))
	}
	return out
}

// nanRow is n NaNs: a row with no observation.
func nanRow(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = math.NaN()
	}
	return v
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
