package scenario

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Defaults applied where a scenario is silent. Each is a judgement stated here
// once, so a reader can find what an omitted field means.
const (
	defaultTurnDays         = 1
	defaultDecisionDays     = 7
	defaultPlanningDays     = 180
	defaultCatastropheCost  = 20
	defaultResolve          = 0.5
	defaultRationality      = 100
	defaultInertia          = 0.01
	defaultDefenceEffort    = 0.25
	defaultOptimismHalfLife = 365
	defaultRiskTolerance    = 0.1
	defaultStakes           = 0.5
	defaultBelief           = 0.5
	defaultBeliefStrength   = 2
	defaultProcedureCatch   = 0.9
	defaultCommandRobust    = 0.9
	defaultLeaderLaunch     = 0.05
	defaultFrontSpeed       = 0.002
	defaultDefenceAdv       = 1.5
	defaultCapitulate       = 0.1

	defaultBargainingTypes = 64
)

// defaultFront fills the front's defaults (see the field docs of Front).
func defaultFront(f *Front) {
	def(&f.AdvanceElasticity, 2)
	def(&f.Fortification, 1)
	def(&f.FortificationDays, 60)
	def(&f.FortifiedAtStart, 1)
	def(&f.FortifiedDepth, 0.005)
	def(&f.SupplyReach, 0.1)
	def(&f.SupplyCatchUpDays, 90)
	def(&f.FatigueDays, 120)
	def(&f.RecoveryDays, 30)
	def(&f.BreakthroughPerYear, 1)
	def(&f.BreakthroughDays, 10)
	def(&f.BreakthroughBoost, 3)
	def(&f.SurpriseDays, 14)
	def(&f.QuietIntensity, 0.3)
	def(&f.AttackerLosses, 1.5)
	def(&f.TempoSD, 0)
	def(&f.TempoDays, 60)
	def(&f.PostureDays, 0)
	def(&f.Compaction, 0)
	def(&f.WithdrawalSpeed, 1)
}

// maxSectors is the most sectors a front may have (sim/sectors.go keeps
// them in fixed arrays).
const maxSectors = 8

// sectors checks a sectored front and fills its defaults, only where the
// theatre has sectors (so that a front without them is unchanged).
func (c *checker) sectors(t *Theatre, f string) {
	secs := t.Front.Sectors
	if len(secs) == 0 {
		return
	}
	def(&t.Front.MainEffort, 0.5)
	def(&t.Front.ReserveDays, 21)
	ff := f + ".front.sectors"
	if len(secs) < 2 || len(secs) > maxSectors {
		c.add(t.Front.At, ff, "a front has 2 to %d sectors, not %d", maxSectors, len(secs))
		return
	}
	var width, held float64
	ids := map[string]bool{}
	for i := range secs {
		s := &secs[i]
		if ids[s.ID] {
			c.addAt(s.At, fmt.Sprintf("%s[%d].id", ff, i), "sector %q is listed twice", s.ID)
		}
		ids[s.ID] = true
		if !(s.Width > 0) {
			c.addAt(s.At, fmt.Sprintf("%s[%d].width", ff, i), "a sector's width must be above 0")
		}
		width += s.Width
		held += s.Width * s.Held
	}
	if math.Abs(width-1) > 1e-6 {
		c.add(t.Front.At, ff, "the sectors' widths sum to %g, not 1", width)
		return
	}
	// The simulation scales the holdings to the drawn territory; a fixed
	// territory must agree with them.
	if tv := t.Territory.Quantile(0.5); math.Abs(held-tv) > 0.005 {
		c.add(t.Front.At, ff, "the sectors' holdings weighted by width sum to %.4f, but the theatre's territory is %.4f", held, tv)
	}
}

func def(v *Value, x float64) {
	if v.unset() {
		p := v.Pos
		*v = Fixed(x)
		v.Pos = p
	}
}

