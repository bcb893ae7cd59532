package results_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"brink/label"
	"brink/mc"
	"brink/results"
	"brink/scenario"
	"brink/sim"
)

func compile(t testing.TB, sc *scenario.Scenario, err error) *sim.Model {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func builtinModel(t testing.TB, variant string) *sim.Model {
	sc, err := scenario.Builtin(scenario.DefaultID)
	if err == nil && variant != "" {
		sc, err = sc.WithVariant(variant)
	}
	return compile(t, sc, err)
}

func manifestFor(m *sim.Model, seed uint64, n int64) results.Manifest {
	return results.Manifest{Scenario: m.Scenario.ID, ScenarioHash: fmt.Sprintf("%x", m.Scenario.Hash),
		Variant: m.Scenario.Variant, Seed: seed, Trajectories: n}
}

// writeRows runs m and returns the bytes of its table of trajectories.
func writeRows(t testing.TB, m *sim.Model, seed uint64, n int64, workers int) ([]byte, *mc.Result) {
	t.Helper()
	var buf bytes.Buffer
	rw, err := results.NewRowsWriter(&buf, m, manifestFor(m, seed, n))
	if err != nil {
		t.Fatal(err)
	}
	res := mc.Run(context.Background(), m, mc.Options{N: n, Seed: seed, Workers: workers, Rows: rw})
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	if rw.Rows() != n || res.N != n {
		t.Fatalf("wrote %d rows of %d trajectories, want %d", rw.Rows(), res.N, n)
	}
	return buf.Bytes(), res
}

// readArrow reads a Parquet file with Apache Arrow's reader, which shares no
// code with the writer's.
func readArrow(t testing.TB, data []byte) (arrow.Table, map[string]string) {
	t.Helper()
	pr, err := file.NewParquetReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	md := map[string]string{}
	kv := pr.MetaData().KeyValueMetadata()
	for i, k := range kv.Keys() {
		md[k] = kv.Values()[i]
	}
	fr, err := pqarrow.NewFileReader(pr, pqarrow.ArrowReadProperties{BatchSize: 1 << 12}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tbl.Release)
	return tbl, md
}

// cell returns row i of column c as a Go value: nil for null, else string,
// int64, int32, bool or float64.
func cell(t testing.TB, col *arrow.Chunked, i int) any {
	for _, ch := range col.Chunks() {
		if i >= ch.Len() {
			i -= ch.Len()
			continue
		}
		if ch.IsNull(i) {
			return nil
		}
		switch a := ch.(type) {
		case *array.String:
			return a.Value(i)
		case *array.Int64:
			return a.Value(i)
		case *array.Int32:
			return a.Value(i)
		case *array.Boolean:
			return a.Value(i)
		case *array.Float64:
			return a.Value(i)
		default:
			t.Fatalf("unexpected Arrow type %s", ch.DataType())
		}
	}
	t.Fatalf("row %d out of range", i)
	return nil
}

// expectedRow is what the table must hold for trajectory k, recomputed with
// sim directly.
func expectedRow(m *sim.Model, w *sim.World, seed uint64, k int64) []any {
	w.Reset(mc.StreamKey(m.Scenario.Hash, seed, k))
	o := w.Run()
	opt := func(ok bool, v any) any {
		if !ok {
			return nil
		}
		return v
	}
	row := []any{m.Scenario.Variant, k, o.End.String(),
		opt(o.End == sim.EndCapitulation, func() any {
			if o.EndActor < 0 {
				return nil
			}
			return m.Actors[o.EndActor]
		}()),
		int32(o.Days), int32(o.HighestRung), o.PathString(o.PathLen), o.DirectWar, opt(o.DirectWar, int32(o.DirectWarDay)),
		o.NuclearUse, opt(o.NuclearUse, int32(o.FirstUseDay)), nil, opt(o.NuclearUse, o.FirstUseKind.String()),
		opt(o.NuclearUse, o.PathString(o.PathAtUse)), int32(o.Alarms),
		int32(o.Threats), int32(o.ThreatsCalled)}
	if o.NuclearUse {
		row[11] = m.Actors[o.FirstUseBy]
	}
	for _, x := range o.Territory {
		row = append(row, x)
	}
	for _, x := range o.Losses {
		row = append(row, x)
	}
	var answer any
	if o.Response >= 0 {
		answer = sim.BranchName(int(o.Response))
	}
	row = append(row, answer)
	for _, x := range o.Casualties {
		row = append(row, x)
	}
	if m.HasWorld() {
		row = append(row, int32(o.SanctionsSize), int32(o.SanctionsMax))
		for i := range m.Actors {
			if m.HasEconomy(i) {
				row = append(row, o.GDPLost[i])
			}
		}
		for i := range m.Actors {
			if m.SeeksAlliance(i) {
				k := o.Joined[i]
				row = append(row, opt(k >= 0, func() any {
					if k < 0 {
						return nil
					}
					return m.Alliances()[k]
				}()), opt(k >= 0, int32(o.JoinDay[i])))
			}
		}
		for i := range m.Actors {
			if m.HasProliferation(i) {
				row = append(row, sim.ProlifStateName(o.Prolif[i]))
			}
		}
		for i := range m.Actors {
			if m.HasRegime(i) {
				row = append(row, int32(o.RegimeChanges[i]))
			}
		}
	}
	for _, x := range w.Sampled() {
		row = append(row, x)
	}
	return row
}

// worldColumns are the world's columns of the table of trajectories of m.
func worldColumns(m *sim.Model) []string {
	if !m.HasWorld() {
		return nil
	}
	c := []string{"sanctions_size", "sanctions_max"}
	for i, a := range m.Actors {
		if m.HasEconomy(i) {
			c = append(c, "gdp_lost_"+strings.ToLower(a))
		}
	}
	for i, a := range m.Actors {
		if m.SeeksAlliance(i) {
			c = append(c, "joined_"+strings.ToLower(a), "join_day_"+strings.ToLower(a))
		}
	}
	for i, a := range m.Actors {
		if m.HasProliferation(i) {
			c = append(c, "programme_"+strings.ToLower(a))
		}
	}
	for i, a := range m.Actors {
		if m.HasRegime(i) {
			c = append(c, "regime_changes_"+strings.ToLower(a))
		}
	}
	return c
}

// valuesByPath maps the field path of every Value of sc to the Value.
func valuesByPath(sc *scenario.Scenario) map[string]scenario.Value {
	out := map[string]scenario.Value{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		if v.Type() == reflect.TypeFor[scenario.Value]() {
			x := v.Interface().(scenario.Value)
			out[x.Text] = x
			return
		}
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Value())
			}
		}
	}
	walk(reflect.ValueOf(sc.WithValuePaths()).Elem())
	return out
}

