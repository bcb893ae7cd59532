package web

// The record beside the scenario: a record file checked as it is typed, and
// validate and infer launched from the editor as jobs, kept as the results
// directories brink validate -out and brink infer -out write, and shown as
// their reports (package report).

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"brink/evidence"
	"brink/results"
	"brink/scenario"
)

// recordName is the file name a record from the editor is known by.
const recordName = "record.yaml"

// recordBlock returns the scenario text's top-level record: block as a
// record file (its lines, unindented), or "" if it has none.
func recordBlock(text string) string {
	lines := strings.Split(text, "\n")
	start := -1
	for i, l := range lines {
		if topRecord.MatchString(l) {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return ""
	}
	end := start
	for end < len(lines) {
		l := lines[end]
		if strings.TrimSpace(l) != "" && l[0] != ' ' && l[0] != '\t' && l[0] != '#' {
			break
		}
		end++
	}
	body := lines[start:end]
	for len(body) > 0 && strings.TrimSpace(body[len(body)-1]) == "" {
		body = body[:len(body)-1]
	}
	indent := -1
	for _, l := range body {
		if t := strings.TrimLeft(l, " "); t != "" && !strings.HasPrefix(t, "#") {
			if n := len(l) - len(t); indent < 0 || n < indent {
				indent = n
			}
		}
	}
	var b strings.Builder
	for _, l := range body {
		k := 0
		for k < indent && k < len(l) && l[k] == ' ' {
			k++
		}
		b.WriteString(l[k:])
		b.WriteByte('\n')
	}
	return b.String()
}

var topRecord = regexp.MustCompile(`^record:\s*(#.*)?$`)

// recordCheck is what checking a record text finds.
type recordCheck struct {
	OK           bool         `json:"ok"`
	Status       string       `json:"status"` // one line: what the record is, or why it cannot be checked
	Observations int          `json:"observations"`
	Events       int          `json:"events"`
	Values       int          `json:"values"`
	Through      string       `json:"through,omitempty"`
	Diagnostics  []diagnostic `json:"diagnostics"`
}

// checkRecord parses a record text against the scenario text, as brink
// validate -record does: positioned problems, or what the record holds. An
// empty record stands for the scenario's own record: block.
func checkRecord(name string, scText, recText []byte) recordCheck {
	res := recordCheck{Diagnostics: []diagnostic{}}
	sc, err := scenario.Parse(name, scText)
	if err != nil {
		res.Status = "The scenario has problems: the record is checked against it once they are fixed."
		return res
	}
	rec := sc.Record
	if strings.TrimSpace(string(recText)) != "" {
		rec, err = scenario.ParseRecord(recordName, recText, sc)
	}
	var es scenario.Errors
	switch {
	case errors.As(err, &es):
		for _, d := range es {
			res.Diagnostics = append(res.Diagnostics, newDiagnostic(d.Pos.Line, d.Pos.Col, d.Field, d.Msg, d.Error()))
		}
	case err != nil:
		res.Diagnostics = append(res.Diagnostics, newDiagnostic(0, 0, "", err.Error(), err.Error()))
	case rec == nil || len(rec.Observations) == 0:
		res.Status = "No record: write observations here (see README, “Records”) to validate and infer."
		return res
	default:
		err = evidence.CheckRecord(sc, rec)
		if err != nil {
			res.Diagnostics = append(res.Diagnostics, newDiagnostic(0, 0, "", err.Error(), err.Error()))
		}
	}
	if len(res.Diagnostics) > 0 {
		n := len(res.Diagnostics)
		res.Status = fmt.Sprintf("✗ %d problem%s", n, map[bool]string{true: "", false: "s"}[n == 1])
		return res
	}
	res.OK = true
	res.Observations = len(rec.Observations)
	for i := range rec.Observations {
		if rec.Observations[i].IsEvent() {
			res.Events++
		} else {
			res.Values++
		}
	}
	if !rec.Through.IsZero() {
		res.Through = rec.Through.Format(time.DateOnly)
	}
	res.Status = fmt.Sprintf("✓ %d observations (%d events, %d values)", res.Observations, res.Events, res.Values)
	if res.Through != "" {
		res.Status += " through " + res.Through
	}
	return res
}

func (s *Server) validateRecord(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	writeJSON(w, http.StatusOK, checkRecord(scenarioName(f.Get("name")), []byte(f.Get("text")), []byte(f.Get("record"))))
}

// maxEvidenceN bounds the trajectories of a validate or infer job (per
// hypothesis for infer): the dashboard's run limit, and no more than 200,000.
func (s *Server) maxEvidenceN() int64 { return min(s.opt.MaxTrajectories, 200_000) }

// launchEvidence starts a validate or an infer job of the editor's form
// (the scenario already checked and compiled as sc, without its variant for
// infer) and sends the browser to its page.
func (s *Server) launchEvidence(w http.ResponseWriter, r *http.Request, d editorData, base *scenario.Scenario, kind string, refuse func(int, string, ...any)) {
	f := r.PostForm
	sc := base
	if kind == "validate" && d.Variant != "" {
		var err error
		if sc, err = base.WithVariant(d.Variant); err != nil {
			refuse(http.StatusBadRequest, "%v", err)
			return
		}
	}
	if d.N > s.maxEvidenceN() {
		refuse(http.StatusBadRequest, "validate and infer take at most %s trajectories here (brink %s on the command line takes more).", commas(s.maxEvidenceN()), kind)
		return
	}
	rec := sc.Record
	if strings.TrimSpace(d.Record) != "" {
		var err error
		if rec, err = scenario.ParseRecord(recordName, []byte(d.Record), sc); err != nil {
			refuse(http.StatusBadRequest, "The record has problems (listed below it); fix them to %s.", kind)
			return
		}
	}
	if rec == nil || len(rec.Observations) == 0 {
		refuse(http.StatusBadRequest, "There is no record to %s against: write one in the record box, or give the scenario a record: block.", kind)
		return
	}
	var hyps []string
	for _, h := range f["hypothesis"] {
		if slices.ContainsFunc(base.Variants, func(v scenario.Variant) bool { return v.ID == h }) && !slices.Contains(hyps, h) {
			hyps = append(hyps, h)
		}
	}
	smc := f.Get("smc") != ""
	var in *evidence.Inferrer
	if kind == "infer" {
		var err error
		in, err = evidence.NewInferrer(sc, rec, evidence.InferOptions{Options: evidence.Options{N: d.N, Seed: d.Seed, Workers: s.opt.Workers}, Variants: hyps})
		if err != nil {
			refuse(http.StatusBadRequest, "%v", err)
			return
		}
	}
	var idb [8]byte
	rand.Read(idb[:])
	ctx, cancel := context.WithCancel(s.runCtx)
	j := &job{ID: hex.EncodeToString(idb[:]), Kind: kind, Scenario: sc.ID, Title: sc.Title, Variant: sc.Variant, N: d.N, Seed: d.Seed,
		Hypotheses: hyps, SMC: smc, Started: time.Now().UTC(), cancelRun: cancel, changed: make(chan struct{})}
	j.st = jobState{State: "running", N: d.N}
	if !s.jobs.add(j, s.opt.MaxRuns) {
		cancel()
		refuse(http.StatusTooManyRequests, "%d jobs are going already, the most this dashboard runs at once; wait for one to finish or cancel it.", s.opt.MaxRuns)
		return
	}
	s.runs.Add(1)
	go func() {
		defer s.runs.Done()
		defer cancel()
		s.executeEvidence(ctx, j, sc, rec, in)
	}()
	http.Redirect(w, r, "/jobs/"+j.ID, http.StatusSeeOther)
}

// executeEvidence runs a validate or infer job and keeps its result as
// brink validate -out (infer -out) does.
func (s *Server) executeEvidence(ctx context.Context, j *job, sc *scenario.Scenario, rec *scenario.Record, in *evidence.Inferrer) {
	s.opt.Logf("%s %s: %s, %d trajectories, seed %d", j.Kind, j.ID, sc.ID, j.N, j.Seed)
	progress := func(done int64) { j.update(func(st *jobState) { st.Done = max(st.Done, done) }) }
	opt := evidence.Options{N: j.N, Seed: j.Seed, Workers: s.opt.Workers, Progress: progress}
	var (
		rep    any
		text   string
		format string
		file   string
		err    error
	)
	if j.Kind == "validate" {
		var v *evidence.Validation
		if v, err = evidence.Validate(ctx, sc, rec, opt); err == nil {
			rep, text, format, file = v, v.Text(), evidence.ValidateFormat, evidence.ValidateFile
		}
	} else {
		in.SetProgress(progress)
		var acc *evidence.Accumulator
		if acc, err = in.Run(ctx); err == nil {
			r := in.Summarise(acc)
			if j.SMC {
				j.update(func(st *jobState) { st.Stage = "resample-and-move" })
				sacc, res, serr := in.SMC(ctx, evidence.SMCOptions{Particles: int(min(j.N, 1000))})
				if err = serr; err == nil {
					in.WithSMC(r, sacc, res)
				}
			}
			rep, text, format, file = r, r.Text(), evidence.InferFormat, evidence.InferFile
		}
	}
	if err == nil {
		var dir string
		if dir, err = results.NewRunDir(s.opt.RunsRoot, sc, j.Seed, 0, 0, j.Started, j.Kind); err == nil {
			err = results.KeepEvidence(dir, sc, j.Seed, j.N, j.Started, format, file, rep, text)
			j.dir = dir
		}
	}
	j.update(func(st *jobState) {
		if err != nil {
			st.State, st.Error = "failed", err.Error()
			if errors.Is(err, context.Canceled) {
				st.Error = "cancelled: validate and infer keep nothing unfinished"
			}
			return
		}
		st.Done, st.State, st.Report = j.N, "saved", "/jobs/"+j.ID+"/report"
	})
	if err != nil {
		s.opt.Logf("%s %s: %v", j.Kind, j.ID, err)
		return
	}
	s.opt.Logf("%s %s: kept in %s", j.Kind, j.ID, j.dir)
}

// jobReport shows the report of a finished validate or infer job.
func (s *Server) jobReport(w http.ResponseWriter, r *http.Request) {
	j := s.lookupJob(w, r.PathValue("id"))
	if j == nil {
		return
	}
	st, _ := j.snapshot()
	if st.Report == "" || j.dir == "" {
		s.fail(w, http.StatusNotFound, "Job %s has no report: it is not a validate or infer job, or it has not finished.", j.ID)
		return
	}
	s.serveReport(w, j.dir, "job "+j.ID)
}
