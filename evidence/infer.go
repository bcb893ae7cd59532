package evidence

// Infer: the scenario's uncertain assumptions conditioned on its record, by
// importance sampling from the prior (the scenario's distributions). Each
// trajectory k is weighted by the likelihood of the record through the
// conditioning date,
//
//	w_k = Π_i p(y_i | x_ik) / p_max,i        (likelihood.go)
//
// and any weighted average over trajectories is a posterior expectation
// (self-normalised: Σ w f / Σ w). The effective sample size is Kish's
// ESS = (Σ w)² / Σ w²; when it is small the posterior rests on a few
// trajectories and is not to be trusted: resample-and-move (smc.go) is the
// remedy.
//
// Variants are hypotheses. Trajectory k of every variant uses the same
// streams, so the Bayes factor of variant v against the baseline,
//
//	BF = mean_k w_k(v) / mean_k w_k(base),
//
// is a ratio of mean likelihoods (the ratio of marginal likelihoods), with
// the Monte Carlo error of a paired ratio estimator (delta method):
// Var(BF) ≈ (S_vv − 2·BF·S_vb + BF²·S_bb) / (N·mean(w_base)²), S the
// sample (co)variances of the weights. With equal prior probabilities, the
// posterior probability of a hypothesis is its mean likelihood over the sum.
//
// A parameter's posterior is kept as a weighted histogram of u = F(x), its
// prior's CDF at the drawn value (uniform under the prior), on fixed bins:
// every weight is summed exactly (exactsum.go), so workers, shards and
// resume merge to the same bits; quantiles are read by interpolation in u
// and mapped back by the prior's quantile function.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"brink/mc"
	"brink/scenario"
	"brink/sim"
)

// paramBins is the number of bins of a parameter's posterior in u = F(x).
const paramBins = 50

// territoryBins is the number of bins of a territory share in [0, 1].
const territoryBins = 100

// lossBins is the number of bins of log10(1 + losses) in [0, lossDecades).
const lossBins, lossDecades = 140, 7.0

// forecastMonths are the windows of the nuclear-use forecast after the record.
var forecastMonths = []int{6, 12, 24}

// InferOptions of an inference.
type InferOptions struct {
	Options
	Variants []string  // hypotheses besides the baseline (variant ids)
	Until    time.Time // condition on observations dated up to it (zero: the record's through)
	Use      string    // "all" (default), "events" or "values": which observations to condition on
	Skip     []string  // observations not to condition on: ids, or id prefixes ending in *
	Todo     mc.Ranges // if not nil, run only these trajectories of the shard (to resume: Accumulator.Missing)
	// Regions are hypotheses about one sampled parameter, "path>x" or
	// "path<x" (e.g. actors.RUS.politics.resolve>0.8), weighed under every
	// hypothesis against their complement.
	Regions []string
}

// region is a parsed InferOptions.Regions entry.
type region struct {
	text  string
	path  string
	above bool
	cut   float64
}

func parseRegion(s string) (region, error) {
	i := strings.IndexAny(s, "<>")
	if i <= 0 {
		return region{}, fmt.Errorf("region %q: expected path>value or path<value", s)
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(s[i+1:]), 64)
	if err != nil {
		return region{}, fmt.Errorf("region %q: %v", s, err)
	}
	return region{text: s, path: strings.TrimSpace(s[:i]), above: s[i] == '>', cut: x}, nil
}

// Accumulator holds the sums of an inference over the trajectories run so
// far: exact, so that two accumulators of disjoint trajectories merge into
// exactly the accumulator of their union.
type Accumulator struct {
	N        int64         `json:"n"`
	Done     mc.Ranges     `json:"done"` // the trajectories summed, as sorted disjoint ranges
	Variants []variantSums `json:"variants"`
}

type variantSums struct {
	W, W2, WBase ExactSum // Σw, Σw², Σ w·w_base
	Params       [][]ExactSum
	Nuclear      []ExactSum   // Σw over trajectories with a first use within forecastMonths[i] after the record
	Ends         []ExactSum   // Σw by how the trajectory ended after the record (sim.EndKind)
	EndedBefore  ExactSum     // Σw over trajectories that ended by the record's last date
	Territory    [][]ExactSum // per theatre: Σw by share at the end
	Losses       [][]ExactSum // per loss series of the record: Σw by log10(1 + losses at the end)
}

