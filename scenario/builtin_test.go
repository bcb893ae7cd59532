package scenario_test

// Tests of the built-in scenarios: they parse, their variants apply, the
// schema describes the format, variants change what they say and nothing else,
// and the numbers of ukraine-2022 agree with the data files they cite
// (../data, see data/SOURCES.md).

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"brink/scenario"
)

func TestBuiltinsParseWithVariants(t *testing.T) {
	ids := scenario.BuiltinIDs()
	if !slices.Contains(ids, scenario.DefaultID) {
		t.Fatalf("BuiltinIDs() = %v, missing the default %q", ids, scenario.DefaultID)
	}
	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			sc, err := scenario.Builtin(id)
			if err != nil {
				t.Fatalf("Builtin(%q):\n%v", id, err)
			}
			if sc.ID != id {
				t.Errorf("Builtin(%q) has id %q", id, sc.ID)
			}
			for _, v := range sc.Variants {
				vs, err := sc.WithVariant(v.ID)
				if err != nil {
					t.Errorf("WithVariant(%q):\n%v", v.ID, err)
					continue
				}
				if vs.Variant != v.ID || vs.Hash != sc.Hash || vs.File != sc.File {
					t.Errorf("WithVariant(%q): Variant %q, File %q (base %q), same hash %v",
						v.ID, vs.Variant, vs.File, sc.File, vs.Hash == sc.Hash)
				}
			}
		})
	}
}

func TestBuiltinUnknown(t *testing.T) {
	if _, err := scenario.Builtin("no-such-crisis"); err == nil || !strings.Contains(err.Error(), scenario.DefaultID) {
		t.Errorf("Builtin(no-such-crisis) = %v, want an error listing the built-ins", err)
	}
}

// topLevelFields are the keys of a scenario file, as the README and the
// built-in use them.
var topLevelFields = []string{
	"id", "title", "description", "sources", "start", "horizon_days", "turn_days",
	"decision_every_days", "planning_days", "catastrophe_cost", "inertia", "defence_effort",
	"ladder", "categories", "actors", "relations", "theatres", "supply", "red_lines", "variants",
}

