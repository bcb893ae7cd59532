package sim

import (
	"math"
	"testing"
)

// A false warning of attack is weighed by the state of relations with the
// state it seems to come from: X, at war with Z (no nuclear weapons; tension
// 0.9) and calm toward Y (nuclear-armed; tension 0.1), launches on a warning
// that reaches its leadership with probability L·τ = 0.5 · 0.1, not 0.5 · 0.9,
// and at Y. Nothing else moves (an inertia of 10 stakes holds every rung).
func TestFalseWarningWeighedByTheApparentAttacker(t *testing.T) {
	const src = `
id: warned
start: 2000-01-01
horizon_days: 360
inertia: 10
ladder:
  - {name: calm, alert: 2, tension: 0.1}
  - {name: war, alert: 2, tension: 0.9}
  - {name: nuclear use, nuclear_use: true, alert: 3, tension: 1, damage: {casualties: 0}}
  - {name: general nuclear war, nuclear_use: true, terminal: true, alert: 3, tension: 1, damage: {casualties: 0}}
actors:
  - id: X
    coalition: x
    doctrine: {no_first_use: true}
    nuclear:
      warheads: 100
      alarms_per_year: [0, 0, 100, 100]
      serious_share: [1, 1, 1, 1]
      procedure_catch: 0
      command_robustness: 0
      leader_launch: 0.5
      unauthorised_per_year: [0, 0, 0, 0]
      inadvertent_rung: 3
  - id: Y
    coalition: y
    doctrine: {no_first_use: true}
    nuclear: {warheads: 100, alarms_per_year: [0, 0, 0, 0], unauthorised_per_year: [0, 0, 0, 0]}
  - {id: Z, coalition: z}
relations:
  - between: [X, Y]
    principal: true
    sides: {X: {rung: 0, min_share: 0.6}, Y: {rung: 0, min_share: 0.6}}
  - between: [X, Z]
    sides: {X: {rung: 1}, Z: {rung: 1}}
`
	w, m := retaliationWorld(t, src)
	x, y := m.ActorIndex("X"), m.ActorIndex("Y")
	qy := m.Rel(x, y)
	passed, launched := 0, 0
	for k := range 400 {
		w.Reset([32]byte{9, byte(k), byte(k >> 8)})
		out := w.Run()
		passed += out.AlarmsPassed
		if !out.NuclearUse {
			continue
		}
		launched++
		if out.FirstUseKind != UseFalseAlarm || out.FirstUseBy != x || w.rel[qy].rung[w.sideOf(qy, x)] != 3 {
			t.Fatalf("trajectory %d: first use %v by %d, X toward Y at rung %d; want a launch on a false warning by X at Y",
				k, out.FirstUseKind, out.FirstUseBy, w.rel[qy].rung[w.sideOf(qy, x)])
		}
	}
	// Each warning that reaches the leadership launches with L·τ, independently.
	const want = 0.5 * 0.1
	p := float64(launched) / float64(passed)
	if se := math.Sqrt(want * (1 - want) / float64(passed)); math.Abs(p-want) > 3.3*se {
		t.Errorf("%d launches of %d warnings reaching the leadership (%.4f); want L·τ = %.2f ± %.4f, the tension toward the apparent attacker", launched, passed, p, want, 3.3*se)
	}
	if launched < 100 {
		t.Errorf("only %d launches; the test shows little", launched)
	}
}
