package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"brink/scenario"
)

// eventMechanism: the scenario's events (injects), dated or triggered.
//
// A dated event fires on the first turn whose day is at or after its firing
// day: the day of its date, or its day drawn once per trajectory (with the
// other parameters, after all of them, so a scenario without events draws
// exactly what it drew before events existed). The firing days are sorted at
// Reset and a cursor walks them, so a turn with nothing due costs one
// comparison. A triggered event (when:) is checked at each decision epoch, on
// the state the previous turn left: it fires the first time its condition
// holds, and, with once: false, again each time the condition comes to hold
// anew (a rising edge). An event's unless: conditions keep it out of a
// trajectory that has left the history it was scripted for: a dated event
// that finds one of them holding on its firing day is skipped for good (a
// season of offence dated from the record does not open after a nuclear use
// or once the alliances fight), a triggered one fires only while none holds.
// Actions change the live state of the trajectory —
//
//	add        N_active += a, N_storage += s            (reinforcements)
//	rates      production and refurbishment per day set
//	mobilise   x = min(units, N_storage) moves from storage to service
//	supply     links start or stop flowing (a dormant link starts stopped)
//	sanctions  members join or leave; the depth of the cut is set
//	accession  an actor becomes a member of an alliance
//	set        a parameter path, as variants write it, set in the drawn state
//
// — and the event is written to the trace with what changed. Events run first
// in the turn, so units that land on day d fight on day d (Engel 1954: the
// landings of days 1, 3 and 6 at Iwo Jima enter dM/dt = P(t) − A·N as
// the step P(t)). Nothing here allocates while tracing is off.
type eventMechanism struct{}

// eventSpec is an event compiled to indices.
type eventSpec struct {
	id     string
	spec   *scenario.Event
	dated  bool
	dateAt int // day of a date, or −1 for a drawn day
	once   bool

	when   condition   // when: (triggered events)
	unless []condition // unless: any one holding keeps the event from firing

	addFo, ratesFo, mobFo int // indices into World.fo, or -1
	supply                []int
	supplyStart           bool
	join, leave           []int
	accActor, accAlliance int
	sets                  []eventSet
}

type eventSet struct {
	path  string
	t     scenario.EventTarget
	fo    int // for a force: the index into World.fo
	cat   int // for attrition: the category index
	v     *scenario.Value
	scale bool // multiply the live value by v rather than set it
}

// condition is an event's when: or one of its unless: compiled to indices;
// -1 (or NaN) for what is not given. It holds when everything given holds.
type condition struct {
	rungRel, rungSide, rungActor, rungAt int
	terrT                                int
	terrBelow, terrAbove                 float64
	nuclear, directWar                   bool
	forceFo                              int
	forceBelow                           float64
	text                                 string // what it says, for the trace
}

// eventState is an event in one trajectory: its drawn firing day, whether it
// has fired, and its drawn amounts.
type eventState struct {
	day                      float64
	fired, held              bool // fired at least once; the condition held at the last check
	active, storage          float64
	prod, refurb, mob, depth float64
	set                      []float64
}

