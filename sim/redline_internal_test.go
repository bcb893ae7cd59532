package sim

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// H's two lines against A over U: a warning against any nuclear use (rung 8)
// and a firmer one against use that kills (rung 9).
const redLineLadderSrc = `
id: ladder-of-commitments
start: 2000-01-01
horizon_days: 30
actors:
  - {id: A, coalition: a}
  - {id: U, coalition: u}
  - {id: H, coalition: h}
relations:
  - {between: [A, U], principal: true, sides: {A: {rung: 6}, U: {rung: 6}}}
  - {between: [H, A], sides: {H: {rung: 4}, A: {rung: 4}}}
red_lines:
  - {holder: H, against: A, protects: U, rung: 8, response: 6, credibility: CRED8}
  - {holder: H, against: A, protects: U, rung: 9, response: 6, credibility: CRED9}
`

// A line that did not hold does not end the holder's commitments: the line
// above it is tested when the actor climbs to it; and a step over both at once
// is answered by the higher line alone, the lower spent with it.
func TestRedLinesFormALadder(t *testing.T) {
	src := func(c8, c9 string) string {
		r := strings.NewReplacer("CRED8", c8, "CRED9", c9)
		return r.Replace(redLineLadderSrc)
	}
	climb := func(w *World, m *Model, rung int) (responded bool) {
		a, u, h := m.ActorIndex("A"), m.ActorIndex("U"), m.ActorIndex("H")
		q, r := m.Rel(a, u), m.Rel(h, a)
		before := w.rel[r].rung[w.sideOf(r, h)]
		w.setRung(q, w.sideOf(q, a), rung, UseDeliberate)
		redLineMechanism{}.Step(w)
		return w.rel[r].rung[w.sideOf(r, h)] > before
	}

	// Step by step: the hollow warning at 8, then the firm line at 9.
	w, m := retaliationWorld(t, src("0", "1"))
	w.Reset([32]byte{1})
	if got := m.RedLines[0].supersededAt; got != 9 {
		t.Fatalf("the line at 8 is answered by the line at %d from there on, want 9", got)
	}
	if got := m.RedLines[1].supersededAt; got != m.Top+1 {
		t.Fatalf("the line at 9 has a line above it at %d", got)
	}
	if climb(w, m, 8) {
		t.Fatal("H answered the crossing of a line of credibility 0")
	}
	if !w.rl[0].fired || w.rl[1].fired {
		t.Fatalf("after rung 8: fired %v %v, want true false", w.rl[0].fired, w.rl[1].fired)
	}
	if !climb(w, m, 9) {
		t.Fatal("H did not answer the crossing of its line at 9 (credibility 1) after its line at 8 failed")
	}

	// One jump over both: only the line at 9 is tested. Its credibility 0
	// decides, though the line at 8 would have held.
	w, m = retaliationWorld(t, src("1", "0"))
	w.Reset([32]byte{2})
	if climb(w, m, 9) {
		t.Fatal("a jump to 9 was answered by the line at 8, which the line at 9 supersedes")
	}
	if !w.rl[0].fired || !w.rl[1].fired {
		t.Fatalf("after a jump to 9: fired %v %v, want both", w.rl[0].fired, w.rl[1].fired)
	}

	// And the other way round: the firm line answers a jump the warning would not have.
	w, m = retaliationWorld(t, src("0", "1"))
	w.Reset([32]byte{3})
	if !climb(w, m, 10) {
		t.Fatal("a jump past both lines was not answered by the line at 9")
	}
}

// What an actor expects of a move counts each ladder of commitments once: a
// move to 9 meets H's line at 9, not H twice. Without a theatre the chance of
// prevailing is C_i/(C_i + C_j), C_j counting the holder's capability times
// the line's credibility.
func TestRedLineLadderCountedOnceInForesight(t *testing.T) {
	src := strings.NewReplacer("CRED8", "1", "CRED9", "1",
		"{id: A, coalition: a}", "{id: A, coalition: a, capability: {cinc: 0.2}}",
		"{id: U, coalition: u}", "{id: U, coalition: u, capability: {cinc: 0.1}}",
		"{id: H, coalition: h}", "{id: H, coalition: h, capability: {cinc: 0.3}}").Replace(redLineLadderSrc)
	w, m := retaliationWorld(t, src)
	w.Reset([32]byte{4})
	a, u := m.ActorIndex("A"), m.ActorIndex("U")
	q := m.Rel(a, u)
	v := w.view(q, w.sideOf(q, a))
	for _, c := range []struct {
		t    int
		want float64
	}{{7, 0.2 / 0.3}, {8, 0.2 / 0.6}, {9, 0.2 / 0.6}, {11, 0.2 / 0.6}} {
		if pw, _ := w.prevail(v, c.t, c.t); math.Abs(pw-c.want) > 1e-12 {
			t.Errorf("a move to %d: A expects to prevail with %.4f, want %.4f", c.t, pw, c.want)
		}
	}
}

