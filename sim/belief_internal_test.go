package sim

import (
	"math"
	"strings"
	"testing"
)

// Two actors at war, beliefs of strength 4 (mean 0.5) each way.
const beliefSrc = `
id: beliefs
start: 2000-01-01
horizon_days: 60
actors:
  - {id: A, coalition: a}
  - {id: B, coalition: b}
relations:
  - {between: [A, B], principal: true,
     sides: {A: {rung: 6, belief_resolute: 0.5, belief_strength: 4}, B: {rung: 6, belief_resolute: 0.5, belief_strength: 4}}}
`

// A threat adds cheapTalkWeight × the threatened rung's signal to the
// target's evidence of resolve at once; at the next epoch it is judged: a
// threat defied and not carried out adds w_c × the signal to the target's
// evidence of a bluff and w_c/2 × the signal to the threatener's evidence
// that the target is resolute (w_c = called_threat_weight, by default
// 2·cheapTalkWeight); a threat carried out or heeded adds nothing more; a
// threat is judged once.
func TestThreatsCalled(t *testing.T) {
	w, m := retaliationWorld(t, beliefSrc)
	q := m.Rel(m.ActorIndex("A"), m.ActorIndex("B"))
	// threaten has side 0 (A) threaten from the relation's rungs as they stand.
	threaten := func() {
		w.refreshViews()
		w.observe(q, 0, optSignal, w.rel[q].rung[0], w.rel[q].rung[0])
	}
	// judge judges the threats of the last epoch as an epoch's moves leave them.
	judge := func() { w.dueThreats(); w.judgeThreats() }
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %.15g, want %.15g", what, got, want)
		}
	}

	w.Reset([32]byte{1})
	rs := &w.rel[q]
	sig7 := w.rungs[7].signal // the rung A threatens from 6
	threaten()
	near("B's evidence that A is resolute after the threat", rs.alpha[1], 2+cheapTalkWeight*sig7)
	judge()
	near("B's evidence that A is resolute, the bluff called", rs.alpha[1], 2+cheapTalkWeight*sig7)
	near("B's evidence that A is not resolute, the bluff called", rs.beta[1], 2+defaultCalledWeight*sig7)
	near("A's evidence that B is resolute, defied", rs.alpha[0], 2+defaultCalledWeight/2*sig7)
	near("A's evidence that B is not resolute, defied", rs.beta[0], 2)
	counts := func(what string, made, carried, heeded, called int) {
		t.Helper()
		o := &w.Out
		if o.Threats != made || o.ThreatsCarried != carried || o.ThreatsHeeded != heeded || o.ThreatsCalled != called {
			t.Errorf("%s: threats made, carried out, heeded, called %d, %d, %d, %d; want %d, %d, %d, %d", what,
				o.Threats, o.ThreatsCarried, o.ThreatsHeeded, o.ThreatsCalled, made, carried, heeded, called)
		}
	}
	counts("a bluff called", 1, 0, 0, 1)
	a1, b1, a0 := rs.alpha[1], rs.beta[1], rs.alpha[0]
	judge() // judged once
	if rs.alpha[1] != a1 || rs.beta[1] != b1 || rs.alpha[0] != a0 {
		t.Errorf("a threat judged twice: beliefs moved again")
	}

	// Carried out (A stands on the rung it threatened when the threat is
	// judged) or heeded (B stepped down toward A after it): no more evidence.
	for _, c := range []struct {
		what            string
		side, rung      int
		carried, heeded int
	}{
		{"the threat carried out", 0, 7, 1, 0},
		{"the threat heeded", 1, 5, 0, 1},
	} {
		w.Reset([32]byte{1})
		threaten()
		w.setRung(q, c.side, c.rung, UseNone)
		judge()
		near("B's evidence that A is not resolute, "+c.what, rs.beta[1], 2)
		near("A's evidence that B is resolute, "+c.what, rs.alpha[0], 2)
		counts(c.what, 1, c.carried, c.heeded, 0)
	}

	// Repeated and never carried out: after n threats of rung 10 from rung 9,
	// B's belief that A is resolute is (2 + c·s·n)/(4 + (c + w_c)·s·n), which
	// falls from 1/2 toward c/(c + w_c) = 1/3 (c = cheapTalkWeight, s the
	// signal of rung 10).
	w.Reset([32]byte{1})
	w.setRung(q, 0, 9, UseDeliberate) // a nuclear use: its own evidence, set aside below
	rs.alpha[1], rs.beta[1] = 2, 2
	sig10 := w.rungs[10].signal
	prev := 0.5
	for n := 1; n <= 50; n++ {
		threaten()
		judge()
		got := rs.alpha[1] / (rs.alpha[1] + rs.beta[1])
		c := cheapTalkWeight * sig10 * float64(n)
		near("B's belief that A is resolute after repeated empty threats", got, (2+c)/(4+3*c))
		if !(got < prev) {
			t.Fatalf("threat %d: B's belief that A is resolute %.4f did not fall (was %.4f)", n, got, prev)
		}
		prev = got
	}
	if prev > 1.0/3+0.01 {
		t.Errorf("after 50 empty threats B believes A resolute with p=%.4f, want near 1/3", prev)
	}
}

