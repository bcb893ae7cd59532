package scenario_test

import (
	"strings"
	"testing"
)

// The bargaining block and private costs: defaults, and positioned errors.
func TestBargainingFields(t *testing.T) {
	base := readMinimal(t)
	good := strings.Replace(base, "      BLUE: {rung: 2, max_rung: 2, stakes: 1.0}\n",
		"      BLUE: {rung: 2, max_rung: 2, stakes: 1.0, private_cost: 0.1}\n", 1) +
		"bargaining: {protocol: alternating}\n"
	sc, err := checkScenario("good.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	b := sc.Bargaining
	if b == nil || b.Protocol != "alternating" || b.Proposer != "RED" || b.Types != 64 {
		t.Errorf("bargaining %+v: want protocol alternating, proposer RED (first of between), 64 types", b)
	}
	if pc := sc.Relations[0].Sides["BLUE"].PrivateCost; !pc.IsConst() || pc.P[0] != 0.1 {
		t.Errorf("BLUE's private cost %v, want 0.1", pc)
	}
	if pc := sc.Relations[0].Sides["RED"].PrivateCost; !pc.IsConst() || pc.P[0] != 0 {
		t.Errorf("RED's private cost %v, want the default 0", pc)
	}
	n := strings.Count(base, "\n")
	for _, c := range []struct {
		name, text string
		want       []want
	}{
		{"unknown protocol", base + "bargaining: {protocol: ultimatum}\n",
			[]want{{n + 1, 24, "bargaining.protocol", "expected one of complete, take-it-or-leave-it, alternating"}}},
		{"proposer outside the principal relation", base + "bargaining: {protocol: take-it-or-leave-it, proposer: GREEN}\n",
			[]want{{n + 1, 55, "bargaining.proposer", `must be an actor of the principal relation RED-BLUE (RED or BLUE), got "GREEN"`}}},
		{"one type", base + "bargaining: {types: 1}\n",
			[]want{{n + 1, 21, "bargaining.types", "must be within [2, 4096], got 1"}}},
		{"negative private cost", strings.Replace(base, "      RED: {rung: 2, stakes: 0.8}\n", "      RED: {rung: 2, stakes: 0.8, private_cost: -0.1}\n", 1),
			[]want{{50, 49, "relations.RED-BLUE.sides.RED.private_cost", "must be at least 0, got -0.1"}}},
	} {
		t.Run(c.name, func(t *testing.T) { checkMalformed(t, c.text, c.want) })
	}
}
