package evidence

// Validate: where reality falls in the simulated distribution. For each
// observation of the record, the scenario's trajectories give a forecast: the
// probability of an event, or an ensemble of the observed value (each
// trajectory's true value passed through the observation model, so that a
// lower-bound count is compared with simulated lower-bound counts). Reality
// is placed in it by its percentile (PIT) or the probability of what
// happened, scored by CRPS or log score (scores.go), and the share of values
// inside the central 50 % and 80 % bands (coverage) says whether the spread
// is honest: about 50 % and 80 % over many observations if it is.

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"brink/mc"
	"brink/scenario"
	"brink/sim"
)

// Options of validate and infer.
type Options struct {
	N       int64  // trajectories (per variant for infer)
	Seed    uint64 // master seed: trajectory k is brink run's trajectory k
	Workers int    // goroutines; 0 = GOMAXPROCS. Results do not depend on it.
	// Shard i of Shards (infer only; see mc.ShardRange).
	Shard, Shards int
	// Progress, if set, is called from the workers (concurrently: it must be
	// safe for that) with the number of trajectories finished, after every
	// block of 64.
	Progress func(done int64)
}

// Verdicts of a line of validate.
const (
	VerdictOK      = "ok"       // inside the central 80 % band / the observed event had P ≥ 10 %
	VerdictTail    = "tail"     // inside the central 98 % band / P ≥ 1 %
	VerdictMiss    = "miss"     // outside it / P < 1 %: the model hardly allows what happened
	VerdictNoScore = "no-score" // no trajectory to judge by
)

// Line is what validate says of one observation: Event or Value is set.
type Line struct {
	ID      string      `json:"id"`
	Date    string      `json:"date"`
	Kind    string      `json:"kind"` // the event or the value
	Source  string      `json:"source,omitempty"`
	Event   *EventScore `json:"event,omitempty"`
	Value   *ValueScore `json:"value,omitempty"`
	Verdict string      `json:"verdict"`
}

// EventScore places an observed event in the simulation.
type EventScore struct {
	Happened bool    `json:"happened"`
	P        float64 `json:"p"`          // simulated probability that it happened
	PObs     float64 `json:"p_observed"` // simulated probability of what happened
	LogScore float64 `json:"log_score"`
}

// ValueScore places an observed value in the simulated observations.
type ValueScore struct {
	Observed   float64 `json:"observed"`
	Model      string  `json:"model"`
	Percentile float64 `json:"percentile"` // share of the predictive ensemble below the observation (0..1)
	P10        float64 `json:"p10"`
	Median     float64 `json:"median"`
	P90        float64 `json:"p90"`
	CRPS       float64 `json:"crps"`
	In50       bool    `json:"in_50"`
	In80       bool    `json:"in_80"`
}

// Validation is validate's report on one scenario and record.
type Validation struct {
	Scenario string  `json:"scenario"`
	Variant  string  `json:"variant,omitempty"`
	Seed     uint64  `json:"seed"`
	N        int64   `json:"n"`
	Lines    []Line  `json:"observations"`
	Values   int     `json:"values"`
	Cover50  float64 `json:"coverage_50"` // share of value observations inside their central 50 % band
	Cover80  float64 `json:"coverage_80"`
	// Calibrated is the coverage a calibrated model shows on the same
	// points (coverageSpread); nil without value observations.
	Calibrated *mc.CoverageSpread `json:"calibrated_coverage,omitempty"`
	Events     int                `json:"events"`
	MeanLog    float64            `json:"mean_log_score"` // over events
	Misses     int                `json:"misses"`
	Moves      []Move             `json:"moves,omitempty"` // the front's moves between consecutive territory observations
	Caveat     string             `json:"caveat"`
}

