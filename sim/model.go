package sim

import (
	"fmt"
	"slices"

	"brink/scenario"
)

// Model is a scenario compiled for simulation: names resolved to indices, so a
// trajectory touches only slices. It is read-only and shared by all workers.
type Model struct {
	Scenario *scenario.Scenario

	Actors     []string // actor ids, in file order
	Categories []string // category ids
	Coalition  []int    // actor → coalition index
	Coalitions []string

	Relations []RelationSpec
	relIdx    []int // [a*NA+b] → relation index, or -1
	Principal int   // index of the principal relation

	Theatres []TheatreSpec
	Supply   []SupplySpec
	RedLines []RedLineSpec

	theatreOf []int // [a*NA+b] → theatre*2 + side of a, where a and b face each other; -1 if nowhere

	everyActor []int // 0, 1, …, NA−1
	related    []int // the actors in at least one relation, ascending (updateAlerts)

	Top      int // index of the top rung
	FirstUse int // lowest nuclear-use rung, or -1
	// Ceasefire is the rung an armistice between two parties other than
	// the principals puts them back on: the highest rung below the lowest
	// combat rung, or -1: none, or the scenario says ceasefire: none
	// (ceasefire.go).
	Ceasefire int

	// simultaneous: the two sides of a relation choose on the same state
	// (decision_order: simultaneous), not in turn (decisionMechanism).
	simultaneous bool
	// nuclearCeasefire: a ceasefire may also stop a limited nuclear exchange
	// beside the principals (ceasefire: nuclear; ceasefire.go).
	nuclearCeasefire bool
	// leapTurns: the turns of combat whose losses are drawn at once
	// (combat_step_days over turn_days; 1 without it: combat.go).
	leapTurns int

	W worldSpec // the world around the war (worldmodel.go)

	events    []eventSpec // the scenario's events (events.go)
	triggered []int       // indices of the events with a when condition
	barg      bargainSpec // bargaining under private information (bargaining.go)

	uncertain *uncertainNames // see UncertainNames
}

// RelationSpec is a relation with its actors as indices.
type RelationSpec struct {
	ID        string
	A         [2]int // actor indices of side 0 and side 1
	Principal bool
	side      [2]scenario.Side

	// Where the two face each other, seen from each side s: the theatre (or
	// -1), the side of the theatre actor A[s] is on, and the indices of A[s]
	// and A[1-s] among their theatre sides' actors.
	theatre  [2]int
	tside    [2]int
	ki, kj   [2]int
	redLines [2][]int // red lines against A[s] that protect, or are held by, A[1-s]
	// For each of redLines[s]: the index of its holder among the actors of
	// the theatre side facing A[s], or -1.
	redLineHolder [2][]int
	redLineLow    [2]int // the lowest rung of redLines[s] (above the top if none)
}

// TheatreSpec is a theatre with its actors as indices.
type TheatreSpec struct {
	ID     string
	Name   string
	Actors [2][]int
	spec   *scenario.Theatre
}

// SupplySpec is an arms flow, active while the supplier stands on a supply rung
// toward any enemy of the recipient.
type SupplySpec struct {
	From, To, Cat int
	Enemies       []int
	from, to      int // indices into World.fo of the supplier's and the recipient's forces of the category
}

// RedLineSpec is a red line as indices.
type RedLineSpec struct {
	Holder, Against, Protects int
	Rung, Response            int
	respRel                   int // relation holder–against
	trigRel                   int // relation against–protects, or -1
	holdDays                  int // days the response carried out is held (redline.go)
	// The lowest rung above Rung of the holder's other lines against the same
	// actor over the same party (Top+1 if none): a move to it or higher is
	// answered by that line, not this one (redline.go).
	supersededAt int
}

