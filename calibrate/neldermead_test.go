package calibrate

import (
	"math"
	"testing"
)

// A quadratic in 4-D with its minimum at known log-space coordinates.
func TestNelderMeadQuadratic(t *testing.T) {
	want := []float64{math.Log(2), math.Log(0.5), 0.3, -1.1}
	scale := []float64{1, 4, 0.5, 10}
	f := func(x []float64) float64 {
		s := 0.0
		for i := range x {
			d := x[i] - want[i]
			s += scale[i] * d * d
		}
		return s + 3
	}
	r := NelderMead(f, make([]float64, 4), NelderMeadOptions{MaxIter: 2000, Step: 0.5, TolX: 1e-7, TolF: 1e-14})
	if !r.Converged {
		t.Errorf("not converged after %d iterations", r.Iter)
	}
	for i := range want {
		if math.Abs(r.X[i]-want[i]) > 1e-5 {
			t.Errorf("x[%d] = %.7f, want %.7f ± 1e-5", i, r.X[i], want[i])
		}
	}
	if math.Abs(r.F-3) > 1e-9 {
		t.Errorf("f = %.12f, want 3", r.F)
	}
}

// Rosenbrock's banana in 2-D: minimum 0 at (1, 1), from the classical start.
func TestNelderMeadRosenbrock(t *testing.T) {
	f := func(x []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		return a*a + 100*b*b
	}
	r := NelderMead(f, []float64{-1.2, 1}, NelderMeadOptions{MaxIter: 5000, Step: 0.5, TolX: 1e-8, TolF: 1e-16})
	if math.Abs(r.X[0]-1) > 1e-4 || math.Abs(r.X[1]-1) > 1e-4 || r.F > 1e-8 {
		t.Errorf("minimum at (%.6f, %.6f), f = %.3g after %d evaluations; want (1, 1), 0 to 1e-4", r.X[0], r.X[1], r.F, r.Evals)
	}
}

// The same problem gives the same steps.
func TestNelderMeadDeterministic(t *testing.T) {
	f := func(x []float64) float64 { return math.Abs(x[0]-1) + (x[1]+2)*(x[1]+2) + math.Sin(3*x[0]) }
	a := NelderMead(f, []float64{0, 0}, NelderMeadOptions{MaxIter: 100})
	b := NelderMead(f, []float64{0, 0}, NelderMeadOptions{MaxIter: 100})
	if a.F != b.F || a.X[0] != b.X[0] || a.X[1] != b.X[1] || a.Evals != b.Evals {
		t.Errorf("two runs differ: %+v, %+v", a, b)
	}
}

// One pass of scan finds the minimum of a separable function to the
// golden-section's resolution in each coordinate, even a factor of e² from
// the start, and never returns a point worse than its start.
func TestScanFindsSeparableMinimum(t *testing.T) {
	c := []float64{1.7, -2.2, 0.3}
	evals := 0
	f := func(x []float64) float64 {
		evals++
		s := 0.0
		for i := range x {
			s += (x[i] - c[i]) * (x[i] - c[i]) * float64(i+1)
		}
		return s
	}
	x0 := make([]float64, 3)
	x, fx := scan(f, x0, f(x0))
	for i := range c {
		if math.Abs(x[i]-c[i]) > 0.01 {
			t.Errorf("coordinate %d: %g, want %g", i, x[i], c[i])
		}
	}
	if want := f(x); fx != want {
		t.Errorf("scan reports %g at its point, f gives %g", fx, want)
	}
	if evals != 1+3*(scanSteps+2)+1 {
		t.Errorf("%d evaluations, want %d per coordinate", evals, scanSteps+2)
	}
	// Where the line only rises it stays exactly put: no point as good is
	// taken for a better one.
	vee := func(x []float64) float64 { return math.Abs(x[0]) }
	if x, fx := scan(vee, []float64{0}, 0); x[0] != 0 || fx != 0 {
		t.Errorf("from the minimum of |x| it moved to %g (%g)", x[0], fx)
	}
	// A minimum beyond its reach (4, from 0) draws it to the edge of the
	// reach, no further.
	far := func(x []float64) float64 { return -math.Exp(-(x[0] - 4) * (x[0] - 4)) }
	if x, _ := scan(far, []float64{0}, far([]float64{0})); math.Abs(x[0]-scanReach) > 0.02 {
		t.Errorf("toward a minimum out of reach it went to %g, want the edge %g", x[0], scanReach)
	}
}
