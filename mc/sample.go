package mc

import (
	"math"
	"slices"
)

// Statistics of a sorted sample of simulated values, shared by the packages
// that set a record or data against the simulated distribution (evidence,
// calibrate) and by the sensitivity indices (sweep).

// QuantileSorted is the p-quantile of sorted x by linear interpolation
// between order statistics (Hyndman & Fan 1996, type 7); NaN for no data.
func QuantileSorted(x []float64, p float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	h := p * float64(len(x)-1)
	i := int(h)
	if i >= len(x)-1 {
		return x[len(x)-1]
	}
	return x[i] + (h-float64(i))*(x[i+1]-x[i])
}

// PIT is the probability integral transform of y in sorted x: the share of
// x below y, ties counted half (the mid-rank), in [0, 1]; NaN for no data. A
// calibrated forecast gives PITs spread evenly over [0, 1] (Gneiting,
// Balabdaoui & Raftery 2007).
func PIT(x []float64, y float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	lo, _ := slices.BinarySearch(x, y)
	hi := lo
	for hi < len(x) && x[hi] == y {
		hi++
	}
	return (float64(lo) + 0.5*float64(hi-lo)) / float64(len(x))
}

// CRPS is the continuous ranked probability score of the ensemble sorted x
// at y: E|X − y| − ½E|X − X'|, with Σ_i Σ_j |x_i − x_j| = 2 Σ_i (2i − n − 1)
// x_(i) for the sorted x (i from 1) (Gneiting & Raftery 2007, JASA
// 102:359–378); NaN for no data.
func CRPS(x []float64, y float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	var abs, spread float64
	for i, v := range x {
		abs += math.Abs(v - y)
		spread += float64(2*(i+1)-n-1) * v
	}
	fn := float64(n)
	return abs/fn - spread/(fn*fn)
}

// LogLowerBound is ln((1−f)·g(t)): the density g of ln u + ε at t, with u
// uniform on [f, 1] and ε ~ N(0, s²), scaled by its bound 1/(1−f): the observation model of a count that records
// between a share f and all of the truth, with a log error of sd s (the lower_bound
// model of records, evidence; and brink calibrate's visibility of Oryx counts).
func LogLowerBound(t, f, s float64) float64 {
	a := math.Log(f)
	if s == 0 {
		if t < a || t > 0 {
			return math.Inf(-1)
		}
		return t
	}
	c := t + s*s
	// Φ(hi) − Φ(lo) as ½·erfc differences, accurate in both tails.
	hi, lo := (0-c)/s, (a-c)/s
	var d float64
	if lo > 0 {
		d = 0.5 * (math.Erfc(lo/math.Sqrt2) - math.Erfc(hi/math.Sqrt2))
	} else {
		d = 0.5 * (math.Erfc(-hi/math.Sqrt2) - math.Erfc(-lo/math.Sqrt2))
	}
	if d <= 0 {
		return math.Inf(-1)
	}
	return t + s*s/2 + math.Log(d)
}
