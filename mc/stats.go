package mc

// Streaming, order-independent summary statistics.
//
// Every aggregate in this file keeps only integer counts. Integer addition
// is commutative and associative, so the state after observing a set of
// trajectories does not depend on how many workers produced them, in which
// order they finished, or how shards were merged: merging shard results is
// bit-for-bit identical to a single run. Floating-point numbers appear only
// when a summary is read out, and the read-out walks the counts in a fixed
// order, so it is deterministic as well.

import (
	"errors"
	"fmt"
	"math"
)

// Z95 is the two-sided 95% standard normal quantile, Φ⁻¹(0.975).
const Z95 = 1.959963984540054

// Wilson returns the Wilson score confidence interval for a binomial
// proportion with the given number of successes out of n trials, at normal
// quantile z (use Z95 for a 95% interval). With p̂ = successes/n:
//
//	centre = (p̂ + z²/(2n)) / (1 + z²/n)
//	half   = z/(1 + z²/n) · sqrt(p̂(1−p̂)/n + z²/(4n²))
//	[lo, hi] = [centre − half, centre + half]
//
// References: E. B. Wilson (1927), "Probable inference, the law of
// succession, and statistical inference", JASA 22:209–212; L. D. Brown,
// T. T. Cai & A. DasGupta (2001), "Interval estimation for a binomial
// proportion", Statistical Science 16:101–133.
//
// Unlike the Wald interval it never leaves [0, 1] and keeps close to
// nominal coverage for small n or p near 0 or 1. When successes == 0 the
// lower bound is exactly 0, and when successes == n the upper bound is
// exactly 1. n == 0 carries no information and yields (0, 1). Wilson panics
// if n < 0 or successes is outside [0, n].
func Wilson(successes, n int64, z float64) (lo, hi float64) {
	if n < 0 || successes < 0 || successes > n {
		panic(fmt.Sprintf("mc.Wilson: invalid counts %d of %d", successes, n))
	}
	if n == 0 {
		return 0, 1
	}
	nf := float64(n)
	p := float64(successes) / nf
	z2 := z * z
	denom := 1 + z2/nf
	centre := (p + z2/(2*nf)) / denom
	half := z / denom * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo, hi = centre-half, centre+half
	if successes == 0 || lo < 0 {
		lo = 0
	}
	if successes == n || hi > 1 {
		hi = 1
	}
	return lo, hi
}

// Proportion is a binomial count: K successes out of N trials. The zero
// value is an empty proportion. Merging is plain integer addition.
type Proportion struct{ K, N int64 }

// Add records one trial.
func (p *Proportion) Add(success bool) {
	p.N++
	if success {
		p.K++
	}
}

// Merge adds the counts of o to p.
func (p *Proportion) Merge(o Proportion) {
	p.K += o.K
	p.N += o.N
}

// P returns the point estimate K/N, or 0 when N == 0.
func (p Proportion) P() float64 {
	if p.N == 0 {
		return 0
	}
	return float64(p.K) / float64(p.N)
}

// CI95 returns the 95% Wilson score interval for K of N (see Wilson);
// (0, 1) when N == 0.
func (p Proportion) CI95() (lo, hi float64) { return Wilson(p.K, p.N, Z95) }

// histKind selects how a Hist places and represents its bins.
type histKind uint8

const (
	histLinear histKind = iota + 1
	histInt
	histLog
)

// ErrHistLayout is returned by (*Hist).Merge when the two histograms were
// not built with the same constructor and parameters.
var ErrHistLayout = errors.New("mc: histogram layouts differ")

// Hist is a histogram with bins fixed at construction and integer counts,
// so that Add is O(1) and allocation-free and Merge is exact and
// order-independent. Create it with NewLinearHist, NewIntHist or
// NewLogHist; the zero value is not usable.
//
// Counts are kept in len(Edges())+1 cells: cell 0 is the underflow cell
// (for a log histogram: the zero bin), cells 1..B are the B regular bins
// [Edges()[i-1], Edges()[i]), and cell B+1 is the overflow cell (x ≥ hi,
// and also NaN, which has no place in any bin).
//
// Each cell has a representative value, used by Quantile and Mean:
//   - integer histogram: the integer itself;
//   - linear histogram: the bin midpoint;
//   - log histogram: the geometric midpoint sqrt(left·right);
//   - underflow cell: lo (0 for the zero bin of a log histogram);
//   - overflow cell: hi.
type Hist struct {
	kind   histKind
	lo, hi float64
	bpd    int       // bins per decade (log histograms only)
	scale  float64   // bins per unit of x, or per unit of log10(x/lo)
	edges  []float64 // B+1 strictly increasing bin edges; edges[0]=lo, edges[B]=hi
	counts []int64   // B+2 cells: underflow, B bins, overflow
	n      int64
}

