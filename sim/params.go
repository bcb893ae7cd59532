package sim

import (
	"math"
	"math/rand/v2"

	"brink/scenario"
)

// drawParameters draws every number of the scenario once for this trajectory,
// in a fixed order from the parameter stream src, and sets the initial state.
func (w *World) drawParameters(src *rand.ChaCha8) {
	sc := w.M.Scenario
	w.sampled = w.sampled[:0]
	// dp draws the value *v (by pointer: a Value is too large to copy at
	// each of a trajectory's draws). Most values are constants, which take
	// their number and nothing else: that much is small enough to inline,
	// the stream's words read from the concrete source, not through a
	// rand.Rand's interface (the same words).
	dp := func(v *scenario.Value) float64 {
		seed := src.Uint64() // every value takes one number, constants too
		if v.Kind == scenario.Const {
			return v.P[0]
		}
		return w.drawValue(v, seed)
	}
	// d is dp for a value that is not addressable and for the helpers
	// (drawWorld, drawFront, …), which pass a Value.
	d := func(v scenario.Value) float64 { return dp(&v) }
	w.dt = float64(sc.TurnDays)
	w.planning = dp(&sc.PlanningDays)
	w.catCost = dp(&sc.CatastropheCost)
	w.inertia = dp(&sc.Inertia)
	w.defEffort = dp(&sc.DefenceEffort)
	for i := range sc.Ladder {
		l := &sc.Ladder[i]
		w.rungs[i] = rungState{tension: dp(&l.Tension), cost: dp(&l.Cost), coercion: dp(&l.Coercion),
			signal: dp(&l.Signal), spiral: dp(&l.SpiralPerDay), effort: dp(&l.Effort), alert: l.Alert,
			combat: l.Combat, supply: l.Supply, nuclear: l.NuclearUse, terminal: l.Terminal,
			open: l.Alert < 2 && !l.NuclearUse && !l.Terminal}
		if x := w.rungs[i].spiral * w.planning; x > 0 {
			w.rungs[i].pcatX, w.rungs[i].pcat = x, -math.Expm1(-x)
		}
		w.rungs[i].slipH, w.rungs[i].slip = w.rungs[i].spiral, -math.Expm1(-w.rungs[i].spiral*w.dt)
	}
	w.refreshFightEffort()
	for i := range sc.Categories {
		w.catValue[i] = dp(&sc.Categories[i].Value)
		w.catMix[i] = dp(&sc.Categories[i].Mix)
	}
	nc := len(w.M.Categories)
	for i := range sc.Actors {
		a := &sc.Actors[i]
		s := &w.act[i]
		p := &a.Politics
		*s = actorState{alert: -1, resolve: dp(&p.Resolve), costSens: dp(&p.CostSensitivity), riskTol: dp(&p.RiskTolerance),
			lambda: dp(&p.Rationality), bluff: dp(&p.BluffPropensity), optimism: dp(&p.Optimism),
			optimismHalfLife: dp(&p.OptimismHalfLifeDays),
			nfu:              a.Doctrine.NoFirstUse, forceRatioBelow: dp(&a.Doctrine.ForceRatioBelow),
			territoryBelow: dp(&a.Doctrine.TerritoryBelow), underDirectAttack: a.Doctrine.UnderDirectAttack,
			heldFrom: math.MaxInt,
			cinc:     dp(&a.Capability.CINC), gdp: dp(&a.Capability.GDP), milex: dp(&a.Capability.Milex)}
		s.optimismDecay = math.Ln2 / s.optimismHalfLife
		if h := a.Doctrine.HeldGroundFrom; h != nil {
			s.heldFrom = int(h.Sub(sc.Start.Time).Hours()/24 + 0.5)
		}
		if n := a.Nuclear; n != nil {
			s.warheads = dp(&n.Warheads)
			s.nuclear = s.warheads >= 1
			for k := range 4 {
				s.alarms[k] = dp(&n.AlarmsPerYear[k])
				s.serious[k] = dp(&n.SeriousShare[k])
				s.unauth[k] = dp(&n.UnauthorisedPerYear[k])
			}
			s.procCatch, s.robust, s.leaderLaunch = dp(&n.ProcedureCatch), dp(&n.CommandRobustness), dp(&n.LeaderLaunch)
			s.inadvRung = n.InadvertentRung
		}
		for k := range nc {
			w.fo[i*nc+k] = forceState{}
		}
		for _, f := range a.Forces {
			k := w.catIndex(f.Category)
			fs := &w.fo[i*nc+k]
			*fs = forceState{active: dp(&f.Active), storage: dp(&f.Storage), refurb: dp(&f.RefurbishPerDay),
				prod: dp(&f.ProductionPerDay), eff: dp(&f.Effectiveness), effMax: dp(&f.EffectivenessMax),
				learn: dp(&f.LearningPerDay)}
			if fs.effMax < fs.eff {
				fs.effMax = fs.eff
			}
		}
	}
	w.producing = w.producing[:0]
	for i := range w.fo {
		if w.fo[i].refurb > 0 || w.fo[i].prod > 0 {
			w.producing = append(w.producing, i)
		}
	}
	for i := range w.M.Relations {
		rs := &w.M.Relations[i] // a RelationSpec is too large to copy
		st := &w.rel[i]
		*st = relState{}
		for s := range 2 {
			sd := &rs.side[s]
			st.rung[s] = sd.Rung
			st.maxRung[s] = *sd.MaxRung
			st.rawStakes[s] = dp(&sd.Stakes)
			st.stakes[s] = st.rawStakes[s] * w.act[rs.A[s]].resolve
			st.minShare[s] = dp(&sd.MinShare)
			m, k := dp(&sd.BeliefResolute), dp(&sd.BeliefStrength)
			st.alpha[s], st.beta[s] = m*k, (1-m)*k
		}
	}
	for i := range w.M.Theatres {
		t := w.M.Theatres[i].spec
		ts := &w.th[i]
		ts.territory, ts.speed, ts.defAdv = dp(&t.Territory), dp(&t.FrontSpeed), dp(&t.DefenceAdvantage)
		ts.started, ts.active = false, false
		ts.ground = frontMemory{}
		for s, side := range [2]*scenario.TheatreSide{&t.A, &t.B} {
			ts.capitulate[s] = dp(&side.CapitulateBelow)
			ts.capitulateHeld[s] = dp(&side.CapitulateTerritoryBelow)
			ts.withdrawsOnCapitulation[s] = side.WithdrawsOnCapitulation
			for k, id := range w.M.Categories {
				ts.attrition[s][k] = d(side.Attrition[id])
			}
			for j := range side.Actors {
				ts.commit[s][j] = dp(&side.Actors[j].Commit)
			}
			clear(ts.arrived[s])
			ts.deploying = false
			ts.p0[s], ts.power[s] = 0, 0
			clear(ts.n0[s])
		}
	}
	for i := range sc.Supply {
		w.supBase[i] = dp(&sc.Supply[i].PerDay)
		// A dormant link flows only once an event starts it (events.go).
		w.supDormant[i] = sc.Supply[i].Dormant
		w.sup[i] = w.supBase[i]
		if w.supDormant[i] {
			w.sup[i] = 0
		}
	}
	for i := range sc.RedLines {
		w.rl[i] = redLineState{cred: dp(&sc.RedLines[i].Credibility)}
	}
	w.drawWorld(d)
	w.drawFront(d)
	w.drawVintages(src.Uint64()) // see vintage.go
	// Drawn after the others, so that scenarios without private costs draw as before.
	for i := range w.M.Relations {
		rs := &w.M.Relations[i] // a RelationSpec is too large to copy
		for s := range 2 {
			w.rel[i].privCost[s] = dp(&rs.side[s].PrivateCost)
		}
	}
	w.resetBargaining()
	// Responses to nuclear use, alert dwell and damage (retaliation.go, damage.go).
	w.drawRetaliation(d)
	w.drawDamage(d)
	w.drawEvents(d) // last of all but the war aims: see events.go
	// War aims, drawn after all the others, where given (warending.go).
	for i := range w.M.Relations {
		rs := &w.M.Relations[i] // a RelationSpec is too large to copy
		for s := range 2 {
			w.rel[i].aim[s] = w.rel[i].minShare[s]
			if a := rs.side[s].WarAim; a.Given() {
				w.rel[i].aim[s] = dp(&a)
			}
		}
	}
	// The weight of a called bluff, after all the others, where given (belief.go).
	w.calledW = defaultCalledWeight
	if v := &sc.CalledThreatWeight; v.Given() {
		w.calledW = dp(v)
	}
	w.hotline = 0 // then the hotline's credibility, where given (nuclearuse.go)
	if v := &sc.Hotline; v.Given() {
		w.hotline = dp(v)
	}
	// Then each actor's audience cost, where given (decision.go).
	for i := range sc.Actors {
		w.act[i].audience = 0
		if v := &sc.Actors[i].Politics.AudienceCost; v.Given() {
			w.act[i].audience = dp(v)
		}
	}
	// After the vintages: the power of a supply counts its quality.
	for q := range w.M.Relations {
		rs := &w.M.Relations[q]
		for s := range 2 {
			w.supplyPow[q*2+s] = 0
			if rs.theatre[s] >= 0 {
				w.supplyPow[q*2+s] = w.supplyPower(rs.A[s], rs.theatre[s], rs.tside[s])
			}
		}
	}
	clear(w.coalNuclear)
	clear(w.coalCINC)
	clear(w.coalWarheads)
	w.alarming = w.alarming[:0]
	for i := range w.act {
		a := &w.act[i]
		c := w.M.Coalition[i]
		w.coalCINC[c] += a.cinc // what every estimate of the trajectory reads (sideView)
		w.coalWarheads[c] += a.warheads
		if a.nuclear {
			w.coalNuclear[w.M.Coalition[i]] = true
			if a.alarms != [4]float64{} || a.unauth != [4]float64{} {
				w.alarming = append(w.alarming, i)
				for k := range 4 { // the hazards of a turn, per alert level (alarm.go)
					a.alarmTurn[k], a.unauthTurn[k] = a.alarms[k]/365*w.dt, a.unauth[k]/365*w.dt
				}
			}
		}
	}
	for q := range w.M.Relations {
		a := w.M.Relations[q].A
		w.mutualRel[q] = w.coalNuclear[w.M.Coalition[a[0]]] && w.coalNuclear[w.M.Coalition[a[1]]]
	}
	w.postureDirty, w.redLinesDue, w.terminalDue = true, true, true
	w.alertsSet = false
	w.refreshPosture()
	w.refreshRates() // what a turn produces, at the capacity the economy starts with (production.go)
}