// compileEvents resolves the scenario's events to indices.
func (m *Model) compileEvents() error {
	sc := m.Scenario
	nc := len(m.Categories)
	actor := m.ActorIndex
	cat := func(id string) int { return slices.Index(m.Categories, id) }
	fo := m.forceIndex
	for i := range sc.Events {
		e := &sc.Events[i]
		es := eventSpec{id: e.ID, spec: e, once: e.IsOnce(), dateAt: -1,
			addFo: -1, ratesFo: -1, mobFo: -1, accActor: -1, accAlliance: -1}
		if es.id == "" {
			es.id = fmt.Sprintf("events[%d]", i)
		}
		var err error
		switch {
		case e.Date != nil:
			es.dated, es.dateAt = true, e.StartDay(sc.Start)
		case e.When == nil:
			es.dated = true
		}
		if e.When != nil {
			if es.when, err = m.compileCondition(e.When); err != nil {
				return fmt.Errorf("event %s: %v", es.id, err)
			}
		}
		for k := range e.Unless {
			c, err := m.compileCondition(&e.Unless[k])
			if err != nil {
				return fmt.Errorf("event %s: unless[%d]: %v", es.id, k, err)
			}
			es.unless = append(es.unless, c)
		}
		if a := e.Add; a != nil {
			if es.addFo, err = fo(a.Actor, a.Category); err != nil {
				return err
			}
		}
		if r := e.Rates; r != nil {
			if es.ratesFo, err = fo(r.Actor, r.Category); err != nil {
				return err
			}
		}
		if r := e.Mobilise; r != nil {
			if es.mobFo, err = fo(r.Actor, r.Category); err != nil {
				return err
			}
		}
		if sw := e.Supply; sw != nil {
			es.supplyStart = sw.Action == "start"
			for k, sp := range sc.Supply {
				if sp.From == sw.From && sp.To == sw.To && (sw.Category == "" || sp.Category == sw.Category) {
					es.supply = append(es.supply, k)
				}
			}
		}
		if p := e.Sanctions; p != nil {
			for _, id := range p.Join {
				es.join = append(es.join, actor(id))
			}
			for _, id := range p.Leave {
				es.leave = append(es.leave, actor(id))
			}
		}
		if a := e.Accession; a != nil {
			es.accActor = actor(a.Actor)
			for k, al := range m.W.alliances {
				if al.ID == a.Alliance {
					es.accAlliance = k
				}
			}
			if es.accActor < 0 || es.accAlliance < 0 {
				return fmt.Errorf("event %s: unknown actor %q or alliance %q", es.id, a.Actor, a.Alliance)
			}
		}
		for k, set := range [2]map[string]scenario.Value{e.Set, e.Scale} {
			for _, p := range scenario.SortedPaths(set) {
				t, err := sc.ResolveEventPath(p)
				if err != nil {
					return fmt.Errorf("event %s: %v", es.id, err)
				}
				v := set[p]
				s := eventSet{path: p, t: t, v: &v, fo: -1, cat: -1, scale: k == 1}
				switch t.Kind {
				case scenario.TargetForce:
					s.fo = t.Index*nc + cat(t.Key)
				case scenario.TargetAttrition:
					s.cat = cat(t.Key)
				}
				es.sets = append(es.sets, s)
			}
		}
		m.events = append(m.events, es)
		if !es.dated {
			m.triggered = append(m.triggered, i)
		}
	}
	return nil
}

// forceIndex is the index in World.fo of actor a's force of category c.
func (m *Model) forceIndex(a, c string) (int, error) {
	i, k := m.ActorIndex(a), slices.Index(m.Categories, c)
	if i < 0 || k < 0 {
		return -1, fmt.Errorf("unknown actor %q or category %q", a, c)
	}
	return i*len(m.Categories) + k, nil
}

// compileCondition resolves an event's condition to indices.
func (m *Model) compileCondition(w *scenario.EventCondition) (condition, error) {
	c := condition{rungRel: -1, rungSide: -1, rungActor: -1, rungAt: -1, terrT: -1,
		terrBelow: math.NaN(), terrAbove: math.NaN(), forceFo: -1,
		nuclear: w.NuclearUse, directWar: w.DirectWar}
	if r := w.Rung; r != nil {
		c.rungAt = r.AtLeast
		if r.Actor != "" {
			c.rungActor = m.ActorIndex(r.Actor)
		}
		if r.Relation != "" {
			for q, rs := range m.Relations {
				if rs.ID == r.Relation {
					c.rungRel = q
				}
			}
			if c.rungRel < 0 {
				return c, fmt.Errorf("unknown relation %q", r.Relation)
			}
			if c.rungActor >= 0 {
				c.rungSide = indexOf(m.Relations[c.rungRel].A[:], c.rungActor)
			}
		}
	}
	if t := w.Territory; t != nil {
		for k, th := range m.Theatres {
			if th.ID == t.Theatre {
				c.terrT = k
			}
		}
		if t.Below != nil {
			c.terrBelow = *t.Below
		}
		if t.Above != nil {
			c.terrAbove = *t.Above
		}
	}
	if f := w.Forces; f != nil {
		var err error
		if c.forceFo, err = m.forceIndex(f.Actor, f.Category); err != nil {
			return c, err
		}
		c.forceBelow = *f.Below
	}
	c.text = m.conditionText(w, c.terrT)
	return c, nil
}

