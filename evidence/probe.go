// Package evidence judges a scenario by its record (validate) and conditions
// its uncertain assumptions on it (infer).
//
// A record (scenario.Record) is a dated list of observations. Each trajectory
// is stepped to every date the record names and read there (sim/observe.go),
// then run to its end, so it is exactly the trajectory brink run simulates
// with the same stream key (mc.StreamKey): reading draws nothing.
package evidence

import (
	"fmt"
	"math"
	"slices"
	"time"

	"brink/scenario"
	"brink/sim"
)

// probe is one observation compiled against a model.
type probe struct {
	obs      *scenario.Observation
	day      int // the turn of the observation's date: the state at its end is read after it
	after    int // the turn of after, or −1 (from the start)
	a, b     int // actor (−1: any), target actor
	cat, th  int // category, theatre
	alliance int // −1: any
	// per trajectory, while it runs
	atAfter bool // the event already held at after
	hit     bool // rung_reached: the rung was reached in the window
}

// plan is a record compiled against a model: its probes, and the turns after
// which the trajectory must be read, in increasing order.
type plan struct {
	m       *sim.Model
	probes  []probe
	reads   []int   // turns (−1: the initial state) after which to read
	readFor [][]int // per read: the probes to update there
	through int     // the turn of the record's last date
	events  []int   // indices of event probes
	values  []int   // indices of value probes
}

// dayOf is the turn of date d: the state at the end of d is the state after
// that turn (days since the start).
func dayOf(start, d time.Time) int {
	return int(math.Round(d.Sub(start).Hours() / 24))
}

// compile resolves the record's ids against m.
func compile(m *sim.Model, r *scenario.Record) (*plan, error) {
	sc := m.Scenario
	p := &plan{m: m, through: dayOf(sc.Start.Time, r.Through.Time)}
	idx := func(list []string, id string) int { return slices.Index(list, id) }
	reads := map[int][]int{}
	for i := range r.Observations {
		o := &r.Observations[i]
		pr := probe{obs: o, day: dayOf(sc.Start.Time, o.Date.Time), after: -1, a: -1, b: -1, cat: -1, th: -1, alliance: -1}
		if !o.After.IsZero() {
			pr.after = dayOf(sc.Start.Time, o.After.Time)
		}
		if pr.day > sc.HorizonDays {
			return nil, fmt.Errorf("%s: observation %s is after the horizon", o.At, o.ID)
		}
		if o.Actor != "" {
			if pr.a = idx(m.Actors, o.Actor); pr.a < 0 {
				return nil, fmt.Errorf("%s: observation %s: unknown actor %q", o.At, o.ID, o.Actor)
			}
		}
		if o.Target != "" {
			if pr.b = idx(m.Actors, o.Target); pr.b < 0 {
				return nil, fmt.Errorf("%s: observation %s: unknown actor %q", o.At, o.ID, o.Target)
			}
		}
		if o.Category != "" {
			if pr.cat = idx(m.Categories, o.Category); pr.cat < 0 {
				return nil, fmt.Errorf("%s: observation %s: unknown category %q", o.At, o.ID, o.Category)
			}
		}
		if o.Theatre != "" {
			for t, ts := range m.Theatres {
				if ts.ID == o.Theatre {
					pr.th = t
				}
			}
			if pr.th < 0 {
				return nil, fmt.Errorf("%s: observation %s: unknown theatre %q", o.At, o.ID, o.Theatre)
			}
		}
		if o.Alliance != "" {
			if pr.alliance = idx(m.Alliances(), o.Alliance); pr.alliance < 0 {
				return nil, fmt.Errorf("%s: observation %s: unknown alliance %q", o.At, o.ID, o.Alliance)
			}
		}
		if (o.Event == "rung_reached" || o.Event == "rung_held") && m.Rel(pr.a, pr.b) < 0 {
			return nil, fmt.Errorf("%s: observation %s: %s and %s are not in a relation", o.At, o.ID, o.Actor, o.Target)
		}
		k := len(p.probes)
		p.probes = append(p.probes, pr)
		switch {
		case o.Value == "duration":
			// read at the end of the trajectory
		case o.Event == "rung_reached":
			for d := pr.after; d <= pr.day; d++ {
				reads[d] = append(reads[d], k)
			}
		default:
			reads[pr.day] = append(reads[pr.day], k)
			if pr.after >= 0 {
				reads[pr.after] = append(reads[pr.after], k)
			}
		}
		if o.IsEvent() {
			p.events = append(p.events, k)
		} else {
			p.values = append(p.values, k)
		}
	}
	for d := range reads {
		p.reads = append(p.reads, d)
	}
	slices.Sort(p.reads)
	for _, d := range p.reads {
		p.readFor = append(p.readFor, reads[d])
	}
	return p, nil
}

