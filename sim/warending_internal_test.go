package sim

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"testing"

	"brink/scenario"
)

// TestAimsCompatibleAfter: aims converging as in warending.go, with the
// balance unchanged, sum to exactly 1 after n* epochs of fighting, exceed 1
// before and fall below after; compatible aims need no fighting, and minimum
// shares that are themselves incompatible never become compatible.
func TestAimsCompatibleAfter(t *testing.T) {
	for _, c := range []struct{ a0, a1, m0, m1, h float64 }{
		{0.4, 0.85, 0.2, 0.7, 52},
		{0.5, 0.9, 0.2, 0.7, 26},
		{0.3, 0.8, 0.1, 0.5, 10},
	} {
		n := AimsCompatibleAfter(c.a0, c.a1, c.m0, c.m1, c.h)
		sum := func(n float64) float64 {
			return convergedShare(c.m0, c.a0, c.h, n, 1) + convergedShare(c.m1, c.a1, c.h, n, 1)
		}
		if math.Abs(sum(n)-1) > 1e-12 || sum(0.99*n) <= 1 || sum(1.01*n) >= 1 {
			t.Errorf("%+v: n* = %.2f, least shares sum to %.6f there, %.6f before, %.6f after", c, n, sum(n), sum(0.99*n), sum(1.01*n))
		}
	}
	if n := AimsCompatibleAfter(0.3, 0.6, 0.2, 0.5, 52); n != 0 {
		t.Errorf("compatible aims: n* = %g, want 0", n)
	}
	if n := AimsCompatibleAfter(0.5, 0.9, 0.4, 0.7, 52); !math.IsInf(n, 1) {
		t.Errorf("incompatible least shares: n* = %g, want +Inf", n)
	}
	// A side whose balance has turned against it (kept < 1) settles for less.
	if a, b := convergedShare(0.2, 0.4, 52, 10, 0.5), convergedShare(0.2, 0.4, 52, 10, 1); !(a < b && a > 0.2) {
		t.Errorf("balance kept 0.5: least share %.4f, want between 0.2 and %.4f", a, b)
	}
}

// TestWarEndingAfterNuclearUse (ukraine-2022, the default scenario): over the
// trajectories that see a nuclear detonation, and their traces,
//   - no settlement is agreed while nuclear-armed coalitions fight each other
//     beside the principals;
//   - settlements within pause_after_nuclear_use_days of a detonation are no
//     more frequent than resume_after_nuclear_use allows: each such
//     trajectory had at most ⌈pause/epoch⌉ chances, so their number is
//     bounded by a binomial with p = 1 − (1 − r)^chances (3.3 standard
//     deviations above its mean);
//   - an alliance's credibility moves at most once a day.
func TestWarEndingAfterNuclearUse(t *testing.T) {
	sc, err := scenario.Builtin(scenario.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	b := sc.Bargaining
	if b == nil || b.PauseAfterNuclearUse <= 0 {
		t.Fatal("test set-up: the default scenario has no pause after a nuclear use")
	}
	w := NewWorld(m)
	n := 2500
	if testing.Short() {
		n = 800
	}
	uses, early, traced := 0, 0, 0
	for k := range n {
		var key [32]byte
		key[0] = 0xe7
		binary.LittleEndian.PutUint64(key[1:], uint64(k))
		w.Reset(key)
		out := w.Run()
		if !out.NuclearUse {
			continue
		}
		uses++
		if out.End == EndSettlement {
			for q := range m.Relations {
				rs := &m.Relations[q]
				ca, cb := m.Coalition[rs.A[0]], m.Coalition[rs.A[1]]
				if !rs.Principal && ca != cb && w.coalNuclear[ca] && w.coalNuclear[cb] && w.rungs[w.conflictRung(q)].combat {
					t.Errorf("trajectory %d: settled on day %d while %s and %s fight at %q", k, out.Days,
						m.Actors[rs.A[0]], m.Actors[rs.A[1]], w.rungName(w.conflictRung(q)))
				}
			}
			if out.Days-w.barg.lastUse < b.PauseAfterNuclearUse {
				early++
			}
		}
		if traced < 60 {
			traced++
			w.Trace(true)
			w.Reset(key)
			w.Run()
			w.Trace(false)
			seen := map[string]bool{}
			for _, e := range w.Events() {
				if i := strings.Index(e.Text, "'s guarantee goes from"); i >= 0 && strings.HasPrefix(e.Text, "the credibility of ") {
					id := fmt.Sprint(e.Text[len("the credibility of "):i], "@", e.Day)
					if seen[id] {
						t.Errorf("trajectory %d, day %d: %q moved more than once that day", k, e.Day, e.Text)
					}
					seen[id] = true
				}
			}
		}
	}
	chances := math.Ceil(float64(b.PauseAfterNuclearUse) / float64(sc.DecisionEveryDays))
	p := 1 - math.Pow(1-b.ResumeAfterNuclearUse, chances)
	bound := float64(uses)*p + 3.3*math.Sqrt(float64(uses)*p*(1-p))
	t.Logf("%d of %d trajectories saw a nuclear use; %d settled within %d days of a detonation (bound %.1f); %d traced",
		uses, n, early, b.PauseAfterNuclearUse, bound, traced)
	if uses < 20 {
		t.Fatalf("test set-up: only %d nuclear-use trajectories", uses)
	}
	if float64(early) > bound {
		t.Errorf("%d settlements within the pause after a detonation, more than the %.1f resume_after_nuclear_use = %g allows",
			early, bound, b.ResumeAfterNuclearUse)
	}
}
