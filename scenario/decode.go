package scenario

// A reflective decoder from goccy/go-yaml's AST into Go structs. Unlike a plain
// yaml.Unmarshal it keeps going after the first problem and reports every
// problem with its position, the dotted field path and what was expected.
//
// Struct tags understood (the same tags drive schema.go):
//
//	yaml:"name"          key of the field; fields without a yaml tag, or with
//	                     yaml:"-", are not decoded
//	required:"true"      the key must be present and not null
//	min:"0" max:"1"      inclusive bounds for numbers and Value-like types
//	exclusive-min:"0"    strict lower bound
//	enum:"a|b|c"         allowed strings
//	doc:"..."            documentation, used by the schema only
//
// A field of type ast.Node receives the raw node, undecoded (a variant's
// "set" is read this way). A struct field named At of type Pos receives the position of the mapping the
// struct was decoded from. A type whose pointer has UnmarshalScalar(string)
// error receives the text of a scalar; if it has an exported field Pos of type
// Pos, that field is set to the scalar's position afterwards.
//
// Anchors, aliases and merge keys (<<) are resolved. An alias refers to the
// nearest anchor of that name completed before it in document order, so an
// alias can never refer to an anchor that contains it: expansion always ends.
// Expansion is also bounded in total size, so "billion laughs" documents get an
// error instead of eating memory.

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// scalarUnmarshaler is implemented (on the pointer) by types written as one
// scalar in a scenario, such as Value ("0.3", "uniform(0.1, 0.5)") and dates.
type scalarUnmarshaler interface {
	UnmarshalScalar(text string) error
}

// supporter is implemented by Value: the interval its draws can fall in.
type supporter interface {
	Support() (lo, hi float64)
}

var (
	scalarUnmarshalerType = reflect.TypeOf((*scalarUnmarshaler)(nil)).Elem()
	supporterType         = reflect.TypeOf((*supporter)(nil)).Elem()
	posType               = reflect.TypeOf(Pos{})
	astNodeType           = reflect.TypeOf((*ast.Node)(nil)).Elem()
)

// maxAliasExpansion bounds how many nodes may be decoded through aliases in
// one decode.
const maxAliasExpansion = 200000

// maxAliasDepth bounds alias-inside-alias nesting.
const maxAliasDepth = 64

// decodeFile parses data as YAML and decodes its single document into dst,
// which must be a non-nil pointer to a struct. It returns the parsed file (nil
// on a syntax error) so a caller can apply variants to its AST, and every
// problem found.
func decodeFile(name string, data []byte, dst any) (*ast.File, Errors) {
	src := newSource(name, data)
	f, _, d := parseYAML(src, data)
	if d != nil {
		return nil, Errors{d}
	}
	var errs Errors
	root, d := documentBody(src, f)
	if d != nil {
		errs = append(errs, d)
	}
	errs = append(errs, decodeAST(src, root, dst)...)
	return f, errs
}

// parseYAML parses data, turning a syntax error, a document beyond the limits
// of limits.go or (defensively) a parser panic into one Diagnostic.
// It also returns the number of tokens, the measure of the document's size.
func parseYAML(src *source, data []byte) (f *ast.File, ntok int, d *Diagnostic) {
	defer func() {
		if r := recover(); r != nil {
			f = nil
			d = src.diag(Pos{File: src.name, Line: 1, Col: 1}, "", "cannot parse YAML (parser failure: %v)", r)
		}
	}()
	tokens, d := tokenize(src, data)
	if d != nil {
		return nil, 0, d
	}
	f, err := parser.Parse(tokens, parser.ParseComments, parser.AllowDuplicateMapKey())
	if err != nil {
		return nil, 0, syntaxDiag(src, err)
	}
	return f, len(tokens), nil
}

// syntaxDiag converts an error of goccy's parser to a Diagnostic at the
// position it reports.
func syntaxDiag(src *source, err error) *Diagnostic {
	var ye interface {
		GetToken() *token.Token
		GetMessage() string
	}
	msg := err.Error()
	p := Pos{File: src.name, Line: 1, Col: 1}
	if errors.As(err, &ye) {
		msg = ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line > 0 {
			p.Line = tk.Position.Line
			p.Col = max(tk.Position.Column, 1)
		}
	} else if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	msg = strings.TrimSpace(msg)
	// goccy sometimes prefixes the message with "[line:col] ".
	if strings.HasPrefix(msg, "[") {
		if i := strings.Index(msg, "] "); i > 0 {
			msg = msg[i+2:]
		}
	}
	if msg == "" {
		msg = "invalid YAML"
	}
	if strings.Contains(msg, "flow map") || strings.Contains(msg, "flow sequence") {
		if line := src.line(p.Line); strings.Contains(line, " #") {
			msg += `; note that a " #" inside {...} or [...] starts a comment that hides the rest of the line, closing bracket included: put comments after the closing bracket or on a line of their own`
		}
	}
	return src.diag(p, "", "YAML syntax error: %s", msg)
}

