package evidence

// Resample-and-move: sequential Monte Carlo over the record's dates, for when
// importance weighting from the prior degenerates (Chopin 2002, "A
// sequential particle filter method for static models", Biometrika 89;
// Del Moral, Doucet & Jasra 2006, "Sequential Monte Carlo samplers", JRSS B
// 68). A particle is a trajectory: its uncertain parameters θ (kept as
// u = F(θ), their prior CDFs, uniform under the prior) and its stream key ω,
// which fixes everything else it draws. The targets are
//
//	π_t(θ, ω) ∝ p(θ) p(ω) Π_{i : date_i ≤ D_t} p(y_i | θ, ω)
//
// for dates D_1 ≤ … ≤ D_T = the conditioning date (the observations one at a
// time, in order of date). Stage t weighs each particle by its incremental
// likelihood g = Π p(y_i | θ, ω) over the observations it adds (they are
// added while Kish's ESS of g stays at least half the particles, one at
// least), resamples systematically (Kitagawa 1996), and moves every
// particle by Metropolis–Hastings steps that leave π_t invariant: propose
// u' = u + s·z, reflected into [0, 1] (a symmetric proposal; the prior of u
// is uniform), at every other step with a fresh key ω' from p(ω) (at the
// others the same ω: common random numbers, only the parameters change), the
// trajectory re-simulated at θ' = F⁻¹(u'); accept with probability
//
//	min(1, L_t(θ', ω') / L_t(θ, ω))
//
// since the prior terms cancel (Marjoram et al. 2003 for the same kernel in
// approximate Bayesian computation). The step s is, per parameter, c times
// the spread of u over the particles, c halved or doubled between stages to
// keep the acceptance rate of the moves on the same stream between 10 and
// 50 %. A stage makes at least the
// stated number of moves, and up to four times as many while fewer than half
// the particles have moved (an observation the model rarely reproduces makes
// every proposal unlikely to be accepted). The product over stages of
// the mean incremental weight estimates the mean likelihood of the record
// without bias (Del Moral 2004).
//
// Every random number comes from a key made of the seed, the stage, the
// step and the particle's index, and each particle is moved on its own, so
// the population, and everything read off it, does not depend on the number
// of workers. The population is held in memory (particles × (parameters +
// observations) numbers): unlike importance weighting, SMC does not stream.

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"brink/mc"
)

// SMCOptions of a resample-and-move run.
type SMCOptions struct {
	Particles int // population size (default 1000)
	Moves     int // Metropolis–Hastings steps per particle per stage (default 5)
}

// SMCStage describes one stage of a run.
type SMCStage struct {
	Through    string  `json:"through"`      // the last date conditioned on at this stage
	Added      int     `json:"observations"` // observations added at this stage
	ESS        float64 `json:"ess"`          // of the incremental weights, before resampling
	Acceptance float64 `json:"acceptance"`   // of the moves
	Scale      float64 `json:"scale"`        // c, the step over the particles' spread
	Steps      int     `json:"steps"`        // moves per particle
}

// SMCResult is what resample-and-move adds to a hypothesis.
type SMCResult struct {
	Particles int        `json:"particles"`
	Moves     int        `json:"moves_per_stage"`
	Stages    []SMCStage `json:"stages"`
	// Distinct is the number of distinct trajectories in the final
	// population (after the last moves): how many particles carry
	// information of their own.
	Distinct int `json:"distinct_trajectories"`
	// MeanLik is the SMC estimate of the mean likelihood (Π of the stages'
	// mean incremental weights), BayesFactor its ratio to the baseline's
	// (no Monte Carlo error: repeat with other seeds to see its spread).
	MeanLik     float64 `json:"mean_likelihood"`
	BayesFactor float64 `json:"bayes_factor,omitempty"`
	Error       string  `json:"error,omitempty"` // the run stopped: no particle matched an observation
}

// population is the state of a run: per particle its u, key, whether it
// still has the parameters its key drew (never moved), and the log
// likelihood of every conditioned observation.
type population struct {
	n, d, m int
	u       []float64 // n×d
	key     [][32]byte
	natural []bool
	ll      []float64 // n×m
}

func (p *population) uOf(i int) []float64  { return p.u[i*p.d : (i+1)*p.d] }
func (p *population) llOf(i int) []float64 { return p.ll[i*p.m : (i+1)*p.m] }

// smcRun is one hypothesis's resample-and-move.
type smcRun struct {
	in    *Inferrer
	h     *hypothesis
	opt   SMCOptions
	obs   []int    // conditioned probes, by date
	dates []int    // per obs: the step at which it joins the target (its index in obs)
	days  []int    // per step: the day of its observation
	full  bool     // a conditioned observation needs the whole trajectory (duration)
	hash  [32]byte // of the moves' keys (stageKey)
	rhash [32]byte // of the resampling's keys
}

