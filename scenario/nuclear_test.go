package scenario_test

import (
	"errors"
	"strings"
	"testing"

	"brink/scenario"
)

// TestMalformedNuclearBlocks: mistakes in the retaliation doctrine, the alert
// dwell and the interventions after a nuclear use get positioned diagnostics
// naming the field.
func TestMalformedNuclearBlocks(t *testing.T) {
	const base = `id: two-powers
start: 2000-01-01
horizon_days: 60
actors:
  - {id: U, coalition: u, nuclear: {warheads: 100}}
  - {id: V, coalition: v,
     doctrine: {retaliation: {assured: 0.8, none: 0.2}},
     nuclear: {warheads: 100}}
  - {id: W, coalition: w}
relations:
  - {between: [U, V], principal: true, sides: {U: {rung: 6}, V: {rung: 6}}}
  - {between: [W, U], sides: {W: {rung: 3}, U: {rung: 3}}}
after_nuclear_use:
  intervention:
    - {actor: W, probability: 0.3}
`
	sc, err := scenario.Parse("n.yaml", []byte(base))
	if err != nil {
		t.Fatalf("the base must be valid: %v", err)
	}
	if r := sc.Actors[1].Doctrine.Retaliation; r.ConventionalRung != 6 || r.HoldDays != 7 || r.DecideDays != 1 {
		t.Errorf("defaults: conventional rung %d, hold %d days, decide %d days; want 6, 7, 1", r.ConventionalRung, r.HoldDays, r.DecideDays)
	}
	if iv := sc.AfterNuclearUse.Intervention[0]; iv.Rung != 6 {
		t.Errorf("an intervention's default rung is %d, want 6 (major conventional war)", iv.Rung)
	}
	cases := []struct{ name, old, new, field, msg string }{
		{"branch above one", "assured: 0.8", "assured: 1.8", "actors.V.doctrine.retaliation.assured", "must be within [0, 1]"},
		{"no branch", "assured: 0.8, none: 0.2", "assured: 0, none: 0", "actors.V.doctrine.retaliation", "give at least one branch"},
		{"no nuclear force", "  - {id: W, coalition: w}", "  - {id: W, coalition: w, doctrine: {retaliation: {assured: 1}}}", "actors.W.doctrine.retaliation", "needs a nuclear force"},
		{"negative dwell", "retaliation: {assured: 0.8, none: 0.2}", "retaliation: {assured: 0.8, none: 0.2}, alert_min_dwell_days: -3", "actors.V.doctrine.alert_min_dwell_days", "must be"},
		{"unknown intervener", "actor: W, probability", "actor: ZZ, probability", "after_nuclear_use.intervention[0].actor", `unknown actor "ZZ"`},
		{"nuclear intervention", "probability: 0.3}", "probability: 0.3, rung: 9}", "after_nuclear_use.intervention[0].rung", "nuclear-use rung"},
		// 10^8 false alarms a year took seconds a trajectory (found by FuzzCompileRun).
		{"alarms beyond belief", "  - {id: U, coalition: u, nuclear: {warheads: 100}}",
			"  - {id: U, coalition: u, nuclear: {warheads: 100, alarms_per_year: [1, 2, 4, 1.4e8]}}", "actors.U.nuclear.alarms_per_year[3]", "median must be at most 100000"},
		{"detonations beyond belief", "  - {id: U, coalition: u, nuclear: {warheads: 100}}",
			"  - {id: U, coalition: u, nuclear: {warheads: 100, unauthorised_per_year: [0, 0, 1.4e8, 0]}}", "actors.U.nuclear.unauthorised_per_year[2]", "median must be at most 1000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.old) {
				t.Fatalf("%q not in the base", c.old)
			}
			_, err := scenario.Parse("n.yaml", []byte(strings.Replace(base, c.old, c.new, 1)))
			var errs scenario.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("want positioned errors, got %v", err)
			}
			for _, d := range errs {
				if d.Field == c.field && strings.Contains(d.Msg, c.msg) && d.Pos.Line > 0 {
					return
				}
			}
			t.Errorf("no error at %s saying %q in:\n%v", c.field, c.msg, err)
		})
	}
}
