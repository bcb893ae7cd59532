package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"brink/mc"
	"brink/results"
	"brink/scenario"
	"brink/sim"
)

// A job is a run, a comparison or a sweep launched from the dashboard. A run
// runs as 'brink run' does — mc.Run, in blocks (mc.RunSteps) so that the
// summary fills in — and is kept in a results directory under the runs root
// and catalogued; cancelled, it keeps what finished, marked partial. A
// comparison or a sweep runs as 'brink compare' or 'brink sweep' does and is
// kept under the runs root too, listed with the catalog (experiments.go).
type job struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"` // run, compare, sweep, validate or infer (evidence.go)
	What     string    `json:"what"` // for a comparison or a sweep: what it varies
	Scenario string    `json:"scenario"`
	Title    string    `json:"title"`
	Variant  string    `json:"variant"`
	N        int64     `json:"n"`
	Seed     uint64    `json:"seed"`
	Started  time.Time `json:"started"`
	// Hypotheses are an inference's variants, SMC whether it adds
	// resample-and-move; dir is where a finished validate or infer job was
	// kept.
	Hypotheses []string `json:"hypotheses,omitempty"`
	SMC        bool     `json:"smc,omitempty"`
	dir        string

	cancelRun context.CancelFunc

	mu      sync.Mutex
	st      jobState
	changed chan struct{} // closed and replaced at every change
}

// jobState is what the job's page shows, sent as it changes.
type jobState struct {
	State   string      `json:"state"` // running, cancelling, saved, failed
	Done    int64       `json:"done"`
	N       int64       `json:"n"`
	Elapsed float64     `json:"elapsed"` // seconds
	Summary *mc.Summary `json:"summary,omitempty"`
	RunID   string      `json:"run_id,omitempty"`
	// Report is the address of the report of a kept comparison or sweep, or
	// of a finished validate or infer job; Text what 'brink compare' or
	// 'brink sweep' would have printed.
	Report  string `json:"report,omitempty"`
	Text    string `json:"text,omitempty"`
	Partial bool   `json:"partial"`
	Error   string `json:"error,omitempty"`
	Stage   string `json:"stage,omitempty"` // what an infer job is doing after its trajectories
	version int
}

func (j *job) update(f func(*jobState)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	f(&j.st)
	j.st.Elapsed = time.Since(j.Started).Seconds()
	j.st.version++
	close(j.changed)
	j.changed = make(chan struct{})
}

// snapshot is the job's state and a channel closed at its next change.
func (j *job) snapshot() (jobState, <-chan struct{}) {
	j.mu.Lock()
	defer j.mu.Unlock()
	st := j.st
	if st.State == "running" || st.State == "cancelling" {
		st.Elapsed = time.Since(j.Started).Seconds()
	}
	return st, j.changed
}

func (j *job) finished() bool {
	st, _ := j.snapshot()
	return st.State == "saved" || st.State == "failed"
}

// jobs are the runs launched from this dashboard, going and done.
type jobs struct {
	mu    sync.Mutex
	byID  map[string]*job
	order []string
}

// maxJobsKept is how many finished jobs are remembered (the runs themselves
// are in the catalog).
const maxJobsKept = 50

func (js *jobs) get(id string) *job {
	js.mu.Lock()
	defer js.mu.Unlock()
	return js.byID[id]
}

// list is the jobs still going, oldest first.
func (js *jobs) list() []*job {
	js.mu.Lock()
	defer js.mu.Unlock()
	var out []*job
	for _, id := range js.order {
		if j := js.byID[id]; !j.finished() {
			out = append(out, j)
		}
	}
	return out
}

// add registers j unless max jobs are going already.
func (js *jobs) add(j *job, max int) bool {
	js.mu.Lock()
	defer js.mu.Unlock()
	going := 0
	for _, id := range js.order {
		if !js.byID[id].finished() {
			going++
		}
	}
	if going >= max {
		return false
	}
	js.byID[j.ID] = j
	js.order = append(js.order, j.ID)
	// Forget the oldest finished jobs beyond the limit.
	for len(js.order) > maxJobsKept {
		i := 0
		for ; i < len(js.order) && !js.byID[js.order[i]].finished(); i++ {
		}
		if i == len(js.order) {
			break
		}
		delete(js.byID, js.order[i])
		js.order = append(js.order[:i], js.order[i+1:]...)
	}
	return true
}

