package sim

// Random variates used by the per-turn simulation loop.
//
// Everything in this file is allocation free and takes the generator
// explicitly, so that each simulated war can own a reproducible stream.
// Draws are exact up to floating-point rounding: no normal or other
// asymptotic approximations are used. Counts are computed in float64, so
// results are only meaningful for parameters (n, mean) below 2^53.

import (
	"math"
	"math/rand/v2"
)

// Thresholds at which the samplers switch from sequential-search inversion
// to transformed rejection. Both rejection methods are only valid above
// these values (Hörmann requires mean >= 10 and n·p >= 10 respectively).
const (
	poissonInversionMax  = 10.0
	binomialInversionMax = 10.0
)

// twoPow63 is 2^63 as a float64; float values at or above it do not fit in
// an int64.
const twoPow63 = 9223372036854775808.0

// poisson returns a Poisson-distributed count with the given mean.
// A mean <= 0 (or NaN) yields 0; +Inf yields math.MaxInt64.
//
// Method: for mean < 10, inversion by sequential search using the pmf
// recurrence p(k) = p(k-1)·mean/k (Devroye 1986, "Non-Uniform Random
// Variate Generation", §X.3.3). For mean >= 10, the PTRS transformed
// rejection method with squeeze of W. Hörmann (1993), "The transformed
// rejection method for generating Poisson random variables", Insurance:
// Mathematics and Economics 12:39–45. The acceptance test evaluates
// log p(k) in Loader's saddle-point form (stirlerr via math.Lgamma for small
// k, Stirling series otherwise) so it stays accurate for very large means.
// It never allocates.
func poisson(r *rand.Rand, mean float64) int64 {
	if !(mean > 0) {
		return 0
	}
	if mean < poissonInversionMax {
		return poissonInversion(r, mean)
	}
	if math.IsInf(mean, 1) {
		return math.MaxInt64
	}
	return poissonPTRS(r, mean)
}

// poissonInversion draws by sequential search over the cdf. If rounding
// makes the search run off the end of the representable pmf (probability
// of order 2^-53), it restarts with a fresh uniform.
func poissonInversion(r *rand.Rand, mean float64) int64 {
	// Squeeze for the common case of a small mean: 1 − m ≤ e^−m, so a
	// uniform below 1 − m is a zero draw without computing the exponential.
	// The uniform is then reused by the search, exactly as if p0 were known.
	u := r.Float64()
	if u < 1-mean {
		return 0
	}
	return poissonSearch(r, u, mean, math.Exp(-mean))
}

// poissonSearch is the sequential search from a first uniform u.
func poissonSearch(r *rand.Rand, u, mean, p0 float64) int64 {
	for first := true; ; first = false {
		if !first {
			u = r.Float64()
		}
		p := p0
		var k int64
		for {
			if u < p {
				return k
			}
			u -= p
			k++
			p *= mean / float64(k)
			if p == 0 {
				break
			}
		}
	}
}

// expNegStep is the number of entries per unit of expNegTable.
const expNegStep = 64

// expNegTable[i] is e^(−i/64) for 0 ≤ i/64 ≤ 10 (math.Exp, once).
var expNegTable = func() (t [10*expNegStep + 2]float64) {
	for i := range t {
		t[i] = math.Exp(-float64(i) / expNegStep)
	}
	return t
}()

// expNegMax is the end of expNeg's range.
const expNegMax = 10.0

// expNeg returns e^−x for 0 ≤ x ≤ 10 as e^(−i/64) from the table times
// e^−d, d = x − i/64 ∈ [0, 1/64), by its Taylor series to d⁶: the truncation
// error is below d⁷/7! < 5·10⁻¹⁷ relative, under half an ulp, so the result is
// within a few ulps of math.Exp at a third of its cost and without a call.
// The series is summed in Estrin's order, by powers of d², so that its terms
// are computed side by side rather than one after the other (Horner): the
// result is ready in about half the time, which the search waits on.
func expNeg(x float64) float64 {
	i := int(x * expNegStep)
	d := x - float64(i)*(1.0/expNegStep) // exact: i/64 and x are close
	d2 := d * d
	return expNegTable[i] * ((1 - d) + d2*((1.0/2-d*(1.0/6))+d2*((1.0/24-d*(1.0/120))+d2*(1.0/720))))
}

