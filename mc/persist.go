package mc

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	"brink/sim"
)

// resultFormat names the layout of a saved Result; bump it when the layout
// changes, so that an old file is refused rather than misread.
const resultFormat = "brink-result/1"

// savedResult is a Result as written to disk: every count, histograms as
// sparse (cell, count) pairs. Layouts are not saved: NewResult rebuilds them
// from the model, and loading checks that every cell index fits.
type savedResult struct {
	Format       string   `json:"format"`
	ScenarioHash string   `json:"scenario_hash"`
	Variant      string   `json:"variant"`
	Seed         uint64   `json:"seed"`
	Requested    int64    `json:"requested"`
	Partial      bool     `json:"partial"`
	N            int64    `json:"n"`
	Done         Ranges   `json:"done"`
	Ends         []int64  `json:"ends"`
	Capitulated  []int64  `json:"capitulated"`
	DirectWar    int64    `json:"direct_war"`
	Ceasefire    int64    `json:"ceasefire"`
	NuclearUse   int64    `json:"nuclear_use"`
	FirstKind    []int64  `json:"first_use_kind"`
	FirstBy      []int64  `json:"first_use_by"`
	Alarms       int64    `json:"alarms"`
	AlarmsToTop  int64    `json:"alarms_to_leadership"`
	Threats      [4]int64 `json:"threats"`   // made, carried out, heeded, called
	Incidence    []sparse `json:"incidence"` // any, deliberate, inadvertent: day counts, censored last
	Censored     []int64  `json:"censored"`
	Duration     sparse   `json:"duration"`
	HighestRung  sparse   `json:"highest_rung"`
	Territory    []sparse `json:"territory"`
	Losses       []sparse `json:"losses"`

	World *savedWorld `json:"world,omitempty"`
	// Added within brink-result/1: a file without them (saved before)
	// loads with empty series and no paths.
	Series *savedSeries `json:"series,omitempty"`
	Paths  []savedPath  `json:"paths_to_nuclear_use,omitempty"`
	// Added within brink-result/1: a file without it loads with empty tables.
	AfterUse *savedAfterUse `json:"after_use,omitempty"`
}

// sparse is a list of [index, count] pairs of the non-zero cells.
type sparse [][2]int64

func toSparse(c []int64) sparse {
	s := sparse{}
	for i, v := range c {
		if v != 0 {
			s = append(s, [2]int64{int64(i), v})
		}
	}
	return s
}

func (s sparse) into(c []int64, what string) error {
	for _, p := range s {
		if p[0] < 0 || p[0] >= int64(len(c)) || p[1] < 0 {
			return fmt.Errorf("%s: cell %d (count %d) does not fit %d cells", what, p[0], p[1], len(c))
		}
		c[p[0]] = p[1]
	}
	return nil
}

// MarshalJSON writes every count of the result, so that results of shards can
// be saved and merged later (LoadResult) exactly as if they had run together.
func (r *Result) MarshalJSON() ([]byte, error) {
	s := savedResult{Format: resultFormat, ScenarioHash: hex.EncodeToString(r.Model.Scenario.Hash[:]),
		Variant: r.Model.Scenario.Variant, Seed: r.Seed, Requested: r.Requested, Partial: r.Partial, N: r.N, Done: r.Done,
		Ends: r.Ends[:], Capitulated: r.Capitulated, DirectWar: r.DirectWar, Ceasefire: r.Ceasefire, NuclearUse: r.NuclearUse,
		FirstKind: r.FirstKind[:], FirstBy: r.FirstBy, Alarms: r.Alarms, AlarmsToTop: r.AlarmsToTop,
		Threats:  [4]int64{r.Threats, r.ThreatsCarried, r.ThreatsHeeded, r.ThreatsCalled},
		Duration: toSparse(r.Duration.counts), HighestRung: toSparse(r.HighestRung.counts), World: r.World.save()}
	for _, inc := range []*Incidence{r.FirstUse, r.FirstUseDeliberate, r.FirstUseInadvertent} {
		s.Incidence = append(s.Incidence, toSparse(inc.events))
		s.Censored = append(s.Censored, inc.censored)
	}
	for _, h := range r.Territory {
		s.Territory = append(s.Territory, toSparse(h.counts))
	}
	for _, h := range r.Losses {
		s.Losses = append(s.Losses, toSparse(h.counts))
	}
	s.Series, s.Paths = saveSeries(r)
	s.AfterUse = r.AfterUse.save()
	return json.Marshal(s)
}

