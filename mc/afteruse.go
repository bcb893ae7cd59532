package mc

import (
	"fmt"
	"math"
	"strings"
	"text/tabwriter"

	"brink/sim"
)

// AfterUse counts what follows a first nuclear use, over the trajectories
// that saw one: the first doctrine answer drawn (sim/retaliation.go), how the
// war ended, interventions, the world's response — the growth of the
// sanctions coalition and of the target's GDP lost from the use to the
// horizon — and the casualties by actor and coalition. The target's GDP lost
// in trajectories without a use is kept beside it for comparison. Every field
// is an integer count, so it merges exactly.
type AfterUse struct {
	N          int64                  // trajectories with a nuclear use
	Branch     [sim.NumBranches]int64 // first doctrine answer drawn
	Ends       [sim.NumEnds]int64
	Intervened int64 // some third party intervened
	Joined     int64 // some state joined an alliance or took a patron
	Programme  int64 // some state started a weapons programme

	SanctionsGrowth *Hist   // members at the end − at the use
	TargetLostAfter *Hist   // the target's GDP lost from the use to the horizon, US$ trillions
	TargetLostNoUse *Hist   // the target's GDP lost in trajectories without a use
	Casualties      []*Hist // per actor, then per coalition: millions killed, given a use
}

func newAfterUse(m *sim.Model) *AfterUse {
	na := len(m.Actors)
	a := &AfterUse{SanctionsGrowth: NewLinearHist(-float64(na)-0.5, float64(na)+0.5, 2*na+1),
		TargetLostAfter: NewLogHist(1e-4, 1e3, 50), TargetLostNoUse: NewLogHist(1e-4, 1e3, 50)}
	for range na + len(m.Coalitions) {
		a.Casualties = append(a.Casualties, NewLogHist(1e-6, 1e4, 20))
	}
	return a
}

func (a *AfterUse) add(m *sim.Model, o *sim.Outcome) {
	t := m.SanctionsTarget()
	if !o.NuclearUse {
		if t >= 0 {
			a.TargetLostNoUse.Add(o.GDPLost[t])
		}
		return
	}
	a.N++
	if o.Response >= 0 {
		a.Branch[o.Response]++
	}
	a.Ends[o.End]++
	if o.Interventions > 0 {
		a.Intervened++
	}
	var joined, prog bool
	for i := range o.Joined {
		joined = joined || o.Joined[i] >= 0
		prog = prog || o.Prolif[i] != sim.ProlifNone
	}
	if joined {
		a.Joined++
	}
	if prog {
		a.Programme++
	}
	if t >= 0 && o.SanctionsAtUse >= 0 {
		a.SanctionsGrowth.Add(float64(o.SanctionsSize - o.SanctionsAtUse))
		a.TargetLostAfter.Add(max(0, o.GDPLost[t]-o.TargetLostAtUse))
	}
	na := len(m.Actors)
	for c := range m.Coalitions {
		s := 0.0
		for i, x := range o.Casualties {
			if m.Coalition[i] == c {
				s += x
			}
		}
		a.Casualties[na+c].Add(s)
	}
	for i, x := range o.Casualties {
		a.Casualties[i].Add(x)
	}
}

func (a *AfterUse) counts() []int64 {
	c := append([]int64{a.N, a.Intervened, a.Joined, a.Programme}, a.Branch[:]...)
	return append(c, a.Ends[:]...)
}

func (a *AfterUse) setCounts(c []int64) {
	a.N, a.Intervened, a.Joined, a.Programme = c[0], c[1], c[2], c[3]
	copy(a.Branch[:], c[4:])
	copy(a.Ends[:], c[4+sim.NumBranches:])
}

func (a *AfterUse) hists() []*Hist {
	return append([]*Hist{a.SanctionsGrowth, a.TargetLostAfter, a.TargetLostNoUse}, a.Casualties...)
}

func (a *AfterUse) merge(o *AfterUse) {
	c, oc := a.counts(), o.counts()
	for i := range c {
		c[i] += oc[i]
	}
	a.setCounts(c)
	oh := o.hists()
	for i, h := range a.hists() {
		must(h.Merge(oh[i]))
	}
}

// savedAfterUse is an AfterUse on disk.
type savedAfterUse struct {
	Counts []int64  `json:"counts"` // uses, intervened, joined, programme, branches, ends
	Hists  []sparse `json:"hists"`  // sanctions growth, target's GDP lost after the use and without, casualties per actor and coalition
}

func (a *AfterUse) save() *savedAfterUse {
	s := &savedAfterUse{Counts: a.counts()}
	for _, h := range a.hists() {
		s.Hists = append(s.Hists, toSparse(h.counts))
	}
	return s
}

