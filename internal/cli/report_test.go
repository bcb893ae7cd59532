package cli

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wellFormed reports whether page parses as XML (the report is written as
// well-formed XHTML).
func wellFormed(t *testing.T, page []byte) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(page)))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("report.html does not parse: %v", err)
		}
	}
}

func readReport(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, data)
	return string(data)
}

// brink report writes report.html for a run, a comparison and a sweep.
func TestReportOfEachKindOfDirectory(t *testing.T) {
	tmp := t.TempDir()
	run, cmp, sw := filepath.Join(tmp, "run"), filepath.Join(tmp, "cmp"), filepath.Join(tmp, "sw")
	wantCode(t, brink(t, "run", smallScenario, "-n", "300", "-seed", "3", "-variant", "calm", "-out", run), exitOK)
	wantCode(t, brink(t, "compare", smallScenario, "-n", "200", "-out", cmp), exitOK)
	wantCode(t, brink(t, "sweep", sweepScenario, "-params", alarmsParam+","+inertParam, "-points", "4", "-n", "50", "-out", sw), exitOK)

	r := brink(t, "report", run)
	wantCode(t, r, exitOK)
	if strings.TrimSpace(r.stdout) != filepath.Join(run, "report.html") {
		t.Errorf("brink report prints %q, want the report's path", r.stdout)
	}
	page := readReport(t, run)
	for _, want := range []string{"Probability of nuclear use within four months: ", "(variant calm)",
		"brink run testdata/small.yaml -n 300 -seed 3 -variant calm", "Share of trajectories at each rung of EAST–WEST over time"} {
		if !strings.Contains(page, want) {
			t.Errorf("the run's report lacks %q", want)
		}
	}

	wantCode(t, brink(t, "report", cmp), exitOK)
	page = readReport(t, cmp)
	for _, want := range []string{"baseline and one variant", "changes any nuclear use", ">calm<",
		"Differences from the baseline", "brink compare testdata/small.yaml -variants calm -n 200 -seed 1"} {
		if !strings.Contains(page, want) {
			t.Errorf("the comparison's report lacks %q", want)
		}
	}

	wantCode(t, brink(t, "report", sw), exitOK)
	page = readReport(t, sw)
	for _, want := range []string{"Sobol indices of the probability of", "total index ST", "No assumption can be told from noise with this design: even " + alarmsParam, // 4 base rows: intervals reach 0
		"brink sweep testdata/sweep.yaml -params"} {
		if !strings.Contains(page, want) {
			t.Errorf("the sweep's report lacks %q", want)
		}
	}
}

func TestReportMisuse(t *testing.T) {
	r := brink(t, "report")
	wantCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, "expected one results directory") || !strings.Contains(r.stderr, "Usage: brink report DIR") {
		t.Errorf("no directory:\n%s", r)
	}
	wantCode(t, brink(t, "report", "a", "b"), exitUsage)
	r = brink(t, "report", filepath.Join(t.TempDir(), "missing"))
	wantCode(t, r, exitFail)
	if !strings.Contains(r.stderr, "no such directory") {
		t.Errorf("a missing directory:\n%s", r)
	}
	r = brink(t, "report", t.TempDir())
	if r.code == exitOK || !strings.Contains(r.stderr, "not a results directory") {
		t.Errorf("an empty directory:\n%s", r)
	}
	r = brink(t, "report", "-h")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "Examples:") {
		t.Errorf("help:\n%s", r)
	}
}
