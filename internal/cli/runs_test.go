package cli

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/results"
)

// keptRun runs the built-in scenario 20 times into dir, as a user would.
func keptRun(t *testing.T, dir string, extra ...string) string {
	t.Helper()
	wantCode(t, brink(t, append([]string{"run", "-n", "20", "-workers", "2", "-out", dir}, extra...)...), exitOK)
	id, err := results.RunID(dir)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestRunsListShowRemove(t *testing.T) {
	root := t.TempDir()
	runsDir := filepath.Join(root, "runs")
	cat := filepath.Join(root, "catalog.sqlite")
	a := keptRun(t, filepath.Join(runsDir, "a"))
	b := keptRun(t, filepath.Join(runsDir, "b"), "-variant", "bluff", "-seed", "7")

	r := brink(t, "runs", "rebuild", "-catalog", cat, runsDir)
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "catalogued 2 runs") {
		t.Errorf("rebuild:\n%s", r)
	}

	// The table: newest (b) first.
	r = brink(t, "runs", "-catalog", cat)
	wantCode(t, r, exitOK)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[0], "P(NUCLEAR USE)") ||
		!strings.HasPrefix(lines[1], b+" ") || !strings.HasPrefix(lines[2], a+" ") {
		t.Fatalf("runs should list b then a under a header\n%s", r)
	}
	if f := strings.Fields(lines[1]); !strings.Contains(lines[1], "ukraine-2022") || !strings.Contains(lines[1], " bluff ") ||
		!strings.Contains(lines[1], " 20 ") || !strings.Contains(lines[1], "%") || !strings.Contains(lines[1], "[") || len(f) < 8 {
		t.Errorf("row of b: %q", lines[1])
	}

	// JSON: the headline figures are those of summary.json.
	r = brink(t, "runs", "-json", "-catalog", cat)
	wantCode(t, r, exitOK)
	var runs []results.Run
	if err := json.Unmarshal([]byte(r.stdout), &runs); err != nil {
		t.Fatalf("runs -json: %v\n%s", err, r)
	}
	if len(runs) != 2 || runs[0].ID != b || runs[1].ID != a {
		t.Fatalf("runs -json: %+v", runs)
	}
	for _, run := range runs {
		data, err := os.ReadFile(filepath.Join(run.Dir, results.SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		var s struct {
			Summary struct{ Ends, Events []results.Figure }
		}
		var named struct {
			Summary struct {
				Ends, Events []struct{ Name string }
			}
		}
		json.Unmarshal(data, &s)
		json.Unmarshal(data, &named)
		want := map[string]results.Figure{}
		for i, e := range named.Summary.Ends {
			want[e.Name] = s.Summary.Ends[i]
		}
		for i, e := range named.Summary.Events {
			want[e.Name] = s.Summary.Events[i]
		}
		for name, got := range map[string]*results.Figure{"nuclear_use": run.NuclearUse, "general_nuclear_war": run.GeneralNuclearWar,
			"settlement": run.Settlement, "direct_war": run.DirectWar} {
			if got == nil || *got != want[name] {
				t.Errorf("%s: %s = %v, summary.json says %v", run.ID, name, got, want[name])
			}
		}
	}
	r = brink(t, "runs", "-catalog", cat, "-variant", "bluff", "-json")
	if err := json.Unmarshal([]byte(r.stdout), &runs); err != nil || len(runs) != 1 || runs[0].ID != b {
		t.Errorf("runs -variant bluff: %v\n%s", err, r)
	}

	// show: the manifest's fields, then summary.txt; by a prefix too.
	r = brink(t, "runs", "show", "-catalog", cat, b[:6])
	wantCode(t, r, exitOK)
	txt, err := os.ReadFile(filepath.Join(runsDir, "b", results.SummaryTextFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{b, filepath.Join(runsDir, "b"), "bluff", "seed", "7", "20 done of 20 requested", "scenario hash", "P(nuclear use)", string(txt)} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("runs show lacks %q\n%s", want, r)
		}
	}
	if !strings.HasSuffix(r.stdout, string(txt)) {
		t.Errorf("runs show should end with summary.txt\n%s", r)
	}
	r = brink(t, "runs", "show", "-json", "-catalog", cat, a)
	var one results.Run
	if err := json.Unmarshal([]byte(r.stdout), &one); err != nil || one.ID != a || one.Seed != 1 {
		t.Errorf("runs show -json: %v\n%s", err, r)
	}

	// Unknown ids: exit 2, said clearly, nothing removed.
	for _, args := range [][]string{{"runs", "show", "-catalog", cat, "0123456789ab"}, {"runs", "rm", "-catalog", cat, a, "nope"}} {
		r = brink(t, args...)
		wantCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, "no such run") || r.stdout != "" {
			t.Errorf("%q: want a clear message on stderr\n%s", args, r)
		}
	}

	// rm: forget a, keep its directory; rm -files: b's directory goes.
	r = brink(t, "runs", "rm", "-catalog", cat, a)
	wantCode(t, r, exitOK)
	if _, err := os.Stat(filepath.Join(runsDir, "a", results.ManifestFile)); err != nil {
		t.Errorf("rm without -files touched the directory: %v", err)
	}
	r = brink(t, "runs", "rm", "-files", "-catalog", cat, b)
	wantCode(t, r, exitOK)
	if _, err := os.Stat(filepath.Join(runsDir, "b")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("rm -files left the directory: %v\n%s", err, r)
	}
	r = brink(t, "runs", "-catalog", cat)
	wantCode(t, r, exitOK)
	if strings.Contains(r.stdout, a) || strings.Contains(r.stdout, b) {
		t.Errorf("removed runs still listed\n%s", r)
	}
	r = brink(t, "runs", "show", "-catalog", cat, a)
	wantCode(t, r, exitUsage)

	// The catalog is lost: rebuild finds a again, under the same id.
	if err := os.Remove(cat); err != nil {
		t.Fatal(err)
	}
	wantCode(t, brink(t, "runs", "rebuild", "-catalog", cat, runsDir), exitOK)
	r = brink(t, "runs", "-catalog", cat)
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], a+" ") {
		t.Errorf("after rebuilding a lost catalog\n%s", r)
	}
}