// documentBody returns the body of the single document of f, or nil when the
// file holds no document. More than one document is a Diagnostic (the first
// one is still returned, so it can be checked too).
func documentBody(src *source, f *ast.File) (ast.Node, *Diagnostic) {
	if f == nil {
		return nil, nil
	}
	var bodies []ast.Node
	var starts []Pos
	for _, doc := range f.Docs {
		if doc == nil || isNilNode(doc.Body) {
			continue
		}
		if _, ok := doc.Body.(*ast.CommentGroupNode); ok {
			continue
		}
		if _, ok := doc.Body.(*ast.CommentNode); ok {
			continue
		}
		bodies = append(bodies, doc.Body)
		p := nodePos(src, doc.Body)
		if doc.Start != nil && doc.Start.Position != nil {
			p = tokenPos(src, doc.Start)
		}
		starts = append(starts, p)
	}
	if len(bodies) == 0 {
		return nil, nil
	}
	if len(bodies) > 1 {
		return bodies[0], src.diag(starts[1], "", "a scenario file holds one YAML document, found %d (remove the extra \"---\")", len(bodies))
	}
	return bodies[0], nil
}

// decodeAST decodes root (the body of a document, possibly modified by
// variants) into dst, a non-nil pointer.
func decodeAST(src *source, root ast.Node, dst any) Errors {
	errs, _ := decodeASTPositions(src, root, dst)
	return errs
}

// decodeASTPositions is decodeAST that also returns the position of the value
// of every field path it decoded (e.g. "relations.RUS-UKR.sides").
func decodeASTPositions(src *source, root ast.Node, dst any) (Errors, map[string]Pos) {
	positions := map[string]Pos{}
	errs := decodeInto(src, root, dst, positions)
	return errs, positions
}

func decodeInto(src *source, root ast.Node, dst any, positions map[string]Pos) Errors {
	var errs Errors
	rv := reflect.ValueOf(dst)
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || rv.IsNil() {
		errs = append(errs, src.diag(Pos{File: srcName(src)}, "", "internal error: decode needs a non-nil pointer, got %T", dst))
		return errs
	}
	d := newDecoder(src, root, &errs)
	d.positions = positions
	ev := rv.Elem()
	n, ok := d.deref(root, "")
	if !ok {
		return errs
	}
	if n == nil {
		what := "a mapping"
		if ev.Kind() == reflect.Struct {
			what = "top-level fields: " + strings.Join(structInfoOf(ev.Type()).names, ", ")
		}
		errs = append(errs, src.diag(Pos{File: srcName(src), Line: 1, Col: 1}, "", "the file is empty; expected %s", what))
		return errs
	}
	if _, isMap := n.(*ast.MappingNode); !isMap && ev.Kind() == reflect.Struct {
		errs = append(errs, d.diag(n, "", "the top level of a scenario must be a mapping of fields (%s), got %s",
			strings.Join(structInfoOf(ev.Type()).names, ", "), describeNode(n)))
		return errs
	}
	d.decode(root, "", ev, nil)
	return errs
}

// decodeNode decodes node into dst (addressable), reporting problems under the
// dotted path. Aliases in node refer to anchors inside node.
func decodeNode(src *source, node ast.Node, path string, dst reflect.Value, errs *Errors) {
	d := newDecoder(src, node, errs)
	d.decode(node, path, dst, nil)
}

type decoder struct {
	src      *source
	errs     *Errors
	aliases  map[*ast.AliasNode]ast.Node
	depth    int // alias nesting
	expanded int // nodes decoded through aliases
	tooBig   bool
	// positions, when not nil, records where the value of each field path
	// was written, so that later checks can point at it.
	positions map[string]Pos
}

func newDecoder(src *source, root ast.Node, errs *Errors) *decoder {
	return &decoder{src: src, errs: errs, aliases: resolveAliases(root)}
}

func (d *decoder) diag(n ast.Node, path, format string, args ...any) *Diagnostic {
	return d.src.diag(nodePos(d.src, n), path, format, args...)
}

func (d *decoder) errorf(n ast.Node, path, format string, args ...any) {
	*d.errs = append(*d.errs, d.diag(n, path, format, args...))
}

func (d *decoder) errorAt(p Pos, path, format string, args ...any) {
	*d.errs = append(*d.errs, d.src.diag(p, path, format, args...))
}

