package mc

// Paired comparison of variants on common random numbers.
//
// Compare runs trajectory k of the baseline and of every variant on the same
// streams, StreamKey(hash, seed, k), and counts, per outcome and per variant,
// the four cells of the paired 2×2 table: the outcome in both, in the
// baseline only, in the variant only, in neither. The difference of the two
// proportions is then estimated from the pairs, which are positively
// correlated when the variant changes little, so its interval is much
// narrower than one from independent runs of the same size.
//
// Everything accumulated is an integer count, merged per worker in a fixed
// order, so a comparison gives the same bytes whatever the number of workers.

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"brink/sim"
)

// Paired is the paired 2×2 table of one outcome over the same trajectories:
// in how many it occurred under both models, under the baseline only, under
// the variant only, and under neither.
type Paired struct {
	Both        int64 `json:"both"`
	BaseOnly    int64 `json:"base_only"`
	VariantOnly int64 `json:"variant_only"`
	Neither     int64 `json:"neither"`
}

// N is the number of pairs.
// add counts q's pairs in p (merging workers' counts).
func (p *Paired) add(q Paired) {
	p.Both += q.Both
	p.BaseOnly += q.BaseOnly
	p.VariantOnly += q.VariantOnly
	p.Neither += q.Neither
}

func (p Paired) N() int64 { return p.Both + p.BaseOnly + p.VariantOnly + p.Neither }

// Diff is the paired difference p_variant − p_base = (VariantOnly − BaseOnly)/N.
func (p Paired) Diff() float64 {
	n := p.N()
	if n == 0 {
		return 0
	}
	return float64(p.VariantOnly-p.BaseOnly) / float64(n)
}

// CI95 is the 95 % interval of Diff by Newcombe's method 10 for paired
// proportions (see NewcombePaired).
func (p Paired) CI95() (lo, hi float64) {
	return NewcombePaired(p.Both, p.VariantOnly, p.BaseOnly, p.Neither, Z95)
}

// WaldVar is the variance of Diff from the multinomial counts of the pairs,
// [(b + c) − (b − c)²/n] / n², with b, c the discordant counts.
func (p Paired) WaldVar() float64 {
	n := float64(p.N())
	if n == 0 {
		return 0
	}
	b, c := float64(p.BaseOnly), float64(p.VariantOnly)
	return ((b + c) - (b-c)*(b-c)/n) / (n * n)
}

// Comparison is what Compare accumulates: a full Result per model (the
// baseline first) and, per model and outcome, the paired table against the
// baseline.
type Comparison struct {
	Models  []*sim.Model
	Results []*Result
	// Outcomes names the compared outcomes in the order of Summarize (ends,
	// then events), with a capitulation:ID for every actor.
	Outcomes []string
	// Pairs[i][j] is the paired table of outcome j, model i against the
	// baseline; Pairs[0] is the baseline against itself.
	Pairs [][]Paired
	// Identical[i] reports that model i is the baseline's scenario itself
	// (the same model, or a scenario whose canonical JSON — what its hash is
	// of — is the baseline's, e.g. a variant that sets values to what they
	// are): on common random numbers every trajectory is then the same, and
	// every difference is exactly 0, with no interval around it.
	Identical []bool
	// CondPairs[i] and CondDiffs[i]: model i against the baseline over the
	// trajectories in which both saw a nuclear use (afteruse.go).
	CondPairs [][]Paired
	CondDiffs [][]DiffSum
}

// compareOutcomes names the outcomes of model m compared, in Summarize's
// order.
func compareOutcomes(m *sim.Model) []string {
	names := []string{sim.EndFrozen.String(), sim.EndSettlement.String()}
	for _, a := range m.Actors {
		names = append(names, "capitulation:"+a)
	}
	names = append(names, sim.EndNuclearWar.String(), "direct_war", "nuclear_use",
		"first_use_deliberate", "first_use_false_alarm", "first_use_unauthorised", "first_use_loss_of_control")
	if m.HasWorld() {
		names = append(names, "any_accession", "any_programme", "any_regime_change")
	}
	return names
}

