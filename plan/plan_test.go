package plan

import (
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// Any text goes into a ConfigMap as a block scalar that reads back as it
// is, or else as a quoted string.
func TestYAMLText(t *testing.T) {
	for _, s := range []string{
		"a: 1\n", "a", "a\n\n\n", "  indented first\nthen not\n", "\n\nblank lines first\n",
		"\tA tab first\n", "# a comment\n- item\n", "trailing spaces   \n  \n", "---\n...\n",
		"windows\r\n", "bell\a\n", "", "\n", "   \n", "é ünïcode ✓\n", "a\n\n  b\n\n",
	} {
		doc := "data:\n  k: " + yamlText(s, "    ") + "\nafter: 1\n"
		var got struct {
			Data  map[string]string `yaml:"data"`
			After int               `yaml:"after"`
		}
		if err := yaml.Unmarshal([]byte(doc), &got); err != nil {
			t.Errorf("%q: %v\n%s", s, err, doc)
			continue
		}
		if got.Data["k"] != s || got.After != 1 {
			t.Errorf("%q reads back as %q (after: %d)\n%s", s, got.Data["k"], got.After, doc)
		}
	}
}

func TestK8sName(t *testing.T) {
	for in, want := range map[string]string{
		"brink-ukraine-2022":    "brink-ukraine-2022",
		"brink-Small_Calm":      "brink-small-calm",
		"--a..b--":              "a-b",
		"":                      "brink",
		strings.Repeat("x", 80): strings.Repeat("x", K8sNameMax),
	} {
		if got := K8sName(in); got != want {
			t.Errorf("K8sName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShQuote(t *testing.T) {
	for in, want := range map[string]string{
		"":            "''",
		"runs/a-1.5":  "runs/a-1.5",
		"a b":         "'a b'",
		"it's":        `'it'\''s'`,
		"$(x) `y` ~z": "'$(x) `y` ~z'",
	} {
		if got := ShQuote(in); got != want {
			t.Errorf("ShQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
