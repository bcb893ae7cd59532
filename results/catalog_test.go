package results

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"brink/mc"
	"brink/scenario"
	"brink/sim"
)

var (
	builtinOnce  sync.Once
	builtinModel *sim.Model
	builtinSc    *scenario.Scenario
	builtinErr   error
)

// testRun is what writeTestRun writes.
type testRun struct {
	n        int64
	seed     uint64
	variant  string
	shard    int
	shards   int
	finished time.Time
}

// writeTestRun runs the built-in scenario (or one of its variants) a few
// times and keeps the result in dir, as 'brink run -out dir' does.
func writeTestRun(t *testing.T, dir string, tr testRun) {
	t.Helper()
	builtinOnce.Do(func() {
		builtinSc, builtinErr = scenario.Builtin(scenario.DefaultID)
		if builtinErr == nil {
			builtinModel, builtinErr = sim.Compile(builtinSc)
		}
	})
	if builtinErr != nil {
		t.Fatal(builtinErr)
	}
	sc, m := builtinSc, builtinModel
	if tr.variant != "" {
		var err error
		if sc, err = sc.WithVariant(tr.variant); err != nil {
			t.Fatal(err)
		}
		if m, err = sim.Compile(sc); err != nil {
			t.Fatal(err)
		}
	}
	if tr.n == 0 {
		tr.n = 20
	}
	if tr.finished.IsZero() {
		tr.finished = time.Now()
	}
	res := mc.Run(context.Background(), m, mc.Options{N: tr.n, Seed: tr.seed, Workers: 2, Shard: tr.shard, Shards: tr.shards})
	man := Manifest{Brink: "test", Scenario: sc.ID, ScenarioFile: sc.File, ScenarioHash: hex.EncodeToString(sc.Hash[:]),
		ScenarioText: string(sc.Source()), Variant: sc.Variant, Seed: tr.seed, Trajectories: tr.n,
		Shard: tr.shard, Shards: tr.shards, Started: tr.finished.Add(-time.Second).UTC(), Finished: tr.finished.UTC()}
	if err := Write(dir, man, res); err != nil {
		t.Fatal(err)
	}
}

