package sim

import (
	"math"
	"strings"
	"testing"
)

const deploySrc = `
id: deploy
start: 2000-01-01
horizon_days: 100
categories:
  - {id: tanks, law: square}
actors:
  - {id: A, coalition: a, forces: [{category: tanks, active: 100}]}
  - {id: B, coalition: b, forces: [{category: tanks, active: 100}]}
  - {id: C, coalition: c, forces: [{category: tanks, active: 100}]}
relations:
  - {between: [A, B], principal: true, sides: {A: {rung: 6}, B: {rung: 6}}}
  - {between: [C, A], sides: {C: {rung: 3}, A: {rung: 3}}}
theatres:
  - id: field
    territory: 0.5
    a: {actors: [{actor: A, commit: 1}], attrition: {tanks: 0.001}}
    b: {actors: [{actor: B, commit: 1}, {actor: C, commit: 1, deploy_days: TAU}], attrition: {tanks: 0.001}}
`

// Forces arrive as a first-order lag: n days after C enters the war its
// effort is the rung's times 1 − e^(−n/τ) exactly (a ← a + (1 − a)(1 − e^(−1/τ))
// is that closed form, day by day); with τ = 0 it is all there the first
// day; the principals, fighting on day 0, are in place from the start.
func TestDeploymentClosedForm(t *testing.T) {
	for _, tau := range []float64{0, 10} {
		w, m := retaliationWorld(t, strings.Replace(deploySrc, "TAU", map[float64]string{0: "0", 10: "10"}[tau], 1))
		w.Reset([32]byte{11})
		ts := &w.th[0]
		w.refreshPosture()
		if ts.effort[0][0] != 1 || ts.effort[1][0] != 1 {
			t.Fatalf("τ %g: the principals fight at %g and %g on day 0, want 1 and 1", tau, ts.effort[0][0], ts.effort[1][0])
		}
		c, a := m.ActorIndex("C"), m.ActorIndex("A")
		q := m.Rel(c, a)
		w.Day = 5
		w.setRung(q, w.sideOf(q, c), 6, UseDeliberate)
		fight := w.rungs[6].fight
		for n := 1; n <= 40; n++ {
			w.refreshPosture() // as the decisions and production do before combat
			w.deployStep()     // combat's first step
			w.refreshPosture()
			want := fight * (1 - math.Exp(-float64(n)/tau))
			if tau == 0 || want > fight*0.999 {
				want = fight
			}
			if got := ts.effort[1][1]; math.Abs(got-want) > 1e-12 {
				t.Fatalf("τ %g: %d days after entering, C fights at %.6f, want %.6f", tau, n, got, want)
			}
			w.Day++
		}
	}
}
