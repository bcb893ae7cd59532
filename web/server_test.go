package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brink/mc"
	"brink/results"
	"brink/scenario"
	"brink/sim"
)

const smallFile = "../internal/cli/testdata/small.yaml"

// fixture is a dashboard over a fresh runs root holding one kept run.
type fixture struct {
	srv    *Server
	ts     *httptest.Server
	root   string
	runID  string
	runDir string
}

func newFixture(t *testing.T, withRun bool, tweak func(*Options)) *fixture {
	t.Helper()
	root := t.TempDir()
	f := &fixture{root: root}
	opt := Options{Catalog: filepath.Join(root, "catalog.sqlite"), RunsRoot: root, Workers: 2,
		Report: func(w io.Writer, dir string) error {
			_, err := fmt.Fprintf(w, "<!doctype html><title>report</title><p>REPORT OF %s</p>", filepath.Base(dir))
			return err
		}}
	if tweak != nil {
		tweak(&opt)
	}
	if withRun {
		sc, err := scenario.LoadFile(smallFile)
		if err != nil {
			t.Fatal(err)
		}
		m, err := sim.Compile(sc)
		if err != nil {
			t.Fatal(err)
		}
		started := time.Now().UTC()
		res := mc.Run(context.Background(), m, mc.Options{N: 200, Seed: 4, Workers: 2})
		dir, err := results.NewRunDir(root, sc, 4, 0, 0, started, "")
		if err == nil {
			err = results.Keep(opt.Catalog, dir, results.NewManifest(sc, 4, 200, 0, 0, started), res)
		}
		if err == nil {
			f.runID, err = results.RunID(dir)
		}
		if err != nil {
			t.Fatal(err)
		}
		f.runDir = dir
	}
	srv, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	f.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		srv.Close()
		f.ts.Close()
	})
	return f
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (f *fixture) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := noRedirect.Get(f.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (f *fixture) post(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := noRedirect.PostForm(f.ts.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func smallText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(smallFile)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCatalogWithoutRuns(t *testing.T) {
	f := newFixture(t, false, nil)
	code, body := f.get(t, "/")
	if code != 200 || !strings.Contains(body, "No runs are kept yet") {
		t.Errorf("GET / = %d, want 200 saying there are no runs:\n%s", code, body)
	}
	if _, err := os.Stat(filepath.Join(f.root, "catalog.sqlite")); err == nil {
		t.Errorf("looking at the list created a catalog")
	}
}

func TestCatalogRunAndReport(t *testing.T) {
	f := newFixture(t, true, nil)
	code, body := f.get(t, "/")
	if code != 200 || !strings.Contains(body, `href="/runs/`+f.runID+`"`) || !strings.Contains(body, "A border war") {
		t.Errorf("GET / = %d, want the run %s listed:\n%s", code, f.runID, body)
	}
	code, body = f.get(t, "/runs/"+f.runID)
	if code != 200 || !strings.Contains(body, "Any nuclear use") || !strings.Contains(body, "200 trajectories") {
		t.Errorf("GET /runs/%s = %d, want its headline figures:\n%s", f.runID, code, body)
	}
	code, body = f.get(t, "/runs/"+f.runID[:6]) // a unique prefix will do
	if code != 200 {
		t.Errorf("GET /runs/%s = %d, want 200", f.runID[:6], code)
	}
	code, body = f.get(t, "/runs/"+f.runID+"/report")
	if code != 200 || !strings.Contains(body, "REPORT OF "+filepath.Base(f.runDir)) {
		t.Errorf("GET /runs/%s/report = %d, want Options.Report's page:\n%s", f.runID, code, body)
	}
}

// Only ids in the catalog are looked up: nothing from the URL reaches a path.
func TestRunIDsAndTraversal(t *testing.T) {
	f := newFixture(t, true, nil)
	for _, p := range []string{
		"/runs/zzzz", "/runs/000000000000", "/runs/abc", "/runs/0123456789abcdef",
		"/runs/..%2f..%2fetc%2fpasswd", "/runs/%2e%2e", "/runs/..%2fcatalog.sqlite/report",
		"/runs/" + f.runID + "0", "/jobs/../../etc/passwd", "/jobs/0123456789abcdef", "/jobs/xyz/events",
		"/static/..%2f..%2fserver.go", "/static/../server.go", "/edit?run=..%2f..", "/edit?scenario=../../go.mod",
	} {
		code, body := f.get(t, p)
		if code == 200 || strings.Contains(body, "package web") || strings.Contains(body, "root:") {
			t.Errorf("GET %s = %d, want an error:\n%.300s", p, code, body)
		}
	}
	if code, _ := f.get(t, "/static/app.js"); code != 200 {
		t.Errorf("GET /static/app.js = %d", code)
	}
}

// Requests addressed to a name other than a loopback one or an address are
// refused (DNS rebinding); so are cross-origin writes.
func TestHostAndOrigin(t *testing.T) {
	f := newFixture(t, false, func(o *Options) { o.Hosts = []string{"brink.example"} })
	for host, want := range map[string]int{
		"evil.example": http.StatusMisdirectedRequest, "evil.example:80": http.StatusMisdirectedRequest,
		"localhost:8080": 200, "127.0.0.1:8080": 200, "[::1]:8080": 200, "brink.example:8080": 200,
	} {
		req, _ := http.NewRequest("GET", f.ts.URL+"/", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: status %d, want %d", host, resp.StatusCode, want)
		}
	}
	form := url.Values{"text": {smallText(t)}, "name": {"small.yaml"}}
	req, _ := http.NewRequest("POST", f.ts.URL+"/validate", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin POST: status %d, want 403", resp.StatusCode)
	}
}

func TestValidate(t *testing.T) {
	f := newFixture(t, false, nil)
	text := smallText(t)
	decode := func(body string) checkResult {
		var r checkResult
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		return r
	}
	resp, body := f.post(t, "/validate", url.Values{"text": {text}, "name": {"small.yaml"}})
	r := decode(body)
	if resp.StatusCode != 200 || !r.OK || r.ID != "small" || len(r.Variants) != 1 || r.Variants[0].ID != "calm" || r.Variants[0].Description == "" {
		t.Errorf("valid text: %d %+v", resp.StatusCode, r)
	}
	bad := strings.Replace(text, "horizon_days: 120", "horizon_days: many", 1)
	resp, body = f.post(t, "/validate", url.Values{"text": {bad}, "name": {"../../my crisis.yaml"}})
	r = decode(body)
	_, perr := scenario.Parse("my crisis.yaml", []byte(bad))
	if resp.StatusCode != 200 || r.OK || len(r.Diagnostics) != 1 || perr == nil || r.Diagnostics[0].Text != perr.Error() || r.Diagnostics[0].Line != 6 {
		t.Errorf("invalid text: %d %+v\nwant the message of brink check:\n%v", resp.StatusCode, r, perr)
	}
	// A bad variant is reported as brink check reports it.
	badVariant := strings.Replace(text, "actors.EAST.politics.resolve", "actors.NOBODY.politics.resolve", 1)
	if badVariant == text {
		t.Fatal("small.yaml no longer has the variant override this test breaks")
	}
	_, body = f.post(t, "/validate", url.Values{"text": {badVariant}, "name": {"small.yaml"}})
	if r = decode(body); r.OK || len(r.Diagnostics) == 0 || !strings.Contains(r.Diagnostics[0].Text, "NOBODY") || len(r.Variants) != 1 {
		t.Errorf("bad variant: %+v", r)
	}
	resp, body = f.post(t, "/validate", url.Values{"text": {strings.Repeat("# padding\n", 120_000)}})
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 1.2 MB body: status %d, want 413:\n%.300s", resp.StatusCode, body)
	}
}

func TestEditor(t *testing.T) {
	f := newFixture(t, true, nil)
	code, body := f.get(t, "/edit")
	if code != 200 || !strings.Contains(body, "ukraine-2022.yaml") || !strings.Contains(body, "learns-and-outproduces") {
		t.Errorf("GET /edit = %d, want the default scenario and its variants", code)
	}
	code, body = f.get(t, "/edit?run="+f.runID)
	if code != 200 || !strings.Contains(body, "A border war between a nuclear and a non-nuclear state") || !strings.Contains(body, "calm") {
		t.Errorf("GET /edit?run=%s = %d, want the run's scenario", f.runID, code)
	}
	if code, _ = f.get(t, "/edit?scenario=nope"); code != 404 {
		t.Errorf("GET /edit?scenario=nope = %d, want 404", code)
	}
}

func TestLaunchRefusesBadInput(t *testing.T) {
	f := newFixture(t, false, nil)
	text := smallText(t)
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"no trajectories", url.Values{"text": {text}, "n": {"0"}, "seed": {"1"}}, "number of trajectories"},
		{"too many", url.Values{"text": {text}, "n": {"2000000"}, "seed": {"1"}}, "number of trajectories"},
		{"not a number", url.Values{"text": {text}, "n": {"lots"}, "seed": {"1"}}, "number of trajectories"},
		{"negative seed", url.Values{"text": {text}, "n": {"10"}, "seed": {"-1"}}, "seed"},
		{"bad scenario", url.Values{"text": {"id: x\n"}, "n": {"10"}, "seed": {"1"}}, "problems"},
		{"no such variant", url.Values{"text": {text}, "n": {"10"}, "seed": {"1"}, "variant": {"nope"}}, "no variant"},
	} {
		resp, body := f.post(t, "/jobs", tc.form)
		if resp.StatusCode != 400 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: status %d, want 400 with %q:\n%.400s", tc.name, resp.StatusCode, tc.want, body)
		}
	}
	if code, body := f.get(t, "/"); !strings.Contains(body, "No runs are kept yet") {
		t.Errorf("a refused launch kept a run: %d", code)
	}
}

