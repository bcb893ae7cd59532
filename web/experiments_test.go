package web

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/results"
)

// The dashboard launches a comparison and a sweep as brink compare and
// brink sweep run them, keeps them under the runs root, lists them with the
// runs and serves their reports.
func TestLaunchCompareAndSweep(t *testing.T) {
	f := newFixture(t, false, nil)
	if code, body := f.get(t, "/"); code != 200 || !strings.Contains(body, `id="experiments-empty"`) {
		t.Fatalf("GET / without experiments = %d:\n%s", code, body)
	}
	for _, tc := range []struct {
		form      url.Values
		kind, out string
		want      string // in the text the job ends with
	}{
		{url.Values{"kind": {"compare"}, "variants": {"all"}, "n": {"200"}}, "compare", "compare.json", "calm"},
		{url.Values{"kind": {"sweep"}, "params": {"actors.EAST.politics.resolve=0.2:0.8"}, "design": {"grid"}, "points": {"3"},
			"outcome": {"settlement"}, "n": {"50"}}, "sweep", "sweep.json", "Sweep of small"},
	} {
		tc.form.Set("text", smallText(t))
		tc.form.Set("name", "small.yaml")
		tc.form.Set("seed", "3")
		resp, body := f.post(t, "/jobs", tc.form)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/jobs/") {
			t.Fatalf("POST /jobs %s: %d %q\n%.800s", tc.kind, resp.StatusCode, loc, body)
		}
		id := strings.TrimPrefix(loc, "/jobs/")
		states := readEvents(t, f, id)
		last := states[len(states)-1]
		if last.State != "saved" || last.Partial || last.Report == "" || !strings.Contains(last.Text, tc.want) {
			t.Fatalf("%s: last state %+v", tc.kind, last)
		}
		name := strings.TrimSuffix(strings.TrimPrefix(last.Report, "/experiments/"), "/report")
		if _, err := os.Stat(filepath.Join(f.root, name, tc.out)); err != nil {
			t.Errorf("%s: not kept: %v", tc.kind, err)
		}
		if code, body := f.get(t, last.Report); code != 200 || !strings.Contains(body, "REPORT OF "+name) {
			t.Errorf("GET %s = %d:\n%.300s", last.Report, code, body)
		}
		if code, body := f.get(t, "/jobs/"+id); code != 200 || !strings.Contains(body, "Open the report") {
			t.Errorf("GET /jobs/%s = %d:\n%.500s", id, code, body)
		}
	}
	exps, err := results.ListExperiments(f.root)
	if err != nil || len(exps) != 2 {
		t.Fatalf("ListExperiments: %v, %v", exps, err)
	}
	code, body := f.get(t, "/")
	for _, e := range exps {
		if !strings.Contains(body, fmt.Sprintf(`href="/experiments/%s/report"`, e.Name)) {
			t.Errorf("the list of runs does not link %s %s:\n%s", e.Kind, e.Name, body)
		}
	}
	if code != 200 || strings.Contains(body, "experiments-empty") {
		t.Errorf("GET / = %d", code)
	}
	// Bad input is refused on the editor's page, with the reason.
	for _, tc := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"kind": {"compare"}, "variants": {"nosuch"}}, "no variant"},
		{url.Values{"kind": {"compare"}, "variant": {"calm"}}, "choose no variant"},
		{url.Values{"kind": {"sweep"}}, "needs parameters"},
		{url.Values{"kind": {"sweep"}, "params": {"actors.EAST.politics.resolve=0.2:0.8"}, "design": {"box"}}, "unknown design"},
		{url.Values{"kind": {"sweep"}, "params": {"actors.EAST.politics.resolve=0.2:0.8"}, "n": {"1000000"}, "points": {"50"}, "design": {"lhs"}}, "more than this dashboard runs"},
		{url.Values{"kind": {"launch-missiles"}}, "Unknown kind"},
	} {
		tc.form.Set("text", smallText(t))
		tc.form.Set("name", "small.yaml")
		tc.form.Set("seed", "3")
		if tc.form.Get("n") == "" {
			tc.form.Set("n", "10")
		}
		resp, body := f.post(t, "/jobs", tc.form)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, tc.want) {
			t.Errorf("%v: %d, want 400 with %q\n%.600s", tc.form, resp.StatusCode, tc.want, body)
		}
	}
	// Names that are not experiments are not found.
	for _, p := range []string{"/experiments/nosuch/report", "/experiments/..%2f..%2fetc/report"} {
		if code, _ := f.get(t, p); code != 404 {
			t.Errorf("GET %s = %d, want 404", p, code)
		}
	}
}