// indicators sets dst[j] to whether outcome j of compareOutcomes happened in o.
func indicators(o *sim.Outcome, na int, dst []bool) {
	if len(dst) > 2+na+7 { // the world's outcomes (see compareOutcomes)
		j := 2 + na + 7
		dst[j], dst[j+1], dst[j+2] = false, false, false
		for a := range na {
			dst[j] = dst[j] || o.Joined[a] >= 0
			dst[j+1] = dst[j+1] || o.Prolif[a] != sim.ProlifNone
			dst[j+2] = dst[j+2] || o.RegimeChanges[a] > 0
		}
	}
	dst[0] = o.End == sim.EndFrozen
	dst[1] = o.End == sim.EndSettlement
	for a := range na {
		dst[2+a] = o.End == sim.EndCapitulation && o.EndActor == a
	}
	j := 2 + na
	dst[j] = o.End == sim.EndNuclearWar
	dst[j+1] = o.DirectWar
	dst[j+2] = o.NuclearUse
	dst[j+3] = o.NuclearUse && o.FirstUseKind == sim.UseDeliberate
	dst[j+4] = o.NuclearUse && o.FirstUseKind == sim.UseFalseAlarm
	dst[j+5] = o.NuclearUse && o.FirstUseKind == sim.UseUnauthorised
	dst[j+6] = o.NuclearUse && o.FirstUseKind == sim.UseLossOfControl
}

// Comparable reports why models cannot be compared on common random numbers,
// or nil: there must be at least one, all must share the baseline's scenario
// hash (variants keep it: scenario.WithVariant) and its actors.
func Comparable(models []*sim.Model) error {
	if len(models) == 0 {
		return errors.New("nothing to compare")
	}
	base := models[0]
	for _, m := range models[1:] {
		name := m.Scenario.Variant
		if name == "" {
			name = m.Scenario.ID
		}
		if m.Scenario.Hash != base.Scenario.Hash {
			return fmt.Errorf("%s does not share the baseline's scenario hash, so not its random streams: only variants of one scenario compare on common random numbers", name)
		}
		if !slices.Equal(m.Actors, base.Actors) {
			return fmt.Errorf("%s has actors %v, the baseline %v", name, m.Actors, base.Actors)
		}
	}
	return nil
}

// identical reports whether models a and b simulate the same scenario: the
// same canonical JSON, which is what the scenario's hash is of (positions,
// variants and the variant's name left out).
func identical(a, b *sim.Model) bool {
	if a == b || a.Scenario == b.Scenario {
		return true
	}
	x, err1 := json.Marshal(a.Scenario)
	y, err2 := json.Marshal(b.Scenario)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// Compare runs trajectories 0..opt.N−1 of every model — models[0] is the
// baseline, the others its variants — each trajectory k of every model on the
// same streams StreamKey(baseline hash, opt.Seed, k), with one World per model
// per worker. It honours opt.N, Seed, Workers, Progress and ProgressEvery
// (done counts trajectories run under every model); Shard, Todo and Rows are
// not supported. It panics if the models are not Comparable. If ctx is
// cancelled it stops early; the Results are then marked Partial and all cover
// the same trajectories.
func Compare(ctx context.Context, models []*sim.Model, opt Options) *Comparison {
	if err := Comparable(models); err != nil {
		panic("mc.Compare: " + err.Error())
	}
	if opt.Shards > 1 || len(opt.Todo) > 0 || opt.Rows != nil {
		panic("mc.Compare: shards, Todo and Rows are not supported")
	}
	base := models[0]
	hash := base.Scenario.Hash
	names := compareOutcomes(base)
	no, na := len(names), len(base.Actors)
	var chunks Ranges
	for s := int64(0); s < opt.N; s += chunk {
		chunks = append(chunks, [2]int64{s, min(s+chunk, opt.N)})
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(chunks)))

	type part struct {
		res   []*Result
		pairs [][]Paired
		cp    [][]Paired
		cd    [][]DiffSum
	}
	newPart := func() *part {
		p := &part{}
		for _, m := range models {
			p.res = append(p.res, NewResult(m))
			p.pairs = append(p.pairs, make([]Paired, no))
			p.cp = append(p.cp, make([]Paired, len(condOutcomes)))
			p.cd = append(p.cd, make([]DiffSum, len(condMeasures)))
		}
		return p
	}
	var next, done atomic.Int64
	parts := make([]*part, workers)
	var wg sync.WaitGroup
	for wi := range workers {
		parts[wi] = newPart()
		wg.Add(1)
		go func(acc *part) {
			defer wg.Done()
			worlds := make([]*sim.World, len(models))
			for i, m := range models {
				worlds[i] = sim.NewWorld(m)
			}
			ind := make([][]bool, len(models))
			for i := range ind {
				ind[i] = make([]bool, no)
			}
			for ctx.Err() == nil {
				c := next.Add(1) - 1
				if c >= int64(len(chunks)) {
					return
				}
				start, end := chunks[c][0], chunks[c][1]
				k := start
				for ; k < end && ctx.Err() == nil; k++ {
					key := StreamKey(hash, opt.Seed, k)
					for i, w := range worlds {
						w.Reset(key)
						o := w.Run()
						acc.res[i].AddAt(k, o)
						indicators(o, na, ind[i])
					}
					for i := range models {
						condPairs(base, &worlds[0].Out, &worlds[i].Out, acc.cp[i], acc.cd[i])
						pi := acc.pairs[i]
						for j, x := range ind[0] {
							switch y := ind[i][j]; {
							case x && y:
								pi[j].Both++
							case x:
								pi[j].BaseOnly++
							case y:
								pi[j].VariantOnly++
							default:
								pi[j].Neither++
							}
						}
					}
					done.Add(1)
				}
				for _, r := range acc.res {
					r.Done = append(r.Done, [2]int64{start, k})
				}
			}
		}(parts[wi])
	}
	stopProgress := reportProgress(opt, &done)
	wg.Wait()
	stopProgress()

	acc := parts[0]
	for _, p := range parts[1:] {
		for i := range models {
			acc.res[i].Merge(p.res[i])
			for j := range no {
				acc.pairs[i][j].add(p.pairs[i][j])
			}
			for j := range acc.cp[i] {
				acc.cp[i][j].add(p.cp[i][j])
			}
			for j := range acc.cd[i] {
				a, b := &acc.cd[i][j], p.cd[i][j]
				a.N += b.N
				a.Sum += b.Sum
				a.Sum2 += b.Sum2
			}
		}
	}
	cmp := &Comparison{Models: models, Results: acc.res, Outcomes: names, Pairs: acc.pairs, CondPairs: acc.cp, CondDiffs: acc.cd}
	for i, r := range acc.res {
		r.Done = r.Done.normalize()
		r.Seed, r.Requested = opt.Seed, opt.N
		r.Partial = r.Done.Len() < opt.N
		cmp.Identical = append(cmp.Identical, identical(models[i], base))
	}
	if opt.Progress != nil {
		opt.Progress(acc.res[0].N)
	}
	return cmp
}

