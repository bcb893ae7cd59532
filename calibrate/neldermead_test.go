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