// expNegTens[q] is e^(−10q) (math.Exp, once).
var expNegTens = [...]float64{1, math.Exp(-10), math.Exp(-20), math.Exp(-30)}

// expNegWide returns e^−x for x ≥ 0: expNeg below 10; below 40, as
// e^−(x−10q)·e^−10q with q = ⌊x/10⌋ (x − 10q is exact, Sterbenz), one
// rounding more than expNeg, so within a few ulps of math.Exp; math.Exp
// beyond.
func expNegWide(x float64) float64 {
	if x < expNegMax {
		return expNeg(x)
	}
	if x < 4*expNegMax {
		q := int(x * (1 / expNegMax))
		return expNeg(x-float64(q)*expNegMax) * expNegTens[q]
	}
	return math.Exp(-x)
}

// bitPool hands out the words of a stream a few bits at a time, low bits
// first, so that a draw which needs only a coarse uniform takes a share of
// a word. Its state belongs to the stream's trajectory: reset it with the
// stream (World.Reset).
type bitPool struct {
	word uint64
	left uint // bits of word not yet handed out
}

// take returns the next `bits` bits (1 ≤ bits ≤ 64) as an integer in
// [0, 2^bits), starting a new word of r when fewer than bits are left (the
// rest of the old word is dropped, so bits should divide 64).
func (b *bitPool) take(r *rand.Rand, bits uint) uint64 {
	if b.left < bits {
		b.fill(r)
	}
	x := b.word & (1<<bits - 1)
	b.word >>= bits & 63
	b.left -= bits
	return x
}

// fill starts a new word (out of take, so that take inlines).
//
//go:noinline
func (b *bitPool) fill(r *rand.Rand) { b.word, b.left = r.Uint64(), 64 }

// poissonCellBits is the width of the first part of the uniform of
// PoissonPooled: four draws to a word.
const poissonCellBits = 16

// poissonPooledMax bounds the means PoissonPooled takes: the search costs
// about mean+1 steps of the pmf recurrence, less than the transformed
// rejection's logarithms and two full uniforms up to about this mean.
const poissonPooledMax = 32.0

// poissonPooled returns a Poisson count with mean 0 < mean < 32 by the
// same inversion as Poisson (sequential search over the cdf, Devroye 1986
// §X.3.3), but with a uniform drawn lazily: U = (X + V)/2^b with X the next
// b = 16 bits of the pool and V ∈ [0, 1) a fresh Float64 drawn only if X
// alone cannot decide, that is if the cell [X, X+1)/2^b contains a point of
// the cdf the search compares with (Knuth & Yao 1976 read the same way:
// generate only the bits a comparison needs). Every comparison is decided
// exactly as with the full uniform, so the counts are exactly Poisson up to
// the rounding of the cdf, as in Poisson, while one word serves four draws:
// a cell is undecided with probability (k+1)·2^−16 for a count k. e^−mean
// comes from expNegWide, a uniform below 1 − mean is a zero without it, and
// 1/k in the recurrence from a table.
func poissonPooled(r *rand.Rand, pool *bitPool, mean float64) int64 {
	return poissonCells(r, pool, poissonCellBits, mean)
}

// recipTable[k] is 1/k (k ≥ 1): the search's pmf recurrence
// p(k) = p(k−1)·mean·(1/k) multiplies where a division would take several
// times as long.
var recipTable = func() (t [128]float64) {
	for k := 1; k < len(t); k++ {
		t[k] = 1 / float64(k)
	}
	return t
}()

