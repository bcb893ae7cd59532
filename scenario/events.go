package scenario

// Events (injects): dated or triggered changes of a trajectory's state —
// reinforcements, changes of production, mobilisations, arms-supply links
// switched on or off, sanctions packages, accessions, and overrides of the
// parameters a variant can address. A wargame designer scripts with them what
// history or the exercise dictates (Perla, The Art of Wargaming, 1990, calls
// them injects); Engel's (1954) Iwo Jima, with its landings on days 1, 3 and 6,
// is written with them (sim/testdata/iwo-jima.yaml).
//
// A variant edits the scenario before any trajectory is drawn; an event edits
// the drawn state of one trajectory while it runs. So only the paths below,
// each mapped to a field of the live state by the simulator, can be set by an
// event (see ResolveEventPath); any other path is a positioned error.

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Event is a change applied during a trajectory, on a date or day or when a
// condition first holds.
type Event struct {
	ID   string          `yaml:"id" doc:"Name of the event, shown in the trace (default: events[i])."`
	Date *Date           `yaml:"date" doc:"Calendar date on which the event fires (YYYY-MM-DD), within the horizon."`
	Day  Value           `yaml:"day" min:"0" doc:"Day from the start on which the event fires; may be a distribution such as uniform(200, 230), drawn per trajectory (the event fires on the first turn at or after it)."`
	When *EventCondition `yaml:"when" doc:"Fire when this condition holds, checked at each decision epoch (all the conditions given must hold)."`
	Once *bool           `yaml:"once" doc:"For a when event: fire only the first time the condition holds (default true); false fires again each time it comes to hold anew."`
	// Unless keeps a scripted event out of a trajectory that has left the
	// history it was written for: a season of offence dated from the record
	// presumes the war as it was fought, not one after a nuclear use.
	Unless []EventCondition `yaml:"unless" json:",omitempty" doc:"Conditions under which the event does not fire, any one of them enough (each holds when all it gives hold): a dated event that finds one holding on its firing day is skipped for good (the trace says so); a when event fires only while none holds."`

	Add       *Reinforcement    `yaml:"add" doc:"Units added to an actor's force of a category, in service or in storage."`
	Rates     *RateChange       `yaml:"rates" doc:"New production or refurbishment rates of an actor's force of a category."`
	Mobilise  *Mobilisation     `yaml:"mobilise" doc:"Units moved from storage to service (at most what is stored)."`
	Supply    *SupplySwitch     `yaml:"supply" doc:"Arms-supply links that start or stop flowing."`
	Sanctions *SanctionsPackage `yaml:"sanctions" doc:"A sanctions package: members join or leave, the depth of the cut changes."`
	Accession *Accession        `yaml:"accession" doc:"An actor admitted to an alliance."`
	Set       map[string]Value  `yaml:"set" doc:"Overrides of the live state: a parameter path as variants write it (actors.RUS.politics.resolve, actors.UKR.forces[3].effectiveness, theatres.ukraine.front_speed, theatres.ukraine.b.attack_above, supply[2].per_day, sanctions.depth, red_lines[0].credibility, ...) and its new value."`
	Scale     map[string]Value  `yaml:"scale" doc:"Relative overrides: a parameter path, as under set, and the factor its value in the trajectory is multiplied by (so what was drawn for it keeps its spread)."`

	At Pos `json:"-"`
}

// EventCondition is the trigger of an event (when:) or what keeps it from
// firing (unless:): every condition given must hold.
type EventCondition struct {
	Rung       *RungCondition      `yaml:"rung" doc:"A rung reached in a relation, or by an actor."`
	Territory  *TerritoryCondition `yaml:"territory" doc:"The share of a theatre held by its side a below or above a level."`
	NuclearUse bool                `yaml:"nuclear_use" doc:"A first nuclear use has happened."`
	DirectWar  bool                `yaml:"direct_war" json:",omitempty" doc:"War between the alliances has begun: actors of different coalitions fight each other outside the principal relation."`
	Forces     *ForcesCondition    `yaml:"forces" doc:"An actor's units in service of a category below a level."`
	At         Pos                 `json:"-"`
}

