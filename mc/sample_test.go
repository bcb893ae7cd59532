package mc_test

import (
	"math"
	"testing"

	"brink/mc"
)

// CRPS of a sample against its closed form: for the uniform grid on [0, 1]
// (n points at (i+½)/n) and y in [0, 1], CRPS → y² − y + 1/3 as n grows
// (the uniform distribution's CRPS, Gneiting & Raftery 2007); the mid-rank
// PIT of y is y; the quantiles interpolate.
func TestSampleStatistics(t *testing.T) {
	const n = 2000
	x := make([]float64, n)
	for i := range x {
		x[i] = (float64(i) + 0.5) / n
	}
	for _, y := range []float64{0, 0.25, 0.5, 0.9} {
		want := y*y - y + 1.0/3
		if got := mc.CRPS(x, y); math.Abs(got-want) > 1e-6 {
			t.Errorf("CRPS(U, %g) = %.8f, want %.8f", y, got, want)
		}
		if got := mc.PIT(x, y); math.Abs(got-y) > 1.0/n {
			t.Errorf("PIT(U, %g) = %g", y, got)
		}
	}
	if got := mc.PIT([]float64{1, 2, 2, 3}, 2); got != 0.5 {
		t.Errorf("mid-rank PIT with ties = %g, want 0.5", got)
	}
	if got := mc.QuantileSorted([]float64{0, 10}, 0.25); got != 2.5 {
		t.Errorf("QuantileSorted = %g, want 2.5", got)
	}
	if !math.IsNaN(mc.CRPS(nil, 1)) || !math.IsNaN(mc.PIT(nil, 1)) || !math.IsNaN(mc.QuantileSorted(nil, 0.5)) {
		t.Error("no data should give NaN")
	}
}
