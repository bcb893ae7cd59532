package scenario

import (
	"os"
	"testing"
)

// WithValuePaths labels every Value of a deep copy with its field path, in
// the notation of variant overrides, and leaves the original as it was.
func TestWithValuePaths(t *testing.T) {
	data, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Parse("minimal.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	c := sc.WithValuePaths()
	for path, v := range map[string]Value{
		"planning_days":                          c.PlanningDays,
		"ladder[2].cost":                         c.Ladder[2].Cost,
		"categories.guns.value":                  c.Categories[1].Value,
		"actors.RED.politics.resolve":            c.Actors[0].Politics.Resolve,
		"actors.RED.nuclear.alarms_per_year[3]":  c.Actors[0].Nuclear.AlarmsPerYear[3],
		"actors.RED.forces[1].effectiveness":     c.Actors[0].Forces[1].Effectiveness,
		"relations.RED-BLUE.sides.BLUE.stakes":   c.Relations[0].Sides["BLUE"].Stakes,
		"relations.GREEN-RED.sides.GREEN.stakes": c.Relations[1].Sides["GREEN"].Stakes,
		"theatres.front.a.attrition.tanks":       c.Theatres[0].A.Attrition["tanks"],
		"theatres.front.b.actors[0].commit":      c.Theatres[0].B.Actors[0].Commit,
		"supply[0].per_day":                      c.Supply[0].PerDay,
		"red_lines[0].credibility":               c.RedLines[0].Credibility,
	} {
		if v.Text != path {
			t.Errorf("%s is labelled %q", path, v.Text)
		}
	}
	if got := c.Actors[0].Politics.Resolve; got.Kind != Beta || got.P != sc.Actors[0].Politics.Resolve.P {
		t.Errorf("the copy's value changed: %+v", got)
	}
	// The original keeps its texts, lists and maps.
	if v := sc.Actors[0].Politics.Resolve; v.Text != "beta(7, 3)" {
		t.Errorf("the original was labelled: %q", v.Text)
	}
	if v := sc.Actors[0].Nuclear.AlarmsPerYear[3]; v.Text == "actors.RED.nuclear.alarms_per_year[3]" {
		t.Error("the original's list was labelled")
	}
	if v := sc.Theatres[0].A.Attrition["tanks"]; v.Text == "theatres.front.a.attrition.tanks" {
		t.Error("the original's map was labelled")
	}
	if c.Actors[0].Nuclear == sc.Actors[0].Nuclear || &c.Actors[0] == &sc.Actors[0] {
		t.Error("the copy shares pointers or lists with the original")
	}
}
