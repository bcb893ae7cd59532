package scenario_test

import (
	"strings"
	"testing"

	"brink/scenario"
)

// A comment inside a one-line flow mapping hides its closing brace; the
// syntax error says so.
func TestCommentInsideFlowMappingIsExplained(t *testing.T) {
	src := "id: x\nstart: 2030-01-01\nhorizon_days: 10\ncategories:\n  - {id: tanks, law: square, # the usual value: 1}\n"
	_, err := scenario.Parse("c.yaml", []byte(src))
	if err == nil {
		t.Fatal("accepted a flow mapping whose closing brace is inside a comment")
	}
	msg := err.Error()
	for _, want := range []string{"c.yaml:5:", "YAML syntax error", "starts a comment that hides the rest of the line"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}