// conditionText says what condition w (its theatre compiled to index t)
// asks, for the trace: "a nuclear weapon has been used and ...".
func (m *Model) conditionText(w *scenario.EventCondition, t int) string {
	var parts []string
	if r := w.Rung; r != nil {
		who := r.Relation
		if r.Actor != "" {
			who = r.Actor
			if r.Relation != "" {
				who += " in " + r.Relation
			}
		}
		parts = append(parts, fmt.Sprintf("%s has reached rung %d", who, r.AtLeast))
	}
	if tc := w.Territory; tc != nil {
		side := "side a"
		if t >= 0 && len(m.Theatres[t].Actors[0]) > 0 {
			side = m.Actors[m.Theatres[t].Actors[0][0]] + "'s side"
		}
		if tc.Below != nil {
			parts = append(parts, fmt.Sprintf("%s holds less than %g %% of %s", side, 100**tc.Below, tc.Theatre))
		}
		if tc.Above != nil {
			parts = append(parts, fmt.Sprintf("%s holds more than %g %% of %s", side, 100**tc.Above, tc.Theatre))
		}
	}
	if w.NuclearUse {
		parts = append(parts, "a nuclear weapon has been used")
	}
	if w.DirectWar {
		parts = append(parts, "the alliances are at war")
	}
	if f := w.Forces; f != nil {
		parts = append(parts, fmt.Sprintf("%s %s in service below %g", f.Actor, f.Category, *f.Below))
	}
	return strings.Join(parts, " and ")
}

// drawEvents draws the events' days and amounts for this trajectory, after
// every other parameter, and sorts the dated events by firing day.
func (w *World) drawEvents(d func(scenario.Value) float64) {
	w.evOrder = w.evOrder[:0]
	w.evNext = 0
	for i := range w.M.events {
		es := &w.M.events[i]
		e := es.spec
		st := &w.ev[i]
		set := st.set
		*st = eventState{set: set}
		if e.Day.Given() || es.dated && es.dateAt < 0 {
			st.day = d(e.Day)
		} else {
			st.day = float64(es.dateAt)
		}
		if a := e.Add; a != nil {
			st.active, st.storage = d(a.Active), d(a.Storage)
		}
		if r := e.Rates; r != nil {
			st.prod, st.refurb = d(r.ProductionPerDay), d(r.RefurbishPerDay)
		}
		if mb := e.Mobilise; mb != nil {
			st.mob = d(mb.Units)
		}
		if p := e.Sanctions; p != nil {
			st.depth = d(p.Depth)
		}
		for k := range es.sets {
			st.set[k] = d(*es.sets[k].v)
		}
		if es.dated {
			// Insertion sort by (day, file order): a handful of events.
			j := len(w.evOrder)
			w.evOrder = append(w.evOrder, i)
			for j > 0 && w.ev[w.evOrder[j-1]].day > st.day {
				w.evOrder[j] = w.evOrder[j-1]
				j--
			}
			w.evOrder[j] = i
		}
	}
}

// due reports whether a dated event falls due today or triggered events are
// looked at (a decision epoch); Step has nothing to do otherwise. World.Step
// asks first, without a call.
func (eventMechanism) due(w *World) bool {
	return w.evNext < len(w.evOrder) && w.ev[w.evOrder[w.evNext]].day <= float64(w.Day) ||
		len(w.M.triggered) > 0 && w.decisionEpoch()
}

