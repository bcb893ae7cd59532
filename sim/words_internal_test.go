package sim

import (
	"math/rand/v2"
	"testing"
)

// wordCounter counts the 64-bit words a trajectory's streams deliver.
type wordCounter struct {
	src *rand.ChaCha8
	n   *uint64
}

func (c wordCounter) Uint64() uint64 { *c.n++; return c.src.Uint64() }

// BenchmarkTrajectoryWords runs trajectories of the default scenario as
// BenchmarkTrajectory does and reports the ChaCha8 words drawn per
// trajectory (words/op), all streams together, and the PCG words of the
// parameter generators (pcg/op): the random-number floor of a trajectory is
// words/op times the cost of one ChaCha8 word (BenchmarkChaCha8Word).
func BenchmarkTrajectoryWords(b *testing.B) {
	m := builtinModel(b, "", "")
	w := NewWorld(m)
	var words, pcg uint64
	for i := range w.src {
		w.rng[i] = rand.New(wordCounter{w.src[i], &words})
	}
	w.paramRng = rand.New(pcgCounter{w.paramSrc, &pcg})
	var k uint16
	n := 0
	for b.Loop() {
		k++
		w.Reset([32]byte{byte(k), byte(k >> 8)})
		w.Run()
		n++
	}
	b.ReportMetric(float64(words)/float64(n), "words/op")
	b.ReportMetric(float64(pcg)/float64(n), "pcg/op")
}

type pcgCounter struct {
	src *rand.PCG
	n   *uint64
}

func (c pcgCounter) Uint64() uint64 { *c.n++; return c.src.Uint64() }

// BenchmarkChaCha8Word is the cost of one word of the ChaCha8 generator
// through rand.Rand, as the model draws it.
func BenchmarkChaCha8Word(b *testing.B) {
	r := rand.New(rand.NewChaCha8([32]byte{1}))
	var s uint64
	for b.Loop() {
		s += r.Uint64()
	}
	if s == 1 {
		b.Log(s)
	}
}