// Move places the record's move of a front between two consecutive territory
// observations of a theatre among the trajectories' own moves over the same
// days (their true shares, without the observations' errors: consecutive
// points of one series share their source's basis, so a move's error is
// smaller than a level's). The levels alone cannot tell a front that moves
// from trajectories each frozen at its own level; this can. A move is
// informational: it has no verdict and is not counted in the coverage.
type Move struct {
	Theatre    string  `json:"theatre"`
	From       string  `json:"from"` // dates of the two observations
	To         string  `json:"to"`
	Observed   float64 `json:"observed"`   // the record's move, to − from (share of the theatre)
	Percentile float64 `json:"percentile"` // share of the trajectories' moves below it (ties half)
	P10        float64 `json:"p10"`
	Median     float64 `json:"median"`
	P90        float64 `json:"p90"`
	// Still is the share of trajectories whose front moved less than a
	// tenth of the record's move either way.
	Still float64 `json:"still"`
}

// Caveat is said with every validation and inference.
const Caveat = "These numbers judge the model only against the observations listed, with the observation models stated; " +
	"a model can match its record and still be wrong about what it was not checked against, and a posterior is only as good as the model."

// Validate runs opt.N trajectories of sc and places each observation of rec
// in them. The result does not depend on opt.Workers.
func Validate(ctx context.Context, sc *scenario.Scenario, rec *scenario.Record, opt Options) (*Validation, error) {
	if rec == nil || len(rec.Observations) == 0 {
		return nil, errors.New("the scenario has no record to validate against (a record: block, or -record FILE)")
	}
	if opt.N < 1 {
		return nil, errors.New("validate needs at least one trajectory")
	}
	m, err := sim.Compile(sc)
	if err != nil {
		return nil, err
	}
	p, err := compile(m, rec)
	if err != nil {
		return nil, err
	}
	n := opt.N
	np := len(p.probes)
	happened := make([]bool, int(n)*np) // [k*np + i]
	vals := make([]float64, int(n)*np)
	truth := make([]float64, int(n)*np) // the true values, for the front's moves
	err = forEach(ctx, p, sc.Hash, opt.Seed, 0, n, opt.Workers, opt.Progress, func(t *tracker, k int64, _ *sim.Outcome) {
		r := observerRand(opt.Seed, k)
		for i := range np {
			o := p.probes[i].obs
			if o.IsEvent() {
				happened[int(k)*np+i] = t.event[i]
			} else {
				vals[int(k)*np+i] = drawObserved(o, t.value[i], r)
				truth[int(k)*np+i] = t.value[i]
			}
		}
	})
	if err != nil {
		return nil, err
	}
	v := &Validation{Scenario: sc.ID, Variant: sc.Variant, Seed: opt.Seed, N: n, Caveat: Caveat}
	ens := make([]float64, n)
	var in50, in80 int
	var sumLog float64
	for i := range np {
		o := p.probes[i].obs
		l := Line{ID: o.ID, Date: o.Date.Format("2006-01-02"), Source: o.Source}
		if o.IsEvent() {
			l.Kind = o.Event
			c := 0
			for k := range n {
				if happened[int(k)*np+i] {
					c++
				}
			}
			e := &EventScore{Happened: *o.Happened, P: float64(c) / float64(n)}
			e.PObs = e.P
			if !e.Happened {
				e.PObs = 1 - e.P
			}
			e.LogScore = logScore(e.P, e.Happened, int(n))
			l.Event = e
			sumLog += e.LogScore
			v.Events++
			switch {
			case e.PObs >= 0.1:
				l.Verdict = VerdictOK
			case e.PObs >= 0.01:
				l.Verdict = VerdictTail
			default:
				l.Verdict = VerdictMiss
			}
		} else {
			l.Kind = o.Value
			for k := range n {
				ens[k] = vals[int(k)*np+i]
			}
			y := observed(o)
			s := &ValueScore{Observed: y, Model: model(o)}
			s.CRPS = crps(ens, y) // sorts ens
			s.Percentile = percentile(ens, y)
			s.P10, s.Median, s.P90 = quantileSorted(ens, 0.1), quantileSorted(ens, 0.5), quantileSorted(ens, 0.9)
			u := s.Percentile
			s.In50, s.In80 = u >= 0.25 && u <= 0.75, u >= 0.1 && u <= 0.9
			l.Value = s
			if s.In50 {
				in50++
			}
			if s.In80 {
				in80++
			}
			v.Values++
			switch {
			case s.In80:
				l.Verdict = VerdictOK
			case u >= 0.01 && u <= 0.99:
				l.Verdict = VerdictTail
			default:
				l.Verdict = VerdictMiss
			}
		}
		if l.Verdict == VerdictMiss {
			v.Misses++
		}
		v.Lines = append(v.Lines, l)
	}
	if v.Values > 0 {
		v.Cover50, v.Cover80 = float64(in50)/float64(v.Values), float64(in80)/float64(v.Values)
		isValue := make([]bool, np)
		for i := range np {
			isValue[i] = !p.probes[i].obs.IsEvent()
		}
		if cs, ok := coverageSpread(vals, int(n), np, isValue, calibrationHistories); ok {
			v.Calibrated = &cs
		}
	}
	if v.Events > 0 {
		v.MeanLog = sumLog / float64(v.Events)
	}
	v.Moves = frontMoves(p, truth, n)
	return v, nil
}