// Wired into the decision epochs: an actor that threatens every week and
// cannot climb (its highest rung is its own) is believed ever less resolute
// by its target, toward 1/3 (toward c/(c + w_c) for a weight w_c given in
// the file); with called_threat_weight 0 a threat only ever raises the
// target's belief, toward 1.
func TestEmptyThreatsLoseCredibility(t *testing.T) {
	for _, tc := range []struct {
		weight   string
		min, max float64
	}{
		{"", 1.0/3 - 0.01, 0.38},                          // some threats B heeds, one still running at the end (0.360 with simultaneous choices, 0.370 in turn)
		{"called_threat_weight: 0.2\n", 0.5 - 0.01, 0.54}, // c/(c + c) = 1/2
		{"called_threat_weight: 0\n", 0.9, 1},
	} {
		threats, p := emptyThreats(t, tc.weight)
		t.Logf("%q: %d threats, B believes A resolute with p=%.3f", tc.weight, threats, p)
		if threats < 30 {
			t.Fatalf("%q: A threatened in %d epochs of 52, want nearly all (bluff propensity 1)", tc.weight, threats)
		}
		if p < tc.min || p > tc.max {
			t.Errorf("%q: after %d empty threats B believes A resolute with p=%.3f, want it in [%.3f, %.3f]", tc.weight, threats, p, tc.min, tc.max)
		}
	}
}

// emptyThreats runs a year in which A, unable to climb, threatens B nearly
// every week; it returns the threats made and B's belief that A is resolute
// at the end.
func emptyThreats(t *testing.T, weight string) (threats int, belief float64) {
	t.Helper()
	src := strings.Replace(beliefSrc, "A: {rung: 6, belief_resolute: 0.5, belief_strength: 4}",
		"A: {rung: 4, max_rung: 4, belief_resolute: 0.5, belief_strength: 4}", 1)
	src = strings.Replace(src, "B: {rung: 6,", "B: {rung: 4,", 1)
	src = strings.Replace(src, "horizon_days: 60\n", "horizon_days: 365\n"+weight, 1)
	src = strings.Replace(src, "  - {id: A, coalition: a}",
		"  - {id: A, coalition: a, politics: {bluff_propensity: 1, rationality: 50}}", 1)
	w, m := retaliationWorld(t, src)
	q := m.Rel(m.ActorIndex("A"), m.ActorIndex("B"))
	w.Reset([32]byte{7})
	for !w.done && w.Day < 364 {
		if w.decisionEpoch() {
			w.Step()
			if w.scratch.choice[q*2] == optSignal {
				threats++
			}
			continue
		}
		w.Step()
	}
	rs := &w.rel[q]
	return threats, rs.alpha[1] / (rs.alpha[1] + rs.beta[1])
}