// launch starts a run of the scenario text POSTed by the editor and sends the
// browser to its page.
func (s *Server) launch(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	d := editorData{Title: "Scenario editor", Nav: "edit", Builtins: scenario.BuiltinIDs(), MaxN: s.opt.MaxTrajectories,
		Name: scenarioName(f.Get("name")), Text: f.Get("text"), Variant: f.Get("variant"), Selected: f.Get("builtin"), FromRun: f.Get("from_run"),
		Variants: f.Get("variants"), Params: f.Get("params"), Design: f.Get("design"), Points: f.Get("points"), Outcome: f.Get("outcome"), Designs: designs,
		Record: f.Get("record"), Hypotheses: f["hypothesis"], SMC: f.Get("smc") != "", MaxEvidence: s.maxEvidenceN()}
	if !idPattern.MatchString(d.FromRun) {
		d.FromRun = ""
	}
	d.Check = check(d.Name, []byte(d.Text))
	d.RecordCheck = checkRecord(d.Name, []byte(d.Text), []byte(d.Record))
	refuse := func(status int, format string, args ...any) {
		d.LaunchError = fmt.Sprintf(format, args...)
		s.render(w, status, "editor", d)
	}
	var err error
	if d.N, err = strconv.ParseInt(strings.TrimSpace(f.Get("n")), 10, 64); err != nil || d.N < 1 || d.N > s.opt.MaxTrajectories {
		d.N = 1000
		refuse(http.StatusBadRequest, "The number of trajectories must be a whole number from 1 to %s.", commas(s.opt.MaxTrajectories))
		return
	}
	if d.Seed, err = strconv.ParseUint(strings.TrimSpace(f.Get("seed")), 10, 64); err != nil {
		d.Seed = 1
		refuse(http.StatusBadRequest, "The seed must be a whole number, 0 or more.")
		return
	}
	if !d.Check.OK {
		refuse(http.StatusBadRequest, "The scenario has problems (listed below the text); fix them to run it.")
		return
	}
	sc, err := scenario.Parse(d.Name, []byte(d.Text))
	if kind := f.Get("action"); err == nil && (kind == "validate" || kind == "infer") {
		s.launchEvidence(w, r, d, sc, kind, refuse)
		return
	}
	if err == nil && d.Variant != "" {
		sc, err = sc.WithVariant(d.Variant)
	}
	var m *sim.Model
	if err == nil {
		m, err = sim.Compile(sc)
	}
	if err != nil {
		refuse(http.StatusBadRequest, "%v", err)
		return
	}
	kind := f.Get("kind")
	var exp *experiment
	switch kind {
	case "", "run":
		kind = "run"
	case "compare", "sweep":
		if exp, err = s.prepareExperiment(kind, sc, m, d.N, f); err != nil {
			refuse(http.StatusBadRequest, "%v", err)
			return
		}
		sc = exp.sc
	default:
		refuse(http.StatusBadRequest, "Unknown kind of job %q: run, compare or sweep.", kind)
		return
	}
	var idb [8]byte
	rand.Read(idb[:])
	ctx, cancel := context.WithCancel(s.runCtx)
	j := &job{ID: hex.EncodeToString(idb[:]), Kind: kind, Scenario: sc.ID, Title: sc.Title, Variant: sc.Variant, N: d.N, Seed: d.Seed,
		Started: time.Now().UTC(), cancelRun: cancel, changed: make(chan struct{})}
	j.st = jobState{State: "running", N: d.N}
	if exp != nil {
		j.What, j.st.N = exp.what, exp.total
	}
	if !s.jobs.add(j, s.opt.MaxRuns) {
		cancel()
		refuse(http.StatusTooManyRequests, "%d runs are going already, the most this dashboard runs at once; wait for one to finish or cancel it.", s.opt.MaxRuns)
		return
	}
	s.runs.Add(1)
	go func() {
		defer s.runs.Done()
		defer cancel()
		if exp != nil {
			s.executeExperiment(ctx, j, exp)
			return
		}
		s.execute(ctx, j, sc, m)
	}()
	http.Redirect(w, r, "/jobs/"+j.ID, http.StatusSeeOther)
}