func newVariantSums(np, nt, nl int) variantSums {
	v := variantSums{Params: make([][]ExactSum, np), Nuclear: make([]ExactSum, len(forecastMonths)),
		Ends: make([]ExactSum, sim.NumEnds), Territory: make([][]ExactSum, nt), Losses: make([][]ExactSum, nl)}
	for i := range v.Losses {
		v.Losses[i] = make([]ExactSum, lossBins)
	}
	for i := range v.Params {
		v.Params[i] = make([]ExactSum, paramBins)
	}
	for i := range v.Territory {
		v.Territory[i] = make([]ExactSum, territoryBins)
	}
	return v
}

func (v *variantSums) merge(o *variantSums) {
	v.W.Merge(&o.W)
	v.W2.Merge(&o.W2)
	v.WBase.Merge(&o.WBase)
	v.EndedBefore.Merge(&o.EndedBefore)
	for i := range v.Params {
		for j := range v.Params[i] {
			v.Params[i][j].Merge(&o.Params[i][j])
		}
	}
	for i := range v.Nuclear {
		v.Nuclear[i].Merge(&o.Nuclear[i])
	}
	for i := range v.Ends {
		v.Ends[i].Merge(&o.Ends[i])
	}
	for i := range v.Territory {
		for j := range v.Territory[i] {
			v.Territory[i][j].Merge(&o.Territory[i][j])
		}
	}
	for i := range v.Losses {
		for j := range v.Losses[i] {
			v.Losses[i][j].Merge(&o.Losses[i][j])
		}
	}
}

// Merge adds the trajectories of o (disjoint from a's, of the same inference).
func (a *Accumulator) Merge(o *Accumulator) error {
	if len(a.Variants) != len(o.Variants) {
		return errors.New("evidence: merging accumulators of different inferences")
	}
	for _, x := range o.Done {
		for _, y := range a.Done {
			if x[0] < y[1] && y[0] < x[1] {
				return fmt.Errorf("evidence: merging sums that share trajectories %d to %d", max(x[0], y[0]), min(x[1], y[1])-1)
			}
		}
	}
	a.N += o.N
	a.Done = joinRanges(append(a.Done, o.Done...))
	for i := range a.Variants {
		a.Variants[i].merge(&o.Variants[i])
	}
	return nil
}

// joinRanges sorts disjoint ranges and joins adjacent ones.
func joinRanges(r mc.Ranges) mc.Ranges {
	slices.SortFunc(r, func(a, b [2]int64) int { return int(a[0] - b[0]) })
	var out mc.Ranges
	for _, iv := range r {
		if iv[0] >= iv[1] {
			continue
		}
		if n := len(out); n > 0 && out[n-1][1] == iv[0] {
			out[n-1][1] = iv[1]
			continue
		}
		out = append(out, iv)
	}
	return out
}

// hypothesis is one variant compiled, with what is needed to weigh its
// trajectories.
type hypothesis struct {
	id     string
	sc     *scenario.Scenario
	plan   *plan
	priors []scenario.Value // per sampled parameter
	names  []string
	use    []bool // per probe: conditioned on
}

// Inferrer runs an inference.
type Inferrer struct {
	opt     InferOptions
	rec     *scenario.Record
	hyps    []*hypothesis
	through int // turn of the conditioning date
	fdays   []int
	theatre []string
	losses  []lossSeries
	regions []region
}

// lossSeries is an actor's losses of a category that the record observes,
// forecast to the end.
type lossSeries struct {
	name string // "RUS tanks"
	idx  int    // in Outcome.Losses
}

