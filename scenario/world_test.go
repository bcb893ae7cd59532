package scenario_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/scenario"
)

// TestMalformedWorldBlocks: a mistake in the world blocks (economy, security,
// proliferation, regime, sanctions, alliances) gets the same positioned
// diagnostic as the rest of the format: file, line, column, field path and a
// message saying what was expected. Each case is testdata/world.yaml with one
// textual edit.
func TestMalformedWorldBlocks(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("testdata", "world.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scenario.Parse(caseFile, base); err != nil {
		t.Fatalf("testdata/world.yaml must be valid: %v", err)
	}
	cases := []struct {
		name, old, new string
		line, col      int
		field, msg     string
	}{
		{"trade with an unknown actor", "trade: {M: 0.4}", "trade: {M: 0.4, ZZ: 0.1}", 34, 27, "actors.X.economy.trade.ZZ", `unknown actor "ZZ"; expected one of: M, P, Q, R, S, X, Y`},
		{"trade shares above one", "trade: {M: 0.4}", "trade: {M: 0.7, Y: 0.5}", 34, 14, "actors.X.economy.trade", "the trade shares sum to 1.2 (at their largest); they must sum to at most 1"},
		{"trade with itself", "trade: {M: 0.4}", "trade: {M: 0.4, X: 0.1}", 34, 26, "actors.X.economy.trade.X", "an actor does not trade with itself"},
		{"growth out of range", "growth: 0.03", "growth: 3", 32, 15, "actors.X.economy.growth", "must be within [-0.5, 0.5], got 3"},
		{"cost of an unknown theatre", "      war_cost_per_year: 0.1\n", "      war_cost_per_year: 0.1\n      theatre_cost_per_year: {nowhere: 0.2}\n", 36, 40, "actors.X.economy.theatre_cost_per_year.nowhere", `unknown theatre "nowhere"`},
		{"threat from an unknown actor", "threatened_by: {X: 0.8}", "threatened_by: {XX: 0.8}", 56, 36, "actors.Q.security.threatened_by.XX", `unknown actor "XX"`},
		{"seeks an unknown alliance", "seeks: [A]", "seeks: [B]", 67, 49, "actors.S.security.seeks[0]", `unknown alliance "B"; expected one of: A`},
		{"latency missing", "proliferation: {years_to_weapon: 3, hazard_per_year: 0.25}", "proliferation: {hazard_per_year: 0.25}", 57, 20, "actors.Q.proliferation.years_to_weapon", "latency is required"},
		{"sanctions on an unknown target", "target: X", "target: W", 75, 11, "sanctions.target", `unknown actor "W"`},
		{"unknown sanctioner", "members: [M]", "members: [M, N]", 76, 16, "sanctions.members[1]", `unknown actor "N"`},
		{"the target sanctions itself", "members: [M]", "members: [M, X]", 76, 16, "sanctions.members[1]", "the target (X) cannot sanction itself"},
		{"depth out of range", "depth: 0.5", "depth: 1.5", 77, 10, "sanctions.depth", "must be within [0, 1], got 1.5"},
		{"unknown alliance leader", "leader: Y", "leader: V", 87, 13, "alliances.A.leader", `unknown actor "V"`},
		{"vetoes in a patronage", "admission_days: 70", "patronage: true\n    admission_days: 70", 90, 13, "alliances.A.vetoes", "a patronage has no vetoes"},
		{"regime shares above one", "hazard_per_year: 0.4", "hazard_per_year: 0.4\n      coup_share: 0.7\n      revolution_share: 0.5", 64, 25, "actors.R.regime.revolution_share", "coup_share + revolution_share = 1.2; they must sum to at most 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src, err := applyEdits(string(base), []edit{{c.old, c.new}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = scenario.Parse(caseFile, []byte(src))
			var errs scenario.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("want positioned errors, got %v", err)
			}
			for _, d := range errs {
				if d.Pos.File == caseFile && d.Pos.Line == c.line && d.Pos.Col == c.col && d.Field == c.field && strings.Contains(d.Msg, c.msg) {
					return
				}
			}
			t.Errorf("want %s:%d:%d: %s: %s\ngot %v", caseFile, c.line, c.col, c.field, c.msg, err)
		})
	}
}
