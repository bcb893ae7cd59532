package evidence

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"brink/mc"
	"brink/scenario"
	"brink/sim"
)

// The sum does not depend on the order of the terms, equals the exact sum
// (big.Float at full precision) correctly rounded, merges exactly, and
// survives a text round trip.
func TestExactSum(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 5000)
	for i := range xs {
		switch i % 4 {
		case 0:
			xs[i] = r.Float64()
		case 1:
			xs[i] = math.Ldexp(r.Float64(), -r.IntN(1070)) // down to subnormals
		case 2:
			xs[i] = math.Ldexp(r.Float64(), r.IntN(60))
		default:
			xs[i] = 5e-324
		}
	}
	var a, b, c1, c2 ExactSum
	exact := new(big.Float).SetPrec(4000)
	for i, x := range xs {
		a.Add(x)
		exact.Add(exact, new(big.Float).SetPrec(4000).SetFloat64(x))
		if i%2 == 0 {
			c1.Add(x)
		} else {
			c2.Add(x)
		}
	}
	for _, i := range r.Perm(len(xs)) {
		b.Add(xs[i])
	}
	want, _ := exact.Float64()
	if a.Float64() != want || b.Float64() != want || a != b {
		t.Fatalf("sums %v %v, exact %v", a.Float64(), b.Float64(), want)
	}
	c1.Merge(&c2)
	if c1 != a {
		t.Fatal("merged halves differ from the whole")
	}
	txt, _ := a.MarshalText()
	var d ExactSum
	if err := d.UnmarshalText(txt); err != nil || d != a {
		t.Fatal("text round trip changed the sum")
	}
	if err := d.UnmarshalText([]byte("zz")); err == nil {
		t.Fatal("bad text accepted")
	}
}

// The CRPS of a large ensemble of a normal distribution tends to the closed
// form σ[z(2Φ(z) − 1) + 2φ(z) − 1/√π], z = (y − μ)/σ (Gneiting & Raftery
// 2007); a one-member ensemble scores its absolute error.
func TestCRPSNormal(t *testing.T) {
	const n = 200000
	mu, sigma := 3.0, 2.0
	x := make([]float64, n)
	for i := range x {
		// Stratified: the quantiles at (i+½)/n.
		x[i] = mu + sigma*math.Sqrt2*math.Erfinv(2*(float64(i)+0.5)/n-1)
	}
	for _, y := range []float64{-1, 3, 4.5, 10} {
		z := (y - mu) / sigma
		phi := math.Exp(-z*z/2) / math.Sqrt(2*math.Pi)
		Phi := 0.5 * math.Erfc(-z/math.Sqrt2)
		want := sigma * (z*(2*Phi-1) + 2*phi - 1/math.Sqrt(math.Pi))
		got := crps(slices.Clone(x), y)
		if math.Abs(got-want) > 1e-3 {
			t.Errorf("CRPS at %v: %v, closed form %v", y, got, want)
		}
	}
	if got := crps([]float64{2}, 5); got != 3 {
		t.Errorf("one-member CRPS %v, want 3", got)
	}
	if p := percentile([]float64{1, 2, 2, 3}, 2); p != 0.5 {
		t.Errorf("percentile with ties %v, want 0.5", p)
	}
}