// NewcombePaired is the confidence interval for θ = p1 − p2 from paired
// binary data — a pairs with the event under both conditions, b under the
// first only, c under the second only, d under neither; p1 = (a+b)/n,
// p2 = (a+c)/n — by method 10 of R. G. Newcombe (1998), "Improved confidence
// intervals for the difference between binomial proportions based on paired
// data", Statistics in Medicine 17:2635–2650. With (l1, u1) and (l2, u2) the
// Wilson score intervals (see Wilson) of p1 and p2 at quantile z,
//
//	L = θ̂ − sqrt((p1 − l1)² − 2φ(p1 − l1)(u2 − p2) + (u2 − p2)²)
//	U = θ̂ + sqrt((p2 − l2)² − 2φ(p2 − l2)(u1 − p1) + (u1 − p1)²)
//
// where φ is the correlation of the pairs with Newcombe's continuity
// correction of its numerator ad − bc: replaced by ad − bc − n/2 if that is
// positive, by 0 if 0 ≤ ad − bc ≤ n/2, kept if negative; φ = 0 when a
// margin of the table is empty. Clamped to [−1, 1]; n = 0 gives (−1, 1).
func NewcombePaired(a, b, c, d int64, z float64) (lo, hi float64) {
	if a < 0 || b < 0 || c < 0 || d < 0 {
		panic(fmt.Sprintf("mc.NewcombePaired: negative count in %d, %d, %d, %d", a, b, c, d))
	}
	n := a + b + c + d
	if n == 0 {
		return -1, 1
	}
	nf := float64(n)
	p1, p2 := float64(a+b)/nf, float64(a+c)/nf
	l1, u1 := Wilson(a+b, n, z)
	l2, u2 := Wilson(a+c, n, z)
	var phi float64
	if a+b > 0 && c+d > 0 && a+c > 0 && b+d > 0 {
		// In floating point: the products overflow int64 for n beyond ~2^31.
		af, bf, cf, df := float64(a), float64(b), float64(c), float64(d)
		num := af*df - bf*cf
		switch {
		case num > nf/2:
			num -= nf / 2
		case num >= 0:
			num = 0
		}
		phi = num / math.Sqrt((af+bf)*(cf+df)*(af+cf)*(bf+df))
	}
	theta := p1 - p2
	x1, y2 := p1-l1, u2-p2
	x2, y1 := p2-l2, u1-p1
	lo = theta - math.Sqrt(max(0, x1*x1-2*phi*x1*y2+y2*y2))
	hi = theta + math.Sqrt(max(0, x2*x2-2*phi*x2*y1+y1*y1))
	return max(lo, -1), min(hi, 1)
}