// NewInferrer compiles sc (the baseline) and its variants against rec.
func NewInferrer(sc *scenario.Scenario, rec *scenario.Record, opt InferOptions) (*Inferrer, error) {
	if rec == nil || len(rec.Observations) == 0 {
		return nil, errors.New("the scenario has no record to infer from (a record: block, or -record FILE)")
	}
	switch opt.Use {
	case "", "all", "events", "values":
	default:
		return nil, fmt.Errorf("use must be all, events or values, not %q", opt.Use)
	}
	until := opt.Until
	if until.IsZero() {
		until = rec.Through.Time
	}
	if until.Before(sc.Start.Time) || until.After(sc.Start.AddDate(0, 0, sc.HorizonDays)) {
		return nil, fmt.Errorf("the conditioning date %s is outside the scenario", until.Format(time.DateOnly))
	}
	in := &Inferrer{opt: opt, rec: rec, through: dayOf(sc.Start.Time, until)}
	in.opt.Until = until
	for _, m := range forecastMonths {
		in.fdays = append(in.fdays, dayOf(sc.Start.Time, until.AddDate(0, m, 0)))
	}
	for _, t := range opt.Regions {
		r, err := parseRegion(t)
		if err != nil {
			return nil, err
		}
		in.regions = append(in.regions, r)
	}
	ids := append([]string{""}, opt.Variants...)
	for _, id := range ids {
		vsc := sc
		if id != "" {
			var err error
			if vsc, err = sc.WithVariant(id); err != nil {
				return nil, err
			}
		}
		m, err := sim.Compile(vsc)
		if err != nil {
			return nil, err
		}
		p, err := compile(m, rec)
		if err != nil {
			return nil, err
		}
		h := &hypothesis{id: id, sc: vsc, plan: p, names: m.UncertainNames()}
		for _, name := range h.names {
			v, err := vsc.ValueAt(name)
			if err != nil {
				return nil, fmt.Errorf("parameter %s: %v", name, err)
			}
			h.priors = append(h.priors, v)
		}
		for _, pr := range p.probes {
			o := pr.obs
			u := !o.Date.After(until) && conditions(o)
			switch opt.Use {
			case "events":
				u = u && o.IsEvent()
			case "values":
				u = u && !o.IsEvent()
			}
			for _, sk := range opt.Skip {
				if sk == o.ID || strings.HasSuffix(sk, "*") && strings.HasPrefix(o.ID, strings.TrimSuffix(sk, "*")) {
					u = false
				}
			}
			h.use = append(h.use, u)
		}
		for _, r := range in.regions {
			if !slices.Contains(h.names, r.path) {
				return nil, fmt.Errorf("region %q: %s is not a sampled parameter of %s (see brink infer's parameter list)", r.text, r.path, orBaseline(id))
			}
		}
		in.hyps = append(in.hyps, h)
		if id == "" {
			for _, t := range m.Theatres {
				in.theatre = append(in.theatre, t.ID)
			}
			for _, pr := range p.probes {
				if pr.obs.Value != "losses" {
					continue
				}
				ls := lossSeries{name: pr.obs.Actor + " " + pr.obs.Category, idx: pr.a*len(m.Categories) + pr.cat}
				if !slices.Contains(in.losses, ls) {
					in.losses = append(in.losses, ls)
				}
			}
		}
	}
	return in, nil
}

// NewAccumulator returns an empty accumulator for the inference.
func (in *Inferrer) NewAccumulator() *Accumulator {
	a := &Accumulator{}
	for _, h := range in.hyps {
		a.Variants = append(a.Variants, newVariantSums(len(h.names), len(in.theatre), len(in.losses)))
	}
	return a
}