// SMC runs resample-and-move for every hypothesis and returns, per
// hypothesis, the accumulator of its final population (equal weights) and
// what the run did. It does not depend on the options' shard.
func (in *Inferrer) SMC(ctx context.Context, opt SMCOptions) (*Accumulator, []SMCResult, error) {
	if opt.Particles <= 0 {
		opt.Particles = 1000
	}
	if opt.Moves <= 0 {
		opt.Moves = 5
	}
	acc := in.NewAccumulator()
	res := make([]SMCResult, len(in.hyps))
	for hi, h := range in.hyps {
		r := &smcRun{in: in, h: h, opt: opt}
		r.hash = sha256.Sum256(append([]byte("brink/smc\x00"), h.sc.Hash[:]...))
		r.rhash = sha256.Sum256(append([]byte("brink/smc-resample\x00"), h.sc.Hash[:]...))
		for i, pr := range h.plan.probes {
			if h.use[i] {
				r.obs = append(r.obs, i)
				r.full = r.full || pr.obs.Value == "duration"
			}
		}
		slices.SortStableFunc(r.obs, func(a, b int) int { return h.plan.probes[a].day - h.plan.probes[b].day })
		// Observations join one at a time, by date: those of one date need
		// not be taken together (any order of the factors gives the same
		// final target), and one at a time keeps more particles alive.
		for j, k := range r.obs {
			r.days = append(r.days, h.plan.probes[k].day)
			r.dates = append(r.dates, j)
		}
		res[hi] = SMCResult{Particles: opt.Particles, Moves: opt.Moves}
		if err := r.run(ctx, &acc.Variants[hi], &res[hi]); err != nil {
			return nil, nil, err
		}
		acc.N = int64(opt.Particles)
	}
	acc.Done = mc.Ranges{{0, acc.N}}
	if res[0].MeanLik > 0 {
		for i := range res {
			res[i].BayesFactor = res[i].MeanLik / res[0].MeanLik
		}
	}
	return acc, res, nil
}

// simulate runs the trajectory of key with parameters u (nil: drawn) to the
// record's last read (to the end if need), and writes the log likelihood of
// each conditioned observation to ll.
func (r *smcRun) simulate(t *tracker, key [32]byte, x []float64, ll []float64) {
	w := t.w
	w.Pin(x)
	w.Reset(key)
	for i := range t.probe {
		t.probe[i].hit, t.probe[i].atAfter = false, false
	}
	for j, d := range t.p.reads {
		if d >= 0 {
			w.RunUntil(d)
		}
		for _, k := range t.p.readFor[j] {
			t.read(k, d)
		}
	}
	if r.full {
		out := w.Run()
		for k := range t.probe {
			if t.probe[k].obs.Value == "duration" {
				t.value[k] = float64(out.Days)
			}
		}
	}
	w.Pin(nil)
	for j, k := range r.obs {
		o := t.probe[k].obs
		if o.IsEvent() {
			ll[j] = 0
			if t.event[k] != *o.Happened {
				ll[j] = math.Inf(-1)
			}
			continue
		}
		ll[j] = logLik(o, t.value[k])
	}
}

// workers is the number of goroutines for n particles.
func (r *smcRun) workers(n int) int {
	w := r.in.opt.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	return max(1, min(w, n))
}

