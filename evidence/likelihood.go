package evidence

// Observation models: the likelihood p(y | x) of the observed value y given
// a trajectory's true value x, and draws of y from it (for the predictive
// distribution that validate places y in).
//
//	normal       y = x + ε, ε ~ N(0, sd²):           p = φ((y−x)/sd)/sd
//	lognormal    ln y = ln x + ε:                     p = φ((ln y − ln x)/sd)/(sd·y)
//	lower_bound  y = x·u·e^ε, u ~ U(f, 1), ε ~ N(0, sd²): with t = ln y − ln x,
//	             p = g(t)/y, g(t) = e^{t+sd²/2}/(1−f) · [Φ((0 − t − sd²)/sd) − Φ((ln f − t − sd²)/sd)]
//	             (the density of ln u + ε; sd = 0 gives 1/(x(1−f)) on [f·x, x])
//	range        the truth lies in [low, high]; with sd 0, p = 1 if low ≤ x ≤ high,
//	             else 0; with sd > 0 the model's value misses the truth by N(0, sd²)
//	             (its discrepancy: a model is an abstraction of what the record
//	             measures), p ∝ Φ((x−low)/sd) − Φ((x−high)/sd)
//	abc          a kernel, not a likelihood: exp(−½((y−x)/tolerance)²) (approximate
//	             Bayesian computation, Beaumont, Zhang & Balding 2002)
//	exact        no error: not conditioned on (weight 1) unless a tolerance is
//	             given, which makes it abc
//
// Events are exact: the likelihood of an event observed to happen (or not)
// is 1 for a trajectory where it did (did not), else 0.
//
// logLik returns ln p − ln p_max, where p_max is a bound of p over x that
// does not depend on x (see maxLogLik), so that the weight of a trajectory,
// exp(Σ logLik), lies in [0, 1]: it neither overflows nor depends on how the
// constants are written, and ratios of mean weights (Bayes factors) are the
// ratios of mean likelihoods.

import (
	"math"
	"math/rand/v2"

	"brink/mc"

	"brink/scenario"
)

// model is an observation's model after defaults.
func model(o *scenario.Observation) string {
	switch {
	case o.Model == "" || o.Model == "exact":
		if o.Tolerance > 0 {
			return "abc"
		}
		return "exact"
	}
	return o.Model
}

// conditions reports whether infer weighs trajectories by o.
func conditions(o *scenario.Observation) bool { return o.IsEvent() || model(o) != "exact" }

// observed is the value o reports: observed, or the middle of its range.
func observed(o *scenario.Observation) float64 {
	if o.Observed != nil {
		return *o.Observed
	}
	return (*o.Low + *o.High) / 2
}

// logLik is ln p(y | x) − ln p_max for a value observation (see above);
// −Inf where p = 0.
func logLik(o *scenario.Observation, x float64) float64 {
	y := 0.0
	if o.Observed != nil {
		y = *o.Observed
	}
	s := o.SD
	switch model(o) {
	case "normal":
		z := (y - x) / s
		return -0.5 * z * z
	case "lognormal":
		if x <= 0 {
			return math.Inf(-1)
		}
		z := (math.Log(y) - math.Log(x)) / s
		return -0.5 * z * z
	case "lower_bound":
		if x <= 0 {
			return math.Inf(-1)
		}
		return mc.LogLowerBound(math.Log(y)-math.Log(x), o.MinFraction, s)
	case "range":
		return logRange(x, *o.Low, *o.High, s)
	case "abc":
		z := (y - x) / o.Tolerance
		return -0.5 * z * z
	}
	return 0
}

// logRange is ln p − ln p_max of the range model: with sd = 0 the indicator
// of [low, high]; with sd > 0, p(x) = Φ((x−low)/sd) − Φ((x−high)/sd), whose
// largest value is at the middle of the range (a normal density in x when
// the range is a point).
func logRange(x, low, high, sd float64) float64 {
	if sd == 0 {
		if x >= low && x <= high {
			return 0
		}
		return math.Inf(-1)
	}
	mid := (low + high) / 2
	if high-low < 1e-9*sd {
		z := (x - mid) / sd
		return -0.5 * z * z
	}
	d := func(x float64) float64 {
		a, b := (x-low)/sd, (x-high)/sd // Φ(a) − Φ(b), a > b, accurate in both tails
		if b > 0 {
			return 0.5 * (math.Erfc(b/math.Sqrt2) - math.Erfc(a/math.Sqrt2))
		}
		return 0.5 * (math.Erfc(-a/math.Sqrt2) - math.Erfc(-b/math.Sqrt2))
	}
	v := d(x)
	if v <= 0 {
		return math.Inf(-1)
	}
	return math.Log(v / d(mid))
}

// drawObserved draws what the source would report were the truth x: a draw
// from the observation model (x itself for abc, exact and range without sd).
func drawObserved(o *scenario.Observation, x float64, r *rand.Rand) float64 {
	switch model(o) {
	case "normal":
		return x + o.SD*r.NormFloat64()
	case "lognormal":
		return x * math.Exp(o.SD*r.NormFloat64())
	case "lower_bound":
		f := o.MinFraction
		u := f + (1-f)*r.Float64()
		return x * u * math.Exp(o.SD*r.NormFloat64())
	case "range":
		if o.SD > 0 {
			return x + o.SD*r.NormFloat64()
		}
	}
	return x
}
