package sim

import (
	"fmt"
	"sort"

	"brink/scenario"
)

// worldSpec is the world around the war compiled to indices: economies,
// sanctions, alliances, proliferation and regimes (see economy.go,
// sanctions.go, alliance.go, proliferation.go, regime.go). A scenario without
// these blocks compiles to an empty worldSpec, and its world mechanisms do
// nothing.
type worldSpec struct {
	on bool // any world block is present

	econ   []bool       // per actor: has an economy block
	trade  [][]shareRef // per actor: its partners and their shares (sorted by partner)
	theat  [][]shareRef // per actor: theatres that cost it GDP while fighting there
	threat [][]shareRef // per actor: exposures to threatening actors

	target      int   // the sanctions target, or -1
	initMembers []int // sanctions members at the start
	candidates  []int // actors that may join or leave the sanctions coalition

	alliances []allianceSpec
	seeks     [][]int // per actor: alliances sought, in order of preference
	client    []bool  // per actor: it may be (or become) the client of a patron
	prolif    []bool  // per actor: has latent capability
	regime    []bool  // per actor: has a regime block
}

type shareRef struct {
	idx int // actor or theatre index
	v   *scenario.Value
}

type allianceSpec struct {
	ID        string
	Leader    int
	Members   []int
	Patronage bool
	spec      *scenario.Alliance
}

// Alliances returns the ids of the scenario's alliances and patronages, in file order.
func (m *Model) Alliances() []string {
	ids := make([]string, len(m.W.alliances))
	for i, a := range m.W.alliances {
		ids[i] = a.ID
	}
	return ids
}

// HasWorld reports whether the scenario models the world around the war.
func (m *Model) HasWorld() bool { return m.W.on }

// SanctionsTarget returns the index of the sanctioned actor, or -1.
func (m *Model) SanctionsTarget() int { return m.W.target }

func (m *Model) compileWorld(actor map[string]int) error {
	sc := m.Scenario
	na := len(sc.Actors)
	ws := &m.W
	ws.target = -1
	ws.econ = make([]bool, na)
	ws.trade = make([][]shareRef, na)
	ws.theat = make([][]shareRef, na)
	ws.threat = make([][]shareRef, na)
	ws.seeks = make([][]int, na)
	ws.prolif = make([]bool, na)
	ws.regime = make([]bool, na)
	ws.client = make([]bool, na)
	theatre := map[string]int{}
	for i, t := range sc.Theatres {
		theatre[t.ID] = i
	}
	refs := func(mv map[string]scenario.Value, index map[string]int, what string) ([]shareRef, error) {
		var out []shareRef
		for _, k := range sortedIDs(mv) {
			i, ok := index[k]
			if !ok {
				return nil, fmt.Errorf("unknown %s %q", what, k)
			}
			v := mv[k]
			out = append(out, shareRef{idx: i, v: &v})
		}
		return out, nil
	}
	alliance := map[string]int{}
	for i := range sc.Alliances {
		al := &sc.Alliances[i]
		alliance[al.ID] = i
		as := allianceSpec{ID: al.ID, Patronage: al.Patronage, spec: al}
		l, ok := actor[al.Leader]
		if !ok {
			return fmt.Errorf("alliance %s: unknown leader %q", al.ID, al.Leader)
		}
		as.Leader = l
		for _, id := range al.Members {
			a, ok := actor[id]
			if !ok {
				return fmt.Errorf("alliance %s: unknown member %q", al.ID, id)
			}
			as.Members = append(as.Members, a)
		}
		ws.alliances = append(ws.alliances, as)
		ws.on = true
	}
	for i := range sc.Actors {
		a := &sc.Actors[i]
		var err error
		if e := a.Economy; e != nil {
			ws.on, ws.econ[i] = true, true
			if ws.trade[i], err = refs(e.Trade, actor, "actor"); err != nil {
				return err
			}
			if ws.theat[i], err = refs(e.TheatreCost, theatre, "theatre"); err != nil {
				return err
			}
		}
		if s := a.Security; s != nil {
			ws.on = true
			if ws.threat[i], err = refs(s.ThreatenedBy, actor, "actor"); err != nil {
				return err
			}
			for _, id := range s.Seeks {
				k, ok := alliance[id]
				if !ok {
					return fmt.Errorf("actor %s seeks unknown alliance %q", a.ID, id)
				}
				ws.seeks[i] = append(ws.seeks[i], k)
			}
		}
		ws.prolif[i] = a.Proliferation != nil
		ws.regime[i] = a.Regime != nil
		ws.on = ws.on || ws.prolif[i] || ws.regime[i]
	}
	for k, al := range ws.alliances {
		if !al.Patronage {
			continue
		}
		for _, a := range al.Members {
			if a != al.Leader {
				ws.client[a] = true
			}
		}
		for a := range ws.seeks {
			for _, s := range ws.seeks[a] {
				if s == k && a != al.Leader {
					ws.client[a] = true
				}
			}
		}
	}
	if sa := sc.Sanctions; sa != nil {
		ws.on = true
		t, ok := actor[sa.Target]
		if !ok {
			return fmt.Errorf("sanctions: unknown target %q", sa.Target)
		}
		ws.target = t
		for _, id := range sa.Members {
			a, ok := actor[id]
			if !ok {
				return fmt.Errorf("sanctions: unknown member %q", id)
			}
			ws.initMembers = append(ws.initMembers, a)
		}
		// Any actor with an economy outside the target's coalition may join.
		for a := range sc.Actors {
			if ws.econ[a] && m.Coalition[a] != m.Coalition[t] {
				ws.candidates = append(ws.candidates, a)
			}
		}
	}
	return nil
}

func sortedIDs(m map[string]scenario.Value) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// HasEconomy reports whether actor i has an economy block.
func (m *Model) HasEconomy(i int) bool { return m.W.econ[i] }

// SeeksAlliance reports whether actor i seeks any alliance or patron.
func (m *Model) SeeksAlliance(i int) bool { return len(m.W.seeks[i]) > 0 }

// HasProliferation reports whether actor i has latent nuclear capability.
func (m *Model) HasProliferation(i int) bool { return m.W.prolif[i] }

// HasRegime reports whether actor i's leadership may change.
func (m *Model) HasRegime(i int) bool { return m.W.regime[i] }

// ProlifStateName names a proliferation state (ProlifNone …).
func ProlifStateName(s int8) string {
	return [...]string{"none", "programme", "weapon", "abandoned", "stopped"}[s]
}
