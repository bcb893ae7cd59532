package scenario

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml/ast"
)

// A toy world exercising every rule of the decoder.
type tWorld struct {
	Name     string             `yaml:"name" required:"true" doc:"Name of the world."`
	Mode     string             `yaml:"mode" enum:"square|linear|mixed" doc:"Attrition law."`
	Turns    int                `yaml:"turns" min:"1" max:"100"`
	Rate     float64            `yaml:"rate" exclusive-min:"0"`
	Risk     Value              `yaml:"risk" min:"0" max:"1" doc:"Chance of disaster."`
	Tags     []string           `yaml:"tags"`
	Live     bool               `yaml:"live"`
	Actors   []tActor           `yaml:"actors" required:"true"`
	Weights  map[string]float64 `yaml:"weights" min:"0"`
	Links    []tLink            `yaml:"links"`
	Ladder   []tRung            `yaml:"ladder"`
	Extra    *tExtra            `yaml:"extra"`
	Variants []tVariant         `yaml:"variants"`
	Note     string             // no yaml tag: not decoded
	Skip     string             `yaml:"-"`
	At       Pos
}

type tActor struct {
	ID       string    `yaml:"id" required:"true"`
	Politics tPolitics `yaml:"politics"`
	At       Pos
}

type tPolitics struct {
	Resolve     Value   `yaml:"resolve" required:"true" min:"0" max:"1"`
	Rationality float64 `yaml:"rationality" min:"0" max:"1"`
}

type tLink struct {
	Between []string         `yaml:"between" required:"true"`
	Stakes  map[string]Value `yaml:"stakes" min:"0" max:"1"`
}

type tRung struct {
	Name string `yaml:"name" required:"true"`
	Cost Value  `yaml:"cost" min:"0"`
	At   Pos
}

type tExtra struct {
	Level int64 `yaml:"level"`
	Count uint8 `yaml:"count"`
}

type tVariant struct {
	ID          string   `yaml:"id" required:"true"`
	Description string   `yaml:"description"`
	Set         ast.Node `yaml:"set"`
}

const validWorld = `name: w
actors:
  - id: RUS
    politics:
      resolve: 0.5
`

func decodeString(t testing.TB, text string) (*tWorld, Errors) {
	t.Helper()
	var w tWorld
	_, errs := decodeFile("w.yaml", []byte(text), &w)
	return &w, errs
}

func TestDecodeValid(t *testing.T) {
	text := `name: w
mode: linear
turns: 12
rate: 1e-3
risk: "uniform(0.1, 0.3)"
tags: [a, b]
live: true
actors:
  - id: RUS
    politics:
      resolve: 0.5
      rationality: 1
  - id: UKR
    politics: {resolve: "beta(2, 5)"}
weights:
  b: 2
  a: 1
links:
  - between:
      - RUS
      - UKR
    stakes: {RUS: 0.5, UKR: 0.75}
ladder:
  - name: peace
  - name: war
    cost: 3
extra:
  level: -4
  count: 255
`
	w, errs := decodeString(t, text)
	if len(errs) > 0 {
		t.Fatalf("unexpected errors:\n%v", errs.Err())
	}
	if w.Name != "w" || w.Mode != "linear" || w.Turns != 12 || w.Rate != 0.001 || !w.Live {
		t.Errorf("scalars: %+v", w)
	}
	if !reflect.DeepEqual(w.Tags, []string{"a", "b"}) {
		t.Errorf("tags = %v", w.Tags)
	}
	if w.Risk.Kind != Uniform || w.Risk.P[0] != 0.1 || w.Risk.P[1] != 0.3 {
		t.Errorf("risk = %+v", w.Risk)
	}
	if w.Risk.Pos != (Pos{"w.yaml", 5, 7}) {
		t.Errorf("risk pos = %v", w.Risk.Pos)
	}
	if len(w.Actors) != 2 || w.Actors[1].ID != "UKR" || w.Actors[1].Politics.Resolve.Kind != Beta {
		t.Errorf("actors = %+v", w.Actors)
	}
	if w.Actors[0].At != (Pos{"w.yaml", 9, 5}) || w.At != (Pos{"w.yaml", 1, 1}) {
		t.Errorf("At: actor %v, world %v", w.Actors[0].At, w.At)
	}
	if w.Actors[0].Politics.Resolve.Pos != (Pos{"w.yaml", 11, 16}) {
		t.Errorf("resolve pos = %v", w.Actors[0].Politics.Resolve.Pos)
	}
	if !reflect.DeepEqual(w.Weights, map[string]float64{"a": 1, "b": 2}) {
		t.Errorf("weights = %v", w.Weights)
	}
	if len(w.Links) != 1 || !reflect.DeepEqual(w.Links[0].Between, []string{"RUS", "UKR"}) || w.Links[0].Stakes["UKR"].P[0] != 0.75 {
		t.Errorf("links = %+v", w.Links)
	}
	if len(w.Ladder) != 2 || w.Ladder[1].Cost.P[0] != 3 || !w.Ladder[0].Cost.IsConst() {
		t.Errorf("ladder = %+v", w.Ladder)
	}
	if w.Extra == nil || w.Extra.Level != -4 || w.Extra.Count != 255 {
		t.Errorf("extra = %+v", w.Extra)
	}
}

