// Package label names what brink reports, in one place: the columns of the
// table of trajectories as a user types them in SQL or pandas (snake_case,
// list elements by name), and the human labels and units of outcomes and
// values for the terminal, the HTML report and the dashboard.
package label

import (
	"reflect"
	"strconv"
	"strings"

	"brink/scenario"
)

// Snake makes s a column name that needs no quoting in SQL or pandas:
// lowercase letters, digits and single underscores, not starting with a
// digit.
func Snake(s string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
			continue
		}
		under = true
	}
	out := b.String()
	if out == "" || out[0] >= '0' && out[0] <= '9' {
		out = "x_" + out
	}
	return out
}

// ParamColumn is the column of the table of trajectories that holds the value
// drawn for the uncertain parameter at the field path of sc: "p_" and the
// path in snake_case, a list element by its category, actor or holder where
// that names it (actors.RUS.forces[0].effectiveness: p_rus_tanks_effectiveness),
// without the leading "actors." or "theatres.". Long is the same without
// dropping the leading section, for when two short names collide.
func ParamColumn(sc *scenario.Scenario, path string) (short, long string) {
	toks := pathTokens(sc, path)
	long = "p_" + Snake(strings.Join(toks, "_"))
	if len(toks) > 1 && (toks[0] == "actors" || toks[0] == "theatres") {
		toks = toks[1:]
	}
	return "p_" + Snake(strings.Join(toks, "_")), long
}

// pathTokens splits a field path into its names, with each list index
// replaced by the element's name where one of its fields names it uniquely
// in the list.
func pathTokens(sc *scenario.Scenario, path string) []string {
	var toks []string
	cur := reflect.Value{}
	if sc != nil {
		cur = reflect.ValueOf(sc).Elem()
	}
	for _, seg := range strings.Split(path, ".") {
		name, idx := seg, []int(nil)
		if i := strings.IndexByte(seg, '['); i >= 0 {
			name = seg[:i]
			for _, part := range strings.Split(seg[i:], "[")[1:] {
				n, err := strconv.Atoi(strings.TrimSuffix(part, "]"))
				if err != nil {
					n = -1
				}
				idx = append(idx, n)
			}
		}
		cur = child(cur, name)
		toks = append(toks, name)
		for _, i := range idx {
			if el, ok := elemName(cur, i); ok {
				toks[len(toks)-1] = el
			} else {
				toks = append(toks, strconv.Itoa(i))
			}
			cur = index(cur, i)
		}
	}
	return toks
}

func deref(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// child is the field, map entry or list element (by id or "between" pair)
// called name; invalid if there is none.
func child(v reflect.Value, name string) reflect.Value {
	v = deref(v)
	if !v.IsValid() {
		return v
	}
	switch v.Kind() {
	case reflect.Struct:
		if f, ok := fieldByTag(v, name); ok {
			return f
		}
	case reflect.Map:
		if v.Type().Key().Kind() == reflect.String {
			return v.MapIndex(reflect.ValueOf(name).Convert(v.Type().Key()))
		}
	case reflect.Slice:
		for i := range v.Len() {
			el := deref(v.Index(i))
			if el.Kind() != reflect.Struct {
				continue
			}
			if f, ok := fieldByTag(el, "id"); ok && f.Kind() == reflect.String && f.String() == name {
				return el
			}
			if f, ok := fieldByTag(el, "between"); ok && f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String {
				parts := make([]string, f.Len())
				for k := range parts {
					parts[k] = f.Index(k).String()
				}
				if strings.Join(parts, "-") == name {
					return el
				}
			}
		}
	}
	return reflect.Value{}
}

func index(v reflect.Value, i int) reflect.Value {
	v = deref(v)
	if !v.IsValid() || v.Kind() != reflect.Slice || i < 0 || i >= v.Len() {
		return reflect.Value{}
	}
	return v.Index(i)
}

// fieldByTag is the field of struct v whose yaml name is name.
func fieldByTag(v reflect.Value, name string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == name {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// elemNameFields are the fields that name an element of a list, in order of
// preference.
var elemNameFields = []string{"id", "category", "actor", "by"}

// elemName is the name of element i of list v: the first of elemNameFields
// whose values are set and unique over the list.
func elemName(v reflect.Value, i int) (string, bool) {
	v = deref(v)
	if !v.IsValid() || v.Kind() != reflect.Slice || i < 0 || i >= v.Len() {
		return "", false
	}
	for _, field := range elemNameFields {
		seen := map[string]bool{}
		ok := true
		for k := range v.Len() {
			el := deref(v.Index(k))
			if el.Kind() != reflect.Struct {
				return "", false
			}
			f, has := fieldByTag(el, field)
			if !has || f.Kind() != reflect.String || f.String() == "" || seen[f.String()] {
				ok = false
				break
			}
			seen[f.String()] = true
		}
		if ok {
			f, _ := fieldByTag(deref(v.Index(i)), field)
			return f.String(), true
		}
	}
	return "", false
}
