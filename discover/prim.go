package discover

// PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999,
// "Bump hunting in high-dimensional data", Statistics and Computing
// 9:123-143), as scenario discovery uses it (Bryant & Lempert 2010,
// "Thinking inside the box", Technological Forecasting and Social Change
// 77:34-49): find a box B = {x : lo_j ≤ x_j ≤ hi_j} of the uncertain
// assumptions in which the outcome y ∈ {0, 1} is much more frequent than
// overall.
//
// Of a box, over the rows considered:
//
//	mass     = |B| / N                  the share of the trajectories inside
//	density  = Σ_{i∈B} y_i / |B|        the outcome's rate inside (precision)
//	coverage = Σ_{i∈B} y_i / Σ_i y_i    the share of the outcome's cases inside (recall)
//
// Peeling starts from the box that holds everything and, at each step,
// removes from one side of one dimension the α share of the box's rows
// (α = 0.05: "patient") — the one peel, of the 2d possible, that leaves the
// highest density — until the box would hold less than the minimum mass or
// fewer than the minimum number of cases. The boxes peeled through are the
// peeling trajectory, the trade-off between coverage and density. Pasting
// then widens the chosen box, one side of one dimension at a time, by α of
// its rows while that raises the density (F&F sect. 4). A value that ties
// at the cut goes with its side, so a parameter with few distinct values
// peels a whole value at a time.

import (
	"math"
	"slices"

	"brink/mc"
)

// box is a box of the d dimensions: lo[j] ≤ x_j ≤ hi[j], with ±Inf on a
// side that is not restricted.
type box struct {
	lo, hi []float64
}

func fullBox(d int) box {
	b := box{lo: make([]float64, d), hi: make([]float64, d)}
	for j := range d {
		b.lo[j], b.hi[j] = math.Inf(-1), math.Inf(1)
	}
	return b
}

func (b box) clone() box { return box{lo: slices.Clone(b.lo), hi: slices.Clone(b.hi)} }

// contains reports whether row i lies in b, ignoring dimension skip (-1:
// none).
func (b box) contains(x [][]float64, i, skip int) bool {
	for j := range b.lo {
		if j == skip {
			continue
		}
		if v := x[j][i]; v < b.lo[j] || v > b.hi[j] {
			return false
		}
	}
	return true
}

// count returns the rows of rows in b and how many of them have y, ignoring
// dimension skip. Only the bounded dimensions are looked at.
func (b box) count(x [][]float64, y []bool, rows []int, skip int) (n, k int) {
	var dims []int
	for j := range b.lo {
		if j != skip && (!math.IsInf(b.lo[j], -1) || !math.IsInf(b.hi[j], 1)) {
			dims = append(dims, j)
		}
	}
rowLoop:
	for _, i := range rows {
		for _, j := range dims {
			if v := x[j][i]; v < b.lo[j] || v > b.hi[j] {
				continue rowLoop
			}
		}
		n++
		if y[i] {
			k++
		}
	}
	return n, k
}

// step is one box of a peeling trajectory, with its counts over the rows it
// was peeled on.
type step struct {
	b    box
	n, k int
}

// peel runs PRIM's peeling on rows and returns the trajectory, starting
// with the box that holds them all. minN and minK bound the last box's rows
// and cases.
func peel(x [][]float64, y []bool, rows []int, alpha float64, minN, minK int) []step {
	d := len(x)
	// Each dimension's rows in increasing order of value.
	order := make([][]int, d)
	for j := range d {
		o := slices.Clone(rows)
		slices.SortStableFunc(o, func(a, b int) int {
			switch {
			case x[j][a] < x[j][b]:
				return -1
			case x[j][a] > x[j][b]:
				return 1
			}
			return a - b
		})
		order[j] = o
	}
	in := make([]bool, len(y))
	for _, i := range rows {
		in[i] = true
	}
	b := fullBox(d)
	n, k := len(rows), 0
	for _, i := range rows {
		if y[i] {
			k++
		}
	}
	traj := []step{{b.clone(), n, k}}
	for {
		cut := max(1, int(math.Floor(alpha*float64(n))))
		best := struct {
			j, side, rn, rk int
			v, bound        float64
			dens            float64
			ok              bool
		}{}
		for j := range d {
			for side := range 2 { // 0: lower, 1: upper
				v, bound, rn, rk, ok := peelCut(x[j], y, order[j], in, cut, side)
				if !ok || n-rn < minN || k-rk < minK {
					continue
				}
				dens := float64(k-rk) / float64(n-rn)
				if !best.ok || dens > best.dens || (dens == best.dens && rn < best.rn) {
					best.j, best.side, best.rn, best.rk, best.v, best.bound, best.dens, best.ok = j, side, rn, rk, v, bound, dens, true
				}
			}
		}
		if !best.ok {
			return traj
		}
		// Remove the peeled rows.
		for _, i := range order[best.j] {
			if !in[i] {
				continue
			}
			v := x[best.j][i]
			if (best.side == 0 && v <= best.v) || (best.side == 1 && v >= best.v) {
				in[i] = false
			}
		}
		if best.side == 0 {
			b.lo[best.j] = best.bound
		} else {
			b.hi[best.j] = best.bound
		}
		n, k = n-best.rn, k-best.rk
		traj = append(traj, step{b.clone(), n, k})
	}
}

