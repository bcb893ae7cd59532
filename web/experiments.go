package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"brink/mc"
	"brink/results"
	"brink/scenario"
	"brink/sim"
	"brink/sweep"
)

// experiment is a comparison or a sweep about to run from the dashboard,
// every input checked as brink compare or brink sweep checks it.
type experiment struct {
	kind  string
	sc    *scenario.Scenario
	what  string // for the pages: the variants, or the parameters and design
	total int64  // trajectories in all

	models []*sim.Model // compare: the baseline, then the variants

	inputs []sweep.Input // sweep
	ex     *sweep.Experiment
	out    sweep.Outcome
}

// prepareExperiment checks the form of a comparison or a sweep of scenario
// sc (model m), n trajectories per model or point.
func (s *Server) prepareExperiment(kind string, sc *scenario.Scenario, m *sim.Model, n int64, f url.Values) (*experiment, error) {
	e := &experiment{kind: kind, sc: sc}
	if kind == "compare" {
		if sc.Variant != "" {
			return nil, errors.New("A comparison runs the scenario as written against its variants: choose no variant to compare.")
		}
		arg := strings.TrimSpace(f.Get("variants"))
		if arg == "" {
			arg = "all"
		}
		names, err := mc.CompareVariants(sc, arg)
		if err != nil {
			return nil, err
		}
		e.models = []*sim.Model{m}
		for _, name := range names {
			v, err := sc.WithVariant(name)
			var vm *sim.Model
			if err == nil {
				vm, err = sim.Compile(v)
			}
			if err != nil {
				return nil, err
			}
			e.models = append(e.models, vm)
		}
		if err := mc.Comparable(e.models); err != nil {
			return nil, err
		}
		e.what = "baseline and " + strings.Join(names, ", ")
		e.total = n
		if total := n * int64(len(e.models)); total > s.opt.MaxTrajectories {
			return nil, fmt.Errorf("%s trajectories for each of %d models is %s in all, more than this dashboard runs at once (%s).",
				commas(n), len(e.models), commas(total), commas(s.opt.MaxTrajectories))
		}
		return e, nil
	}
	var specs []string
	for _, p := range strings.Split(f.Get("params"), ",") {
		if p = strings.TrimSpace(p); p != "" {
			specs = append(specs, p)
		}
	}
	if len(specs) == 0 {
		return nil, errors.New("A sweep needs parameters to vary: path[=lo:hi], separated by commas.")
	}
	seen := map[string]bool{}
	for _, p := range specs {
		in, err := sweep.ParseInput(p)
		if err != nil {
			return nil, err
		}
		if seen[in.Path] {
			return nil, fmt.Errorf("-params: %s is given twice", in.Path)
		}
		seen[in.Path] = true
		e.inputs = append(e.inputs, in)
	}
	if err := sweep.Resolve(sc, e.inputs); err != nil {
		return nil, err
	}
	design := f.Get("design")
	if design == "" {
		design = "sobol"
	}
	def, ok := sweep.Designs[design]
	if !ok {
		return nil, fmt.Errorf("unknown design %q; expected sobol, morris, lhs or grid", design)
	}
	points := def
	if ps := strings.TrimSpace(f.Get("points")); ps != "" {
		p, err := strconv.Atoi(ps)
		if err != nil || p < 1 {
			return nil, fmt.Errorf("The points of the design must be a whole number, 1 or more (0 or empty: %d).", def)
		}
		points = p
	}
	var err error
	if e.ex, err = sweep.NewExperiment(design, len(e.inputs), points, 1); err != nil {
		return nil, err
	}
	outcome := f.Get("outcome")
	if outcome == "" {
		outcome = "nuclear_use"
	}
	if e.out, err = sweep.FindOutcome(m, outcome); err != nil {
		return nil, err
	}
	e.total = n * int64(len(e.ex.U))
	if e.total > s.opt.MaxTrajectories {
		return nil, fmt.Errorf("%s trajectories at each of %d points is %s in all, more than this dashboard runs at once (%s).",
			commas(n), len(e.ex.U), commas(e.total), commas(s.opt.MaxTrajectories))
	}
	var paths []string
	for _, in := range e.inputs {
		paths = append(paths, in.Path)
	}
	e.what = fmt.Sprintf("%s of %s (%d points) on %s", design, strings.Join(paths, ", "), len(e.ex.U), outcome)
	return e, nil
}