// deref strips tags and anchors and follows aliases. It returns nil (and ok)
// for a null node. ok is false when an error was reported.
func (d *decoder) deref(n ast.Node, path string) (ast.Node, bool) {
	for hops := 0; ; hops++ {
		if isNilNode(n) {
			return nil, true
		}
		if hops > maxAliasDepth {
			d.errorf(n, path, "aliases nested too deeply")
			return nil, false
		}
		switch x := n.(type) {
		case *ast.TagNode:
			n = x.Value
		case *ast.AnchorNode:
			n = x.Value
		case *ast.AliasNode:
			t, ok := d.aliases[x]
			if !ok || isNilNode(t) {
				d.errorf(x, path, "unknown anchor %q: an alias *name must come after the &name it refers to", aliasName(x))
				return nil, false
			}
			n = t
		case *ast.NullNode:
			return nil, true
		default:
			return n, true
		}
	}
}

// throughAlias tells whether n (before deref) goes through an alias.
func throughAlias(n ast.Node) bool {
	for !isNilNode(n) {
		switch x := n.(type) {
		case *ast.TagNode:
			n = x.Value
		case *ast.AnchorNode:
			n = x.Value
		case *ast.AliasNode:
			return true
		default:
			return false
		}
	}
	return false
}

// fieldRules holds the per-field constraints that also apply to elements of a
// slice or map field.
type fieldRules struct {
	min, max, emin          float64
	hasMin, hasMax, hasEmin bool
	enum                    []string
}

func (d *decoder) decode(node ast.Node, path string, dst reflect.Value, rules *fieldRules) {
	if d.tooBig {
		return
	}
	if d.positions != nil && node != nil {
		if _, seen := d.positions[path]; !seen {
			d.positions[path] = nodePos(d.src, node)
		}
	}
	alias := throughAlias(node)
	if alias {
		d.depth++
		defer func() { d.depth-- }()
	}
	if d.depth > 0 {
		d.expanded++
		if d.expanded > maxAliasExpansion {
			d.tooBig = true
			d.errorf(node, path, "aliases expand to more than %d values; the document is too large", maxAliasExpansion)
			return
		}
	}
	t := dst.Type()
	if t == astNodeType {
		dst.Set(reflect.ValueOf(&node).Elem()) // the raw node, for the caller to read
		return
	}
	n, ok := d.deref(node, path)
	if !ok || n == nil {
		return // null leaves the zero value
	}

	if reflect.PointerTo(t).Implements(scalarUnmarshalerType) {
		d.decodeScalarType(n, path, dst, rules)
		return
	}

	switch t.Kind() {
	case reflect.Pointer:
		v := reflect.New(t.Elem())
		d.decode(n, path, v.Elem(), rules)
		dst.Set(v)
	case reflect.Struct:
		d.decodeStruct(n, path, dst)
	case reflect.Slice:
		d.decodeSlice(n, path, dst, rules)
	case reflect.Map:
		d.decodeMap(n, path, dst, rules)
	case reflect.String:
		s, ok := scalarString(n)
		if !ok {
			d.errorf(n, path, "expected %s, got %s", expectString(rules), describeNode(n))
			return
		}
		dst.SetString(s)
		if rules != nil && len(rules.enum) > 0 && !slices.Contains(rules.enum, s) {
			msg := fmt.Sprintf("expected one of %s, got %q", strings.Join(rules.enum, ", "), s)
			if s2 := suggest(s, rules.enum); s2 != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s2)
			}
			d.errorf(n, path, "%s", msg)
		}
	case reflect.Bool:
		b, ok := n.(*ast.BoolNode)
		if !ok {
			d.errorf(n, path, "expected true or false, got %s", describeNode(n))
			return
		}
		dst.SetBool(b.Value)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		d.decodeInt(n, path, dst, rules)
	case reflect.Float32, reflect.Float64:
		x, ok := d.number(n, path, "a number")
		if !ok {
			return
		}
		if dst.OverflowFloat(x) {
			d.errorf(n, path, "number %s is out of range", numText(n))
			return
		}
		dst.SetFloat(x)
		d.checkBounds(n, path, rules, x, x, numText(n))
	default:
		d.errorf(n, path, "internal error: cannot decode into Go type %s", t)
	}
}

func expectString(rules *fieldRules) string {
	if rules != nil && len(rules.enum) > 0 {
		return "one of " + strings.Join(rules.enum, ", ")
	}
	return "a string"
}

