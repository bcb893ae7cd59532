package scenario

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// schemaAt follows a path of keys and indexes through decoded JSON.
func schemaAt(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %v: %T is not an object", path, v)
			}
			v, ok = m[k]
			if !ok {
				t.Fatalf("at %v: no key %q in %v", path, k, m)
			}
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				t.Fatalf("at %v: %v is not an array with index %d", path, v, k)
			}
			v = a[k]
		}
	}
	return v
}

func TestSchemaOfWorld(t *testing.T) {
	out, err := JSONSchemaOf(&tWorld{}, "https://example.org/world.json", "World")
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(out, &s); err != nil {
		t.Fatalf("not valid JSON: %v\n%s", err, out)
	}
	again, _ := JSONSchemaOf(tWorld{}, "https://example.org/world.json", "World")
	if !bytes.Equal(out, again) {
		t.Error("schema output is not deterministic")
	}

	checks := []struct {
		path []any
		want any
	}{
		{[]any{"$schema"}, "https://json-schema.org/draft/2020-12/schema"},
		{[]any{"$id"}, "https://example.org/world.json"},
		{[]any{"title"}, "World"},
		{[]any{"type"}, "object"},
		{[]any{"additionalProperties"}, false},
		{[]any{"required"}, []any{"name", "actors"}},
		{[]any{"properties", "name", "description"}, "Name of the world."},
		{[]any{"properties", "mode", "enum"}, []any{"square", "linear", "mixed"}},
		{[]any{"properties", "turns", "type"}, "integer"},
		{[]any{"properties", "turns", "minimum"}, 1.0},
		{[]any{"properties", "turns", "maximum"}, 100.0},
		{[]any{"properties", "rate", "exclusiveMinimum"}, 0.0},
		{[]any{"properties", "live", "type"}, "boolean"},
		{[]any{"properties", "tags", "items", "type"}, "string"},
		{[]any{"properties", "weights", "type"}, "object"},
		{[]any{"properties", "weights", "additionalProperties", "minimum"}, 0.0},
		{[]any{"properties", "actors", "items", "required"}, []any{"id"}},
		{[]any{"properties", "actors", "items", "additionalProperties"}, false},
		{[]any{"properties", "actors", "items", "properties", "politics", "required"}, []any{"resolve"}},
		{[]any{"properties", "extra", "properties", "level", "type"}, "integer"},
		{[]any{"properties", "extra", "properties", "count", "minimum"}, 0.0},
		{[]any{"properties", "risk", "description"}, "Chance of disaster."},
		// Value: the bounds go to the number branch only.
		{[]any{"properties", "risk", "oneOf", 0, "type"}, "number"},
		{[]any{"properties", "risk", "oneOf", 0, "minimum"}, 0.0},
		{[]any{"properties", "risk", "oneOf", 0, "maximum"}, 1.0},
		{[]any{"properties", "links", "items", "properties", "stakes", "additionalProperties", "oneOf", 0, "maximum"}, 1.0},
	}
	for _, c := range checks {
		if got := schemaAt(t, s, c.path...); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v = %#v, want %#v", c.path, got, c.want)
		}
	}
	str := schemaAt(t, s, "properties", "risk", "oneOf", 1).(map[string]any)
	if str["type"] != "string" || str["minimum"] != nil || str["maximum"] != nil {
		t.Errorf("string branch of a Value = %v", str)
	}
	props := schemaAt(t, s, "properties").(map[string]any)
	for _, k := range []string{"Note", "note", "Skip", "skip", "At", "at"} {
		if _, ok := props[k]; ok {
			t.Errorf("property %q should not be in the schema", k)
		}
	}
	if len(props) != 13 {
		t.Errorf("%d properties, want 13: %v", len(props), props)
	}
	// The schema of Value itself is not modified by applying bounds.
	if own := (Value{}).JSONSchema(); own["oneOf"].([]any)[0].(map[string]any)["minimum"] != nil {
		t.Error("Value.JSONSchema was modified")
	}
}

type tScalar struct{ s string }

func (x *tScalar) UnmarshalScalar(text string) error { x.s = text; return nil }

type tNode struct {
	Name string   `yaml:"name"`
	Next *tNode   `yaml:"next"`
	When tScalar  `yaml:"when"`
	List [][]int  `yaml:"list" min:"2"`
	Kind []string `yaml:"kind" enum:"a|b"`
}

func TestSchemaRecursiveAndScalars(t *testing.T) {
	s := schemaFor(reflect.TypeOf(tNode{}))
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if got := schemaAt(t, m, "properties", "next", "type"); got != "object" {
		t.Errorf("recursive type: %v", got)
	}
	if got := schemaAt(t, m, "properties", "when", "type"); got != "string" {
		t.Errorf("scalar type: %v", got)
	}
	if got := schemaAt(t, m, "properties", "list", "items", "items", "minimum"); got != 2.0 {
		t.Errorf("nested list bound: %v", got)
	}
	if got := schemaAt(t, m, "properties", "kind", "items", "enum"); !reflect.DeepEqual(got, []any{"a", "b"}) {
		t.Errorf("list enum: %v", got)
	}
	if _, err := JSONSchemaOf(nil, "", ""); err == nil {
		t.Error("nil accepted")
	}
}

// walkStructs calls f for every struct type reachable from t through fields,
// pointers, slices and maps.
func walkStructs(t reflect.Type, seen map[reflect.Type]bool, f func(reflect.Type)) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] || reflect.PointerTo(t).Implements(scalarUnmarshalerType) {
		return
	}
	seen[t] = true
	f(t)
	for _, fi := range structInfoOf(t).fields {
		walkStructs(fi.typ, seen, f)
	}
}

// The scenario types follow the tag conventions: no malformed tags, and a
// schema that is valid JSON.
func TestSchemaScenarioTypes(t *testing.T) {
	walkStructs(reflect.TypeOf(Scenario{}), map[reflect.Type]bool{}, func(st reflect.Type) {
		for _, e := range structInfoOf(st).errs {
			t.Errorf("%s: %s", st, e)
		}
	})
	out, err := JSONSchemaOf(&Scenario{}, "https://brink.invalid/scenario.schema.json", "brink scenario")
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(out) {
		t.Fatal("scenario schema is not valid JSON")
	}
}
