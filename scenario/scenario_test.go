package scenario_test

// Tests of the scenario format from the outside: malformed scenarios and the
// diagnostics they must give, and a fuzz test of Parse and WithVariant.
//
// Every malformed case is testdata/minimal.yaml with one mistake made by a
// textual edit, so that each case differs from a valid scenario by exactly that
// mistake. The expected positions are those of testdata/minimal.yaml as it
// stands; a change to that file moves them.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"brink/scenario"
)

// caseFile is the name given to Parse for the malformed cases.
const caseFile = "bad.yaml"

// readMinimal returns testdata/minimal.yaml.
func readMinimal(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "minimal.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// edit replaces the one occurrence of old by new.
type edit struct{ old, new string }

// applyEdits returns base with every edit applied in turn; each old text must
// occur exactly once in the text it is applied to.
func applyEdits(base string, edits []edit) (string, error) {
	s := base
	for _, e := range edits {
		if n := strings.Count(s, e.old); n != 1 {
			return "", fmt.Errorf("edit %q: found %d times, want exactly once", e.old, n)
		}
		s = strings.Replace(s, e.old, e.new, 1)
	}
	return s, nil
}

// checkScenario does what `brink check` does: parse, then apply every variant.
// Its error, if any, is the scenario.Errors of all of them.
func checkScenario(name string, data []byte) (*scenario.Scenario, error) {
	sc, err := scenario.Parse(name, data)
	if err != nil {
		return nil, err
	}
	var all scenario.Errors
	for _, v := range sc.Variants {
		if _, err := sc.WithVariant(v.ID); err != nil {
			var es scenario.Errors
			if !errors.As(err, &es) {
				return nil, fmt.Errorf("variant %s: error of type %T, want scenario.Errors: %v", v.ID, err, err)
			}
			all = append(all, es...)
		}
	}
	return sc, all.Err()
}

// want is one expected diagnostic: where, which field, and part of the message.
type want struct {
	line, col int
	field     string
	msg       string
}

type malformedCase struct {
	name  string
	edits []edit  // applied to testdata/minimal.yaml
	text  *string // instead of edits: the whole text
	want  []want  // in order of position
	known string  // a known defect: the case asserts the good behaviour and is skipped (run it with BRINK_TEST_KNOWN=1)
}

func (c malformedCase) source(t testing.TB, base string) string {
	t.Helper()
	if c.text != nil {
		return *c.text
	}
	s, err := applyEdits(base, c.edits)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	return s
}

func textOf(s string) *string { return &s }

// malformedCases are single mistakes in testdata/minimal.yaml (lines are those
// of that file; see it with cat -n), and a few files with several.
var malformedCases = []malformedCase{
	// --- The decoder: unknown fields, types, ranges, distributions.
	{
		name:  "unknown field with did-you-mean",
		edits: []edit{{"      resolve: 0.9\n", "      reslove: 0.9\n"}},
		want:  []want{{38, 7, "actors.BLUE.politics", `unknown field "reslove"; did you mean "resolve"?`}},
	},
	{
		name:  "unknown top-level field with did-you-mean",
		edits: []edit{{"planning_days: 90\n", "planing_days: 90\n"}},
		want:  []want{{6, 1, "", `unknown field "planing_days"; did you mean "planning_days"?`}},
	},
	{
		name:  "string for a whole number",
		edits: []edit{{"horizon_days: 365\n", "horizon_days: a year\n"}},
		want:  []want{{5, 15, "horizon_days", `expected a whole number, got "a year"`}},
	},
	{
		name:  "string for a number or distribution",
		edits: []edit{{"risk_tolerance: 0.3\n", "risk_tolerance: high\n"}},
		want:  []want{{22, 23, "actors.RED.politics.risk_tolerance", `"high" is not a number; expected a number or one of uniform(a, b)`}},
	},
	{
		name:  "list for a mapping",
		edits: []edit{{"capability: {cinc: 0.03, gdp: 1.8}", "capability: [0.03, 1.8]"}},
		want:  []want{{19, 17, "actors.RED.capability", "expected a mapping with fields cinc, gdp, milex, population, got a list"}},
	},
	{
		name:  "mapping for a list",
		edits: []edit{{"alarms_per_year: [1, 2, 4, 8]", "alarms_per_year: {level0: 1}"}},
		want:  []want{{27, 24, "actors.RED.nuclear.alarms_per_year", "expected a list, got a mapping"}},
	},
	{
		name:  "out-of-range constant",
		edits: []edit{{"risk_tolerance: 0.3\n", "risk_tolerance: 1.3\n"}},
		want:  []want{{22, 23, "actors.RED.politics.risk_tolerance", "must be within [0, 1], got 1.3"}},
	},
	{
		name:  "out-of-range whole number",
		edits: []edit{{"horizon_days: 365\n", "horizon_days: 0\n"}},
		want:  []want{{5, 15, "horizon_days", "must be within [1, 36500], got 0"}},
	},
	{
		name:  "combat step not a whole number of turns",
		edits: []edit{{"planning_days: 90\n", "planning_days: 90\nturn_days: 5\ncombat_step_days: 7\n"}},
		want:  []want{{8, 19, "combat_step_days", "combat_step_days (7) must be a whole number of turns of 5 days"}},
	},
	{
		name:  "combat step out of range",
		edits: []edit{{"planning_days: 90\n", "planning_days: 90\ncombat_step_days: 30\n"}},
		want:  []want{{7, 19, "combat_step_days", "must be within [1, 28], got 30"}},
	},
	{
		name:  "unbounded distribution that can leave the range",
		edits: []edit{{"      resolve: 0.9\n", "      resolve: normal(0.9, 0.1)\n"}},
		want:  []want{{38, 16, "actors.BLUE.politics.resolve", "normal(0.9, 0.1) can fall outside [0, 1]; use beta, pert, triangular or uniform"}},
	},
	{
		name:  "bounded distribution that can leave the range",
		edits: []edit{{"risk_tolerance: 0.3\n", "risk_tolerance: uniform(0.5, 1.5)\n"}},
		want:  []want{{22, 23, "actors.RED.politics.risk_tolerance", "uniform(0.5, 1.5) can fall outside [0, 1] (it ranges over [0.5, 1.5])"}},
	},
	{
		name:  "malformed distribution: missing comma",
		edits: []edit{{"resolve: beta(7, 3)\n", "resolve: beta(7 3)\n"}},
		want:  []want{{21, 16, "actors.RED.politics.resolve", "beta takes 2 arguments, got 1: expected beta(a, b)"}},
	},
	{
		name:  "malformed distribution: bad parameters",
		edits: []edit{{"resolve: beta(7, 3)\n", "resolve: beta(7, -3)\n"}},
		want:  []want{{21, 16, "actors.RED.politics.resolve", "beta(a, b) needs a > 0 and b > 0, got beta(7, -3)"}},
	},
	{
		name:  "enum value with did-you-mean",
		edits: []edit{{"law: linear", "law: lineer"}},
		want:  []want{{15, 21, "categories.guns.law", `expected one of square, linear, mixed, got "lineer" (did you mean "linear"?)`}},
	},
	{
		name:  "missing required field",
		edits: []edit{{"    coalition: west\n    politics: {resolve: 0.4}\n", "    politics: {resolve: 0.4}\n"}},
		want:  []want{{42, 5, "actors.GREEN", `missing required field "coalition"`}},
	},

	// --- References between sections.
	{
		name:  "unknown actor in a relation",
		edits: []edit{{"      RED: {rung: 1}\n", "      RED: {rung: 1}\n  - between: [BLUE, GREY]\n    sides: {BLUE: {rung: 1}, GREY: {rung: 1}}\n"}},
		want:  []want{{56, 14, "relations.BLUE-GREY.between", `unknown actor "GREY"; expected one of: BLUE, GREEN, RED`}},
	},
	{
		name: "unknown actor in a relation that has an id",
		edits: []edit{{"      RED: {rung: 1}\n",
			"      RED: {rung: 1}\n  - id: BLUE-GREY\n    between: [BLUE, GREY]\n    sides: {BLUE: {rung: 1}, GREY: {rung: 1}}\n"}},
		want: []want{{57, 14, "relations.BLUE-GREY.between", `unknown actor "GREY"`}},
	},
	{
		name:  "unknown actor in a theatre",
		edits: []edit{{"        - {actor: BLUE, commit: 1}\n", "        - {actor: BLUE, commit: 1}\n        - {actor: GREN, commit: 0.2}\n"}},
		want:  []want{{66, 19, "theatres.front.b.actors[1].actor", `unknown actor "GREN"; expected one of: BLUE, GREEN, RED`}},
	},
	{
		name:  "unknown actor in supply",
		edits: []edit{{"to: BLUE, category: tanks", "to: BLU, category: tanks"}},
		want:  []want{{68, 23, "supply[0].to", `unknown actor "BLU"`}},
	},
	{
		name:  "unknown actor in a red line",
		edits: []edit{{"protects: BLUE", "protects: BLU"}},
		want:  []want{{70, 45, "red_lines[0].protects", `unknown actor "BLU"`}},
	},
	{
		name:  "unknown category in forces",
		edits: []edit{{"      - {category: tanks, active: 400}\n", "      - {category: tank, active: 400}\n"}},
		want:  []want{{40, 20, "actors.BLUE.forces[0].category", `unknown category "tank"; expected one of: guns, tanks`}},
	},
	{
		name:  "unknown category in attrition",
		edits: []edit{{"attrition: {tanks: 0.0002, guns: 0.0001}", "attrition: {tanks: 0.0002, gun: 0.0001}"}},
		want:  []want{{66, 39, "theatres.front.b.attrition.gun", `unknown category "gun"; expected one of: guns, tanks`}},
	},
	{
		name:  "unknown category in attrition with no value",
		edits: []edit{{"attrition: {tanks: 0.0002, guns: 0.0001}", "attrition: {tanks: 0.0002, gun: }"}},
		want:  []want{{66, 38, "theatres.front.b.attrition.gun", `unknown category "gun"`}},
	},
	{
		name:  "unknown category in supply",
		edits: []edit{{"category: tanks, per_day", "category: planes, per_day"}},
		want:  []want{{68, 39, "supply[0].category", `unknown category "planes"`}},
	},

	// --- Uniqueness and the shape of relations.
	{
		name:  "duplicate actor id",
		edits: []edit{{"    politics: {resolve: 0.4}\n", "    politics: {resolve: 0.4}\n  - id: GREEN\n    coalition: west\n"}},
		want:  []want{{45, 5, "actors.GREEN", `duplicate actor id "GREEN"`}},
	},
	{
		name:  "duplicate category id",
		edits: []edit{{"  - {id: guns, law: linear, value: 1.2}\n", "  - {id: guns, law: linear, value: 1.2}\n  - {id: tanks}\n"}},
		want:  []want{{16, 5, "categories.tanks", `duplicate category id "tanks"`}},
	},
	{
		name:  "duplicate relation",
		edits: []edit{{"      RED: {rung: 1}\n", "      RED: {rung: 1}\n  - between: [RED, GREEN]\n    sides: {RED: {rung: 1}, GREEN: {rung: 1}}\n"}},
		want:  []want{{56, 5, "relations.RED-GREEN", "relation between RED and GREEN given twice"}},
	},
	{
		name:  "relation of an actor with itself",
		edits: []edit{{"      RED: {rung: 1}\n", "      RED: {rung: 1}\n  - between: [BLUE, BLUE]\n    sides: {BLUE: {rung: 1}}\n"}},
		want:  []want{{56, 14, "relations.BLUE-BLUE.between", "an actor cannot be in a relation with itself (BLUE)"}},
	},
	{
		name:  "relation with three actors",
		edits: []edit{{"      RED: {rung: 1}\n", "      RED: {rung: 1}\n  - between: [BLUE, GREEN, RED]\n    sides: {BLUE: {rung: 1}, GREEN: {rung: 1}}\n"}},
		want:  []want{{56, 5, "relations[2].between", "expected two actor ids, got 3"}},
	},
	{
		name:  "sides keyed by a non-member",
		edits: []edit{{"      RED: {rung: 1}\n", "      RED: {rung: 1}\n      BLUE: {rung: 1}\n"}},
		want:  []want{{56, 13, "relations.GREEN-RED.sides.BLUE", `sides must be keyed by the two actors of the relation (GREEN, RED), got "BLUE"`}},
	},
	{
		name:  "sides keyed by a non-member with no value",
		edits: []edit{{"      RED: {rung: 1}\n", "      RED: {rung: 1}\n      BLUE:\n"}},
		want:  []want{{56, 12, "relations.GREEN-RED.sides.BLUE", `sides must be keyed by the two actors of the relation (GREEN, RED), got "BLUE"`}},
	},
	{
		name:  "missing side",
		edits: []edit{{"      RED: {rung: 1}\n", ""}},
		want:  []want{{54, 7, "relations.GREEN-RED.sides", "missing the side of RED"}},
	},
	{
		name:  "no principal relation",
		edits: []edit{{"    principal: true\n", ""}},
		want:  []want{{46, 3, "relations", "one relation must be marked principal: true"}},
	},
	{
		name:  "two principal relations",
		edits: []edit{{"  - between: [GREEN, RED]\n", "  - between: [GREEN, RED]\n    principal: true\n"}},
		want:  []want{{53, 16, "relations.GREEN-RED.principal", "only one relation can be principal; RED-BLUE already is"}},
	},
	{
		name:  "principal actors never meet in a theatre",
		edits: []edit{{"        - {actor: BLUE, commit: 1}\n", "        - {actor: GREEN, commit: 1}\n"}},
		want:  []want{{48, 16, "relations.RED-BLUE.principal", "the principal actors RED and BLUE do not face each other in any theatre"}},
	},

	// --- The ladder and rungs.
	{
		name:  "rung beyond the ladder",
		edits: []edit{{"RED: {rung: 2, stakes: 0.8}", "RED: {rung: 7, stakes: 0.8}"}},
		want:  []want{{50, 19, "relations.RED-BLUE.sides.RED.rung", "must be a rung of the ladder (0–4), got 7"}},
	},
	{
		name:  "max_rung below rung",
		edits: []edit{{"BLUE: {rung: 2, max_rung: 2,", "BLUE: {rung: 2, max_rung: 1,"}},
		want:  []want{{51, 33, "relations.RED-BLUE.sides.BLUE.max_rung", "max_rung 1 is below the starting rung 2"}},
	},
	{
		name:  "max_rung 0 below rung",
		edits: []edit{{"BLUE: {rung: 2, max_rung: 2,", "BLUE: {rung: 2, max_rung: 0,"}},
		want:  []want{{51, 33, "relations.RED-BLUE.sides.BLUE.max_rung", "max_rung 0 is below the starting rung 2"}},
	},
	{
		name:  "inadvertent_rung beyond the ladder",
		edits: []edit{{"      procedure_catch: 0.9\n", "      procedure_catch: 0.9\n      inadvertent_rung: 9\n"}},
		want:  []want{{29, 25, "actors.RED.nuclear.inadvertent_rung", "must be a rung of the ladder (0–4), got 9"}},
		known: "validate.go reports it at the nuclear block's first key (n.At, 26:7 warheads), not at inadvertent_rung (line 29)",
	},
	{
		name:  "red line rung beyond the ladder",
		edits: []edit{{"rung: 3, response: 2", "rung: 3, response: 12"}},
		want:  []want{{70, 70, "red_lines[0].response", "must be a rung of the ladder (0–4), got 12"}},
	},
	{
		name:  "terminal rung not at the top",
		edits: []edit{{"{name: nuclear use, combat: true,", "{name: nuclear use, terminal: true, combat: true,"}},
		want:  []want{{11, 35, "ladder[3].terminal", "only the top rung (4) can be terminal (general nuclear war); this is rung 3"}},
	},
	{
		name:  "nuclear-use rung that destroys nothing",
		edits: []edit{{"{name: nuclear use, combat: true, nuclear_use: true, alert: 3, cost: 0.005, damage: {casualties: 0}}", "{name: nuclear use, combat: true, nuclear_use: true, alert: 3, cost: 0.005}"}},
		want:  []want{{11, 5, "ladder[3].damage", "a nuclear-use rung must say what a use destroys"}},
	},
	{
		name:  "nuclear_use rung below a non-nuclear rung",
		edits: []edit{{"{name: crisis, supply: true,", "{name: crisis, nuclear_use: true, supply: true,"}},
		want:  []want{{10, 5, "ladder[2].nuclear_use", "rung 2 (war) is above a nuclear-use rung but is not one itself"}},
		known: "the message says rung 2 \"is below a nuclear-use rung\" when it is above one (validate.go compares rung i with rung i-1, the one below it)",
	},

	// --- Contradictions within a section.
	{
		name:  "no_first_use contradicts first-use conditions",
		edits: []edit{{"      first_use_territory_below: 0.05\n", "      first_use_territory_below: 0.05\n      no_first_use: true\n"}},
		want:  []want{{24, 7, "actors.RED.doctrine", "no_first_use contradicts the first_use_* conditions"}},
	},
	{
		name:  "law mixed without mix",
		edits: []edit{{"{id: guns, law: linear,", "{id: guns, law: mixed,"}},
		want:  []want{{15, 5, "categories.guns.mix", "law mixed needs mix"}},
	},
	{
		name:  "mix contradicts law square",
		edits: []edit{{"{id: tanks, law: square, value: 1}", "{id: tanks, law: square, mix: 0.5, value: 1}"}},
		want:  []want{{14, 35, "categories.tanks.mix", "mix contradicts law square; use law mixed"}},
	},
	{
		name:  "effectiveness_max below effectiveness",
		edits: []edit{{"effectiveness_max: 1.0\n", "effectiveness_max: 0.7\n"}},
		want:  []want{{34, 28, "actors.RED.forces[1].effectiveness_max", "ceiling 0.7 is below the initial effectiveness 0.8"}},
	},
	{
		name:  "storage_quality with three values",
		edits: []edit{{"{category: tanks, active: 1000, storage: 500}", "{category: tanks, active: 1000, storage: 500, storage_quality: [0.9, 0.5, 0.2]}"}},
		want:  []want{{30, 72, "actors.RED.forces[0].storage_quality", "expected two values [first, last]"}},
	},
	{
		name: "storage_quality and storage_tranches together",
		edits: []edit{{"{category: tanks, active: 1000, storage: 500}",
			"{category: tanks, active: 1000, storage: 500, storage_quality: [0.9, 0.5], storage_tranches: [{units: 100, quality: 1}]}"}},
		want: []want{{30, 102, "actors.RED.forces[0].storage_tranches", "give storage_quality or storage_tranches, not both"}},
	},
	{
		name:  "negative production quality",
		edits: []edit{{"{category: tanks, active: 1000, storage: 500}", "{category: tanks, active: 1000, storage: 500, production_quality: -0.5}"}},
		want:  []want{{30, 75, "actors.RED.forces[0].production_quality", "must be at least 0, got -0.5"}},
	},
	{
		name:  "tranche without quality",
		edits: []edit{{"{category: tanks, active: 1000, storage: 500}", "{category: tanks, active: 1000, storage: 500, storage_tranches: [{units: 100}]}"}},
		want:  []want{{30, 74, "actors.RED.forces[0].storage_tranches[0]", `missing required field "quality"`}},
	},
	{
		name:  "alarms_per_year with three values",
		edits: []edit{{"alarms_per_year: [1, 2, 4, 8]", "alarms_per_year: [1, 2, 4]"}},
		want:  []want{{27, 24, "actors.RED.nuclear.alarms_per_year", "expected four rates, one for each alert level 0–3, got 3"}},
	},
	{
		name:  "alarms_per_year empty",
		edits: []edit{{"alarms_per_year: [1, 2, 4, 8]", "alarms_per_year: []"}},
		want:  []want{{27, 24, "actors.RED.nuclear.alarms_per_year", "expected four rates, one for each alert level 0–3, got 0"}},
	},
	{
		name:  "alarms_per_year with an empty entry",
		edits: []edit{{"alarms_per_year: [1, 2, 4, 8]", "alarms_per_year: [~, 2, 4]"}},
		// The decoder reports the empty entry; counting what is left would only confuse.
		want: []want{
			{27, 25, "actors.RED.nuclear.alarms_per_year[0]", "empty list entry"},
		},
	},
	{
		name:  "actor on both sides of a theatre",
		edits: []edit{{"        - {actor: BLUE, commit: 1}\n", "        - {actor: BLUE, commit: 1}\n        - {actor: RED, commit: 0.1}\n"}},
		want:  []want{{66, 19, "theatres.front.b.actors[1].actor", "RED cannot fight on both sides of front"}},
	},
	{
		name:  "supply to itself",
		edits: []edit{{"{from: GREEN, to: BLUE,", "{from: BLUE, to: BLUE,"}},
		want:  []want{{68, 5, "supply[0]", "BLUE cannot supply itself"}},
	},
	{
		name:  "red line against itself",
		edits: []edit{{"{holder: GREEN, against: RED,", "{holder: GREEN, against: GREEN,"}},
		want:  []want{{70, 30, "red_lines[0].against", "a red line against oneself (GREEN) makes no sense"}},
	},

	// --- Variants.
	{
		name:  "variant with a bad path",
		edits: []edit{{"actors.RED.politics.resolve: beta(9, 1)", "actors.READ.politics.resolve: beta(9, 1)"}},
		want:  []want{{75, 7, "variants.hawk.set", `no element with id "READ" in actors; did you mean "RED"?`}},
	},
	{
		name:  "variant with a malformed path",
		edits: []edit{{"actors.RED.politics.resolve: beta(9, 1)", "actors[x].politics.resolve: beta(9, 1)"}},
		want:  []want{{75, 7, "variants.hawk.set", `bad override path "actors[x].politics.resolve"`}},
	},
	{
		name:  "variant setting an unknown field",
		edits: []edit{{"actors.RED.politics.resolve: beta(9, 1)", "actors.RED.politics.reslove: beta(9, 1)"}},
		want:  []want{{75, 7, "actors.RED.politics", `unknown field "reslove"; did you mean "resolve"?`}},
	},
	{
		name:  "variant setting a bad value",
		edits: []edit{{"relations.RED-BLUE.sides.RED.stakes: 1.0", "relations.RED-BLUE.sides.RED.stakes: 1.5"}},
		want:  []want{{76, 44, "relations.RED-BLUE.sides.RED.stakes", "must be within [0, 1], got 1.5"}},
	},
	{
		name:  "variant setting a value that breaks a cross-reference",
		edits: []edit{{"relations.RED-BLUE.sides.RED.stakes: 1.0", "supply[0].to: GREY"}},
		want:  []want{{76, 21, "supply[0].to", `unknown actor "GREY"`}},
		known: "a validation error caused by a variant points at the entry of the base file (supply[0], line 68), not at the variant's line 76, as the structs keep only the position of their mapping",
	},

	// --- Files that are not scenarios.
	{
		name:  "YAML syntax error: unterminated quoted string",
		edits: []edit{{"title: A small test crisis\n", "title: \"A small test crisis\n"}},
		want:  []want{{3, 8, "", "YAML syntax error: could not find end character of double-quoted text"}},
	},
	{
		name:  "YAML syntax error: colon in a plain value",
		edits: []edit{{"    principal: true\n", "    principal: true: false\n"}},
		want:  []want{{48, 16, "", "YAML syntax error: mapping value is not allowed in this context"}},
	},
	{
		name:  "YAML syntax error: tab indentation",
		edits: []edit{{"    coalition: east\n", "\tcoalition: east\n"}},
		want:  []want{{18, 1, "", "YAML syntax error: found character '\t' that cannot start any token"}},
	},
	{
		name:  "YAML syntax error: under-indented key",
		edits: []edit{{"    coalition: east\n", "   coalition: east\n"}},
		want:  []want{{18, 4, "", "YAML syntax error"}},
	},
	{
		name:  "YAML syntax error: unclosed flow sequence",
		edits: []edit{{"    between: [RED, BLUE]\n", "    between: [RED, BLUE\n"}},
		want:  []want{{47, 14, "", "YAML syntax error"}},
		known: "goccy reports the unclosed [ at the next token, 48:5 (principal), with \"',' or ']' must be specified\"; the [ it belongs to (47:14) is not named",
	},
	{
		name:  "YAML syntax error: over-indented key",
		edits: []edit{{"    coalition: east\n", "     coalition: east\n"}},
		want:  []want{{18, 15, "", "YAML syntax error"}},
		known: "goccy reads the over-indented line as the continuation of the plain scalar RED and reports 17:9 (RED, the line above) \"mapping value is not allowed in this context\"",
	},
	{
		name: "empty file",
		text: textOf(""),
		want: []want{{1, 1, "", "the file is empty; expected top-level fields: id, title"}},
	},
	{
		name: "only comments",
		text: textOf("# nothing yet\n"),
		want: []want{{1, 1, "", "the file is empty"}},
	},
	{
		name: "a list instead of a scenario",
		text: textOf("- id: x\n"),
		want: []want{{1, 1, "", "the top level of a scenario must be a mapping of fields"}},
	},

	// --- Several errors in one file: all reported, sorted by position, decode
	// and validation errors interleaved.
	{
		name: "several errors in one file",
		edits: []edit{
			{"horizon_days: 365\n", "horizon_days: 0\n"},                     // decode, line 5
			{"{id: guns, law: linear,", "{id: guns, law: mixed,"},            // validation, line 15
			{"      resolve: 0.9\n", "      reslove: 0.9\n"},                 // decode, line 38
			{"{actor: RED, commit: 0.5}", "{actor: RED, commit: 1.5}"},       // decode, line 61
			{"to: BLUE, category: tanks", "to: BLU, category: tanks"},        // validation, line 68
			{"response: 2, credibility: 0.5", "response: 2, credibility: 2"}, // decode, line 70
		},
		want: []want{
			{5, 15, "horizon_days", "must be within [1, 36500], got 0"},
			{15, 5, "categories.guns.mix", "law mixed needs mix"},
			{38, 7, "actors.BLUE.politics", `unknown field "reslove"`},
			{61, 32, "theatres.front.a.actors[0].commit", "must be within [0, 1], got 1.5"},
			{68, 23, "supply[0].to", `unknown actor "BLU"`},
			{70, 86, "red_lines[0].credibility", "must be within [0, 1], got 2"},
		},
	},
	{
		name: "several errors on one line, sorted by column",
		edits: []edit{
			{"{from: GREEN, to: BLUE, category: tanks, per_day: 0.5}", "{from: GREEN, to: BLUE, category: tanks, per_day: -1, per_dya: 1}"},
		},
		want: []want{
			{68, 55, "supply[0].per_day", "must be at least 0, got -1"},
			{68, 59, "supply[0]", `unknown field "per_dya"; did you mean "per_day"?`},
		},
	},
}

func TestMinimalIsValid(t *testing.T) {
	base := readMinimal(t)
	sc, err := checkScenario("minimal.yaml", []byte(base))
	if err != nil {
		t.Fatalf("testdata/minimal.yaml must be valid:\n%v", err)
	}
	if len(sc.Actors) != 3 || len(sc.Relations) != 2 || len(sc.Theatres) != 1 || len(sc.Categories) != 2 {
		t.Errorf("minimal.yaml: %d actors, %d relations, %d theatres, %d categories; want 3, 2, 1, 2",
			len(sc.Actors), len(sc.Relations), len(sc.Theatres), len(sc.Categories))
	}
}

func TestMalformedScenarios(t *testing.T) {
	base := readMinimal(t)
	if len(malformedCases) < 25 {
		t.Fatalf("only %d malformed cases", len(malformedCases))
	}
	names := map[string]bool{}
	for _, c := range malformedCases {
		if names[c.name] {
			t.Fatalf("two cases named %q", c.name)
		}
		names[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			if c.known != "" && os.Getenv("BRINK_TEST_KNOWN") == "" {
				t.Skip("known: " + c.known)
			}
			text := c.source(t, base)
			checkMalformed(t, text, c.want)
		})
	}
}

