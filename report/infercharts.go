package report

// Charts of an inference (brink infer): the Bayes factors of the hypotheses
// on a log scale with their Monte Carlo intervals, the parameters' posteriors
// against their priors (in the prior's quantiles, where every prior is flat,
// and in the parameter's own units for the parameters the record moves
// most), and the forecast after the record (bar charts of charts.go).

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"brink/evidence"
	"brink/scenario"
)

// bfChart draws each hypothesis's Bayes factor against the baseline as a
// point on a log axis, with BF ± 1.96 standard errors as whiskers, and SMC's
// estimate, if any, as an open diamond. Hypotheses with no weight are listed
// at the left edge, marked.
func bfChart(id string, hs []evidence.Hypothesis) string {
	const left, right, top, rowH = 170.0, 60.0, 40.0, 30.0
	rows := hs[1:]
	axisY := top + float64(len(rows))*rowH
	h := axisY + 66
	// The axis (log10) spans the estimates and their intervals, 1 and at
	// least a factor of 1.5 either way, with a margin.
	lo, hi := -math.Log10(1.5), math.Log10(1.5)
	hasSMC := false
	for _, x := range rows {
		for _, v := range []float64{x.BayesFactor - 1.96*x.BFError, x.BayesFactor + 1.96*x.BFError, x.BayesFactor} {
			if v > 0 {
				lo, hi = min(lo, math.Log10(v)), max(hi, math.Log10(v))
			}
		}
		if x.SMC != nil && x.SMC.BayesFactor > 0 {
			hasSMC = true
			lo, hi = min(lo, math.Log10(x.SMC.BayesFactor)), max(hi, math.Log10(x.SMC.BayesFactor))
		}
	}
	pad := 0.08 * (hi - lo)
	lo, hi = max(lo-pad, -12), min(hi+pad, 12)
	x := scale{lo, hi, left, chartWidth - right}
	at := func(v float64) float64 { return x.at(min(max(math.Log10(v), lo), hi)) }
	s := newSVG(id, chartWidth, h, "Bayes factors against the baseline",
		"Each hypothesis's Bayes factor against the baseline on a logarithmic axis, with its 95 % Monte Carlo interval; above 1 the record favours the hypothesis.")
	// Shade the side of the baseline.
	s.rect(left, top-14, x.at(0)-left, axisY-top+14, "#f3f3f3", "")
	s.text((left+x.at(0))/2, top-20, "middle", "tick", "favours the baseline")
	s.text((x.at(0)+chartWidth-right)/2, top-20, "middle", "tick", "favours the hypothesis")
	for _, t := range bfTicks(lo, hi) {
		s.line(x.at(math.Log10(t)), top-14, x.at(math.Log10(t)), axisY, "grid")
		s.text(x.at(math.Log10(t)), axisY+16, "middle", "tick", bfTick(t))
	}
	s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#1a1a1a" stroke-width="1.2" stroke-dasharray="4,3"/>`+"\n", num(x.at(0)), num(top-14), num(x.at(0)), num(axisY))
	s.line(left, axisY, chartWidth-right, axisY, "axis")
	s.text((left+chartWidth-right)/2, axisY+34, "middle", "axis-title", "Bayes factor against the baseline (log scale), with 95 % Monte Carlo interval")
	for i, r := range rows {
		cy := top + float64(i)*rowH + rowH/2
		c := palette[(i+1)%len(palette)]
		s.text(left-10, cy+4, "end", "label", clip(r.Variant, 26))
		if r.BayesFactor <= 0 || r.Unweightable || hs[0].MeanLik == 0 {
			note := "no trajectory matches the record"
			if hs[0].MeanLik == 0 {
				note = "undefined: the baseline has no weight"
			}
			s.text(left+6, cy+4, "start", "value", note)
		} else {
			l, u := r.BayesFactor-1.96*r.BFError, r.BayesFactor+1.96*r.BFError
			if l > 0 {
				s.line(at(l), cy, at(u), cy, "whisker")
				s.line(at(l), cy-5, at(l), cy+5, "whisker")
			} else {
				s.line(left, cy, at(u), cy, "whisker")
			}
			s.line(at(u), cy-5, at(u), cy+5, "whisker")
			s.raw(`<circle cx="%s" cy="%s" r="5" fill="%s"/>`+"\n", num(at(r.BayesFactor)), num(cy), c)
			s.text(at(u)+8, cy+4, "start", "value", fmt.Sprintf("%.3g ± %.2g", r.BayesFactor, r.BFError))
		}
		if r.SMC != nil && r.SMC.BayesFactor > 0 {
			px := at(r.SMC.BayesFactor)
			s.raw(`<path d="M%s %sl6 6l-6 6l-6 -6z" fill="none" stroke="%s" stroke-width="1.6"/>`+"\n", num(px), num(cy-6), c)
		}
	}
	items := []legendItem{{label: "importance sampling, ± 1.96 s.e.", color: "#555", kind: "point"}}
	if hasSMC {
		items = append(items, legendItem{label: "◇ resample-and-move (no error estimate)", color: "#ffffff", kind: "point"})
	}
	s.legend(left, h-8, items)
	return s.close()
}