// frontMoves is the record's territory observations of each theatre, in date
// order, taken in consecutive pairs, each placed among the trajectories'
// moves (truth[k*np + i], the true value of probe i in trajectory k).
func frontMoves(p *plan, truth []float64, n int64) []Move {
	np := len(p.probes)
	var idx []int
	for i := range np {
		if o := p.probes[i].obs; o.Value == "territory" && o.Observed != nil {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		oa, ob := p.probes[a].obs, p.probes[b].obs
		if c := strings.Compare(oa.Theatre, ob.Theatre); c != 0 {
			return c
		}
		return oa.Date.Time.Compare(ob.Date.Time)
	})
	var out []Move
	d := make([]float64, n)
	for j := 1; j < len(idx); j++ {
		a, b := p.probes[idx[j-1]].obs, p.probes[idx[j]].obs
		if a.Theatre != b.Theatre || !a.Date.Time.Before(b.Date.Time) {
			continue
		}
		y := *b.Observed - *a.Observed
		still := 0
		for k := range n {
			d[k] = truth[int(k)*np+idx[j]] - truth[int(k)*np+idx[j-1]]
			if math.Abs(d[k]) < math.Abs(y)/10 {
				still++
			}
		}
		slices.Sort(d)
		out = append(out, Move{Theatre: b.Theatre, From: a.Date.Format("2006-01-02"), To: b.Date.Format("2006-01-02"),
			Observed: y, Percentile: percentile(d, y), P10: quantileSorted(d, 0.1), Median: quantileSorted(d, 0.5),
			P90: quantileSorted(d, 0.9), Still: float64(still) / float64(n)})
	}
	return out
}

// observerRand is the generator of the observation-model draws of trajectory
// k of master seed: its own, so that they disturb none of the model's
// streams and do not depend on which worker ran k.
func observerRand(master uint64, k int64) *rand.Rand {
	var seed [32]byte
	copy(seed[:], "brink/evidence/obs\x00")
	binary.LittleEndian.PutUint64(seed[16:], master)
	binary.LittleEndian.PutUint64(seed[24:], uint64(k))
	return rand.New(rand.NewChaCha8(seed))
}