// The table written by a run reads back through Apache Arrow's Parquet
// reader with one row per trajectory in order of k, the documented columns,
// and in every cell what sim gives for that trajectory when run alone;
// every sampled parameter lies within the support of its distribution.
func TestRowsReadBackWithArrow(t *testing.T) {
	m := builtinModel(t, "bluff")
	const n, seed = 300, 5
	data, res := writeRows(t, m, seed, n, 3)
	tbl, md := readArrow(t, data)
	if tbl.NumRows() != n {
		t.Fatalf("%d rows, want %d", tbl.NumRows(), n)
	}
	for k, want := range map[string]string{"brink.format": results.RowsFormat, "brink.scenario": "ukraine-2022",
		"brink.variant": "bluff", "brink.seed": "5", "brink.trajectories": "300"} {
		if md[k] != want {
			t.Errorf("metadata %s = %q, want %q", k, md[k], want)
		}
	}
	var names []string
	for _, f := range tbl.Schema().Fields() {
		names = append(names, f.Name)
	}
	fixed := []string{"variant", "k", "ending", "capitulating_actor", "duration_days", "highest_rung", "escalation_path", "direct_war",
		"direct_war_day", "nuclear_use", "first_use_day", "first_use_by", "first_use_kind", "first_use_path", "false_alarms",
		"threats", "threats_called"}
	want := append([]string(nil), fixed...)
	for _, th := range m.Theatres {
		want = append(want, "territory_"+strings.ToLower(th.ID))
	}
	for _, a := range m.Actors {
		for _, c := range m.Categories {
			want = append(want, "losses_"+strings.ToLower(a)+"_"+strings.ToLower(c))
		}
	}
	want = append(want, "first_answer")
	for _, a := range m.Actors {
		want = append(want, "casualties_"+strings.ToLower(a))
	}
	want = append(want, worldColumns(m)...)
	params := m.UncertainNames()
	want = append(want, results.ParamColumns(m, nil)...)
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("columns\n%q\nwant\n%q", names, want)
	}
	if !reflect.DeepEqual(results.RowsColumns(m), want) {
		t.Errorf("RowsColumns = %q", results.RowsColumns(m))
	}
	for _, c := range []string{"territory_ukraine", "losses_rus_tanks", "p_rus_politics_resolve", "p_ukraine_a_attrition_tanks",
		"p_rus_tanks_effectiveness", "p_alliances_nato_hungary_delay_days"} {
		if !contains(names, c) {
			t.Errorf("no column %s", c)
		}
	}
	// Every column name can be typed unquoted in SQL and pandas.
	for _, c := range names {
		if c != label.Snake(c) || c == "end" {
			t.Errorf("column %q is not plain snake_case", c)
		}
	}
	// The metadata maps each parameter column back to its field path.
	var paths map[string]string
	if err := json.Unmarshal([]byte(md[results.ParamPathsKey]), &paths); err != nil {
		t.Fatalf("metadata %s: %v", results.ParamPathsKey, err)
	}
	if len(paths) != len(params) || paths["p_rus_tanks_effectiveness"] != "actors.RUS.forces[0].effectiveness" {
		t.Errorf("parameter paths: %v", paths)
	}
	byPath := valuesByPath(m.Scenario)
	w := sim.NewWorld(m)
	ends := map[any]int64{}
	for k := range int64(n) {
		exp := expectedRow(m, w, seed, k)
		for c := range names {
			got := cell(t, tbl.Column(c).Data(), int(k))
			if got != exp[c] {
				t.Fatalf("trajectory %d, column %s: %v (%T), want %v (%T)", k, names[c], got, got, exp[c], exp[c])
			}
		}
		ends[exp[2]]++
		for i, p := range params {
			v, ok := byPath[p]
			if !ok || v.IsConst() {
				t.Fatalf("column %s names no uncertain value of the scenario", p)
			}
			lo, hi := v.Support()
			if x := w.Sampled()[i]; !(x >= lo && x <= hi) {
				t.Errorf("trajectory %d: %s = %v outside [%v, %v] of %s", k, p, x, lo, hi, v.Text)
			}
		}
	}
	// The table agrees with the counts of the run.
	for e := range sim.NumEnds {
		if ends[e.String()] != res.Ends[e] {
			t.Errorf("%d rows end %s, the result counts %d", ends[e.String()], e, res.Ends[e])
		}
	}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// The bytes of the table depend on the scenario, seed and N only, not on