// NewcombeIndependent is the confidence interval for p1 − p2, p1 = k1/n1 and
// p2 = k2/n2 from independent samples, by method 10 of R. G. Newcombe (1998),
// "Interval estimation for the difference between independent proportions:
// comparison of eleven methods", Statistics in Medicine 17:873–890: with
// (l1, u1), (l2, u2) the Wilson intervals at quantile z,
//
//	L = p1 − p2 − sqrt((p1 − l1)² + (u2 − p2)²)
//	U = p1 − p2 + sqrt((u1 − p1)² + (p2 − l2)²).
//
// It is NewcombePaired with φ = 0, for samples that are not paired.
func NewcombeIndependent(k1, n1, k2, n2 int64, z float64) (lo, hi float64) {
	l1, u1 := Wilson(k1, n1, z)
	l2, u2 := Wilson(k2, n2, z)
	p1, p2 := Proportion{k1, n1}.P(), Proportion{k2, n2}.P()
	lo = p1 - p2 - math.Hypot(p1-l1, u2-p2)
	hi = p1 - p2 + math.Hypot(u1-p1, p2-l2)
	return max(lo, -1), min(hi, 1)
}

// McNemar returns the two-sided p-values of McNemar's test of p1 = p2 from
// the discordant counts b and c of paired binary data, conditionally on
// m = b + c, under which b ~ Binomial(m, 1/2): the exact conditional p,
// min(1, 2·P(X ≤ min(b, c))), and the mid-p, that minus P(X = b)
// (uncapped it equals 1 when b = c). The mid-p is what brink compare
// reports: Fagerland, Lydersen & Laake (2013), "The McNemar test for binary
// matched-pairs data: mid-p and asymptotic are better than exact
// conditional", BMC Medical Research Methodology 13:91, found it close to
// the nominal level where the exact test is conservative. m = 0 gives 1, 1.
// Q. McNemar (1947), Psychometrika 12:153–157.
func McNemar(b, c int64) (exact, midP float64) {
	if b < 0 || c < 0 {
		panic(fmt.Sprintf("mc.McNemar: negative count in %d, %d", b, c))
	}
	m, k := b+c, min(b, c)
	if m == 0 {
		return 1, 1
	}
	// P(X = k) in logarithms, then the lower tail by the ratio
	// P(X = x−1)/P(X = x) = x/(m − x + 1), which is below 1 for x ≤ m/2:
	// the terms fall, and the sum stops when they no longer count.
	lg := func(x int64) float64 { v, _ := math.Lgamma(float64(x) + 1); return v }
	pk := math.Exp(lg(m) - lg(k) - lg(m-k) - float64(m)*math.Ln2)
	tail, t := pk, pk
	for x := k; x > 0 && t > tail*1e-17; x-- {
		t *= float64(x) / float64(m-x+1)
		tail += t
	}
	exact = min(1, 2*tail)
	midP = min(1, 2*tail-pk)
	return exact, midP
}

// Methods of the comparison, as the report cites them.
const (
	CompareIntervalMethod = "Newcombe (1998) method 10 for paired proportions (Wilson score intervals combined with the continuity-corrected correlation of the pairs), Statistics in Medicine 17:2635-2650"
	CompareTestMethod     = "McNemar's test, two-sided mid-p (Fagerland, Lydersen & Laake 2013, BMC Medical Research Methodology 13:91)"
)