// forEach runs trajectories [from, to) of the plan's model with seed on
// workers goroutines, calling f after each (from its worker's goroutine,
// with that worker's tracker). It stops early, with ctx's error, if ctx is
// cancelled.
func forEach(ctx context.Context, p *plan, hash [32]byte, seed uint64, from, to int64, workers int, progress func(int64), f func(t *tracker, k int64, out *sim.Outcome)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	const chunk = 64
	nchunks := (to - from + chunk - 1) / chunk
	workers = int(max(1, min(int64(workers), nchunks)))
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := newTracker(p)
			for ctx.Err() == nil {
				c := next.Add(1) - 1
				if c >= nchunks {
					return
				}
				hi := min(from+(c+1)*chunk, to)
				for k := from + c*chunk; k < hi; k++ {
					out := t.run(mc.StreamKey(hash, seed, k))
					f(t, k, out)
				}
				if progress != nil {
					progress(done.Add(hi - from - c*chunk))
				}
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// Text writes the validation as a table.
func (v *Validation) Text() string {
	var b []byte
	add := func(format string, args ...any) { b = fmt.Appendf(b, format, args...) }
	name := v.Scenario
	if v.Variant != "" {
		name += " (variant " + v.Variant + ")"
	}
	add("validate %s: %d trajectories, seed %d\n\n", name, v.N, v.Seed)
	if v.Events > 0 {
		add("Events (P = simulated probability that it happened; log score = ln P(what happened))\n")
		add("  %-28s %-10s %-13s %-8s %7s %9s  %s\n", "observation", "date", "event", "happened", "P", "log score", "verdict")
		for _, l := range v.Lines {
			if e := l.Event; e != nil {
				add("  %-28s %-10s %-13s %-8v %7.3f %9.2f  %s\n", l.ID, l.Date, l.Kind, e.Happened, e.P, e.LogScore, l.Verdict)
			}
		}
		add("  mean log score %.3f over %d events\n\n", v.MeanLog, v.Events)
	}
	if v.Values > 0 {
		add("Values (percentile of the observation in the simulated observations; 80 %% band = 10 %%–90 %%)\n")
		add("  %-28s %-10s %-10s %-11s %12s %12s %12s %12s %6s %12s  %s\n", "observation", "date", "value", "model", "observed", "10 %", "median", "90 %", "pct", "CRPS", "verdict")
		for _, l := range v.Lines {
			if s := l.Value; s != nil {
				add("  %-28s %-10s %-10s %-11s %12s %12s %12s %12s %5.1f%% %12s  %s\n", l.ID, l.Date, l.Kind, s.Model, num(s.Observed), num(s.P10), num(s.Median), num(s.P90), 100*s.Percentile, num(s.CRPS), l.Verdict)
			}
		}
		add("  coverage: %.0f %% of %d values inside their 50 %% band, %.0f %% inside their 80 %% band\n", 100*v.Cover50, v.Values, 100*v.Cover80)
		if c := v.Calibrated; c != nil {
			add("  a calibrated model on the same points (%d simulated histories standing in for the record, seen through the same observation models; mean and the range of 90 %% of them): 50 %% band %.0f %% [%.0f–%.0f %%], 80 %% band %.0f %% [%.0f–%.0f %%]: %s; its 80 %% bands cover %.0f–%.0f %% of them in %.0f %% of its histories\n",
				c.Histories, 100*c.Mean50, 100*c.Lo50, 100*c.Hi50, 100*c.Mean80, 100*c.Lo80, 100*c.Hi80, c.Verdict(v.Cover50, v.Cover80), 100*mc.TargetLo80, 100*mc.TargetHi80, 100*c.Within80)
		}
		add("\n")
	}
	if len(v.Moves) > 0 {
		add("The front's moves between consecutive territory observations (the trajectories' true shares; informational, not in the coverage)\n")
		add("  %-10s %-10s %-10s %9s %9s %9s %9s %6s  %s\n", "theatre", "from", "to", "record", "10 %", "median", "90 %", "pct", "still")
		for _, m := range v.Moves {
			add("  %-10s %-10s %-10s %+9.4f %+9.4f %+9.4f %+9.4f %5.1f%%  %.0f %%\n", m.Theatre, m.From, m.To, m.Observed, m.P10, m.Median, m.P90, 100*m.Percentile, 100*m.Still)
		}
		add("  still: the share of trajectories whose front moved less than a tenth of the record's move\n\n")
	}
	add("%d of %d observations are misses (outside the central 98 %% band, or an event the model gave under 1 %%).\n", v.Misses, len(v.Lines))
	add("%s\n", v.Caveat)
	return string(b)
}

// num formats a value for the tables.
func num(x float64) string {
	switch {
	case math.IsNaN(x):
		return "-"
	case x != 0 && math.Abs(x) < 0.01:
		return fmt.Sprintf("%.2e", x)
	case math.Abs(x) < 10:
		return fmt.Sprintf("%.3f", x)
	default:
		return fmt.Sprintf("%.0f", x)
	}
}

// Formats of the results directories of validate and infer (manifest.json's
// format), and the files that hold their reports.
const (
	ValidateFormat = "brink-validate/1"
	ValidateFile   = "validate.json"
	InferFormat    = "brink-infer/1"
	InferFile      = "infer.json"
)