// LoadResult reads a result saved by MarshalJSON for model m. It refuses a
// result of another scenario, variant or layout.
func LoadResult(m *sim.Model, data []byte) (*Result, error) {
	var s savedResult
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("not a saved result: %v", err)
	}
	if s.Format != resultFormat {
		return nil, fmt.Errorf("saved result has format %q, this brink reads %q", s.Format, resultFormat)
	}
	sc := m.Scenario
	if h := hex.EncodeToString(sc.Hash[:]); s.ScenarioHash != h {
		return nil, fmt.Errorf("saved result is of scenario %.12s…, not %.12s… (%s)", s.ScenarioHash, h, sc.ID)
	}
	if s.Variant != sc.Variant {
		return nil, fmt.Errorf("saved result is of variant %q, not %q", s.Variant, sc.Variant)
	}
	r := NewResult(m)
	r.Seed, r.Requested, r.Partial, r.N = s.Seed, s.Requested, s.Partial, s.N
	r.Done = s.Done.normalize()
	if r.Done.Len() != r.N {
		return nil, fmt.Errorf("saved result is inconsistent: it lists %d trajectories done, and counts %d", r.Done.Len(), r.N)
	}
	r.DirectWar, r.NuclearUse, r.Alarms, r.AlarmsToTop = s.DirectWar, s.NuclearUse, s.Alarms, s.AlarmsToTop
	r.Ceasefire = s.Ceasefire
	r.Threats, r.ThreatsCarried, r.ThreatsHeeded, r.ThreatsCalled = s.Threats[0], s.Threats[1], s.Threats[2], s.Threats[3]
	if len(s.Ends) != len(r.Ends) || len(s.FirstKind) != len(r.FirstKind) || len(s.Capitulated) != len(r.Capitulated) ||
		len(s.FirstBy) != len(r.FirstBy) || len(s.Incidence) != 3 || len(s.Censored) != 3 ||
		len(s.Territory) != len(r.Territory) || len(s.Losses) != len(r.Losses) {
		return nil, fmt.Errorf("saved result does not match the layout of scenario %s", sc.ID)
	}
	copy(r.Ends[:], s.Ends)
	copy(r.FirstKind[:], s.FirstKind)
	copy(r.Capitulated, s.Capitulated)
	copy(r.FirstBy, s.FirstBy)
	for i, inc := range []*Incidence{r.FirstUse, r.FirstUseDeliberate, r.FirstUseInadvertent} {
		if err := s.Incidence[i].into(inc.events, "incidence"); err != nil {
			return nil, err
		}
		inc.censored = s.Censored[i]
		inc.n = inc.censored
		for _, c := range inc.events {
			inc.n += c
		}
	}
	type saved struct {
		h *Hist
		s sparse
	}
	hists := []saved{{r.Duration, s.Duration}, {r.HighestRung, s.HighestRung}}
	for i := range r.Territory {
		hists = append(hists, saved{r.Territory[i], s.Territory[i]})
	}
	for i := range r.Losses {
		hists = append(hists, saved{r.Losses[i], s.Losses[i]})
	}
	for _, x := range hists {
		if err := x.s.into(x.h.counts, "histogram"); err != nil {
			return nil, err
		}
		x.h.n = 0
		for _, c := range x.h.counts {
			x.h.n += c
		}
		if x.h.n != r.N {
			return nil, fmt.Errorf("saved result is inconsistent: a histogram holds %d trajectories, the result %d", x.h.n, r.N)
		}
	}
	if err := r.World.load(s.World, r.N); err != nil {
		return nil, err
	}
	if r.FirstUse.n != r.N {
		return nil, fmt.Errorf("saved result is inconsistent: %d trajectories in the survival counts, %d in the result", r.FirstUse.n, r.N)
	}
	if err := loadSeries(r, s.Series, s.Paths); err != nil {
		return nil, err
	}
	if err := r.AfterUse.load(s.AfterUse); err != nil {
		return nil, err
	}
	return r, nil
}
