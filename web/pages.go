package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"brink/mc"
	"brink/results"
	"brink/scenario"
)

var funcs = template.FuncMap{
	"pct":      pct,
	"interval": interval,
	"commas":   commas,
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "–"
		}
		return t.Local().Format("2006-01-02 15:04")
	},
	"figure": func(label string, f *results.Figure) map[string]any {
		return map[string]any{"Label": label, "F": f}
	},
	"lines":  func(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") },
	"minus1": func(n int64) int64 { return n - 1 },
	"has":    func(list []string, s string) bool { return slices.Contains(list, s) },
	"dash": func(s string) string {
		if s == "" {
			return "–"
		}
		return s
	},
}

// pct is a probability as a percentage, to two decimals.
func pct(p float64) string { return fmt.Sprintf("%.2f %%", 100*p) }

// interval is a 95 % interval, in percent.
func interval(lo, hi float64) string { return fmt.Sprintf("%.2f–%.2f %%", 100*lo, 100*hi) }

// commas formats n with thousands separators.
func commas(n int64) string { return mc.Commas(n) }

// openCatalog opens the catalog if it exists; nil (and no error) if there is
// none yet.
func (s *Server) openCatalog() (*results.Catalog, error) {
	if _, err := os.Stat(s.opt.Catalog); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return results.OpenCatalog(s.opt.Catalog)
}

// listRuns lists the newest runs of the catalog (none if there is no catalog).
func (s *Server) listRuns(limit int) ([]*results.Run, error) {
	c, err := s.openCatalog()
	if c == nil || err != nil {
		return nil, err
	}
	defer c.Close()
	return c.List(results.Filter{Limit: limit})
}

// lookupRun finds the run named by the request's {id}: 404 unless the id is
// well formed and in the catalog.
func (s *Server) lookupRun(w http.ResponseWriter, id string) *results.Run {
	if !idPattern.MatchString(id) {
		s.fail(w, http.StatusNotFound, "%q is not a run id: ids are 4 to 12 hex digits, as the list of runs shows them.", id)
		return nil
	}
	c, err := s.openCatalog()
	if err != nil {
		s.failInternal(w, err, "The run catalog cannot be read")
		return nil
	}
	if c == nil {
		s.fail(w, http.StatusNotFound, "No run %s: there is no catalog yet.", id)
		return nil
	}
	defer c.Close()
	r, err := c.Get(id)
	switch {
	case errors.Is(err, results.ErrNotFound), errors.Is(err, results.ErrAmbiguous):
		s.fail(w, http.StatusNotFound, "No run %s in the catalog.", id)
		return nil
	case err != nil:
		s.failInternal(w, err, "The run catalog cannot be read")
		return nil
	}
	return r
}

func (s *Server) catalog(w http.ResponseWriter, r *http.Request) {
	runs, err := s.listRuns(500)
	if err != nil {
		s.failInternal(w, err, "The run catalog cannot be read")
		return
	}
	exps, err := results.ListExperiments(s.opt.RunsRoot)
	if err != nil {
		s.failInternal(w, err, "The comparisons and sweeps under %s cannot be listed", s.opt.RunsRoot)
		return
	}
	if len(exps) > 200 {
		exps = exps[:200]
	}
	s.render(w, http.StatusOK, "catalog", map[string]any{
		"Title": "Runs", "Nav": "runs", "Runs": runs, "Jobs": s.jobs.list(), "Catalog": s.opt.Catalog,
		"Experiments": exps, "RunsRoot": s.opt.RunsRoot,
	})
}

func (s *Server) run(w http.ResponseWriter, r *http.Request) {
	run := s.lookupRun(w, r.PathValue("id"))
	if run == nil {
		return
	}
	title := run.Scenario
	if run.Title != "" {
		title = run.Title
	}
	s.render(w, http.StatusOK, "run", map[string]any{"Title": title, "Nav": "runs", "Run": run})
}

// report shows the run's report, made by Options.Report, in a frame of the
// run's page.
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	run := s.lookupRun(w, r.PathValue("id"))
	if run == nil {
		return
	}
	s.serveReport(w, run.Dir, "run "+run.ID)
}