// poissonCells is PoissonPooled with cells of the given width in bits and
// for any mean (tests use narrow cells to exercise the refinement, and large
// means to exercise the search past the table of 1/k); 0 for a mean ≤ 0.
func poissonCells(r *rand.Rand, pool *bitPool, bits uint, mean float64) int64 {
	var m, k [1]float64
	m[0] = mean
	poissonCellsEach(r, pool, bits, math.Inf(1), m[:], k[:])
	return int64(k[0])
}

// poissonPooledEach draws counts[c] ~ Poisson(means[c]) for each c in turn,
// exactly as drawLoss would one after the other: PoissonPooled for means
// below 32, poisson above, and no draw (a count of 0) for a mean ≤ 0 or NaN.
// A side's day of losses is one call: the search runs without a call per
// draw, which would spill and reload every value the caller keeps live.
func poissonPooledEach(r *rand.Rand, pool *bitPool, means, counts []float64) {
	poissonCellsEach(r, pool, poissonCellBits, poissonPooledMax, means, counts)
}

// poissonCellsEach is poissonPooledEach with cells of the given width, by
// the pooled search for means below `below`.
func poissonCellsEach(r *rand.Rand, pool *bitPool, bits uint, below float64, means, counts []float64) {
	bits &= 63
	scale := float64(int64(1) << bits)
	counts = counts[:len(means)]
draws:
	for c, mean := range means {
		counts[c] = 0
		if !(mean > 0) {
			continue
		}
		if !(mean < below) {
			counts[c] = float64(poisson(r, mean))
			continue
		}
		for { // a cell, and again if rounding exhausts the pmf
			if pool.left < bits { // pool.take, by hand: it does not inline
				pool.word, pool.left = r.Uint64(), 64 // pool.fill
			}
			// x is the low end of the uniform's cell, in units of 2^−bits;
			// the uniform lies in [x, x+1) until it is refined.
			x := float64(int64(pool.word & (1<<bits - 1))) // a signed conversion: cheaper
			pool.word >>= bits
			pool.left -= bits
			if x+1 <= (1-mean)*scale {
				continue draws // below 1 − mean ≤ e^−mean: a count of 0
			}
			var p float64 // p(k) in the same units as x, exact scaling
			if mean < expNegMax {
				p = expNeg(mean) * scale // inlined: nearly all draws
			} else {
				p = expNegWide(mean) * scale
			}
			k := 0
			for p > 0 { // p = 0: rounding exhausted the pmf, start again
				if k+4 < len(recipTable) {
					// Four steps of the search at once, without a branch
					// per step: the step that ends the search is hard to
					// foretell, and a wrong guess costs more than the
					// steps. Each x_{j+1} = x_j − p_j is the subtraction the
					// search makes when x_j ≥ p_j, and it is negative just
					// when x_j < p_j; from there on x stays negative, so
					// the count of steps before the search ends is the
					// number of non-negative x_{j+1}. Same operations in the
					// same order as step by step: the same count.
					x0, p0 := x, p
					x1, p1 := x0-p0, p0*(mean*recipTable[k+1])
					x2, p2 := x1-p1, p1*(mean*recipTable[k+2])
					x3, p3 := x2-p2, p2*(mean*recipTable[k+3])
					x4, p4 := x3-p3, p3*(mean*recipTable[k+4])
					neg := math.Float64bits(x1)>>63 + math.Float64bits(x2)>>63 +
						math.Float64bits(x3)>>63 + math.Float64bits(x4)>>63
					if neg == 0 { // x_j ≥ p_j at all four: go on
						x, p, k = x4, p4, k+4
						continue
					}
					j := (4 - neg) & 3 // the search ends at k + j
					xs, ps := [4]float64{x0, x1, x2, x3}, [4]float64{p0, p1, p2, p3}
					x, p, k = xs[j], ps[j], k+int(j)
				} else if x >= p { // the whole cell lies above: go on
					x -= p
					k++
					if k < len(recipTable) {
						p *= mean * recipTable[k] // no division on the common path
					} else {
						p *= mean / float64(k)
					}
					continue
				}
				if x+1 <= p {
					counts[c] = float64(k) // the whole cell lies below
					continue draws
				}
				// The cell straddles the cdf point: draw the rest of the
				// uniform (x < 2^bits, so the sum keeps V to 2^−53 of the
				// whole range) and go on with exact comparisons.
				x += r.Float64()
				if k, ok := poissonSearchFrom(x, float64(k), p, mean); ok {
					counts[c] = float64(k)
					continue draws
				}
				break
			}
		}
	}
}

