package sim_test

import (
	"os"
	"regexp"
	"slices"
	"testing"
)

// The package documentation and README.md's table of mechanisms name the
// same files, and every one of them exists.
func TestDocMatchesREADME(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	files := func(re string, text []byte) []string {
		var out []string
		for _, m := range regexp.MustCompile(re).FindAllSubmatch(text, -1) {
			if !slices.Contains(out, string(m[1])) {
				out = append(out, string(m[1]))
			}
		}
		slices.Sort(out)
		return out
	}
	inDoc := files(`(?m)^//\t([a-z_]+\.go) `, doc)
	inREADME := files("(?m)^\\| `([a-z_]+\\.go)` \\|", readme)
	if len(inDoc) < 10 || !slices.Equal(inDoc, inREADME) {
		t.Errorf("sim/doc.go lists %v\nREADME.md's table lists %v", inDoc, inREADME)
	}
	for _, f := range inDoc {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s is listed but %v", f, err)
		}
	}
}