func TestDecodeAbsentAndNull(t *testing.T) {
	w, errs := decodeString(t, validWorld+"extra:\nmode:\ntags: ~\n")
	if len(errs) > 0 {
		t.Fatalf("unexpected errors:\n%v", errs.Err())
	}
	if w.Extra != nil || w.Mode != "" || w.Tags != nil || w.Turns != 0 {
		t.Errorf("zero values expected: %+v", w)
	}
}

func TestDecodeAliasesAndMerge(t *testing.T) {
	text := `name: &n w
ladder:
  - &peace {name: peace, cost: 1}
  - *peace
  - <<: *peace
    name: war
actors:
  - id: RUS
    politics: &pol
      resolve: 0.5
      rationality: 0.25
  - id: *n
    politics: *pol
`
	w, errs := decodeString(t, text)
	if len(errs) > 0 {
		t.Fatalf("unexpected errors:\n%v", errs.Err())
	}
	if len(w.Ladder) != 3 || w.Ladder[1].Name != "peace" || w.Ladder[2].Name != "war" || w.Ladder[2].Cost.P[0] != 1 {
		t.Errorf("ladder = %+v", w.Ladder)
	}
	if w.Actors[1].ID != "w" || w.Actors[1].Politics.Rationality != 0.25 {
		t.Errorf("actors = %+v", w.Actors)
	}
}

// wantDiag is one expected diagnostic: "line:col", field path and a substring of
// the message.
type wantDiag struct {
	at, field, msg string
}