// poissonSearchFrom goes on with the sequential search from count k, whose
// probability (in the units of x) is p, for a uniform x known exactly. ok
// is false if rounding exhausts the pmf first.
func poissonSearchFrom(x, k, p, mean float64) (int64, bool) {
	for p > 0 {
		if x < p {
			return int64(k), true
		}
		x -= p
		k++
		p *= mean / k
	}
	return 0, false
}

// poissonPTRS implements Hörmann's PTRS algorithm; mean must be >= 10.
func poissonPTRS(r *rand.Rand, mean float64) int64 {
	slam := math.Sqrt(mean)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invAlpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := r.Float64() - 0.5
		v := r.Float64()
		us := 0.5 - math.Abs(u)
		if us == 0 {
			continue // the hat is unbounded there; reject
		}
		k := math.Floor((2*a/us+b)*u + mean + 0.43)
		if us >= 0.07 && v <= vr {
			return floatToCount(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		if math.Log(v*invAlpha/(a/(us*us)+b)) <= poissonLogPMF(k, mean) {
			return floatToCount(k)
		}
	}
}

// floatToCount converts a non-negative integral float to int64, saturating.
func floatToCount(k float64) int64 {
	if k >= twoPow63 {
		return math.MaxInt64
	}
	return int64(k)
}

// binomial returns the number of successes in n independent trials each
// succeeding with probability p. n <= 0 or p <= 0 (or NaN) yields 0 and
// p >= 1 yields n.
//
// Method: by symmetry p is replaced by min(p, 1-p). If n·p < 10, inversion by
// sequential search with the recurrence f(k) = f(k-1)·(p/q)·(n-k+1)/k
// (Kachitvichyanukul & Schmeiser 1988, "Binomial random variate generation",
// CACM 31:216–222, algorithm BINV). Otherwise the BTRS transformed rejection
// method with squeeze of W. Hörmann (1993), "The generation of binomial
// random variates", J. Statist. Comput. Simul. 46:101–110, with the ratio
// f(k)/f(m) evaluated in Loader's saddle-point form (C. Loader 2000, "Fast
// and accurate computation of binomial probabilities") so that it does not
// lose precision for large n (within 15 of the mode the ratio is a short
// product, as in Hörmann's paper). It never allocates.
func binomial(r *rand.Rand, n int64, p float64) int64 {
	if n <= 0 || !(p > 0) {
		return 0
	}
	if p >= 1 {
		return n
	}
	if p > 0.5 {
		return n - binomialHalf(r, n, 1-p)
	}
	return binomialHalf(r, n, p)
}

// binomialHalf draws Binomial(n, p) for 0 < p <= 0.5.
func binomialHalf(r *rand.Rand, n int64, p float64) int64 {
	if float64(n)*p < binomialInversionMax {
		return binomialInversion(r, n, p)
	}
	return binomialBTRS(r, n, p)
}

// binomialInversion draws by sequential search over the cdf, restarting in
// the (probability ~2^-53) event that rounding exhausts the pmf.
func binomialInversion(r *rand.Rand, n int64, p float64) int64 {
	s := p / (1 - p)
	f0 := math.Exp(float64(n) * math.Log1p(-p))
	for {
		u := r.Float64()
		f := f0
		var k int64
		for {
			if u < f {
				return k
			}
			u -= f
			k++
			if k > n {
				break
			}
			f *= s * float64(n-k+1) / float64(k)
			if f == 0 {
				break
			}
		}
	}
}

// binomialBTRS implements Hörmann's BTRS algorithm; requires p <= 0.5 and
// n·p >= 10.
func binomialBTRS(r *rand.Rand, n int64, p float64) int64 {
	nf := float64(n)
	q := 1 - p
	spq := math.Sqrt(nf * p * q)
	b := 1.15 + 2.53*spq
	a := -0.0873 + 0.0248*b + 0.01*p
	c := nf*p + 0.5
	alpha := (2.83 + 5.1/b) * spq
	vr := 0.92 - 4.2/b
	m := math.Floor((nf + 1) * p)
	ratio := p / q
	nr := (nf + 1) * ratio
	logFm := math.NaN() // log f(m), computed only if the slow test is reached
	for {
		u := r.Float64() - 0.5
		v := r.Float64()
		us := 0.5 - math.Abs(u)
		if us == 0 {
			continue
		}
		k := math.Floor((2*a/us+b)*u + c)
		if k < 0 || k > nf {
			continue
		}
		if us >= 0.07 && v <= vr {
			return min(floatToCount(k), n)
		}
		v *= alpha / (a/(us*us) + b)
		if km := math.Abs(k - m); km <= 15 {
			// Near the mode, f(k)/f(m) by the recurrence
			// f(i)/f(i-1) = ((n+1)/i - 1)·p/q, avoiding logarithms.
			f := 1.0
			if k > m {
				for i := m + 1; i <= k; i++ {
					f *= nr/i - ratio
				}
			} else {
				for i := k + 1; i <= m; i++ {
					v *= nr/i - ratio
				}
			}
			if v <= f {
				return min(floatToCount(k), n)
			}
			continue
		}
		if logFm != logFm {
			logFm = binomialLogPMF(m, nf, p, q)
		}
		if math.Log(v) <= binomialLogPMF(k, nf, p, q)-logFm {
			return min(floatToCount(k), n)
		}
	}
}

// stirlerrSmall[k] is stirlerr(k) for k = 1..15, computed once from
// math.Lgamma (the Stirling series converges too slowly there).
var stirlerrSmall = func() (t [16]float64) {
	for k := 1; k < len(t); k++ {
		x := float64(k)
		lg, _ := math.Lgamma(x + 1)
		t[k] = lg - (x+0.5)*math.Log(x) + x - 0.5*math.Log(2*math.Pi)
	}
	return t
}()

// stirlerr returns log(k!) - log(sqrt(2πk)·(k/e)^k), the error of Stirling's
// approximation, for integral k >= 1 (Loader 2000).
func stirlerr(k float64) float64 {
	const (
		s0 = 1.0 / 12
		s1 = 1.0 / 360
		s2 = 1.0 / 1260
		s3 = 1.0 / 1680
		s4 = 1.0 / 1188
	)
	if k <= 15 {
		return stirlerrSmall[int(k)]
	}
	kk := k * k
	switch {
	case k > 500:
		return (s0 - s1/kk) / k
	case k > 80:
		return (s0 - (s1-s2/kk)/kk) / k
	case k > 35:
		return (s0 - (s1-(s2-s3/kk)/kk)/kk) / k
	default:
		return (s0 - (s1-(s2-(s3-s4/kk)/kk)/kk)/kk) / k
	}
}

// bd0 returns the deviance term x·log(x/mu) + mu - x, computed without
// cancellation when x is close to mu (Loader 2000). Requires x, mu > 0.
func bd0(x, mu float64) float64 {
	d := x - mu
	if math.Abs(d) < 0.1*(x+mu) {
		v := d / (x + mu)
		s := d * v
		ej := 2 * x * v
		v *= v
		for j := 3.0; ; j += 2 {
			ej *= v
			s1 := s + ej/j
			if s1 == s {
				return s1
			}
			s = s1
		}
	}
	return x*math.Log(x/mu) + mu - x
}

// poissonLogPMF returns log P(X = k) for X ~ Poisson(mean), k integral >= 0.
func poissonLogPMF(k, mean float64) float64 {
	if k == 0 {
		return -mean
	}
	return -stirlerr(k) - bd0(k, mean) - 0.5*math.Log(2*math.Pi*k)
}

// binomialLogPMF returns log P(X = k) for X ~ Binomial(n, p), k integral in
// [0, n], where q = 1 - p.
func binomialLogPMF(k, n, p, q float64) float64 {
	switch k {
	case 0:
		return n * math.Log1p(-p)
	case n:
		return n * math.Log(p)
	}
	nk := n - k
	return stirlerr(n) - stirlerr(k) - stirlerr(nk) -
		bd0(k, n*p) - bd0(nk, n*q) +
		0.5*math.Log(n/(2*math.Pi*k*nk))
}

// bernoulli returns true with probability p (p <= 0 or NaN: never; p >= 1:
// always), by comparing one uniform on [0, 1) with p.
func bernoulli(r *rand.Rand, p float64) bool {
	return r.Float64() < p
}

// logit draws an index from the logit (quantal response) choice
// distribution of McKelvey & Palfrey (1995), "Quantal response equilibria
// for normal form games", Games and Economic Behavior 10:6–38:
//
//	P(i) ∝ exp(lambda·utils[i])  for allowed i.
//
// allowed may be nil, meaning every entry is allowed; otherwise it must be
// at least as long as utils. Entries with NaN utility are never chosen.
// The largest lambda·u is subtracted before exponentiating (computed online
// in the first pass), so large utilities do not overflow; if several allowed
// entries share an infinite lambda·u they split the probability equally.
// lambda = +Inf picks the argmax (ties to the lowest index), -Inf the argmin,
// and 0 picks uniformly among allowed entries. lambda must not be NaN.
// Returns -1 if no entry is allowed. Two passes over utils, one uniform,
// no allocation.
func logit(r *rand.Rand, utils []float64, lambda float64, allowed []bool) int {
	switch {
	case lambda != lambda:
		panic("sim: Logit with NaN lambda")
	case lambda == 0:
		return uniformAllowed(r, utils, allowed)
	case math.IsInf(lambda, 0):
		return extremeAllowed(utils, allowed, lambda > 0)
	}
	m, s := logitNorm(utils, lambda, allowed)
	if s == 0 {
		return -1
	}
	t := r.Float64() * s
	last := -1
	for i, u := range utils {
		if allowed != nil && !allowed[i] {
			continue
		}
		x := lambda * u
		if x != x {
			continue
		}
		w := logitWeight(x, m)
		if w == 0 {
			continue
		}
		last = i
		t -= w
		if t < 0 {
			return i
		}
	}
	return last // only reached through rounding in the running sums
}

// logitProbs writes into out[:len(utils)] the probabilities with which
// logit chooses each index (0 for entries that are not allowed or have NaN
// utility; all zeros if nothing is allowed). out must be at least as long
// as utils. It does not allocate.
func logitProbs(utils []float64, lambda float64, allowed []bool, out []float64) {
	out = out[:len(utils)]
	clear(out)
	switch {
	case lambda != lambda:
		panic("sim: LogitProbs with NaN lambda")
	case lambda == 0:
		c := 0
		for i, u := range utils {
			if usable(i, u, allowed) {
				c++
			}
		}
		for i, u := range utils {
			if usable(i, u, allowed) {
				out[i] = 1 / float64(c)
			}
		}
		return
	case math.IsInf(lambda, 0):
		if i := extremeAllowed(utils, allowed, lambda > 0); i >= 0 {
			out[i] = 1
		}
		return
	}
	m, s := logitNorm(utils, lambda, allowed)
	if s == 0 {
		return
	}
	for i, u := range utils {
		if allowed != nil && !allowed[i] {
			continue
		}
		if x := lambda * u; x == x {
			out[i] = logitWeight(x, m) / s
		}
	}
}

// usable reports whether entry i may be chosen at all.
func usable(i int, u float64, allowed []bool) bool {
	return u == u && (allowed == nil || allowed[i])
}

// logitCompact draws from the logit distribution of utils (every entry a
// candidate: the caller leaves out the options not allowed) with one
// exponential per option: the weights exp(λ(u_i − max u)) are written into w
// (len(w) ≥ len(utils)) and reused for the draw; the exponentials by
// expNegWide, within a few ulps of math.Exp. lambda must be finite and
// positive, the utilities finite and utils not empty.
func logitCompact(r *rand.Rand, utils []float64, lambda float64, w []float64) int {
	w = w[:len(utils)] // no bounds checks below
	m := math.Inf(-1)
	for _, u := range utils {
		if u > m {
			m = u
		}
	}
	s := 0.0
	for i, u := range utils {
		x := lambda * (u - m)
		switch {
		case !(x > -37):
			// A weight below e^−37 is below the rounding of the sum (which
			// is at least 1, the weight of the best option): leave it at 0.
			w[i] = 0
			continue
		case x == 0:
			w[i] = 1 // the best option's: e^0, exactly what math.Exp returns
		case x > -expNegMax:
			w[i] = expNeg(-x) // expNegWide's first case, inlined
		default:
			w[i] = expNegWide(-x)
		}
		s += w[i]
	}
	t := r.Float64() * s
	last := -1
	for i, wi := range w {
		if wi == 0 {
			continue
		}
		last = i
		t -= wi
		if t < 0 {
			return i
		}
	}
	return last // only reached through rounding in the running sum
}

// logitNorm returns m = max lambda·u over usable entries and
// s = Σ exp(lambda·u - m), accumulated in one pass by rescaling the running
// sum whenever the maximum grows. s == 0 iff no entry is usable.
func logitNorm(utils []float64, lambda float64, allowed []bool) (m, s float64) {
	m = math.Inf(-1)
	for i, u := range utils {
		if allowed != nil && !allowed[i] {
			continue
		}
		x := lambda * u
		switch {
		case x != x:
			// NaN utility: skip.
		case x > m:
			s = s*math.Exp(m-x) + 1
			m = x
		case x == m:
			s++ // also covers ties at ±Inf, where x - m would be NaN
		default:
			s += math.Exp(x - m)
		}
	}
	return m, s
}

// logitWeight is exp(x - m) with ties (including infinite ones) weighted 1.
func logitWeight(x, m float64) float64 {
	if x == m {
		return 1
	}
	return math.Exp(x - m)
}

// uniformAllowed picks uniformly among usable entries, or returns -1.
func uniformAllowed(r *rand.Rand, utils []float64, allowed []bool) int {
	c := 0
	for i, u := range utils {
		if usable(i, u, allowed) {
			c++
		}
	}
	if c == 0 {
		return -1
	}
	j := r.IntN(c)
	for i, u := range utils {
		if usable(i, u, allowed) {
			if j == 0 {
				return i
			}
			j--
		}
	}
	panic("unreachable")
}

// extremeAllowed returns the usable index with the largest (wantMax) or
// smallest (!wantMax) utility, ties to the lowest index, or -1.
func extremeAllowed(utils []float64, allowed []bool, wantMax bool) int {
	best := -1
	var bu float64
	for i, u := range utils {
		if !usable(i, u, allowed) {
			continue
		}
		if best < 0 || (wantMax && u > bu) || (!wantMax && u < bu) {
			best, bu = i, u
		}
	}
	return best
}