// executeExperiment runs a comparison or a sweep and keeps it under the runs
// root, as brink compare and brink sweep do.
func (s *Server) executeExperiment(ctx context.Context, j *job, e *experiment) {
	s.opt.Logf("%s %s: %s, %s, %d trajectories each, seed %d", e.kind, j.ID, e.sc.ID, e.what, j.N, j.Seed)
	progress := func(done int64) { j.update(func(st *jobState) { st.Done = done }) }
	var (
		text    bytes.Buffer
		keep    func(dir string) error
		done    int64
		partial bool
	)
	if e.kind == "compare" {
		cmp := mc.Compare(ctx, e.models, mc.Options{N: j.N, Seed: j.Seed, Workers: s.opt.Workers,
			ProgressEvery: 250 * time.Millisecond, Progress: progress})
		if cmp.Results[0].N == 0 {
			j.update(func(st *jobState) {
				st.State, st.Error = "failed", "cancelled before any trajectory finished; nothing was kept"
			})
			return
		}
		rep := cmp.Report()
		rep.WriteText(&text)
		done, partial = rep.Trajectories, rep.Partial
		keep = func(dir string) error { return results.KeepCompare(dir, e.sc, rep, j.Seed, j.N, j.Started) }
	} else {
		pts, err := sweep.Run(ctx, e.sc, e.inputs, e.ex, e.out, j.N, j.Seed, s.opt.Workers, progress)
		if err != nil {
			j.update(func(st *jobState) { st.State, st.Error = "failed", err.Error() })
			return
		}
		rep := sweep.Analyse(e.sc, e.inputs, e.ex, e.out, pts, j.N, j.Seed)
		if rep.PointsUsed == 0 {
			j.update(func(st *jobState) {
				st.State, st.Error = "failed", "cancelled before the first "+e.ex.UnitName()+" finished; nothing was kept"
			})
			return
		}
		rep.WriteText(&text)
		done, partial = int64(rep.PointsUsed)*j.N, rep.Partial
		keep = func(dir string) error { return sweep.Keep(dir, e.sc, rep, j.Seed, j.N, j.Started) }
	}
	dir, err := results.NewRunDir(s.opt.RunsRoot, e.sc, j.Seed, 0, 0, j.Started, e.kind)
	if err == nil {
		err = keep(dir)
	}
	j.update(func(st *jobState) {
		st.Done, st.Partial, st.Text = done, partial, text.String()
		if err != nil {
			st.State, st.Error = "failed", err.Error()
			return
		}
		st.State, st.Report = "saved", "/experiments/"+filepath.Base(dir)+"/report"
	})
	if err != nil {
		s.opt.Logf("%s %s: %v", e.kind, j.ID, err)
		return
	}
	s.opt.Logf("%s %s: kept in %s", e.kind, j.ID, dir)
}

// experimentName is the form of a directory name under the runs root.
var experimentName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$`)

// experimentReport shows the report of a comparison or a sweep kept under
// the runs root, made by Options.Report.
func (s *Server) experimentReport(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	var dir string
	if experimentName.MatchString(name) && !strings.Contains(name, "..") {
		list, err := results.ListExperiments(s.opt.RunsRoot)
		if err != nil {
			s.failInternal(w, err, "The comparisons and sweeps under %s cannot be listed", s.opt.RunsRoot)
			return
		}
		for _, e := range list {
			if e.Name == name {
				dir = e.Dir
			}
		}
	}
	if dir == "" {
		s.fail(w, http.StatusNotFound, "No comparison or sweep %q is kept under %s.", name, s.opt.RunsRoot)
		return
	}
	var buf bytes.Buffer
	if err := s.opt.Report(&buf, dir); err != nil {
		s.failInternal(w, err, "No report for %s: its directory cannot be read", name)
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}