func TestSchemaNamesTopLevelFields(t *testing.T) {
	data, err := scenario.Schema()
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(data) {
		t.Fatal("Schema() is not valid JSON")
	}
	var s struct {
		Schema     string                    `json:"$schema"`
		Type       string                    `json:"type"`
		Properties map[string]map[string]any `json:"properties"`
		Required   []string                  `json:"required"`
		Additional *bool                     `json:"additionalProperties"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	if s.Schema == "" || s.Type != "object" || s.Additional == nil || *s.Additional {
		t.Errorf("schema: $schema %q, type %q, additionalProperties %v; want a closed object", s.Schema, s.Type, s.Additional)
	}

	// Every field the decoder reads (the yaml tags of Scenario), every field
	// listed above, and every top-level key of every built-in.
	names := map[string]bool{}
	st := reflect.TypeFor[scenario.Scenario]()
	for i := range st.NumField() {
		name, _, _ := strings.Cut(st.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			names[name] = true
		}
	}
	for _, n := range topLevelFields {
		if !names[n] {
			t.Errorf("Scenario has no field %q", n)
		}
		names[n] = true
	}
	key := regexp.MustCompile(`(?m)^([a-z_]+):`)
	for _, id := range scenario.BuiltinIDs() {
		src, err := scenario.BuiltinSource(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllSubmatch(src, -1) {
			names[string(m[1])] = true
		}
	}
	for n := range names {
		p, ok := s.Properties[n]
		if !ok {
			t.Errorf("schema has no property %q", n)
			continue
		}
		if d, _ := p["description"].(string); d == "" {
			t.Errorf("schema property %q has no description", n)
		}
	}
	if len(s.Properties) != len(names) {
		t.Errorf("schema has %d properties, want %d", len(s.Properties), len(names))
	}
	for _, r := range []string{"id", "start", "horizon_days", "actors", "relations"} {
		if !slices.Contains(s.Required, r) {
			t.Errorf("schema does not require %q (required: %v)", r, s.Required)
		}
	}
}

// readCSV reads a file of ../data as a header and rows.
func readCSV(t *testing.T, name string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "data", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(rows) < 2 {
		t.Fatalf("%s: no data rows", name)
	}
	return rows[0], rows[1:]
}

// column returns the index of a column, failing the test if it is missing.
func column(t *testing.T, file string, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("%s: no column %q in %v", file, name, header)
	}
	return i
}

func parseFloat(t *testing.T, file, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return x
}

// constant returns the number a scenario field holds, failing on a distribution.
func constant(t *testing.T, what string, v scenario.Value) float64 {
	t.Helper()
	if !v.IsConst() {
		t.Fatalf("%s is %s, want a number", what, v)
	}
	return v.P[0]
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// natoOthers are the Correlates of War codes of the 25 NATO members (2016
// membership plus North Macedonia, 2020) other than the US, UK, France,
// Poland and Turkey (actors of their own), which the NATO actor of
// ukraine-2022 aggregates.
var natoOthers = []string{
	"ALB", "BEL", "BUL", "CAN", "CRO", "CZR", "DEN", "EST", "GMY", "GRC", "HUN", "ICE", "ITA", "LAT",
	"LIT", "LUX", "MNG", "NTH", "MAC", "NOR", "POR", "ROM", "SLO", "SLV", "SPN",
}

// ukraineActors are the actors of ukraine-2022 whose numbers come from the
// data files: the belligerents and their backers, then the bystanders.
var ukraineActors = []string{"RUS", "UKR", "BLR", "USA", "GBR", "FRA",
	"CHN", "IND", "TUR", "IRN", "KOR", "JPN", "FIN", "SWE", "POL"}

func TestBuiltinUkraineData(t *testing.T) {
	sc, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	actor := func(id string) *scenario.Actor {
		for i := range sc.Actors {
			if sc.Actors[i].ID == id {
				return &sc.Actors[i]
			}
		}
		t.Fatalf("ukraine-2022 has no actor %s", id)
		return nil
	}

	t.Run("warheads", func(t *testing.T) {
		const file = "nuclear-forces-2024.csv"
		h, rows := readCSV(t, file)
		iso, total := column(t, file, h, "iso3"), column(t, file, h, "total_inventory")
		inv := map[string]float64{}
		for _, r := range rows {
			inv[r[iso]] = parseFloat(t, file, r[total])
		}
		for _, id := range []string{"RUS", "USA", "GBR", "FRA", "CHN", "IND"} {
			a := actor(id)
			if a.Nuclear == nil {
				t.Errorf("%s has no nuclear force", id)
				continue
			}
			want, ok := inv[id]
			if !ok {
				t.Fatalf("%s: no row for %s", file, id)
			}
			if got := constant(t, id+" warheads", a.Nuclear.Warheads); got != want {
				t.Errorf("%s warheads = %g, %s says %g (%s)", id, got, file, want, a.Nuclear.Warheads.Pos)
			}
		}
	})

	// CINC of 2016, the last year of the Correlates of War data, by COW code.
	const nmc = "nmc-v6-abridged.csv"
	h, rows := readCSV(t, nmc)
	abb, year, cincCol := column(t, nmc, h, "stateabb"), column(t, nmc, h, "year"), column(t, nmc, h, "cinc")
	cinc := map[string]float64{}
	for _, r := range rows {
		if r[year] == "2016" {
			if _, dup := cinc[r[abb]]; dup {
				t.Fatalf("%s: two 2016 rows for %s", nmc, r[abb])
			}
			cinc[r[abb]] = parseFloat(t, nmc, r[cincCol])
		}
	}
	cow := map[string]string{"RUS": "RUS", "UKR": "UKR", "BLR": "BLR", "USA": "USA", "GBR": "UKG", "FRA": "FRN",
		"CHN": "CHN", "IND": "IND", "TUR": "TUR", "IRN": "IRN", "KOR": "ROK", "JPN": "JPN", "FIN": "FIN", "SWE": "SWD", "POL": "POL"}

	t.Run("cinc", func(t *testing.T) {
		for _, id := range ukraineActors {
			want, ok := cinc[cow[id]]
			if !ok {
				t.Fatalf("%s: no 2016 row for %s", nmc, cow[id])
			}
			v := actor(id).Capability.CINC
			if got := constant(t, id+" cinc", v); math.Abs(got-round4(want)) > 1e-12 {
				t.Errorf("%s cinc = %s, %s says %.8g for %s in 2016 (%.4f to 4 decimals) (%s)", id, v, nmc, want, cow[id], want, v.Pos)
			}
		}
	})

	t.Run("nato-aggregate-cinc", func(t *testing.T) {
		if len(natoOthers) != 25 {
			t.Fatalf("%d NATO members listed, want 25", len(natoOthers))
		}
		for _, id := range []string{"POL", "TUR"} {
			if slices.Contains(natoOthers, cow[id]) {
				t.Errorf("%s is an actor of its own and must not be in the NATO bloc", id)
			}
		}
		sum := 0.0
		for _, c := range natoOthers {
			x, ok := cinc[c]
			if !ok {
				t.Fatalf("%s: no 2016 row for %s", nmc, c)
			}
			sum += x
		}
		v := actor("NATO").Capability.CINC
		if got := constant(t, "NATO cinc", v); math.Abs(got-round4(sum)) > 1e-12 {
			t.Errorf("NATO cinc = %s, the 25 members' 2016 CINC sum to %.6f (%.4f) (%s)", v, sum, sum, v.Pos)
		}
	})

	t.Run("gdp", func(t *testing.T) {
		const file = "gdp-2021-usd-trillions.csv"
		h, rows := readCSV(t, file)
		iso, col := column(t, file, h, "iso3"), column(t, file, h, "gdp_usd_trillions_2021_approx")
		gdp := map[string]float64{}
		for _, r := range rows {
			gdp[r[iso]] = parseFloat(t, file, r[col])
		}
		for _, id := range ukraineActors {
			want, ok := gdp[id]
			if !ok {
				t.Fatalf("%s: no row for %s", file, id)
			}
			v := actor(id).Capability.GDP
			if got := constant(t, id+" gdp", v); got != want {
				t.Errorf("%s gdp = %s, %s says %g (%s)", id, v, file, want, v.Pos)
			}
		}
	})
}

// actorIndex returns the index of actor id in sc.
func actorIndex(t *testing.T, sc *scenario.Scenario, id string) int {
	t.Helper()
	for i := range sc.Actors {
		if sc.Actors[i].ID == id {
			return i
		}
	}
	t.Fatalf("no actor %s", id)
	return -1
}

// lineOf returns the 1-based number of the one line of text containing s.
func lineOf(t *testing.T, text []byte, s string) int {
	t.Helper()
	n := 0
	for i, l := range strings.Split(string(text), "\n") {
		if strings.Contains(l, s) {
			if n != 0 {
				t.Fatalf("%q is on lines %d and %d", s, n, i+1)
			}
			n = i + 1
		}
	}
	if n == 0 {
		t.Fatalf("%q not found", s)
	}
	return n
}

func TestVariantBluff(t *testing.T) {
	base, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	v, err := base.WithVariant("bluff")
	if err != nil {
		t.Fatal(err)
	}
	src, err := scenario.BuiltinSource("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	rus := actorIndex(t, base, "RUS")
	if actorIndex(t, v, "RUS") != rus {
		t.Fatal("the variant reordered the actors")
	}

	// What the variant sets: resolve, and (as the file says) bluff_propensity.
	res := v.Actors[rus].Politics.Resolve
	if res.Kind != scenario.Beta || res.P != [3]float64{2, 6, 0} || res.Text != "beta(2, 6)" {
		t.Errorf("bluff: RUS resolve = %+v, want beta(2, 6)", res)
	}
	if l := lineOf(t, src, "actors.RUS.politics.resolve: beta(2, 6)"); res.Pos.Line != l {
		t.Errorf("bluff: RUS resolve at %s, want the variant's line %d", res.Pos, l)
	}
	if b := base.Actors[rus].Politics.Resolve; b.Kind != scenario.Beta || b.P != [3]float64{7, 3, 0} {
		t.Errorf("base: RUS resolve = %s, want beta(7, 3)", b)
	}
	bp := v.Actors[rus].Politics.BluffPropensity
	if !bp.IsConst() || bp.P[0] != 0.3 {
		t.Errorf("bluff: RUS bluff_propensity = %s, want 0.3", bp)
	}

	// Everything else is equal: reset what the variant changed and compare.
	w := *v
	w.Variant = ""
	w.Actors = slices.Clone(v.Actors)
	w.Actors[rus].Politics.Resolve = base.Actors[rus].Politics.Resolve
	w.Actors[rus].Politics.BluffPropensity = base.Actors[rus].Politics.BluffPropensity
	// A successor that sets no bluff propensity of its own keeps its
	// predecessor's: the variant's.
	if r := v.Actors[rus].Regime; r != nil {
		if sb := r.Successor.BluffPropensity; !sb.IsConst() || sb.P[0] != 0.3 {
			t.Errorf("bluff: RUS successor bluff_propensity = %s, want the variant's 0.3", sb)
		}
		rc := *r
		rc.Successor.BluffPropensity = base.Actors[rus].Regime.Successor.BluffPropensity
		w.Actors[rus].Regime = &rc
	}
	if !reflect.DeepEqual(&w, base) {
		for i := range base.Actors {
			if !reflect.DeepEqual(w.Actors[i], base.Actors[i]) {
				t.Errorf("actor %s differs:\n got %+v\nwant %+v", base.Actors[i].ID, w.Actors[i], base.Actors[i])
			}
		}
		t.Error("bluff changed more than RUS resolve and bluff_propensity")
	}
}

func TestVariantUnknown(t *testing.T) {
	base, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	_, err = base.WithVariant("nope")
	if err == nil {
		t.Fatal("WithVariant(nope) succeeded")
	}
	msg := err.Error()
	if !strings.Contains(msg, `"nope"`) {
		t.Errorf("error does not name the variant asked for: %s", msg)
	}
	for _, v := range base.Variants {
		if !strings.Contains(msg, v.ID) {
			t.Errorf("error does not list variant %s: %s", v.ID, msg)
		}
	}
	if len(base.Variants) == 0 {
		t.Error("ukraine-2022 has no variants")
	}
}

func TestVariantsLeaveBaseUnchanged(t *testing.T) {
	base, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range base.Variants {
		for range 2 { // twice: applying a variant must not change the next application
			if _, err := base.WithVariant(v.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The parsed text is compared too (through the unexported pointer both hold).
	if !reflect.DeepEqual(base, fresh) {
		t.Error("applying the variants changed the base scenario")
	}
	a, err := base.WithVariant("heartland")
	if err != nil {
		t.Fatal(err)
	}
	b, err := fresh.WithVariant("heartland")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("a variant of a base that had its variants applied differs from one of a fresh base")
	}
	rus := actorIndex(t, base, "RUS")
	if r := base.Actors[rus].Politics.Resolve; r.Text != "beta(7, 3)" {
		t.Errorf("base RUS resolve = %s after variants, want beta(7, 3)", r)
	}
	if s := base.Relations[0].Sides["RUS"].Stakes; s.Text != "0.9" {
		t.Errorf("base RUS-UKR RUS stakes = %s after variants, want 0.9", s)
	}
}

// The answer to a first nuclear use in ukraine-2022 names its supply links by
// index: it must scale every arms link to Ukraine, each once, and nothing
// else — a reordered or extended supply list would otherwise double the wrong
// links without a word.
func TestUkraineArmsAfterNuclearUse(t *testing.T) {
	sc, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(sc.Events, func(e scenario.Event) bool { return e.ID == "arms-after-nuclear-use" })
	if i < 0 {
		t.Fatal("no event arms-after-nuclear-use")
	}
	ev := sc.Events[i]
	if ev.When == nil || !ev.When.NuclearUse {
		t.Errorf("arms-after-nuclear-use fires on %+v, want a first nuclear use", ev.When)
	}
	scaled := map[int]bool{}
	for path := range ev.Scale {
		var k int
		if _, err := fmt.Sscanf(path, "supply[%d].per_day", &k); err != nil || k < 0 || k >= len(sc.Supply) {
			t.Errorf("scales %q: not a supply link's per_day", path)
			continue
		}
		if sc.Supply[k].To != "UKR" {
			t.Errorf("scales %s, a link from %s to %s, not to Ukraine", path, sc.Supply[k].From, sc.Supply[k].To)
		}
		scaled[k] = true
	}
	for k, sp := range sc.Supply {
		if sp.To == "UKR" && !scaled[k] {
			t.Errorf("supply[%d] (%s to UKR, %s) is not scaled", k, sp.From, sp.Category)
		}
	}
}