// Run runs the trajectories of the options' shard and returns their sums.
// The result does not depend on the number of workers.
func (in *Inferrer) Run(ctx context.Context) (*Accumulator, error) {
	from, to := mc.ShardRange(in.opt.N, in.opt.Shard, in.opt.Shards)
	todo := mc.Ranges{{from, to}}
	if in.opt.Todo != nil {
		todo = nil
		for _, iv := range in.opt.Todo {
			if lo, hi := max(iv[0], from), min(iv[1], to); lo < hi {
				todo = append(todo, [2]int64{lo, hi})
			}
		}
	}
	const chunk = 64
	var chunks mc.Ranges
	for _, iv := range todo {
		for s := iv[0]; s < iv[1]; s += chunk {
			chunks = append(chunks, [2]int64{s, min(s+chunk, iv[1])})
		}
	}
	workers := in.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(chunks)))
	parts := make([]*Accumulator, workers)
	hash := in.hyps[0].sc.Hash
	var next, finished atomic.Int64
	var wg sync.WaitGroup
	for wi := range workers {
		parts[wi] = in.NewAccumulator()
		wg.Add(1)
		go func(acc *Accumulator) {
			defer wg.Done()
			ts := make([]*tracker, len(in.hyps))
			for i, h := range in.hyps {
				ts[i] = newTracker(h.plan)
			}
			ws := make([]float64, len(in.hyps))
			for ctx.Err() == nil {
				c := next.Add(1) - 1
				if c >= int64(len(chunks)) {
					return
				}
				k := chunks[c][0]
				for ; k < chunks[c][1] && ctx.Err() == nil; k++ {
					key := mc.StreamKey(hash, in.opt.Seed, k)
					for i, h := range in.hyps {
						out := ts[i].run(key)
						ws[i] = in.weight(h, ts[i])
						in.add(&acc.Variants[i], h, ts[i].w, out, ws[i], ws[0])
					}
					acc.N++
				}
				acc.Done = append(acc.Done, [2]int64{chunks[c][0], k})
				if in.opt.Progress != nil {
					in.opt.Progress(finished.Add(k - chunks[c][0]))
				}
			}
		}(parts[wi])
	}
	wg.Wait()
	acc := parts[0]
	for _, p := range parts[1:] {
		acc.Merge(p)
	}
	acc.Done = joinRanges(acc.Done)
	// An interrupted run returns what it did, with the context's error: its
	// Done ranges say what is left (Accumulator.Missing).
	return acc, ctx.Err()
}

// Missing returns the trajectories of shard i of n, of a run of total, that
// a has not run: the Todo of a run that completes it.
func (a *Accumulator) Missing(total int64, shard, shards int) mc.Ranges {
	from, to := mc.ShardRange(total, shard, shards)
	return a.Done.Missing(from, to)
}

// weight is the trajectory's likelihood of the conditioned observations,
// divided by its bound (in [0, 1]).
func (in *Inferrer) weight(h *hypothesis, t *tracker) float64 {
	lw := 0.0
	for i := range t.probe {
		if !h.use[i] {
			continue
		}
		o := t.probe[i].obs
		if o.IsEvent() {
			if t.event[i] != *o.Happened {
				return 0
			}
			continue
		}
		lw += logLik(o, t.value[i])
	}
	return math.Exp(lw)
}

// add puts trajectory out, of weight w (wb under the baseline), in v.
func (in *Inferrer) add(v *variantSums, h *hypothesis, world *sim.World, out *sim.Outcome, w, wb float64) {
	v.W.Add(w)
	v.W2.Add(w * w)
	v.WBase.Add(w * wb)
	if w == 0 {
		return
	}
	for j, x := range world.Sampled() {
		u := h.priors[j].CDF(x)
		b := min(int(u*paramBins), paramBins-1)
		v.Params[j][max(b, 0)].Add(w)
	}
	if out.End != sim.EndFrozen && out.Days <= in.through {
		v.EndedBefore.Add(w)
	} else {
		v.Ends[out.End].Add(w)
	}
	if out.NuclearUse && out.FirstUseDay > in.through {
		for i, d := range in.fdays {
			if out.FirstUseDay <= d {
				v.Nuclear[i].Add(w)
			}
		}
	}
	for t := range v.Territory {
		b := min(int(out.Territory[t]*territoryBins), territoryBins-1)
		v.Territory[t][max(b, 0)].Add(w)
	}
	for i, ls := range in.losses {
		u := math.Log10(1+max(0, out.Losses[ls.idx])) / lossDecades
		b := min(int(u*lossBins), lossBins-1)
		v.Losses[i][max(b, 0)].Add(w)
	}
}

// Quantiles are three quantiles of a distribution.
type Quantiles struct {
	P5  float64 `json:"p5"`
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
}

