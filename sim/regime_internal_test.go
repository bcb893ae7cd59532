package sim

import (
	"math"
	"testing"

	"brink/scenario"
)

// A change of leadership brings the successor's politics and doctrine, and
// re-weighs the actor's stakes by the new resolve; fields the successor does
// not give keep the predecessor's values.
func TestRegimeChangeBringsSuccessor(t *testing.T) {
	const src = `
id: regime
start: 2000-01-01
horizon_days: 70
actors:
  - id: R
    coalition: r
    politics: {resolve: 0.9, risk_tolerance: 0.3, cost_sensitivity: 0.5, audience_cost: 0.1}
    doctrine: {first_use_force_ratio_below: 0.5, first_use_territory_below: 0.1}
    nuclear: {warheads: 10, alarms_per_year: [0, 0, 0, 0], unauthorised_per_year: [0, 0, 0, 0]}
    regime:
      hazard_per_year: 1000
      successor: {resolve: 0.2, no_first_use: true}
  - {id: S, coalition: s}
relations:
  - {between: [R, S], principal: true, sides: {R: {rung: 0, stakes: 0.8, min_share: 0.9}, S: {rung: 0, min_share: 0.9}}}
`
	sc, err := scenario.Parse("regime.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWorld(m)
	w.Reset([32]byte{3})
	r := m.ActorIndex("R")
	if a := &w.act[r]; a.nfu || a.forceRatioBelow != 0.5 || a.audience != 0.1 || math.Abs(w.rel[0].stakes[0]-0.8*0.9) > 1e-15 {
		t.Fatalf("before: nfu %v, force ratio %g, stakes %g", a.nfu, a.forceRatioBelow, w.rel[0].stakes[0])
	}
	w.Run()
	if w.Out.RegimeChanges[r] == 0 || w.Out.RegimeDay[r] != 7 {
		t.Fatalf("at 1000 a year the leadership should change at the first world step (day 7): %d changes, first on day %d", w.Out.RegimeChanges[r], w.Out.RegimeDay[r])
	}
	a := &w.act[r]
	if !a.nfu || a.resolve != 0.2 || a.riskTol != 0.3 || a.costSens != 0.5 || a.forceRatioBelow != 0.5 || a.territoryBelow != 0.1 {
		t.Errorf("after: nfu %v, resolve %g, risk tolerance %g, cost sensitivity %g, thresholds %g %g; want true, 0.2, and the rest kept",
			a.nfu, a.resolve, a.riskTol, a.costSens, a.forceRatioBelow, a.territoryBelow)
	}
	if a.audience != 0 {
		t.Errorf("audience cost after the change %g; a new leadership is not bound by its predecessor's commitments (want 0)", a.audience)
	}
	if got, want := w.rel[0].stakes[0], 0.8*0.2; math.Abs(got-want) > 1e-15 {
		t.Errorf("stakes after the change %g, want %g", got, want)
	}
}
