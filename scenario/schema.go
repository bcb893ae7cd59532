package scenario

// JSON Schema (draft 2020-12) for scenario files, derived from the same struct
// tags the decoder obeys (see decode.go), so editors can check and complete a
// scenario while it is written.

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// schemaer is implemented by types that know their own schema, such as Value
// (a number, or a string naming a distribution).
type schemaer interface {
	JSONSchema() map[string]any
}

var schemaerType = reflect.TypeOf((*schemaer)(nil)).Elem()

// JSONSchemaOf returns the indented JSON Schema of the type of v (a struct or
// a pointer to one), with the given $id and title.
func JSONSchemaOf(v any, id, title string) ([]byte, error) {
	t := reflect.TypeOf(v)
	if t == nil {
		return nil, fmt.Errorf("JSONSchemaOf: nil value")
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	s := schemaFor(t)
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	if id != "" {
		s["$id"] = id
	}
	if title != "" {
		s["title"] = title
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// schemaFor returns the JSON Schema of values of type t as the decoder reads
// them.
func schemaFor(t reflect.Type) map[string]any {
	return schemaOf(t, map[reflect.Type]bool{})
}

func schemaOf(t reflect.Type, busy map[reflect.Type]bool) map[string]any {
	if s := ownSchema(t); s != nil {
		return s
	}
	if reflect.PointerTo(t).Implements(scalarUnmarshalerType) {
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return schemaOf(t.Elem(), busy)
	case reflect.Struct:
		if busy[t] {
			return map[string]any{"type": "object"} // a recursive type
		}
		busy[t] = true
		defer delete(busy, t)
		info := structInfoOf(t)
		props := map[string]any{}
		var required []string
		for i := range info.fields {
			f := &info.fields[i]
			p := schemaOf(f.typ, busy)
			applyRules(p, f.rules)
			if f.doc != "" {
				p["description"] = f.doc
			}
			props[f.name] = p
			if f.required {
				required = append(required, f.name)
			}
		}
		s := map[string]any{
			"type":                 "object",
			"properties":           props,
			"additionalProperties": false,
		}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), busy)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), busy)}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	}
	return map[string]any{} // anything
}

// ownSchema calls JSONSchema on a zero value of t when t (or *t) has it. The
// result is copied, so it can be amended.
func ownSchema(t reflect.Type) map[string]any {
	var s map[string]any
	switch {
	case t.Implements(schemaerType) && t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface:
		s = reflect.Zero(t).Interface().(schemaer).JSONSchema()
	case reflect.PointerTo(t).Implements(schemaerType):
		s = reflect.New(t).Interface().(schemaer).JSONSchema()
	default:
		return nil
	}
	return copySchema(s)
}

// copySchema copies maps and slices of s deeply enough that changing the
// copy leaves s alone.
func copySchema(s map[string]any) map[string]any {
	out := make(map[string]any, len(s))
	for k, v := range s {
		out[k] = copyAny(v)
	}
	return out
}

func copyAny(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return copySchema(x)
	case []any:
		c := make([]any, len(x))
		for i, e := range x {
			c[i] = copyAny(e)
		}
		return c
	case []map[string]any:
		c := make([]map[string]any, len(x))
		for i, e := range x {
			c[i] = copySchema(e)
		}
		return c
	}
	return v
}

// applyRules adds the bounds and enum of a field to its schema: to a number
// or string schema itself, to the number or string branches of an
// anyOf/oneOf (so a Value's distribution strings are left alone), and to the
// items of an array or the values of a map.
func applyRules(s map[string]any, r *fieldRules) {
	if r == nil || s == nil {
		return
	}
	types := schemaTypes(s)
	switch {
	case types["number"] || types["integer"]:
		if r.hasMin {
			s["minimum"] = r.min
		}
		if r.hasMax {
			s["maximum"] = r.max
		}
		if r.hasEmin {
			s["exclusiveMinimum"] = r.emin
		}
	case types["string"] && len(r.enum) > 0:
		s["enum"] = append([]string(nil), r.enum...)
	case types["array"]:
		if items, ok := s["items"].(map[string]any); ok {
			applyRules(items, r)
		}
	case types["object"]:
		if ap, ok := s["additionalProperties"].(map[string]any); ok {
			applyRules(ap, r)
		}
	}
	for _, key := range []string{"anyOf", "oneOf"} {
		switch branches := s[key].(type) {
		case []any:
			for _, b := range branches {
				if m, ok := b.(map[string]any); ok {
					applyRules(m, r)
				}
			}
		case []map[string]any:
			for _, m := range branches {
				applyRules(m, r)
			}
		}
	}
}

// schemaTypes returns the set of names in the "type" of s.
func schemaTypes(s map[string]any) map[string]bool {
	out := map[string]bool{}
	switch t := s["type"].(type) {
	case string:
		out[t] = true
	case []string:
		for _, x := range t {
			out[x] = true
		}
	case []any:
		for _, x := range t {
			if str, ok := x.(string); ok {
				out[str] = true
			}
		}
	}
	return out
}