func (eventMechanism) Step(w *World) {
	for w.evNext < len(w.evOrder) {
		i := w.evOrder[w.evNext]
		if w.ev[i].day > float64(w.Day) {
			break
		}
		w.evNext++
		if k := w.blocking(i); k >= 0 {
			if w.tracing {
				es := &w.M.events[i]
				w.logf("event %s does not fire: %s (its unless[%d]); the trajectory has left the history it was scripted for", es.id, es.unless[k].text, k)
			}
			continue
		}
		w.fireEvent(i, "")
	}
	if len(w.M.triggered) == 0 || !w.decisionEpoch() {
		return
	}
	for _, i := range w.M.triggered {
		st := &w.ev[i]
		if st.fired && w.M.events[i].once {
			continue
		}
		holds := w.holds(&w.M.events[i].when) && w.blocking(i) < 0
		if holds && !st.held {
			w.fireEvent(i, "its condition holds: ")
		}
		st.held = holds
	}
}

// decisionEpoch reports whether this turn is a decision epoch (see decisionMechanism).
func (w *World) decisionEpoch() bool {
	every := w.M.Scenario.DecisionEveryDays
	return every <= w.M.Scenario.TurnDays || w.Day%every < w.M.Scenario.TurnDays
}

// blocking returns the index of the first of event i's unless: conditions
// that holds, or −1 if none does.
func (w *World) blocking(i int) int {
	for k := range w.M.events[i].unless {
		if w.holds(&w.M.events[i].unless[k]) {
			return k
		}
	}
	return -1
}

// holds evaluates a compiled condition on the current state.
func (w *World) holds(c *condition) bool {
	if c.rungAt >= 0 {
		r := -1
		switch {
		case c.rungRel >= 0 && c.rungSide >= 0:
			r = w.rel[c.rungRel].rung[c.rungSide]
		case c.rungRel >= 0:
			r = w.conflictRung(c.rungRel)
		default:
			for q := range w.M.Relations {
				if s := indexOf(w.M.Relations[q].A[:], c.rungActor); s >= 0 {
					r = max(r, w.rel[q].rung[s])
				}
			}
		}
		if r < c.rungAt {
			return false
		}
	}
	if t := c.terrT; t >= 0 {
		x := w.th[t].territory
		if !math.IsNaN(c.terrBelow) && !(x < c.terrBelow) || !math.IsNaN(c.terrAbove) && !(x > c.terrAbove) {
			return false
		}
	}
	if c.nuclear && !w.Out.NuclearUse {
		return false
	}
	if c.directWar && !w.Out.DirectWar {
		return false
	}
	if c.forceFo >= 0 && !(w.fo[c.forceFo].active < c.forceBelow) {
		return false
	}
	return true
}

