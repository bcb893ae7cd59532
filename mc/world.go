package mc

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"brink/sim"
)

// WorldResult counts what the world around the war did: accessions,
// sanctions, proliferation, regime changes and the GDP lost. A Result has one
// only for a scenario that models the world (sim.Model.HasWorld). Every field
// is an integer count, so it merges exactly.
type WorldResult struct {
	Applied    []int64 // per actor: applied to an alliance or patron
	Joined     []int64 // per actor: admitted
	JoinedTo   []int64 // [actor*NAL + alliance]: admitted to that alliance
	Programme  []int64 // per actor: started a weapons programme
	Weapon     []int64 // per actor: got a first weapon
	Regime     []int64 // per actor: at least one change of leadership
	RegimeKind []int64 // [actor*NumRegimeKinds + kind] of the first change
	Any        []int64 // trajectories in which some state joined an alliance or took a patron, started a programme, changed leadership (anyJoined …)

	SanctionsSize *Hist   // members of the sanctions coalition at the end
	SanctionsMax  *Hist   // most members at any time
	GDPLost       []*Hist // per actor: US$ trillions
	Credibility   []*Hist // per alliance: credibility of its guarantee at the end
}

// The indices of WorldResult.Any.
const (
	anyJoined = iota
	anyProgramme
	anyRegime
	numAny
)

func newWorldResult(m *sim.Model) *WorldResult {
	if !m.HasWorld() {
		return nil
	}
	na, nal := len(m.Actors), len(m.Alliances())
	w := &WorldResult{
		Applied: make([]int64, na), Joined: make([]int64, na), JoinedTo: make([]int64, na*nal),
		Programme: make([]int64, na), Weapon: make([]int64, na), Regime: make([]int64, na),
		RegimeKind:    make([]int64, na*int(sim.NumRegimeKinds)),
		Any:           make([]int64, numAny),
		SanctionsSize: NewIntHist(na), SanctionsMax: NewIntHist(na),
	}
	for range na {
		w.GDPLost = append(w.GDPLost, NewLogHist(1e-4, 1e3, 50))
	}
	for range nal {
		w.Credibility = append(w.Credibility, NewLinearHist(0, 1, 10000))
	}
	return w
}

func (w *WorldResult) add(o *sim.Outcome) {
	nal := len(w.Credibility)
	var joined, prog, regime bool
	for a := range w.Applied {
		if o.Applied[a] >= 0 {
			w.Applied[a]++
		}
		if k := o.Joined[a]; k >= 0 {
			w.Joined[a]++
			w.JoinedTo[a*nal+int(k)]++
			joined = true
		}
		if o.Prolif[a] != sim.ProlifNone {
			w.Programme[a]++
			prog = true
		}
		if o.Prolif[a] == sim.ProlifWeapon {
			w.Weapon[a]++
		}
		if o.RegimeChanges[a] > 0 {
			w.Regime[a]++
			w.RegimeKind[a*int(sim.NumRegimeKinds)+int(o.RegimeKind[a])]++
			regime = true
		}
		w.GDPLost[a].Add(o.GDPLost[a])
	}
	if joined {
		w.Any[anyJoined]++
	}
	if prog {
		w.Any[anyProgramme]++
	}
	if regime {
		w.Any[anyRegime]++
	}
	w.SanctionsSize.Add(float64(o.SanctionsSize))
	w.SanctionsMax.Add(float64(o.SanctionsMax))
	for k, c := range o.Credibility {
		w.Credibility[k].Add(c)
	}
}

// counts lists the count slices in a fixed order (for merging and saving).
func (w *WorldResult) counts() [][]int64 {
	return [][]int64{w.Applied, w.Joined, w.JoinedTo, w.Programme, w.Weapon, w.Regime, w.RegimeKind,
		w.Any}
}

// hists lists the histograms in a fixed order.
func (w *WorldResult) hists() []*Hist {
	h := []*Hist{w.SanctionsSize, w.SanctionsMax}
	h = append(h, w.GDPLost...)
	return append(h, w.Credibility...)
}

func (w *WorldResult) merge(o *WorldResult) {
	oc := o.counts()
	for i, c := range w.counts() {
		for j := range c {
			c[j] += oc[i][j]
		}
	}
	oh := o.hists()
	for i, h := range w.hists() {
		must(h.Merge(oh[i]))
	}
}

// savedWorld is a WorldResult on disk.
type savedWorld struct {
	Counts [][]int64 `json:"counts"` // applied, joined, joined_to, programme, weapon, regime, regime_kind, [any joined, any programme, any regime]
	Hists  []sparse  `json:"hists"`  // sanctions size, sanctions max, GDP lost per actor, credibility per alliance
}

func (w *WorldResult) save() *savedWorld {
	if w == nil {
		return nil
	}
	s := &savedWorld{Counts: w.counts()}
	for _, h := range w.hists() {
		s.Hists = append(s.Hists, toSparse(h.counts))
	}
	return s
}