func checkDiags(t *testing.T, text string, errs Errors, wants []wantDiag) {
	t.Helper()
	errs.Err() // sort by position
	if len(errs) != len(wants) {
		t.Errorf("got %d diagnostics, want %d:\n%v", len(errs), len(wants), errs)
		return
	}
	for i, w := range wants {
		d := errs[i]
		at := fmt.Sprintf("%d:%d", d.Pos.Line, d.Pos.Col)
		if at != w.at || d.Field != w.field || !strings.Contains(d.Msg, w.msg) {
			t.Errorf("diagnostic %d:\n got  %s %q %q\n want %s %q %q", i, at, d.Field, d.Msg, w.at, w.field, w.msg)
		}
		if line := newSource("", []byte(text)).line(d.Pos.Line); d.Source != line {
			t.Errorf("diagnostic %d quotes %q, want %q", i, d.Source, line)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		wants []wantDiag
	}{
		{"typo suggests", "nmae: w\nactors: []\n", []wantDiag{
			{"1:1", "", `unknown field "nmae"; did you mean "name"?`},
			{"1:1", "", `missing required field "name"`},
		}},
		{"unknown lists fields", validWorld + "zzzzzz: 1\n", []wantDiag{
			{"6:1", "", `unknown field "zzzzzz"; expected one of: name, mode, turns, rate, risk, tags, live, actors, weights, links, ladder, extra, variants`},
		}},
		{"enum", validWorld + "mode: cube\n", []wantDiag{
			{"6:7", "mode", `expected one of square, linear, mixed, got "cube"`},
		}},
		{"int rejects fraction", validWorld + "turns: 1.5\n", []wantDiag{
			{"6:8", "turns", "expected a whole number, got 1.5"},
		}},
		{"int bounds", validWorld + "turns: 0\n", []wantDiag{
			{"6:8", "turns", "must be within [1, 100], got 0"},
		}},
		{"int overflow", validWorld + "turns: 99999999999999999999\n", []wantDiag{
			{"6:8", "turns", "number 99999999999999999999 is out of range"},
		}},
		{"exclusive min", validWorld + "rate: 0\n", []wantDiag{
			{"6:7", "rate", "must be greater than 0, got 0"},
		}},
		{"quoted number", validWorld + "rate: \"0.5\"\n", []wantDiag{
			{"6:7", "rate", `expected a number, got the quoted string "0.5" (remove the quotes)`},
		}},
		{"infinity", validWorld + "rate: .inf\n", []wantDiag{
			{"6:7", "rate", "expected a finite number, got .inf"},
		}},
		{"number got mapping", validWorld + "rate: {a: 1}\n", []wantDiag{
			{"6:7", "rate", "expected a number, got a mapping"},
		}},
		{"value constant out of bounds", validWorld + "risk: 1.7\n", []wantDiag{
			{"6:7", "risk", "must be within [0, 1], got 1.7"},
		}},
		{"value unbounded distribution", validWorld + "risk: normal(0.5, 0.3)\n", []wantDiag{
			{"6:7", "risk", "normal(0.5, 0.3) can fall outside [0, 1]; use beta, pert, triangular or uniform"},
		}},
		{"value bounded distribution", validWorld + "risk: uniform(0.5, 1.5)\n", []wantDiag{
			{"6:7", "risk", "uniform(0.5, 1.5) can fall outside [0, 1] (it ranges over [0.5, 1.5])"},
		}},
		{"value syntax", validWorld + "risk: banana(1)\n", []wantDiag{
			{"6:7", "risk", "banana"},
		}},
		{"value got list", validWorld + "risk: [1, 2]\n", []wantDiag{
			{"6:7", "risk", `expected a number or a distribution such as "uniform(0.1, 0.3)", got a list`},
		}},
		{"list got string", validWorld + "tags: abc\n", []wantDiag{
			{"6:7", "tags", `expected a list, got "abc"`},
		}},
		{"bool", validWorld + "live: yes\n", []wantDiag{
			{"6:7", "live", `expected true or false, got "yes"`},
		}},
		{"nested path by id", "name: w\nactors:\n  - id: RUS\n    politics:\n      resolv: 0.5\n", []wantDiag{
			{"5:7", "actors.RUS.politics", `unknown field "resolv"; did you mean "resolve"?`},
			{"5:7", "actors.RUS.politics", `missing required field "resolve"`},
		}},
		{"path by index", validWorld + "ladder:\n  - name: a\n  - name: b\n    cost: -1\n", []wantDiag{
			{"9:11", "ladder[1].cost", "must be at least 0, got -1"},
		}},
		{"path by between pair", validWorld + "links:\n  - between: [RUS, UKR]\n    stakes: {RUS: 1.2}\n", []wantDiag{
			{"8:19", "links.RUS-UKR.stakes.RUS", "must be within [0, 1], got 1.2"},
		}},
		{"duplicate map key", validWorld + "weights:\n  a: 1\n  a: 2\n", []wantDiag{
			{"8:3", "weights.a", `duplicate key "a" (first given at line 7)`},
		}},
		{"duplicate field", validWorld + "name: v\n", []wantDiag{
			{"6:1", "name", `duplicate key "name" (first given at line 1)`},
		}},
		{"map bound", validWorld + "weights: {a: -1}\n", []wantDiag{
			{"6:14", "weights.a", "must be at least 0, got -1"},
		}},
		{"required null", "name:\nactors: []\n", []wantDiag{
			{"1:1", "name", `required field "name" has no value`},
		}},
		{"missing required list", "name: w\n", []wantDiag{
			{"1:1", "", `missing required field "actors"`},
		}},
		{"struct got scalar", "name: w\nactors: [abc]\n", []wantDiag{
			{"2:10", "actors[0]", `expected a mapping with fields id, politics, got "abc"`},
		}},
		{"empty list entry", "name: w\nactors:\n  -\n  - id: X\n    politics: {resolve: 0}\n", []wantDiag{
			{"3:3", "actors[0]", "empty list entry"},
		}},
		{"pointer struct field", validWorld + "extra:\n  level: x\n  count: -1\n", []wantDiag{
			{"7:10", "extra.level", `expected a whole number, got "x"`},
			{"8:10", "extra.count", "expected a number that is not negative, got -1"},
		}},
		{"syntax error", "name: [1, 2\n", []wantDiag{
			{"1:7", "", "YAML syntax error: sequence end token ']' not found"},
		}},
		{"bad indentation", "name: w\n  actors: 1\n", []wantDiag{
			{"1:7", "", "YAML syntax error:"},
		}},
		{"top-level list", "- 1\n- 2\n", []wantDiag{
			{"1:1", "", "the top level of a scenario must be a mapping of fields (name, mode,"},
		}},
		{"top-level scalar", "hello\n", []wantDiag{
			{"1:1", "", `must be a mapping of fields (name, mode, turns, rate, risk, tags, live, actors, weights, links, ladder, extra, variants), got "hello"`},
		}},
		{"empty file", "", []wantDiag{
			{"1:1", "", "the file is empty; expected top-level fields: name, mode,"},
		}},
		{"only comments", "# nothing here\n", []wantDiag{
			{"1:1", "", "the file is empty"},
		}},
		{"two documents", validWorld + "---\nname: x\n", []wantDiag{
			{"6:1", "", `a scenario file holds one YAML document, found 2`},
		}},
		{"unknown alias", "name: *nope\nactors: []\n", []wantDiag{
			{"1:7", "name", `unknown anchor "nope"`},
		}},
		{"merge of scalar", "name: w\nactors:\n  - <<: 3\n    id: X\n    politics: {resolve: 0}\n", []wantDiag{
			{"3:9", "actors.X", "merge key << expects a mapping or a list of mappings, got 3"},
		}},
		{"complex key", validWorld + "? [a]\n: 1\n", []wantDiag{
			{"7:1", "", "YAML syntax error: found an invalid key for this map"},
		}},
		{"numeric key", validWorld + "1: x\n", []wantDiag{
			{"6:1", "", `unknown field "1"; expected one of: name,`},
		}},
		{"flow comma splits a distribution", "name: w\nactors:\n  - id: X\n    politics: {resolve: beta(2, 5)}\n", []wantDiag{
			{"4:25", "actors.X.politics.resolve", `"beta(2" is missing the closing ")"`},
			{"4:33", "actors.X.politics", `unknown field "5)"`},
		}},
		{"several errors at once", `name: w
mode: cube
turns: 1.5
risk: 2
actors:
  - id: RUS
    politics:
      resolve: 1.4
      rationalty: 0.5
  - id: UKR
    politics: {resolve: x}
weights: [1]
`, []wantDiag{
			{"2:7", "mode", `expected one of square, linear, mixed, got "cube"`},
			{"3:8", "turns", "expected a whole number, got 1.5"},
			{"4:7", "risk", "must be within [0, 1], got 2"},
			{"8:16", "actors.RUS.politics.resolve", "must be within [0, 1], got 1.4"},
			{"9:7", "actors.RUS.politics", `unknown field "rationalty"; did you mean "rationality"?`},
			{"11:25", "actors.UKR.politics.resolve", `"x" is not a number`},
			{"12:10", "weights", "expected a mapping, got a list"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := decodeString(t, c.text)
			checkDiags(t, c.text, errs, c.wants)
		})
	}
}

func TestDecodeErrorFormatting(t *testing.T) {
	_, errs := decodeString(t, validWorld+"mode: cube\n")
	if len(errs) != 1 {
		t.Fatalf("errors: %v", errs)
	}
	got := errs.Err().Error()
	want := "w.yaml:6:7: mode: expected one of square, linear, mixed, got \"cube\"\n" +
		"    6 | mode: cube\n" +
		"      |       ^"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestDecodeAliasBomb(t *testing.T) {
	// Each level merges the previous one ten times: 10^12 merges if expanded.
	var b strings.Builder
	b.WriteString("name: w\nactors: []\nweights:\n  m0: &m0 {level: 1}\n")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&b, "  m%d: &m%d {<<: [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*m%d", i-1)
		}
		b.WriteString("]}\n")
	}
	b.WriteString("extra: *m12\n")
	done := make(chan Errors)
	go func() {
		_, errs := decodeString(t, b.String())
		done <- errs
	}()
	var errs Errors
	select {
	case errs = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("alias expansion did not stop")
	}
	found := false
	for _, d := range errs {
		if strings.Contains(d.Msg, "aliases expand to more than") {
			found = true
		}
	}
	if !found {
		t.Errorf("no expansion error in %v", errs)
	}
}