// readEvents reads a job's event stream until it says the run is kept or
// has failed, and returns every state it sent.
func readEvents(t *testing.T, f *fixture, jobID string) []jobState {
	t.Helper()
	resp, err := http.Get(f.ts.URL + "/jobs/" + jobID + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	var states []jobState
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		var st jobState
		if err := json.Unmarshal([]byte(data), &st); err != nil {
			t.Fatal(err)
		}
		states = append(states, st)
	}
	if len(states) == 0 {
		t.Fatal("no events")
	}
	return states
}

func launch(t *testing.T, f *fixture, n int) string {
	t.Helper()
	resp, body := f.post(t, "/jobs", url.Values{"text": {smallText(t)}, "name": {"small.yaml"}, "n": {fmt.Sprint(n)}, "seed": {"7"}, "variant": {"calm"}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/jobs/") {
		t.Fatalf("POST /jobs: %d %q\n%.500s", resp.StatusCode, loc, body)
	}
	return strings.TrimPrefix(loc, "/jobs/")
}

func TestLaunchRunsAndKeeps(t *testing.T) {
	f := newFixture(t, false, nil)
	id := launch(t, f, 3000)
	if code, body := f.get(t, "/jobs/"+id); code != 200 || !strings.Contains(body, "variant <b>calm</b>") {
		t.Errorf("GET /jobs/%s = %d:\n%s", id, code, body)
	}
	states := readEvents(t, f, id)
	last := states[len(states)-1]
	if last.State != "saved" || last.Partial || last.Done != 3000 || last.Summary == nil || last.Summary.Trajectories != 3000 || last.RunID == "" {
		t.Fatalf("last state %+v", last)
	}
	// The run is kept and catalogued as brink run keeps it.
	c, err := results.OpenCatalog(f.srv.opt.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	run, err := c.Get(last.RunID)
	if err != nil {
		t.Fatal(err)
	}
	if run.Variant != "calm" || run.Seed != 7 || run.Done != 3000 || run.Partial || filepath.Dir(run.Dir) != mustCanonical(t, f.root) {
		t.Errorf("catalogued %+v", run)
	}
	man, _, err := results.Read(run.Dir)
	if err != nil || man.ScenarioText != smallText(t) || man.ScenarioFile != "small.yaml" {
		t.Errorf("manifest %+v, %v", man, err)
	}
	// The same as brink run gives: the summary of mc.Run.
	m, err := results.ModelOf(man)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(mc.Summarize(mc.Run(context.Background(), m, mc.Options{N: 3000, Seed: 7})))
	got, _ := json.Marshal(last.Summary)
	if string(got) != string(want) {
		t.Errorf("the dashboard's summary differs from mc.Run's")
	}
	// A finished job's stream says so at once.
	if again := readEvents(t, f, id); len(again) != 1 || again[0].State != "saved" {
		t.Errorf("the stream of a finished job: %+v", again)
	}
}

func mustCanonical(t *testing.T, dir string) string {
	t.Helper()
	d, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// One run at a time when MaxRuns is 1; a cancelled run keeps what finished,
// marked partial.
func TestMaxRunsAndCancel(t *testing.T) {
	f := newFixture(t, false, func(o *Options) { o.MaxRuns = 1; o.MaxTrajectories = 50_000_000 })
	id := launch(t, f, 50_000_000)
	resp, body := f.post(t, "/jobs", url.Values{"text": {smallText(t)}, "n": {"10"}, "seed": {"1"}})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "runs are going already") {
		t.Errorf("a second run: %d, want 429:\n%.400s", resp.StatusCode, body)
	}
	// Let some trajectories finish, then cancel.
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, _ := f.srv.jobs.get(id).snapshot()
		if st.Done > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if resp, _ := f.post(t, "/jobs/"+id+"/cancel", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("cancel: %d", resp.StatusCode)
	}
	states := readEvents(t, f, id)
	last := states[len(states)-1]
	if last.State != "saved" || !last.Partial || last.Done == 0 || last.Done >= 50_000_000 || !last.Summary.Partial {
		t.Fatalf("after cancelling: %+v", last)
	}
	code, body := f.get(t, "/runs/"+last.RunID)
	if code != 200 || !strings.Contains(body, "partial") {
		t.Errorf("the cancelled run's page: %d", code)
	}
	if resp, _ := f.post(t, "/jobs/"+id+"/cancel", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("cancelling again: %d", resp.StatusCode)
	}
	if resp, _ := f.post(t, "/jobs/0123456789abcdef/cancel", nil); resp.StatusCode != 404 {
		t.Errorf("cancelling no job: %d, want 404", resp.StatusCode)
	}
}

func TestTrace(t *testing.T) {
	f := newFixture(t, true, nil)
	if code, body := f.get(t, "/trace"); code != 200 || !strings.Contains(body, "run:"+f.runID) {
		t.Errorf("GET /trace = %d, want the form listing the run", code)
	}
	code, body := f.get(t, "/trace?src=run:"+f.runID+"&k=3")
	sc, _ := scenario.LoadFile(smallFile)
	m, _ := sim.Compile(sc)
	var want strings.Builder
	mc.WriteTrace(&want, m, 4, 3)
	if code != 200 || !strings.Contains(body, "seed 4, trajectory 3") || !strings.Contains(body, strings.SplitN(want.String(), "\n", 2)[0]) {
		t.Errorf("trace of a run: %d:\n%.600s", code, body)
	}
	if code, body = f.get(t, "/trace?src=builtin:cuba-1962&seed=2&k=1&variant="); code != 200 || !strings.Contains(body, "cuba-1962, seed 2, trajectory 1") {
		t.Errorf("trace of a built-in: %d:\n%.600s", code, body)
	}
	for _, q := range []string{
		"src=run:" + f.runID + "&k=200", "src=run:" + f.runID + "&k=-1", "src=run:" + f.runID + "&k=x",
		"src=run:..%2f..&k=1", "src=builtin:nope&k=1", "src=builtin:cuba-1962&variant=nope&k=1",
		"src=builtin:cuba-1962&seed=-3&k=1", "src=file:/etc/passwd&k=1",
	} {
		if code, body := f.get(t, "/trace?"+q); code != 400 && code != 404 || strings.Contains(body, "Drawn for this trajectory") {
			t.Errorf("GET /trace?%s = %d, want 400 or 404", q, code)
		}
	}
}

// Serve stops when its context is cancelled, and a run going is cancelled
// and kept, marked partial.
func TestServeShutsDownGracefully(t *testing.T) {
	root := t.TempDir()
	srv, err := New(Options{Catalog: filepath.Join(root, "catalog.sqlite"), RunsRoot: root, MaxTrajectories: 50_000_000,
		Report: func(io.Writer, string) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	resp, err := noRedirect.PostForm(base+"/jobs", url.Values{"text": {smallText(t)}, "n": {"50000000"}, "seed": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	events, err := http.Get(base + resp.Header.Get("Location") + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	time.Sleep(300 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Serve did not return after its context was cancelled")
	}
	c, err := results.OpenCatalog(filepath.Join(root, "catalog.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	runs, err := c.List(results.Filter{})
	if err != nil || len(runs) != 1 || !runs[0].Partial || runs[0].Done == 0 {
		t.Errorf("after shutdown the catalog holds %v (%v), want one partial run", runs, err)
	}
}