// forEach runs f(worker, tracker, i) for i in [0, n) on r.workers(n)
// goroutines, each with its own tracker; what f writes must go to slots of i
// (or of the worker, merged exactly).
func (r *smcRun) forEach(ctx context.Context, n int, f func(wk int, t *tracker, i int)) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	for wk := range r.workers(n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := newTracker(r.h.plan)
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(wk, t, i)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// stageKey is the key of particle i's step s of stage t: the proposal's
// trajectory key, and the seed of its proposal's numbers.
func (r *smcRun) stageKey(t, s, i int) [32]byte {
	return mc.StreamKey(r.hash, r.in.opt.Seed, int64((t*4*r.opt.Moves+s)*r.opt.Particles+i))
}

func (r *smcRun) run(ctx context.Context, v *variantSums, res *SMCResult) error {
	h := r.h
	n, d, m := r.opt.Particles, len(h.names), len(r.obs)
	pop := &population{n: n, d: d, m: m, u: make([]float64, n*d), key: make([][32]byte, n), natural: make([]bool, n), ll: make([]float64, n*m)}
	hash := h.sc.Hash
	// Stage 0: the first n trajectories of the importance sampler, from the prior.
	err := r.forEach(ctx, n, func(_ int, t *tracker, i int) {
		pop.key[i] = mc.StreamKey(hash, r.in.opt.Seed, int64(i))
		pop.natural[i] = true
		r.simulate(t, pop.key[i], nil, pop.llOf(i))
		for j, x := range t.w.Sampled() {
			pop.u[i*d+j] = h.priors[j].CDF(x)
		}
	})
	if err != nil {
		return err
	}
	if m == 0 {
		return errors.New("no observation to condition on")
	}
	logZ := 0.0
	scale := 2.38 / math.Sqrt(float64(max(d, 1)))
	g := make([]float64, n)
	cur := -1 // index in r.days of the last date included
	for stage := 0; cur < len(r.days)-1; stage++ {
		// Add dates while the incremental weights keep half the particles.
		inc := func(to int) {
			for i := range n {
				s, ll := 0.0, pop.llOf(i)
				for j := range m {
					if r.dates[j] > cur && r.dates[j] <= to {
						s += ll[j]
					}
				}
				g[i] = math.Exp(s)
			}
		}
		next := cur + 1
		inc(next)
		for next+1 < len(r.days) {
			inc(next + 1)
			if kish(g) < 0.5*float64(n) {
				break
			}
			next++
		}
		inc(next)
		added := 0
		for j := range m {
			if r.dates[j] > cur && r.dates[j] <= next {
				added++
			}
		}
		sum := 0.0
		for _, x := range g {
			sum += x
		}
		day := r.days[next]
		st := SMCStage{Through: h.sc.Start.AddDate(0, 0, day).Format(time.DateOnly), Added: added, ESS: kish(g), Scale: scale}
		if sum == 0 {
			res.Stages = append(res.Stages, st)
			res.Error = fmt.Sprintf("no particle matches the observations dated %s: every incremental weight is zero (more particles, or see brink validate for the observations the model misses)", st.Through)
			return nil
		}
		logZ += math.Log(sum / float64(n))
		cur = next
		// Systematic resampling.
		rs := rand.New(rand.NewChaCha8(mc.StreamKey(r.rhash, r.in.opt.Seed, int64(stage))))
		anc := systematic(g, sum, rs.Float64())
		old := *pop
		pop = &population{n: n, d: d, m: m, u: make([]float64, n*d), key: make([][32]byte, n), natural: make([]bool, n), ll: make([]float64, n*m)}
		for i, a := range anc {
			copy(pop.uOf(i), old.uOf(a))
			copy(pop.llOf(i), old.llOf(a))
			pop.key[i], pop.natural[i] = old.key[a], old.natural[a]
		}
		// The step: c times each parameter's spread of u over the particles.
		sd := make([]float64, d)
		for j := range d {
			var s1, s2 float64
			for i := range n {
				x := pop.u[i*d+j]
				s1 += x
				s2 += x * x
			}
			mean := s1 / float64(n)
			sd[j] = math.Sqrt(max(s2/float64(n)-mean*mean, 1e-8))
		}
		// Moves: at least opt.Moves steps, and more (up to 4×) while fewer
		// than half the particles have moved at this stage.
		var accepted, acceptedSame atomic.Int64 // all moves; those on the same stream
		moved := make([]bool, n)
		partials := make([]float64, n)
		for i := range n {
			partials[i] = partial(pop.llOf(i), r.dates, cur)
		}
		steps := 0
		for s := 0; s < 4*r.opt.Moves; s++ {
			if s >= r.opt.Moves {
				k := 0
				for _, x := range moved {
					if x {
						k++
					}
				}
				if 2*k >= n {
					break
				}
			}
			steps++
			err := r.forEach(ctx, n, func(_ int, t *tracker, i int) {
				u, ll := pop.uOf(i), pop.llOf(i)
				uNew, xNew, llNew := make([]float64, d), make([]float64, d), make([]float64, m)
				key := r.stageKey(stage, s, i)
				seed := key
				seed[0] ^= 0xa5 // the proposal's numbers: not the trajectory's streams (those come from SHA-256(key))
				rg := rand.New(rand.NewChaCha8(seed))
				for j := range d {
					uNew[j] = reflect01(u[j] + scale*sd[j]*rg.NormFloat64())
					xNew[j] = h.priors[j].Quantile(uNew[j])
				}
				// Even steps keep the trajectory's stream (common random
				// numbers: only the parameters change), odd steps draw a
				// fresh one; each kernel leaves the target invariant, so
				// does their alternation.
				simKey := key
				if s%2 == 0 {
					simKey = pop.key[i]
				}
				r.simulate(t, simKey, xNew, llNew)
				lt := partial(llNew, r.dates, cur)
				if math.Log(rg.Float64()) < lt-partials[i] {
					copy(u, uNew)
					copy(ll, llNew)
					pop.key[i], pop.natural[i] = simKey, false
					partials[i] = lt
					moved[i] = true
					accepted.Add(1)
					if s%2 == 0 {
						acceptedSame.Add(1)
					}
				}
			})
			if err != nil {
				return err
			}
		}
		st.Acceptance = float64(accepted.Load()) / float64(n*steps)
		st.Steps = steps
		res.Stages = append(res.Stages, st)
		// The step adapts to the moves on the same stream, whose acceptance
		// the step governs (a fresh stream's is mostly the record's chance).
		switch same := float64(acceptedSame.Load()) / float64(n*((steps+1)/2)); {
		case same < 0.1:
			scale /= 2
		case same > 0.5:
			scale = min(2*scale, 2)
		}
	}
	res.MeanLik = math.Exp(logZ)
	keys := map[[32]byte]bool{}
	for i, k := range pop.key {
		h := sha256.New()
		h.Write(k[:])
		if !pop.natural[i] {
			for _, u := range pop.uOf(i) {
				h.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(u)))
			}
		}
		keys[[32]byte(h.Sum(nil))] = true
	}
	res.Distinct = len(keys)
	// The final population, run to its end, with equal weights.
	parts := make([]variantSums, r.workers(n))
	for i := range parts {
		parts[i] = newVariantSums(len(h.names), len(r.in.theatre), len(r.in.losses))
	}
	err = r.forEach(ctx, n, func(wk int, t *tracker, i int) {
		var x []float64
		if !pop.natural[i] {
			x = make([]float64, d)
			for j, u := range pop.uOf(i) {
				x[j] = h.priors[j].Quantile(u)
			}
		}
		t.w.Pin(x)
		out := t.run(pop.key[i])
		t.w.Pin(nil)
		r.in.add(&parts[wk], h, t.w, out, 1, 1)
	})
	if err != nil {
		return err
	}
	for i := range parts {
		v.merge(&parts[i])
	}
	return nil
}

