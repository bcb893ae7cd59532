// Package sweep provides experimental designs and estimators for global
// sensitivity analysis of a model with d uncertain inputs: full factorial
// grids, Latin hypercube samples and the Sobol' low-discrepancy sequence
// (design.go, sobolseq.go); variance-based Sobol' indices by the Saltelli
// scheme with Jansen's estimators and bootstrap intervals (sobol.go); and
// Morris elementary-effects screening (morris.go).
//
// Every design lives in the unit hypercube. The caller maps each coordinate u
// to its parameter, by the inverse CDF of the parameter's distribution or by
// lo + u·(hi − lo) for a range. Grid, Latin hypercube and Saltelli points lie
// strictly inside (0, 1) except for a Latin hypercube coordinate that happens
// to draw exactly 0 (probability 2⁻⁵³ per coordinate); the raw Sobol'
// sequence starts at the origin; Morris trajectories use the closed grid
// {0, 1/(p−1), …, 1}, so an unbounded distribution needs a truncated inverse
// CDF there.
//
// The model evaluations are left to the caller: a design returns points, the
// caller runs the model at each (typically a whole Monte Carlo run of a
// scenario), and an estimator turns the outputs into indices. Everything is
// deterministic given the *rand.Rand passed in.
package sweep

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// maxGridPoints bounds the size of a full factorial grid.
const maxGridPoints = 1 << 26

// Grid returns the full factorial design with the given number of levels in
// each of d dimensions: levels^d points whose coordinates are the midpoints
// (k + ½)/levels, k = 0, …, levels−1, of equal strata of [0, 1). Points are in
// lexicographic order, the first coordinate varying slowest, like nested
// loops. It is the classical "one-factor grid" of design of experiments
// (e.g. Montgomery, Design and Analysis of Experiments, ch. 5), with cell
// midpoints rather than cell edges so that no coordinate sits on the boundary.
//
// Grid panics if d < 1, levels < 1, or the grid would have more than 2²⁶
// points.
func Grid(d, levels int) [][]float64 {
	if d < 1 || levels < 1 {
		panic(fmt.Sprintf("sweep.Grid: need d ≥ 1 and levels ≥ 1, have d=%d levels=%d", d, levels))
	}
	n := 1
	for range d {
		if n > maxGridPoints/levels {
			panic(fmt.Sprintf("sweep.Grid: %d^%d points is more than %d", levels, d, maxGridPoints))
		}
		n *= levels
	}
	flat := make([]float64, n*d)
	pts := make([][]float64, n)
	idx := make([]int, d) // mixed-radix counter, last digit fastest
	for p := range n {
		pt := flat[p*d : (p+1)*d : (p+1)*d]
		for j, k := range idx {
			pt[j] = (float64(k) + 0.5) / float64(levels)
		}
		pts[p] = pt
		for j := d - 1; j >= 0; j-- {
			idx[j]++
			if idx[j] < levels {
				break
			}
			idx[j] = 0
		}
	}
	return pts
}

// LatinHypercube returns n points in [0, 1)^d forming a Latin hypercube
// sample (McKay, Beckman & Conover 1979, "A comparison of three methods for
// selecting values of input variables in the analysis of output from a
// computer code", Technometrics 21:239–245): each dimension is cut into n
// equal strata [k/n, (k+1)/n) and every stratum holds exactly one point. In
// dimension j, point i lies in stratum π_j(i), where π_j is an independent
// uniform random permutation, at a uniform random position within the
// stratum:
//
//	x_ij = (π_j(i) + U_ij) / n,   U_ij ~ U[0, 1).
//
// The result is deterministic given r. LatinHypercube panics if n < 1 or
// d < 1.
func LatinHypercube(r *rand.Rand, n, d int) [][]float64 {
	if n < 1 || d < 1 {
		panic(fmt.Sprintf("sweep.LatinHypercube: need n ≥ 1 and d ≥ 1, have n=%d d=%d", n, d))
	}
	flat := make([]float64, n*d)
	pts := make([][]float64, n)
	for i := range pts {
		pts[i] = flat[i*d : (i+1)*d : (i+1)*d]
	}
	perm := make([]int, n)
	for j := range d {
		for i := range perm {
			perm[i] = i
		}
		r.Shuffle(n, func(a, b int) { perm[a], perm[b] = perm[b], perm[a] })
		for i := range n {
			x := (float64(perm[i]) + r.Float64()) / float64(n)
			// (k + U)/n can round up to (k+1)/n when U is within an ulp of 1;
			// keep the point in its stratum.
			if hi := float64(perm[i]+1) / float64(n); x >= hi {
				x = math.Nextafter(hi, 0)
			}
			pts[i][j] = x
		}
	}
	return pts
}
