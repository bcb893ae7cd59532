package sim_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"brink/scenario"
	"brink/sim"
)

func parseModel(t *testing.T, text, variant string) *sim.Model {
	t.Helper()
	sc, err := scenario.Parse("test.yaml", []byte(text))
	if err == nil && variant != "" {
		sc, err = sc.WithVariant(variant)
	}
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func minimalText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../scenario/testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// UncertainNames names, by field path, exactly the values World.Sampled
// holds: one per number given as a distribution, in draw order, each name
// once, whatever the trajectory; and a trajectory replayed draws the same.
func TestUncertainNamesMatchSampled(t *testing.T) {
	m := defaultModel(t)
	names := m.UncertainNames()
	if len(names) == 0 {
		t.Fatal("the default scenario has no uncertain parameter")
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("%s named twice", n)
		}
		seen[n] = true
	}
	for _, want := range []string{"actors.RUS.politics.resolve", "theatres.ukraine.a.attrition.tanks"} {
		if !seen[want] {
			t.Errorf("no uncertain parameter %s among %q", want, names)
		}
	}
	w := sim.NewWorld(m)
	for k := range 20 {
		w.Reset(trajKey(40, k))
		if len(w.Sampled()) != len(names) {
			t.Fatalf("trajectory %d drew %d uncertain values for %d names", k, len(w.Sampled()), len(names))
		}
		first := slices.Clone(w.Sampled())
		w.Run()
		w.Reset(trajKey(40, k))
		if !slices.Equal(first, w.Sampled()) {
			t.Fatalf("trajectory %d drew other values when replayed", k)
		}
	}
	if &m.UncertainNames()[0] != &names[0] {
		t.Error("UncertainNames is worked out again on each call")
	}
}

// Values that YAML anchors, aliases and merge keys share have one place in
// the file but each its own path, its own draw and its own name; a variant's
// distribution is named by the path it sets; constants have no name.
func TestUncertainNamesThroughAliasesAndVariants(t *testing.T) {
	text := minimalText(t)
	text = strings.Replace(text, "    politics:\n      resolve: beta(7, 3)\n      risk_tolerance: 0.3\n",
		"    politics: &pol\n      resolve: beta(7, 3)\n      risk_tolerance: uniform(0.2, 0.4)\n", 1)
	text = strings.Replace(text, "    politics:\n      resolve: 0.9\n", "    politics: *pol\n", 1)
	text = strings.Replace(text, "    politics: {resolve: 0.4}\n", "    politics: {<<: *pol, risk_tolerance: 0.1}\n", 1)
	text = strings.Replace(text, "relations.RED-BLUE.sides.RED.stakes: 1.0", "relations.RED-BLUE.sides.RED.stakes: uniform(0.5, 1)", 1)
	m := parseModel(t, text, "")
	want := []string{
		"actors.RED.politics.resolve", "actors.RED.politics.risk_tolerance",
		"actors.BLUE.politics.resolve", "actors.BLUE.politics.risk_tolerance",
		"actors.GREEN.politics.resolve",
	}
	if got := m.UncertainNames(); !slices.Equal(got, want) {
		t.Fatalf("names %q, want %q", got, want)
	}
	w := sim.NewWorld(m)
	w.Reset(trajKey(41, 0))
	s := w.Sampled()
	if s[0] == s[2] || s[0] == s[4] {
		t.Errorf("values shared through an alias were drawn as one: %v", s)
	}
	for i, x := range s {
		if x < 0 || x > 1 {
			t.Errorf("%s = %v, outside its distribution", want[i], x)
		}
	}

	hawk := parseModel(t, text, "hawk")
	want = append(want[:1:1], "actors.RED.politics.risk_tolerance", "actors.BLUE.politics.resolve",
		"actors.BLUE.politics.risk_tolerance", "actors.GREEN.politics.resolve", "relations.RED-BLUE.sides.RED.stakes")
	if got := hawk.UncertainNames(); !slices.Equal(got, want) {
		t.Errorf("names of the variant %q, want %q", got, want)
	}
}

// A scenario of constants has no uncertain parameters.
func TestUncertainNamesNone(t *testing.T) {
	text := strings.Replace(minimalText(t), "resolve: beta(7, 3)", "resolve: 0.7", 1)
	m := parseModel(t, text, "")
	if n := m.UncertainNames(); len(n) != 0 {
		t.Errorf("names %q of a scenario of constants", n)
	}
	w := sim.NewWorld(m)
	w.Reset(trajKey(42, 0))
	if len(w.Sampled()) != 0 {
		t.Errorf("sampled %v", w.Sampled())
	}
}