// serveReport writes the report of the results directory dir (of what), made
// by Options.Report.
func (s *Server) serveReport(w http.ResponseWriter, dir, what string) {
	var buf bytes.Buffer
	if err := s.opt.Report(&buf, dir); err != nil {
		s.failInternal(w, err, "No report for %s: its results directory is missing or cannot be read", what)
		return
	}
	// A report may style itself inline; it may not be framed by others.
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// designs are the designs of a sweep, as the editor offers them.
var designs = []string{"sobol", "morris", "lhs", "grid"}

// editorData is what the editor page shows.
type editorData struct {
	Title, Nav  string
	Name        string // the file name used in messages
	Text        string
	Builtins    []string
	Selected    string // the built-in shown, or ""
	FromRun     string // the run whose scenario is shown, or ""
	Check       checkResult
	Variant     string
	N, MaxN     int64
	Seed        uint64
	LaunchError string
	// A comparison or a sweep: its fields as the form last had them.
	Variants, Params, Design, Outcome string
	Points                            string
	Designs                           []string
	// The record box (evidence.go): its text ("" for the scenario's own
	// record: block, which it shows), its check, and the infer form.
	Record      string
	RecordCheck recordCheck
	Hypotheses  []string
	SMC         bool
	MaxEvidence int64
}

func (s *Server) editor(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := editorData{Title: "Scenario editor", Nav: "edit", Builtins: scenario.BuiltinIDs(), N: 1000, MaxN: s.opt.MaxTrajectories, Seed: 1,
		Designs: designs, Design: "sobol"}
	switch {
	case q.Get("run") != "":
		run := s.lookupRun(w, q.Get("run"))
		if run == nil {
			return
		}
		man, _, err := results.Read(run.Dir)
		if err != nil {
			s.failInternal(w, err, "Run %s: its results directory is missing or cannot be read", run.ID)
			return
		}
		d.Text, d.Name, d.FromRun, d.Variant, d.Seed = man.ScenarioText, path.Base(man.ScenarioFile), run.ID, man.Variant, man.Seed
	default:
		id := q.Get("scenario")
		if id == "" {
			id = scenario.DefaultID
		}
		text, err := scenario.BuiltinSource(id)
		if err != nil {
			s.fail(w, http.StatusNotFound, "%v", err)
			return
		}
		d.Text, d.Name, d.Selected = string(text), id+".yaml", id
	}
	d.Check = check(d.Name, []byte(d.Text))
	d.Record = recordBlock(d.Text)
	d.RecordCheck = checkRecord(d.Name, []byte(d.Text), []byte(d.Record))
	d.MaxEvidence = s.maxEvidenceN()
	s.render(w, http.StatusOK, "editor", d)
}

// checkResult is what checking a scenario text finds: what 'brink check'
// says of it, and its variants.
type checkResult struct {
	OK          bool         `json:"ok"`
	ID          string       `json:"id,omitempty"`
	Title       string       `json:"title,omitempty"`
	Diagnostics []diagnostic `json:"diagnostics"`
	Variants    []variant    `json:"variants"`
}

type diagnostic struct {
	Line  int    `json:"line,omitempty"`
	Col   int    `json:"col,omitempty"`
	Field string `json:"field,omitempty"`
	Msg   string `json:"msg"`
	Text  string `json:"text"` // as brink check prints it: file:line:col: field: message, the line and a caret
	// Head and Context are Text cut after its first line: the message, and
	// the source line with its caret.
	Head    string `json:"head"`
	Context string `json:"context,omitempty"`
}

func newDiagnostic(line, col int, field, msg, text string) diagnostic {
	head, context, _ := strings.Cut(text, "\n")
	return diagnostic{Line: line, Col: col, Field: field, Msg: msg, Text: text, Head: head, Context: context}
}

type variant struct {
	ID          string `json:"id"`
	Description string `json:"description"`
}

// check parses a scenario text and applies each of its variants, as 'brink
// check' does.
func check(name string, text []byte) checkResult {
	res := checkResult{Diagnostics: []diagnostic{}, Variants: []variant{}}
	sc, err := scenario.Parse(name, text)
	if err == nil {
		res.ID, res.Title = sc.ID, sc.Title
		for _, v := range sc.Variants {
			res.Variants = append(res.Variants, variant{v.ID, strings.TrimSpace(v.Description)})
		}
		err = mc.Check(sc)
	}
	var es scenario.Errors
	switch {
	case err == nil:
		res.OK = true
	case errors.As(err, &es):
		for _, d := range es {
			res.Diagnostics = append(res.Diagnostics, newDiagnostic(d.Pos.Line, d.Pos.Col, d.Field, d.Msg, d.Error()))
		}
	default:
		res.Diagnostics = append(res.Diagnostics, newDiagnostic(0, 0, "", err.Error(), err.Error()))
	}
	return res
}

// scenarioName is the file name a text from the editor is known by in
// messages and in the manifest: a base name ending in .yaml, never a path.
func scenarioName(s string) string {
	s = path.Base(strings.ReplaceAll(strings.TrimSpace(s), `\`, "/"))
	if s == "." || s == "/" || s == "" || len(s) > 100 {
		s = "scenario.yaml"
	}
	if !strings.HasSuffix(s, ".yaml") && !strings.HasSuffix(s, ".yml") {
		s += ".yaml"
	}
	return s
}

// parseForm parses a POSTed form, answering 413 for one over the size limit
// and 400 for a malformed one.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	err := r.ParseForm()
	if err == nil {
		return true
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		s.fail(w, http.StatusRequestEntityTooLarge, "The request is larger than %s bytes: a scenario that long is not one this dashboard takes.", commas(tooBig.Limit))
		return false
	}
	s.fail(w, http.StatusBadRequest, "Malformed request: %v", err)
	return false
}

func (s *Server) validate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, check(scenarioName(r.PostForm.Get("name")), []byte(r.PostForm.Get("text"))))
}

// traceData is what the trace page shows.
type traceData struct {
	Title, Nav string
	Runs       []*results.Run
	Builtins   []string
	Src        string
	Seed       uint64
	Variant    string
	K          int64
	Heading    string
	Text       string
	Error      string
	PrevK      int64
	NextK      int64
	HasPrev    bool
	HasNext    bool
}

// maxTraceK bounds the trajectory index of a built-in scenario's trace.
const maxTraceK = 1 << 40

// trace replays one trajectory of a kept run (src=run:ID) or of a built-in
// scenario (src=builtin:ID with seed and variant) and shows what 'brink trace'
// prints.
func (s *Server) trace(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	runs, err := s.listRuns(100)
	if err != nil {
		s.failInternal(w, err, "The run catalog cannot be read")
		return
	}
	d := traceData{Title: "Trace a trajectory", Nav: "trace", Runs: runs, Builtins: scenario.BuiltinIDs(), Src: q.Get("src"), Seed: 1, Variant: q.Get("variant")}
	if d.Src == "" {
		s.render(w, http.StatusOK, "trace", d)
		return
	}
	bad := func(format string, args ...any) {
		d.Error = fmt.Sprintf(format, args...)
		s.render(w, http.StatusBadRequest, "trace", d)
	}
	if k := q.Get("k"); k != "" {
		if d.K, err = strconv.ParseInt(k, 10, 64); err != nil || d.K < 0 {
			bad("The trajectory must be a whole number, 0 or more, not %q.", k)
			return
		}
	}
	if v := q.Get("seed"); v != "" {
		if d.Seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			bad("The seed must be a whole number, 0 or more, not %q.", v)
			return
		}
	}
	kind, id, _ := strings.Cut(d.Src, ":")
	var man results.Manifest
	limit := int64(maxTraceK)
	switch kind {
	case "run":
		if !idPattern.MatchString(id) {
			bad("%q is not a run id.", id)
			return
		}
		run := s.lookupRun(w, id)
		if run == nil {
			return
		}
		if man, _, err = results.Read(run.Dir); err != nil {
			s.failInternal(w, err, "Run %s: its results directory is missing or cannot be read", run.ID)
			return
		}
		d.Seed, d.Variant, limit = man.Seed, man.Variant, man.Trajectories
		d.Heading = fmt.Sprintf("Run %s: %s", run.ID, man.Scenario)
	case "builtin":
		text, err := scenario.BuiltinSource(id)
		if err != nil {
			bad("%v", err)
			return
		}
		sc, err := scenario.Parse(id+".yaml", text)
		if err != nil {
			bad("%v", err)
			return
		}
		man = results.NewManifest(sc, d.Seed, 0, 0, 0, time.Time{})
		man.Variant = d.Variant
		d.Heading = "Built-in scenario " + id
	default:
		bad("Choose a run or a built-in scenario to trace.")
		return
	}
	if d.K >= limit {
		bad("The run has %s trajectories, numbered 0 to %s; %s is not one of them.", commas(limit), commas(limit-1), commas(d.K))
		return
	}
	m, err := results.ModelOf(man)
	if err != nil {
		bad("%v", err)
		return
	}
	var b strings.Builder
	if err := mc.WriteTrace(&b, m, d.Seed, d.K); err != nil {
		s.failInternal(w, err, "The trace failed")
		return
	}
	d.Text = b.String()
	d.PrevK, d.HasPrev = d.K-1, d.K > 0
	d.NextK, d.HasNext = d.K+1, d.K+1 < limit
	s.render(w, http.StatusOK, "trace", d)
}