// bfTicks are round factors between 10^lo and 10^hi: powers of ten times 1,
// 2 and 5, and finer ones near 1 when the axis is short.
func bfTicks(lo, hi float64) []float64 {
	in := func(v float64) bool { l := math.Log10(v); return l >= lo-1e-9 && l <= hi+1e-9 }
	var out []float64
	step := 1
	if hi-lo > 8 {
		step = 2
	}
	for k := int(math.Floor(lo)); k <= int(math.Ceil(hi)); k++ {
		for _, m := range []float64{1, 2, 5} {
			if v := m * math.Pow(10, float64(k)); in(v) && (hi-lo <= 4 || m == 1) && (m != 1 || k%step == 0) {
				out = append(out, v)
			}
		}
	}
	if len(out) < 4 {
		for _, v := range []float64{0.5, 0.8, 0.9, 1.1, 1.25, 1.5} {
			if in(v) && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	slices.Sort(out)
	return out
}

// bfTick labels a factor: 1/k below 1 when k is round.
func bfTick(v float64) string {
	switch {
	case v >= 1e4 || v <= 1e-4:
		return fmt.Sprintf("%.0e", v)
	case v < 1 && math.Abs(1/v-math.Round(1/v)) < 1e-9:
		return "1/" + trimFloat(math.Round(1/v))
	}
	return trimFloat(math.Round(v*1000) / 1000)
}

// moved orders parameters by how far the record moves their median (|shift
// − ½|, in prior quantiles), most first.
func moved(ps []evidence.ParamPosterior) []evidence.ParamPosterior {
	out := append([]evidence.ParamPosterior(nil), ps...)
	for i := 1; i < len(out); i++ { // insertion sort: stable, no import
		for j := i; j > 0 && math.Abs(out[j].Shift-0.5) > math.Abs(out[j-1].Shift-0.5); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// ridgeChart draws, for each parameter, its posterior density in u = F(x),
// the prior's CDF at the parameter, where every prior is flat (the dashed
// line at density 1), with the posterior's 90 % interval and median below
// it: a parameter the record says nothing about shows a flat band and an
// interval from 5 to 95 %.
func ridgeChart(id string, ps []evidence.ParamPosterior, ess float64, color string) string {
	const left, right, top, rowH = 330.0, 20.0, 16.0, 34.0
	axisY := top + float64(len(ps))*rowH
	h := axisY + 48
	x := scale{0, 1, left, chartWidth - right}
	s := newSVG(id, chartWidth, h, "Posterior of each parameter in its prior's quantiles",
		"For each parameter, the posterior density of its prior CDF (flat at 1 if the record says nothing about it) and the posterior 90 % interval and median.")
	for _, t := range []float64{0, 0.05, 0.25, 0.5, 0.75, 0.95, 1} {
		s.line(x.at(t), top-6, x.at(t), axisY, "grid")
		s.text(x.at(t), axisY+16, "middle", "tick", trimFloat(100*t))
	}
	s.line(left, axisY, chartWidth-right, axisY, "axis")
	s.text((left+chartWidth-right)/2, axisY+34, "middle", "axis-title", "prior quantile of the parameter (%): the prior is flat on this axis")
	for i, p := range ps {
		y0 := top + float64(i)*rowH
		base := y0 + rowH - 12
		dens := smooth(p.Density, ess)
		top := 0.0
		for _, d := range dens {
			top = max(top, d)
		}
		top = max(top, 2)
		hgt := rowH - 14
		ys := func(d float64) float64 { return base - hgt*d/top }
		var xs, yy, lo []float64
		n := float64(len(dens))
		for j, d := range dens {
			xs = append(xs, x.at((float64(j)+0.5)/n))
			yy = append(yy, ys(d))
			lo = append(lo, base)
		}
		s.band(xs, lo, yy, color, 0.35)
		s.polyline(xs, yy, color, 1.2, "")
		s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#777" stroke-width="1" stroke-dasharray="3,3"/>`+"\n", num(left), num(ys(1)), num(chartWidth-right), num(ys(1)))
		// The posterior's 90 % interval and median, in prior quantiles.
		q5, q50, q95 := cdfAt(p.Density, 0.05), p.Shift, cdfAt(p.Density, 0.95)
		s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="3"/>`+"\n", num(x.at(q5)), num(base+5), num(x.at(q95)), num(base+5), color)
		s.raw(`<circle cx="%s" cy="%s" r="3.5" fill="#fff" stroke="%s" stroke-width="1.5"/>`+"\n", num(x.at(q50)), num(base+5), color)
		s.text(left-8, y0+rowH/2, "end", "label", clip(shortParam(p.Name), 48))
		s.text(left-8, y0+rowH/2+13, "end", "value",
			fmt.Sprintf("median %s → %s", sig3(p.Prior.P50), sig3(p.Posterior.P50)))
	}
	return s.close()
}

// cdfAt is the prior quantile of the posterior's q-quantile: the point where
// the posterior density in u has cumulated q.
func cdfAt(d []float64, q float64) float64 {
	n := float64(len(d))
	acc := 0.0
	for j, x := range d {
		if math.IsNaN(x) {
			continue
		}
		if acc+x/n >= q && x > 0 {
			return (float64(j) + (q-acc)/(x/n)) / n
		}
		acc += x / n
	}
	return 1
}

// shortParam drops the commonest prefix words of a parameter's path.
func shortParam(name string) string {
	return strings.TrimPrefix(name, "actors.")
}

func round3(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	mag := math.Pow(10, 2-math.Floor(math.Log10(math.Abs(x))))
	return math.Round(x*mag) / mag
}

// densityChart draws a parameter's prior and posterior densities in its own
// units: the prior's density f (by differences of its CDF) and the
// posterior's, f(x)·g(F(x)) with g the posterior density of u, over the
// prior's central 99 %.
func densityChart(id string, p evidence.ParamPosterior, prior scenario.Value, ess float64, color string) string {
	const w, hh, left, right, top, bottom = 370.0, 170.0, 44.0, 12.0, 26.0, 36.0
	a, b := prior.Quantile(0.005), prior.Quantile(0.995)
	if !(b > a) {
		return ""
	}
	const n = 120
	xs := make([]float64, n+1)
	fp, fq := make([]float64, n+1), make([]float64, n+1)
	top0 := 0.0
	dens := smooth(p.Density, ess)
	nb := float64(len(dens))
	for i := range xs {
		v := a + (b-a)*float64(i)/n
		hs := (b - a) / n / 2
		f := (prior.CDF(v+hs) - prior.CDF(v-hs)) / (2 * hs)
		u := prior.CDF(v)
		g := interp(dens, u*nb-0.5)
		xs[i], fp[i], fq[i] = v, f, f*g
		top0 = max(top0, f, f*g)
	}
	if !(top0 > 0) {
		return ""
	}
	x := scale{a, b, left, w - right}
	y := scale{0, top0 * 1.08, hh - bottom, top}
	s := newSVG(id, w, hh, shortParam(p.Name)+": prior and posterior",
		fmt.Sprintf("Prior density (grey, dashed) and posterior density (coloured) of %s; posterior median %s against a prior median of %s.", p.Name, quantity(round3(p.Posterior.P50)), quantity(round3(p.Prior.P50))))
	for _, t := range niceTicks(a, b, 4) {
		if t < a || t > b {
			continue
		}
		s.line(x.at(t), top, x.at(t), hh-bottom, "grid")
		s.text(x.at(t), hh-bottom+14, "middle", "tick", trimFloat(round3(t)))
	}
	s.line(left, hh-bottom, w-right, hh-bottom, "axis")
	px, pp, pq, zero := make([]float64, len(xs)), make([]float64, len(xs)), make([]float64, len(xs)), make([]float64, len(xs))
	for i := range xs {
		px[i], pp[i], pq[i], zero[i] = x.at(xs[i]), y.at(fp[i]), y.at(fq[i]), y.at(0)
	}
	s.band(px, zero, pq, color, 0.25)
	s.polyline(px, pq, color, 2, "")
	s.polyline(px, pp, "#777", 1.5, "4,3")
	s.text(left, 14, "start", "label", clip(shortParam(p.Name), 56))
	s.legend(left, hh-6, []legendItem{{label: "prior", color: "#777", kind: "line", dash: "4,3"}, {label: "posterior", color: color, kind: "line"}})
	return s.close()
}

// sig3 writes x to three significant digits.
func sig3(x float64) string { return fmt.Sprintf("%.3g", x) }

// bandwidth is the Gaussian kernel's width, in prior quantiles, that smooths
// a posterior density of u drawn from ess effective trajectories for a
// chart: Silverman's rule, 1.06·σ·n^(−1/5), with σ = 1/√12 (u's spread under a
// flat posterior).
func bandwidth(ess float64) float64 {
	return 1.06 / math.Sqrt(12) * math.Pow(max(ess, 2), -0.2)
}

// smooth convolves a density over equal bins of [0, 1] with a Gaussian
// kernel of width bandwidth(ess), reflected at 0 and 1 (so that it keeps
// its mass), for charts. NaNs count as 0.
func smooth(d []float64, ess float64) []float64 {
	n := len(d)
	out := make([]float64, n)
	h := bandwidth(ess) * float64(n) // in bins
	for i := range n {
		var s float64
		for j, x := range d {
			if math.IsNaN(x) {
				x = 0
			}
			// j and its images under reflection at both ends (period 2n).
			for k := -2; k <= 2; k++ {
				for _, c := range []float64{float64(2*k*n + j), float64(2*k*n - 1 - j)} {
					z := (float64(i) - c) / h
					s += math.Exp(-0.5*z*z) * x
				}
			}
		}
		out[i] = s / (h * math.Sqrt(2*math.Pi))
	}
	return out
}

// interp reads d at fractional index t, linearly, flat beyond the ends.
func interp(d []float64, t float64) float64 {
	if t <= 0 {
		return d[0]
	}
	if t >= float64(len(d)-1) {
		return d[len(d)-1]
	}
	i := int(t)
	f := t - float64(i)
	return d[i]*(1-f) + d[i+1]*f
}
