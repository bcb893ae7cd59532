package calibrate

import (
	"math"
	"slices"
)

// NelderMeadOptions tune NelderMead.
type NelderMeadOptions struct {
	MaxIter int     // iterations (each one to n+2 evaluations); 0 = 200·dim
	Step    float64 // initial simplex: x0 and x0 + Step·e_i; 0 = 0.1
	TolX    float64 // stop when every vertex is within TolX of the best in every coordinate; 0 = 1e-6
	TolF    float64 // ... and their values within TolF of the best; 0 = 1e-10
}

// NelderMeadResult is the best point found.
type NelderMeadResult struct {
	X         []float64
	F         float64
	Iter      int
	Evals     int
	Converged bool // stopped by the tolerances, not by MaxIter
}

// NelderMead minimises f from x0 by the downhill simplex method (Nelder &
// Mead 1965) with the standard coefficients — reflection 1, expansion 2,
// contraction ½, shrink ½ — and the ordering and tie rules of Lagarias et al.
// (1998). It is deterministic: the same f and x0 give the same steps.
func NelderMead(f func([]float64) float64, x0 []float64, opt NelderMeadOptions) NelderMeadResult {
	n := len(x0)
	if opt.MaxIter == 0 {
		opt.MaxIter = 200 * max(n, 1)
	}
	if opt.Step == 0 {
		opt.Step = 0.1
	}
	if opt.TolX == 0 {
		opt.TolX = 1e-6
	}
	if opt.TolF == 0 {
		opt.TolF = 1e-10
	}
	res := NelderMeadResult{}
	eval := func(x []float64) float64 {
		res.Evals++
		v := f(x)
		if math.IsNaN(v) {
			return math.Inf(1)
		}
		return v
	}
	type vertex struct {
		x []float64
		f float64
	}
	s := make([]vertex, n+1)
	for i := range s {
		x := slices.Clone(x0)
		if i > 0 {
			x[i-1] += opt.Step
		}
		s[i] = vertex{x, eval(x)}
	}
	order := func() {
		slices.SortStableFunc(s, func(a, b vertex) int {
			switch {
			case a.f < b.f:
				return -1
			case a.f > b.f:
				return 1
			}
			return 0
		})
	}
	centroid := make([]float64, n)
	point := func(t float64) []float64 { // centroid + t·(centroid − worst)
		x := make([]float64, n)
		for j := range x {
			x[j] = centroid[j] + t*(centroid[j]-s[n].x[j])
		}
		return x
	}
	order()
	for res.Iter = 0; res.Iter < opt.MaxIter; res.Iter++ {
		if converged(s[0].x, s[0].f, func(i int) ([]float64, float64) { return s[i].x, s[i].f }, n, opt) {
			res.Converged = true
			break
		}
		clear(centroid)
		for _, v := range s[:n] {
			for j := range centroid {
				centroid[j] += v.x[j] / float64(n)
			}
		}
		xr := point(1)
		fr := eval(xr)
		switch {
		case fr < s[0].f:
			xe := point(2)
			if fe := eval(xe); fe < fr {
				s[n] = vertex{xe, fe}
			} else {
				s[n] = vertex{xr, fr}
			}
		case fr < s[n-1].f:
			s[n] = vertex{xr, fr}
		default:
			// Contract outside (toward the reflection) or inside.
			t, fref := -0.5, s[n].f
			if fr < s[n].f {
				t, fref = 0.5, fr
			}
			xc := point(t)
			if fc := eval(xc); fc <= fref {
				s[n] = vertex{xc, fc}
			} else {
				for i := 1; i <= n; i++ {
					for j := range s[i].x {
						s[i].x[j] = s[0].x[j] + 0.5*(s[i].x[j]-s[0].x[j])
					}
					s[i].f = eval(s[i].x)
				}
			}
		}
		order()
	}
	res.X, res.F = slices.Clone(s[0].x), s[0].f
	return res
}

func converged(best []float64, fbest float64, v func(int) ([]float64, float64), n int, opt NelderMeadOptions) bool {
	for i := 1; i <= n; i++ {
		x, fx := v(i)
		if math.Abs(fx-fbest) > opt.TolF {
			return false
		}
		for j := range x {
			if math.Abs(x[j]-best[j]) > opt.TolX {
				return false
			}
		}
	}
	return true
}
