package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// positioned matches the file:line:column of a diagnostic.
var positioned = regexp.MustCompile(`\.yaml:\d+:\d+: `)

// One validation for check and run: on the small scenario with each of its
// lines deleted in turn, and on the cases that used to disagree, every file
// check accepts runs (with every variant), and every file run refuses, check
// refuses with a position.
func TestCheckAgreesWithRun(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("testdata", "small.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(base)
	docs := map[string]string{
		"no actors, no relations": regexp.MustCompile(`(?s)\nactors:.*?\n(theatres:)`).ReplaceAllString(text, "\nactors: []\nrelations: []\n$1"),
		"empty ladder":            strings.Replace(text, "\nactors:", "\nladder: []\nactors:", 1),
		"warheads 1e300":          regexp.MustCompile(`warheads: [^\n#]*`).ReplaceAllString(text, "warheads: 1e300"),
		"duplicate rung names": strings.Replace(text, "\nactors:", "\nladder:\n  - {name: calm}\n  - {name: calm}\n"+
			"  - {name: war, combat: true}\n  - {name: strike, nuclear_use: true}\n  - {name: end, nuclear_use: true, terminal: true}\nactors:", 1),
	}
	lines := strings.Split(text, "\n")
	for i := range lines {
		if strings.TrimSpace(lines[i]) == "" || strings.HasPrefix(strings.TrimSpace(lines[i]), "#") {
			continue
		}
		docs[fmt.Sprintf("without line %03d", i+1)] = strings.Join(append(append([]string{}, lines[:i]...), lines[i+1:]...), "\n")
	}
	dir := t.TempDir()
	accepted := 0
	for name, doc := range docs {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".yaml")
		if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		check := brink(t, "check", p)
		runs := []result{brink(t, "run", p, "-n", "2", "-no-save")}
		if sc, err := loadScenario(p, ""); err == nil {
			for _, v := range sc.Variants {
				runs = append(runs, brink(t, "run", p, "-n", "2", "-no-save", "-variant", v.ID))
			}
		}
		runOK := true
		for _, r := range runs {
			runOK = runOK && r.code == exitOK
		}
		switch {
		case check.code == exitOK && !runOK:
			t.Errorf("%s: check accepts it, run refuses:\n%s", name, runs)
		case check.code != exitOK && runOK:
			t.Errorf("%s: run runs it, check refuses:\n%s", name, check)
		case check.code != exitOK && !positioned.MatchString(check.stderr):
			t.Errorf("%s: check refuses it without a position:\n%s", name, check)
		case check.code == exitOK:
			accepted++
		}
		if strings.HasPrefix(name, "no ") || strings.HasPrefix(name, "empty") || strings.HasPrefix(name, "warheads") || strings.HasPrefix(name, "duplicate") {
			if check.code != exitUsage {
				t.Errorf("%s: check exits %d, want %d\n%s", name, check.code, exitUsage, check)
			}
		}
	}
	t.Logf("%d files, %d accepted by both", len(docs), accepted)
}