// ParamPosterior is a sampled parameter's prior and posterior.
type ParamPosterior struct {
	Name      string    `json:"name"`
	Prior     Quantiles `json:"prior"`
	Posterior Quantiles `json:"posterior"`
	// Shift is the posterior median's prior CDF: 0.5 if the record says
	// nothing about the parameter, near 0 or 1 if it moves it to a tail.
	Shift float64 `json:"shift"`
	// Density of u = F(x) per bin (sums to paramBins): 1 everywhere if the
	// record says nothing; for charts.
	Density []float64 `json:"density"`
}

// Prob is a posterior probability with an approximate 95 % interval: Wilson's
// score interval with the effective sample size as the number of trials
// (Kish's approximation for a weighted sample).
type Prob struct {
	P      float64 `json:"p"`
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Beyond bool    `json:"beyond_horizon,omitempty"` // the window reaches past the horizon: not forecast
}

// Hypothesis is the posterior under one variant (the baseline has no name).
type Hypothesis struct {
	Variant     string           `json:"variant"`
	MeanLik     float64          `json:"mean_likelihood"` // mean weight: the marginal likelihood over its bound
	ESS         float64          `json:"ess"`
	PostProb    float64          `json:"posterior_probability"` // with equal prior probabilities of the hypotheses
	BayesFactor float64          `json:"bayes_factor"`          // against the baseline
	BFError     float64          `json:"bayes_factor_se"`       // Monte Carlo standard error
	Params      []ParamPosterior `json:"parameters"`
	// Forecast after the conditioning date, given the record.
	Nuclear      map[string]Prob      `json:"nuclear_use_within"` // "6 months" …
	Ends         map[string]Prob      `json:"end_after_record"`   // settlement, capitulation, frozen (at the horizon), general_nuclear_war
	Territory    map[string]Quantiles `json:"territory_at_end"`
	Losses       map[string]Quantiles `json:"losses_at_end"`
	Regions      []RegionPosterior    `json:"regions,omitempty"`
	Warning      string               `json:"warning,omitempty"`
	Unweightable bool                 `json:"no_weight,omitempty"` // no trajectory is consistent with the record
	// SMC, when resample-and-move was run (-smc): the parameters' posterior
	// and the forecast above are then its final population's, the
	// importance-sampling numbers (mean likelihood, ESS, Bayes factor)
	// stay the importance sampler's.
	SMC *SMCResult `json:"smc,omitempty"`
}

// RegionPosterior is a hypothesis about a parameter (a region of its range)
// against its complement: prior and posterior probabilities, and the Bayes
// factor (posterior odds over prior odds). The posterior is read off the
// parameter's histogram by linear interpolation within a bin of 1/50 of the
// prior's probability: exact to that resolution.
type RegionPosterior struct {
	Region      string  `json:"region"`
	Prior       float64 `json:"prior"`
	Posterior   float64 `json:"posterior"`
	BayesFactor float64 `json:"bayes_factor"` // 0 where undefined (a prior or posterior of 0 or 1)
}

// Inference is infer's report.
type Inference struct {
	Scenario    string       `json:"scenario"`
	Seed        uint64       `json:"seed"`
	N           int64        `json:"n"`
	Until       string       `json:"until"`
	Conditioned []string     `json:"conditioned_on"`
	NotUsed     []string     `json:"not_used"` // after the date, excluded by -use, or exact values with no tolerance
	Hypotheses  []Hypothesis `json:"hypotheses"`
	Caveat      string       `json:"caveat"`
	Accumulator *Accumulator `json:"accumulator,omitempty"`
}