// checkMalformed checks that text gives exactly the diagnostics wanted, in that
// order, each rendered with its source line and a caret.
func checkMalformed(t *testing.T, text string, wants []want) {
	t.Helper()
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic: %v", r)
			}
		}()
		_, err = checkScenario(caseFile, []byte(text))
	}()
	if err == nil {
		t.Fatalf("no error; want %d", len(wants))
	}
	errs, ok := err.(scenario.Errors)
	if !ok {
		t.Fatalf("error of type %T, want scenario.Errors: %v", err, err)
	}
	lines := strings.Split(text, "\n")
	for i, w := range wants {
		if i >= len(errs) {
			t.Errorf("missing diagnostic %d: %s:%d:%d: %s: ...%s...", i, caseFile, w.line, w.col, w.field, w.msg)
			continue
		}
		d := errs[i]
		wp := scenario.Pos{File: caseFile, Line: w.line, Col: w.col}
		if d.Pos != wp || d.Field != w.field || !strings.Contains(d.Msg, w.msg) {
			t.Errorf("diagnostic %d:\n got %s: %s: %s\nwant %s: %s: ...%s...", i, d.Pos, d.Field, d.Msg, wp, w.field, w.msg)
			continue
		}
		checkRendering(t, d, lines)
	}
	if len(errs) > len(wants) {
		t.Errorf("%d diagnostics, want %d; the first unexpected:\n%v", len(errs), len(wants), errs[len(wants)])
	}
	if len(errs) > 1 && !strings.HasSuffix(errs.Error(), fmt.Sprintf("\n%d errors", len(errs))) {
		t.Errorf("Errors.Error() does not end with the count %d:\n%s", len(errs), errs.Error())
	}
}