// fireEvent applies the actions of event i.
func (w *World) fireEvent(i int, why string) {
	es, st := &w.M.events[i], &w.ev[i]
	st.fired = true
	var b *strings.Builder
	if w.tracing {
		b = new(strings.Builder)
		fmt.Fprintf(b, "event %s: %s", es.id, why)
	}
	note := func(format string, args ...any) {
		if b != nil {
			if !strings.HasSuffix(b.String(), ": ") {
				b.WriteString("; ")
			}
			fmt.Fprintf(b, format, args...)
		}
	}
	nc := len(w.M.Categories)
	foName := func(k int) string { return w.actorName(k/nc) + " " + w.M.Categories[k%nc] }
	if k := es.addFo; k >= 0 {
		f := &w.fo[k]
		f.active += st.active
		f.storage += st.storage
		f.added += st.active + st.storage
		if b != nil && (st.active != 0 || st.storage == 0) {
			note("%s +%s in service (now %s)", foName(k), num(st.active), num(f.active))
		}
		if b != nil && st.storage != 0 {
			note("%s +%s in storage (now %s)", foName(k), num(st.storage), num(f.storage))
		}
	}
	if k := es.ratesFo; k >= 0 {
		f := &w.fo[k]
		r := es.spec.Rates
		if r.ProductionPerDay.Given() {
			f.prod = st.prod
		}
		if r.RefurbishPerDay.Given() {
			f.refurb = st.refurb
		}
		w.noteProducing(k)
		if b != nil {
			note("%s now produces %s and refurbishes %s a day", foName(k), num(f.prod), num(f.refurb))
		}
	}
	if k := es.mobFo; k >= 0 {
		f := &w.fo[k]
		x := min(st.mob, f.storage)
		f.storage -= x
		f.active += x
		f.refurbished += x
		if b != nil {
			note("%s: %s mobilised from storage (now %s in service, %s in storage)", foName(k), num(x), num(f.active), num(f.storage))
		}
	}
	if len(es.supply) > 0 {
		for _, k := range es.supply {
			w.supDormant[k] = !es.supplyStart
			w.sup[k] = 0
			if es.supplyStart {
				w.sup[k] = w.supBase[k]
			}
		}
		w.refreshSupply()
		if b != nil {
			verb := "stops"
			if es.supplyStart {
				verb = "starts"
			}
			sw := es.spec.Supply
			note("supply from %s to %s%s %s", sw.From, sw.To, ofCat(sw.Category), verb)
		}
	}
	if p := es.spec.Sanctions; p != nil && w.M.W.target >= 0 {
		sn := &w.ws.sanc
		for _, a := range es.join {
			sn.member[a] = true
		}
		for _, a := range es.leave {
			sn.member[a] = false
		}
		if p.Depth.Given() {
			sn.depth = st.depth
		}
		w.sanctionsState(w.M.W.target)
		if b != nil {
			note("sanctions on %s: %d members, depth %.2f", w.actorName(w.M.W.target), sn.size, sn.depth)
		}
	}
	if a := es.accActor; a >= 0 {
		k := es.accAlliance
		nal := len(w.M.W.alliances)
		if !w.ws.member[a*nal+k] {
			w.ws.member[a*nal+k] = true
			s := &w.ws.sec[a]
			if s.joined < 0 {
				s.applied, s.admitDay, s.joined = k, w.Day, k
				w.Out.Applied[a], w.Out.Joined[a], w.Out.JoinDay[a] = int8(k), int8(k), w.Day
			}
		}
		if b != nil {
			note("%s is admitted to %s", w.actorName(a), w.M.W.alliances[k].ID)
		}
	}
	for k := range es.sets {
		old, now := w.applySet(&es.sets[k], st.set[k])
		if b != nil {
			note("%s %s → %s", es.sets[k].path, num(old), num(now))
		}
	}
	if b != nil {
		w.events = append(w.events, Event{Day: w.Day, Text: b.String()})
	}
}

func ofCat(c string) string {
	if c == "" {
		return ""
	}
	return " (" + c + ")"
}

// num formats an amount for the trace: whole numbers without decimals.
func num(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.4g", x)
}

// noteProducing keeps force k, whose rates changed, in the list of forces
// that produce or refurbish, and brings the turn's rates up to date.
func (w *World) noteProducing(k int) {
	if f := &w.fo[k]; (f.refurb > 0 || f.prod > 0) && !contains(w.producing, k) {
		// Keep the list in index order, as drawParameters builds it.
		w.producing = append(w.producing, k)
		for j := len(w.producing) - 1; j > 0 && w.producing[j-1] > k; j-- {
			w.producing[j], w.producing[j-1] = w.producing[j-1], w.producing[j]
		}
	}
	w.refreshRates() // production.go
}

// refreshSupply recomputes what depends on the supply rates: which links
// flow, and each side's expected supply power.
func (w *World) refreshSupply() {
	for k := range w.M.Supply {
		w.supplyOn[k] = w.sup[k] > 0 && w.supplying(&w.M.Supply[k])
	}
	for q := range w.M.Relations {
		rs := &w.M.Relations[q]
		for s := range 2 {
			w.supplyPow[q*2+s] = 0
			if rs.theatre[s] >= 0 {
				w.supplyPow[q*2+s] = w.supplyPower(rs.A[s], rs.theatre[s], rs.tside[s])
			}
		}
	}
}