// RungCondition holds when the rung named is reached: in a relation (the
// higher of its two sides, or the side of the actor given), or by an actor
// toward anyone.
type RungCondition struct {
	Relation string `yaml:"relation" doc:"Relation id (e.g. RUS-UKR)."`
	Actor    string `yaml:"actor" doc:"Actor whose own rung counts (in the relation, or its highest toward anyone)."`
	AtLeast  int    `yaml:"at_least" min:"0" doc:"Rung (index in the ladder) reached or passed."`
	At       Pos    `json:"-"`
}

// TerritoryCondition holds when the share of a theatre held by side a is
// below or above a level.
type TerritoryCondition struct {
	Theatre string   `yaml:"theatre" required:"true" doc:"Theatre id."`
	Below   *float64 `yaml:"below" min:"0" max:"1" doc:"Holds when side a's share is below this."`
	Above   *float64 `yaml:"above" min:"0" max:"1" doc:"Holds when side a's share is above this."`
	At      Pos      `json:"-"`
}

// ForcesCondition holds when an actor's units in service of a category fall
// below a level.
type ForcesCondition struct {
	Actor    string   `yaml:"actor" required:"true" doc:"Actor id."`
	Category string   `yaml:"category" required:"true" doc:"Category id."`
	Below    *float64 `yaml:"below" required:"true" min:"0" doc:"Holds when its units in service are below this."`
	At       Pos      `json:"-"`
}

// Reinforcement adds units to a force.
type Reinforcement struct {
	Actor    string `yaml:"actor" required:"true" doc:"Actor id."`
	Category string `yaml:"category" required:"true" doc:"Category id."`
	Active   Value  `yaml:"active" min:"0" doc:"Units added in service."`
	Storage  Value  `yaml:"storage" min:"0" doc:"Units added to storage."`
	At       Pos    `json:"-"`
}

// RateChange sets new rates of a force; a rate not given is unchanged.
type RateChange struct {
	Actor            string `yaml:"actor" required:"true" doc:"Actor id."`
	Category         string `yaml:"category" required:"true" doc:"Category id."`
	ProductionPerDay Value  `yaml:"production_per_day" min:"0" doc:"New units per day from now on."`
	RefurbishPerDay  Value  `yaml:"refurbish_per_day" min:"0" doc:"Units returned from storage per day from now on."`
	At               Pos    `json:"-"`
}

// Mobilisation moves units (personnel, say) from storage to service at once.
type Mobilisation struct {
	Actor    string `yaml:"actor" required:"true" doc:"Actor id."`
	Category string `yaml:"category" required:"true" doc:"Category id."`
	Units    Value  `yaml:"units" required:"true" min:"0" doc:"Units moved from storage to service (at most what is stored)."`
	At       Pos    `json:"-"`
}

// SupplySwitch starts or stops the supply links from one actor to another.
type SupplySwitch struct {
	From     string `yaml:"from" required:"true" doc:"Supplier id."`
	To       string `yaml:"to" required:"true" doc:"Recipient id."`
	Category string `yaml:"category" doc:"Category id (default: every link from the supplier to the recipient)."`
	Action   string `yaml:"action" required:"true" enum:"start|stop" doc:"start: the links flow (while the supplier stands on a supply rung); stop: they do not."`
	At       Pos    `json:"-"`
}

// SanctionsPackage changes the sanctions coalition and the depth of its cut.
type SanctionsPackage struct {
	Join  []string `yaml:"join" doc:"Actors that join the sanctions coalition."`
	Leave []string `yaml:"leave" doc:"Actors that leave it."`
	Depth Value    `yaml:"depth" min:"0" max:"1" doc:"New share of their trade with the target the members cut."`
	At    Pos      `json:"-"`
}

// Accession admits an actor to an alliance.
type Accession struct {
	Actor    string `yaml:"actor" required:"true" doc:"Actor id."`
	Alliance string `yaml:"alliance" required:"true" doc:"Alliance id."`
	At       Pos    `json:"-"`
}