// Summarise reads the posterior off the sums.
func (in *Inferrer) Summarise(a *Accumulator) *Inference {
	base := in.hyps[0]
	r := &Inference{Scenario: base.sc.ID, Seed: in.opt.Seed, N: a.N, Until: in.opt.Until.Format(time.DateOnly), Caveat: Caveat}
	for i, pr := range base.plan.probes {
		if base.use[i] {
			r.Conditioned = append(r.Conditioned, pr.obs.ID)
		} else {
			r.NotUsed = append(r.NotUsed, pr.obs.ID)
		}
	}
	n := float64(a.N)
	wb := a.Variants[0].W.Float64()
	var total float64
	for i := range a.Variants {
		total += a.Variants[i].W.Float64()
	}
	for i, h := range in.hyps {
		v := &a.Variants[i]
		W, W2 := v.W.Float64(), v.W2.Float64()
		hy := Hypothesis{Variant: h.id, MeanLik: W / n}
		if h.id == "" {
			hy.Variant = "baseline"
		}
		if W2 > 0 {
			hy.ESS = W * W / W2
		}
		if total > 0 {
			hy.PostProb = W / total
		}
		if wb > 0 {
			bf := W / wb
			hy.BayesFactor = bf
			// Paired sample (co)variances of w_v and w_b over the N trajectories.
			mv, mb := W/n, wb/n
			svv := a.Variants[i].W2.Float64()/n - mv*mv
			sbb := a.Variants[0].W2.Float64()/n - mb*mb
			svb := v.WBase.Float64()/n - mv*mb
			hy.BFError = math.Sqrt(max(0, svv-2*bf*svb+bf*bf*sbb)/n) / mb
		}
		if W == 0 {
			hy.Unweightable = true
			hy.Warning = "no trajectory is consistent with the record: every weight is zero. The model (or this variant) cannot produce what happened, or the record's observation models are too strict. Try resample-and-move (-smc), which adds the observations date by date, more trajectories (-n), -use events or -use values to find the observations at fault (see brink validate), or an earlier -until."
			r.Hypotheses = append(r.Hypotheses, hy)
			continue
		}
		if hy.ESS < max(100, 0.01*n) {
			hy.Warning = fmt.Sprintf("the effective sample size is %.1f of %d trajectories: the posterior rests on a few trajectories and its numbers are not reliable. "+
				"More trajectories (-n) help a little; resample-and-move (-smc: sequential Monte Carlo over the record's dates) is the remedy; conditioning on fewer observations (-use, -until) or checking the observations validate calls misses also helps.", hy.ESS, a.N)
		}
		for j, name := range h.names {
			hy.Params = append(hy.Params, paramPosterior(name, h.priors[j], v.Params[j]))
		}
		prob := func(s float64) Prob {
			p := s / W
			lo, hi := wilson(p, max(hy.ESS, 1))
			return Prob{P: p, Lo: lo, Hi: hi}
		}
		for _, rg := range in.regions {
			j := slices.Index(h.names, rg.path)
			u := h.priors[j].CDF(rg.cut)
			c := cumulative(v.Params[j])
			b := min(int(u*paramBins), paramBins-1)
			below := (c[b] + (u*paramBins-float64(b))*(c[b+1]-c[b])) / c[len(c)-1]
			rp := RegionPosterior{Region: rg.text, Prior: u, Posterior: below}
			if rg.above {
				rp.Prior, rp.Posterior = 1-u, 1-below
			}
			if rp.Prior > 0 && rp.Prior < 1 && rp.Posterior < 1 {
				rp.BayesFactor = rp.Posterior / (1 - rp.Posterior) / (rp.Prior / (1 - rp.Prior))
			}
			hy.Regions = append(hy.Regions, rp)
		}
		hy.Nuclear = map[string]Prob{}
		for m, months := range forecastMonths {
			p := prob(v.Nuclear[m].Float64())
			if in.fdays[m] > h.sc.HorizonDays {
				p = Prob{Beyond: true}
			}
			hy.Nuclear[fmt.Sprintf("%d months", months)] = p
		}
		hy.Ends = map[string]Prob{"ended_before": prob(v.EndedBefore.Float64())}
		for e := range sim.NumEnds {
			hy.Ends[e.String()] = prob(v.Ends[e].Float64())
		}
		hy.Territory = map[string]Quantiles{}
		for t, id := range in.theatre {
			hy.Territory[id] = histQuantiles(v.Territory[t], func(u float64) float64 { return u })
		}
		hy.Losses = map[string]Quantiles{}
		for i, ls := range in.losses {
			hy.Losses[ls.name] = histQuantiles(v.Losses[i], func(u float64) float64 { return math.Pow(10, u*lossDecades) - 1 })
		}
		r.Hypotheses = append(r.Hypotheses, hy)
	}
	return r
}