// number reads a float from a numeric node, or from an unquoted plain scalar
// that YAML 1.2 reads as a number but goccy keeps as a string ("1e3").
func (d *decoder) number(n ast.Node, path, what string) (float64, bool) {
	switch x := n.(type) {
	case *ast.IntegerNode:
		switch v := x.Value.(type) {
		case int64:
			return float64(v), true
		case uint64:
			return float64(v), true
		}
		if f, err := strconv.ParseFloat(x.GetToken().Value, 64); err == nil {
			return f, true
		}
	case *ast.FloatNode:
		if math.IsNaN(x.Value) || math.IsInf(x.Value, 0) {
			break
		}
		return x.Value, true
	case *ast.InfinityNode, *ast.NanNode:
		d.errorf(n, path, "expected a finite number, got %s", describeNode(n))
		return 0, false
	case *ast.StringNode:
		if !isQuoted(x) {
			if f, err := strconv.ParseFloat(x.Value, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
				return f, true
			}
		} else if _, err := strconv.ParseFloat(x.Value, 64); err == nil {
			d.errorf(n, path, "expected %s, got the quoted string %s (remove the quotes)", what, describeNode(n))
			return 0, false
		}
	}
	d.errorf(n, path, "expected %s, got %s", what, describeNode(n))
	return 0, false
}

func (d *decoder) decodeInt(n ast.Node, path string, dst reflect.Value, rules *fieldRules) {
	unsigned := dst.Kind() >= reflect.Uint && dst.Kind() <= reflect.Uint64
	var i int64
	var u uint64
	isU := false
	switch x := n.(type) {
	case *ast.IntegerNode:
		switch v := x.Value.(type) {
		case int64:
			i = v
		case uint64:
			u, isU = v, true
		default:
			d.errorf(n, path, "expected a whole number, got %s", describeNode(n))
			return
		}
	default:
		f, ok := d.number(n, path, "a whole number")
		if !ok {
			return
		}
		if f != math.Trunc(f) {
			d.errorf(n, path, "expected a whole number, got %s", numText(n))
			return
		}
		if f < -(1<<63) || f >= 1<<63 {
			d.errorf(n, path, "number %s is out of range", numText(n))
			return
		}
		i = int64(f)
	}
	var x float64
	switch {
	case unsigned && isU:
		if dst.OverflowUint(u) {
			d.errorf(n, path, "number %s is out of range", numText(n))
			return
		}
		dst.SetUint(u)
		x = float64(u)
	case unsigned:
		if i < 0 || dst.OverflowUint(uint64(i)) {
			d.errorf(n, path, "expected a number that is not negative, got %s", numText(n))
			return
		}
		dst.SetUint(uint64(i))
		x = float64(i)
	case isU && u > math.MaxInt64:
		d.errorf(n, path, "number %s is out of range", numText(n))
		return
	case isU:
		i = int64(u)
		fallthrough
	default:
		if dst.OverflowInt(i) {
			d.errorf(n, path, "number %s is out of range", numText(n))
			return
		}
		dst.SetInt(i)
		x = float64(i)
	}
	d.checkBounds(n, path, rules, x, x, numText(n))
}

// decodeScalarType hands the text of a scalar to UnmarshalScalar.
func (d *decoder) decodeScalarType(n ast.Node, path string, dst reflect.Value, rules *fieldRules) {
	t := dst.Type()
	text, ok := scalarString(n)
	if !ok {
		what := "a single value"
		if reflect.PointerTo(t).Implements(supporterType) {
			what = `a number or a distribution such as "uniform(0.1, 0.3)"`
		}
		d.errorf(n, path, "expected %s, got %s", what, describeNode(n))
		return
	}
	u := dst.Addr().Interface().(scalarUnmarshaler)
	if err := u.UnmarshalScalar(text); err != nil {
		d.errorf(n, path, "%s", err.Error())
		return
	}
	if t.Kind() == reflect.Struct {
		if f, ok := t.FieldByName("Pos"); ok && f.Type == posType && f.IsExported() && len(f.Index) == 1 {
			dst.Field(f.Index[0]).Set(reflect.ValueOf(nodePos(d.src, n)))
		}
	}
	if s, ok := dst.Addr().Interface().(supporter); ok && rules != nil {
		lo, hi := s.Support()
		d.checkBounds(n, path, rules, lo, hi, text)
	}
}

// checkBounds checks that [lo, hi] (lo == hi for a constant) lies within the
// bounds of rules. text is the value as written.
func (d *decoder) checkBounds(n ast.Node, path string, rules *fieldRules, lo, hi float64, text string) {
	if rules == nil || (!rules.hasMin && !rules.hasMax && !rules.hasEmin) {
		return
	}
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return
	}
	point := lo == hi
	lowBad := (rules.hasMin && lo < rules.min) ||
		(rules.hasEmin && (lo < rules.emin || (point && lo <= rules.emin)))
	highBad := rules.hasMax && hi > rules.max
	if !lowBad && !highBad {
		return
	}
	if point {
		d.errorf(n, path, "must be %s, got %s", rangeText(rules), text)
		return
	}
	var msg string
	switch {
	case rules.hasMax && (rules.hasMin || rules.hasEmin):
		msg = fmt.Sprintf("%s can fall outside %s", text, intervalText(rules))
	case lowBad && rules.hasEmin:
		msg = fmt.Sprintf("%s can fall to %s or below", text, fmtNum(rules.emin))
	case lowBad:
		msg = fmt.Sprintf("%s can fall below %s", text, fmtNum(rules.min))
	default:
		msg = fmt.Sprintf("%s can exceed %s", text, fmtNum(rules.max))
	}
	if (lowBad && math.IsInf(lo, -1)) || (highBad && math.IsInf(hi, 1)) {
		msg += "; use beta, pert, triangular or uniform"
	} else {
		msg += fmt.Sprintf(" (it ranges over [%s, %s])", fmtNum(lo), fmtNum(hi))
	}
	d.errorf(n, path, "%s", msg)
}

