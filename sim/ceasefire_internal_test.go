package sim

import (
	"strings"
	"testing"
)

// Three nuclear powers: U and V fight the principal war; W fights U beside it
// (a direct war between coalitions), which keeps U and V from settling.
const ceasefireSrc = `
id: beside-the-war
start: 2000-01-01
horizon_days: 365
decision_every_days: 7
catastrophe_cost: 20
actors:
  - {id: U, coalition: u, capability: {cinc: 0.1}, nuclear: {warheads: 1000, alarms_per_year: [0, 0, 0, 0], unauthorised_per_year: [0, 0, 0, 0]}}
  - {id: V, coalition: v, capability: {cinc: 0.1}, nuclear: {warheads: 1000, alarms_per_year: [0, 0, 0, 0], unauthorised_per_year: [0, 0, 0, 0]}}
  - {id: W, coalition: w, capability: {cinc: 0.1}, nuclear: {warheads: 1000, alarms_per_year: [0, 0, 0, 0], unauthorised_per_year: [0, 0, 0, 0]}}
relations:
  - {between: [U, V], principal: true, sides: {U: {rung: 6}, V: {rung: 6}}}
  - {between: [W, U], sides: {W: {rung: 6}, U: {rung: 6}}}
`

// A direct war beside the principals ends in a ceasefire that both sides
// offer: the two stand back on the ceasefire rung (the highest below combat,
// "proxy war, arms supply"), the ceasefire is counted and traced, and the
// principals may settle again (peaceOpen). Neither side steps down alone
// before: stepping down alone while the other fights on leaves the conflict
// rung, and its risks, where they were.
func TestCeasefireEndsADirectWarBeside(t *testing.T) {
	w, m := retaliationWorld(t, ceasefireSrc)
	if m.Ceasefire != 4 {
		t.Fatalf("ceasefire rung %d on the default ladder, want 4 (proxy war, arms supply)", m.Ceasefire)
	}
	q := m.Rel(m.ActorIndex("W"), m.ActorIndex("U"))
	if p := m.Rel(m.ActorIndex("U"), m.ActorIndex("V")); w.ceasefireOpen(p) {
		t.Fatal("a ceasefire offered to the principals, who settle instead")
	}
	const n = 200
	agreed, days := 0, 0
	for k := range n {
		w.Reset([32]byte{7, byte(k), byte(k >> 8)})
		w.Trace(k == 0)
		if !w.ceasefireOpen(q) || w.peaceOpen() {
			t.Fatalf("trajectory %d: direct war at rung 6: ceasefire open %v, peace open %v; want true, false", k, w.ceasefireOpen(q), w.peaceOpen())
		}
		for !w.done && w.rel[q].rung[0] > m.Ceasefire && w.rel[q].rung[1] > m.Ceasefire {
			w.Step()
		}
		rs := w.rel[q].rung
		if w.Out.Ceasefires == 1 && rs[0] == m.Ceasefire && rs[1] == m.Ceasefire {
			agreed++
			days += w.Day
			if !w.peaceOpen() {
				t.Errorf("trajectory %d: the principals still may not settle after the ceasefire", k)
			}
		}
		if k == 0 {
			var text []string
			for _, e := range w.Events() {
				text = append(text, e.Text)
			}
			if s := strings.Join(text, "\n"); !strings.Contains(s, "ceasefire between W and U") && !w.done {
				t.Errorf("the trace does not tell of the ceasefire:\n%s", s)
			}
		}
	}
	// Each side offers with probability near 1 here (a direct war between
	// nuclear powers risks 20 times the stakes): nearly every trajectory
	// agrees at its first epoch.
	if agreed < n*9/10 || days > agreed*7 {
		t.Errorf("%d of %d trajectories agreed a ceasefire, after %d days on average; want nearly all, at the first epochs", agreed, n, days/max(agreed, 1))
	}
}

// No ceasefire while a side stands on a nuclear-use rung, or is held above
// the ceasefire rung by its answer to a nuclear strike (retaliation.go).
func TestCeasefireNotOpen(t *testing.T) {
	w, m := retaliationWorld(t, ceasefireSrc)
	q := m.Rel(m.ActorIndex("W"), m.ActorIndex("U"))
	w.Reset([32]byte{1})
	w.rt.holdUntil[q*2], w.rt.holdFloor[q*2] = 100, 6 // W answers a strike: it holds rung 6 until day 100
	if w.ceasefireOpen(q) {
		t.Error("ceasefire open while W holds its answer to a nuclear strike")
	}
	for w.Day < 100 && !w.done {
		w.Step()
		if w.Out.Ceasefires > 0 {
			t.Fatalf("a ceasefire agreed on day %d, within W's hold", w.Day)
		}
	}
	w.Reset([32]byte{2})
	w.rel[q].rung[1] = 8 // U has fired a demonstration shot at W
	if w.ceasefireOpen(q) {
		t.Error("ceasefire open with a side on a nuclear-use rung")
	}
	w.rel[q].rung[0], w.rel[q].rung[1] = 3, 4 // no fighting: nothing to cease
	if w.ceasefireOpen(q) {
		t.Error("ceasefire open below the combat rungs")
	}
	w.rel[q].rung[0] = 6 // W fights alone: it may still agree to stop
	if !w.ceasefireOpen(q) {
		t.Error("ceasefire not open with one side fighting")
	}
}

