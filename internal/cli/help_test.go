package cli

import (
	"regexp"
	"strings"
	"testing"
)

// Every command answers -h on stdout, exit 0, with its synopsis, a help
// text with examples of itself, and every flag it has described.
func TestHelpOfEveryCommand(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			r := brink(t, c.name, "-h")
			wantCode(t, r, exitOK)
			if r.stderr != "" {
				t.Errorf("help on stderr: %q", r.stderr)
			}
			if !strings.HasPrefix(r.stdout, "Usage: brink "+c.name) {
				t.Errorf("help does not start with the synopsis:\n%s", r.stdout)
			}
			_, ex, _ := strings.Cut(r.stdout, "\nExamples:\n")
			if !strings.Contains(ex, "brink "+c.name) {
				t.Errorf("help has no examples of brink %s:\n%s", c.name, r.stdout)
			}
			if r2 := brink(t, c.name, "-no-such-flag"); c.name != "version" && r2.code != exitUsage {
				t.Errorf("an unknown flag: exit %d, want %d", r2.code, exitUsage)
			}
		})
	}
	// brink version prints the version, and -version does too.
	for _, args := range [][]string{{"version"}, {"-version"}} {
		r := brink(t, args...)
		wantCode(t, r, exitOK)
		if !regexp.MustCompile(`^brink \S.* \(go[\d.]+.*\)\n$`).MatchString(r.stdout) {
			t.Errorf("brink %s printed %q", args[0], r.stdout)
		}
	}
}

// A mistyped command gets the nearest one suggested, and the usage.
func TestDidYouMean(t *testing.T) {
	for typed, want := range map[string]string{"rnu": "run", "comapre": "compare", "swep": "sweep", "sceanrios": "scenarios",
		"rep": "report", "verison": "version", "rnus": "runs", "xyz": "", "deploy": ""} {
		r := brink(t, typed)
		wantCode(t, r, exitUsage)
		hint := "Did you mean 'brink " + want + "'?"
		if want != "" && !strings.Contains(r.stderr, hint) {
			t.Errorf("%q: no %q in\n%s", typed, hint, r.stderr)
		}
		if want == "" && strings.Contains(r.stderr, "Did you mean") {
			t.Errorf("%q: a suggestion for a word near nothing:\n%s", typed, r.stderr)
		}
		if !strings.Contains(r.stderr, "Commands:") {
			t.Errorf("%q: no usage", typed)
		}
	}
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"run", "run", 0}, {"run", "rnu", 1}, {"kitten", "sitting", 3}, {"", "abc", 3}, {"plan", "runs", 4}} {
		if got := editDistance(c.a, c.b); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}