// Given reports whether the value was written in the file (or set in code),
// as opposed to left for a default.
func (v Value) Given() bool { return !v.unset() }

// IsOnce reports whether the event fires at most once (the default).
func (e *Event) IsOnce() bool { return e.Once == nil || *e.Once }

// StartDay is the day (from the scenario's start) of a dated event's date.
func (e *Event) StartDay(start Date) int { return e.Date.DayOf(start) }

// TargetKind names what an event's override sets.
type TargetKind uint8

const (
	TargetScenario  TargetKind = iota // catastrophe_cost, inertia, defence_effort
	TargetRung                        // ladder[i].<field>
	TargetPolitics                    // actors.X.politics.<field>
	TargetForce                       // actors.X.forces[i].<field>
	TargetTheatre                     // theatres.T.<field>
	TargetSide                        // theatres.T.a|b.<field>
	TargetAttrition                   // theatres.T.a|b.attrition.<category>
	TargetStakes                      // relations.R.sides.X.stakes
	TargetSupply                      // supply[i].per_day
	TargetSanctions                   // sanctions.<field>
	TargetRedLine                     // red_lines[i].credibility
	TargetAlliance                    // alliances.A.credibility
)

// EventTarget is a parameter path resolved against a scenario: what kind of
// state it names, the yaml name of the field, and indices into the
// scenario's lists (Index: the rung, actor, theatre, relation, supply link,
// red line or alliance; Sub: the force's index in the actor's list, the side
// of a theatre (0 for a, 1 for b) or of a relation; Key: a category id).
type EventTarget struct {
	Kind  TargetKind
	Field string
	Index int
	Sub   int
	Key   string
}

// eventFields lists, per kind, the fields an event may set, with the struct
// type that declares them (for their bounds).
var eventFields = map[TargetKind]struct {
	typ    reflect.Type
	fields []string
}{
	TargetScenario:  {reflect.TypeFor[Scenario](), []string{"catastrophe_cost", "inertia", "defence_effort"}},
	TargetRung:      {reflect.TypeFor[Rung](), []string{"cost", "coercion", "signal", "spiral_per_day", "tension"}},
	TargetPolitics:  {reflect.TypeFor[Politics](), []string{"resolve", "cost_sensitivity", "risk_tolerance", "rationality", "bluff_propensity", "optimism", "audience_cost"}},
	TargetForce:     {reflect.TypeFor[Force](), []string{"active", "storage", "refurbish_per_day", "production_per_day", "effectiveness", "effectiveness_max", "learning_per_day"}},
	TargetTheatre:   {reflect.TypeFor[Theatre](), []string{"territory", "front_speed", "defence_advantage"}},
	TargetSide:      {reflect.TypeFor[TheatreSide](), []string{"capitulate_below", "capitulate_territory_below", "attack_above", "withdraw_attrition", "withdraw_supply_below"}},
	TargetStakes:    {reflect.TypeFor[Side](), []string{"stakes"}},
	TargetSupply:    {reflect.TypeFor[Supply](), []string{"per_day"}},
	TargetSanctions: {reflect.TypeFor[Sanctions](), []string{"depth", "depth_after_nuclear_use", "evasion"}},
	TargetRedLine:   {reflect.TypeFor[RedLine](), []string{"credibility"}},
	TargetAlliance:  {reflect.TypeFor[Alliance](), []string{"credibility"}},
}