// the number of workers, which finish chunks out of order.
func TestRowsBytesIndependentOfWorkers(t *testing.T) {
	m := builtinModel(t, "")
	const n = 500 // 8 chunks
	one, _ := writeRows(t, m, 9, n, 1)
	three, _ := writeRows(t, m, 9, n, 3)
	if !bytes.Equal(one, three) {
		t.Fatalf("tables differ between 1 and 3 workers (%d and %d bytes)", len(one), len(three))
	}
}

// A scenario whose numbers are all constants has no parameter columns.
func TestRowsNoUncertainParameters(t *testing.T) {
	sc, err := scenario.LoadFile(filepath.Join("..", "internal", "cli", "testdata", "small.yaml"))
	m := compile(t, sc, err)
	if names := m.UncertainNames(); len(names) != 0 {
		t.Fatalf("uncertain parameters of a scenario of constants: %q", names)
	}
	data, _ := writeRows(t, m, 1, 50, 2)
	tbl, _ := readArrow(t, data)
	var names []string
	for _, f := range tbl.Schema().Fields() {
		names = append(names, f.Name)
	}
	want := []string{"variant", "k", "ending", "capitulating_actor", "duration_days", "highest_rung", "escalation_path", "direct_war",
		"direct_war_day", "nuclear_use", "first_use_day", "first_use_by", "first_use_kind", "first_use_path", "false_alarms",
		"threats", "threats_called", "territory_front", "losses_east_armour", "losses_west_armour", "first_answer", "casualties_east", "casualties_west"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("columns %q, want %q", names, want)
	}
	if tbl.NumRows() != 50 {
		t.Errorf("%d rows, want 50", tbl.NumRows())
	}
}