// drawValue draws the uncertain value *v from its own generator, seeded by
// seed (its number from the parameter stream), and keeps the draw.
func (w *World) drawValue(v *scenario.Value, seed uint64) float64 {
	w.paramSrc.Seed(seed, paramStreamTweak)
	x := w.pin(v.Draw(w.paramRng))
	// Every draw is kept, in draw order (see sampled.go).
	w.sampled = append(w.sampled, x)
	if w.labelling {
		w.labels = append(w.labels, v.Text)
	}
	return x
}

// paramStreamTweak is the second word of each parameter's PCG seed.
const paramStreamTweak = 0x9e3779b97f4a7c15

func (w *World) catIndex(id string) int {
	for k, c := range w.M.Categories {
		if c == id {
			return k
		}
	}
	return -1
}

// drawFront draws the front's parameters of every theatre (front.go), after
// all others, and sets each front's initial state.
func (w *World) drawFront(d func(scenario.Value) float64) {
	for i := range w.M.Theatres {
		t := w.M.Theatres[i].spec
		ts := &w.th[i]
		f := &t.Front
		ts.fp = frontParams{elasticity: d(f.AdvanceElasticity), fortGain: d(f.Fortification),
			fortDays: d(f.FortificationDays), fortDepth: d(f.FortifiedDepth), fort0: d(f.FortifiedAtStart), reach: d(f.SupplyReach),
			catchUpDays: d(f.SupplyCatchUpDays), fatigueDays: d(f.FatigueDays), recoveryDays: d(f.RecoveryDays),
			btRate: d(f.BreakthroughPerYear), btDays: d(f.BreakthroughDays), btBoost: d(f.BreakthroughBoost),
			surpriseDays: d(f.SurpriseDays), quiet: d(f.QuietIntensity), attackerLosses: d(f.AttackerLosses),
			tempoSD: d(f.TempoSD), tempoDays: d(f.TempoDays), postureDays: d(f.PostureDays), compaction: d(f.Compaction), withdrawSpeed: d(f.WithdrawalSpeed)}
		for s, side := range [2]*scenario.TheatreSide{&t.A, &t.B} {
			ts.fp.surprise[s] = d(side.Surprise)
			ts.fp.attackAbove[s] = d(side.AttackAbove)
			ts.fp.withdrawAttrition[s] = d(side.WithdrawAttrition)
			ts.fp.withdrawSupplyMin[s] = d(side.WithdrawSupplyBelow)
			if side.FortifiesFrom != nil {
				ts.fp.fortifyFrom[s] = side.FortifiesFrom.DayOf(w.M.Scenario.Start)
			}
		}
		ts.fp.compactFurthest = f.CompactionFrom == "furthest"
		ts.fp.setFrontSteps(w.dt)
		ts.resetFront(w.rng[StreamCombat])
	}
	// The attacker's concentration, last of all and only where a scenario
	// gives it, so that the draws of scenarios without it are unchanged.
	for i := range w.M.Theatres {
		if v := w.M.Theatres[i].spec.Front.ConcentrationSD; v != (scenario.Value{}) {
			w.th[i].fp.concSD = d(v)
		}
	}
	// The sectors' concentration and reserves, after it and only where a
	// scenario has sectors (sectors.go).
	for i := range w.M.Theatres {
		if ts := &w.th[i]; ts.sec != nil {
			f := &w.M.Theatres[i].spec.Front
			phi := d(f.MainEffort)
			ts.resetSectors(phi, d(f.ReserveDays), w.dt)
		}
	}
	// The attritional advance, last and only where a scenario gives it, so
	// that the draws of scenarios without it are unchanged.
	for i := range w.M.Theatres {
		if v := w.M.Theatres[i].spec.Front.AttritionalAdvance; v != (scenario.Value{}) {
			w.th[i].fp.creep = d(v)
		}
	}
}
