package scenario

import (
	"math"
	"testing"
)

func mustValue(t *testing.T, text string) Value {
	t.Helper()
	v, err := ParseValue(text)
	if err != nil {
		t.Fatalf("ParseValue(%q): %v", text, err)
	}
	return v
}

// TestQuantileKnown checks quantiles against values known in closed form or
// from published tables.
func TestQuantileKnown(t *testing.T) {
	tests := []struct {
		dist string
		p    float64
		want float64
		tol  float64 // absolute
	}{
		{"5", 0.3, 5, 0},
		{"uniform(2, 6)", 0.25, 3, 1e-15},
		{"uniform(2, 6)", 0, 2, 0},
		{"uniform(2, 6)", 1, 6, 0},
		// Standard normal (e.g. Abramowitz & Stegun table 26.5).
		{"normal(0, 1)", 0.975, 1.959963984540054, 1e-14},
		{"normal(0, 1)", 0.025, -1.959963984540054, 1e-14},
		{"normal(0, 1)", 0.95, z95, 1e-14},
		{"normal(0, 1)", 0.5, 0, 0},
		{"normal(0, 1)", 0.8413447460685429, 1, 1e-13}, // Φ(1)
		{"normal(0, 1)", 0.9986501019683699, 3, 1e-12}, // Φ(3)
		{"normal(0, 1)", 1e-10, -6.361340902404056, 1e-11},
		{"normal(0, 1)", 1 - 1e-10, 6.361340902404056, 1e-6}, // 1 − 1e−10 is itself rounded
		{"normal(10, 2)", 0.975, 10 + 2*1.959963984540054, 1e-13},
		// Lognormal: exp of the normal quantile.
		{"lognormal(0, 1)", 0.5, 1, 1e-15},
		{"lognormal(0, 1)", 0.975, math.Exp(1.959963984540054), 1e-12},
		{"lognormal(1, 0.5)", 0.025, math.Exp(1 - 0.5*1.959963984540054), 1e-13},
		{"lognormal(0, 1)", 0, 0, 0},
		// "A to B" has A and B as its 5th and 95th percentiles.
		{"2 to 8", 0.05, 2, 1e-13},
		{"2 to 8", 0.95, 8, 1e-12},
		{"2 to 8", 0.5, 4, 1e-13},
		// Beta: median of Beta(2, 5) (numerical, e.g. R qbeta(0.5, 2, 5)).
		{"beta(2, 5)", 0.5, 0.26444998329566, 1e-9},
		{"beta(1, 1)", 0.37, 0.37, 1e-15},
		{"beta(3, 1)", 0.2, math.Pow(0.2, 1.0/3), 1e-14},                    // F = x^a
		{"beta(1, 4)", 0.9, 1 - math.Pow(0.1, 0.25), 1e-14},                 // F = 1 − (1−x)^b
		{"beta(0.5, 0.5)", 0.3, math.Pow(math.Sin(math.Pi*0.15), 2), 1e-14}, // arcsine law
		{"beta(0.5, 0.5)", 0.999, math.Pow(math.Sin(math.Pi*0.4995), 2), 1e-14},
		{"beta(2, 2)", 0.5, 0.5, 1e-15},
		{"beta(0.1, 1)", 1e-6, 1e-60, 1e-72}, // F = x^0.1
		// Triangular.
		{"triangular(0, 1, 2)", 0.5, 1, 1e-15},
		{"triangular(0, 0, 1)", 0.75, 0.5, 1e-15}, // F = 1 − (1−x)²
		{"triangular(0, 1, 1)", 0.25, 0.5, 1e-15}, // F = x²
		{"triangular(1, 2, 4)", 0.25, 1 + 3*math.Sqrt(0.25/3), 1e-14},
		{"triangular(1, 2, 4)", 0.75, 4 - 3*math.Sqrt(0.25*2/3), 1e-14},
		// PERT is a scaled Beta(1 + 4(mode−min)/w, 1 + 4(max−mode)/w).
		{"pert(0, 0.5, 1)", 0.5, 0.5, 1e-14},                         // Beta(3, 3)
		{"pert(0, 0, 1)", 0.6, 1 - math.Pow(0.4, 0.2), 1e-14},        // Beta(1, 5)
		{"pert(10, 50, 50)", 0.3, 10 + 40*math.Pow(0.3, 0.2), 1e-12}, // Beta(5, 1)
	}
	for _, tt := range tests {
		v := mustValue(t, tt.dist)
		got := v.Quantile(tt.p)
		if math.Abs(got-tt.want) > tt.tol || math.IsNaN(got) {
			t.Errorf("%s.Quantile(%v) = %.17g, want %.17g (± %g)", tt.dist, tt.p, got, tt.want, tt.tol)
		}
	}
}