// NewLinearHist returns a histogram of `bins` equal-width bins covering
// [lo, hi). Values below lo are counted in the underflow cell, values ≥ hi
// in the overflow cell. It panics if bins < 1 or the range is not a finite,
// non-empty interval.
func NewLinearHist(lo, hi float64, bins int) *Hist {
	if bins < 1 || !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		panic(fmt.Sprintf("mc.NewLinearHist: invalid layout [%g, %g) with %d bins", lo, hi, bins))
	}
	edges := make([]float64, bins+1)
	for i := range edges {
		edges[i] = lo + (hi-lo)*float64(i)/float64(bins)
	}
	edges[bins] = hi
	return newHist(histLinear, lo, hi, 0, float64(bins)/(hi-lo), edges)
}

// NewIntHist returns an exact histogram of the integers 0..max, one bin per
// integer (bin k holds [k, k+1), so an integer value k lands in bin k).
// Negative values are counted in the underflow cell and values > max in
// the overflow cell; for quantile purposes lo = 0 and hi = max+1. It
// panics if max < 0.
func NewIntHist(max int) *Hist {
	if max < 0 {
		panic(fmt.Sprintf("mc.NewIntHist: invalid max %d", max))
	}
	edges := make([]float64, max+2)
	for i := range edges {
		edges[i] = float64(i)
	}
	return newHist(histInt, 0, float64(max+1), 0, 1, edges)
}

// NewLogHist returns a histogram for non-negative values spanning several
// decades, such as losses. Between lo and hi the bins are equally spaced in
// log10, binsPerDecade per decade: bin i is [lo·10^(i/b), lo·10^((i+1)/b)),
// the last bin being cut short at hi if log10(hi/lo)·b is not an integer.
// Values in [0, lo) — and any negative values, which are treated as 0 —
// go to a dedicated zero bin whose representative is exactly 0; values ≥ hi
// go to the overflow cell. It panics unless 0 < lo < hi < +Inf and
// binsPerDecade ≥ 1.
func NewLogHist(lo, hi float64, binsPerDecade int) *Hist {
	if binsPerDecade < 1 || !(lo > 0) || !(lo < hi) || math.IsInf(hi, 0) {
		panic(fmt.Sprintf("mc.NewLogHist: invalid layout [%g, %g) with %d bins/decade", lo, hi, binsPerDecade))
	}
	b := float64(binsPerDecade)
	bins := int(math.Ceil(math.Log10(hi/lo)*b - 1e-9))
	if bins < 1 {
		bins = 1
	}
	edges := make([]float64, bins+1)
	for i := range edges {
		edges[i] = lo * math.Pow(10, float64(i)/b)
	}
	edges[0], edges[bins] = lo, hi
	return newHist(histLog, lo, hi, binsPerDecade, b, edges)
}

func newHist(kind histKind, lo, hi float64, bpd int, scale float64, edges []float64) *Hist {
	for i := 1; i < len(edges); i++ {
		if !(edges[i-1] < edges[i]) {
			panic(fmt.Sprintf("mc: histogram bins over [%g, %g) too narrow for float64", lo, hi))
		}
	}
	return &Hist{
		kind:   kind,
		lo:     lo,
		hi:     hi,
		bpd:    bpd,
		scale:  scale,
		edges:  edges,
		counts: make([]int64, len(edges)+1),
	}
}

// cell returns the index into h.counts of the cell that holds x. The bin
// is computed arithmetically and then corrected against the stored edges,
// so binning is exact with respect to Edges() despite rounding in the
// arithmetic; the correction moves at most a step or so.
func (h *Hist) cell(x float64) int {
	nb := len(h.edges) - 1
	if x < h.lo {
		return 0
	}
	if !(x < h.hi) { // also NaN
		return nb + 1
	}
	var f float64
	if h.kind == histLog {
		f = approxLog10(x/h.lo) * h.scale
	} else {
		f = (x - h.lo) * h.scale
	}
	i := nb - 1
	if f < float64(nb) {
		i = int(f)
	}
	if i < 0 {
		i = 0
	}
	for x < h.edges[i] {
		i--
	}
	for x >= h.edges[i+1] {
		i++
	}
	return i + 1
}

// approxLog10 is log10 of r ≥ 1 to within 0.0025: the exponent of r
// plus a quadratic in its mantissa m ∈ [1, 2) for log2 m (exact at both
// ends), times log10 2. cell needs only a first guess, which its edge
// comparisons then make exact, and this is several times cheaper than
// math.Log10.
func approxLog10(r float64) float64 {
	b := math.Float64bits(r)
	e := float64(int(b>>52&0x7ff) - 1023)
	t := math.Float64frombits(b&^(0x7ff<<52)|1023<<52) - 1 // m − 1 ∈ [0, 1)
	return (e + t*(1.3465-0.3465*t)) * math.Log10E * math.Ln2
}

