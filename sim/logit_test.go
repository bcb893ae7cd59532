package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// logitCompact, over the allowed options, must draw from the distribution
// logitProbs describes.
func TestLogitCompactMatchesProbs(t *testing.T) {
	r := rand.New(rand.NewChaCha8([32]byte{9}))
	cases := []struct {
		utils   []float64
		lambda  float64
		allowed []bool
	}{
		{[]float64{0.1, 0.12, 0.05, -0.3, 0.11, 0}, 30, []bool{true, true, true, true, true, false}},
		{[]float64{1, 2, 3}, 0.7, []bool{true, true, true}},
		{[]float64{-5, -5.01, -4.99}, 300, []bool{true, false, true}},
		{[]float64{0, -0.2, -0.5, 0}, 200, []bool{true, true, true, true}}, // weights of 1, e^-40 (0) and a tie
	}
	const n = 100000
	var w, cu [8]float64
	var idx [8]int
	for _, c := range cases {
		want := make([]float64, len(c.utils))
		logitProbs(c.utils, c.lambda, c.allowed, want)
		k := 0
		for i, u := range c.utils {
			if c.allowed[i] {
				cu[k], idx[k] = u, i
				k++
			}
		}
		got := make([]float64, len(c.utils))
		for range n {
			got[idx[logitCompact(r, cu[:k], c.lambda, w[:])]]++
		}
		for i := range got {
			p := got[i] / n
			se := math.Sqrt(want[i]*(1-want[i])/n) + 1e-12
			if math.Abs(p-want[i]) > 5*se {
				t.Errorf("utils %v λ %g: option %d drawn %.4f, want %.4f ± %.4f", c.utils, c.lambda, i, p, want[i], 5*se)
			}
			if !c.allowed[i] && got[i] > 0 {
				t.Errorf("option %d not allowed but drawn %v times", i, got[i])
			}
		}
	}
	if a := testing.AllocsPerRun(100, func() { logitCompact(r, cases[0].utils[:5], 30, w[:]) }); a != 0 {
		t.Errorf("logitCompact allocates %v", a)
	}
}
