package mc_test

// Tests of the historical built-in scenarios (scenario/builtin: cuba-1962,
// able-archer-1983, kargil-1999, cold-war-year): each passes validation with
// every variant, runs, and gives nuclear use well below even odds — none of
// these crises ended in nuclear use; and cold-war-year's annual probability of
// nuclear use lies in the range published by experts, about 0.1-3 % a year
// (Hellman 2008; Rodriguez 2019, ~1.1 %; Good Judgment Project, ~0.7 %; see
// data/SOURCES.md).

import (
	"context"
	"testing"

	"brink/mc"
	"brink/scenario"
	"brink/sim"
)

// historyScenarios are the historical built-ins. Each is a crisis or a
// year that did not end in nuclear use.
var historyScenarios = []string{"cuba-1962", "able-archer-1983", "kargil-1999", "cold-war-year"}

// historyModels loads a built-in and its variants ("" for the base), each
// validated and compiled: what `brink check` does, and what `brink run` needs.
func historyModels(t *testing.T, id string) map[string]*sim.Model {
	t.Helper()
	sc, err := scenario.Builtin(id)
	if err != nil {
		t.Fatalf("Builtin(%q):\n%v", id, err)
	}
	out := map[string]*sim.Model{}
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatalf("Compile(%s): %v", id, err)
	}
	out[""] = m
	if len(sc.Sources) == 0 {
		t.Errorf("%s cites no sources", id)
	}
	for _, v := range sc.Variants {
		vs, err := sc.WithVariant(v.ID)
		if err != nil {
			t.Errorf("%s: WithVariant(%q):\n%v", id, v.ID, err)
			continue
		}
		vm, err := sim.Compile(vs)
		if err != nil {
			t.Errorf("%s: Compile(variant %q): %v", id, v.ID, err)
			continue
		}
		out[v.ID] = vm
	}
	return out
}

func TestHistoryBuiltinsRunBelowEvenOdds(t *testing.T) {
	const n = 2000
	for _, id := range historyScenarios {
		t.Run(id, func(t *testing.T) {
			if !scenario.IsBuiltin(id) {
				t.Fatalf("%s is not a built-in; BuiltinIDs() = %v", id, scenario.BuiltinIDs())
			}
			for variant, m := range historyModels(t, id) {
				res := mc.Run(context.Background(), m, mc.Options{N: n, Seed: 1})
				if res.N != n || res.Partial {
					t.Fatalf("%s/%q: ran %d of %d trajectories (partial %v)", id, variant, res.N, n, res.Partial)
				}
				var ends int64
				for _, c := range res.Ends {
					ends += c
				}
				if ends != n {
					t.Errorf("%s/%q: endings count %d trajectories, want %d", id, variant, ends, n)
				}
				// Historically none of these ended in nuclear use. A variant may be
				// darker than history, but not a coin flip: the base must be well
				// below even odds, and so must every variant.
				p := float64(res.NuclearUse) / float64(res.N)
				if lo, _ := mc.Wilson(res.NuclearUse, res.N, mc.Z95); p >= 0.5 || lo >= 0.5 {
					t.Errorf("%s/%q: P(nuclear use) = %.3f, want well below 0.5", id, variant, p)
				}
				t.Logf("%s/%q: P(nuclear use) = %.4f (%d of %d)", id, variant, p, res.NuclearUse, res.N)
			}
		})
	}
}

// TestColdWarYearInExpertRange: the annual probability of any nuclear use in
// an ordinary Cold War year must fall in the experts' range. With 20,000
// trajectories (about half a second) and p near 0.4 %, the 95 % Wilson
// interval is about ±0.1 percentage point, so both the point estimate and the
// interval are well inside [0.1 %, 3 %]; the test asks for the point estimate
// inside and the interval overlapping.
func TestColdWarYearInExpertRange(t *testing.T) {
	const (
		n      = 20000
		lo, hi = 0.001, 0.03 // Hellman 2008 (0.02-0.5 % for one path, "~1 %" overall) to Rodriguez 2019 (~1.1 %) and above
	)
	sc, err := scenario.Builtin("cold-war-year")
	if err != nil {
		t.Fatal(err)
	}
	if sc.HorizonDays != 365 {
		t.Fatalf("cold-war-year runs %d days; the experts' probability is per year (365)", sc.HorizonDays)
	}
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	res := mc.Run(context.Background(), m, mc.Options{N: n, Seed: 1})
	if res.N != n {
		t.Fatalf("ran %d of %d trajectories", res.N, n)
	}
	p := float64(res.NuclearUse) / float64(res.N)
	wlo, whi := mc.Wilson(res.NuclearUse, res.N, mc.Z95)
	t.Logf("cold-war-year: P(nuclear use within the year) = %.4f, 95 %% interval [%.4f, %.4f]; first use on a false alarm %d, unauthorised %d, deliberate %d, loss of control %d",
		p, wlo, whi, res.FirstKind[sim.UseFalseAlarm], res.FirstKind[sim.UseUnauthorised], res.FirstKind[sim.UseDeliberate], res.FirstKind[sim.UseLossOfControl])
	if p < lo || p > hi {
		t.Errorf("P(nuclear use within the year) = %.4f, outside the experts' range [%g, %g]", p, lo, hi)
	}
	if whi < lo || wlo > hi {
		t.Errorf("95 %% interval [%.4f, %.4f] does not overlap the experts' range [%g, %g]", wlo, whi, lo, hi)
	}
	// The risk must come from where the scenario says it does: false alarms
	// believed by a leader, not a war the actors choose.
	if res.FirstKind[sim.UseFalseAlarm] == 0 {
		t.Errorf("no first use on a false alarm in %d trajectories; the scenario is calibrated on the false-alarm record", n)
	}
}
