package scenario

import (
	"fmt"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

const overrideBase = `name: w
actors:
  - id: RUS
    politics:
      resolve: 0.5
  - id: UKR
    politics:
      resolve: 0.9
links:
  - between: [RUS, UKR]
    stakes:
      RUS: 0.5
ladder:
  - name: a
    cost: 1
  - name: b
    cost: 2
variants:
  - id: bluff
    description: RUS is bluffing
    set:
      actors.RUS.politics.resolve: "uniform(0.05, 0.3)"
      ladder[1].cost: 7
      links.RUS-UKR.stakes.UKR: 0.9
      actors.1.politics.rationality: 0.25
      mode: linear
  - id: bad
    set:
      actors.RUS.politics.resolve: 1.5
      actors.UKR.politics.resolv: 0.3
`

// parseBase parses text and returns its source and top-level node.
func parseBase(t *testing.T, text string) (*source, ast.Node) {
	t.Helper()
	src := newSource("w.yaml", []byte(text))
	f, err := parser.ParseBytes([]byte(text), parser.ParseComments, parser.AllowDuplicateMapKey())
	if err != nil {
		t.Fatal(err)
	}
	root, d := documentBody(src, f)
	if d != nil || root == nil {
		t.Fatalf("no document: %v", d)
	}
	return src, root
}

func findVariant(t *testing.T, vs []variantSpec, id string) variantSpec {
	t.Helper()
	for _, v := range vs {
		if v.ID == id {
			return v
		}
	}
	t.Fatalf("no variant %q in %+v", id, vs)
	return variantSpec{}
}

func TestOverrideVariant(t *testing.T) {
	src, base := parseBase(t, overrideBase)
	before := base.String()
	vs, errs := variantNodes(src, base)
	if len(errs) > 0 || len(vs) != 2 {
		t.Fatalf("variantNodes: %v %+v", errs, vs)
	}
	v := findVariant(t, vs, "bluff")
	if v.Description != "RUS is bluffing" || len(v.Set) != 5 || v.Set[1].Path != "ladder[1].cost" || v.Set[1].At != (Pos{"w.yaml", 23, 7}) {
		t.Fatalf("variant = %+v", v)
	}
	root, errs := applyVariant(src, base, v)
	if len(errs) > 0 {
		t.Fatalf("applyVariant: %v", errs)
	}
	var w tWorld
	if errs := decodeAST(src, root, &w); len(errs) > 0 {
		t.Fatalf("decode variant: %v", errs.Err())
	}
	// Set an existing value: the value keeps the variant's position.
	r := w.Actors[0].Politics.Resolve
	if r.Kind != Uniform || r.P[1] != 0.3 || r.Pos != (Pos{"w.yaml", 22, 36}) {
		t.Errorf("RUS resolve = %+v", r)
	}
	// By index.
	if w.Ladder[1].Cost.P[0] != 7 || w.Ladder[0].Cost.P[0] != 1 {
		t.Errorf("ladder = %+v", w.Ladder)
	}
	// By between pair, adding a missing key.
	if w.Links[0].Stakes["UKR"].P[0] != 0.9 || w.Links[0].Stakes["RUS"].P[0] != 0.5 {
		t.Errorf("stakes = %+v", w.Links[0].Stakes)
	}
	// By bare index, adding a key; and a new top-level key.
	if w.Actors[1].Politics.Rationality != 0.25 || w.Actors[1].Politics.Resolve.P[0] != 0.9 || w.Mode != "linear" {
		t.Errorf("actors = %+v, mode %q", w.Actors, w.Mode)
	}

	// The base is unchanged and decodes as before.
	if after := base.String(); after != before {
		t.Errorf("base AST changed:\n%s\n----\n%s", before, after)
	}
	var b tWorld
	if errs := decodeAST(src, base, &b); len(errs) > 0 {
		t.Fatalf("decode base: %v", errs.Err())
	}
	if b.Actors[0].Politics.Resolve.P[0] != 0.5 || b.Ladder[1].Cost.P[0] != 2 || len(b.Links[0].Stakes) != 1 || b.Mode != "" {
		t.Errorf("base decoded differently after a variant: %+v", b)
	}

	// Decode errors in overridden values point at the variant.
	bad := findVariant(t, vs, "bad")
	root, errs = applyVariant(src, base, bad)
	if len(errs) > 0 {
		t.Fatalf("applyVariant: %v", errs)
	}
	text := overrideBase
	checkDiags(t, text, decodeAST(src, root, &tWorld{}), []wantDiag{
		{"29:36", "actors.RUS.politics.resolve", "must be within [0, 1], got 1.5"},
		{"30:7", "actors.UKR.politics", `unknown field "resolv"; did you mean "resolve"?`},
	})
}

func TestOverrideErrors(t *testing.T) {
	src, base := parseBase(t, overrideBase)
	before := base.String()
	at := Pos{"w.yaml", 23, 7}
	val := &ast.NullNode{BaseNode: &ast.BaseNode{}}
	cases := []struct{ path, msg string }{
		{"actors.RUSS.politics.resolve", `no element with id "RUSS" in actors; did you mean "RUS"?`},
		{"actors.XYZW.politics", `no element with id "XYZW" in actors; it has RUS, UKR`},
		{"actors.RUS.politcs.resolve", `no field "politcs.resolve" in actors.RUS; did you mean "politics"?`},
		{"actors.RUS.zzzzzz.resolve", `no field "zzzzzz.resolve" in actors.RUS; it has id, politics`},
		{"ladder[12].cost", "index 12 out of range (ladder has 2 entries: 0–1)"},
		{"ladder.5", "index 5 out of range (ladder has 2 entries: 0–1)"},
		{"links.RUS-USA.stakes.RUS", `no element with id "RUS-USA" in links; did you mean "RUS-UKR"?`},
		{"name.first", `cannot set "first": name is "w", not a mapping or a list`},
		{"actors[0][1]", "cannot index [1]: actors[0] is a mapping, not a list"},
		{"actors.RUS[0]", "cannot index [0]: actors.RUS is a mapping, not a list"},
		{"zzzzzz.x", `no field "zzzzzz.x" in the top level; it has name, actors, links, ladder, variants`},
		{"ladder[x].cost", `bad override path "ladder[x].cost": malformed path segment "ladder[x]"`},
		{"ladder[1.cost", "missing ]"},
		{"a..b", "empty segment"},
		{"", "empty path"},
	}
	for _, c := range cases {
		root := cloneNode(base)
		d := applyOverride(src, root, c.path, val, at)
		if d == nil {
			t.Errorf("%q: no error", c.path)
			continue
		}
		if d.Pos != at || !strings.Contains(d.Msg, c.msg) || d.Source != src.line(at.Line) {
			t.Errorf("%q:\n got  %v %q\n want %v %q", c.path, d.Pos, d.Msg, at, c.msg)
		}
	}
	if base.String() != before {
		t.Error("base AST changed")
	}
}

func TestOverrideVariantErrors(t *testing.T) {
	text := `name: w
variants:
  - id: a
    set: [x]
  - description: no id
  - id: a
  - id: b
    set:
      x.y: 1
      x.y: 2
  - 3
`
	src, base := parseBase(t, text)
	vs, errs := variantNodes(src, base)
	checkDiags(t, text, errs, []wantDiag{
		{"4:10", "variants.a.set", "expected a mapping of field path to value, got a list"},
		{"5:5", "variants[1]", "variant has no id"},
		{"6:5", "variants.a", `duplicate variant id "a" (first given at line 3)`},
		{"10:7", "variants.b.set", `duplicate path "x.y" (first given at line 9)`},
		{"11:5", "variants[4]", "expected a variant"},
	})
	if len(vs) != 1 || vs[0].ID != "b" || len(vs[0].Set) != 1 {
		t.Errorf("variants = %+v", vs)
	}
	_, errs = applyVariant(src, base, vs[0])
	if len(errs) != 1 || errs[0].Field != "variants.b.set" || !strings.Contains(errs[0].Msg, `no field "x.y" in the top level`) {
		t.Errorf("applyVariant errors = %v", errs)
	}
}

func TestOverrideAliasAndMerge(t *testing.T) {
	text := `name: w
actors:
  - id: RUS
    politics: &pol
      resolve: 0.5
      rationality: 0.5
  - id: UKR
    politics: *pol
  - id: BLR
    politics:
      <<: *pol
ladder:
  - &r {name: a, cost: 1}
  - *r
variants:
  - id: v
    set:
      actors.UKR.politics.resolve: 0.1
      actors.BLR.politics.rationality: 0.2
      ladder[1].cost: 3
`
	src, base := parseBase(t, text)
	before := base.String()
	vs, errs := variantNodes(src, base)
	if len(errs) > 0 || len(vs) != 1 {
		t.Fatal(errs)
	}
	root, errs := applyVariant(src, base, vs[0])
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var w tWorld
	if errs := decodeAST(src, root, &w); len(errs) > 0 {
		t.Fatal(errs.Err())
	}
	got := fmt.Sprintln(
		w.Actors[0].Politics.Resolve.P[0], w.Actors[0].Politics.Rationality,
		w.Actors[1].Politics.Resolve.P[0], w.Actors[1].Politics.Rationality,
		w.Actors[2].Politics.Resolve.P[0], w.Actors[2].Politics.Rationality,
		w.Ladder[0].Cost.P[0], w.Ladder[1].Cost.P[0], w.Ladder[1].Name)
	if want := "0.5 0.5 0.1 0.5 0.5 0.2 1 3 a\n"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if base.String() != before {
		t.Error("base AST changed")
	}
}

func TestOverrideNullParent(t *testing.T) {
	text := "name: w\nactors:\n  - id: RUS\n    politics:\n"
	src, base := parseBase(t, text)
	root := cloneNode(base)
	_, valRoot := parseBase(t, "x: 0.7\n")
	val := valRoot.(*ast.MappingNode).Values[0].Value
	if d := applyOverride(src, root, "actors.RUS.politics.resolve", val, Pos{"w.yaml", 1, 1}); d != nil {
		t.Fatal(d)
	}
	var w tWorld
	if errs := decodeAST(src, root, &w); len(errs) > 0 {
		t.Fatal(errs.Err())
	}
	if w.Actors[0].Politics.Resolve.P[0] != 0.7 {
		t.Errorf("resolve = %+v", w.Actors[0].Politics.Resolve)
	}
	var b tWorld
	errs := decodeAST(src, base, &b)
	if len(errs) != 0 || b.Actors[0].Politics.Resolve.Kind != Const || b.Actors[0].Politics.Resolve.Text != "" {
		t.Errorf("base changed: %v %+v", errs, b.Actors[0])
	}
}

func TestOverrideCloneIsDeep(t *testing.T) {
	_, base := parseBase(t, overrideBase)
	c := cloneNode(base)
	if c.String() != base.String() {
		t.Fatalf("clone differs:\n%s\n----\n%s", c.String(), base.String())
	}
	// No node of the copy is a node of the original.
	orig := map[ast.Node]bool{}
	var walk func(n ast.Node, f func(ast.Node))
	walk = func(n ast.Node, f func(ast.Node)) {
		if isNilNode(n) {
			return
		}
		f(n)
		for _, ch := range nodeChildren(n) {
			walk(ch, f)
		}
		if mv, ok := n.(*ast.MappingNode); ok {
			for _, v := range mv.Values {
				f(v)
			}
		}
	}
	walk(base, func(n ast.Node) { orig[n] = true })
	walk(c, func(n ast.Node) {
		if orig[n] {
			t.Errorf("node %T %q shared between clone and original", n, n.String())
		}
	})
}
