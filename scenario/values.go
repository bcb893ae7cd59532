package scenario

// Setting numbers by path, for sweeps: WithValues fixes the numbers at some
// paths (as a variant would, on the AST, then decodes afresh) and ValueAt reads
// the number or distribution at a path of the decoded scenario.

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// WithValues returns the scenario with the number at each path of values set
// to the given constant, decoded and checked afresh, as if its file (with its
// variant, if any) said so at that spot. Paths are those of variants:
// actors.RUS.politics.resolve, ladder[7].cost, relations.RUS-UKR.sides.RUS.stakes,
// actors.RUS.nuclear.alarms_per_year[2]. A path to a field the file leaves out
// adds it, as a variant does.
//
// Every problem is reported at once as Errors: a path that leads nowhere
// (positioned at the deepest part of the path the file has, with a
// suggestion), a value the field does not accept (positioned at the value it
// replaces), a non-finite value. The Field of a path error is the path.
//
// The result keeps s's hash and variant, so trajectory k draws the same
// random numbers at every setting (common random numbers): differences
// between settings are the settings'. Values set by an earlier WithValues are
// kept; a later WithVariant applies its overrides on top of them.
func (s *Scenario) WithValues(values map[string]float64) (*Scenario, error) {
	if s.parsed == nil {
		return nil, fmt.Errorf("scenario %s was not read from a file; setting values needs its text", s.ID)
	}
	pf := s.parsed
	var (
		root ast.Node
		errs Errors
	)
	// The variant of s, unless it is already part of pf.root (a scenario
	// made by WithValues: see below).
	if i := slices.IndexFunc(pf.variants, func(v variantSpec) bool { return v.ID == s.Variant }); s.Variant != "" && i >= 0 {
		root, errs = applyVariant(pf.src, pf.root, pf.variants[i])
	} else {
		root = cloneNode(pf.root)
	}
	paths := make([]string, 0, len(values))
	for p := range values {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		x := values[p]
		at := locate(pf.src, root, p)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			errs = append(errs, pf.src.diag(at, p, "cannot set %v: expected a finite number", x))
			continue
		}
		text := strconv.FormatFloat(x, 'g', -1, 64)
		node := ast.String(newToken(token.StringType, text, at))
		if d := applyOverride(pf.src, root, p, node, at); d != nil {
			if d.Field == "" {
				d.Field = p
			}
			errs = append(errs, d)
		}
	}
	// Decode even after a bad path, so that every problem is reported at once.
	sc, berrs := build(pf.src, root)
	errs = append(errs, berrs...)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	// The new root already holds s's variant: keep it out of the variants
	// that WithValues and WithVariant may apply to the result.
	var rest []variantSpec
	for _, v := range pf.variants {
		if v.ID != s.Variant {
			rest = append(rest, v)
		}
	}
	sc.File, sc.Hash, sc.Variant = s.File, s.Hash, s.Variant
	sc.parsed = &parsedFile{data: pf.data, src: pf.src, root: root, variants: rest}
	return sc, nil
}

// locate returns where the node at path is in root, or if the path leads
// nowhere, where the deepest node along it is: the place a diagnostic about
// the path, or about a value put there, should point at.
func locate(src *source, root ast.Node, path string) Pos {
	at := nodePos(src, root)
	segs, err := parseOverridePath(path)
	if err != nil {
		return at
	}
	aliases := resolveAliases(root)
	cur := root
	for _, seg := range segs {
		var next ast.Node
		switch x := derefQuiet(cur, aliases).(type) {
		case *ast.MappingNode:
			if seg.bracket {
				return at
			}
			mv := findKey(x, seg.name, aliases)
			if mv == nil {
				mv = findMerged(x, seg.name, aliases, 0)
			}
			if mv == nil {
				return at
			}
			at = nodePos(src, mv)
			next = mv.Value
		case *ast.SequenceNode:
			idx := -1
			if seg.isIndex {
				if seg.index < len(x.Values) {
					idx = seg.index
				}
			} else {
				idx = slices.IndexFunc(x.Values, func(el ast.Node) bool { return elemName(el, aliases) == seg.name })
			}
			if idx < 0 {
				return at
			}
			next = x.Values[idx]
		default:
			return at
		}
		if isNilNode(next) {
			return at
		}
		if p := nodePos(src, next); p.Line > 0 {
			at = p
		}
		cur = next
	}
	return at
}