// Plausible bounds on counts (judgement, far above any real state): more
// only comes from a typo, and huge numbers make the engine's sums meaningless.
const (
	maxWarheads    = 100000 // the world's peak was about 70,000, in 1986 (FAS)
	maxUnits       = 1e9    // units of one category of one actor (sim's tests of Lanchester's laws use 1e8)
	maxUnitsPerDay = 1e7
	// False alarms a year at one alert level: NORAD held a missile display
	// conference on a possible launch about four times a day around 1980
	// (Schlosser 2013, Command and Control), some 1,500 a year;
	// the engine follows each alarm up the chain in turn, so a rate of 10^8
	// (a fuzzed typo) makes a trajectory take seconds.
	maxAlarmsPerYear = 100000
	// Unauthorised or accidental detonations a year at one alert level: none
	// has happened; tests force an early one with 20 a year. Each is followed
	// in turn, so 10^8 (a fuzzed typo) makes a trajectory take seconds.
	maxUnauthorisedPerYear = 1000
)

// plausible refuses a count whose median is above max (or not finite).
func (c *checker) plausible(v Value, field string, at Pos, max float64) {
	if v.unset() {
		return
	}
	if m := v.Quantile(0.5); !(m <= max) {
		c.add(at, field, "%s is not a plausible count: its median must be at most %g", v.Text, max)
	}
}

// checker collects the semantic errors of a scenario, after decoding.
type checker struct {
	src  *source
	pos  map[string]Pos // where the decoder found the value of each field path
	top  Pos            // the scenario's top-level mapping
	errs Errors
}

// add reports a problem with a field. It points at the field's value where
// the file gives one (for an overridden value, at the variant's line), else at
// p, else at the nearest enclosing field the file gives.
func (c *checker) add(p Pos, field, format string, args ...any) {
	at, ok := c.pos[field]
	if !ok || at.Line == 0 {
		at = p
	}
	for f := field; at.Line == 0 && f != ""; {
		f = parentPath(f)
		at = c.pos[f]
	}
	if at.Line == 0 {
		at = c.top
	}
	c.errs = append(c.errs, c.src.diag(at, field, format, args...))
}

// addAt reports a problem at exactly p (a duplicate, say, where the field
// path names the first occurrence).
func (c *checker) addAt(p Pos, field, format string, args ...any) {
	if p.Line == 0 {
		c.add(p, field, format, args...)
		return
	}
	c.errs = append(c.errs, c.src.diag(p, field, format, args...))
}

// parentPath drops the last segment of a field path: a.b[2].c → a.b[2] → a.b → a.
func parentPath(f string) string {
	if i := strings.LastIndexAny(f, ".["); i >= 0 {
		return f[:i]
	}
	return ""
}

