package evidence

// Proper scores of a forecast ensemble against what happened.
//
// CRPS (continuous ranked probability score; Matheson & Winkler 1976,
// Gneiting & Raftery 2007) of the ensemble x_1..x_n at the observation y:
//
//	CRPS = (1/n) Σ |x_i − y| − (1/(2n²)) Σ_i Σ_j |x_i − x_j|
//
// the CRPS of the ensemble's empirical distribution, computed in O(n log n)
// from the sorted ensemble: Σ_i Σ_j |x_i − x_j| = 2 Σ_i (2i − n − 1) x_(i)
// (i from 1). Lower is better; it has the units of the value, and equals the
// absolute error for a one-member ensemble.
//
// Log score of an event of forecast probability p that happened (or 1 − p
// that did not): ln P(what happened). Higher is better; an ensemble of n
// gives no probability below 1/(2n), so P is floored there (a zero frequency
// is read as "less than one in n").
//
// The percentile (probability integral transform, Dawid 1984) of y is the
// share of the ensemble below y, ties counted half: uniform over many
// observations if the forecasts are calibrated.

import (
	"brink/mc"
	"math"
	"slices"
)

// crps is the CRPS of ensemble x (sorted in place) at y (mc.CRPS).
func crps(x []float64, y float64) float64 {
	slices.Sort(x)
	return mc.CRPS(x, y)
}

// percentile is the share of sorted x below y, ties counted half (mc.PIT).
func percentile(x []float64, y float64) float64 { return mc.PIT(x, y) }

// logScore is ln P(what happened) for an event of frequency p among n.
func logScore(p float64, happened bool, n int) float64 {
	q := p
	if !happened {
		q = 1 - p
	}
	return math.Log(max(q, 1/(2*float64(n))))
}

// quantileSorted is mc.QuantileSorted.
func quantileSorted(x []float64, p float64) float64 { return mc.QuantileSorted(x, p) }
