package results

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"

	"brink/mc"
	"brink/scenario"
	"brink/sim"
)

// With row groups small enough that a run fills many, and shards and an
// interruption cut them in the middle, the table is still the same bytes for
// any number of workers, resumed, and merged from shards.
func TestRowsManyRowGroups(t *testing.T) {
	defer func(n int64) { rowGroupRows = n }(rowGroupRows)
	rowGroupRows = 3 * rowBatch
	sc, err := scenario.LoadFile(filepath.Join("..", "scenario", "testdata", "minimal.yaml"))
	if err == nil {
		sc, err = sc.WithVariant("hawk")
	}
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.UncertainNames()) == 0 {
		t.Fatal("test set-up: the scenario has no uncertain parameter")
	}
	const n, seed = 1000, 8
	man := Manifest{Scenario: sc.ID, Variant: sc.Variant, Seed: seed, Trajectories: n}
	run := func(dir string, man Manifest, resume bool, opt mc.Options) {
		t.Helper()
		rs, err := CreateRows(dir, m, man, resume)
		if err != nil {
			t.Fatal(err)
		}
		opt.N, opt.Seed, opt.Rows = n, seed, rs
		mc.Run(context.Background(), m, opt)
		if err := rs.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	read := func(dir string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, RowsFile))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	one, three := t.TempDir(), t.TempDir()
	run(one, man, false, mc.Options{Workers: 1})
	run(three, man, false, mc.Options{Workers: 3})
	whole := read(one)
	if !bytes.Equal(whole, read(three)) {
		t.Fatal("tables differ between 1 and 3 workers")
	}
	pf, err := parquet.OpenFile(bytes.NewReader(whole), int64(len(whole)))
	if err != nil {
		t.Fatal(err)
	}
	if g, want := len(pf.RowGroups()), int((n+rowGroupRows-1)/rowGroupRows); g != want {
		t.Errorf("%d row groups, want %d", g, want)
	}

	// Resumed twice after interruptions that left odd gaps.
	dir := t.TempDir()
	run(dir, man, false, mc.Options{Workers: 2, Todo: mc.Ranges{{5, 77}, {300, 301}, {640, 999}}})
	run(dir, man, true, mc.Options{Workers: 3, Todo: mc.Ranges{{0, 5}, {100, 300}}})
	run(dir, man, true, mc.Options{Workers: 2, Todo: mc.Ranges{{77, 100}, {301, 640}, {999, 1000}}})
	if !bytes.Equal(whole, read(dir)) {
		t.Error("the table resumed twice differs from an uninterrupted run's")
	}

	// Seven shards, merged.
	var dirs []string
	for i := range 7 {
		d := t.TempDir()
		sman := man
		sman.Shard, sman.Shards = i, 7
		run(d, sman, false, mc.Options{Workers: 2, Shard: i, Shards: 7})
		dirs = append(dirs, d)
	}
	out := t.TempDir()
	if err := MergeRows(out, m, man, dirs); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(whole, read(out)) {
		t.Error("the table merged from 7 shards differs from an unsharded run's")
	}
}
