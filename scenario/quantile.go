package scenario

import "math"

// Quantile returns the p-quantile (inverse CDF) of v: the least x with
// CDF(x) ≥ p, for 0 ≤ p ≤ 1.
//
//	Const        P[0] for every p
//	Uniform      a + p(b − a)
//	Normal       mean + sd·Φ⁻¹(p)
//	LogNormal    exp(mu + sigma·Φ⁻¹(p))
//	Triangular   min + (max−min)·√(p·F_c) below F_c = (mode−min)/(max−min),
//	             max − (max−min)·√((1−p)(1−F_c)) above
//	Beta         the root of I_x(a, b) = p (regularised incomplete beta)
//	PERT         min + (max−min)·x, x the quantile of its Beta (see Draw)
//
// Φ⁻¹ starts from math.Erfinv (or an asymptotic expansion in the far tails)
// and is polished by Newton steps on ln Φ, with Φ from math.Erfc, so it is
// accurate to a few ulps down to p ≈ 1e-300. The Beta quantile is found by
// Newton's method safeguarded by bisection, to full double precision.
//
// Quantile(0) and Quantile(1) are the ends of Support, ±Inf for an unbounded
// family. It returns NaN for p outside [0, 1] or NaN.
func (v Value) Quantile(p float64) float64 {
	if !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	a := v.P
	switch v.Kind {
	case Const:
		return a[0]
	case Uniform:
		if p == 1 {
			return a[1]
		}
		return min(a[0]+p*(a[1]-a[0]), a[1])
	case Normal:
		return a[0] + a[1]*normalQuantile(p)
	case LogNormal:
		switch p {
		case 0:
			return 0
		case 1:
			return math.Inf(1)
		}
		return math.Exp(a[0] + a[1]*normalQuantile(p))
	case Beta:
		return betaQuantile(p, a[0], a[1])
	case Triangular:
		w := a[2] - a[0]
		fc := (a[1] - a[0]) / w
		var x float64
		if p < fc {
			x = a[0] + w*math.Sqrt(p*fc)
		} else if s := math.Sqrt((1 - p) * (1 - fc)); s > 0.5 {
			// Far from max (mode near min, p small): max − w·s cancels, but
			// 1 − s = (1 − s²)/(1 + s) and 1 − s² = p + F_c(1 − p) do not.
			x = a[0] + w*(p+fc*(1-p))/(1+s)
		} else {
			x = a[2] - w*s
		}
		return min(max(x, a[0]), a[2])
	case PERT:
		w := a[2] - a[0]
		al, be := pertShape(a)
		return min(max(a[0]+w*betaQuantile(p, al, be), a[0]), a[2])
	}
	return math.NaN()
}

// CDF returns P(X ≤ x) for X distributed as v: a step at P[0] for Const,
// Φ((x − mean)/sd) for Normal, Φ((ln x − mu)/sigma) for LogNormal, the
// regularised incomplete beta I_x(a, b) for Beta (and PERT, rescaled), and the
// piecewise quadratic of Triangular (see Draw). It is NaN for a NaN x.
func (v Value) CDF(x float64) float64 {
	if math.IsNaN(x) {
		return math.NaN()
	}
	a := v.P
	switch v.Kind {
	case Const:
		if x < a[0] {
			return 0
		}
		return 1
	case Uniform:
		return min(max((x-a[0])/(a[1]-a[0]), 0), 1)
	case Normal:
		return normalCDF((x - a[0]) / a[1])
	case LogNormal:
		if x <= 0 {
			return 0
		}
		return normalCDF((math.Log(x) - a[0]) / a[1])
	case Beta:
		return betaCDF(x, a[0], a[1])
	case Triangular:
		switch {
		case x <= a[0]:
			return 0
		case x >= a[2]:
			return 1
		case x <= a[1]:
			return (x - a[0]) * (x - a[0]) / ((a[2] - a[0]) * (a[1] - a[0]))
		default:
			// 1 − (max−x)²/((max−min)(max−mode)), written as a sum of
			// non-negative terms so that it keeps its precision near min
			// when mode = min.
			return ((x-a[1])*(2*a[2]-a[1]-x) + (a[2]-a[1])*(a[1]-a[0])) / ((a[2] - a[0]) * (a[2] - a[1]))
		}
	case PERT:
		al, be := pertShape(a)
		return betaCDF((x-a[0])/(a[2]-a[0]), al, be)
	}
	return math.NaN()
}

// pertShape returns the shapes of the Beta of pert(min, mode, max) (Vose):
// 1 + 4(mode−min)/(max−min) and 1 + 4(max−mode)/(max−min).
func pertShape(p [3]float64) (alpha, beta float64) {
	w := p[2] - p[0]
	return 1 + 4*(p[1]-p[0])/w, 1 + 4*(p[2]-p[1])/w
}

// normalCDF is Φ(z), computed with erfc so that the lower tail keeps its
// relative precision.
func normalCDF(z float64) float64 {
	return 0.5 * math.Erfc(-z/math.Sqrt2)
}