// Add records one observation x. It is O(1) and does not allocate.
func (h *Hist) Add(x float64) {
	h.counts[h.cell(x)]++
	h.n++
}

// N returns the number of observations, including underflow and overflow.
func (h *Hist) N() int64 { return h.n }

// Reset clears all counts, keeping the layout.
func (h *Hist) Reset() {
	clear(h.counts)
	h.n = 0
}

// Counts returns a copy of the cell counts: underflow (or zero bin), the
// regular bins in order, then overflow; see Hist.
func (h *Hist) Counts() []int64 { return append([]int64(nil), h.counts...) }

// Edges returns a copy of the B+1 regular bin edges, lo first and hi last.
func (h *Hist) Edges() []float64 { return append([]float64(nil), h.edges...) }

// sameLayout reports whether h and o bin identically.
func (h *Hist) sameLayout(o *Hist) bool {
	if h.kind != o.kind || h.lo != o.lo || h.hi != o.hi || h.bpd != o.bpd || len(h.edges) != len(o.edges) {
		return false
	}
	for i, e := range h.edges {
		if o.edges[i] != e {
			return false
		}
	}
	return true
}

// Merge adds the counts of o to h. It returns ErrHistLayout, leaving h
// unchanged, unless o was built with the same constructor and parameters.
// Merging is exact integer addition, hence commutative and associative.
func (h *Hist) Merge(o *Hist) error {
	if o == nil || !h.sameLayout(o) {
		return ErrHistLayout
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	return nil
}

// rep returns the representative value of cell c (see Hist).
func (h *Hist) rep(c int) float64 {
	nb := len(h.edges) - 1
	switch {
	case c == 0:
		if h.kind == histLog {
			return 0
		}
		return h.lo
	case c == nb+1:
		return h.hi
	}
	l, r := h.edges[c-1], h.edges[c]
	switch h.kind {
	case histInt:
		return l
	case histLog:
		return math.Sqrt(l * r)
	default:
		return l + (r-l)/2
	}
}

// Quantile returns the representative value (see Hist) of the cell that
// holds the q-th ranked observation. With N observations ordered from
// smallest to largest, the rank is r = ceil(q·N), at least 1, and the
// result is the representative of the smallest cell b whose cumulative
// count through b is ≥ r. So q = 0 gives the first non-empty cell and
// q = 1 the last, and for NewIntHist with one observation of each of
// 0..99 the median (q = 0.5, r = 50) is 49. q is clamped to [0, 1]; q·N
// is computed with a relative tolerance of 1e-9 so that a rank that is
// integral in exact arithmetic (e.g. 0.07·100) is not pushed up by
// rounding. An empty histogram returns 0.
// QuantileSmooth is the q-quantile interpolated within its cell, as if the
// cell's observations were spread evenly over it (in log space for a log
// histogram): the usual estimate from grouped data, which follows a
// continuous distribution more closely than the cell's representative value
// (Quantile). Integer histograms, and the underflow and overflow cells, give
// Quantile's answer.
func (h *Hist) QuantileSmooth(q float64) float64 {
	if h.n == 0 {
		return 0
	}
	q = min(1, max(0, q))
	x := q * float64(h.n)
	var cum int64
	for c, k := range h.counts {
		if k == 0 || float64(cum+k) < x {
			cum += k
			continue
		}
		nb := len(h.edges) - 1
		if h.kind == histInt || c == 0 || c == nb+1 {
			return h.Quantile(q)
		}
		f := (x - float64(cum)) / float64(k)
		l, r := h.edges[c-1], h.edges[c]
		if h.kind == histLog {
			return l * math.Pow(r/l, f)
		}
		return l + f*(r-l)
	}
	return h.Quantile(q)
}

func (h *Hist) Quantile(q float64) float64 {
	if h.n == 0 {
		return 0
	}
	if !(q > 0) {
		q = 0
	} else if q > 1 {
		q = 1
	}
	x := q * float64(h.n)
	r := int64(math.Ceil(x - 1e-9*math.Max(1, x)))
	if r < 1 {
		r = 1
	}
	var cum int64
	for c, k := range h.counts {
		cum += k
		if cum >= r {
			return h.rep(c)
		}
	}
	return h.rep(len(h.counts) - 1) // unreachable: cum reaches n ≥ r
}

// Mean returns Σ count(b)·rep(b) / N over all cells, with the
// representative values of Hist; exact for NewIntHist when nothing
// underflowed or overflowed. An empty histogram returns 0. The sum is taken
// in cell order, so the result depends only on the counts.
func (h *Hist) Mean() float64 {
	if h.n == 0 {
		return 0
	}
	var s float64
	for c, k := range h.counts {
		if k != 0 {
			s += float64(k) * h.rep(c)
		}
	}
	return s / float64(h.n)
}

// CDF returns the fraction of observations ≤ x at bin resolution: the
// cumulative count through the cell that x falls into, divided by N. For
// NewIntHist and integer data this is exact; otherwise it counts the whole
// bin containing x, so it may overstate the true value by at most that
// bin's share. For a log histogram, x < 0 gives 0 (negative observations
// are treated as 0). An empty histogram returns 0, and CDF(NaN) is NaN.
func (h *Hist) CDF(x float64) float64 {
	if math.IsNaN(x) {
		return math.NaN()
	}
	if h.n == 0 || (h.kind == histLog && x < 0) {
		return 0
	}
	var cum int64
	for _, k := range h.counts[:h.cell(x)+1] {
		cum += k
	}
	return float64(cum) / float64(h.n)
}

// ErrIncidenceHorizon is returned by (*Incidence).Merge when the horizons
// differ.
var ErrIncidenceHorizon = errors.New("mc: incidence horizons differ")

// Incidence estimates the cumulative incidence F(d) = P(event on or before
// day d) of a time-to-event outcome observed on integer days 0..horizon.
// A day is one simulation turn, 0-based: an event on day d happened during
// turn d, and At(d) counts the trajectories whose event day is ≤ d.
//
// Each trajectory contributes exactly one record: Event(day) when the event
// happened, or Censored() when the trajectory was followed to the horizon,
// or ended earlier, without it. The estimator is the plain proportion
//
//	F̂(d) = #{event day ≤ d} / N.
//
// Kaplan–Meier (Kaplan & Meier 1958) is not needed: it corrects for
// trajectories that leave observation before the horizon while the event
// could still happen later. Here every trajectory is followed to the
// horizon, or to its end, after which the model cannot produce the event,
// so an ended trajectory is genuinely event-free through the horizon and
// stays in the risk set. With no early censoring the Kaplan–Meier product
// Π_j (1 − e_j/r_j), with r_j = N − Σ_{i<j} e_i, telescopes to
// 1 − Σ_{j≤d} e_j/N, i.e. exactly the proportion above; confidence
// intervals are therefore binomial (Wilson).
//
// The zero value is not usable; call NewIncidence.
type Incidence struct {
	events   []int64 // events[d] = number of events on day d, d in 0..horizon
	censored int64
	n        int64
}

// NewIncidence returns an empty Incidence for days 0..horizon. It panics if
// horizon < 0.
func NewIncidence(horizon int) *Incidence {
	if horizon < 0 {
		panic(fmt.Sprintf("mc.NewIncidence: invalid horizon %d", horizon))
	}
	return &Incidence{events: make([]int64, horizon+1)}
}

// Horizon returns the last observable day.
func (c *Incidence) Horizon() int { return len(c.events) - 1 }

// Event records a trajectory whose event happened on the given day (the
// 0-based turn). It panics if day is outside 0..Horizon().
func (c *Incidence) Event(day int) {
	if day < 0 || day >= len(c.events) {
		panic(fmt.Sprintf("mc.Incidence.Event: day %d outside 0..%d", day, len(c.events)-1))
	}
	c.events[day]++
	c.n++
}

// Censored records a trajectory that reached the horizon, or ended, without
// the event.
func (c *Incidence) Censored() {
	c.censored++
	c.n++
}

// N returns the number of trajectories recorded.
func (c *Incidence) N() int64 { return c.n }

// Reset clears all counts, keeping the horizon.
func (c *Incidence) Reset() {
	clear(c.events)
	c.censored, c.n = 0, 0
}

// Merge adds the counts of o to c. It returns ErrIncidenceHorizon, leaving
// c unchanged, if the horizons differ.
func (c *Incidence) Merge(o *Incidence) error {
	if o == nil || len(o.events) != len(c.events) {
		return ErrIncidenceHorizon
	}
	for d, k := range o.events {
		c.events[d] += k
	}
	c.censored += o.censored
	c.n += o.n
	return nil
}

// Cumulative returns the count of events on days ≤ day out of N as a
// Proportion. day < 0 gives K = 0; day > Horizon() is treated as Horizon().
func (c *Incidence) Cumulative(day int) Proportion {
	var k int64
	if day >= 0 {
		for _, e := range c.events[:min(day, len(c.events)-1)+1] {
			k += e
		}
	}
	return Proportion{K: k, N: c.n}
}

// At returns F̂(day) = P(event on or before day), the fraction of
// trajectories with event day ≤ day; 0 when N == 0.
func (c *Incidence) At(day int) float64 { return c.Cumulative(day).P() }

// Survival returns 1 − At(day), the fraction still event-free after day.
func (c *Incidence) Survival(day int) float64 { return 1 - c.At(day) }

// CI95At returns the 95% Wilson interval (see Wilson) for At(day).
func (c *Incidence) CI95At(day int) (lo, hi float64) { return c.Cumulative(day).CI95() }
