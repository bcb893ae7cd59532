package results_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"brink/mc"
	"brink/results"
)

// A run kept with -rows has, next to the wide table, the long table of
// losses: one row per trajectory × actor × category the actor fields, with
// the numbers of the wide table's losses_<actor>_<category> columns, read
// back through Apache Arrow.
func TestLossesLongTableReadBack(t *testing.T) {
	m := builtinModel(t, "")
	const n, seed = 130, 3
	dir := t.TempDir()
	man := manifestFor(m, seed, n)
	rs, err := results.CreateRows(dir, m, man, false)
	if err != nil {
		t.Fatal(err)
	}
	mc.Run(context.Background(), m, mc.Options{N: n, Seed: seed, Workers: 2, Rows: rs})
	if err := rs.Commit(); err != nil {
		t.Fatal(err)
	}
	wideData, err := os.ReadFile(filepath.Join(dir, results.RowsFile))
	if err != nil {
		t.Fatal(err)
	}
	longData, err := os.ReadFile(filepath.Join(dir, results.LossesFile))
	if err != nil {
		t.Fatal(err)
	}
	wide, _ := readArrow(t, wideData)
	long, md := readArrow(t, longData)

	var names []string
	for _, f := range long.Schema().Fields() {
		names = append(names, f.Name)
	}
	if want := []string{"variant", "k", "actor", "category", "units_lost"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("long table columns %q, want %q", names, want)
	}
	if md["brink.format"] != results.LossesFormat || md["brink.scenario"] != "ukraine-2022" || md["brink.seed"] != "3" {
		t.Errorf("metadata %v", md)
	}
	// The pairs, from the scenario: each actor with the categories it fields.
	pairs := 0
	fields := map[string]bool{}
	for _, a := range m.Scenario.Actors {
		for _, f := range a.Forces {
			if !fields[a.ID+"/"+f.Category] {
				fields[a.ID+"/"+f.Category] = true
				pairs++
			}
		}
	}
	if pairs == 0 || pairs >= len(m.Actors)*len(m.Categories) {
		t.Fatalf("%d actor × category pairs with forces: the test wants some, not all", pairs)
	}
	if got := long.NumRows(); got != int64(n*pairs) {
		t.Fatalf("long table has %d rows, want %d trajectories × %d actor-category pairs = %d", got, n, pairs, n*pairs)
	}
	wideCol := map[string]int{}
	for i, f := range wide.Schema().Fields() {
		wideCol[f.Name] = i
	}
	for r := range int(long.NumRows()) {
		k := cell(t, long.Column(1).Data(), r).(int64)
		actor := cell(t, long.Column(2).Data(), r).(string)
		cat := cell(t, long.Column(3).Data(), r).(string)
		lost := cell(t, long.Column(4).Data(), r).(float64)
		if int64(r/pairs) != k || !fields[actor+"/"+cat] {
			t.Fatalf("row %d: trajectory %d, %s %s", r, k, actor, cat)
		}
		c, ok := wideCol["losses_"+strings.ToLower(actor)+"_"+cat]
		if !ok {
			t.Fatalf("no wide column for %s %s", actor, cat)
		}
		if w := cell(t, wide.Column(c).Data(), int(k)).(float64); w != lost {
			t.Fatalf("trajectory %d, %s %s: long %v, wide %v", k, actor, cat, lost, w)
		}
	}
}