// execute runs a job and keeps its result, as 'brink run' does.
func (s *Server) execute(ctx context.Context, j *job, sc *scenario.Scenario, m *sim.Model) {
	s.opt.Logf("run %s: %s, %d trajectories, seed %d", j.ID, sc.ID, j.N, j.Seed)
	opt := mc.Options{N: j.N, Seed: j.Seed, Workers: s.opt.Workers, ProgressEvery: 250 * time.Millisecond,
		Progress: func(done int64) { j.update(func(st *jobState) { st.Done = done }) }}
	res := mc.RunSteps(ctx, m, opt, 20, func(r *mc.Result) {
		sum := mc.Summarize(r)
		j.update(func(st *jobState) { st.Summary, st.Done = sum, r.N })
	})
	if res.N == 0 {
		j.update(func(st *jobState) {
			st.State, st.Error = "failed", "cancelled before any trajectory finished; nothing was kept"
		})
		s.opt.Logf("run %s: cancelled before any trajectory finished", j.ID)
		return
	}
	dir, err := results.NewRunDir(s.opt.RunsRoot, sc, j.Seed, 0, 0, j.Started, "")
	if err == nil {
		err = results.Keep(s.opt.Catalog, dir, results.NewManifest(sc, j.Seed, j.N, 0, 0, j.Started), res)
	}
	var id string
	if err == nil {
		id, err = results.RunID(dir)
	}
	sum := mc.Summarize(res)
	j.update(func(st *jobState) {
		st.Summary, st.Done, st.Partial = sum, res.N, res.Partial
		if err != nil {
			st.State, st.Error = "failed", err.Error()
			return
		}
		st.State, st.RunID = "saved", id
	})
	if err != nil {
		s.opt.Logf("run %s: %v", j.ID, err)
		return
	}
	s.opt.Logf("run %s: kept %d of %d trajectories as run %s", j.ID, res.N, j.N, id)
}

// validJobID reports whether id looks like a job id: 16 lower-case hex digits.
func validJobID(id string) bool {
	if len(id) != 16 {
		return false
	}
	_, err := hex.DecodeString(id)
	return err == nil && strings.ToLower(id) == id
}

func (s *Server) lookupJob(w http.ResponseWriter, id string) *job {
	var j *job
	if validJobID(id) {
		j = s.jobs.get(id)
	}
	if j == nil {
		s.fail(w, http.StatusNotFound, "No run %q is going or has gone lately from this dashboard. Finished runs are in the list of runs.", id)
	}
	return j
}

func (s *Server) job(w http.ResponseWriter, r *http.Request) {
	j := s.lookupJob(w, r.PathValue("id"))
	if j == nil {
		return
	}
	st, _ := j.snapshot()
	name := j.Scenario
	if j.Title != "" {
		name = j.Title
	}
	s.render(w, http.StatusOK, "job", map[string]any{"Title": "Running " + name, "Nav": "runs", "Job": j, "State": st})
}

func (s *Server) cancel(w http.ResponseWriter, r *http.Request) {
	j := s.lookupJob(w, r.PathValue("id"))
	if j == nil {
		return
	}
	if !j.finished() {
		j.update(func(st *jobState) {
			if st.State == "running" {
				st.State = "cancelling"
			}
		})
		j.cancelRun()
	}
	http.Redirect(w, r, "/jobs/"+j.ID, http.StatusSeeOther)
}

// events streams a job's progress as server-sent events: "state" with the
// job's state (progress, and the summary so far) at each change, at most
// every quarter second, and a last one when it is kept or has failed.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	j := s.lookupJob(w, r.PathValue("id"))
	if j == nil {
		return
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(event string, v any) bool {
		data, err := json.Marshal(v)
		if err != nil {
			return false
		}
		// Each write gets its own deadline, instead of the server's one for
		// the whole response, which a stream outlives.
		rc.SetWriteDeadline(time.Now().Add(10 * time.Second))
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, data); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	last := -1
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	for {
		st, changed := j.snapshot()
		if st.version != last {
			last = st.version
			if !send("state", st) {
				return
			}
			if st.State == "saved" || st.State == "failed" {
				return
			}
		}
		select {
		case <-r.Context().Done():
			return
		case <-keepalive.C:
			rc.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if _, err := fmt.Fprint(w, ": still here\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		case <-changed:
			// At most four messages a second.
			select {
			case <-time.After(250 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