// CompareReport is what brink compare prints and keeps.
type CompareReport struct {
	Scenario     string `json:"scenario"`
	Title        string `json:"title"`
	ScenarioHash string `json:"scenario_hash"`
	Seed         uint64 `json:"seed"`
	Trajectories int64  `json:"trajectories"` // run under every model
	Requested    int64  `json:"requested"`
	Partial      bool   `json:"partial"`
	// Variants compared with the baseline, in the order given.
	Variants       []string `json:"variants"`
	IntervalMethod string   `json:"interval_method"`
	TestMethod     string   `json:"test_method"`

	Outcomes []OutcomeComparison `json:"outcomes"`
	// Summaries are the models' own summaries, the baseline first, each
	// what brink run -variant prints with the same seed and count.
	Summaries []*Summary `json:"summaries,omitempty"`
	// AfterUse compares each variant with the baseline over the
	// trajectories in which both saw a nuclear use (afteruse.go).
	AfterUse []CondComparison `json:"after_nuclear_use,omitempty"`
}

// OutcomeComparison is one outcome under the baseline and every variant.
type OutcomeComparison struct {
	Name     string        `json:"name"`
	Label    string        `json:"label"`
	Baseline Estimate      `json:"baseline"`
	Variants []VariantDiff `json:"variants"`
}

// VariantDiff is one variant's probability of an outcome and its paired
// difference from the baseline's.
type VariantDiff struct {
	Variant  string   `json:"variant"`
	Estimate Estimate `json:"estimate"`
	Paired   Paired   `json:"paired"`
	Diff     float64  `json:"diff"` // p_variant − p_baseline
	Lo       float64  `json:"lo"`
	Hi       float64  `json:"hi"`
	// PValue is McNemar's two-sided mid-p; PExact the exact conditional p.
	PValue float64 `json:"p_value"`
	PExact float64 `json:"p_exact"`
	// Significant: the interval excludes 0.
	Significant bool `json:"significant"`
	// Identical: the variant is the baseline's scenario itself, so the
	// difference is exactly 0 (see Comparison.Identical).
	Identical bool `json:"identical,omitempty"`
}

// Report summarizes the comparison: per outcome the baseline's and each
// variant's estimate (from Summarize) with the paired difference, its 95 %
// interval and p-value. A capitulation of an actor that happened under no
// model is left out, as Summarize leaves it out.
func (c *Comparison) Report() *CompareReport {
	base := c.Results[0]
	sc := c.Models[0].Scenario
	rep := &CompareReport{Scenario: sc.ID, Title: sc.Title, ScenarioHash: hex.EncodeToString(sc.Hash[:]),
		Seed: base.Seed, Trajectories: base.N, Requested: base.Requested, Partial: base.Partial,
		IntervalMethod: CompareIntervalMethod, TestMethod: CompareTestMethod}
	est := make([]map[string]Estimate, len(c.Models))
	for i, r := range c.Results {
		s := Summarize(r)
		rep.Summaries = append(rep.Summaries, s)
		if i > 0 {
			rep.Variants = append(rep.Variants, s.Variant)
		}
		est[i] = map[string]Estimate{}
		for _, e := range append(slices.Clone(s.Ends), s.Events...) {
			est[i][e.Name] = e
		}
		if s.World != nil {
			for _, e := range s.World.Events {
				est[i][e.Name] = e
			}
		}
	}
	for j, name := range c.Outcomes {
		oc := OutcomeComparison{Name: name}
		var any bool
		for i := range c.Models {
			e, ok := est[i][name]
			if !ok { // a capitulation that did not happen under model i
				e = estimate(name, "", 0, c.Results[i].N)
			}
			any = any || ok
			if e.Label != "" {
				oc.Label = strings.TrimSpace(e.Label)
			}
			if i == 0 {
				oc.Baseline = e
				continue
			}
			p := c.Pairs[i][j]
			d := VariantDiff{Variant: rep.Summaries[i].Variant, Estimate: e, Paired: p, Diff: p.Diff(), Identical: c.Identical[i]}
			if d.Identical {
				d.PValue, d.PExact = 1, 1
			} else {
				d.Lo, d.Hi = p.CI95()
				d.PExact, d.PValue = McNemar(p.BaseOnly, p.VariantOnly)
				d.Significant = d.Lo > 0 || d.Hi < 0
			}
			oc.Variants = append(oc.Variants, d)
		}
		if !any {
			continue
		}
		if oc.Label == "" {
			oc.Label = name
		}
		oc.Baseline.Label = oc.Label
		for i := range oc.Variants {
			oc.Variants[i].Estimate.Label = oc.Label
		}
		rep.Outcomes = append(rep.Outcomes, oc)
	}
	if len(c.CondPairs) == len(c.Models) {
		rep.AfterUse = c.condReport(rep.Variants)
	}
	return rep
}