func openTestCatalog(t *testing.T, path string) *Catalog {
	t.Helper()
	c, err := OpenCatalog(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// summaryFigures reads the headline figures straight from summary.json.
func summaryFigures(t *testing.T, dir string) map[string]Figure {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Summary struct {
			Ends, Events []struct {
				Name      string
				P, Lo, Hi float64
			}
		}
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	figs := map[string]Figure{}
	for _, e := range append(s.Summary.Ends, s.Summary.Events...) {
		figs[e.Name] = Figure{e.P, e.Lo, e.Hi}
	}
	return figs
}

func checkFigures(t *testing.T, r *Run) {
	t.Helper()
	want := summaryFigures(t, r.Dir)
	for name, got := range map[string]*Figure{"nuclear_use": r.NuclearUse, "general_nuclear_war": r.GeneralNuclearWar,
		"settlement": r.Settlement, "direct_war": r.DirectWar} {
		w, ok := want[name]
		if !ok {
			t.Fatalf("summary.json of %s has no %s", r.Dir, name)
		}
		if got == nil || *got != w {
			t.Errorf("run %s: %s = %v, summary.json says %v", r.ID, name, got, w)
		}
	}
}

func ids(runs []*Run) []string {
	var s []string
	for _, r := range runs {
		s = append(s, r.ID)
	}
	return s
}

func TestCatalogAddListGet(t *testing.T) {
	root := t.TempDir()
	t0 := time.Date(2030, 1, 2, 3, 4, 5, 600, time.UTC)
	dirs := []string{filepath.Join(root, "old"), filepath.Join(root, "new"), filepath.Join(root, "mid")}
	writeTestRun(t, dirs[0], testRun{seed: 1, finished: t0})
	writeTestRun(t, dirs[1], testRun{seed: 1<<63 + 5, variant: "bluff", finished: t0.Add(2 * time.Hour)})
	writeTestRun(t, dirs[2], testRun{n: 30, seed: 3, shard: 1, shards: 2, finished: t0.Add(time.Hour)})

	c := openTestCatalog(t, filepath.Join(root, "db", "catalog.sqlite"))
	var got []string
	for _, d := range dirs {
		id, err := c.Add(d)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := RunID(d)
		if id != want || len(id) != 12 {
			t.Errorf("Add(%s) = %q, RunID = %q; want the same 12 hex digits", d, id, want)
		}
		got = append(got, id)
	}
	runs, err := c.List(Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{got[1], got[2], got[0]}; strings.Join(ids(runs), " ") != strings.Join(want, " ") {
		t.Errorf("List = %v, want newest first %v", ids(runs), want)
	}

	for i, d := range dirs {
		r, err := c.Get(got[i])
		if err != nil {
			t.Fatal(err)
		}
		man, _, err := Read(d)
		if err != nil {
			t.Fatal(err)
		}
		if r.Dir != d || r.Scenario != man.Scenario || r.ScenarioHash != man.ScenarioHash || r.ScenarioFile != man.ScenarioFile ||
			r.Variant != man.Variant || r.Seed != man.Seed || r.Trajectories != man.Trajectories || r.Done != man.Done ||
			r.Partial != man.Partial || r.Shard != man.Shard || r.Shards != man.Shards || r.Brink != man.Brink ||
			!r.Started.Equal(man.Started) || !r.Finished.Equal(man.Finished) || r.Title == "" || r.Added.IsZero() {
			t.Errorf("Get(%s) = %+v\ndoes not match the manifest %+v", got[i], r, man)
		}
		checkFigures(t, r)
	}
	if r, _ := c.Get(got[1]); r.Seed != 1<<63+5 || r.Variant != "bluff" {
		t.Errorf("seed %d variant %q, want %d and bluff", r.Seed, r.Variant, uint64(1<<63+5))
	}
	if r, _ := c.Get(got[2]); r.Done != 15 || r.Trajectories != 30 || r.Shard != 1 || r.Shards != 2 {
		t.Errorf("shard: done %d of %d, shard %d/%d; want 15 of 30, 1/2", r.Done, r.Trajectories, r.Shard, r.Shards)
	}

	// Filters.
	for _, tc := range []struct {
		f    Filter
		want []string
	}{
		{Filter{Variant: "bluff"}, []string{got[1]}},
		{Filter{Scenario: scenario.DefaultID, Limit: 2}, []string{got[1], got[2]}},
		{Filter{Scenario: "atlantis"}, nil},
	} {
		runs, err := c.List(tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(ids(runs), " ") != strings.Join(tc.want, " ") {
			t.Errorf("List(%+v) = %v, want %v", tc.f, ids(runs), tc.want)
		}
	}

	// Prefixes.
	if r, err := c.Get(got[0][:6]); err != nil || r.ID != got[0] {
		t.Errorf("Get(prefix %s) = %v, %v", got[0][:6], r, err)
	}
	for _, id := range []string{got[0][:3], "zzzzzz", "", "000000000000"} {
		if _, err := c.Get(id); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), c.Path()) {
			t.Errorf("Get(%q): %v, want ErrNotFound naming the catalog", id, err)
		}
	}
}

func TestCatalogReAddUpdates(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "run")
	writeTestRun(t, dir, testRun{seed: 1})
	c := openTestCatalog(t, filepath.Join(root, "catalog.sqlite"))
	id, err := c.Add(dir)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := c.Get(id)
	// The same directory by another path: the same run.
	rel, err := filepath.Rel(mustGetwd(t), dir)
	if err != nil {
		t.Fatal(err)
	}
	if id2, err := c.Add(rel); err != nil || id2 != id {
		t.Fatalf("re-adding %s by %s: %q, %v; want %q", dir, rel, id2, err, id)
	}
	// Run again into the same directory: the row follows.
	writeTestRun(t, dir, testRun{n: 40, seed: 9})
	if id2, err := c.Add(dir); err != nil || id2 != id {
		t.Fatalf("re-adding: %q, %v", id2, err)
	}
	runs, err := c.List(Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 {
		t.Fatalf("%d rows after adding one directory three times", len(runs))
	}
	r := runs[0]
	if r.Done != 40 || r.Seed != 9 || !r.Added.Equal(first.Added) {
		t.Errorf("after re-adding: done %d seed %d added %v; want 40, 9 and the first added time %v", r.Done, r.Seed, r.Added, first.Added)
	}
	checkFigures(t, r)
}

func mustGetwd(t *testing.T) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

func TestCatalogAddErrorsNameTheDirectory(t *testing.T) {
	root := t.TempDir()
	c := openTestCatalog(t, filepath.Join(root, "catalog.sqlite"))
	empty := filepath.Join(root, "empty")
	os.Mkdir(empty, 0o755)
	if _, err := c.Add(empty); err == nil || !strings.Contains(err.Error(), empty) || !strings.Contains(err.Error(), "not a results directory") {
		t.Errorf("empty directory: %v", err)
	}
	dir := filepath.Join(root, "run")
	writeTestRun(t, dir, testRun{seed: 1})
	os.Remove(filepath.Join(dir, SummaryFile))
	if _, err := c.Add(dir); err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), SummaryFile) {
		t.Errorf("no summary: %v", err)
	}
	os.WriteFile(filepath.Join(dir, SummaryFile), []byte("{"), 0o644)
	if _, err := c.Add(dir); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("broken summary: %v", err)
	}
	if runs, _ := c.List(Filter{}); len(runs) != 0 {
		t.Errorf("failed adds left rows: %v", ids(runs))
	}
}