// A holder already fighting at its response rung keeps its line without a
// draw: a line of credibility 0 crossed then breaks no guarantee, while the
// same line crossed from peace does (credibility_loss 0.4: 0.5 -> 0.3).
func TestRedLineAlreadyCarriedOut(t *testing.T) {
	for _, c := range []struct {
		hRung int
		fall  bool
	}{{6, false}, {4, true}} {
		src := strings.NewReplacer("CRED8", "0", "CRED9", "0",
			"sides: {H: {rung: 4}, A: {rung: 4}}", "sides: {H: {rung: "+strconv.Itoa(c.hRung)+"}, A: {rung: 4}}").Replace(redLineLadderSrc) +
			"alliances:\n  - {id: AL, leader: H, members: [U], credibility: 0.5, credibility_loss: 0.4}\n"
		w, m := retaliationWorld(t, src)
		w.Reset([32]byte{5})
		a, u := m.ActorIndex("A"), m.ActorIndex("U")
		q := m.Rel(a, u)
		w.setRung(q, w.sideOf(q, a), 8, UseDeliberate)
		redLineMechanism{}.Step(w)
		got := w.ws.ally[0].cred
		if fell := got < 0.5; fell != c.fall {
			t.Errorf("H at rung %d when its line is crossed: the guarantee's credibility 0.5 -> %.3f, want a fall %v", c.hRung, got, c.fall)
		}
	}
}

// A rung reached between decision epochs — an unauthorised detonation, say —
// is tested against the red lines before anyone chooses that day: the line
// is crossed by the step that crossed it ("with" the rung reached), and not,
// as before, by the actor's step back down onto its rung at the day's epoch
// (which read as a de-escalation answered with war), nor left untested when
// the day's choices end the war.
func TestRedLineCrossedBeforeTheDaysChoices(t *testing.T) {
	w, m := retaliationWorld(t, strings.NewReplacer("CRED8", "1", "CRED9", "1",
		"{id: A, coalition: a}", "{id: A, coalition: a, nuclear: {warheads: 100, alarms_per_year: [0, 0, 0, 0], unauthorised_per_year: [0, 0, 0, 0]}}").Replace(redLineLadderSrc))
	a, u := m.ActorIndex("A"), m.ActorIndex("U")
	q := m.Rel(a, u)
	chose := 0
	for k := range 50 {
		w.Reset([32]byte{9, byte(k)})
		w.Trace(true)
		if !w.decisionEpoch() {
			t.Fatal("day 0 is not a decision epoch")
		}
		w.setRung(q, w.sideOf(q, a), 10, UseUnauthorised) // as the alarm mechanism would, before the day's epoch
		w.Step()
		crossed := -1
		for i, e := range w.Events() {
			switch {
			case strings.Contains(e.Text, "crosses the red line of H"):
				crossed = i
				if !strings.Contains(e.Text, `with "limited strategic strikes"`) {
					t.Errorf("trajectory %d: %q: the line not tested at the rung reached", k, e.Text)
				}
			case strings.Contains(e.Text, " offers ") || strings.Contains(e.Text, " steps ") || strings.Contains(e.Text, " jumps ") || strings.Contains(e.Text, " threatens "):
				chose++
				if crossed < 0 {
					t.Errorf("trajectory %d: a choice of the day (%q) came before the red line was tested", k, e.Text)
				}
			}
		}
		if crossed < 0 {
			t.Errorf("trajectory %d: the red line was not tested", k)
		}
	}
	if chose == 0 {
		t.Error("no choice traced on the day: the test shows nothing about the order")
	}
}