// With ceasefire: nuclear, a limited strategic exchange beside the
// principals (W and U both on rung 10, their answers carried out) is stopped
// by agreement at the first epoch, day 0, in every trajectory, and none ends
// in general war. With the default (joint) no ceasefire comes at the first
// epoch: the two must first wind the exchange down below the nuclear rungs,
// rung by rung, while its spiral (0.02 a day on the default ladder) ends many
// in general war.
func TestNuclearCeasefire(t *testing.T) {
	src := strings.Replace(ceasefireSrc, "{W: {rung: 6}, U: {rung: 6}}", "{W: {rung: 10}, U: {rung: 10}}", 1)
	for _, c := range []string{"joint", "nuclear"} {
		w, m := retaliationWorld(t, "ceasefire: "+c+"\n"+src)
		q := m.Rel(m.ActorIndex("W"), m.ActorIndex("U"))
		first, war := 0, 0
		for k := range 200 {
			w.Reset([32]byte{9, byte(k)})
			w.Step() // day 0: the first decision epoch
			if w.Out.Ceasefires > 0 {
				first++
				if rs := w.rel[q].rung; rs[0] != m.Ceasefire || rs[1] != m.Ceasefire {
					t.Errorf("%s, trajectory %d: after the ceasefire W and U stand on %v, want both on %d", c, k, rs, m.Ceasefire)
				}
			}
			for !w.done && w.Day < 120 {
				w.Step()
			}
			if w.Out.End == EndNuclearWar {
				war++
			}
		}
		t.Logf("ceasefire %s: %d of 200 agreed at the first epoch, %d ended in general war by day 120", c, first, war)
		switch {
		case c == "nuclear" && (first != 200 || war != 0):
			t.Errorf("ceasefire nuclear: %d of 200 agreed at the first epoch and %d ended in general war; want 200 and 0", first, war)
		case c == "joint" && (first != 0 || war < 20):
			t.Errorf("ceasefire joint: %d of 200 agreed at the first epoch and %d ended in general war; want 0 and many", first, war)
		}
	}
}

// Allies cease fire together: W and X (one coalition) both fight U beside
// the principal war. While X is held to its answer of a nuclear strike,
// neither pair may offer a ceasefire, W no more than X: no separate peace.
// Whenever a ceasefire is agreed, no pair of the two coalitions is left
// fighting; and once X is free, both pairs still at war agree theirs at
// the same epoch. (A pair may also wind its war down rung by rung, each
// side seeing the other's step: then the other's ceasefire comes alone.)
func TestAlliesCeaseFireTogether(t *testing.T) {
	src := strings.Replace(ceasefireSrc, "  - {id: W, coalition: w,", "  - {id: X, coalition: w, capability: {cinc: 0.1}, nuclear: {warheads: 1000, alarms_per_year: [0, 0, 0, 0], unauthorised_per_year: [0, 0, 0, 0]}}\n  - {id: W, coalition: w,", 1)
	src = strings.Replace(src, "  - {between: [W, U], sides: {W: {rung: 6}, U: {rung: 6}}}", "  - {between: [W, U], sides: {W: {rung: 6}, U: {rung: 6}}}\n  - {between: [X, U], sides: {X: {rung: 6}, U: {rung: 6}}}", 1)
	w, m := retaliationWorld(t, src)
	qw, qx := m.Rel(m.ActorIndex("W"), m.ActorIndex("U")), m.Rel(m.ActorIndex("X"), m.ActorIndex("U"))
	combat := func(q int) bool { return w.rungs[w.conflictRung(q)].combat }
	const n = 200
	together := 0
	for k := range n {
		w.Reset([32]byte{8, byte(k)})
		sx := w.sideOf(qx, m.ActorIndex("X"))
		w.rt.holdUntil[qx*2+sx], w.rt.holdFloor[qx*2+sx] = 50, 6 // X answers a strike: rung 6 until day 50
		if w.ceasefireOpen(qw) || w.ceasefireOpen(qx) {
			t.Fatalf("trajectory %d: a ceasefire open while X is held", k)
		}
		for !w.done && w.Day < 120 {
			before := w.Out.Ceasefires
			w.Step()
			if w.Out.Ceasefires == before {
				continue
			}
			if w.Day <= 50 {
				t.Fatalf("trajectory %d: a ceasefire on day %d, within X's hold", k, w.Day)
			}
			if combat(qw) || combat(qx) {
				t.Errorf("trajectory %d, day %d: a ceasefire agreed while W–U %v or X–U %v fights on", k, w.Day, w.rel[qw].rung, w.rel[qx].rung)
			}
			if w.Out.Ceasefires-before == 2 {
				together++
			}
		}
	}
	// The rule itself: a pair that agrees waits for an allied pair that does
	// not; both agreeing, both cease fire.
	w.Reset([32]byte{9})
	w.scratch.agreed[qw], w.scratch.agreed[qx] = true, false
	w.ceasefireTogether()
	if w.Out.Ceasefires != 0 || !combat(qw) {
		t.Errorf("W–U ceased fire (%v) while X–U fought on (%v)", w.rel[qw].rung, w.rel[qx].rung)
	}
	w.scratch.agreed[qw], w.scratch.agreed[qx] = true, true
	w.ceasefireTogether()
	if w.Out.Ceasefires != 2 || combat(qw) || combat(qx) {
		t.Errorf("both pairs agreed, %d ceasefires (W–U %v, X–U %v); want 2", w.Out.Ceasefires, w.rel[qw].rung, w.rel[qx].rung)
	}
	if together < n/10 {
		t.Errorf("both pairs ceased fire at the same epoch in %d of %d trajectories; want a good share", together, n)
	}
	t.Logf("both pairs ceased fire at the same epoch in %d of %d trajectories", together, n)
}