// The lower-bound observation density integrates to one over y, matches its
// noiseless limit 1/(x(1−f)) on [f·x, x], and its draws follow it.
func TestLowerBoundModel(t *testing.T) {
	f, s, x := 0.6, 0.1, 1000.0
	y := 0.0
	o := &scenario.Observation{Value: "losses", Model: "lower_bound", MinFraction: f, SD: s, Observed: &y}
	dens := func(yy float64) float64 {
		y = yy
		return math.Exp(logLik(o, x)) / ((1 - f) * yy) // back from the scaled likelihood
	}
	// ∫ p(y|x) dy and the CDF at a few points, by the midpoint rule.
	var total float64
	const h = 0.05
	cdfAt := map[float64]float64{700: 0, 900: 0, 1050: 0}
	for yy := h / 2; yy < 3*x; yy += h {
		p := dens(yy) * h
		total += p
		for c := range cdfAt {
			if yy < c {
				cdfAt[c] += p
			}
		}
	}
	if math.Abs(total-1) > 1e-4 {
		t.Errorf("lower_bound density integrates to %v", total)
	}
	r := rand.New(rand.NewPCG(3, 4))
	const n = 200000
	draws := make([]float64, n)
	for i := range draws {
		draws[i] = drawObserved(o, x, r)
	}
	slices.Sort(draws)
	for c, want := range cdfAt {
		got := percentile(draws, c)
		if math.Abs(got-want) > 4*math.Sqrt(want*(1-want)/n)+1e-3 {
			t.Errorf("P(y < %v): draws %v, density %v", c, got, want)
		}
	}
	o.SD = 0
	y = 800
	if got, want := math.Exp(logLik(o, x)), 0.8; math.Abs(got-want) > 1e-12 {
		t.Errorf("noiseless lower bound: scaled likelihood %v, want y/x = %v", got, want)
	}
	y = 1001
	if !math.IsInf(logLik(o, x), -1) {
		t.Error("a count above the truth is impossible without noise")
	}
}

func loadToy(t *testing.T) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.LoadFile("testdata/toy-poisson.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func toyRecord(t *testing.T, sc *scenario.Scenario, days []int, happened []bool) *scenario.Record {
	t.Helper()
	r := &scenario.Record{}
	for i, d := range days {
		h := happened[i]
		r.Observations = append(r.Observations, scenario.Observation{ID: "use-by-" + time.Duration(d).String(),
			Event: "nuclear_use", Date: scenario.Date{Time: sc.Start.AddDate(0, 0, d)}, Happened: &h})
	}
	r.Through.Time = sc.Start.AddDate(0, 0, days[len(days)-1])
	return r
}

// Conjugate case: unauthorised use is a Poisson process of rate λ a year,
// λ ~ uniform(0, L) a priori; a record of no use in the first T days gives
// the likelihood e^{−λt} (t = T/365 years), so the marginal likelihood is
// (1 − e^{−Lt})/(Lt) and the posterior is the exponential truncated to
// [0, L]: F(λ) = (1 − e^{−tλ})/(1 − e^{−tL}). A record of a use gives
// 1 − e^{−λt}. Both are checked: the mean weight against the marginal
// likelihood within 4 Monte Carlo standard errors, the posterior quantiles
// against the closed form within a small tolerance.
func TestInferConjugate(t *testing.T) {
	sc := loadToy(t)
	const L, T = 20.0, 31 // the record's date is day 30: 31 turns of hazard
	tt := T / 365.0
	for _, happened := range []bool{false, true} {
		rec := toyRecord(t, sc, []int{30}, []bool{happened})
		in, err := NewInferrer(sc, rec, InferOptions{Options: Options{N: 20000, Seed: 1}})
		if err != nil {
			t.Fatal(err)
		}
		acc, err := in.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		res := in.Summarise(acc)
		h := res.Hypotheses[0]
		marg := (1 - math.Exp(-L*tt)) / (L * tt)
		postCDF := func(l float64) float64 { return (1 - math.Exp(-tt*l)) / (1 - math.Exp(-tt*L)) }
		if happened {
			marg = 1 - marg
			postCDF = func(l float64) float64 {
				// ∫₀^λ (1 − e^{−tu}) du / ∫₀^L (…)
				g := func(l float64) float64 { return l - (1-math.Exp(-tt*l))/tt }
				return g(l) / g(L)
			}
		}
		n := float64(acc.N)
		W2 := acc.Variants[0].W2.Float64() / n
		se := math.Sqrt((W2 - h.MeanLik*h.MeanLik) / n)
		if math.Abs(h.MeanLik-marg) > 4*se {
			t.Errorf("happened=%v: mean likelihood %v, closed form %v (se %v)", happened, h.MeanLik, marg, se)
		}
		p := h.Params[0]
		for _, c := range []struct{ q, got float64 }{{0.05, p.Posterior.P5}, {0.5, p.Posterior.P50}, {0.95, p.Posterior.P95}} {
			if got := postCDF(c.got); math.Abs(got-c.q) > 0.015 {
				t.Errorf("happened=%v: posterior %v-quantile %v has closed-form CDF %v", happened, c.q, c.got, got)
			}
		}
		if math.Abs(h.ESS-n*h.MeanLik*h.MeanLik/W2) > 1e-6*n {
			t.Errorf("ESS %v inconsistent with the sums", h.ESS)
		}
	}
}