// rangeText describes the allowed range: "within [0, 1]", "at least 0", ...
func rangeText(r *fieldRules) string {
	switch {
	case r.hasMax && (r.hasMin || r.hasEmin):
		return "within " + intervalText(r)
	case r.hasEmin:
		return "greater than " + fmtNum(r.emin)
	case r.hasMin:
		return "at least " + fmtNum(r.min)
	default:
		return "at most " + fmtNum(r.max)
	}
}

func intervalText(r *fieldRules) string {
	if r.hasEmin && (!r.hasMin || r.emin >= r.min) {
		return fmt.Sprintf("(%s, %s]", fmtNum(r.emin), fmtNum(r.max))
	}
	return fmt.Sprintf("[%s, %s]", fmtNum(r.min), fmtNum(r.max))
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func (d *decoder) decodeSlice(n ast.Node, path string, dst reflect.Value, rules *fieldRules) {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		d.errorf(n, path, "expected a list, got %s", describeNode(n))
		return
	}
	t := dst.Type()
	out := reflect.MakeSlice(t, len(seq.Values), len(seq.Values))
	for i, el := range seq.Values {
		ep := d.elemPath(path, i, el)
		if e, ok := d.deref(el, ep); !ok {
			continue
		} else if e == nil {
			p := nodePos(d.src, el)
			if i < len(seq.Entries) && seq.Entries[i] != nil && seq.Entries[i].Start != nil {
				p = tokenPos(d.src, seq.Entries[i].Start) // the "-"
			} else if isNilNode(el) {
				p = nodePos(d.src, seq)
			}
			d.errorAt(p, ep, "empty list entry")
			continue
		}
		d.decode(el, ep, out.Index(i), rules)
	}
	dst.Set(out)
}

// elemPath names element i of the list at path: by its id, by its between
// pair joined with "-", or by index.
func (d *decoder) elemPath(path string, i int, el ast.Node) string {
	if name := elemName(el, d.aliases); name != "" {
		return joinPath(path, name)
	}
	return fmt.Sprintf("%s[%d]", path, i)
}

// elemName returns the id of a list element that is a mapping with an "id"
// scalar, or its "between" list joined with "-", or "".
func elemName(el ast.Node, aliases map[*ast.AliasNode]ast.Node) string {
	m, ok := derefQuiet(el, aliases).(*ast.MappingNode)
	if !ok {
		return ""
	}
	var between string
	for _, mv := range m.Values {
		k, ok := scalarString(derefQuiet(mv.Key, aliases))
		if !ok {
			continue
		}
		v := derefQuiet(mv.Value, aliases)
		switch k {
		case "id":
			if s, ok := scalarString(v); ok && s != "" {
				return s
			}
		case "between":
			if seq, ok := v.(*ast.SequenceNode); ok {
				parts := make([]string, 0, len(seq.Values))
				for _, x := range seq.Values {
					s, ok := scalarString(derefQuiet(x, aliases))
					if !ok {
						parts = nil
						break
					}
					parts = append(parts, s)
				}
				if len(parts) > 0 {
					between = strings.Join(parts, "-")
				}
			}
		}
	}
	return between
}

// derefQuiet is deref without error reporting; it returns nil for null and for
// an unresolvable alias.
func derefQuiet(n ast.Node, aliases map[*ast.AliasNode]ast.Node) ast.Node {
	for hops := 0; hops <= maxAliasDepth; hops++ {
		if isNilNode(n) {
			return nil
		}
		switch x := n.(type) {
		case *ast.TagNode:
			n = x.Value
		case *ast.AnchorNode:
			n = x.Value
		case *ast.AliasNode:
			n = aliases[x]
		case *ast.NullNode:
			return nil
		default:
			return n
		}
	}
	return nil
}

