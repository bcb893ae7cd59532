package label

import (
	"testing"

	"brink/scenario"
)

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"RUS": "rus", "actors.RUS.forces[0].effectiveness": "actors_rus_forces_0_effectiveness",
		"relations.RUS-UKR.sides": "relations_rus_ukr_sides", "__a__b__": "a_b", "7th": "x_7th", "": "x_",
	} {
		if got := Snake(in); got != want {
			t.Errorf("Snake(%q) = %q, want %q", in, got, want)
		}
	}
}

// List elements are named by their category, actor or holder where that is
// unique in the list, and keep their index otherwise.
func TestParamColumn(t *testing.T) {
	sc, err := scenario.Builtin(scenario.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string][2]string{
		"actors.RUS.politics.resolve":           {"p_rus_politics_resolve", "p_actors_rus_politics_resolve"},
		"actors.RUS.forces[0].effectiveness":    {"p_rus_tanks_effectiveness", "p_actors_rus_tanks_effectiveness"},
		"theatres.ukraine.a.actors[0].commit":   {"p_ukraine_a_rus_commit", "p_theatres_ukraine_a_rus_commit"},
		"red_lines[4].credibility":              {"p_red_lines_4_credibility", "p_red_lines_4_credibility"},
		"actors.RUS.nuclear.alarms_per_year[2]": {"p_rus_nuclear_alarms_per_year_2", "p_actors_rus_nuclear_alarms_per_year_2"},
		"no.such[3].path":                       {"p_no_such_3_path", "p_no_such_3_path"},
	} {
		if s, l := ParamColumn(sc, path); s != want[0] || l != want[1] {
			t.Errorf("ParamColumn(%q) = %q, %q; want %q, %q", path, s, l, want[0], want[1])
		}
	}
}

// Quantities are named after the scenario's actors, theatres and categories,
// with the category's unit.
func TestQuantity(t *testing.T) {
	sc, err := scenario.Builtin(scenario.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][2]string{
		"territory:ukraine":    {"Share of Ukraine held by Russia's side", "share, 0 to 1"},
		"losses:RUS:personnel": {"Russia's losses: troops", "thousands"},
		"losses:UKR:tanks":     {"Ukraine's losses: tanks", "units"},
		"gdp_lost:USA":         {"United States GDP lost", "US$ trillions"},
		"duration":             {"Duration of the crisis", "US$ trillions"},
		"no_such:thing":        {"no_such:thing", "US$ trillions"},
	} {
		if text, unit := Quantity(sc, name, "US$ trillions"); text != want[0] || unit != want[1] {
			t.Errorf("Quantity(%q) = %q, %q; want %q, %q", name, text, unit, want[0], want[1])
		}
	}
	sc.Categories[0].Unit = "vehicles"
	if _, unit := Quantity(sc, "losses:RUS:"+sc.Categories[0].ID, ""); unit != "vehicles" {
		t.Errorf("a category's unit: %q", unit)
	}
	if got := Rung(sc, 6); got != "6 (major conventional war)" {
		t.Errorf("Rung(6) = %q", got)
	}
	if got := Rung(sc, 99); got != "99" {
		t.Errorf("Rung(99) = %q", got)
	}
}

func TestEvent(t *testing.T) {
	sc, err := scenario.Builtin(scenario.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range [][3]string{
		{"applied:IRN", "  IRN applies", "  Iran applies"},
		{"joined:IRN:china", "  IRN admitted to china", "  Iran admitted to Chinese patronage"},
		{"weapon:KOR", "  KOR has a weapon by the end", "  South Korea has a weapon by the end"},
		{"regime_change:RUS", "  RUS: change of leadership", "  Russia: change of leadership"},
		{"regime_change:RUS:coup", "    first by coup", "    first by coup"},
		{"capitulation:UKR", "UKR capitulates", "Ukraine capitulates"},
		{"RUS", "RUS", "Russia"},
		{"nuclear_use", "any nuclear use", "any nuclear use"},
		{"applied:ZZZ", "  ZZZ applies", "  ZZZ applies"},
	} {
		if got := Event(sc, c[0], c[1]); got != c[2] {
			t.Errorf("Event(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