// load reads s (nil for a result saved before it existed: then empty).
func (a *AfterUse) load(s *savedAfterUse) error {
	if s == nil {
		return nil
	}
	hs := a.hists()
	if len(s.Counts) != len(a.counts()) || len(s.Hists) != len(hs) {
		return fmt.Errorf("saved result does not match the layout of the conditional tables after a nuclear use")
	}
	a.setCounts(s.Counts)
	for i, h := range hs {
		if err := s.Hists[i].into(h.counts, "after-use histogram"); err != nil {
			return err
		}
		h.n = 0
		for _, c := range h.counts {
			h.n += c
		}
	}
	return nil
}

// AfterUseSummary is what a run reports about the trajectories with a
// nuclear use: probabilities given a use (Wilson intervals) and quantiles.
type AfterUseSummary struct {
	Uses      int64       `json:"uses"`
	Events    []Estimate  `json:"events"`
	Quantiles []Quantiles `json:"quantiles"`
}

func summarizeAfterUse(r *Result) *AfterUseSummary {
	a, m := r.AfterUse, r.Model
	if a == nil || a.N == 0 {
		return nil
	}
	s := &AfterUseSummary{Uses: a.N}
	ev := func(name, label string, k int64) { s.Events = append(s.Events, estimate(name, label, k, a.N)) }
	answered := int64(0)
	for b := range sim.NumBranches {
		answered += a.Branch[b]
	}
	ev("answered", "answered by a nuclear power's doctrine", answered)
	for b := range sim.NumBranches {
		ev("answer:"+strings.ReplaceAll(sim.BranchName(b), " ", "_"), "  first answer: "+sim.BranchName(b), a.Branch[b])
	}
	ev("general_nuclear_war", "general nuclear war", a.Ends[sim.EndNuclearWar])
	ev("terminated", "war ends by settlement or capitulation", a.Ends[sim.EndSettlement]+a.Ends[sim.EndCapitulation])
	ev("frozen", "unresolved at the horizon", a.Ends[sim.EndFrozen])
	ev("intervention", "a third party intervenes", a.Intervened)
	if m.HasWorld() {
		ev("any_accession", "any accession to an alliance or patron", a.Joined)
		ev("any_programme", "any new nuclear weapons programme", a.Programme)
	}
	q := func(name, unit string, hh *Hist) { s.Quantiles = appendQuantiles(s.Quantiles, name, unit, hh) }
	if t := m.SanctionsTarget(); t >= 0 {
		q("sanctions_growth:"+m.Actors[t], "members, end − at the use", a.SanctionsGrowth)
		q("gdp_lost_after_use:"+m.Actors[t], "US$ trillions, use to horizon", a.TargetLostAfter)
		q("gdp_lost_no_use:"+m.Actors[t], "US$ trillions, trajectories without a use", a.TargetLostNoUse)
	}
	na := len(m.Actors)
	for i, id := range m.Actors {
		if a.Casualties[i].Quantile(0.95) > 0 {
			q("casualties:"+id, "millions killed", a.Casualties[i])
		}
	}
	for c, id := range m.Coalitions {
		if a.Casualties[na+c].Quantile(0.95) > 0 {
			q("casualties_coalition:"+id, "millions killed", a.Casualties[na+c])
		}
	}
	return s
}

// Text is the section as brink run prints it.
func (s *AfterUseSummary) Text() string {
	var b strings.Builder
	s.writeText(&b)
	return b.String()
}

func (s *AfterUseSummary) writeText(b *strings.Builder) {
	fmt.Fprintf(b, "\nAfter a first nuclear use (%d trajectories; probabilities given a use)\n", s.Uses)
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	for _, e := range s.Events {
		fmt.Fprintf(tw, "  %s\t%6.2f %%\t[%6.2f, %6.2f]\t%d\n", e.Label, 100*e.P, 100*e.Lo, 100*e.Hi, e.Count)
	}
	tw.Flush()
	writeQuantiles(b, s.Quantiles)
}

// Paired comparisons conditional on a use. Over the trajectories k in which
// both the baseline and a variant see a nuclear use (on common random
// numbers), the paired 2×2 tables of what follows (condOutcomes) and the
// paired differences of the world's response (condMeasures), kept as integer
// sums in fixed units so that they merge exactly.
var condOutcomes = [...]string{"general_nuclear_war", "terminated", "intervention", "any_accession", "any_programme"}

var condLabels = [...]string{"general nuclear war", "war ends by settlement or capitulation", "a third party intervenes",
	"any accession to an alliance or patron", "any new nuclear weapons programme"}

