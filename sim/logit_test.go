package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// logitWeighted must draw from the same distribution as LogitProbs describes.
func TestLogitWeightedMatchesProbs(t *testing.T) {
	r := rand.New(rand.NewChaCha8([32]byte{9}))
	cases := []struct {
		utils   []float64
		lambda  float64
		allowed []bool
	}{
		{[]float64{0.1, 0.12, 0.05, -0.3, 0.11, 0}, 30, []bool{true, true, true, true, true, false}},
		{[]float64{1, 2, 3}, 0.7, []bool{true, true, true}},
		{[]float64{-5, -5.01, -4.99}, 300, []bool{true, false, true}},
	}
	const n = 100000
	var w [8]float64
	for _, c := range cases {
		want := make([]float64, len(c.utils))
		logitProbs(c.utils, c.lambda, c.allowed, want)
		got := make([]float64, len(c.utils))
		for range n {
			got[logitWeighted(r, c.utils, c.lambda, c.allowed, w[:])]++
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
	if k := logitWeighted(r, []float64{1, 2}, 5, []bool{false, false}, w[:]); k != -1 {
		t.Errorf("nothing allowed: got %d, want -1", k)
	}
	if a := testing.AllocsPerRun(100, func() { logitWeighted(r, cases[0].utils, 30, cases[0].allowed, w[:]) }); a != 0 {
		t.Errorf("LogitWeighted allocates %v", a)
	}
}

// logitCompact over the allowed entries must draw, from the same stream,
// the same option as logitWeighted over all of them: decisions rely on it
// to leave every trajectory unchanged.
func TestLogitCompactMatchesWeighted(t *testing.T) {
	g := rand.New(rand.NewPCG(3, 4))
	ra, rb := rand.New(rand.NewChaCha8([32]byte{7})), rand.New(rand.NewChaCha8([32]byte{7}))
	var utils, cu, w [6]float64
	var allowed [6]bool
	var idx [6]int
	for n := range 200000 {
		k := 0
		for i := range utils {
			// Utilities close together, far apart and tied, so that weights
			// of 1, of e^−x on either side of expNegMax and of 0 all occur.
			utils[i] = math.Round(g.NormFloat64()*float64(1+n%4)*50) / 100
			allowed[i] = g.IntN(4) > 0
			if allowed[i] {
				cu[k], idx[k] = utils[i], i
				k++
			}
		}
		lambda := []float64{0.5, 5, 60, 600}[n%4]
		want := logitWeighted(ra, utils[:], lambda, allowed[:], w[:])
		got := -1
		if k > 0 {
			if c := logitCompact(rb, cu[:k], lambda, w[:k]); c >= 0 {
				got = idx[c]
			}
		}
		if got != want {
			t.Fatalf("case %d (utils %v, allowed %v, λ %g): logitCompact drew %d, logitWeighted %d", n, utils, allowed, lambda, got, want)
		}
	}
}