// checkRendering checks d.Error(): "file:line:col: field: message", then the
// source line after its number, then a caret under column col.
func checkRendering(t *testing.T, d *scenario.Diagnostic, lines []string) {
	t.Helper()
	s := d.Error()
	head := d.Pos.String() + ": "
	if d.Field != "" {
		head += d.Field + ": "
	}
	if !strings.HasPrefix(s, head+d.Msg) {
		t.Errorf("rendering does not start with %q:\n%s", head+d.Msg, s)
		return
	}
	src := strings.TrimRight(lines[d.Pos.Line-1], "\r")
	if d.Source != lines[d.Pos.Line-1] {
		t.Errorf("Source = %q, want line %d %q", d.Source, d.Pos.Line, src)
	}
	if src == "" {
		return // an empty line is not quoted
	}
	out := strings.Split(strings.TrimPrefix(s, head+d.Msg), "\n")
	if len(out) != 3 || out[0] != "" {
		t.Errorf("rendering is not header, source, caret:\n%s", s)
		return
	}
	bar := strings.Index(out[1], "| ")
	if bar < 0 || strings.TrimSpace(out[1][:bar]) != strconv.Itoa(d.Pos.Line) || out[1][bar+2:] != src {
		t.Errorf("source line is not %d | %q:\n%s", d.Pos.Line, src, s)
		return
	}
	caret := out[2]
	if !strings.HasPrefix(caret, strings.Repeat(" ", bar)+"| ") || strings.Count(caret, "^") != 1 ||
		strings.TrimSpace(caret[bar+2:]) != "^" {
		t.Errorf("caret line malformed:\n%s", s)
		return
	}
	if got := strings.Index(caret, "^") - (bar + 2) + 1; got != d.Pos.Col {
		t.Errorf("caret under column %d, want %d:\n%s", got, d.Pos.Col, s)
	}
}