// ResolveEventPath maps a parameter path, written as a variant writes it, to
// the live state an event can set, or says why it cannot.
func (s *Scenario) ResolveEventPath(path string) (EventTarget, error) {
	segs, err := parseOverridePath(path)
	if err != nil {
		return EventTarget{}, err
	}
	var t EventTarget
	seg := func(i int) (pathSeg, bool) {
		if i < len(segs) {
			return segs[i], true
		}
		return pathSeg{}, false
	}
	// pick finds segment i among names (by name, or by index).
	pick := func(i int, what string, names []string) (int, error) {
		sg, ok := seg(i)
		if !ok {
			return 0, fmt.Errorf("the path ends at %s; name one of %s", what, listNames(names))
		}
		if sg.isIndex {
			if sg.index >= len(names) {
				return 0, fmt.Errorf("%s has %d entries, no index %d", what, len(names), sg.index)
			}
			return sg.index, nil
		}
		for k, n := range names {
			if n == sg.name {
				return k, nil
			}
		}
		msg := fmt.Sprintf("no %s %q", what, sg.name)
		if sug := suggest(sg.name, names); sug != "" {
			msg += fmt.Sprintf("; did you mean %q?", sug)
		} else {
			msg += "; expected one of " + listNames(names)
		}
		return 0, fmt.Errorf("%s", msg)
	}
	field := func(i int, k TargetKind) error {
		t.Kind = k
		ef := eventFields[k]
		sg, ok := seg(i)
		if !ok || sg.isIndex {
			return fmt.Errorf("the path %q names no field; an event can set %s", path, strings.Join(ef.fields, ", "))
		}
		if i != len(segs)-1 {
			return fmt.Errorf("the path %q goes on after the field %q", path, sg.name)
		}
		for _, f := range ef.fields {
			if f == sg.name {
				t.Field = f
				return nil
			}
		}
		msg := fmt.Sprintf("an event cannot set %q here: it changes the live state of a trajectory, and can set only %s", sg.name, strings.Join(ef.fields, ", "))
		if sug := suggest(sg.name, ef.fields); sug != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", sug)
		}
		return fmt.Errorf("%s", msg)
	}
	top, _ := seg(0)
	var err2 error
	switch top.name {
	case "catastrophe_cost", "inertia", "defence_effort":
		err2 = field(0, TargetScenario)
	case "ladder":
		names := make([]string, len(s.Ladder))
		for i, r := range s.Ladder {
			names[i] = r.Name
		}
		if t.Index, err2 = pick(1, "rung of the ladder", names); err2 == nil {
			err2 = field(2, TargetRung)
		}
	case "actors":
		names := make([]string, len(s.Actors))
		for i, a := range s.Actors {
			names[i] = a.ID
		}
		if t.Index, err2 = pick(1, "actor", names); err2 != nil {
			break
		}
		a := &s.Actors[t.Index]
		sg, _ := seg(2)
		switch sg.name {
		case "politics":
			err2 = field(3, TargetPolitics)
		case "forces":
			cats := make([]string, len(a.Forces))
			for i, f := range a.Forces {
				cats[i] = f.Category
			}
			if t.Sub, err2 = pick(3, "force of "+a.ID, cats); err2 == nil {
				t.Key = a.Forces[t.Sub].Category
				err2 = field(4, TargetForce)
			}
		default:
			err2 = fmt.Errorf("an event can set actors.%s.politics.<field> or actors.%s.forces[i].<field>, not %q", a.ID, a.ID, path)
		}
	case "theatres":
		names := make([]string, len(s.Theatres))
		for i, th := range s.Theatres {
			names[i] = th.ID
		}
		if t.Index, err2 = pick(1, "theatre", names); err2 != nil {
			break
		}
		sg, _ := seg(2)
		switch sg.name {
		case "a", "b":
			t.Sub = 0
			if sg.name == "b" {
				t.Sub = 1
			}
			if s3, ok := seg(3); ok && s3.name == "attrition" {
				cats := make([]string, len(s.Categories))
				for k, c := range s.Categories {
					cats[k] = c.ID
				}
				var k int
				if k, err2 = pick(4, "attrition coefficient", cats); err2 == nil {
					t.Kind, t.Key = TargetAttrition, cats[k]
					if len(segs) > 5 {
						err2 = fmt.Errorf("the path %q goes on after the category", path)
					}
				}
				break
			}
			err2 = field(3, TargetSide)
		default:
			err2 = field(2, TargetTheatre)
		}
	case "relations":
		names := make([]string, len(s.Relations))
		for i, r := range s.Relations {
			names[i] = r.ID
		}
		if t.Index, err2 = pick(1, "relation", names); err2 != nil {
			break
		}
		r := &s.Relations[t.Index]
		if sg, _ := seg(2); sg.name != "sides" {
			err2 = fmt.Errorf("an event can set relations.%s.sides.<actor>.stakes, not %q", r.ID, path)
			break
		}
		if t.Sub, err2 = pick(3, "side of "+r.ID, r.Between); err2 == nil {
			err2 = field(4, TargetStakes)
		}
	case "supply":
		names := make([]string, len(s.Supply))
		for i := range s.Supply {
			names[i] = fmt.Sprintf("[%d]", i)
		}
		sg, ok := seg(1)
		if !ok || !sg.isIndex {
			err2 = fmt.Errorf("a supply link is named by its index, as in supply[0].per_day")
			break
		}
		if t.Index, err2 = pick(1, "supply", names); err2 == nil {
			err2 = field(2, TargetSupply)
		}
	case "sanctions":
		if s.Sanctions == nil {
			err2 = fmt.Errorf("the scenario has no sanctions block")
			break
		}
		err2 = field(1, TargetSanctions)
	case "red_lines":
		names := make([]string, len(s.RedLines))
		for i := range s.RedLines {
			names[i] = fmt.Sprintf("[%d]", i)
		}
		sg, ok := seg(1)
		if !ok || !sg.isIndex {
			err2 = fmt.Errorf("a red line is named by its index, as in red_lines[0].credibility")
			break
		}
		if t.Index, err2 = pick(1, "red_lines", names); err2 == nil {
			err2 = field(2, TargetRedLine)
		}
	case "alliances":
		names := make([]string, len(s.Alliances))
		for i, a := range s.Alliances {
			names[i] = a.ID
		}
		if t.Index, err2 = pick(1, "alliance", names); err2 == nil {
			err2 = field(2, TargetAlliance)
		}
	default:
		err2 = fmt.Errorf("an event cannot set %q: it can set catastrophe_cost, inertia, defence_effort, ladder, actors (politics, forces), theatres, relations (stakes), supply, sanctions, red_lines and alliances", path)
	}
	return t, err2
}

