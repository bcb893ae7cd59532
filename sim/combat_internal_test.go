package sim

import (
	"testing"
)

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

// The escalation path starts at the highest rung of the start, rises strictly,
// ends at the highest rung reached, and at a nuclear use has reached a
// nuclear-use rung (unless it outgrew MaxPath).
func TestEscalationPath(t *testing.T) {
	m := builtinModel(t, "", "incompetence")
	w := NewWorld(m)
	uses := 0
	for k := range 400 {
		w.Reset([32]byte{byte(k), byte(k >> 8), 5})
		o := w.Run()
		if o.PathLen < 1 || int(o.Path[0]) != w.initialMaxRung() {
			t.Fatalf("trajectory %d: path %s does not start at the initial rung", k, o.PathString(o.PathLen))
		}
		for i := 1; i < o.PathLen; i++ {
			if o.Path[i] <= o.Path[i-1] {
				t.Fatalf("trajectory %d: path %s does not rise", k, o.PathString(o.PathLen))
			}
		}
		if o.PathLen < MaxPath && int(o.Path[o.PathLen-1]) != o.HighestRung {
			t.Fatalf("trajectory %d: path %s does not end at the highest rung %d", k, o.PathString(o.PathLen), o.HighestRung)
		}
		if o.NuclearUse {
			uses++
			if o.PathAtUse < 1 || o.PathAtUse > o.PathLen || !m.Scenario.Ladder[o.Path[o.PathAtUse-1]].NuclearUse {
				t.Fatalf("trajectory %d: path at first use %s (of %s) has not reached a nuclear-use rung",
					k, o.PathString(o.PathAtUse), o.PathString(o.PathLen))
			}
		}
	}
	if uses == 0 {
		t.Fatal("no nuclear use in 400 trajectories of the incompetence variant: the test checks nothing")
	}
}

// initialMaxRung is the highest conflict rung of the scenario as it starts.
func (w *World) initialMaxRung() int {
	h := 0
	for _, rs := range w.M.Relations {
		h = max(h, rs.side[0].Rung, rs.side[1].Rung)
	}
	return h
}
