package sweep

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// Layout describes a design made by SaltelliDesign: D inputs and N base rows.
// Its points are stored row by row, D+2 points per row: base row j occupies
// points j·(D+2) … j·(D+2)+D+1, in the order
//
//	A_j, B_j, A_B^(1)_j, …, A_B^(D)_j,
//
// where A_B^(i)_j is A_j with its i-th coordinate taken from B_j. So the first
// k·(D+2) outputs of an interrupted sweep still form a complete design of k
// rows.
type Layout struct {
	D int // number of inputs
	N int // number of base rows
}

// Points returns N·(D+2), the number of model evaluations the design needs.
func (l Layout) Points() int { return l.N * (l.D + 2) }

// Index is the variance-based sensitivity of the output to one input, with
// bootstrap 95 % percentile intervals.
//
// S1 is the first-order (main-effect) index V[E(Y|X_i)]/V(Y): the share of
// the output variance that X_i explains alone. ST is the total-effect index
// E[V(Y|X_~i)]/V(Y): the share that would remain if all inputs but X_i were
// known, i.e. X_i's main effect plus all its interactions. ST ≥ S1 up to
// estimation error; ST − S1 measures interaction; ST ≈ 0 means the input can
// be fixed anywhere in its range.
type Index struct {
	S1, S1Lo, S1Hi float64
	ST, STLo, STHi float64
}

// SaltelliDesign returns the points at which to evaluate a model of d inputs
// to estimate its Sobol' indices from n base rows, and their Layout
// (Saltelli 2002, "Making best use of model evaluations to compute
// sensitivity indices", Comput. Phys. Commun. 145:280–297; Saltelli et al.
// 2010, "Variance based sensitivity analysis of model output. Design and
// estimator for the total sensitivity index", Comput. Phys. Commun.
// 181:259–270, §3).
//
// Two independent N×d sample matrices A and B are the first and last d
// coordinates of the first n points of the 2d-dimensional Sobol' sequence;
// for each input i, A_B^(i) is A with column i taken from B. The design has
// n·(d+2) points, in the order described by Layout. Take n a power of two:
// the first 2^m Sobol' points are a balanced (t, m, 2d)-net.
//
// Every coordinate is shifted by half of the finest dyadic cell the first n
// points resolve, 2^(−m−1) with m = ⌈log₂ n⌉: the first 2^m points of a
// Sobol' coordinate are multiples of 2^(−m), so after the shift they are the
// midpoints (k + ½)/2^m of their cells. The shift keeps every point in its
// elementary intervals, so the net property is unchanged, while no coordinate
// is 0 and an inverse CDF can be applied directly. For n = 2^m, every column
// of A and of B is a permutation of the midpoints (k + ½)/n.
//
// It fails unless d ≥ 1, 2d ≤ MaxSobolDim (so d ≤ 20) and 2 ≤ n ≤ 2³².
func SaltelliDesign(d, n int) ([][]float64, Layout, error) {
	if d < 1 || 2*d > MaxSobolDim {
		return nil, Layout{}, fmt.Errorf("sweep: Saltelli design for %d inputs needs a %d-dimensional Sobol sequence; at most %d inputs are supported", d, 2*d, MaxSobolDim/2)
	}
	if n < 2 || uint64(n) > 1<<sobolBits {
		return nil, Layout{}, fmt.Errorf("sweep: Saltelli design needs 2 ≤ N ≤ 2^32 base rows, have %d", n)
	}
	seq, err := NewSobol(2 * d)
	if err != nil {
		return nil, Layout{}, err
	}
	l := Layout{D: d, N: n}
	shift := math.Ldexp(1, -bits.Len64(uint64(n-1))-1)
	per := d + 2
	flat := make([]float64, l.Points()*d)
	pts := make([][]float64, l.Points())
	for p := range pts {
		pts[p] = flat[p*d : (p+1)*d : (p+1)*d]
	}
	ab := make([]float64, 2*d)
	for j := range n {
		seq.Next(ab)
		for k := range ab {
			ab[k] += shift
		}
		a, b := ab[:d], ab[d:]
		row := pts[j*per : (j+1)*per]
		copy(row[0], a)
		copy(row[1], b)
		for i := range d {
			copy(row[2+i], a)
			row[2+i][i] = b[i]
		}
	}
	return pts, l, nil
}

