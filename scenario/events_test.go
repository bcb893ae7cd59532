package scenario_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"brink/scenario"
)

// eventsText is appended to testdata/minimal.yaml (76 lines, horizon 365 days
// from 2022-02-24), so its first line is line 77 of the file.
const eventsText = `events:
  - id: surge
    date: 2022-03-01
    add: {actor: RED, category: tanks, active: 100}
  - id: late
    date: 2023-03-01
    add: {actor: RED, category: tanks, active: 100}
  - id: early
    date: 2022-01-01
    add: {actor: RED, category: tanks, active: 100}
  - id: both
    date: 2022-03-01
    day: 10
    add: {actor: RED, category: tanks, active: 100}
  - id: nothing
    day: 10
  - id: who
    day: uniform(10, 400)
    add: {actor: PURPLE, category: tank, active: 1}
  - id: path
    when: {rung: {relation: RED-BLUE, at_least: 3}}
    set:
      actors.RED.politics.resolve: 0.9
      actors.RED.capability.gdp: 2
      actors.RED.politics.resolv: 1
      actors.RED.forces[1].effectiveness: 1.5
      actors.RED.forces[0].effectiveness: -1
  - id: surge
    when: {territory: {theatre: nowhere, below: 0.5, above: 0.2}, forces: {actor: RED, category: guns, below: 10}}
    once: false
    supply: {from: GREEN, to: BLUE, category: guns, action: start}
  - id: dated-once
    day: 3
    once: true
    sanctions: {join: [BLUE]}
    accession: {actor: BLUE, alliance: nato}
    rates: {actor: BLUE, category: tanks}
  - id: rungs
    when: {rung: {relation: RED-BLUE, actor: GREEN, at_least: 9}}
    mobilise: {actor: RED, category: tanks, units: 10}
    supply: {from: GREEN, to: BLUE, action: stop}
    set:
      supply[0].per_day: 2
      supply[1].per_day: 2
      theatres.front.a.attrition.tanks: 0.002
      theatres.front.b.capitulate_below: 0.2
      theatres.front.defence_advantage: -0.5
      sanctions.depth: 0.5
  - id: gated
    day: 5
    unless: [{}, {rung: {relation: RED-GREEN, at_least: 1}}, {direct_war: true}]
    add: {actor: RED, category: tanks, active: 1}
`

// TestEventErrors: every mistake in an events block is reported at its place,
// with its field path, after the rest of the scenario has been checked.
func TestEventErrors(t *testing.T) {
	text := readMinimal(t) + eventsText
	checkMalformed(t, text, []want{
		{82, 11, "events.late.date", "date 2023-03-01 is not before the horizon (day 365, 2023-02-24)"},
		{85, 11, "events.early.date", "date 2022-01-01 is before the start 2022-02-24"},
		{89, 10, "events.both.day", "give a date or a day, not both"},
		{91, 5, "events.nothing", "an event needs at least one action"},
		{94, 10, "events.who.day", "day uniform(10, 400) can fall after the horizon (day 365)"},
		{95, 18, "events.who.add.actor", `unknown actor "PURPLE"; expected one of: BLUE, GREEN, RED`},
		{95, 36, "events.who.add.category", `unknown category "tank"; expected one of: guns, tanks`},
		{100, 34, "events.path.set.actors.RED.capability.gdp", "an event can set actors.RED.politics.<field> or actors.RED.forces[i].<field>"},
		{101, 35, "events.path.set.actors.RED.politics.resolv", `an event cannot set "resolv" here`},
		{103, 43, "events.path.set.actors.RED.forces[0].effectiveness", "effectiveness must be at least 0, got -1"},
		{104, 5, "events.surge", `duplicate event id "surge" (first at line 78)`},
		{105, 23, "events.surge.when.territory", "a territory condition needs below or above (one of them)"},
		{105, 33, "events.surge.when.territory.theatre", `unknown theatre "nowhere"; expected one of: front`},
		{107, 13, "events.surge.supply", "no supply link from GREEN to BLUE of guns under supply"},
		{110, 11, "events.dated-once.once", "once applies to an event with a when condition"},
		{111, 16, "events.dated-once.sanctions", "the scenario has no sanctions block"},
		{112, 40, "events.dated-once.accession.alliance", `unknown alliance "nato"; expected one of: (none defined)`},
		{113, 12, "events.dated-once.rates", "rates needs production_per_day, refurbish_per_day or both"},
		{115, 46, "events.rungs.when.rung.actor", "GREEN is not in relation RED-BLUE"},
		{115, 63, "events.rungs.when.rung.at_least", "must be a rung of the ladder (0–4), got 9"},
		{120, 26, "events.rungs.set.supply[1].per_day", "supply has 1 entries, no index 1"},
		{123, 41, "events.rungs.set.theatres.front.defence_advantage", "defence_advantage must be at least 0, got -0.5"},
		{124, 24, "events.rungs.set.sanctions.depth", "the scenario has no sanctions block"},
		{127, 14, "events.gated.unless[0]", "an unless condition needs rung, territory, nuclear_use, direct_war or forces"},
		{127, 36, "events.gated.unless[1].rung.relation", `unknown relation "RED-GREEN"; expected one of: GREEN-RED, RED-BLUE`},
	})
}

