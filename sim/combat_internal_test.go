package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// drawLoss carries e^−mean from day to day by a Taylor series; it must stay
// within 1e-9 of the exact value along a random walk of daily means, including
// jumps that force a fresh computation.
func TestDrawLossCarriedExp(t *testing.T) {
	ts := &theatreState{}
	for s := range 2 {
		ts.lossMean[s] = make([]float64, 1)
		ts.lossP0[s] = make([]float64, 1)
		ts.lossAge[s] = make([]int, 1)
	}
	r := rand.New(rand.NewChaCha8([32]byte{3}))
	mean := 3.0
	for day := range 5000 {
		step := 0.03 * r.NormFloat64()
		if day%500 == 0 {
			step = 1.5 // a jump: recomputed outright
		}
		mean = math.Min(9.5, math.Max(0.01, mean+step))
		ts.drawLoss(r, 0, 0, mean)
		want := math.Exp(-mean)
		if got := ts.lossP0[0][0]; math.Abs(got-want) > 1e-9*want {
			t.Fatalf("day %d: carried e^-%g = %.15g, exact %.15g", day, mean, got, want)
		}
	}
}
