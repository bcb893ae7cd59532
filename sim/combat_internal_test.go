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

// A launch on a false warning goes to a nuclear-armed opponent even when the
// actor stands higher against a non-nuclear one; an unauthorised use goes to
// the opponent it is fighting.
func TestInadvertentUseTarget(t *testing.T) {
	m := builtinModel(t, "", "")
	w := NewWorld(m)
	rus, ukr, usa := m.ActorIndex("RUS"), m.ActorIndex("UKR"), m.ActorIndex("USA")
	for _, c := range []struct {
		kind UseKind
		want int
	}{{UseFalseAlarm, usa}, {UseUnauthorised, ukr}} {
		w.Reset([32]byte{7})
		w.inadvertentUse(rus, 10, c.kind)
		q := m.Rel(rus, c.want)
		if got := w.rel[q].rung[w.sideOf(q, rus)]; got != 10 {
			t.Errorf("%s: RUS stands at rung %d toward %s, want 10", c.kind, got, m.Actors[c.want])
		}
		if !w.Out.NuclearUse || w.Out.FirstUseKind != c.kind {
			t.Errorf("%s: not recorded as the first use (%+v)", c.kind, w.Out.FirstUseKind)
		}
	}
}