// finish applies defaults and checks what the decoder cannot: references
// between sections, uniqueness, and contradictions.
func (s *Scenario) finish(src *source, positions map[string]Pos) Errors {
	c := &checker{src: src, pos: positions, top: s.At}
	if c.top.Line == 0 {
		c.top = Pos{File: src.name, Line: 1, Col: 1}
	}
	if s.TurnDays == 0 {
		s.TurnDays = defaultTurnDays
	}
	if s.HorizonDays > 0 && s.HorizonDays%s.TurnDays != 0 {
		c.add(s.At, "horizon_days", "horizon_days (%d) must be a whole number of turns of %d days", s.HorizonDays, s.TurnDays)
	}
	if s.CombatStepDays > 0 && s.CombatStepDays%s.TurnDays != 0 {
		c.add(s.At, "combat_step_days", "combat_step_days (%d) must be a whole number of turns of %d days", s.CombatStepDays, s.TurnDays)
	}
	if s.DecisionEveryDays == 0 {
		s.DecisionEveryDays = defaultDecisionDays
	}
	def(&s.PlanningDays, defaultPlanningDays)
	def(&s.CatastropheCost, defaultCatastropheCost)
	def(&s.Inertia, defaultInertia)
	def(&s.DefenceEffort, defaultDefenceEffort)
	if len(s.Ladder) == 0 {
		if p, given := c.pos["ladder"]; given && p.Line > 0 {
			c.add(p, "ladder", "the ladder is empty; leave ladder out to use the default ladder")
		}
		s.Ladder = DefaultLadder()
	}
	c.ladder(s)
	top := len(s.Ladder) - 1

	cats := map[string]int{}
	for i := range s.Categories {
		k := &s.Categories[i]
		if k.At.Line == 0 {
			continue // not a mapping: reported by the decoder
		}
		f := "categories." + k.ID
		if j, dup := cats[k.ID]; dup {
			c.addAt(k.At, f, "duplicate category id %q (first at line %d)", k.ID, s.Categories[j].At.Line)
		}
		cats[k.ID] = i
		if k.Law == "" {
			k.Law = "square"
		}
		switch k.Law {
		case "square":
			def(&k.Mix, 0)
		case "linear":
			def(&k.Mix, 1)
		case "mixed":
			if k.Mix.unset() {
				c.add(k.At, f+".mix", "law mixed needs mix, the exponent of own density between 0 (square) and 1 (linear)")
			}
		}
		if (k.Law == "square" && !k.Mix.unset() && !(k.Mix.IsConst() && k.Mix.P[0] == 0)) ||
			(k.Law == "linear" && !k.Mix.unset() && !(k.Mix.IsConst() && k.Mix.P[0] == 1)) {
			c.add(k.Mix.Pos, f+".mix", "mix contradicts law %s; use law mixed to set the exponent", k.Law)
		}
		def(&k.Value, 1)
	}

	actors := map[string]int{}
	for i := range s.Actors {
		a := &s.Actors[i]
		if a.At.Line == 0 {
			continue // not a mapping: reported by the decoder
		}
		f := "actors." + a.ID
		if j, dup := actors[a.ID]; dup {
			c.addAt(a.At, f, "duplicate actor id %q (first at line %d)", a.ID, s.Actors[j].At.Line)
		}
		actors[a.ID] = i
		p := &a.Politics
		def(&p.Resolve, defaultResolve)
		def(&p.CostSensitivity, 1)
		def(&p.RiskTolerance, defaultRiskTolerance)
		def(&p.Rationality, defaultRationality)
		def(&p.BluffPropensity, 0)
		def(&p.Optimism, 0)
		def(&p.OptimismHalfLifeDays, defaultOptimismHalfLife)
		d := &a.Doctrine
		if d.NoFirstUse && (!d.ForceRatioBelow.unset() || !d.TerritoryBelow.unset() || d.UnderDirectAttack || d.HeldGroundFrom != nil) {
			c.add(d.At, f+".doctrine", "no_first_use contradicts the first_use_* conditions; remove one or the other")
		}
		def(&d.ForceRatioBelow, 0)
		def(&d.TerritoryBelow, 0)
		def(&a.Capability.CINC, 0)
		def(&a.Capability.GDP, 0)
		def(&a.Capability.Milex, 0)
		if n := a.Nuclear; n != nil {
			def(&n.Warheads, 0)
			c.plausible(n.Warheads, f+".nuclear.warheads", n.At, maxWarheads)
			def(&n.ProcedureCatch, defaultProcedureCatch)
			def(&n.CommandRobustness, defaultCommandRobust)
			def(&n.LeaderLaunch, defaultLeaderLaunch)
			c.perAlert(&n.AlarmsPerYear, n.At, f+".nuclear.alarms_per_year", maxAlarmsPerYear, 0.5, 1, 2, 4)
			c.perAlert(&n.SeriousShare, n.At, f+".nuclear.serious_share", math.Inf(1), 0.1, 0.2, 0.4, 0.6)
			for i, v := range n.SeriousShare {
				if _, hi := v.Support(); hi > 1 {
					c.add(v.Pos, fmt.Sprintf("%s.nuclear.serious_share[%d]", f, i), "a share must be within [0, 1], got %s", v)
				}
			}
			c.perAlert(&n.UnauthorisedPerYear, n.At, f+".nuclear.unauthorised_per_year", maxUnauthorisedPerYear, 0, 0, 0.0005, 0.002)
			first := firstNuclearUse(s.Ladder)
			if n.InadvertentRung == 0 && first >= 0 {
				n.InadvertentRung = min(first+2, top)
			}
			if n.InadvertentRung > top {
				c.add(n.At, f+".nuclear.inadvertent_rung", "must be a rung of the ladder (0–%d), got %d", top, n.InadvertentRung)
			} else if first >= 0 && n.InadvertentRung < first {
				c.add(n.At, f+".nuclear.inadvertent_rung", "must be a nuclear-use rung (≥ %d), got %d", first, n.InadvertentRung)
			}
		}
		seen := map[string]bool{}
		for j := range a.Forces {
			fo := &a.Forces[j]
			if fo.At.Line == 0 {
				continue
			}
			ff := fmt.Sprintf("%s.forces[%d]", f, j)
			if _, ok := cats[fo.Category]; !ok {
				c.add(fo.At, ff+".category", "unknown category %q; expected one of: %s", fo.Category, keys(cats))
			}
			if seen[fo.Category] {
				c.add(fo.At, ff+".category", "category %q given twice for %s", fo.Category, a.ID)
			}
			seen[fo.Category] = true
			def(&fo.Active, 0)
			def(&fo.Storage, 0)
			def(&fo.RefurbishPerDay, 0)
			def(&fo.ProductionPerDay, 0)
			c.plausible(fo.Active, ff+".active", fo.At, maxUnits)
			c.plausible(fo.Storage, ff+".storage", fo.At, maxUnits)
			c.plausible(fo.RefurbishPerDay, ff+".refurbish_per_day", fo.At, maxUnitsPerDay)
			c.plausible(fo.ProductionPerDay, ff+".production_per_day", fo.At, maxUnitsPerDay)
			def(&fo.Effectiveness, 1)
			if fo.EffectivenessMax.unset() {
				p := fo.EffectivenessMax.Pos
				fo.EffectivenessMax = fo.Effectiveness
				fo.EffectivenessMax.Pos = p
			}
			def(&fo.LearningPerDay, 0)
			if fo.Effectiveness.IsConst() && fo.EffectivenessMax.IsConst() && fo.EffectivenessMax.P[0] < fo.Effectiveness.P[0] {
				c.add(fo.EffectivenessMax.Pos, ff+".effectiveness_max", "ceiling %g is below the initial effectiveness %g", fo.EffectivenessMax.P[0], fo.Effectiveness.P[0])
			}
			c.vintages(fo, ff)
		}
	}

	ref := func(p Pos, field, id string) bool {
		if _, ok := actors[id]; !ok {
			c.add(p, field, "unknown actor %q; expected one of: %s", id, keys(actors))
			return false
		}
		return true
	}

	principal := -1
	pairs := map[string]int{}
	for i := range s.Relations {
		r := &s.Relations[i]
		if r.At.Line == 0 {
			continue
		}
		f := fmt.Sprintf("relations[%d]", i)
		if r.ID != "" {
			f = "relations." + r.ID
		} else if len(r.Between) == 2 {
			f = "relations." + r.Between[0] + "-" + r.Between[1]
		}
		if len(r.Between) != 2 {
			c.add(r.At, f+".between", "expected two actor ids, got %d", len(r.Between))
			continue
		}
		if r.ID == "" {
			r.ID = r.Between[0] + "-" + r.Between[1]
		}
		f = "relations." + r.ID
		okA, okB := ref(r.At, f+".between", r.Between[0]), ref(r.At, f+".between", r.Between[1])
		if r.Between[0] == r.Between[1] {
			c.add(r.At, f+".between", "an actor cannot be in a relation with itself (%s)", r.Between[0])
			continue
		}
		key := pairKey(r.Between[0], r.Between[1])
		if j, dup := pairs[key]; dup {
			c.addAt(r.At, f, "relation between %s and %s given twice (first at line %d)", r.Between[0], r.Between[1], s.Relations[j].At.Line)
		}
		pairs[key] = i
		if r.Principal {
			if principal >= 0 {
				c.add(r.At, f+".principal", "only one relation can be principal; %s already is", s.Relations[principal].ID)
			} else {
				principal = i
			}
		}
		for id, sd := range r.Sides {
			if id != r.Between[0] && id != r.Between[1] {
				c.add(sd.At, f+".sides."+id, "sides must be keyed by the two actors of the relation (%s, %s), got %q", r.Between[0], r.Between[1], id)
			}
		}
		for _, id := range r.Between {
			sd, ok := r.Sides[id]
			if !ok {
				if okA && okB {
					c.add(r.At, f+".sides", "missing the side of %s", id)
				}
				continue
			}
			sf := f + ".sides." + id
			given := sd.MaxRung != nil
			if !given {
				sd.MaxRung = &top
			}
			if sd.Rung > top {
				c.add(sd.At, sf+".rung", "must be a rung of the ladder (0–%d), got %d", top, sd.Rung)
			}
			if *sd.MaxRung > top {
				c.add(sd.At, sf+".max_rung", "must be a rung of the ladder (0–%d), got %d", top, *sd.MaxRung)
			}
			if given && sd.Rung <= top && *sd.MaxRung <= top && sd.Rung > *sd.MaxRung {
				c.add(sd.At, sf+".max_rung", "max_rung %d is below the starting rung %d", *sd.MaxRung, sd.Rung)
			}
			def(&sd.Stakes, defaultStakes)
			def(&sd.BeliefResolute, defaultBelief)
			def(&sd.BeliefStrength, defaultBeliefStrength)
			def(&sd.MinShare, 0)
			def(&sd.PrivateCost, 0)
			r.Sides[id] = sd
		}
	}
	if principal < 0 && len(s.Relations) > 0 {
		c.add(s.At, "relations", "one relation must be marked principal: true (the dyad whose settlement ends the war)")
	} else if len(s.Relations) == 0 && s.At.Line > 0 {
		// What sim.Compile refuses, refused here with a position, so that
		// brink check accepts only what brink run runs.
		c.add(s.At, "relations", "a scenario needs at least one relation between two actors, marked principal: true (the dyad whose settlement ends the war)")
	}
	if b := s.Bargaining; b != nil {
		if b.Protocol == "" {
			b.Protocol = "complete"
		}
		if b.Types == 0 {
			b.Types = defaultBargainingTypes
		}
		if principal >= 0 && len(s.Relations[principal].Between) == 2 {
			r := s.Relations[principal]
			if b.Proposer == "" {
				b.Proposer = r.Between[0]
			} else if b.Proposer != r.Between[0] && b.Proposer != r.Between[1] {
				c.add(b.At, "bargaining.proposer", "must be an actor of the principal relation %s (%s or %s), got %q", r.ID, r.Between[0], r.Between[1], b.Proposer)
			}
		}
	}

	for i := range s.Theatres {
		t := &s.Theatres[i]
		if t.At.Line == 0 {
			continue
		}
		f := "theatres." + t.ID
		def(&t.AreaKm2, 0)
		def(&t.Territory, 0.5)
		def(&t.FrontSpeed, defaultFrontSpeed)
		def(&t.DefenceAdvantage, defaultDefenceAdv)
		defaultFront(&t.Front)
		c.sectors(t, f)
		where := map[string]string{}
		for _, sd := range []struct {
			name string
			ts   *TheatreSide
		}{{"a", &t.A}, {"b", &t.B}} {
			sf := f + "." + sd.name
			def(&sd.ts.CapitulateBelow, defaultCapitulate)
			def(&sd.ts.CapitulateTerritoryBelow, 0)
			def(&sd.ts.Surprise, 1)
			def(&sd.ts.AttackAbove, 0.5)
			def(&sd.ts.WithdrawAttrition, 0.01)
			def(&sd.ts.WithdrawSupplyBelow, 0)
			if sd.ts.FortifiesFrom != nil {
				c.dateWithin(s, *sd.ts.FortifiesFrom, sf+".fortifies_from")
			}
			if sd.ts.At.Line == 0 {
				continue // missing or not a mapping: reported by the decoder
			}
			if len(sd.ts.Actors) == 0 {
				c.add(sd.ts.At, sf+".actors", "a side needs at least one actor")
			}
			for j := range sd.ts.Actors {
				cm := &sd.ts.Actors[j]
				def(&cm.Commit, 1)
				if cm.At.Line == 0 {
					continue
				}
				if !ref(cm.At, fmt.Sprintf("%s.actors[%d].actor", sf, j), cm.Actor) {
					continue
				}
				if w, dup := where[cm.Actor]; dup {
					if w == sd.name {
						c.add(cm.At, fmt.Sprintf("%s.actors[%d].actor", sf, j), "%s is listed twice on side %s", cm.Actor, sd.name)
					} else {
						c.add(cm.At, fmt.Sprintf("%s.actors[%d].actor", sf, j), "%s cannot fight on both sides of %s", cm.Actor, t.ID)
					}
				}
				where[cm.Actor] = sd.name
			}
			for cat, v := range sd.ts.Attrition {
				if _, ok := cats[cat]; !ok {
					c.add(v.Pos, sf+".attrition."+cat, "unknown category %q; expected one of: %s", cat, keys(cats))
				}
			}
			for cat := range cats {
				if v, ok := sd.ts.Attrition[cat]; !ok || v.unset() {
					if sd.ts.Attrition == nil {
						sd.ts.Attrition = map[string]Value{}
					}
					sd.ts.Attrition[cat] = Fixed(0)
				}
			}
		}
	}
	if principal >= 0 && len(s.Theatres) > 0 {
		r := s.Relations[principal]
		found := false
		for _, t := range s.Theatres {
			if (onSide(t.A, r.Between[0]) && onSide(t.B, r.Between[1])) || (onSide(t.A, r.Between[1]) && onSide(t.B, r.Between[0])) {
				found = true
			}
		}
		if !found {
			c.add(r.At, "relations."+r.ID+".principal", "the principal actors %s and %s do not face each other in any theatre", r.Between[0], r.Between[1])
		}
	}

	for i := range s.Supply {
		sp := &s.Supply[i]
		def(&sp.PerDay, 0)
		if sp.At.Line == 0 {
			continue
		}
		f := fmt.Sprintf("supply[%d]", i)
		ref(sp.At, f+".from", sp.From)
		ref(sp.At, f+".to", sp.To)
		if sp.From == sp.To {
			c.add(sp.At, f, "%s cannot supply itself", sp.From)
		}
		if _, ok := cats[sp.Category]; !ok {
			c.add(sp.At, f+".category", "unknown category %q; expected one of: %s", sp.Category, keys(cats))
		}
	}

	for i := range s.RedLines {
		rl := &s.RedLines[i]
		def(&rl.Credibility, 1)
		if rl.At.Line == 0 {
			continue
		}
		f := fmt.Sprintf("red_lines[%d]", i)
		ref(rl.At, f+".holder", rl.Holder)
		ref(rl.At, f+".against", rl.Against)
		if rl.Protects == "" {
			rl.Protects = rl.Holder
		} else {
			ref(rl.At, f+".protects", rl.Protects)
		}
		self := rl.Holder == rl.Against
		if self {
			c.add(rl.At, f+".against", "a red line against oneself (%s) makes no sense", rl.Holder)
		}
		if rl.Rung > top {
			c.add(rl.At, f+".rung", "must be a rung of the ladder (0–%d), got %d", top, rl.Rung)
		}
		if rl.Response > top {
			c.add(rl.At, f+".response", "must be a rung of the ladder (0–%d), got %d", top, rl.Response)
		}
		if _, ok := pairs[pairKey(rl.Holder, rl.Against)]; !ok && !self {
			c.add(rl.At, f, "no relation between %s and %s: add one so the response has a rung to climb", rl.Holder, rl.Against)
		}
	}

	c.world(s, actors)
	c.events(s)
	c.nuclear(s, actors)

	vids := map[string]bool{}
	for _, v := range s.Variants {
		if v.At.Line == 0 {
			continue
		}
		if vids[v.ID] {
			c.add(v.At, "variants."+v.ID, "duplicate variant id %q", v.ID)
		}
		vids[v.ID] = true
	}
	c.record(s)
	return c.errs
}