func listNames(names []string) string {
	if len(names) == 0 {
		return "(none defined)"
	}
	return strings.Join(names, ", ")
}

// rulesOf returns the bounds of the field an event target sets.
func rulesOf(t EventTarget) *fieldRules {
	if t.Kind == TargetAttrition {
		return &fieldRules{hasMin: true}
	}
	info := structInfoOf(eventFields[t.Kind].typ)
	if i, ok := info.byName[t.Field]; ok {
		return info.fields[i].rules
	}
	return nil
}

// events checks the events block (after the rest of the scenario, whose ids it
// refers to).
func (c *checker) events(s *Scenario) {
	if len(s.Events) == 0 {
		return
	}
	actors, cats, theatres, rels, alliances := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for i, a := range s.Actors {
		actors[a.ID] = i
	}
	for i, k := range s.Categories {
		cats[k.ID] = i
	}
	for i, t := range s.Theatres {
		theatres[t.ID] = i
	}
	for i, r := range s.Relations {
		rels[r.ID] = i
	}
	for i, a := range s.Alliances {
		alliances[a.ID] = i
	}
	top := len(s.Ladder) - 1
	actor := func(p Pos, field, id string) {
		if _, ok := actors[id]; !ok {
			c.add(p, field, "unknown actor %q; expected one of: %s", id, keys(actors))
		}
	}
	category := func(p Pos, field, id string) {
		if _, ok := cats[id]; !ok {
			c.add(p, field, "unknown category %q; expected one of: %s", id, keys(cats))
		}
	}
	// condition checks a when: or one of the unless: conditions.
	condition := func(w *EventCondition, wf, what string) {
		if w.Rung == nil && w.Territory == nil && w.Forces == nil && !w.NuclearUse && !w.DirectWar {
			c.add(w.At, wf, "%s needs rung, territory, nuclear_use, direct_war or forces", what)
		}
		if r := w.Rung; r != nil {
			rf := wf + ".rung"
			if r.Relation == "" && r.Actor == "" {
				c.add(r.At, rf, "a rung condition needs a relation, an actor or both")
			}
			if r.Relation != "" {
				if q, ok := rels[r.Relation]; !ok {
					c.add(r.At, rf+".relation", "unknown relation %q; expected one of: %s", r.Relation, keys(rels))
				} else if r.Actor != "" && r.Actor != s.Relations[q].Between[0] && r.Actor != s.Relations[q].Between[1] {
					c.add(r.At, rf+".actor", "%s is not in relation %s", r.Actor, r.Relation)
				}
			}
			if r.Actor != "" {
				actor(r.At, rf+".actor", r.Actor)
			}
			if r.AtLeast > top {
				c.add(r.At, rf+".at_least", "must be a rung of the ladder (0–%d), got %d", top, r.AtLeast)
			}
		}
		if t := w.Territory; t != nil {
			tf := wf + ".territory"
			if _, ok := theatres[t.Theatre]; !ok {
				c.add(t.At, tf+".theatre", "unknown theatre %q; expected one of: %s", t.Theatre, keys(theatres))
			}
			if (t.Below == nil) == (t.Above == nil) {
				c.add(t.At, tf, "a territory condition needs below or above (one of them)")
			}
		}
		if fc := w.Forces; fc != nil {
			actor(fc.At, wf+".forces.actor", fc.Actor)
			category(fc.At, wf+".forces.category", fc.Category)
		}
	}
	ids := map[string]int{}
	for i := range s.Events {
		e := &s.Events[i]
		if e.At.Line == 0 {
			continue // not a mapping: reported by the decoder
		}
		f := fmt.Sprintf("events[%d]", i)
		if e.ID != "" {
			f = "events." + e.ID
			if j, dup := ids[e.ID]; dup {
				c.addAt(e.At, f, "duplicate event id %q (first at line %d)", e.ID, s.Events[j].At.Line)
			}
			ids[e.ID] = i
		}
		// When.
		dated := e.Date != nil || e.Day.Given()
		switch {
		case e.Date != nil && e.Day.Given():
			c.add(e.At, f+".day", "give a date or a day, not both")
		case dated && e.When != nil:
			c.add(e.At, f+".when", "give a date or day, or a when condition, not both")
		case !dated && e.When == nil:
			c.add(e.At, f, "an event needs a date, a day or a when condition")
		}
		if e.Date != nil {
			c.dateWithin(s, *e.Date, f+".date")
		}
		if e.Day.Given() {
			if _, hi := e.Day.Support(); hi > float64(s.HorizonDays) {
				c.add(e.Day.Pos, f+".day", "day %s can fall after the horizon (day %d)", e.Day.Text, s.HorizonDays)
			}
		}
		if e.Once != nil && e.When == nil {
			c.add(e.At, f+".once", "once applies to an event with a when condition")
		}
		if e.When != nil {
			condition(e.When, f+".when", "a when condition")
		}
		for k := range e.Unless {
			condition(&e.Unless[k], fmt.Sprintf("%s.unless[%d]", f, k), "an unless condition")
		}
		// What.
		if e.Add == nil && e.Rates == nil && e.Mobilise == nil && e.Supply == nil && e.Sanctions == nil && e.Accession == nil && len(e.Set) == 0 && len(e.Scale) == 0 {
			c.add(e.At, f, "an event needs at least one action: add, rates, mobilise, supply, sanctions, accession, set or scale")
		}
		if a := e.Add; a != nil {
			actor(a.At, f+".add.actor", a.Actor)
			category(a.At, f+".add.category", a.Category)
			if !a.Active.Given() && !a.Storage.Given() {
				c.add(a.At, f+".add", "add needs active, storage or both")
			}
		}
		if r := e.Rates; r != nil {
			actor(r.At, f+".rates.actor", r.Actor)
			category(r.At, f+".rates.category", r.Category)
			if !r.ProductionPerDay.Given() && !r.RefurbishPerDay.Given() {
				c.add(r.At, f+".rates", "rates needs production_per_day, refurbish_per_day or both")
			}
		}
		if m := e.Mobilise; m != nil {
			actor(m.At, f+".mobilise.actor", m.Actor)
			category(m.At, f+".mobilise.category", m.Category)
		}
		if sw := e.Supply; sw != nil {
			actor(sw.At, f+".supply.from", sw.From)
			actor(sw.At, f+".supply.to", sw.To)
			if sw.Category != "" {
				category(sw.At, f+".supply.category", sw.Category)
			}
			n := 0
			for _, sp := range s.Supply {
				if sp.From == sw.From && sp.To == sw.To && (sw.Category == "" || sp.Category == sw.Category) {
					n++
				}
			}
			if n == 0 && c.known(actors, cats, sw) {
				c.add(sw.At, f+".supply", "no supply link from %s to %s%s under supply", sw.From, sw.To, ofCategory(sw.Category))
			}
		}
		if p := e.Sanctions; p != nil {
			if s.Sanctions == nil {
				c.add(p.At, f+".sanctions", "the scenario has no sanctions block for a package to change")
			}
			c.actorList(p.Join, p.At, f+".sanctions.join", actors)
			c.actorList(p.Leave, p.At, f+".sanctions.leave", actors)
			if len(p.Join) == 0 && len(p.Leave) == 0 && !p.Depth.Given() {
				c.add(p.At, f+".sanctions", "a sanctions package needs join, leave or depth")
			}
		}
		if a := e.Accession; a != nil {
			actor(a.At, f+".accession.actor", a.Actor)
			if _, ok := alliances[a.Alliance]; !ok {
				c.add(a.At, f+".accession.alliance", "unknown alliance %q; expected one of: %s", a.Alliance, keys(alliances))
			}
		}
		for _, p := range SortedPaths(e.Set) {
			v := e.Set[p]
			pf := f + ".set." + p
			t, err := s.ResolveEventPath(p)
			if err != nil {
				c.add(v.Pos, pf, "%v", err)
				continue
			}
			if r := rulesOf(t); r != nil {
				lo, hi := v.Support()
				if (r.hasMin && lo < r.min) || (r.hasEmin && lo <= r.emin) || (r.hasMax && hi > r.max) {
					c.add(v.Pos, pf, "%s must be %s, got %s", t.Field, rangeText(r), v.Text)
				}
			}
		}
		for _, p := range SortedPaths(e.Scale) {
			v := e.Scale[p]
			pf := f + ".scale." + p
			if _, err := s.ResolveEventPath(p); err != nil {
				c.add(v.Pos, pf, "%v", err)
				continue
			}
			if lo, _ := v.Support(); lo < 0 {
				c.add(v.Pos, pf, "a factor must be at least 0, got %s", v.Text)
			}
		}
	}
}