// Compile checks nothing the scenario package has not, and resolves names.
func Compile(sc *scenario.Scenario) (*Model, error) {
	m := &Model{Scenario: sc, Top: len(sc.Ladder) - 1, FirstUse: -1, Ceasefire: -1, uncertain: new(uncertainNames)}
	for i, r := range sc.Ladder {
		if r.NuclearUse && m.FirstUse < 0 {
			m.FirstUse = i
		}
	}
	m.simultaneous = sc.DecisionOrder == "simultaneous"
	m.nuclearCeasefire = sc.Ceasefire == "nuclear"
	m.leapTurns = max(1, sc.CombatStepDays/sc.TurnDays)
	if i := slices.IndexFunc(sc.Ladder, func(r scenario.Rung) bool { return r.Combat }); i > 0 && sc.Ceasefire != "none" {
		m.Ceasefire = i - 1
	}
	actor := map[string]int{}
	coal := map[string]int{}
	for i, a := range sc.Actors {
		actor[a.ID] = i
		m.Actors = append(m.Actors, a.ID)
		c, ok := coal[a.Coalition]
		if !ok {
			c = len(m.Coalitions)
			coal[a.Coalition] = c
			m.Coalitions = append(m.Coalitions, a.Coalition)
		}
		m.Coalition = append(m.Coalition, c)
	}
	cat := map[string]int{}
	for i, c := range sc.Categories {
		cat[c.ID] = i
		m.Categories = append(m.Categories, c.ID)
	}
	get := func(kind, id string, in map[string]int) (int, error) {
		i, ok := in[id]
		if !ok {
			return 0, fmt.Errorf("unknown %s %q", kind, id)
		}
		return i, nil
	}
	na := len(m.Actors)
	m.relIdx = make([]int, na*na)
	for i := range m.relIdx {
		m.relIdx[i] = -1
	}
	m.Principal = -1
	for i, r := range sc.Relations {
		a, err := get("actor", r.Between[0], actor)
		if err != nil {
			return nil, err
		}
		b, err := get("actor", r.Between[1], actor)
		if err != nil {
			return nil, err
		}
		rs := RelationSpec{ID: r.ID, A: [2]int{a, b}, Principal: r.Principal,
			side: [2]scenario.Side{r.Sides[r.Between[0]], r.Sides[r.Between[1]]}}
		m.Relations = append(m.Relations, rs)
		m.relIdx[a*na+b], m.relIdx[b*na+a] = i, i
		if r.Principal {
			m.Principal = i
		}
	}
	if m.Principal < 0 {
		return nil, fmt.Errorf("scenario %s has no principal relation", sc.ID)
	}
	for a := range na {
		m.everyActor = append(m.everyActor, a)
		for b := range na {
			if m.relIdx[a*na+b] >= 0 {
				m.related = append(m.related, a)
				break
			}
		}
	}
	for i := range sc.Theatres {
		t := &sc.Theatres[i]
		ts := TheatreSpec{ID: t.ID, Name: t.Name, spec: t}
		for s, side := range []scenario.TheatreSide{t.A, t.B} {
			for _, c := range side.Actors {
				a, err := get("actor", c.Actor, actor)
				if err != nil {
					return nil, err
				}
				ts.Actors[s] = append(ts.Actors[s], a)
			}
		}
		m.Theatres = append(m.Theatres, ts)
	}
	m.theatreOf = make([]int, na*na)
	for i := range m.theatreOf {
		m.theatreOf[i] = -1
	}
	for t := len(m.Theatres) - 1; t >= 0; t-- {
		th := m.Theatres[t]
		for s := range 2 {
			for _, a := range th.Actors[s] {
				for _, b := range th.Actors[1-s] {
					m.theatreOf[a*na+b] = t*2 + s
				}
			}
		}
	}
	for q := range m.Relations {
		rs := &m.Relations[q]
		for s := range 2 {
			i, j := rs.A[s], rs.A[1-s]
			t, side := m.TheatreOf(i, j)
			rs.theatre[s], rs.tside[s], rs.ki[s], rs.kj[s] = t, side, -1, -1
			if t >= 0 {
				rs.ki[s] = indexOf(m.Theatres[t].Actors[side], i)
				rs.kj[s] = indexOf(m.Theatres[t].Actors[1-side], j)
			}
		}
	}
	for _, s := range sc.Supply {
		f, err := get("actor", s.From, actor)
		if err != nil {
			return nil, err
		}
		t, err := get("actor", s.To, actor)
		if err != nil {
			return nil, err
		}
		c, err := get("category", s.Category, cat)
		if err != nil {
			return nil, err
		}
		nc := len(m.Categories)
		sp := SupplySpec{From: f, To: t, Cat: c, from: f*nc + c, to: t*nc + c}
		for _, th := range m.Theatres {
			for side := range 2 {
				if contains(th.Actors[side], t) {
					for _, e := range th.Actors[1-side] {
						if !contains(sp.Enemies, e) {
							sp.Enemies = append(sp.Enemies, e)
						}
					}
				}
			}
		}
		m.Supply = append(m.Supply, sp)
	}
	for _, r := range sc.RedLines {
		h, err := get("actor", r.Holder, actor)
		if err != nil {
			return nil, err
		}
		ag, err := get("actor", r.Against, actor)
		if err != nil {
			return nil, err
		}
		p, err := get("actor", r.Protects, actor)
		if err != nil {
			return nil, err
		}
		rl := RedLineSpec{Holder: h, Against: ag, Protects: p, Rung: r.Rung, Response: r.Response,
			respRel: m.Rel(h, ag), trigRel: m.Rel(ag, p), holdDays: r.HoldDays}
		if rl.respRel < 0 {
			return nil, fmt.Errorf("red line of %s against %s: no relation between them", r.Holder, r.Against)
		}
		m.RedLines = append(m.RedLines, rl)
	}
	for k := range m.RedLines {
		rl := &m.RedLines[k]
		rl.supersededAt = m.Top + 1
		for _, o := range m.RedLines {
			if o.Holder == rl.Holder && o.Against == rl.Against && o.Protects == rl.Protects && o.Rung > rl.Rung {
				rl.supersededAt = min(rl.supersededAt, o.Rung)
			}
		}
	}
	for q := range m.Relations {
		rs := &m.Relations[q]
		for s := range 2 {
			i, j := rs.A[s], rs.A[1-s]
			rs.redLineLow[s] = m.Top + 1
			for k, rl := range m.RedLines {
				if rl.Against == i && (rl.Protects == j || rl.Holder == j) {
					rs.redLines[s] = append(rs.redLines[s], k)
					hs := -1
					if t := rs.theatre[s]; t >= 0 {
						hs = indexOf(m.Theatres[t].Actors[1-rs.tside[s]], rl.Holder)
					}
					rs.redLineHolder[s] = append(rs.redLineHolder[s], hs)
					rs.redLineLow[s] = min(rs.redLineLow[s], rl.Rung)
				}
			}
		}
	}
	if err := m.compileWorld(actor); err != nil {
		return nil, err
	}
	if err := m.compileEvents(); err != nil {
		return nil, err
	}
	compileBargaining(m)
	return m, nil
}

// Rel returns the index of the relation between actors a and b, or -1.
func (m *Model) Rel(a, b int) int { return m.relIdx[a*len(m.Actors)+b] }

// TheatreOf returns the theatre where a and b face each other and the side a
// is on there, or (-1, 0).
func (m *Model) TheatreOf(a, b int) (t, side int) {
	v := m.theatreOf[a*len(m.Actors)+b]
	if v < 0 {
		return -1, 0
	}
	return v / 2, v % 2
}

// ActorIndex returns the index of the actor with the given id, or -1.
func (m *Model) ActorIndex(id string) int {
	for i, a := range m.Actors {
		if a == id {
			return i
		}
	}
	return -1
}

func indexOf(s []int, x int) int {
	for k, v := range s {
		if v == x {
			return k
		}
	}
	return -1
}

func contains(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}