func (c *checker) ladder(s *Scenario) {
	terminal := 0
	names := map[string]int{}
	for i := range s.Ladder {
		r := &s.Ladder[i]
		f := fmt.Sprintf("ladder[%d]", i)
		if j, dup := names[r.Name]; dup && r.Name != "" {
			c.add(r.At, f+".name", "rung %d is also named %q: rung names must differ (reports and traces name rungs)", j, r.Name)
		} else {
			names[r.Name] = i
		}
		def(&r.Tension, 0)
		def(&r.Cost, 0)
		def(&r.Coercion, 0)
		def(&r.Signal, 0)
		def(&r.SpiralPerDay, 0)
		if r.Combat {
			def(&r.Effort, 1)
		} else {
			def(&r.Effort, 0)
		}
		if r.NuclearUse && r.Damage == nil && r.At.Line > 0 {
			// Without it a nuclear strike destroys nothing: no dead, no damage, and
			// nothing for the struck side's doctrine to weigh (sim/damage.go).
			c.add(r.At, f+".damage", "a nuclear-use rung must say what a use destroys: give damage: {casualties: …} (millions killed per use; with gdp, capacity, forces, trade and homeland as the default ladder gives them, scenario/ladder.go), or damage: {casualties: 0} if it destroys nothing")
		}
		if r.Terminal {
			terminal++
			if i != len(s.Ladder)-1 {
				c.add(r.At, f+".terminal", "only the top rung (%d) can be terminal (general nuclear war); this is rung %d", len(s.Ladder)-1, i)
			}
		}
		if i > 0 {
			p := s.Ladder[i-1]
			if p.NuclearUse && !r.NuclearUse {
				c.add(r.At, f+".nuclear_use", "rung %d (%s) is above a nuclear-use rung but is not one itself; the nuclear-use rungs must be the top of the ladder", i, r.Name)
			}
		}
	}
	if len(s.Ladder) < 2 {
		c.add(s.At, "ladder", "a ladder needs at least two rungs, got %d", len(s.Ladder))
	}
	if terminal == 0 && len(s.Ladder) > 0 {
		c.add(s.Ladder[len(s.Ladder)-1].At, "ladder", "the top rung must be terminal: true (general nuclear war)")
	}
}