// partial is the log likelihood of the observations dated up to index cur.
func partial(ll []float64, dates []int, cur int) float64 {
	s := 0.0
	for j, x := range ll {
		if dates[j] <= cur {
			s += x
		}
	}
	return s
}

// kish is the effective sample size (Σ w)² / Σ w² of weights w.
func kish(w []float64) float64 {
	var s1, s2 float64
	for _, x := range w {
		s1 += x
		s2 += x * x
	}
	if s2 == 0 {
		return 0
	}
	return s1 * s1 / s2
}

// systematic returns the ancestors of len(w) particles resampled
// systematically by weights w (summing to sum), from one uniform u0.
func systematic(w []float64, sum, u0 float64) []int {
	n := len(w)
	anc := make([]int, n)
	c, j := w[0], 0
	for i := range n {
		t := (float64(i) + u0) / float64(n) * sum
		for (c < t || w[j] == 0) && j < n-1 {
			j++
			c += w[j]
		}
		anc[i] = j
	}
	return anc
}

// reflect01 folds x into [0, 1] by reflection at its ends (which keeps a
// symmetric proposal symmetric), then keeps it off the ends, where a
// quantile may be infinite.
func reflect01(x float64) float64 {
	for x < 0 || x > 1 {
		if x < 0 {
			x = -x
		}
		if x > 1 {
			x = 2 - x
		}
	}
	return min(max(x, 1e-12), 1-1e-12)
}

// WithSMC puts the results of resample-and-move (SMC's accumulator and
// results) into r, the importance sampler's summary: per hypothesis, the
// parameters' posterior and the forecast become the final population's.
func (in *Inferrer) WithSMC(r *Inference, acc *Accumulator, res []SMCResult) {
	s := in.Summarise(acc)
	for i := range r.Hypotheses {
		h := &r.Hypotheses[i]
		h.SMC = &res[i]
		if res[i].Error != "" {
			continue
		}
		o := s.Hypotheses[i]
		h.Params, h.Nuclear, h.Ends, h.Territory, h.Losses, h.Regions = o.Params, o.Nuclear, o.Ends, o.Territory, o.Losses, o.Regions
		// The intervals of the forecast: from the distinct trajectories.
		for k, p := range h.Nuclear {
			if !p.Beyond {
				p.Lo, p.Hi = wilson(p.P, float64(max(res[i].Distinct, 1)))
				h.Nuclear[k] = p
			}
		}
		for k, p := range h.Ends {
			p.Lo, p.Hi = wilson(p.P, float64(max(res[i].Distinct, 1)))
			h.Ends[k] = p
		}
		if h.Unweightable || h.Warning != "" {
			h.Unweightable = false
			h.Warning = fmt.Sprintf("importance weighting degenerated (ESS %.1f); the posterior and forecast below are resample-and-move's (%d particles, %d distinct trajectories at the end).", h.ESS, res[i].Particles, res[i].Distinct)
		}
	}
}