// condMeasures are the paired measures: name, unit and the number of units
// per integer step they are kept in.
var condMeasures = [...]struct {
	name, unit string
	per        float64
}{{"sanctions_growth", "members, end − at the use", 1}, {"gdp_lost_after_use", "US$ trillions of the target's GDP, use to horizon", 1e4}}

// DiffSum accumulates paired differences d (in integer units): their count,
// sum and sum of squares.
type DiffSum struct {
	N    int64 `json:"n"`
	Sum  int64 `json:"sum"`
	Sum2 int64 `json:"sum2"`
}

// Mean and its 95 % interval (normal approximation), in units of the measure.
func (d DiffSum) Mean(per float64) (mean, lo, hi float64) {
	if d.N == 0 {
		return 0, 0, 0
	}
	n := float64(d.N)
	mean = float64(d.Sum) / n
	v := (float64(d.Sum2)/n - mean*mean) / n
	h := Z95 * math.Sqrt(max(0, v))
	return mean / per, (mean - h) / per, (mean + h) / per
}

func condIndicators(o *sim.Outcome, dst []bool) {
	dst[0] = o.End == sim.EndNuclearWar
	dst[1] = o.End == sim.EndSettlement || o.End == sim.EndCapitulation
	dst[2] = o.Interventions > 0
	dst[3], dst[4] = false, false
	for i := range o.Joined {
		dst[3] = dst[3] || o.Joined[i] >= 0
		dst[4] = dst[4] || o.Prolif[i] != sim.ProlifNone
	}
}

func condValues(m *sim.Model, o *sim.Outcome) (v [len(condMeasures)]int64, ok bool) {
	t := m.SanctionsTarget()
	if t < 0 || o.SanctionsAtUse < 0 {
		return v, false
	}
	v[0] = int64(o.SanctionsSize - o.SanctionsAtUse)
	v[1] = int64(math.Round(max(0, o.GDPLost[t]-o.TargetLostAtUse) * condMeasures[1].per))
	return v, true
}

// condPairs adds trajectory k's pair (baseline outcome b, variant outcome o).
func condPairs(m *sim.Model, b, o *sim.Outcome, pairs []Paired, diffs []DiffSum) {
	if !b.NuclearUse || !o.NuclearUse {
		return
	}
	var x, y [len(condOutcomes)]bool
	condIndicators(b, x[:])
	condIndicators(o, y[:])
	for j := range x {
		switch {
		case x[j] && y[j]:
			pairs[j].Both++
		case x[j]:
			pairs[j].BaseOnly++
		case y[j]:
			pairs[j].VariantOnly++
		default:
			pairs[j].Neither++
		}
	}
	vb, ok1 := condValues(m, b)
	vo, ok2 := condValues(m, o)
	if !ok1 || !ok2 {
		return
	}
	for j := range vb {
		d := vo[j] - vb[j]
		diffs[j].N++
		diffs[j].Sum += d
		diffs[j].Sum2 += d * d
	}
}

// CondComparison is one variant against the baseline over the trajectories
// in which both saw a nuclear use.
type CondComparison struct {
	Variant  string          `json:"variant"`
	Pairs    int64           `json:"pairs"` // trajectories with a use under both
	Outcomes []CondOutcome   `json:"outcomes"`
	Measures []CondMeasureCI `json:"measures"`
}

// CondOutcome is a paired difference of proportions given a use under both.
type CondOutcome struct {
	Name   string  `json:"name"`
	Label  string  `json:"label"`
	Paired Paired  `json:"paired"`
	Diff   float64 `json:"diff"`
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
}

// CondMeasureCI is a paired mean difference given a use under both.
type CondMeasureCI struct {
	Name string  `json:"name"`
	Unit string  `json:"unit"`
	Diff float64 `json:"diff"`
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
}

func (c *Comparison) condReport(variants []string) []CondComparison {
	var out []CondComparison
	for i := 1; i < len(c.Models); i++ {
		cc := CondComparison{Variant: variants[i-1]}
		for j, name := range condOutcomes {
			p := c.CondPairs[i][j]
			cc.Pairs = p.N()
			lo, hi := p.CI95()
			cc.Outcomes = append(cc.Outcomes, CondOutcome{Name: name, Label: condLabels[j], Paired: p, Diff: p.Diff(), Lo: lo, Hi: hi})
		}
		for j, ms := range condMeasures {
			d, lo, hi := c.CondDiffs[i][j].Mean(ms.per)
			cc.Measures = append(cc.Measures, CondMeasureCI{Name: ms.name, Unit: ms.unit, Diff: d, Lo: lo, Hi: hi})
		}
		out = append(out, cc)
	}
	return out
}
