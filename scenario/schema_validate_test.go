package scenario_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"brink/scenario"
)

// The JSON Schema that editors use must accept every built-in scenario and
// reject what brink rejects: checked with an independent validator
// (santhosh-tekuri/jsonschema, draft 2020-12).
func TestSchemaValidatesBuiltins(t *testing.T) {
	raw, err := scenario.Schema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("brink.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("brink.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	instance := func(t *testing.T, yml []byte) any {
		t.Helper()
		var v any
		if err := yaml.Unmarshal(yml, &v); err != nil {
			t.Fatal(err)
		}
		js, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
		if err != nil {
			t.Fatal(err)
		}
		return inst
	}
	for _, id := range scenario.BuiltinIDs() {
		src, err := scenario.BuiltinSource(id)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(instance(t, src)); err != nil {
			t.Errorf("%s does not validate against the schema:\n%v", id, err)
		}
	}
	// Mistakes brink refuses, the schema refuses too.
	src, _ := scenario.BuiltinSource(scenario.DefaultID)
	for _, bad := range []struct{ from, to string }{
		{"horizon_days: 1096", "horizon_days: many"},
		{"horizon_days: 1096", "horizon_dayz: 1096"},
		{"      resolve: beta(7, 3)", "      resolve: 1.7"},
		{"      resolve: beta(7, 3)", "      resolve: gauss(1, 2)"},
	} {
		edited := bytes.Replace(src, []byte(bad.from), []byte(bad.to), 1)
		if bytes.Equal(edited, src) {
			t.Fatalf("edit %q did not apply", bad.from)
		}
		if err := sch.Validate(instance(t, edited)); err == nil {
			t.Errorf("the schema accepts %q", bad.to)
		}
		if _, err := scenario.Parse("edited.yaml", edited); err == nil {
			t.Errorf("brink accepts %q", bad.to)
		}
	}
}
