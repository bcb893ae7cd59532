package scenario_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"brink/scenario"
)

func loadMinimal(t *testing.T) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Parse("minimal.yaml", []byte(readMinimal(t)))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func actorOf(t *testing.T, sc *scenario.Scenario, id string) *scenario.Actor {
	t.Helper()
	for i := range sc.Actors {
		if sc.Actors[i].ID == id {
			return &sc.Actors[i]
		}
	}
	t.Fatalf("no actor %s", id)
	return nil
}

func isConst(v scenario.Value, x float64) bool { return v.IsConst() && v.P[0] == x }

func TestWithValuesSets(t *testing.T) {
	base := loadMinimal(t)
	sc, err := base.WithValues(map[string]float64{
		"actors.RED.politics.resolve":           0.35,
		"ladder[2].cost":                        0.002,
		"relations.RED-BLUE.sides.RED.stakes":   0.6,
		"actors.RED.nuclear.alarms_per_year[3]": 12,
		"actors.BLUE.politics.optimism":         -0.125, // not in the file: added
		"theatres.front.b.attrition.guns":       3e-5,
		"relations.1.sides.GREEN.max_rung":      1, // an integer field takes a whole number
	})
	if err != nil {
		t.Fatal(err)
	}
	red, blue := actorOf(t, sc, "RED"), actorOf(t, sc, "BLUE")
	if v := red.Politics.Resolve; !isConst(v, 0.35) || v.Pos.Line != 21 {
		t.Errorf("RED resolve = %+v, want 0.35 at line 21", v)
	}
	if !isConst(sc.Ladder[2].Cost, 0.002) {
		t.Errorf("ladder[2].cost = %s", sc.Ladder[2].Cost)
	}
	if !isConst(sc.Relations[0].Sides["RED"].Stakes, 0.6) {
		t.Errorf("RED-BLUE RED stakes = %s", sc.Relations[0].Sides["RED"].Stakes)
	}
	if a := red.Nuclear.AlarmsPerYear; len(a) != 4 || !isConst(a[3], 12) || !isConst(a[2], 4) {
		t.Errorf("RED alarms = %v", a)
	}
	if !isConst(blue.Politics.Optimism, -0.125) || !isConst(blue.Politics.Resolve, 0.9) {
		t.Errorf("BLUE politics = %+v", blue.Politics)
	}
	if !isConst(sc.Theatres[0].B.Attrition["guns"], 3e-5) {
		t.Errorf("attrition = %v", sc.Theatres[0].B.Attrition)
	}
	if m := sc.Relations[1].Sides["GREEN"].MaxRung; m == nil || *m != 1 {
		t.Errorf("GREEN max_rung = %v", m)
	}
	// Common random numbers: the hash is the base's; the base is unchanged.
	if sc.Hash != base.Hash || sc.File != base.File || sc.Variant != "" {
		t.Errorf("WithValues changed hash/file/variant: %x %q %q", sc.Hash[:4], sc.File, sc.Variant)
	}
	if !strings.Contains(string(sc.Source()), "resolve: beta(7, 3)") {
		t.Error("Source is not the base file")
	}
	if r := actorOf(t, base, "RED").Politics.Resolve; r.Kind != scenario.Beta {
		t.Errorf("base changed: RED resolve = %s", r)
	}

	// Nothing set: the same scenario, decoded afresh.
	same, err := base.WithValues(nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := actorOf(t, same, "RED").Politics.Resolve; r.Kind != scenario.Beta || r.P != [3]float64{7, 3} {
		t.Errorf("WithValues(nil): RED resolve = %s", r)
	}
}

func TestWithValuesVariant(t *testing.T) {
	base := loadMinimal(t)
	hawk, err := base.WithVariant("hawk")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := hawk.WithValues(map[string]float64{
		"actors.RED.politics.rationality":     3,
		"relations.RED-BLUE.sides.RED.stakes": 0.7, // the variant sets it too: the value wins
	})
	if err != nil {
		t.Fatal(err)
	}
	red := actorOf(t, sc, "RED")
	if r := red.Politics.Resolve; r.Kind != scenario.Beta || r.P != [3]float64{9, 1} {
		t.Errorf("the variant's resolve is lost: %s", r)
	}
	if !isConst(red.Politics.Rationality, 3) || !isConst(sc.Relations[0].Sides["RED"].Stakes, 0.7) {
		t.Errorf("values not set: rationality %s, stakes %s", red.Politics.Rationality, sc.Relations[0].Sides["RED"].Stakes)
	}
	if sc.Variant != "hawk" || sc.Hash != base.Hash {
		t.Errorf("variant %q, hash changed %v", sc.Variant, sc.Hash != base.Hash)
	}

	// Values accumulate, and the variant is not applied twice.
	again, err := sc.WithValues(map[string]float64{"actors.RED.politics.risk_tolerance": 0.5})
	if err != nil {
		t.Fatal(err)
	}
	red = actorOf(t, again, "RED")
	if !isConst(red.Politics.Rationality, 3) || !isConst(again.Relations[0].Sides["RED"].Stakes, 0.7) ||
		!isConst(red.Politics.RiskTolerance, 0.5) || red.Politics.Resolve.P != [3]float64{9, 1} {
		t.Errorf("chained WithValues: politics %+v, stakes %s", red.Politics, again.Relations[0].Sides["RED"].Stakes)
	}

	// A variant applied after values goes on top of them.
	v, err := base.WithValues(map[string]float64{"actors.RED.politics.resolve": 0.2, "actors.RED.politics.rationality": 4})
	if err != nil {
		t.Fatal(err)
	}
	vh, err := v.WithVariant("hawk")
	if err != nil {
		t.Fatal(err)
	}
	if red := actorOf(t, vh, "RED"); red.Politics.Resolve.Kind != scenario.Beta || !isConst(red.Politics.Rationality, 4) {
		t.Errorf("values then variant: politics %+v", red.Politics)
	}
}

func TestWithValuesErrors(t *testing.T) {
	base := loadMinimal(t)
	type want struct {
		line, col int
		field     string
		msg       string
	}
	tests := []struct {
		values map[string]float64
		want   []want
	}{
		{map[string]float64{"actors.RDE.politics.resolve": 0.5},
			[]want{{17, 3, "actors.RDE.politics.resolve", `no element with id "RDE" in actors; did you mean "RED"?`}}},
		{map[string]float64{"actors.RED.politcs.resolve": 0.5},
			[]want{{17, 5, "actors.RED.politcs.resolve", `no field "politcs.resolve" in actors.RED; did you mean "politics"?`}}},
		// A new last key is added, as by a variant, and the decoder rejects it
		// where the path ends in the file.
		{map[string]float64{"actors.RED.politics.resolv": 0.5},
			[]want{{21, 7, "actors.RED.politics", `unknown field "resolv"; did you mean "resolve"?`}}},
		{map[string]float64{"ladder[7].cost": 0.5},
			[]want{{8, 3, "ladder[7].cost", "index 7 out of range (ladder has 5 entries: 0–4)"}}},
		{map[string]float64{"actors.RED.politics.resolve[0]": 0.5},
			[]want{{21, 16, "actors.RED.politics.resolve[0]", "not a mapping or a list"}}},
		{map[string]float64{"actors..resolve": 0.5},
			[]want{{2, 1, "actors..resolve", "bad override path"}}},
		// Values the field does not take: at the value they replace.
		{map[string]float64{"actors.RED.politics.resolve": 1.5},
			[]want{{21, 16, "actors.RED.politics.resolve", "must be within [0, 1], got 1.5"}}},
		{map[string]float64{"relations.1.sides.GREEN.max_rung": 1.5},
			[]want{
				{54, 34, "relations.GREEN-RED.sides.GREEN.max_rung", "expected a whole number, got 1.5"},
				{54, 34, "relations.GREEN-RED.sides.GREEN.max_rung", "below the starting rung"}, // a consequence
			}},
		{map[string]float64{"actors.RED.politics.resolve": math.NaN()},
			[]want{{21, 16, "actors.RED.politics.resolve", "expected a finite number"}}},
		// Every problem at once, in file order.
		{map[string]float64{"actors.RED.politics.resolve": -1, "actors.BLUE.politics.resolve": 2, "ladder.x": 1},
			[]want{
				{8, 3, "ladder.x", `no element with id "x" in ladder`},
				{21, 16, "actors.RED.politics.resolve", "must be within [0, 1], got -1"},
				{38, 16, "actors.BLUE.politics.resolve", "must be within [0, 1], got 2"},
			}},
	}
	for _, tt := range tests {
		sc, err := base.WithValues(tt.values)
		if err == nil {
			t.Errorf("WithValues(%v) succeeded: %v", tt.values, sc.Actors[0].Politics)
			continue
		}
		var errs scenario.Errors
		if !errors.As(err, &errs) {
			t.Errorf("WithValues(%v): error %T, want scenario.Errors: %v", tt.values, err, err)
			continue
		}
		if len(errs) != len(tt.want) {
			t.Errorf("WithValues(%v): %d errors, want %d:\n%v", tt.values, len(errs), len(tt.want), err)
			continue
		}
		for i, w := range tt.want {
			d := errs[i]
			if d.Pos.File != "minimal.yaml" || d.Pos.Line != w.line || d.Pos.Col != w.col || d.Field != w.field || !strings.Contains(d.Msg, w.msg) {
				t.Errorf("WithValues(%v) error %d:\n got %s:%d:%d %s: %s\nwant line %d col %d %s: …%s…",
					tt.values, i, d.Pos.File, d.Pos.Line, d.Pos.Col, d.Field, d.Msg, w.line, w.col, w.field, w.msg)
			}
			if d.Source == "" {
				t.Errorf("WithValues(%v) error %d quotes no line", tt.values, i)
			}
		}
	}
}

func TestValueAt(t *testing.T) {
	base := loadMinimal(t)
	hawk, err := base.WithVariant("hawk")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		sc   *scenario.Scenario
		path string
		want string
		line int
	}{
		{base, "actors.RED.politics.resolve", "beta(7, 3)", 21},
		{hawk, "actors.RED.politics.resolve", "beta(9, 1)", 75},
		{base, "actors.0.politics.resolve", "beta(7, 3)", 21},
		{base, "actors.RED.nuclear.alarms_per_year[2]", "4", 27},
		{base, "ladder[3].cost", "0.005", 11},
		{base, "relations.RED-BLUE.sides.BLUE.stakes", "1.0", 51},
		{base, "relations.GREEN-RED.sides.GREEN.stakes", "0.5", 0}, // not in the file: the default
		{base, "theatres.front.a.attrition.guns", "0.0005", 62},
		{base, "actors.BLUE.politics.optimism", "0", 0},
	}
	for _, tt := range tests {
		v, err := tt.sc.ValueAt(tt.path)
		if err != nil {
			t.Errorf("ValueAt(%s): %v", tt.path, err)
			continue
		}
		if v.Text != tt.want || v.Pos.Line != tt.line {
			t.Errorf("ValueAt(%s) = %q at line %d, want %q at line %d", tt.path, v.Text, v.Pos.Line, tt.want, tt.line)
		}
	}
	bad := []struct {
		path string
		line int
		msg  string
	}{
		{"actors.RDE.politics.resolve", 17, `no element with id "RDE" in actors; did you mean "RED"?`},
		{"actors.RED.politcs.resolve", 17, `no field "politcs" in actors.RED; did you mean "politics"?`},
		{"actors.BLUE.nuclear.warheads", 35, "actors.BLUE.nuclear is not set"},
		{"relations.RED-BLUE.sides.RED.rung", 50, "is a whole number, not a number that may be a distribution"},
		{"relations.RED-BLUE.sides.REX.stakes", 50, `no key "REX" in relations.RED-BLUE.sides; did you mean "RED"?`},
		{"actors.RED.politics.resolve.x", 21, "is a number; it has no x"},
		{"ladder[9].cost", 8, "index 9 out of range (ladder has 5 entries)"},
		{"actors.RED.politics", 21, "is a mapping, not a number"},
		{"start.day", 4, "start is a date; it has no day"},
		{"", 0, "bad path"},
	}
	for _, tt := range bad {
		_, err := base.ValueAt(tt.path)
		var d *scenario.Diagnostic
		if !errors.As(err, &d) {
			t.Errorf("ValueAt(%q) = %v, want a *Diagnostic", tt.path, err)
			continue
		}
		if !strings.Contains(d.Msg, tt.msg) || d.Field != tt.path || (tt.line > 0 && d.Pos.Line != tt.line) {
			t.Errorf("ValueAt(%q): %s: %s: %s; want line %d …%s…", tt.path, d.Pos, d.Field, d.Msg, tt.line, tt.msg)
		}
	}
}