// ValueAt returns the number or distribution at path (as in WithValues) in
// the decoded scenario: what a trajectory draws there, defaults included. A
// path that leads nowhere, or to something that is not a number that may be a
// distribution (an integer, a name, a whole list), is an error positioned at
// the deepest part of the file the path reaches, with suggestions.
func (s *Scenario) ValueAt(path string) (Value, error) {
	segs, err := parseOverridePath(path)
	if err != nil {
		return Value{}, &Diagnostic{Pos: s.At, Field: path, Msg: fmt.Sprintf("bad path: %v", err)}
	}
	var src *source
	if s.parsed != nil {
		src = s.parsed.src
	}
	fail := func(at Pos, format string, args ...any) (Value, error) {
		if src != nil {
			// The file knows where the path stops better than the decoded
			// structs, which have no positions for lists and mappings.
			if s.parsed.root != nil {
				at = locate(src, s.parsed.root, path)
			}
			return Value{}, src.diag(at, path, format, args...)
		}
		return Value{}, &Diagnostic{Pos: at, Field: path, Msg: fmt.Sprintf(format, args...)}
	}
	cur := reflect.ValueOf(s).Elem()
	at := s.At
	for i, seg := range segs {
		where := whereText(segsString(segs[:i]))
		for cur.Kind() == reflect.Pointer {
			if cur.IsNil() {
				return fail(at, "%s is not set, so it has no %s", where, seg)
			}
			cur = cur.Elem()
		}
		if cur.Type() == valueType {
			return fail(at, "%s is a number; it has no %s", where, seg)
		}
		switch cur.Kind() {
		case reflect.Struct:
			info := structInfoOf(cur.Type())
			if len(info.names) == 0 {
				return fail(at, "%s is %s; it has no %s", where, kindText(cur), seg)
			}
			if seg.bracket {
				return fail(at, "cannot index %s: %s is a mapping, not a list", seg, where)
			}
			fi, ok := info.byName[seg.name]
			if !ok {
				msg := fmt.Sprintf("no field %q in %s", seg.name, where)
				if sg := suggest(seg.name, info.names); sg != "" {
					msg += fmt.Sprintf("; did you mean %q?", sg)
				} else {
					msg += "; it has " + strings.Join(info.names, ", ")
				}
				return fail(at, "%s", msg)
			}
			cur = cur.FieldByIndex(info.fields[fi].index)
		case reflect.Slice:
			idx := -1
			var names []string
			if seg.isIndex {
				if seg.index >= cur.Len() {
					return fail(at, "index %d out of range (%s has %d entries)", seg.index, where, cur.Len())
				}
				idx = seg.index
			} else {
				for j := range cur.Len() {
					name := elemID(cur.Index(j))
					if name == seg.name {
						idx = j
						break
					}
					if name != "" {
						names = append(names, name)
					}
				}
			}
			if idx < 0 {
				msg := fmt.Sprintf("no element with id %q in %s", seg.name, where)
				if sg := suggest(seg.name, names); sg != "" {
					msg += fmt.Sprintf("; did you mean %q?", sg)
				} else if len(names) > 0 {
					msg += "; it has " + strings.Join(names, ", ")
				}
				return fail(at, "%s", msg)
			}
			cur = cur.Index(idx)
		case reflect.Map:
			if seg.bracket || cur.Type().Key().Kind() != reflect.String {
				return fail(at, "cannot index %s: %s is a mapping, not a list", seg, where)
			}
			el := cur.MapIndex(reflect.ValueOf(seg.name).Convert(cur.Type().Key()))
			if !el.IsValid() {
				var keys []string
				for _, k := range cur.MapKeys() {
					keys = append(keys, k.String())
				}
				slices.Sort(keys)
				msg := fmt.Sprintf("no key %q in %s", seg.name, where)
				if sg := suggest(seg.name, keys); sg != "" {
					msg += fmt.Sprintf("; did you mean %q?", sg)
				} else if len(keys) > 0 {
					msg += "; it has " + strings.Join(keys, ", ")
				}
				return fail(at, "%s", msg)
			}
			cur = el
		default:
			return fail(at, "%s is %s; it has no %s", where, kindText(cur), seg)
		}
		if p := posOf(cur); p.Line > 0 {
			at = p
		}
	}
	for cur.Kind() == reflect.Pointer {
		if cur.IsNil() {
			return fail(at, "%s is not set", path)
		}
		cur = cur.Elem()
	}
	if cur.Type() != valueType {
		return fail(at, "%s is %s, not a number that may be a distribution", path, kindText(cur))
	}
	return cur.Interface().(Value), nil
}

var valueType = reflect.TypeFor[Value]()

// elemID names a list element as override paths do: its ID field, or for a
// relation without one its Between pair joined with "-"; "" if neither.
func elemID(v reflect.Value) string {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return ""
	}
	if f := v.FieldByName("ID"); f.IsValid() && f.Kind() == reflect.String && f.String() != "" {
		return f.String()
	}
	if f := v.FieldByName("Between"); f.IsValid() && f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String && f.Len() > 0 {
		parts := make([]string, f.Len())
		for i := range parts {
			parts[i] = f.Index(i).String()
		}
		return strings.Join(parts, "-")
	}
	return ""
}

// posOf is where a decoded struct or Value was read, if known.
func posOf(v reflect.Value) Pos {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return Pos{}
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return Pos{}
	}
	if v.Type() == valueType {
		return v.Interface().(Value).Pos
	}
	if f := v.FieldByName("At"); f.IsValid() && f.Type() == reflect.TypeFor[Pos]() {
		return f.Interface().(Pos)
	}
	return Pos{}
}

// kindText describes what a decoded field holds, for messages.
func kindText(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a name"
	case reflect.Slice:
		return "a list"
	case reflect.Map:
		return "a mapping"
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[Date]() {
			return "a date"
		}
		return "a mapping"
	}
	return v.Type().String()
}