func TestCatalogRemove(t *testing.T) {
	root := t.TempDir()
	keep, del, busy := filepath.Join(root, "keep"), filepath.Join(root, "del"), filepath.Join(root, "busy")
	for _, d := range []string{keep, del, busy} {
		writeTestRun(t, d, testRun{seed: 1})
	}
	os.WriteFile(filepath.Join(busy, "notes.txt"), []byte("mine"), 0o644)
	c := openTestCatalog(t, filepath.Join(root, "catalog.sqlite"))
	var id []string
	for _, d := range []string{keep, del, busy} {
		i, err := c.Add(d)
		if err != nil {
			t.Fatal(err)
		}
		id = append(id, i)
	}

	if r, err := c.Remove(id[0], false); err != nil || r.Dir != keep {
		t.Fatalf("Remove(%s): %v, %v", id[0], r, err)
	}
	if _, err := os.Stat(filepath.Join(keep, ManifestFile)); err != nil {
		t.Errorf("Remove without files touched the directory: %v", err)
	}
	if _, err := c.Get(id[0]); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Remove: %v", err)
	}
	if _, err := c.Remove(id[0], false); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), id[0]) {
		t.Errorf("removing twice: %v", err)
	}

	if _, err := c.Remove(id[1], true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(del); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Remove with files left %s: %v", del, err)
	}

	// A directory holding more than a run's files is not deleted, and the
	// run stays in the catalog.
	if _, err := c.Remove(id[2], true); err == nil || !strings.Contains(err.Error(), "notes.txt") || !strings.Contains(err.Error(), busy) {
		t.Errorf("removing a directory with other files: %v", err)
	}
	if _, err := os.Stat(filepath.Join(busy, ManifestFile)); err != nil {
		t.Errorf("the refused directory was touched: %v", err)
	}
	if _, err := c.Get(id[2]); err != nil {
		t.Errorf("the refused run left the catalog: %v", err)
	}
	// A directory already gone is no error.
	os.RemoveAll(busy)
	if _, err := c.Remove(id[2], true); err != nil {
		t.Errorf("removing a run whose directory is gone: %v", err)
	}
	if runs, _ := c.List(Filter{}); len(runs) != 0 {
		t.Errorf("rows left: %v", ids(runs))
	}
}