func (d *decoder) decodeMap(n ast.Node, path string, dst reflect.Value, rules *fieldRules) {
	t := dst.Type()
	if t.Key().Kind() != reflect.String {
		d.errorf(n, path, "internal error: cannot decode into Go type %s (map keys must be strings)", t)
		return
	}
	m, ok := n.(*ast.MappingNode)
	if !ok {
		d.errorf(n, path, "expected a mapping, got %s", describeNode(n))
		return
	}
	out := reflect.MakeMapWithSize(t, len(m.Values))
	for _, e := range d.entries(m, path) {
		v := reflect.New(t.Elem()).Elem()
		d.decode(e.value, joinPath(path, e.key), v, rules)
		out.SetMapIndex(reflect.ValueOf(e.key).Convert(t.Key()), v)
	}
	dst.Set(out)
}

// mapEntry is one key of a mapping after merge keys are applied.
type mapEntry struct {
	key   string
	keyAt ast.Node
	value ast.Node
}

// entries lists the keys of m in order, applying merge keys (explicit keys
// win over merged ones, earlier merges over later ones) and reporting
// duplicate and non-scalar keys.
func (d *decoder) entries(m *ast.MappingNode, path string) []mapEntry {
	var out, merged []mapEntry
	seen := map[string]ast.Node{}
	for _, mv := range m.Values {
		if mv == nil {
			continue
		}
		if isMergeKey(mv.Key) {
			merged = append(merged, d.mergeEntries(mv.Value, path, 0)...)
			continue
		}
		kn, ok := d.deref(mv.Key, path)
		if !ok {
			continue
		}
		key, ok := scalarString(kn)
		if !ok || kn == nil {
			at := ast.Node(mv.Key)
			if isNilNode(at) {
				at = mv
			}
			d.errorf(at, path, "expected a plain key, got %s", describeNode(kn))
			continue
		}
		if first, dup := seen[key]; dup {
			d.errorf(mv.Key, joinPath(path, key), "duplicate key %q (first given at line %d)", key, nodePos(d.src, first).Line)
			continue
		}
		seen[key] = mv.Key
		out = append(out, mapEntry{key: key, keyAt: mv.Key, value: mv.Value})
	}
	for _, e := range merged {
		if _, dup := seen[e.key]; dup {
			continue
		}
		seen[e.key] = e.keyAt
		out = append(out, e)
	}
	return out
}

func (d *decoder) mergeEntries(v ast.Node, path string, depth int) []mapEntry {
	if depth > maxAliasDepth {
		d.errorf(v, path, "merge keys nested too deeply")
		return nil
	}
	n, ok := d.deref(v, path)
	if !ok || n == nil {
		return nil
	}
	switch x := n.(type) {
	case *ast.MappingNode:
		d.expanded += len(x.Values)
		if d.expanded > maxAliasExpansion {
			if !d.tooBig {
				d.tooBig = true
				d.errorf(v, path, "aliases expand to more than %d values; the document is too large", maxAliasExpansion)
			}
			return nil
		}
		return d.entries(x, path)
	case *ast.SequenceNode:
		var out []mapEntry
		for _, el := range x.Values {
			e, ok := d.deref(el, path)
			if !ok {
				continue
			}
			if _, isMap := e.(*ast.MappingNode); !isMap {
				d.errorf(el, path, "merge key << expects a mapping or a list of mappings, got %s", describeNode(e))
				continue
			}
			out = append(out, d.mergeEntries(el, path, depth+1)...)
		}
		return out
	}
	d.errorf(v, path, "merge key << expects a mapping or a list of mappings, got %s", describeNode(n))
	return nil
}

func isMergeKey(k ast.MapKeyNode) bool {
	if isNilNode(k) {
		return false
	}
	if _, ok := k.(*ast.MergeKeyNode); ok {
		return true
	}
	return false
}

func (d *decoder) decodeStruct(n ast.Node, path string, dst reflect.Value) {
	info := structInfoOf(dst.Type())
	m, ok := n.(*ast.MappingNode)
	if !ok {
		d.errorf(n, path, "expected a mapping with fields %s, got %s", strings.Join(info.names, ", "), describeNode(n))
		return
	}
	at := nodePos(d.src, m)
	for _, e := range info.errs {
		d.errorAt(at, path, "internal error: %s", e)
	}
	given := make([]ast.Node, len(info.fields)) // key node of each field given with a non-null value
	nulls := make([]ast.Node, len(info.fields)) // key node of each field given as null
	for _, e := range d.entries(m, path) {
		i, ok := info.byName[e.key]
		if !ok {
			d.unknownField(e, path, info.names)
			continue
		}
		f := &info.fields[i]
		fp := joinPath(path, e.key)
		if v, ok := d.deref(e.value, fp); !ok {
			given[i] = e.keyAt // reported already; not also "missing"
			continue
		} else if v == nil {
			nulls[i] = e.keyAt
			continue
		}
		given[i] = e.keyAt
		d.decode(e.value, fp, dst.FieldByIndex(f.index), f.rules)
	}
	for i := range info.fields {
		f := &info.fields[i]
		if !f.required || given[i] != nil {
			continue
		}
		if nulls[i] != nil {
			d.errorf(nulls[i], joinPath(path, f.name), "required field %q has no value", f.name)
		} else {
			d.errorAt(at, path, "missing required field %q", f.name)
		}
	}
	if info.at != nil {
		dst.FieldByIndex(info.at).Set(reflect.ValueOf(at))
	}
}