func (w *WorldResult) load(s *savedWorld, n int64) error {
	if (w == nil) != (s == nil) {
		return fmt.Errorf("saved result does not match the scenario's world blocks")
	}
	if w == nil {
		return nil
	}
	cs, hs := w.counts(), w.hists()
	if len(s.Counts) != len(cs) || len(s.Hists) != len(hs) {
		return fmt.Errorf("saved result does not match the layout of the scenario's world")
	}
	for i, c := range cs {
		if len(s.Counts[i]) != len(c) {
			return fmt.Errorf("saved result does not match the layout of the scenario's world")
		}
		copy(c, s.Counts[i])
	}
	for i, h := range hs {
		if err := s.Hists[i].into(h.counts, "world histogram"); err != nil {
			return err
		}
		h.n = 0
		for _, c := range h.counts {
			h.n += c
		}
		if h.n != n {
			return fmt.Errorf("saved result is inconsistent: a world histogram holds %d trajectories, the result %d", h.n, n)
		}
	}
	return nil
}

// WorldSummary is what a run reports about the world around the war.
type WorldSummary struct {
	Events    []Estimate  `json:"events"`
	Quantiles []Quantiles `json:"quantiles"`
}

func summarizeWorld(r *Result) *WorldSummary {
	w := r.World
	if w == nil {
		return nil
	}
	m, n := r.Model, r.N
	s := &WorldSummary{}
	ev := func(name, label string, k int64) { s.Events = append(s.Events, estimate(name, label, k, n)) }
	ev("any_accession", "any accession to an alliance or patron", w.Any[anyJoined])
	als := m.Alliances()
	for a, id := range m.Actors {
		if w.Applied[a] > 0 {
			ev("applied:"+id, "  "+id+" applies", w.Applied[a])
		}
		for k, al := range als {
			if c := w.JoinedTo[a*len(als)+k]; c > 0 {
				ev("joined:"+id+":"+al, "  "+id+" admitted to "+al, c)
			}
		}
	}
	ev("any_programme", "any new nuclear weapons programme", w.Any[anyProgramme])
	for a, id := range m.Actors {
		if w.Programme[a] > 0 {
			ev("programme:"+id, "  "+id+" starts a programme", w.Programme[a])
		}
		if w.Weapon[a] > 0 {
			ev("weapon:"+id, "  "+id+" has a weapon by the end", w.Weapon[a])
		}
	}
	ev("any_regime_change", "any change of leadership", w.Any[anyRegime])
	nk := int(sim.NumRegimeKinds)
	for a, id := range m.Actors {
		if w.Regime[a] == 0 {
			continue
		}
		ev("regime_change:"+id, "  "+id+": change of leadership", w.Regime[a])
		for k := 1; k < nk; k++ {
			if c := w.RegimeKind[a*nk+k]; c > 0 {
				ev("regime_change:"+id+":"+sim.RegimeKind(k).String(), "    first by "+sim.RegimeKind(k).String(), c)
			}
		}
	}
	q := func(name, unit string, hh *Hist) { s.Quantiles = appendQuantiles(s.Quantiles, name, unit, hh) }

	if t := m.SanctionsTarget(); t >= 0 {
		q("sanctions_coalition:"+m.Actors[t], "members at the end", w.SanctionsSize)
		q("sanctions_coalition_max:"+m.Actors[t], "most members", w.SanctionsMax)
	}
	for a, id := range m.Actors {
		if w.GDPLost[a].Quantile(0.95) > 0 {
			q("gdp_lost:"+id, "US$ trillions", w.GDPLost[a])
		}
	}
	for k, al := range als {
		q("credibility:"+al, "of its guarantee at the end", w.Credibility[k])
	}
	return s
}

// writeText writes the world's section of the terminal summary.
func (s *WorldSummary) writeText(b *strings.Builder) {
	fmt.Fprintf(b, "\nThe world around the war\n")
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	for _, e := range s.Events {
		fmt.Fprintf(tw, "  %s\t%6.2f %%\t[%6.2f, %6.2f]\t%d\n", e.Label, 100*e.P, 100*e.Lo, 100*e.Hi, e.Count)
	}
	tw.Flush()
	writeQuantiles(b, s.Quantiles)
}

// writeQuantiles writes a table of quantiles.
func writeQuantiles(w io.Writer, qs []Quantiles) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\t5 %%\t25 %%\tmedian\t75 %%\t95 %%\tmean\t\n")
	for _, q := range qs {
		name := q.Label
		if name == "" {
			name = q.Name
		}
		fmt.Fprintf(tw, "  %s (%s)\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, q.Unit, num(q.P05), num(q.P25), num(q.P50), num(q.P75), num(q.P95), num(q.Mean))
	}
	tw.Flush()
}
