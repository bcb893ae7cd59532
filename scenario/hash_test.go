package scenario_test

import (
	"os"
	"strings"
	"testing"

	"brink/scenario"
)

// The scenario hash keys the random streams, so it must follow the meaning of
// a scenario and not its spelling.
func TestHashFollowsMeaningNotSpelling(t *testing.T) {
	data, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	base, err := scenario.Parse("minimal.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	hash := func(text string) [32]byte {
		t.Helper()
		sc, err := scenario.Parse("edited.yaml", []byte(text))
		if err != nil {
			t.Fatalf("edited scenario does not parse: %v", err)
		}
		return sc.Hash
	}
	text := string(data)
	same := map[string]string{
		"a comment added":         "# a new comment\n" + text,
		"blank lines":             strings.ReplaceAll(text, "\nactors:", "\n\n\nactors:"),
		"another file name":       text,
		"a variant changed":       strings.Replace(text, "variants:", "variants:\n  - {id: extra, set: {horizon_days: 30}}", 1),
		"0.9 written as 90%":      strings.Replace(text, "resolve: 0.9", "resolve: 90%", 1),
		"a trailing comment":      strings.Replace(text, "resolve: 0.9", "resolve: 0.9   # why", 1),
		"a default made explicit": strings.Replace(text, "horizon_days: 365\n", "horizon_days: 365\nturn_days: 1\n", 1),
	}
	for name, edited := range same {
		if edited == text && name != "another file name" {
			t.Fatalf("%s: the edit did not apply", name)
		}
		if hash(edited) != base.Hash {
			t.Errorf("%s changed the hash", name)
		}
	}
	changed := map[string]string{
		"resolve changed": strings.Replace(text, "resolve: 0.9", "resolve: 0.8", 1),
		"a distribution":  strings.Replace(text, "resolve: 0.9", "resolve: uniform(0.85, 0.95)", 1),
		"horizon changed": strings.Replace(text, "horizon_days: 365", "horizon_days: 366", 1),
	}
	for name, edited := range changed {
		if edited == text {
			t.Fatalf("%s: the edit did not apply", name)
		}
		if hash(edited) == base.Hash {
			t.Errorf("%s left the hash unchanged", name)
		}
	}
}