// TestDiagnosticRenderingTabs checks that the caret lines up under text
// indented with a tab.
func TestDiagnosticRenderingTabs(t *testing.T) {
	d := &scenario.Diagnostic{
		Pos:    scenario.Pos{File: "f.yaml", Line: 3, Col: 4},
		Field:  "x",
		Msg:    "bad",
		Source: "\tab: 1",
	}
	want := "f.yaml:3:4: x: bad\n    3 | \tab: 1\n      | \t  ^"
	if got := d.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// FuzzParse feeds arbitrary bytes to Parse and, when they parse, to every
// variant. Nothing may panic, and an error is a scenario.Errors with at least
// one positioned Diagnostic. Run it with
//
//	go test ./scenario -run XXX -fuzz '^FuzzParse$' -fuzztime 60s -fuzzminimizetime 200x
//
// (the anchors keep FuzzParseValue out; without a small minimisation budget
// the fuzzer spends up to a minute minimising each new input grown from the
// 46 kB built-in, each run of which decodes it once per variant, and shows
// 0 execs/s meanwhile: minimisations are not counted).
func FuzzParse(f *testing.F) {
	for _, id := range scenario.BuiltinIDs() {
		data, err := scenario.BuiltinSource(id)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	base := readMinimal(f)
	f.Add([]byte(base))
	// A scenario made of dated events (sim's test of Engel's Iwo Jima).
	if b, err := os.ReadFile("../sim/testdata/iwo-jima.yaml"); err == nil {
		f.Add(b)
	} else {
		f.Fatal(err)
	}
	seeds := 0
	for _, c := range malformedCases {
		switch c.name {
		case "variant with a bad path", "variant setting a bad value", "relation with three actors",
			"several errors in one file", "YAML syntax error: unclosed flow sequence", "empty file",
			"unknown category in attrition", "rung beyond the ladder":
			f.Add([]byte(c.source(f, base)))
			seeds++
		}
	}
	if seeds != 8 {
		f.Fatalf("%d malformed seeds, want 8: a case was renamed", seeds)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// No input may cost more than the limits of scenario/limits.go
		// allow: a slow input shows up as a failure, not a stalled fuzzer.
		var m0 runtime.MemStats
		runtime.ReadMemStats(&m0)
		defer func() {
			var m1 runtime.MemStats
			runtime.ReadMemStats(&m1)
			if a := m1.TotalAlloc - m0.TotalAlloc; a > 256<<20 {
				t.Fatalf("%d MB allocated for an input of %d bytes", a>>20, len(data))
			}
		}()
		sc, err := scenario.Parse("fuzz.yaml", data)
		if err != nil {
			checkFuzzError(t, "Parse", err, len(data) > 0)
			return
		}
		for _, v := range sc.Variants {
			vs, err := sc.WithVariant(v.ID)
			if err != nil {
				checkFuzzError(t, "WithVariant("+v.ID+")", err, true)
				continue
			}
			if vs.Variant != v.ID || vs.Hash != sc.Hash {
				t.Fatalf("WithVariant(%q): Variant %q, hash changed %v", v.ID, vs.Variant, vs.Hash != sc.Hash)
			}
		}
	})
}

func checkFuzzError(t *testing.T, what string, err error, positioned bool) {
	t.Helper()
	errs, ok := err.(scenario.Errors)
	if !ok {
		t.Fatalf("%s: error of type %T, want scenario.Errors: %v", what, err, err)
	}
	if len(errs) == 0 {
		t.Fatalf("%s: empty scenario.Errors as an error", what)
	}
	_ = errs.Error()
	if !positioned {
		return
	}
	for _, d := range errs {
		if d.Pos.Line < 1 {
			t.Fatalf("%s: a diagnostic has no line:\n%v", what, err)
		}
	}
}

// FuzzRecord feeds arbitrary record files (-record FILE: the fields of a
// record: block at the top level) to ParseRecord against ukraine-2022: every
// refusal is a positioned scenario.Errors, and no input costs more than the
// limits allow.
func FuzzRecord(f *testing.F) {
	sc, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range []string{"../data/records/ukraine-2022-2024.yaml"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"through: 2023-12-31\nobservations:\n  - {id: a, event: nuclear_use, date: 2023-12-31, happened: false}\n",
		"observations:\n  - {id: t, value: territory, theatre: ukraine, date: 2023-01-01, observed: 0.2, low: 0.1, high: 0.3, model: range}\n",
		"observations:\n  - {id: l, value: losses, actor: RUS, category: tanks, date: 2023-01-01, observed: 100, model: lower_bound, min_fraction: 0.6, sd: 0.1}\n",
		"observations: []\n", "", "observations:\n  - {id: x, event: joined, actor: FIN, alliance: nato, date: 2023-04-04, happened: true}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m0 runtime.MemStats
		runtime.ReadMemStats(&m0)
		defer func() {
			var m1 runtime.MemStats
			runtime.ReadMemStats(&m1)
			if a := m1.TotalAlloc - m0.TotalAlloc; a > 256<<20 {
				t.Fatalf("%d MB allocated for a record of %d bytes", a>>20, len(data))
			}
		}()
		if _, err := scenario.ParseRecord("fuzz.yaml", data, sc); err != nil {
			checkFuzzError(t, "ParseRecord", err, len(data) > 0)
		}
	})
}
