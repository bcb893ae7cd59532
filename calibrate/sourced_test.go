package calibrate

import (
	"strings"
	"testing"

	"brink/scenario"
)

// Sourced sets every fitted number of ukraine-2022 back to the value its
// comment says it was fitted from, leaves the numbers that were not fitted,
// and gives the result the hash of what it now means.
func TestSourcedRecoversTheWasValues(t *testing.T) {
	sc := builtin(t)
	ps, err := DefaultParams(sc)
	if err != nil {
		t.Fatal(err)
	}
	src, err := Sourced(sc, ps)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"theatres.ukraine.front_speed":                "0.01",
		"theatres.ukraine.defence_advantage":          "pert(1.1, 1.5, 2.5)",
		"theatres.ukraine.front.fortification":        "3",
		"theatres.ukraine.a.attrition.tanks":          "0.0005 to 0.001",
		"theatres.ukraine.b.attrition.aircraft":       "0.000005 to 0.00002",
		"theatres.ukraine.a.attrition.personnel":      "0.00005 to 0.0001",
		"theatres.ukraine.b.attack_above":             "0.6",
		"actors.RUS.forces[0].refurbish_per_day":      "2 to 4",
		"actors.RUS.forces[3].production_per_day":     "0.05 to 0.15",
		"actors.UKR.forces[1].learning_per_day":       "0.002",
		"actors.UKR.forces[2].production_per_day":     "0.1",
		"theatres.ukraine.a.actors[0].commit":         "uniform(0.45, 0.7)", // not fitted: as written
		"theatres.ukraine.front.supply_catch_up_days": "90",
	} {
		got, err := src.ValueAt(path)
		if err != nil {
			t.Fatal(err)
		}
		w, err := scenario.ParseValue(want)
		if err != nil {
			t.Fatal(err)
		}
		if got.Kind != w.Kind || got.P != w.P {
			t.Errorf("%s: %q, want %q", path, got.Text, want)
		}
	}
	if src.Hash == sc.Hash {
		t.Error("the sourced scenario kept the fitted file's hash")
	}
	if again, _ := Sourced(sc, ps); again.Hash != src.Hash {
		t.Error("two sourced copies differ in hash")
	}
	// A line that says it was fitted but not from what is an error that
	// names the line.
	text, err := scenario.BuiltinSource("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(text), "; was 3 (judgement): a fortified", "; (judgement): a fortified", 1)
	if bad == string(text) {
		t.Fatal("the fortification's comment is not where the test expects it")
	}
	bsc, err := scenario.Parse("bad.yaml", []byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Sourced(bsc, ps); err == nil || !strings.Contains(err.Error(), "bad.yaml:") || !strings.Contains(err.Error(), "front.fortification") {
		t.Errorf("a fitted line without its was value: %v", err)
	}
}