// TestQuantileEnds checks p = 0, 1 (the support) and invalid p.
func TestQuantileEnds(t *testing.T) {
	for _, d := range []string{"3", "uniform(1, 2)", "normal(0, 1)", "lognormal(0, 1)", "beta(2, 3)",
		"triangular(0, 1, 3)", "pert(1, 2, 4)", "1 to 10"} {
		v := mustValue(t, d)
		lo, hi := v.Support()
		if got := v.Quantile(0); got != lo {
			t.Errorf("%s.Quantile(0) = %v, want %v", d, got, lo)
		}
		if got := v.Quantile(1); got != hi {
			t.Errorf("%s.Quantile(1) = %v, want %v", d, got, hi)
		}
		for _, p := range []float64{-0.1, 1.1, math.NaN()} {
			if got := v.Quantile(p); !math.IsNaN(got) {
				t.Errorf("%s.Quantile(%v) = %v, want NaN", d, p, got)
			}
		}
	}
}

// TestQuantileInvertsCDF: Quantile is increasing, stays in the support, and
// CDF(Quantile(p)) = p; the quantiles' average over a fine grid of p is the
// mean.
func TestQuantileInvertsCDF(t *testing.T) {
	for _, d := range []string{"uniform(-1, 3)", "normal(5, 2)", "lognormal(0.5, 0.8)", "beta(2, 5)",
		"beta(0.3, 0.7)", "beta(30, 4)", "beta(0.5, 0.5)", "triangular(0, 2, 3)", "triangular(0, 0, 1)",
		"pert(0, 0.1, 1)", "pert(2, 4, 12)", "pert(-5, 5, 5)", "0.1 to 2"} {
		v := mustValue(t, d)
		lo, hi := v.Support()
		prev := math.Inf(-1)
		const n = 2000
		var mean float64
		for i := range n {
			p := (float64(i) + 0.5) / n
			x := v.Quantile(p)
			if !(x >= lo && x <= hi) {
				t.Fatalf("%s.Quantile(%v) = %v outside [%v, %v]", d, p, x, lo, hi)
			}
			if x <= prev {
				t.Fatalf("%s: Quantile not increasing at p = %v: %v after %v", d, p, x, prev)
			}
			prev = x
			if c := v.CDF(x); math.Abs(c-p) > 1e-12 {
				t.Errorf("%s: CDF(Quantile(%v)) = %.15g", d, p, c)
			}
			mean += x / n
		}
		// The midpoint rule on a smooth inverse CDF; the normal and lognormal
		// tails beyond the grid make it a little short.
		if want := v.Mean(); math.Abs(mean-want) > 0.01*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: mean of quantiles %v, Mean() %v", d, mean, want)
		}
		for _, p := range []float64{1e-12, 1e-6, 0.001, 0.999, 1 - 1e-6} {
			// In the tails the best a float64 can do is to bracket p between
			// the CDF at the neighbours of x.
			x := v.Quantile(p)
			below, above := v.CDF(math.Nextafter(x, math.Inf(-1))), v.CDF(math.Nextafter(x, math.Inf(1)))
			slack := 1e-9 * math.Min(p, 1-p)
			if c := v.CDF(x); math.Abs(c-p) > slack && !(below-slack <= p && p <= above+slack) {
				t.Errorf("%s: CDF(Quantile(%g)) = %.17g (neighbours %.17g, %.17g)", d, p, c, below, above)
			}
		}
	}
}

// TestCDFKnown checks the CDF at a few points known in closed form.
func TestCDFKnown(t *testing.T) {
	tests := []struct {
		dist   string
		x      float64
		want   float64
		relTol float64
	}{
		{"normal(0, 1)", 0, 0.5, 1e-15},
		{"normal(0, 1)", -1.959963984540054, 0.025, 1e-13},
		{"normal(0, 1)", -20, 2.7536241186063314e-89, 1e-12},
		{"beta(2, 3)", 0.5, 11.0 / 16, 1e-14}, // 6x² − 8x³ + 3x⁴
		{"beta(2, 3)", 0.1, 6*0.01 - 8*0.001 + 3*0.0001, 1e-13},
		{"beta(0.5, 0.5)", 0.25, 1.0 / 3, 1e-13}, // (2/π) asin(½)
		{"triangular(0, 1, 2)", 0.5, 0.125, 1e-15},
		{"pert(0, 0.5, 1)", 0.5, 0.5, 1e-14},
		{"3", 2.9, 0, 0},
		{"3", 3, 1, 0},
	}
	for _, tt := range tests {
		v := mustValue(t, tt.dist)
		if got := v.CDF(tt.x); math.Abs(got-tt.want) > tt.relTol*math.Abs(tt.want) {
			t.Errorf("%s.CDF(%v) = %.17g, want %.17g", tt.dist, tt.x, got, tt.want)
		}
	}
}