// paramPosterior reads a parameter's posterior off its histogram in u.
func paramPosterior(name string, prior scenario.Value, h []ExactSum) ParamPosterior {
	q := func(p float64) float64 { return prior.Quantile(p) }
	pp := ParamPosterior{Name: name, Prior: Quantiles{q(0.05), q(0.5), q(0.95)}}
	pp.Posterior = histQuantiles(h, q)
	c := cumulative(h)
	pp.Shift = invCum(c, 0.5)
	tot := c[len(c)-1]
	for i := range h {
		pp.Density = append(pp.Density, h[i].Float64()/tot*float64(len(h)))
	}
	return pp
}

// cumulative returns the running sums of h, from 0: len(h)+1 values.
func cumulative(h []ExactSum) []float64 {
	var acc ExactSum
	c := []float64{0}
	for i := range h {
		acc.Merge(&h[i])
		c = append(c, acc.Float64())
	}
	return c
}

// invCum is the u in [0, 1] where the cumulative c (over equal bins of
// [0, 1]) reaches p of its total, by linear interpolation within the bin.
func invCum(c []float64, p float64) float64 {
	tot := c[len(c)-1]
	target := p * tot
	nb := len(c) - 1
	i := sort.SearchFloat64s(c, target)
	switch {
	case i <= 0:
		return 0
	case i > nb:
		return 1
	}
	lo, hi := c[i-1], c[i]
	f := 0.0
	if hi > lo {
		f = (target - lo) / (hi - lo)
	}
	return (float64(i-1) + f) / float64(nb)
}

// histQuantiles are the 5, 50, 95 % quantiles of a histogram on equal bins of
// [0, 1], mapped by q.
func histQuantiles(h []ExactSum, q func(float64) float64) Quantiles {
	c := cumulative(h)
	if c[len(c)-1] == 0 {
		return Quantiles{math.NaN(), math.NaN(), math.NaN()}
	}
	return Quantiles{q(invCum(c, 0.05)), q(invCum(c, 0.5)), q(invCum(c, 0.95))}
}

