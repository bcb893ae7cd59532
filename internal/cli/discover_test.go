package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/discover"
)

// brink discover -h explains the method and the outcomes it takes.
func TestDiscoverHelp(t *testing.T) {
	r := brink(t, "discover", "-h")
	wantCode(t, r, exitOK)
	for _, want := range []string{"Usage: brink discover DIR -outcome NAME", "PRIM", "quasi-p-value", "territory:ukraine<0.05", "noise", "Examples:"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the help lacks %q:\n%s", want, r.stdout)
		}
	}
}

// Misuse exits 2; a directory without rows, or an unknown outcome, exits 1
// with a message that says what to do.
func TestDiscoverErrors(t *testing.T) {
	wantCode(t, brink(t, "discover"), exitUsage)
	wantCode(t, brink(t, "discover", "a", "b"), exitUsage)
	wantCode(t, brink(t, "discover", "a", "-alpha", "0.7"), exitUsage)
	dir := filepath.Join(t.TempDir(), "bare")
	wantCode(t, brink(t, "run", "-n", "50", "-out", dir), exitOK)
	r := brink(t, "discover", dir)
	wantCode(t, r, exitFail)
	if !strings.Contains(r.stderr, "-rows") {
		t.Errorf("a run without rows: %s", r.stderr)
	}
	rows := filepath.Join(t.TempDir(), "rows")
	wantCode(t, brink(t, "run", "-n", "200", "-rows", "-out", rows), exitOK)
	r = brink(t, "discover", rows, "-outcome", "nuclear_war_on_mars")
	wantCode(t, r, exitFail)
	if !strings.Contains(r.stderr, "unknown outcome") {
		t.Errorf("an unknown outcome: %s", r.stderr)
	}
}

// On a real run's rows, discover reads every uncertain parameter, keeps its
// result in the directory, and brink report shows it.
func TestDiscoverRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	wantCode(t, brink(t, "run", "-n", "400", "-rows", "-out", dir), exitOK)
	r := brink(t, "discover", dir, "-outcome", "settlement", "-json")
	wantCode(t, r, exitOK)
	var res discover.Result
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	if res.Rows != 400 || res.Params+len(res.Constant) < 10 || len(res.Influence) != res.Params {
		t.Errorf("rows %d, params %d (+%d constant), ranked %d", res.Rows, res.Params, len(res.Constant), len(res.Influence))
	}
	if _, err := os.Stat(filepath.Join(dir, discover.FileName("settlement"))); err != nil {
		t.Fatal(err)
	}
	wantCode(t, brink(t, "report", dir), exitOK)
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Where the assumptions make") {
		t.Error("the report has no discovery section")
	}
}
