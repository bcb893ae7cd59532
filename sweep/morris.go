package sweep

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Morris is a design of random one-at-a-time trajectories for Morris
// screening, made by MorrisDesign.
type Morris struct {
	D            int     // number of inputs
	Trajectories int     // number of trajectories r
	Levels       int     // number of grid levels p (even)
	Delta        float64 // step Δ = p/(2(p−1))
	// Points holds Trajectories·(D+1) points in [0, 1]^D. Trajectory t is
	// points t·(D+1) … t·(D+1)+D; each point after its first differs from the
	// one before in exactly one coordinate, by ±Δ, and each input moves once
	// per trajectory.
	Points [][]float64
}

// Effect summarises the elementary effects of one input: their mean Mu, the
// mean of their absolute values MuStar and their standard deviation Sigma
// (divisor r−1; NaN with a single trajectory). Effects are per unit of the
// [0, 1] design coordinate: for an input mapped linearly onto [lo, hi], divide
// by hi − lo to express them per unit of the input.
//
// A large MuStar marks an influential input; a large Sigma, one whose effect
// depends on where the others are (interactions) or is non-linear; MuStar ≈ 0
// an input that can be fixed. Mu can be near 0 for an influential input whose
// effects change sign, which is why MuStar is used for ranking.
type Effect struct {
	Mu, MuStar, Sigma float64
}

// MorrisDesign returns r = trajectories random one-at-a-time trajectories on
// the p-level grid {0, 1/(p−1), …, 1}^d, p = levels, with step
// Δ = p/(2(p−1)) (M. D. Morris 1991, "Factorial sampling plans for
// preliminary computational experiments", Technometrics 33:161–174).
//
// Each trajectory is Morris's randomised orientation matrix B*: a base value
// is drawn uniformly for each input from the levels {0, …, 1 − Δ}, each input
// starts at its base value or at base + Δ with probability ½, and the inputs
// then move one at a time, in a uniform random order, to the other of their two
// values. With p even, Δ is p/2 grid steps and every level is equally likely
// to be sampled. The trajectories are not optimised for spread (Campolongo,
// Cariboni & Saltelli 2007).
//
// It fails unless d ≥ 1, trajectories ≥ 1 and levels is even and ≥ 2. The
// result is deterministic given r.
func MorrisDesign(r *rand.Rand, d, trajectories, levels int) (*Morris, error) {
	if d < 1 || trajectories < 1 {
		return nil, fmt.Errorf("sweep: Morris design needs d ≥ 1 and trajectories ≥ 1, have d=%d trajectories=%d", d, trajectories)
	}
	if levels < 2 || levels%2 != 0 {
		return nil, fmt.Errorf("sweep: Morris design needs an even number of levels ≥ 2, have %d", levels)
	}
	m := &Morris{
		D:            d,
		Trajectories: trajectories,
		Levels:       levels,
		Delta:        float64(levels) / float64(2*(levels-1)),
	}
	half := levels / 2 // Δ in grid steps
	level := func(k int) float64 { return float64(k) / float64(levels-1) }
	per := d + 1
	flat := make([]float64, trajectories*per*d)
	m.Points = make([][]float64, trajectories*per)
	for p := range m.Points {
		m.Points[p] = flat[p*d : (p+1)*d : (p+1)*d]
	}
	start := make([]int, d) // grid level at which each input starts
	for t := range trajectories {
		for i := range d {
			start[i] = r.IntN(half)
			if r.IntN(2) == 1 {
				start[i] += half
			}
		}
		order := r.Perm(d)
		traj := m.Points[t*per : (t+1)*per]
		for i, k := range start {
			traj[0][i] = level(k)
		}
		for step, i := range order {
			copy(traj[step+1], traj[step])
			k := start[i] + half
			if start[i] >= half {
				k = start[i] - half
			}
			traj[step+1][i] = level(k)
		}
	}
	return m, nil
}

// MorrisEffects computes the elementary effects of a Morris design from the
// model outputs y, y[p] being the output at m.Points[p]. The elementary effect
// of input i between consecutive points x and x' of a trajectory that differ
// in coordinate i alone is
//
//	EE_i = (f(x') − f(x)) / (x'_i − x_i),
//
// one per input and trajectory (Morris 1991). Mu and Sigma are Morris's mean
// and standard deviation of the r effects of each input; MuStar is the mean
// of their absolute values (Campolongo, Cariboni & Saltelli 2007, "An
// effective screening design for sensitivity analysis of large models",
// Environ. Model. Softw. 22:1509–1518).
//
// It fails if len(y) ≠ len(m.Points), if an output is not finite, or if two
// consecutive points of a trajectory do not differ in exactly one coordinate.
func MorrisEffects(m *Morris, y []float64) ([]Effect, error) {
	per := m.D + 1
	if m.D < 1 || m.Trajectories < 1 || len(m.Points) != m.Trajectories*per {
		return nil, fmt.Errorf("sweep: Morris design has %d points, not %d trajectories of %d", len(m.Points), m.Trajectories, per)
	}
	if len(y) != len(m.Points) {
		return nil, fmt.Errorf("sweep: Morris design has %d points, have %d outputs", len(m.Points), len(y))
	}
	for p, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("sweep: output %d (trajectory %d) is %v", p, p/per, v)
		}
	}
	ee := make([][]float64, m.D)
	for i := range ee {
		ee[i] = make([]float64, 0, m.Trajectories)
	}
	for p := range m.Points {
		if p%per == 0 {
			continue // first point of a trajectory
		}
		x0, x1 := m.Points[p-1], m.Points[p]
		if len(x0) != m.D || len(x1) != m.D {
			return nil, fmt.Errorf("sweep: Morris point %d has %d coordinates, want %d", p, len(x1), m.D)
		}
		moved := -1
		for i := range x1 {
			if x1[i] != x0[i] {
				if moved >= 0 {
					return nil, fmt.Errorf("sweep: Morris points %d and %d differ in more than one coordinate", p-1, p)
				}
				moved = i
			}
		}
		if moved < 0 {
			return nil, fmt.Errorf("sweep: Morris points %d and %d are equal", p-1, p)
		}
		ee[moved] = append(ee[moved], (y[p]-y[p-1])/(x1[moved]-x0[moved]))
	}
	out := make([]Effect, m.D)
	for i, e := range ee {
		if len(e) == 0 {
			return nil, fmt.Errorf("sweep: input %d never moves in the Morris design", i)
		}
		var sum, sumAbs float64
		for _, v := range e {
			sum += v
			sumAbs += math.Abs(v)
		}
		n := float64(len(e))
		mu := sum / n
		sigma := math.NaN()
		if len(e) > 1 {
			var ss float64
			for _, v := range e {
				ss += (v - mu) * (v - mu)
			}
			sigma = math.Sqrt(ss / (n - 1))
		}
		out[i] = Effect{Mu: mu, MuStar: sumAbs / n, Sigma: sigma}
	}
	return out, nil
}