func TestCatalogRebuild(t *testing.T) {
	root := t.TempDir()
	runsDir := filepath.Join(root, "runs")
	t0 := time.Date(2031, 6, 1, 0, 0, 0, 0, time.UTC)
	dirs := []string{filepath.Join(runsDir, "a"), filepath.Join(runsDir, "deep", "b"), filepath.Join(root, "other", "c")}
	for i, d := range dirs {
		writeTestRun(t, d, testRun{seed: uint64(i + 1), finished: t0.Add(time.Duration(i) * time.Hour)})
	}
	os.MkdirAll(filepath.Join(runsDir, "not-a-run"), 0o755)
	os.WriteFile(filepath.Join(runsDir, "not-a-run", "x.txt"), nil, 0o644)

	path := filepath.Join(runsDir, "catalog.sqlite")
	c, err := OpenCatalog(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if _, err := c.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	before, err := c.List(Filter{})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()

	// The database is lost: rebuild it from the directories.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	c = openTestCatalog(t, path)
	if runs, _ := c.List(Filter{}); len(runs) != 0 {
		t.Fatalf("a new catalog lists %v", ids(runs))
	}
	n, err := c.Rebuild(runsDir, filepath.Join(root, "other"), runsDir)
	if err != nil || n != 3 {
		t.Fatalf("Rebuild = %d, %v; want 3 runs", n, err)
	}
	after, err := c.List(Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("rebuilt catalog lists %v, it listed %v", ids(after), ids(before))
	}
	for i := range before {
		b, a := *before[i], *after[i]
		b.Added, a.Added = time.Time{}, time.Time{}
		bj, _ := json.Marshal(b)
		aj, _ := json.Marshal(a)
		if string(aj) != string(bj) {
			t.Errorf("row %d after rebuild:\n%s\nbefore:\n%s", i, aj, bj)
		}
	}

	// Rebuild only some roots: the runs catalogued elsewhere stay (they
	// used to be dropped without a word).
	if n, err := c.Rebuild(filepath.Join(root, "other")); err != nil || n != 3 {
		t.Errorf("Rebuild(other) = %d, %v; want the 3 runs kept", n, err)
	}
	if runs, _ := c.List(Filter{}); len(runs) != 3 {
		t.Errorf("after rebuilding from other/ only: %v", ids(runs))
	}
	// A run whose directory is gone is forgotten, by name.
	if err := os.RemoveAll(dirs[0]); err != nil {
		t.Fatal(err)
	}
	n, err = c.Rebuild(filepath.Join(root, "other"))
	var drop *RebuildError
	if !errors.As(err, &drop) || len(drop.Skipped) != 0 || len(drop.Dropped) != 1 || !strings.Contains(err.Error(), dirs[0]) || n != 2 {
		t.Errorf("Rebuild after a directory went = %d, %v; want 2 and the gone one named", n, err)
	}
	if runs, _ := c.List(Filter{}); len(runs) != 2 {
		t.Errorf("after a directory went: %v", ids(runs))
	}

	// A missing root changes nothing.
	if _, err := c.Rebuild(runsDir, filepath.Join(root, "nowhere")); err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("missing root: %v", err)
	}
	if runs, _ := c.List(Filter{}); len(runs) != 2 {
		t.Errorf("a failed rebuild changed the catalog: %v", ids(runs))
	}

	// A broken directory is skipped and named; the others are catalogued.
	broken := filepath.Join(runsDir, "broken")
	writeTestRun(t, broken, testRun{seed: 7})
	os.WriteFile(filepath.Join(broken, ManifestFile), []byte("{"), 0o644)
	n, err = c.Rebuild(runsDir)
	var rerr *RebuildError
	if !errors.As(err, &rerr) || len(rerr.Skipped) != 1 || !strings.Contains(err.Error(), broken) || n != 2 {
		t.Errorf("Rebuild with a broken directory = %d, %v; want 2 and the broken one named", n, err)
	}
	if runs, _ := c.List(Filter{}); len(runs) != 2 {
		t.Errorf("after a rebuild that skipped one: %v", ids(runs))
	}
}

func TestCatalogSchemaVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.sqlite")
	c, err := OpenCatalog(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	c, err = OpenCatalog(path) // reopening keeps it
	if err != nil {
		t.Fatal(err)
	}
	var rows, v int
	if err := c.db.QueryRow(`SELECT count(*), max(version) FROM schema_version`).Scan(&rows, &v); err != nil || rows != 1 || v != CatalogSchemaVersion {
		t.Errorf("schema_version: %d rows, version %d, %v", rows, v, err)
	}
	if _, err := c.db.Exec(`UPDATE schema_version SET version = 99`); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if _, err := OpenCatalog(path); err == nil || !strings.Contains(err.Error(), "schema version 99") || !strings.Contains(err.Error(), path) {
		t.Errorf("a catalog from a later brink: %v", err)
	}
	notDB := filepath.Join(t.TempDir(), "x.sqlite")
	os.WriteFile(notDB, []byte(strings.Repeat("not a database\n", 100)), 0o644)
	if _, err := OpenCatalog(notDB); err == nil || !strings.Contains(err.Error(), notDB) {
		t.Errorf("a file that is not a database: %v", err)
	}
}

func TestCatalogAmbiguousPrefix(t *testing.T) {
	c := openTestCatalog(t, filepath.Join(t.TempDir(), "catalog.sqlite"))
	tx, err := c.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"abcd00000001", "abcd00000002"} {
		if err := c.put(tx, &Run{ID: id, Dir: "/nowhere/" + id}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	// An id already taken by another directory is refused.
	if err := c.put(tx, &Run{ID: "abcd00000001", Dir: "/elsewhere"}, time.Now()); err == nil || !strings.Contains(err.Error(), "/nowhere/abcd00000001") {
		t.Errorf("id collision: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get("abcd"); !errors.Is(err, ErrAmbiguous) {
		t.Errorf("ambiguous prefix: %v", err)
	}
	if r, err := c.Get("abcd00000002"); err != nil || r.Dir != "/nowhere/abcd00000002" || r.NuclearUse != nil || !r.Started.IsZero() {
		t.Errorf("Get = %+v, %v", r, err)
	}
}

// Shards finishing at once each register their directory; none is lost.
func TestRegisterConcurrently(t *testing.T) {
	root := t.TempDir()
	const shards = 6
	for i := range shards {
		writeTestRun(t, filepath.Join(root, "s", string(rune('a'+i))), testRun{n: 60, seed: 1, shard: i, shards: shards})
	}
	path := filepath.Join(root, "cat", "catalog.sqlite")
	var wg sync.WaitGroup
	errs := make([]error, shards)
	for i := range shards {
		wg.Go(func() { errs[i] = Register(path, filepath.Join(root, "s", string(rune('a'+i)))) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	c := openTestCatalog(t, path)
	if runs, _ := c.List(Filter{}); len(runs) != shards {
		t.Errorf("%d runs catalogued, want %d", len(runs), shards)
	}

	// With no path, Register uses $BRINK_CATALOG.
	env := filepath.Join(root, "env", "catalog.sqlite")
	t.Setenv(CatalogEnv, env)
	if CatalogPath() != env {
		t.Errorf("CatalogPath() = %q with %s=%s", CatalogPath(), CatalogEnv, env)
	}
	if err := Register("", filepath.Join(root, "s", "a")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(env); err != nil {
		t.Errorf("Register(\"\") did not use $%s: %v", CatalogEnv, err)
	}
	t.Setenv(CatalogEnv, "")
	if CatalogPath() != DefaultCatalogPath {
		t.Errorf("CatalogPath() = %q, want the default", CatalogPath())
	}
}