// known reports whether the actors and category of a supply switch exist (so
// that a missing link is worth reporting on its own).
func (c *checker) known(actors, cats map[string]int, sw *SupplySwitch) bool {
	_, a := actors[sw.From]
	_, b := actors[sw.To]
	_, k := cats[sw.Category]
	return a && b && (k || sw.Category == "")
}

func ofCategory(c string) string {
	if c == "" {
		return ""
	}
	return " of " + c
}

// SortedPaths returns the paths of an event's set or scale in order.
func SortedPaths(m map[string]Value) []string {
	out := make([]string, 0, len(m))
	for p := range m {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// dateWithin reports a date before the scenario's start or not before its
// horizon, where a trajectory has already ended.
func (c *checker) dateWithin(s *Scenario, d Date, field string) {
	switch day := d.DayOf(s.Start); {
	case day < 0:
		c.add(d.Pos, field, "date %s is before the start %s", d.Format("2006-01-02"), s.Start.Format("2006-01-02"))
	case day >= s.HorizonDays:
		c.add(d.Pos, field, "date %s is not before the horizon (day %d, %s), when the trajectory ends", d.Format("2006-01-02"),
			s.HorizonDays, s.Start.AddDate(0, 0, s.HorizonDays).Format("2006-01-02"))
	}
}