// peelCut finds the peel of one side of a dimension: the cut-th value from
// that side among the rows in the box, v, and every row at or beyond it
// goes; the new bound is the nearest value left. It returns how many rows and
// cases go, and false if no value would be left.
func peelCut(xj []float64, y []bool, order []int, in []bool, cut, side int) (v, bound float64, rn, rk int, ok bool) {
	seen := 0
	idx := func(p int) int {
		if side == 0 {
			return order[p]
		}
		return order[len(order)-1-p]
	}
	p := 0
	for ; p < len(order) && seen < cut; p++ {
		if in[idx(p)] {
			seen++
			v = xj[idx(p)]
		}
	}
	if seen < cut {
		return 0, 0, 0, 0, false
	}
	// Every row in the box at or beyond v goes, and the bound is the first
	// value past it.
	for p = 0; p < len(order); p++ {
		i := idx(p)
		if !in[i] {
			continue
		}
		w := xj[i]
		if (side == 0 && w > v) || (side == 1 && w < v) {
			return v, w, rn, rk, true
		}
		rn++
		if y[i] {
			rk++
		}
	}
	return 0, 0, 0, 0, false
}

// paste widens b, one side of one dimension at a time, by about alpha of
// its rows (those just outside that side and inside every other side),
// taking each time the widening that gives the highest lower end of the 95 %
// Wilson interval of the density, while that is higher than the box's. F&F
// paste while the density rises; on a flat stretch, where the rows added
// have the box's density up to noise, that stops at random, and the lower
// end of the interval, which rises with the rows at an equal density, takes
// them back in.
func paste(x [][]float64, y []bool, rows []int, b box, alpha float64) box {
	b = b.clone()
	n, k := b.count(x, y, rows, -1)
	for range 1000 {
		add := max(1, int(math.Floor(alpha*float64(n))))
		bestDens := lowerDensity(k, n)
		bestJ, bestSide := -1, 0
		var bestBound float64
		var bestN, bestK int
		for j := range b.lo {
			for side := range 2 {
				if (side == 0 && math.IsInf(b.lo[j], -1)) || (side == 1 && math.IsInf(b.hi[j], 1)) {
					continue
				}
				// The rows outside this side only, nearest first.
				var vals []float64
				for _, i := range rows {
					v := x[j][i]
					if ((side == 0 && v < b.lo[j]) || (side == 1 && v > b.hi[j])) && b.contains(x, i, j) {
						vals = append(vals, v)
					}
				}
				if len(vals) == 0 {
					continue
				}
				slices.Sort(vals)
				var bound float64
				if side == 0 {
					bound = vals[max(0, len(vals)-add)]
				} else {
					bound = vals[min(len(vals)-1, add-1)]
				}
				nb := b.clone()
				if side == 0 {
					nb.lo[j] = bound
				} else {
					nb.hi[j] = bound
				}
				nn, nk := nb.count(x, y, rows, -1)
				if dens := lowerDensity(nk, nn); dens > bestDens {
					bestDens, bestJ, bestSide, bestBound, bestN, bestK = dens, j, side, bound, nn, nk
				}
			}
		}
		if bestJ < 0 {
			return b
		}
		if bestSide == 0 {
			b.lo[bestJ] = bestBound
		} else {
			b.hi[bestJ] = bestBound
		}
		n, k = bestN, bestK
	}
	return b
}

// lowerDensity is the lower end of the 95 % Wilson interval of k cases in
// n rows.
func lowerDensity(k, n int) float64 {
	lo, _ := mc.Wilson(int64(k), int64(n), mc.Z95)
	return lo
}

// quasiP is the quasi-p-value of the restriction of b on dimension j (Bryant
// & Lempert 2010): with the restriction removed the box holds n' rows of
// which k' have the outcome; if the restriction did nothing, the n rows of b
// would be n draws at rate k'/n', and
//
//	quasi-p = P(X ≥ k | X ~ Binomial(n, k'/n'))
//
// is how likely it is to find as many cases as b holds, k, by chance. It is
// "quasi" because b was chosen by searching: it is a measure of the
// restriction's strength, not a test at a stated level.
func quasiP(x [][]float64, y []bool, rows []int, b box, j int) float64 {
	n, k := b.count(x, y, rows, -1)
	n1, k1 := b.count(x, y, rows, j)
	if n1 == 0 {
		return 1
	}
	return binomialUpper(int64(k), int64(n), float64(k1)/float64(n1))
}

// quasiPSide is the quasi-p-value of one side of the restriction of b on
// dimension j (side 0: its lower bound, 1: its upper bound), the other side
// kept.
func quasiPSide(x [][]float64, y []bool, rows []int, b box, j, side int) float64 {
	n, k := b.count(x, y, rows, -1)
	r := b.clone()
	if side == 0 {
		r.lo[j] = math.Inf(-1)
	} else {
		r.hi[j] = math.Inf(1)
	}
	n1, k1 := r.count(x, y, rows, -1)
	if n1 == 0 {
		return 1
	}
	return binomialUpper(int64(k), int64(n), float64(k1)/float64(n1))
}

// restricted lists the dimensions on which b is narrower than the rows'
// range.
func (b box) restricted(lo, hi []float64) []int {
	var r []int
	for j := range b.lo {
		if b.lo[j] > lo[j] || b.hi[j] < hi[j] {
			r = append(r, j)
		}
	}
	return r
}