// tracker runs trajectories through a plan and keeps what each observation
// saw in the last one. One per worker; it allocates nothing per trajectory.
type tracker struct {
	p     *plan
	w     *sim.World
	probe []probe
	event []bool    // per probe: the event happened (events only)
	value []float64 // per probe: the value (values only)
}

func newTracker(p *plan) *tracker {
	n := len(p.probes)
	return &tracker{p: p, w: sim.NewWorld(p.m), probe: slices.Clone(p.probes), event: make([]bool, n), value: make([]float64, n)}
}

// run simulates the trajectory of key to its end, reading the record's
// observations on the way.
func (t *tracker) run(key [32]byte) *sim.Outcome {
	w := t.w
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
	out := w.Run()
	for k := range t.probe {
		pr := &t.probe[k]
		if pr.obs.Value == "duration" {
			t.value[k] = float64(out.Days)
		}
	}
	return out
}

// read updates probe k with the state after turn d.
func (t *tracker) read(k, d int) {
	w := t.w
	pr := &t.probe[k]
	o := pr.obs
	if o.Event == "rung_held" { // on the date alone
		t.event[k] = w.RungToward(pr.a, pr.b) >= o.Rung
		return
	}
	if o.Event == "rung_reached" {
		if d > pr.after || pr.after < 0 {
			pr.hit = pr.hit || w.RungToward(pr.a, pr.b) >= o.Rung
		}
		if d == pr.day {
			t.event[k] = pr.hit
		}
		return
	}
	var now bool
	switch o.Event {
	case "":
		switch o.Value {
		case "losses":
			t.value[k] = w.LostNow(pr.a, pr.cat)
		case "territory":
			t.value[k] = w.TerritoryNow(pr.th)
		}
		return
	case "nuclear_use":
		now = w.Out.NuclearUse && w.Out.FirstUseDay <= d && (pr.a < 0 || w.Out.FirstUseBy == pr.a)
	case "settlement":
		now = w.Done() && w.Out.End == sim.EndSettlement && w.Out.Days <= d
	case "capitulation":
		now = w.Done() && w.Out.End == sim.EndCapitulation && w.Out.Days <= d && (pr.a < 0 || w.Out.EndActor == pr.a)
	case "ended":
		now = w.Done() && w.Out.End != sim.EndFrozen && w.Out.Days <= d
	case "applied":
		al := w.AppliedNow(pr.a)
		now = al >= 0 && (pr.alliance < 0 || al == pr.alliance) || pr.alliance >= 0 && w.MemberNow(pr.a, pr.alliance)
	case "joined":
		now = w.MemberNow(pr.a, pr.alliance)
	}
	if d == pr.after && d != pr.day {
		pr.atAfter = now
		return
	}
	t.event[k] = now && !pr.atAfter
}

// CheckRecord reports whether rec can be read on sc's trajectories: its ids
// resolve and its dates are within the horizon (what validate and infer
// check before they run).
func CheckRecord(sc *scenario.Scenario, rec *scenario.Record) error {
	m, err := sim.Compile(sc)
	if err != nil {
		return err
	}
	_, err = compile(m, rec)
	return err
}
