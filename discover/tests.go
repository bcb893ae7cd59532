package discover

// The two tests that scenario discovery leans on, in closed form.
//
// The upper tail of the binomial distribution, for the quasi-p-value of a
// box's restriction (Bryant & Lempert 2010, sect. 3.3) and for whether a box
// holds up on the trajectories it was not fitted on:
//
//	P(X ≥ k | n, p) = Σ_{i=k..n} C(n, i) pⁱ (1−p)ⁿ⁻ⁱ
//
// summed from the tail that is smaller, each term from the one before
// (pmf(i+1) = pmf(i) · (n−i)/(i+1) · p/(1−p)), the first in logs through
// lgamma, so that n of a million and p of 10⁻⁴ neither overflow nor lose the
// tail.
//
// The survival function of the χ² distribution with ν degrees of freedom,
// for the test of homogeneity of the outcome's rate over the bins of an
// assumption (Pearson 1900):
//
//	P(χ²_ν ≥ x) = Q(ν/2, x/2)
//
// with Q the regularized upper incomplete gamma function, by its series for
// x < a+1 and by its continued fraction (modified Lentz) beyond (Press et
// al., Numerical Recipes, 3rd ed., 2007, sect. 6.2).

import "math"

// binomialUpper returns P(X ≥ k) for X ~ Binomial(n, p).
func binomialUpper(k, n int64, p float64) float64 {
	switch {
	case k <= 0:
		return 1
	case k > n:
		return 0
	case p <= 0:
		return 0
	case p >= 1:
		return 1
	}
	mean := float64(n) * p
	if float64(k) > mean {
		return tailSum(k, n, p, +1)
	}
	return math.Max(0, 1-tailSum(k-1, n, p, -1))
}

// tailSum sums the binomial probabilities from k outwards, upwards (dir +1,
// to n) or downwards (dir −1, to 0), until the terms no longer count.
func tailSum(k, n int64, p float64, dir int) float64 {
	lp, lq := math.Log(p), math.Log1p(-p)
	lg := func(x int64) float64 { v, _ := math.Lgamma(float64(x) + 1); return v }
	term := math.Exp(lg(n) - lg(k) - lg(n-k) + float64(k)*lp + float64(n-k)*lq)
	sum := term
	ratio := p / (1 - p)
	for i := k; ; {
		if dir > 0 {
			if i == n {
				break
			}
			term *= float64(n-i) / float64(i+1) * ratio
			i++
		} else {
			if i == 0 {
				break
			}
			term *= float64(i) / float64(n-i+1) / ratio
			i--
		}
		sum += term
		if term < sum*1e-17 || term == 0 {
			break
		}
	}
	return math.Min(sum, 1)
}

// chiSquareUpper returns P(χ²_ν ≥ x).
func chiSquareUpper(x float64, nu int) float64 {
	if x <= 0 || nu <= 0 {
		return 1
	}
	return gammaQ(float64(nu)/2, x/2)
}

// gammaQ is the regularized upper incomplete gamma function Q(a, x).
func gammaQ(a, x float64) float64 {
	lga, _ := math.Lgamma(a)
	front := math.Exp(-x + a*math.Log(x) - lga)
	if x < a+1 {
		// P(a, x) = e⁻ˣ xᵃ / Γ(a) · Σ xⁿ / (a (a+1) … (a+n))
		ap, del := a, 1/a
		sum := del
		for range 1000 {
			ap++
			del *= x / ap
			sum += del
			if math.Abs(del) < math.Abs(sum)*1e-16 {
				break
			}
		}
		return math.Max(0, 1-sum*front)
	}
	// Q(a, x) = e⁻ˣ xᵃ / Γ(a) · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …)))
	const tiny = 1e-300
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i < 1000; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-16 {
			break
		}
	}
	return math.Min(1, front*h)
}