// A resumed table (CreateRows with resume) merges the earlier rows with the
// new ones by k into the table of one uninterrupted run, byte for byte; and
// MergeRows joins the tables of shards into it too.
func TestRowsResumeAndMerge(t *testing.T) {
	m := builtinModel(t, "")
	const n, seed = 300, 3
	whole, _ := writeRows(t, m, seed, n, 2)
	man := manifestFor(m, seed, n)

	// An interrupted run did 0–99, 200–263 and 280–299.
	dir := t.TempDir()
	done := mc.Ranges{{0, 100}, {200, 264}, {280, 300}}
	rs, err := results.CreateRows(dir, m, man, false)
	if err != nil {
		t.Fatal(err)
	}
	res := mc.Run(context.Background(), m, mc.Options{N: n, Seed: seed, Workers: 2, Todo: done, Rows: rs})
	if err := rs.Commit(); err != nil {
		t.Fatal(err)
	}
	rs, err = results.CreateRows(dir, m, man, true)
	if err != nil {
		t.Fatal(err)
	}
	if rs.PrevRows() != res.N {
		t.Errorf("the earlier table holds %d rows, the run did %d", rs.PrevRows(), res.N)
	}
	mc.Run(context.Background(), m, mc.Options{N: n, Seed: seed, Workers: 3, Todo: res.Done.Missing(0, n), Rows: rs})
	if err := rs.Commit(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, results.RowsFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, whole) {
		t.Errorf("the resumed table differs from an uninterrupted run's (%d and %d bytes)", len(got), len(whole))
	}

	// Three shards, merged.
	var dirs []string
	for i := range 3 {
		d := t.TempDir()
		sman := man
		sman.Shard, sman.Shards = i, 3
		rs, err := results.CreateRows(d, m, sman, false)
		if err != nil {
			t.Fatal(err)
		}
		mc.Run(context.Background(), m, mc.Options{N: n, Seed: seed, Workers: 2, Shard: i, Shards: 3, Rows: rs})
		if err := rs.Commit(); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	out := t.TempDir()
	if err := results.MergeRows(out, m, man, dirs); err != nil {
		t.Fatal(err)
	}
	merged, _ := os.ReadFile(filepath.Join(out, results.RowsFile))
	if !bytes.Equal(merged, whole) {
		t.Errorf("the merged table differs from an unsharded run's (%d and %d bytes)", len(merged), len(whole))
	}
	// Shards in the wrong order are refused, not silently misordered.
	if err := results.MergeRows(t.TempDir(), m, man, []string{dirs[1], dirs[0], dirs[2]}); err == nil {
		t.Error("merging shards out of order succeeded")
	}
	// A table of another scenario is refused.
	osc, err := scenario.Parse("x.yaml", mustRead(t, filepath.Join("..", "internal", "cli", "testdata", "small.yaml")))
	other := compile(t, osc, err)
	if err := results.MergeRows(t.TempDir(), other, man, dirs); err == nil {
		t.Error("merging the tables of another scenario succeeded")
	}
}

func mustRead(t testing.TB, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