// perAlert fills or checks a list of four rates, one per alert level: none
// negative, and each plausible (its median at most max).
func (c *checker) perAlert(l *[]Value, at Pos, field string, max, d0, d1, d2, d3 float64) {
	if *l == nil {
		*l = []Value{Fixed(d0), Fixed(d1), Fixed(d2), Fixed(d3)}
		return
	}
	written := 0
	for ; ; written++ {
		if _, ok := c.pos[fmt.Sprintf("%s[%d]", field, written)]; !ok {
			break
		}
	}
	if written != len(*l) {
		return // an entry did not decode; the decoder has said so
	}
	if len(*l) != 4 {
		c.add(at, field, "expected four rates, one for each alert level 0–3, got %d", len(*l))
		return
	}
	for i, v := range *l {
		if lo, _ := v.Support(); lo < 0 {
			c.add(v.Pos, fmt.Sprintf("%s[%d]", field, i), "a rate cannot be negative: %s", v)
		}
		c.plausible(v, fmt.Sprintf("%s[%d]", field, i), v.Pos, max)
	}
}

func firstNuclearUse(l []Rung) int {
	for i, r := range l {
		if r.NuclearUse {
			return i
		}
	}
	return -1
}

func onSide(ts TheatreSide, id string) bool {
	for _, c := range ts.Actors {
		if c.Actor == id {
			return true
		}
	}
	return false
}

func pairKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + "\x00" + b
}

func keys(m map[string]int) string {
	k := make([]string, 0, len(m))
	for s := range m {
		k = append(k, s)
	}
	sort.Strings(k)
	if len(k) == 0 {
		return "(none defined)"
	}
	return strings.Join(k, ", ")
}

// vintages checks a force's storage profile (sim/vintage.go): storage_quality
// is a pair [first, last], and a force gives it or storage_tranches, not both.
// Absent fields stay absent (quality 1), so that they do not enter the hash.
func (c *checker) vintages(fo *Force, field string) {
	if n := len(fo.StorageQuality); n != 0 && n != 2 {
		c.add(fo.At, field+".storage_quality", "expected two values [first, last]: the quality of the first and of the last unit drawn from storage, got %d", n)
	}
	if len(fo.StorageQuality) > 0 && len(fo.StorageTranches) > 0 {
		c.add(fo.At, field+".storage_tranches", "give storage_quality or storage_tranches, not both")
	}
}