// Weights merge like counts: the sums of a run do not depend on the number
// of workers, and shards merged give the whole run to the bit.
func TestInferShardsMergeExactly(t *testing.T) {
	sc := loadToy(t)
	rec := toyRecord(t, sc, []int{10, 40}, []bool{false, false})
	run := func(workers, shard, shards int) *Accumulator {
		in, err := NewInferrer(sc, rec, InferOptions{Options: Options{N: 1000, Seed: 3, Workers: workers, Shard: shard, Shards: shards}})
		if err != nil {
			t.Fatal(err)
		}
		a, err := in.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	whole := run(1, 0, 0)
	many := run(3, 0, 0)
	merged := run(2, 0, 3)
	for i := 1; i < 3; i++ {
		if err := merged.Merge(run(1, i, 3)); err != nil {
			t.Fatal(err)
		}
	}
	js := func(a *Accumulator) []byte {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if !bytes.Equal(js(whole), js(many)) || !bytes.Equal(js(whole), js(merged)) {
		t.Fatal("the sums depend on workers or shards")
	}
	var back Accumulator
	if err := json.Unmarshal(js(whole), &back); err != nil || !bytes.Equal(js(&back), js(whole)) {
		t.Fatal("saved sums do not reload exactly")
	}
}

// Simulation-based calibration (Talts et al. 2018): draw the truth from the
// prior (trajectory k ≥ N of the same model: its λ is a prior draw), record
// what it did (nuclear use or not by days 5, 20 and 60), infer from the N
// trajectories, and take the posterior CDF at the true λ. Over many
// repetitions it is uniform if inference is right: checked by the
// Kolmogorov–Smirnov distance at α = 0.01.
func TestSimulationBasedCalibration(t *testing.T) {
	if testing.Short() {
		t.Skip("SBC runs 100 inferences")
	}
	sc := loadToy(t)
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	const N, M = 400, 400
	days := []int{5, 20, 60}
	w := sim.NewWorld(m)
	var ranks []float64
	for j := range M {
		w.Reset(mc.StreamKey(sc.Hash, 7, int64(N+j)))
		truth := w.Sampled()[0]
		out := w.Run()
		happened := make([]bool, len(days))
		for i, d := range days {
			happened[i] = out.NuclearUse && out.FirstUseDay <= d
		}
		rec := toyRecord(t, sc, days, happened)
		in, err := NewInferrer(sc, rec, InferOptions{Options: Options{N: N, Seed: 7}})
		if err != nil {
			t.Fatal(err)
		}
		acc, err := in.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		c := cumulative(acc.Variants[0].Params[0])
		u := truth / 20 // prior CDF of uniform(0, 20)
		// Posterior CDF at u, interpolated within its bin.
		b := min(int(u*paramBins), paramBins-1)
		frac := u*paramBins - float64(b)
		ranks = append(ranks, (c[b]+frac*(c[b+1]-c[b]))/c[len(c)-1])
	}
	slices.Sort(ranks)
	var d float64
	for i, r := range ranks {
		d = max(d, math.Abs(r-float64(i)/M), math.Abs(r-float64(i+1)/M))
	}
	if crit := 1.63 / math.Sqrt(M); d > crit {
		t.Errorf("posterior CDF at the truth is not uniform: KS distance %.3f > %.3f", d, crit)
	}
}

// An observation the model cannot produce leaves no weight, and infer says
// so instead of dividing by zero.
func TestInferNoConsistentTrajectory(t *testing.T) {
	sc := loadToy(t)
	h := true
	rec := &scenario.Record{Observations: []scenario.Observation{{ID: "settled", Event: "settlement",
		Date: scenario.Date{Time: sc.Start.AddDate(0, 0, 20)}, Happened: &h}}}
	rec.Through.Time = sc.Start.AddDate(0, 0, 20)
	in, err := NewInferrer(sc, rec, InferOptions{Options: Options{N: 100, Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := in.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r := in.Summarise(acc)
	if !r.Hypotheses[0].Unweightable || r.Hypotheses[0].Warning == "" {
		t.Fatalf("no warning for a record no trajectory matches: %+v", r.Hypotheses[0])
	}
	if _, err := json.Marshal(r); err != nil {
		t.Fatal(err)
	}
}

// A region of a parameter is weighed against its complement: in the
// conjugate case (no use in 31 days, λ ~ uniform(0, 20)), P(λ < 5 | record)
// = F(5) of the truncated exponential, and the prior is 1/4.
func TestInferRegion(t *testing.T) {
	sc := loadToy(t)
	rec := toyRecord(t, sc, []int{30}, []bool{false})
	name := "actors.A.nuclear.unauthorised_per_year[0]"
	in, err := NewInferrer(sc, rec, InferOptions{Options: Options{N: 20000, Seed: 2}, Regions: []string{name + "<5", name + ">5"}})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := in.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rs := in.Summarise(acc).Hypotheses[0].Regions
	tt := 31 / 365.0
	want := (1 - math.Exp(-tt*5)) / (1 - math.Exp(-tt*20))
	if math.Abs(rs[0].Prior-0.25) > 1e-12 || math.Abs(rs[0].Posterior-want) > 0.015 {
		t.Errorf("region λ<5: prior %v posterior %v, want 0.25 and %v", rs[0].Prior, rs[0].Posterior, want)
	}
	if math.Abs(rs[0].Posterior+rs[1].Posterior-1) > 1e-12 {
		t.Error("a region and its complement do not add up to 1")
	}
	wantBF := want / (1 - want) / (0.25 / 0.75)
	if math.Abs(rs[0].BayesFactor-wantBF) > 0.1*wantBF {
		t.Errorf("Bayes factor %v, closed form %v", rs[0].BayesFactor, wantBF)
	}
	if _, err := NewInferrer(sc, rec, InferOptions{Options: Options{N: 10}, Regions: []string{"nope>1"}}); err == nil {
		t.Error("a region on no parameter was accepted")
	}
}

// Skipped observations are not conditioned on, and are listed as not used.
func TestInferSkip(t *testing.T) {
	sc := loadToy(t)
	h := true
	rec := &scenario.Record{Observations: []scenario.Observation{{ID: "settled", Event: "settlement",
		Date: scenario.Date{Time: sc.Start.AddDate(0, 0, 20)}, Happened: &h}}}
	rec.Through.Time = sc.Start.AddDate(0, 0, 20)
	in, err := NewInferrer(sc, rec, InferOptions{Options: Options{N: 64, Seed: 1}, Skip: []string{"sett*"}})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := in.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r := in.Summarise(acc)
	if r.Hypotheses[0].Unweightable || r.Hypotheses[0].ESS != 64 || len(r.NotUsed) != 1 || len(r.Conditioned) != 0 {
		t.Fatalf("skip: %+v %v %v", r.Hypotheses[0].ESS, r.NotUsed, r.Conditioned)
	}
}

// The Bayes factor of a hypothesis against the baseline on common random
// numbers, against its closed form: the ratio of the marginal likelihoods
// (1 − e^{−Lt})/(Lt) for L = 40 and L = 20; and its stated Monte Carlo error
// is of the size of the spread over independent seeds.
func TestInferBayesFactor(t *testing.T) {
	sc := loadToy(t)
	rec := toyRecord(t, sc, []int{30}, []bool{false})
	tt := 31 / 365.0
	marg := func(L float64) float64 { return (1 - math.Exp(-L*tt)) / (L * tt) }
	want := marg(40) / marg(20)
	var bfs, ses []float64
	for seed := range uint64(8) {
		in, err := NewInferrer(sc, rec, InferOptions{Options: Options{N: 2000, Seed: 10 + seed}, Variants: []string{"fast"}})
		if err != nil {
			t.Fatal(err)
		}
		acc, err := in.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		h := in.Summarise(acc).Hypotheses[1]
		bfs = append(bfs, h.BayesFactor)
		ses = append(ses, h.BFError)
		if math.Abs(h.BayesFactor-want) > 4*h.BFError {
			t.Errorf("seed %d: Bayes factor %v ± %v, closed form %v", seed, h.BayesFactor, h.BFError, want)
		}
	}
	var m, v, se float64
	for i := range bfs {
		m += bfs[i] / 8
		se += ses[i] / 8
	}
	for _, b := range bfs {
		v += (b - m) * (b - m) / 7
	}
	if sd := math.Sqrt(v); sd > 2*se || sd < se/2 {
		t.Errorf("spread of the Bayes factor over seeds %v, stated error %v", sd, se)
	}
}

// Validate gives the same report whatever the number of workers, and places
// an event the toy makes about half the time at its frequency.
func TestValidateWorkers(t *testing.T) {
	sc := loadToy(t)
	rec := toyRecord(t, sc, []int{30}, []bool{false})
	y := 10.0
	rec.Observations = append(rec.Observations, scenario.Observation{ID: "dur", Value: "duration", Observed: &y, Model: "lognormal", SD: 0.2,
		Date: scenario.Date{Time: sc.Start.AddDate(0, 0, 40)}})
	var out [][]byte
	for _, w := range []int{1, 3} {
		v, err := Validate(context.Background(), sc, rec, Options{N: 500, Seed: 4, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(v)
		out = append(out, b)
		// P(use by day 30) = 1 − (1 − e^{−20t})/(20t), t = 31/365.
		tt := 31 / 365.0
		p := 1 - (1-math.Exp(-20*tt))/(20*tt)
		if e := v.Lines[0].Event; math.Abs(e.P-p) > 4*math.Sqrt(p*(1-p)/500) {
			t.Errorf("P(event) %v, closed form %v", e.P, p)
		}
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Error("validate depends on the number of workers")
	}
}

// An interrupted inference keeps what it did; resuming it (the missing
// trajectories, merged) gives the sums of the uninterrupted run to the bit.
// Overlapping sums refuse to merge.
func TestInferResume(t *testing.T) {
	sc := loadToy(t)
	rec := toyRecord(t, sc, []int{10, 40}, []bool{false, false})
	newIn := func() *Inferrer {
		in, err := NewInferrer(sc, rec, InferOptions{Options: Options{N: 700, Seed: 5, Workers: 2}})
		if err != nil {
			t.Fatal(err)
		}
		return in
	}
	whole, err := newIn().Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	js := func(a *Accumulator) string { b, _ := json.Marshal(a); return string(b) }
	// A run cut after some chunks, then one cancelled before it starts.
	in := newIn()
	in.SetTodo(mc.Ranges{{0, 130}, {400, 450}})
	part, err := in.Run(context.Background())
	if err != nil || part.N != 180 {
		t.Fatalf("partial run: %v, %d trajectories", err, part.N)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	none, err := newIn().Run(ctx)
	if err == nil || none.N != 0 {
		t.Fatalf("a cancelled run: %v, %d trajectories", err, none.N)
	}
	if err := part.Merge(none); err != nil {
		t.Fatal(err)
	}
	in = newIn()
	in.SetTodo(part.Missing(700, 0, 0))
	rest, err := in.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := part.Merge(rest); err != nil {
		t.Fatal(err)
	}
	if js(part) != js(whole) {
		t.Fatal("the resumed sums differ from the uninterrupted run's")
	}
	if err := part.Merge(rest); err == nil {
		t.Fatal("sums sharing trajectories merged")
	}
}

// The range model with a discrepancy sd is the uniform range convolved with
// N(0, sd²): checked against the convolution summed numerically, relative to
// its value at the middle; with sd 0 it is the indicator of the range.
func TestRangeWithDiscrepancy(t *testing.T) {
	low, high, sd := 0.16, 0.18, 0.02
	conv := func(x float64) float64 { // ∫ φ((x−T)/sd) dT over [low, high]
		var s float64
		const m = 4000
		for i := range m {
			T := low + (high-low)*(float64(i)+0.5)/m
			z := (x - T) / sd
			s += math.Exp(-0.5 * z * z)
		}
		return s
	}
	mid := conv((low + high) / 2)
	for _, x := range []float64{0.10, 0.15, 0.17, 0.19, 0.25} {
		want := math.Log(conv(x) / mid)
		if got := logRange(x, low, high, sd); math.Abs(got-want) > 1e-4 {
			t.Errorf("logRange(%g) = %.6f, want %.6f", x, got, want)
		}
	}
	if logRange(0.17, low, high, 0) != 0 || !math.IsInf(logRange(0.19, low, high, 0), -1) {
		t.Error("without sd the range is an indicator")
	}
	if got := logRange(0.2, 0.17, 0.17, 0.01); math.Abs(got+4.5) > 1e-9 {
		t.Errorf("a point range is a normal density: %.6f, want -4.5", got)
	}
}

// rung_held reads the rung on its date alone; rung_reached, at any time up to
// it. In ukraine-2022 Britain starts on the supply rung toward Russia (reached
// in every trajectory) and holds it at the end of 2023 in only some: the
// share validate gives is exactly the share of trajectories, stepped to that
// date with the same stream keys, in which it stands there.
func TestRungHeldOnItsDate(t *testing.T) {
	sc, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	date := scenario.Date{Time: time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)}
	yes := true
	rec := &scenario.Record{Through: date, Observations: []scenario.Observation{
		{ID: "reached", Event: "rung_reached", Actor: "GBR", Target: "RUS", Rung: 4, Date: date, Happened: &yes},
		{ID: "held", Event: "rung_held", Actor: "GBR", Target: "RUS", Rung: 4, Date: date, Happened: &yes},
	}}
	const n = 300
	v, err := Validate(context.Background(), sc, rec, Options{N: n, Seed: 5, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	w := sim.NewWorld(m)
	gbr, rus := m.ActorIndex("GBR"), m.ActorIndex("RUS")
	day := int(date.Sub(sc.Start.Time).Hours()/24 + 0.5)
	held := 0
	for k := range n {
		w.Reset(mc.StreamKey(sc.Hash, 5, int64(k)))
		w.RunUntil(day)
		if w.RungToward(gbr, rus) >= 4 {
			held++
		}
	}
	reached, heldP := v.Lines[0].Event.P, v.Lines[1].Event.P
	if reached != 1 {
		t.Errorf("rung_reached of the starting rung: P = %v, want 1", reached)
	}
	if want := float64(held) / n; heldP != want || heldP > 0.9 {
		t.Errorf("rung_held: P = %v; stepped directly, %v (want them equal, and below 0.9: Britain leaves the supply rung in some trajectories)", heldP, want)
	}
}