// TestEventsDecode: a valid events block decodes with its dates, drawn days,
// conditions and actions; its override paths resolve to the live state; and
// the JSON Schema describes the block.
func TestEventsDecode(t *testing.T) {
	text := readMinimal(t) + `events:
  - id: mobilisation
    date: 2022-09-21
    mobilise: {actor: RED, category: tanks, units: 300}
    rates: {actor: RED, category: tanks, production_per_day: 2}
  - day: uniform(100, 200)
    unless: [{nuclear_use: true}, {direct_war: true, territory: {theatre: front, above: 0.5}}]
    supply: {from: GREEN, to: BLUE, action: stop}
  - id: desperate
    when: {territory: {theatre: front, below: 0.05}, nuclear_use: false}
    once: false
    set:
      actors.RED.politics.resolve: beta(9, 1)
      theatres.front.b.attrition.guns: 0.001
      relations.RED-BLUE.sides.BLUE.stakes: 0.9
      red_lines[0].credibility: 0.8
      ladder[2].cost: 0.002
`
	sc, err := checkScenario("ok.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Events) != 3 {
		t.Fatalf("%d events, want 3", len(sc.Events))
	}
	e := sc.Events[0]
	if e.StartDay(sc.Start) != 209 || e.Mobilise.Units.P[0] != 300 || !e.IsOnce() {
		t.Errorf("mobilisation: day %d, units %v, once %v; want day 209 (2022-09-21), 300, true", e.StartDay(sc.Start), e.Mobilise.Units.P, e.IsOnce())
	}
	if d := sc.Events[1].Day; d.Kind != scenario.Uniform || d.P[0] != 100 || d.P[1] != 200 {
		t.Errorf("drawn day: %+v, want uniform(100, 200)", d)
	}
	if u := sc.Events[1].Unless; len(u) != 2 || !u[0].NuclearUse || u[0].DirectWar || !u[1].DirectWar || u[1].Territory == nil || *u[1].Territory.Above != 0.5 {
		t.Errorf("unless: %+v, want nuclear use; direct war with the front above 0.5", u)
	}
	d := sc.Events[2]
	if d.IsOnce() || d.When.Territory.Below == nil || *d.When.Territory.Below != 0.05 || len(d.Set) != 5 {
		t.Errorf("triggered event decoded as %+v", d)
	}
	for path, want := range map[string]scenario.EventTarget{
		"actors.RED.politics.resolve":          {Kind: scenario.TargetPolitics, Field: "resolve", Index: 0},
		"actors.RED.forces[1].effectiveness":   {Kind: scenario.TargetForce, Field: "effectiveness", Index: 0, Sub: 1, Key: "guns"},
		"theatres.front.b.attrition.guns":      {Kind: scenario.TargetAttrition, Index: 0, Sub: 1, Key: "guns"},
		"relations.RED-BLUE.sides.BLUE.stakes": {Kind: scenario.TargetStakes, Field: "stakes", Index: 0, Sub: 1},
		"supply[0].per_day":                    {Kind: scenario.TargetSupply, Field: "per_day"},
		"red_lines[0].credibility":             {Kind: scenario.TargetRedLine, Field: "credibility"},
		"ladder[2].cost":                       {Kind: scenario.TargetRung, Field: "cost", Index: 2},
		"theatres.front.front_speed":           {Kind: scenario.TargetTheatre, Field: "front_speed"},
		"inertia":                              {Kind: scenario.TargetScenario, Field: "inertia"},
	} {
		got, err := sc.ResolveEventPath(path)
		if err != nil || got != want {
			t.Errorf("ResolveEventPath(%q) = %+v, %v; want %+v", path, got, err, want)
		}
	}
	for _, bad := range []string{"start", "actors.RED.nuclear.warheads", "ladder[9].cost", "theatres.front.a.actors[0].commit", "supply.GREEN.per_day", "variants"} {
		if _, err := sc.ResolveEventPath(bad); err == nil {
			t.Errorf("ResolveEventPath(%q): no error", bad)
		}
	}
	// Without events the scenario means (and hashes) what it did before.
	plain, err := scenario.Parse("m.yaml", []byte(readMinimal(t)))
	if err != nil {
		t.Fatal(err)
	}
	if js, _ := json.Marshal(plain); bytes.Contains(js, []byte("Events")) || bytes.Contains(js, []byte("Dormant")) {
		t.Errorf("a scenario without events or dormant links mentions them in its canonical JSON (so its hash changed): %s", js)
	}
	raw, err := scenario.Schema()
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]struct {
			Items struct {
				Properties map[string]json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	props := schema.Properties["events"].Items.Properties
	for _, k := range []string{"date", "day", "when", "once", "unless", "add", "rates", "mobilise", "supply", "sanctions", "accession", "set"} {
		if _, ok := props[k]; !ok {
			t.Errorf("the schema's events have no property %q", k)
		}
	}
	if !strings.Contains(string(props["day"]), "distribution") {
		t.Errorf("the schema's events.day does not say it may be a distribution: %s", props["day"])
	}
}