// normalPDF is φ(z).
func normalPDF(z float64) float64 {
	return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi)
}

// normalQuantile is Φ⁻¹(p), 0 ≤ p ≤ 1.
func normalQuantile(p float64) float64 {
	switch {
	case p == 0:
		return math.Inf(-1)
	case p == 1:
		return math.Inf(1)
	case p == 0.5:
		return 0
	case p > 0.5:
		// 1 − p is exact for p in [0.5, 1] (Sterbenz), and Φ⁻¹ is odd about ½.
		return -normalQuantile(1 - p)
	}
	// Now 0 < p < ½ and the quantile is negative. The starting point: erfinv
	// where 1 − 2p keeps enough digits, else the first terms of the
	// asymptotic expansion of the tail, x² ≈ t − ln t − ln 2π, t = −2 ln p.
	var x float64
	if p > 1e-8 {
		x = -math.Sqrt2 * math.Erfinv(1-2*p)
	} else {
		t := -2 * math.Log(p)
		x = -math.Sqrt(t - math.Log(t) - math.Log(2*math.Pi))
	}
	// Newton's method on g(x) = ln Φ(x) − ln p, g'(x) = φ(x)/Φ(x): well
	// scaled in the tail, where Φ is tiny.
	lp := math.Log(p)
	for range 100 {
		c := normalCDF(x)
		d := normalPDF(x)
		if c <= 0 || d <= 0 {
			break // beyond what float64 can follow; keep the estimate
		}
		step := (math.Log(c) - lp) * c / d
		x -= step
		if math.Abs(step) <= 1e-15*math.Abs(x) || math.Abs(step) < 1e-300 {
			break
		}
	}
	return x
}

// betaCDF is the regularised incomplete beta function I_x(a, b), a, b > 0.
func betaCDF(x, a, b float64) float64 {
	switch {
	case math.IsNaN(x):
		return math.NaN()
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	// The continued fraction converges fast for x < (a+1)/(a+b+2); use the
	// symmetry I_x(a, b) = 1 − I_{1−x}(b, a) above.
	if x > (a+1)/(a+b+2) {
		return 1 - betaCDFcf(1-x, b, a)
	}
	return betaCDFcf(x, a, b)
}

// betaCDFcf evaluates I_x(a, b) = x^a (1−x)^b / (a B(a, b)) / K, with K the
// continued fraction
//
//	K = 1 + d₁/(1 + d₂/(1 + d₃/(1 + …))),
//	d_{2m+1} = −(a+m)(a+b+m) x / ((a+2m)(a+2m+1)),
//	d_{2m}   = m(b−m) x / ((a+2m−1)(a+2m))
//
// (Abramowitz & Stegun 26.5.8), evaluated forward by the modified Lentz
// method (Thompson & Barnett 1986).
func betaCDFcf(x, a, b float64) float64 {
	const tiny = 1e-300
	const eps = 1e-16
	lfront := a*math.Log(x) + b*math.Log1p(-x) - lnBeta(a, b) - math.Log(a)
	f, c, d := 1.0, 1.0, 0.0
	for j := 1; j <= 10000; j++ {
		m := float64(j / 2)
		var dj float64
		if j%2 == 1 {
			dj = -(a + m) * (a + b + m) * x / ((a + 2*m) * (a + 2*m + 1))
		} else {
			dj = m * (b - m) * x / ((a + 2*m - 1) * (a + 2*m))
		}
		d = 1 + dj*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + dj/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		delta := c * d
		f *= delta
		if math.Abs(delta-1) < eps {
			break
		}
	}
	return math.Exp(lfront) / f
}

// lnBeta is ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a+b).
func lnBeta(a, b float64) float64 {
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	return la + lb - lab
}

// betaPDF is the Beta(a, b) density at 0 < x < 1.
func betaPDF(x, a, b float64) float64 {
	return math.Exp((a-1)*math.Log(x) + (b-1)*math.Log1p(-x) - lnBeta(a, b))
}

// betaQuantile solves I_x(a, b) = p for x in [0, 1] by Newton's method,
// falling back on bisection whenever a Newton step would leave the bracket
// that holds the root.
func betaQuantile(p, a, b float64) float64 {
	switch {
	case p <= 0:
		return 0
	case p >= 1:
		return 1
	}
	lo, hi := 0.0, 1.0
	x := a / (a + b) // the mean: a start inside (0, 1)
	for range 2000 {
		f := betaCDF(x, a, b) - p
		if f == 0 {
			return x
		}
		if f < 0 {
			lo = x
		} else {
			hi = x
		}
		next := math.NaN()
		if d := betaPDF(x, a, b); d > 0 && !math.IsInf(d, 0) {
			next = x - f/d
		}
		if !(next > lo && next < hi) {
			next = lo + (hi-lo)/2
		}
		if next == x || next <= lo || next >= hi {
			break // the bracket is down to adjacent floats
		}
		if math.Abs(next-x) <= 1e-16*x {
			x = next
			break
		}
		x = next
	}
	return x
}