// Text writes the inference for people.
func (r *Inference) Text() string {
	var b strings.Builder
	add := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	add("infer %s: %d trajectories per hypothesis, seed %d, conditioned on the record through %s\n", r.Scenario, r.N, r.Seed, r.Until)
	add("  conditioned on %d observations", len(r.Conditioned))
	if len(r.NotUsed) > 0 {
		add("; not used: %d (%s)", len(r.NotUsed), strings.Join(r.NotUsed, ", "))
	}
	add("\n\n")
	add("Hypotheses (equal prior probabilities; Bayes factor against the baseline, ± Monte Carlo standard error)\n")
	add("  %-24s %14s %10s %12s %18s\n", "hypothesis", "mean lik.", "ESS", "posterior", "Bayes factor")
	for _, h := range r.Hypotheses {
		if r.Hypotheses[0].MeanLik == 0 {
			post := "-"
			if h.PostProb > 0 || h.MeanLik == 0 && slices.ContainsFunc(r.Hypotheses, func(o Hypothesis) bool { return o.MeanLik > 0 }) {
				post = fmt.Sprintf("%.3f", h.PostProb)
			}
			add("  %-24s %14.4g %10.1f %12s %18s\n", h.Variant, h.MeanLik, h.ESS, post, "- (baseline has no weight)")
			continue
		}
		add("  %-24s %14.4g %10.1f %12.3f %10.3g ± %-6.2g\n", h.Variant, h.MeanLik, h.ESS, h.PostProb, h.BayesFactor, h.BFError)
	}
	if smc := r.Hypotheses[0].SMC; smc != nil {
		add("\nResample-and-move (sequential Monte Carlo over the record's dates): %d particles, %d moves a stage\n", smc.Particles, smc.Moves)
		add("  %-24s %14s %10s %18s\n", "hypothesis", "mean lik.", "distinct", "Bayes factor")
		for _, h := range r.Hypotheses {
			s := h.SMC
			if s.Error != "" {
				add("  %-24s %s\n", h.Variant, s.Error)
				continue
			}
			bf := "-"
			if s.BayesFactor > 0 || r.Hypotheses[0].SMC.MeanLik > 0 {
				bf = fmt.Sprintf("%.3g", s.BayesFactor)
			}
			add("  %-24s %14.4g %10d %18s\n", h.Variant, s.MeanLik, s.Distinct, bf)
		}
		add("  (the SMC Bayes factors carry no error estimate: run again with other -seed values to see their spread)\n")
	}
	for _, h := range r.Hypotheses {
		add("\n%s\n", h.Variant)
		if h.Warning != "" {
			add("  WARNING: %s\n", h.Warning)
		}
		if s := h.SMC; s != nil {
			add("  resample-and-move stages (date added through: observations, ESS before resampling, acceptance of the moves):\n")
			for _, st := range s.Stages {
				add("    %s: %d obs., ESS %.0f, acceptance %.2f\n", st.Through, st.Added, st.ESS, st.Acceptance)
			}
			if s.Error != "" {
				add("  SMC stopped: %s\n", s.Error)
			}
		}
		if h.Unweightable {
			continue
		}
		for _, rg := range h.Regions {
			add("  region %s: prior %.3f → posterior %.3f, Bayes factor against its complement %.3g\n", rg.Region, rg.Prior, rg.Posterior, rg.BayesFactor)
		}
		add("  forecast after %s, given the record:\n", r.Until)
		for _, m := range forecastMonths {
			k := fmt.Sprintf("%d months", m)
			p := h.Nuclear[k]
			if p.Beyond {
				add("    P(nuclear use within %-9s beyond the horizon\n", k+")")
				continue
			}
			add("    P(nuclear use within %-9s %.4f  [%.4f, %.4f]\n", k+")", p.P, p.Lo, p.Hi)
		}
		ends := make([]string, 0, len(h.Ends))
		for k := range h.Ends {
			ends = append(ends, k)
		}
		slices.Sort(ends)
		for _, k := range ends {
			p := h.Ends[k]
			add("    P(end: %-20s %.4f  [%.4f, %.4f]\n", k+")", p.P, p.Lo, p.Hi)
		}
		for _, t := range sortedKeys(h.Territory) {
			q := h.Territory[t]
			add("    territory %s held by side a at the end: median %.3f, 90 %% interval %.3f–%.3f\n", t, q.P50, q.P5, q.P95)
		}
		for _, k := range sortedKeys(h.Losses) {
			q := h.Losses[k]
			add("    losses %-14s at the end: median %.0f, 90 %% interval %.0f–%.0f\n", k, q.P50, q.P5, q.P95)
		}
		add("  parameters: prior median [5 %%, 95 %%] → posterior median [5 %%, 95 %%]; shift = prior CDF of the posterior median (0.5: unmoved)\n")
		for _, p := range h.Params {
			add("    %-48s %10.4g [%.4g, %.4g] → %10.4g [%.4g, %.4g]  shift %.2f\n", p.Name, p.Prior.P50, p.Prior.P5, p.Prior.P95, p.Posterior.P50, p.Posterior.P5, p.Posterior.P95, p.Shift)
		}
	}
	add("\n%s\n", r.Caveat)
	return b.String()
}

// wilson is the 95 % Wilson score interval of a proportion p out of n.
func wilson(p, n float64) (lo, hi float64) {
	const z = 1.959963984540054
	d := 1 + z*z/n
	c := (p + z*z/(2*n)) / d
	h := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / d
	return max(0, c-h), min(1, c+h)
}

func sortedKeys[V any](m map[string]V) []string {
	k := make([]string, 0, len(m))
	for x := range m {
		k = append(k, x)
	}
	slices.Sort(k)
	return k
}

func orBaseline(id string) string {
	if id == "" {
		return "the baseline"
	}
	return "variant " + id
}

// SetTodo restricts the next Run to the trajectories of todo (see
// Accumulator.Missing).
func (in *Inferrer) SetTodo(todo mc.Ranges) {
	if todo == nil {
		todo = mc.Ranges{}
	}
	in.opt.Todo = todo
}

// SetProgress makes the next Run call f with the number of trajectories
// (per hypothesis) finished, from its workers (f must be safe for that).
func (in *Inferrer) SetProgress(f func(done int64)) { in.opt.Progress = f }