func TestDecodeNodeAndAST(t *testing.T) {
	src := newSource("w.yaml", []byte(validWorld))
	f, errs := decodeFile("w.yaml", []byte(validWorld), &tWorld{})
	if len(errs) > 0 || f == nil {
		t.Fatalf("decodeFile: %v", errs)
	}
	root, d := documentBody(src, f)
	if d != nil {
		t.Fatal(d)
	}
	var w tWorld
	if errs := decodeAST(src, root, &w); len(errs) > 0 || w.Actors[0].ID != "RUS" {
		t.Fatalf("decodeAST: %v %+v", errs, w)
	}
	if errs := decodeAST(src, root, w); len(errs) != 1 {
		t.Errorf("non-pointer destination not reported: %v", errs)
	}
	var pol tPolitics
	m := root.(*ast.MappingNode).Values[1].Value.(*ast.SequenceNode).Values[0].(*ast.MappingNode).Values[1].Value
	var nerrs Errors
	decodeNode(src, m, "actors.RUS.politics", reflect.ValueOf(&pol).Elem(), &nerrs)
	if len(nerrs) > 0 || pol.Resolve.P[0] != 0.5 {
		t.Errorf("decodeNode: %v %+v", nerrs, pol)
	}
}

func TestSuggest(t *testing.T) {
	names := []string{"resolve", "rationality", "risk"}
	for word, want := range map[string]string{
		"resolv": "resolve", "Resolve": "resolve", "rsik": "risk", "zzz": "", "rationalty": "rationality",
	} {
		if got := suggest(word, names); got != want {
			t.Errorf("suggest(%q) = %q, want %q", word, got, want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	seeds := []string{
		"", validWorld, "a: [1, 2", "- 1\n", "name: *x\n", "a: &a [*a]\n",
		validWorld + "ladder:\n  - &r {name: a}\n  - <<: *r\n    cost: normal(1, 2)\n",
		validWorld + "variants:\n  - id: v\n    set:\n      actors.RUS.politics.resolve: 2\n      ladder[3].cost: x\n",
		"name: w\nactors:\n  - id: X\n    politics: {resolve: beta(1, 2)}\nweights: {a: 1, a: 2}\n---\nx: 1\n",
		"? [a]\n: b\n!!str 1: 2\n<<: [*q]\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var w tWorld
		file, errs := decodeFile("f.yaml", data, &w)
		for _, d := range errs {
			_ = d.Error()
		}
		_ = errs.Err()
		if file == nil {
			return
		}
		src := newSource("f.yaml", data)
		root, _ := documentBody(src, file)
		vs, _ := variantNodes(src, root)
		for _, v := range vs {
			r, _ := applyVariant(src, root, v)
			var w2 tWorld
			_ = decodeAST(src, r, &w2)
		}
		_ = applyOverride(src, cloneNode(root), "a.b[1].c", nil, Pos{})
	})
}