func (d *decoder) unknownField(e mapEntry, path string, names []string) {
	if s := suggest(e.key, names); s != "" {
		d.errorf(e.keyAt, path, "unknown field %q; did you mean %q?", e.key, s)
		return
	}
	if len(names) == 0 {
		d.errorf(e.keyAt, path, "unknown field %q; no fields are allowed here", e.key)
		return
	}
	d.errorf(e.keyAt, path, "unknown field %q; expected one of: %s", e.key, strings.Join(names, ", "))
}

// structInfo describes the decodable fields of a struct type.
type structInfo struct {
	fields []fieldInfo
	byName map[string]int
	names  []string // in declaration order
	at     []int    // index of the At Pos field, or nil
	errs   []string // malformed tags
}

type fieldInfo struct {
	name     string
	index    []int
	typ      reflect.Type
	required bool
	doc      string
	rules    *fieldRules
}

var structInfoCache sync.Map // reflect.Type -> *structInfo

func structInfoOf(t reflect.Type) *structInfo {
	if v, ok := structInfoCache.Load(t); ok {
		return v.(*structInfo)
	}
	info := &structInfo{byName: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Name == "At" && sf.Type == posType {
			info.at = sf.Index
			continue
		}
		tag, ok := sf.Tag.Lookup("yaml")
		if !ok || !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" || name == "" {
			continue
		}
		if _, dup := info.byName[name]; dup {
			info.errs = append(info.errs, fmt.Sprintf("two fields of %s have the yaml name %q", t, name))
			continue
		}
		f := fieldInfo{name: name, index: sf.Index, typ: sf.Type, doc: sf.Tag.Get("doc")}
		f.required = sf.Tag.Get("required") == "true"
		r := &fieldRules{}
		num := func(key string, dst *float64, has *bool) {
			s, ok := sf.Tag.Lookup(key)
			if !ok {
				return
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				info.errs = append(info.errs, fmt.Sprintf("field %s.%s has a bad %s tag %q", t, sf.Name, key, s))
				return
			}
			*dst, *has = x, true
		}
		num("min", &r.min, &r.hasMin)
		num("max", &r.max, &r.hasMax)
		num("exclusive-min", &r.emin, &r.hasEmin)
		if e := sf.Tag.Get("enum"); e != "" {
			r.enum = strings.Split(e, "|")
		}
		if r.hasMin || r.hasMax || r.hasEmin || len(r.enum) > 0 {
			f.rules = r
		}
		info.byName[name] = len(info.fields)
		info.fields = append(info.fields, f)
		info.names = append(info.names, name)
	}
	v, _ := structInfoCache.LoadOrStore(t, info)
	return v.(*structInfo)
}