func TestRunsDefaultCatalogAndDirectory(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	t.Setenv(results.CatalogEnv, "")
	t.Setenv(results.RunsEnv, "") // the defaults, not TestMain's temporary home

	// No catalog yet: nothing listed, nothing created.
	r := brink(t, "runs")
	wantCode(t, r, exitOK)
	if r.stdout != "" || !strings.Contains(r.stderr, "no catalog") {
		t.Errorf("runs without a catalog\n%s", r)
	}
	r = brink(t, "runs", "-json")
	if wantCode(t, r, exitOK); strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("runs -json without a catalog\n%s", r)
	}
	r = brink(t, "runs", "show", "abcdef")
	wantCode(t, r, exitUsage)
	if _, err := os.Stat("brink-runs"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("reading created brink-runs: %v", err)
	}
	r = brink(t, "runs", "rebuild")
	wantCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, "brink-runs: no such directory") {
		t.Errorf("rebuild without ./brink-runs\n%s", r)
	}

	// rebuild searches ./brink-runs into ./brink-runs/catalog.sqlite.
	id := keptRun(t, filepath.Join("brink-runs", "x"))
	wantCode(t, brink(t, "runs", "rebuild"), exitOK)
	if _, err := os.Stat(filepath.Join(root, results.DefaultCatalogPath)); err != nil {
		t.Fatalf("rebuild did not write the default catalog: %v", err)
	}
	if r := brink(t, "runs"); !strings.Contains(r.stdout, id) {
		t.Errorf("runs does not list %s\n%s", id, r)
	}

	// $BRINK_CATALOG moves it.
	env := filepath.Join(root, "elsewhere", "c.sqlite")
	t.Setenv(results.CatalogEnv, env)
	if r := brink(t, "runs"); r.stdout != "" {
		t.Errorf("runs with $%s=%s listed the default catalog\n%s", results.CatalogEnv, env, r)
	}
	wantCode(t, brink(t, "runs", "rebuild", "brink-runs"), exitOK)
	if _, err := os.Stat(env); err != nil {
		t.Errorf("rebuild ignored $%s: %v", results.CatalogEnv, err)
	}
	if r := brink(t, "runs", "show", id[:5]); r.code != exitOK || !strings.Contains(r.stdout, id) {
		t.Errorf("show from $%s\n%s", results.CatalogEnv, r)
	}
}

func TestRunsRebuildReportsSkipped(t *testing.T) {
	root := t.TempDir()
	keptRun(t, filepath.Join(root, "good"))
	keptRun(t, filepath.Join(root, "bad"))
	os.WriteFile(filepath.Join(root, "bad", results.ManifestFile), []byte(`{"format":"other/9"}`), 0o644)
	cat := filepath.Join(root, "catalog.sqlite")
	r := brink(t, "runs", "rebuild", "-catalog", cat, root)
	wantCode(t, r, exitFail)
	if !strings.Contains(r.stdout, "catalogued 1 run ") || !strings.Contains(r.stderr, filepath.Join(root, "bad")) {
		t.Errorf("rebuild with a bad directory\n%s", r)
	}
}

func TestRunsUsageErrors(t *testing.T) {
	cat := filepath.Join(t.TempDir(), "catalog.sqlite")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"runs", "bogus"}, `unknown subcommand "bogus"`},
		{[]string{"runs", "-catalog", cat, "show", "abcd"}, `put "show" first`},
		{[]string{"runs", "-bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"runs", "show", "-catalog", cat}, "expected one run id, got 0"},
		{[]string{"runs", "show", "-catalog", cat, "a", "b"}, "expected one run id, got 2"},
		{[]string{"runs", "rm", "-catalog", cat}, "no run id given"},
		{[]string{"runs", "rebuild", "-catalog", cat, filepath.Join(t.TempDir(), "nowhere")}, "nowhere: no such directory"},
	} {
		r := brink(t, tc.args...)
		name := tc.args[0]
		if len(tc.args) > 1 && !strings.HasPrefix(tc.args[1], "-") && tc.args[1] != "bogus" {
			name += " " + tc.args[1]
		}
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "Usage: brink "+name) || r.stdout != "" {
			t.Errorf("%q: want exit 2 with %q and the usage of %q on stderr\n%s", tc.args, tc.want, name, r)
		}
	}
	if _, err := os.Stat(cat); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("usage errors created the catalog: %v", err)
	}
	for _, sub := range []string{"show", "rm", "rebuild"} {
		r := brink(t, "runs", sub, "-h")
		wantCode(t, r, exitOK)
		if !strings.Contains(r.stdout, "Usage: brink runs "+sub) || !strings.Contains(r.stdout, "Examples:\n  brink runs "+sub) || !strings.Contains(r.stdout, "-catalog") {
			t.Errorf("runs %s -h\n%s", sub, r)
		}
	}
}