// applySet sets the state a parameter path names to v (or multiplies it by
// v, for a scale) and returns its old and new values.
func (w *World) applySet(s *eventSet, v float64) (old, x float64) {
	t := s.t
	x = v
	swap := func(p *float64) {
		old = *p
		if s.scale {
			x = old * v
		}
		*p = x
	}
	switch t.Kind {
	case scenario.TargetScenario:
		switch t.Field {
		case "catastrophe_cost":
			swap(&w.catCost)
		case "inertia":
			swap(&w.inertia)
		case "defence_effort":
			swap(&w.defEffort)
			w.refreshFightEffort()
			w.postureDirty = true
		}
	case scenario.TargetRung:
		r := &w.rungs[t.Index]
		switch t.Field {
		case "cost":
			swap(&r.cost)
		case "coercion":
			swap(&r.coercion)
		case "signal":
			swap(&r.signal)
		case "spiral_per_day":
			swap(&r.spiral)
		case "tension":
			swap(&r.tension)
		}
	case scenario.TargetPolitics:
		a := &w.act[t.Index]
		switch t.Field {
		case "resolve":
			swap(&a.resolve)
			for q := range w.M.Relations {
				for side := range 2 {
					if w.M.Relations[q].A[side] == t.Index {
						w.rel[q].stakes[side] = w.rel[q].rawStakes[side] * a.resolve
					}
				}
			}
		case "cost_sensitivity":
			swap(&a.costSens)
		case "risk_tolerance":
			swap(&a.riskTol)
		case "rationality":
			swap(&a.lambda)
		case "bluff_propensity":
			swap(&a.bluff)
		case "optimism":
			swap(&a.optimism)
		case "audience_cost":
			swap(&a.audience)
		}
	case scenario.TargetForce:
		f := &w.fo[s.fo]
		switch t.Field {
		case "active":
			swap(&f.active)
			f.added += x - old
		case "storage":
			swap(&f.storage)
			f.added += x - old
		case "refurbish_per_day":
			swap(&f.refurb)
			w.noteProducing(s.fo)
		case "production_per_day":
			swap(&f.prod)
			w.noteProducing(s.fo)
		case "effectiveness":
			swap(&f.eff)
			f.effMax = max(f.effMax, f.eff)
		case "effectiveness_max":
			swap(&f.effMax)
			f.eff = min(f.eff, f.effMax)
		case "learning_per_day":
			swap(&f.learn)
		}
	case scenario.TargetTheatre:
		ts := &w.th[t.Index]
		switch t.Field {
		case "territory":
			swap(&ts.territory)
		case "front_speed":
			swap(&ts.speed)
		case "defence_advantage":
			swap(&ts.defAdv)
		}
	case scenario.TargetSide:
		ts := &w.th[t.Index]
		switch t.Field {
		case "capitulate_below":
			swap(&ts.capitulate[t.Sub])
		case "capitulate_territory_below":
			swap(&ts.capitulateHeld[t.Sub])
		case "attack_above":
			swap(&ts.fp.attackAbove[t.Sub])
		case "withdraw_attrition":
			swap(&ts.fp.withdrawAttrition[t.Sub])
		case "withdraw_supply_below":
			swap(&ts.fp.withdrawSupplyMin[t.Sub])
		}
	case scenario.TargetAttrition:
		swap(&w.th[t.Index].attrition[t.Sub][s.cat])
	case scenario.TargetStakes:
		rs := &w.rel[t.Index]
		swap(&rs.rawStakes[t.Sub])
		rs.stakes[t.Sub] = rs.rawStakes[t.Sub] * w.act[w.M.Relations[t.Index].A[t.Sub]].resolve
	case scenario.TargetSupply:
		swap(&w.supBase[t.Index])
		if !w.supDormant[t.Index] {
			w.sup[t.Index] = x
		}
		w.refreshSupply()
	case scenario.TargetSanctions:
		sn := &w.ws.sanc
		switch t.Field {
		case "depth":
			swap(&sn.depth)
		case "depth_after_nuclear_use":
			swap(&sn.depthUse)
		case "evasion":
			swap(&sn.evasion)
		}
		if w.M.W.target >= 0 {
			w.sanctionsState(w.M.W.target)
		}
	case scenario.TargetRedLine:
		swap(&w.rl[t.Index].cred)
	case scenario.TargetAlliance:
		swap(&w.ws.ally[t.Index].cred)
		w.Out.Credibility[t.Index] = x
	}
	return old, x
}