// suggest returns the option closest to word by edit distance (ignoring
// case), if it is at most 2 and smaller than the option's length; else "".
func suggest(word string, options []string) string {
	best, bestD := "", 3
	lw := strings.ToLower(word)
	sorted := append([]string(nil), options...)
	sort.Strings(sorted)
	for _, o := range sorted {
		dist := editDistance(lw, strings.ToLower(o))
		if dist < bestD && dist < len(o) {
			best, bestD = o, dist
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		if a == b {
			return 0
		}
		return 99
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// resolveAliases maps every alias under root to the value of the anchor it
// refers to: the nearest anchor of that name completed before it in document
// order. An anchor is registered after its own value is walked, so an alias
// never refers to a node containing it and expansion always terminates.
func resolveAliases(root ast.Node) map[*ast.AliasNode]ast.Node {
	out := map[*ast.AliasNode]ast.Node{}
	anchors := map[string]ast.Node{}
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		if isNilNode(n) || depth > 10000 {
			return
		}
		switch x := n.(type) {
		case *ast.AnchorNode:
			walk(x.Value, depth+1)
			if name := anchorName(x); name != "" {
				anchors[name] = x.Value
			}
		case *ast.AliasNode:
			if t, ok := anchors[aliasName(x)]; ok {
				out[x] = t
			}
		default:
			for _, c := range nodeChildren(n) {
				walk(c, depth+1)
			}
		}
	}
	walk(root, 0)
	return out
}

// children lists the child nodes of n in document order.
func nodeChildren(n ast.Node) []ast.Node {
	switch x := n.(type) {
	case *ast.DocumentNode:
		return []ast.Node{x.Body}
	case *ast.MappingNode:
		out := make([]ast.Node, 0, 2*len(x.Values))
		for _, mv := range x.Values {
			if mv != nil {
				out = append(out, mv.Key, mv.Value)
			}
		}
		return out
	case *ast.MappingValueNode:
		return []ast.Node{x.Key, x.Value}
	case *ast.MappingKeyNode:
		return []ast.Node{x.Value}
	case *ast.SequenceNode:
		return x.Values
	case *ast.TagNode:
		return []ast.Node{x.Value}
	case *ast.AnchorNode:
		return []ast.Node{x.Value}
	}
	return nil
}

func anchorName(a *ast.AnchorNode) string {
	if isNilNode(a.Name) {
		return ""
	}
	if s, ok := scalarString(a.Name); ok {
		return s
	}
	return a.Name.String()
}

func aliasName(a *ast.AliasNode) string {
	if isNilNode(a.Value) {
		return ""
	}
	if s, ok := scalarString(a.Value); ok {
		return s
	}
	return a.Value.String()
}

// scalarString returns the text of a scalar node: the unquoted value of a
// string, the text of a block scalar, the literal text of a number or bool.
func scalarString(n ast.Node) (string, bool) {
	switch x := n.(type) {
	case *ast.StringNode:
		return x.Value, true
	case *ast.LiteralNode:
		if x.Value == nil {
			return "", true
		}
		return x.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		if tk := n.GetToken(); tk != nil {
			return tk.Value, true
		}
	}
	return "", false
}

func isQuoted(s *ast.StringNode) bool {
	tk := s.GetToken()
	return tk != nil && (tk.Type == token.SingleQuoteType || tk.Type == token.DoubleQuoteType)
}

// describe names what a node is, for "got ..." in messages.
func describeNode(n ast.Node) string {
	if isNilNode(n) {
		return "nothing"
	}
	switch x := n.(type) {
	case *ast.MappingNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode:
		return "nothing"
	case *ast.StringNode:
		return strconv.Quote(clipText(x.Value))
	case *ast.LiteralNode:
		return "a block of text"
	case *ast.AnchorNode:
		return describeNode(x.Value)
	case *ast.TagNode:
		return describeNode(x.Value)
	case *ast.AliasNode:
		return "the alias *" + aliasName(x)
	case *ast.MergeKeyNode:
		return "a merge key <<"
	case *ast.MappingKeyNode:
		return "a complex key (?)"
	}
	if s, ok := scalarString(n); ok {
		return clipText(s)
	}
	return "a " + n.Type().String()
}

func clipText(s string) string {
	if len(s) > 60 {
		r := []rune(s)
		if len(r) > 57 {
			return string(r[:57]) + "..."
		}
	}
	return s
}

// numText is the text of a number as written.
func numText(n ast.Node) string {
	if s, ok := scalarString(n); ok {
		return s
	}
	return describeNode(n)
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func srcName(src *source) string {
	if src == nil {
		return ""
	}
	return src.name
}

func tokenPos(src *source, tk *token.Token) Pos {
	p := Pos{File: srcName(src)}
	if tk != nil && tk.Position != nil && tk.Position.Line > 0 {
		p.Line = tk.Position.Line
		p.Col = max(tk.Position.Column, 1)
	}
	return p
}

// nodePos is where n starts: for a block mapping its first key, for a
// key/value pair its key, for an anchored value the value.
func nodePos(src *source, n ast.Node) Pos {
	for hops := 0; hops < 100 && !isNilNode(n); hops++ {
		switch x := n.(type) {
		case *ast.MappingNode:
			if !x.IsFlowStyle && len(x.Values) > 0 && x.Values[0] != nil && !isNilNode(x.Values[0].Key) {
				n = x.Values[0].Key
				continue
			}
			return tokenPos(src, x.Start)
		case *ast.MappingValueNode:
			if !isNilNode(x.Key) {
				n = x.Key
				continue
			}
			return tokenPos(src, x.Start)
		case *ast.AnchorNode:
			if !isNilNode(x.Value) {
				n = x.Value
				continue
			}
			return tokenPos(src, x.Start)
		case *ast.DocumentNode:
			if !isNilNode(x.Body) {
				n = x.Body
				continue
			}
			return tokenPos(src, x.Start)
		case *ast.MappingKeyNode:
			return tokenPos(src, x.Start)
		case *ast.SequenceNode:
			return tokenPos(src, x.Start)
		case *ast.LiteralNode:
			return tokenPos(src, x.Start)
		case *ast.TagNode:
			return tokenPos(src, x.Start)
		case *ast.AliasNode:
			return tokenPos(src, x.Start)
		default:
			return tokenPos(src, n.GetToken())
		}
	}
	return Pos{File: srcName(src)}
}

// isNil reports whether n is nil or a typed nil pointer.
func isNilNode(n ast.Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
