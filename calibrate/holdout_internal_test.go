package calibrate

import (
	"math"
	"testing"
)

// visibilityDensity is a density: it integrates to one, and matches a
// Monte Carlo histogram of ln(u·e^(σz)).
func TestVisibilityDensity(t *testing.T) {
	v := Visibility{MinFraction: 0.6, SD: 0.1}
	var total float64
	const h = 1e-4
	for x := -2.0; x < 1; x += h {
		total += visibilityDensity(x, v) * h
	}
	if math.Abs(total-1) > 1e-3 {
		t.Errorf("density integrates to %.5f, want 1", total)
	}
	// P(ln f in [a, b]) against 10^6 draws of u and z.
	a, b := math.Log(0.7), math.Log(0.8)
	var want float64
	for x := a; x < b; x += h {
		want += visibilityDensity(x, v) * h
	}
	const n = 1_000_000
	in := 0
	for k := range n {
		if f := v.factor(k, 0); math.Log(f) >= a && math.Log(f) < b {
			in++
		}
	}
	got := float64(in) / n
	if se := math.Sqrt(want * (1 - want) / n); math.Abs(got-want) > 4*se+1e-4 {
		t.Errorf("P(0.7 <= f < 0.8): %.4f by sampling, %.4f by the density", got, want)
	}
}

// A band of equal weights has the unweighted quantiles' median, and its PIT
// counts ties half; weights move the quantiles toward the heavy values.
func TestWeightedBand(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3}
	b := newWeightedBand(xs, []float64{1, 1, 1, 1, 1})
	if b.Median != 3 || b.PIT(3) != 0.5 || b.PIT(0) != 0 || b.PIT(9) != 1 {
		t.Errorf("equal weights: median %g, PIT(3) %g, PIT(0) %g, PIT(9) %g", b.Median, b.PIT(3), b.PIT(0), b.PIT(9))
	}
	h := newWeightedBand(xs, []float64{10, 1, 1, 1, 1})
	if h.Median <= b.Median || h.P90 != 5 || math.Abs(h.PIT(4.5)-4.0/14) > 1e-12 {
		t.Errorf("heavy 5: median %g (want > 3), P90 %g (want 5), PIT(4.5) %g (want %g)", h.Median, h.P90, h.PIT(4.5), 4.0/14)
	}
}
