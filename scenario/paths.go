package scenario

import (
	"reflect"
	"strconv"
	"strings"
)

// WithValuePaths returns a deep copy of s in which the Text of every Value is
// the field path that names it — "planning_days", "ladder[7].cost",
// "actors.RUS.politics.resolve", "actors.RUS.nuclear.alarms_per_year[2]",
// "actors.RUS.forces[0].active", "relations.RUS-UKR.sides.RUS.stakes",
// "theatres.ukraine.a.attrition.tanks": the path by which a variant sets it
// (list elements by id, by their "between" pair, or by index). Nothing else
// changes, so code that reads the copy exactly as it reads s can tell which
// field each Value it meets came from. Positions cannot tell that: values
// shared through anchors, aliases or merge keys have one place in the file and
// several paths, and values set in code or by defaults have no place at all.
func (s *Scenario) WithValuePaths() *Scenario {
	c := new(Scenario)
	*c = *s
	labelValuePaths(reflect.ValueOf(c).Elem(), "")
	return c
}

var labelledValueType = reflect.TypeFor[Value]()

// labelValuePaths sets the Text of every Value reachable from v (addressable) to
// its path, replacing the slices, maps and pointers on the way by copies so
// that the original is left untouched.
func labelValuePaths(v reflect.Value, path string) {
	t := v.Type()
	if t == labelledValueType {
		v.FieldByName("Text").SetString(path)
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		for _, f := range structInfoOf(t).fields {
			labelValuePaths(v.FieldByIndex(f.index), joinPath(path, f.name))
		}
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(v.Elem())
		labelValuePaths(p.Elem(), path)
		v.Set(p)
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		c := reflect.MakeSlice(t, v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := range c.Len() {
			labelValuePaths(c.Index(i), labelElemPath(path, i, c.Index(i)))
		}
		v.Set(c)
	case reflect.Map:
		if v.IsNil() || t.Key().Kind() != reflect.String {
			return
		}
		c := reflect.MakeMapWithSize(t, v.Len())
		it := v.MapRange()
		for it.Next() {
			e := reflect.New(t.Elem()).Elem()
			e.Set(it.Value())
			labelValuePaths(e, joinPath(path, it.Key().String()))
			c.SetMapIndex(it.Key(), e)
		}
		v.Set(c)
	}
}

// labelElemPath names element i of the list at path as the decoder and variants
// do (see decoder.elemPath): by its id, else by its between pair joined with
// "-", else by index.
func labelElemPath(path string, i int, el reflect.Value) string {
	if el.Kind() == reflect.Struct && el.Type() != labelledValueType {
		info := structInfoOf(el.Type())
		if j, ok := info.byName["id"]; ok {
			if f := el.FieldByIndex(info.fields[j].index); f.Kind() == reflect.String && f.String() != "" {
				return joinPath(path, f.String())
			}
		}
		if j, ok := info.byName["between"]; ok {
			if f := el.FieldByIndex(info.fields[j].index); f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String && f.Len() > 0 {
				parts := make([]string, f.Len())
				for k := range parts {
					parts[k] = f.Index(k).String()
				}
				return joinPath(path, strings.Join(parts, "-"))
			}
		}
	}
	return path + "[" + strconv.Itoa(i) + "]"
}