// SobolIndices estimates the first-order and total Sobol' indices of each
// input from the model outputs y, y[p] being the output at point p of the
// design described by l (see SaltelliDesign), with bootstrap percentile 95 %
// intervals.
//
// With f_A, f_B and f_AB^(i) the outputs at A_j, B_j and A_B^(i)_j, j = 1…N,
// the estimators are Saltelli et al. (2010, Table 2 (b)) for the first-order
// index and Jansen (1999, "Analysis of variance designs for model output",
// Comput. Phys. Commun. 117:35–43; Saltelli et al. 2010, Table 2 (f)) for the
// total index:
//
//	S1_i = (1/N) Σ_j f_B (f_AB^(i) − f_A) / V
//	ST_i = (1/2N) Σ_j (f_A − f_AB^(i))² / V
//
// where V is the variance of the 2N outputs f_A, f_B (divisor 2N). Sobol'
// indices do not change when a constant is added to the output, so the
// outputs are first centred on the mean of f_A and f_B; this leaves ST and the
// expectation of S1 unchanged and removes from S1 the noise of the term
// mean·(f_AB^(i) − f_A).
//
// The intervals resample the N base rows with replacement (each resample
// keeps the rows whole, so A, B and the A_B^(i) stay matched), recompute both
// indices, V included, and take the 2.5 % and 97.5 % quantiles of the
// bootstrap replicates (Archer, Saltelli & Sobol' 1997, "Sensitivity measures,
// ANOVA-like techniques and the use of bootstrap", J. Stat. Comput. Simul.
// 58:99–120). They assume independent rows, which the Sobol' design is not,
// so they are conservative for a quasi-random design. bootstrap is the number
// of resamples, drawn from r; with bootstrap = 0 no interval is computed, r
// may be nil and the bounds are NaN.
//
// If each y is itself a Monte Carlo estimate with independent noise of
// variance σ², the estimated V is the model's variance V_Y plus σ², so every
// S1 is shrunk by the factor V_Y/(V_Y+σ²) and every ST gains about
// σ²/(V_Y+σ²). Use
// enough trajectories per point, or common random numbers across points
// (which correlate the noise of f_A and f_AB^(i)), to keep σ² small beside V.
//
// It fails if len(y) ≠ l.Points(), if an output is not finite, or if the
// outputs at A and B do not vary.
func SobolIndices(l Layout, y []float64, bootstrap int, r *rand.Rand) ([]Index, error) {
	if l.D < 1 || l.N < 2 {
		return nil, fmt.Errorf("sweep: invalid Saltelli layout D=%d N=%d", l.D, l.N)
	}
	if len(y) != l.Points() {
		return nil, fmt.Errorf("sweep: Saltelli layout D=%d N=%d needs %d outputs, have %d", l.D, l.N, l.Points(), len(y))
	}
	for p, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("sweep: output %d (base row %d) is %v", p, p/(l.D+2), v)
		}
	}
	if bootstrap < 0 {
		return nil, fmt.Errorf("sweep: negative number of bootstrap resamples %d", bootstrap)
	}
	if bootstrap > 0 && r == nil {
		return nil, errors.New("sweep: bootstrap resamples need a random source")
	}
	d := l.D
	s1 := make([]float64, d)
	st := make([]float64, d)
	if !saltelliEstimate(l, y, nil, s1, st) {
		return nil, errors.New("sweep: the outputs at A and B are all equal; Sobol indices are undefined")
	}
	out := make([]Index, d)
	for i := range out {
		out[i] = Index{S1: s1[i], ST: st[i], S1Lo: math.NaN(), S1Hi: math.NaN(), STLo: math.NaN(), STHi: math.NaN()}
	}
	if bootstrap == 0 {
		return out, nil
	}
	rows := make([]int, l.N)
	bs1 := make([][]float64, d)
	bst := make([][]float64, d)
	for i := range d {
		bs1[i] = make([]float64, 0, bootstrap)
		bst[i] = make([]float64, 0, bootstrap)
	}
	for range bootstrap {
		for k := range rows {
			rows[k] = r.IntN(l.N)
		}
		if !saltelliEstimate(l, y, rows, s1, st) {
			continue // a resample with no variance carries no information
		}
		for i := range d {
			bs1[i] = append(bs1[i], s1[i])
			bst[i] = append(bst[i], st[i])
		}
	}
	for i := range out {
		out[i].S1Lo, out[i].S1Hi = percentileInterval(bs1[i])
		out[i].STLo, out[i].STHi = percentileInterval(bst[i])
	}
	return out, nil
}

// saltelliEstimate writes the first-order and total indices estimated from
// the base rows listed in rows (all rows in order if rows is nil) to s1 and
// st. It returns false, leaving s1 and st unspecified, if V = 0.
func saltelliEstimate(l Layout, y []float64, rows []int, s1, st []float64) bool {
	per := l.D + 2
	row := func(k int) []float64 {
		j := k
		if rows != nil {
			j = rows[k]
		}
		return y[j*per : (j+1)*per]
	}
	var mean float64
	for k := range l.N {
		yr := row(k)
		mean += yr[0] + yr[1]
	}
	mean /= float64(2 * l.N)
	var v float64
	for k := range l.N {
		yr := row(k)
		da, db := yr[0]-mean, yr[1]-mean
		v += da*da + db*db
	}
	v /= float64(2 * l.N)
	if v == 0 {
		return false
	}
	clear(s1)
	clear(st)
	for k := range l.N {
		yr := row(k)
		fa, fb := yr[0], yr[1]-mean
		for i := range l.D {
			diff := yr[2+i] - fa
			s1[i] += fb * diff
			st[i] += diff * diff
		}
	}
	for i := range l.D {
		s1[i] /= float64(l.N) * v
		st[i] /= float64(2*l.N) * v
	}
	return true
}

// percentileInterval returns the 2.5 % and 97.5 % quantiles of x (sorting
// x), interpolating linearly between order statistics (Hyndman & Fan 1996,
// type 7), or NaN, NaN if x is empty.
func percentileInterval(x []float64) (lo, hi float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	slices.Sort(x)
	return quantileSorted(x, 0.025), quantileSorted(x, 0.975)
}

// quantileSorted returns the p-quantile of the sorted sample x by linear
// interpolation between order statistics (Hyndman & Fan 1996, type 7).
func quantileSorted(x []float64, p float64) float64 {
	h := p * float64(len(x)-1)
	k := int(math.Floor(h))
	if k >= len(x)-1 {
		return x[len(x)-1]
	}
	return x[k] + (h-float64(k))*(x[k+1]-x[k])
}
