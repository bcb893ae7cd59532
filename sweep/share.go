package sweep

import (
	"fmt"
	"math"
)

// A Sobol' index is a share of the variance of y: it lies in [0, 1]. Its
// estimates do not (Saltelli et al. 2010, "Variance based sensitivity
// analysis of model output", Computer Physics Communications 181:259-270,
// sect. 4): with Monte Carlo noise in y and a finite design, S1 comes out
// below 0 for a parameter that explains nothing and ST above 1 for one that
// explains everything, and bootstrap intervals run past both ends. Share
// shows an estimate as the share it estimates: clamped into [0, 1], and
// called noise when it cannot be told from 0.

// Share is an index shown as a share of variance.
type Share struct {
	Value, Lo, Hi float64 // clamped into [0, 1]
	// Noise: the estimate is below 0, or its interval reaches 0 or below.
	Noise bool
	// Clamped: the estimate or its interval left [0, 1].
	Clamped bool
}

// ShareOf shows an index x with its interval [lo, hi] as a share of
// variance. A missing (NaN) estimate is noise.
func ShareOf(x, lo, hi Number) Share {
	v, l, h := float64(x), float64(lo), float64(hi)
	if math.IsNaN(v) {
		return Share{Noise: true}
	}
	if math.IsNaN(l) || math.IsNaN(h) {
		l, h = v, v
	}
	c := func(f float64) float64 { return math.Min(1, math.Max(0, f)) }
	return Share{Value: c(v), Lo: c(l), Hi: c(h), Noise: v <= 0 || l <= 0, Clamped: v < 0 || v > 1 || l < 0 || h > 1}
}

// String writes the share: "0.42 [0.20, 0.61]", "≈0 [0, 0.08], noise".
func (s Share) String() string {
	v := fmt.Sprintf("%.2f", s.Value)
	if s.Value < 0.005 {
		v = "≈0"
	}
	out := fmt.Sprintf("%s [%.2f, %.2f]", v, s.Lo, s.Hi)
	if s.Noise {
		out += ", noise"
	}
	return out
}

// ExplainClamp says how indices are shown.
const ExplainClamp = "Both indices are shares of variance and lie between 0 and 1; estimates and interval ends outside are shown at 0 or 1 (clamped). An index is called noise when its estimate is 0 or below or its 95 % interval reaches 0: with these points it cannot be told from a parameter that does nothing."

// Explain is the sentence a report gives under a table of Sobol' indices.
const Explain = "S1 is the share of the variance of the outcome's probability that a parameter explains alone, ST the share it explains alone and through its interactions with the others. " + ExplainClamp
