package sim

import (
	"math/rand/v2"

	"brink/scenario"
)

// The state of the world around the war in one trajectory, and the turn step
// that moves it. The world moves at the decision epochs (weekly by default):
// its mechanisms run in a fixed order, each in its own file —
//
//	sanctions.go      the sanctions coalition and the target's trade
//	economy.go        GDP paths, war costs, industrial capacity
//	alliance.go       threat perception, accession and patronage, credibility
//	proliferation.go  programmes and weapons
//	regime.go         changes of leadership
//
// Every random event of the world is a Poisson process followed on its
// integrated hazard, as the false alarms are (alarm.go): a clock holds the
// Exp(1) hazard left to the next event and each step spends rate × Δt of it.
// This is exact for rates that are constant between steps, draws nothing on
// the many steps without an event, and keeps trajectory k's world events
// aligned across variants (common random numbers).

type econState struct {
	on                                         bool
	y0, growth, open, warCost, impDep, lag, wt float64
	theat                                      []float64 // parallel to worldSpec.theat[i]
	trade                                      []float64 // parallel to worldSpec.trade[i]
	tradeTarget                                float64   // share of the actor's trade with the sanctions target
	war                                        float64   // accumulated log-points of GDP lost to war and concessions
	ew                                         float64   // e^−war
	y, yBase                                   float64   // GDP now and on the path without the crisis, US$ tn a year
	lost                                       float64   // cumulative GDP lost, US$ tn
	capacity                                   float64   // industrial capacity, 1 = the path without the crisis
	tradeLoss                                  float64   // share of the actor's trade value lost to sanctions
	capKeep, tradeKeep                         float64   // shares of industrial capacity and trade left by nuclear strikes (damage.go)
	affinity                                   float64   // inclination to sanction (log-odds)
	dt, gf, kf                                 float64   // the last step's length in years, e^{g·dt} and e^{−dt/τ}
}

type sanctionState struct {
	depth, depthUse, evasion, diversion, divCost, secondary, eps float64
	join, leave, outrage, outrageUse, costWeight                 float64
	member                                                       []bool    // per actor
	z, ez                                                        []float64 // per actor: pressure to sanction and e^z (see sanctionsState)
	cutOf                                                        []float64 // per actor: the effective depth of its cut, 0 for a non-member
	valid, war, used                                             bool      // z, ez and the losses hold for this war and use status
	clock                                                        []float64 // per actor: hazard left to its next switch
	shares, after, afterNuc                                      []float64 // the target's partners' baseline and current shares, and scratch
	row                                                          float64   // the target's trade with the rest of the world, baseline share
	lossNuclear                                                  float64   // the target's trade loss if its coalition used a nuclear weapon (for decisions)
	bought                                                       []bool    // per actor: a patron that reopened its trade for a price, for good (patronDeal)
	pricePaid                                                    float64   // share of its GDP a year the target pays its patrons for reopened trade
	size, max                                                    int
}

type allianceState struct {
	cred, cred0, gain, loss, admission, concession float64
	price                                          float64 // the patron's price for reopening trade after a nuclear use
	vetoP, vetoDays                                []float64
}

type securityState struct {
	exposure      []float64 // parallel to worldSpec.threat[i]
	pexp          []float64 // exposure × the capability share of the threatening actor (threat)
	apply, weight float64
	threat0       float64
	threat        float64
	rate, rateAt  float64 // the application rate, and the threat it was worked out at (−1: not yet)
	clock         float64
	applied       int // alliance applied to, or -1
	admitDay      int
	joined        int // alliance joined in this trajectory, or -1
	cred0         float64
}

// Proliferation states.
const (
	ProlifNone      = iota // no programme
	ProlifProgramme        // a programme is running
	ProlifWeapon           // it has produced a weapon
	ProlifAbandoned        // abandoned
	ProlifStopped          // stopped by a preventive response
)

type prolifState struct {
	years, h0, tw, gw, mult, abandon, response float64
	state                                      int
	clock, abandonClock, responseClock         float64
	h                                          float64 // the start hazard, −1 until worked out
	hThreat, hGuarantee                        float64 // what h was worked out at
	hUse                                       bool
	weaponDay                                  int
}

type regimeState struct {
	h0, coh, lw, pw, coup, rev     float64
	resolve, costSens, risk, bluff float64 // the successor's
	forceRatio, territory          float64 // the successor's first-use thresholds
	nfu                            bool
	clock                          float64
}

type worldState struct {
	last     int // day of the last world step
	econ     []econState
	sanc     sanctionState
	ally     []allianceState
	ratio    []float64 // scratch: per alliance, the relative fall of its credibility (guaranteeTested)
	tested   []int8    // per alliance: today's tests of its guarantee, not yet applied (noteGuaranteeTest)
	sec      []securityState
	member   []bool // [actor*NAL + alliance]
	prolif   []prolifState
	regime   []regimeState
	usedBy   []bool    // per coalition: it has used a nuclear weapon
	answered []bool    // per coalition: third parties have had their chance to intervene against its use (nuclearuse.go)
	memBuf   []bool    // scratch: sanctions membership of the target's partners
	cutBuf   []float64 // scratch: their cuts
	rung     []int     // per actor: the highest rung it stands on toward anyone, at this world step (refreshRungs)
	econCost []float64 // [actor*rungs + rung]: expected economic cost of standing on the rung over the planning horizon, in stakes
}

func (ws *worldState) init(m *Model) {
	na, nal := len(m.Actors), len(m.W.alliances)
	ws.econ = make([]econState, na)
	for i := range ws.econ {
		ws.econ[i].theat = make([]float64, len(m.W.theat[i]))
		ws.econ[i].trade = make([]float64, len(m.W.trade[i]))
	}
	s := &ws.sanc
	s.member = make([]bool, na)
	s.z, s.ez, s.cutOf = make([]float64, na), make([]float64, na), make([]float64, na)
	s.clock = make([]float64, na)
	s.bought = make([]bool, na)
	if t := m.W.target; t >= 0 {
		s.shares = make([]float64, len(m.W.trade[t]))
		s.after = make([]float64, len(m.W.trade[t]))
		s.afterNuc = make([]float64, len(m.W.trade[t]))
		ws.memBuf = make([]bool, len(m.W.trade[t]))
		ws.cutBuf = make([]float64, len(m.W.trade[t]))
	}
	ws.ally = make([]allianceState, nal)
	ws.ratio = make([]float64, nal)
	ws.tested = make([]int8, nal)
	for k := range ws.ally {
		n := len(m.W.alliances[k].spec.Vetoes)
		ws.ally[k].vetoP, ws.ally[k].vetoDays = make([]float64, n), make([]float64, n)
	}
	ws.sec = make([]securityState, na)
	for i := range ws.sec {
		ws.sec[i].exposure = make([]float64, len(m.W.threat[i]))
		ws.sec[i].pexp = make([]float64, len(m.W.threat[i]))
	}
	ws.member = make([]bool, na*nal)
	ws.prolif = make([]prolifState, na)
	ws.regime = make([]regimeState, na)
	ws.usedBy = make([]bool, len(m.Coalitions))
	ws.answered = make([]bool, len(m.Coalitions))
	ws.econCost = make([]float64, na*len(m.Scenario.Ladder))
	ws.rung = make([]int, na)
}

// drawWorld draws the world's parameters, after all others so that a scenario
// without world blocks draws exactly what it drew before they existed.
func (w *World) drawWorld(d func(scenario.Value) float64) {
	m, sc, ws := w.M, w.M.Scenario, &w.ws
	ws.last = 0
	clear(ws.usedBy)
	clear(ws.answered)
	clear(ws.econCost)
	clear(ws.tested)
	if !m.W.on {
		return
	}
	r := w.rng[StreamWorld]
	w.refreshRungs()
	for i := range sc.Actors {
		a := &sc.Actors[i]
		e := &ws.econ[i]
		th, tr := e.theat, e.trade
		*e = econState{theat: th, trade: tr, capacity: 1, ew: 1, y0: w.act[i].gdp, capKeep: 1, tradeKeep: 1}
		if ec := a.Economy; ec != nil {
			e.on = true
			e.growth, e.open, e.warCost = d(ec.Growth), d(ec.Openness), d(ec.WarCostPerYear)
			e.impDep, e.lag, e.wt = d(ec.ImportDependence), d(ec.IndustryLagDays), d(ec.Weight)
			for k, ref := range m.W.trade[i] {
				e.trade[k] = d(*ref.v)
				if ref.idx == m.W.target {
					e.tradeTarget = e.trade[k]
				}
			}
			for k, ref := range m.W.theat[i] {
				e.theat[k] = d(*ref.v)
			}
			e.y, e.yBase = e.y0, e.y0
		}
		s := &ws.sec[i]
		exp, pexp := s.exposure, s.pexp
		*s = securityState{exposure: exp, pexp: pexp, applied: -1, joined: -1, rate: -1}
		if sec := a.Security; sec != nil {
			for k, ref := range m.W.threat[i] {
				s.exposure[k] = d(*ref.v)
			}
			s.apply, s.weight = d(sec.ApplyPerYear), d(sec.ThreatWeight)
			e.affinity = d(sec.SanctionsAffinity)
		}
		for k, ref := range m.W.threat[i] { // threat's e_ij·p_ij, fixed for the trajectory
			ci, cj := w.act[i].cinc, w.act[ref.idx].cinc
			p := 0.5
			if ci+cj > 0 {
				p = cj / (ci + cj)
			}
			s.pexp[k] = s.exposure[k] * p
		}
		p := &ws.prolif[i]
		*p = prolifState{h: -1}
		if pr := a.Proliferation; pr != nil {
			p.years, p.h0, p.tw, p.gw = d(pr.YearsToWeapon), d(pr.HazardPerYear), d(pr.ThreatWeight), d(pr.GuaranteeWeight)
			p.mult, p.abandon, p.response = d(pr.AfterNuclearUse), d(pr.AbandonPerYear), d(pr.ResponsePerYear)
		}
		g := &ws.regime[i]
		*g = regimeState{}
		if rg := a.Regime; rg != nil {
			g.h0, g.coh, g.lw, g.pw = d(rg.HazardPerYear), d(rg.Cohesion), d(rg.LossWeight), d(rg.PainWeight)
			g.coup, g.rev = d(rg.CoupShare), d(rg.RevolutionShare)
			su := &rg.Successor
			g.resolve, g.costSens, g.risk, g.bluff = d(su.Resolve), d(su.CostSensitivity), d(su.RiskTolerance), d(su.BluffPropensity)
			g.forceRatio, g.territory, g.nfu = d(su.ForceRatioBelow), d(su.TerritoryBelow), *su.NoFirstUse
		}
	}
	clear(ws.member)
	nal := len(m.W.alliances)
	for k := range m.W.alliances {
		al := &m.W.alliances[k]
		st := &ws.ally[k]
		vp, vd := st.vetoP, st.vetoDays
		*st = allianceState{vetoP: vp, vetoDays: vd}
		st.cred = d(al.spec.Credibility)
		st.cred0 = st.cred
		w.Out.Credibility[k] = st.cred
		st.gain, st.loss = d(al.spec.CredibilityGain), d(al.spec.CredibilityLoss)
		st.admission, st.concession = d(al.spec.AdmissionDays), d(al.spec.Concession)
		st.price = d(al.spec.PriceAfterUse)
		for j := range al.spec.Vetoes {
			st.vetoP[j], st.vetoDays[j] = d(al.spec.Vetoes[j].Probability), d(al.spec.Vetoes[j].DelayDays)
		}
		ws.member[al.Leader*nal+k] = true
		for _, a := range al.Members {
			ws.member[a*nal+k] = true
		}
	}
	sn := &ws.sanc
	clear(sn.member)
	clear(sn.bought)
	sn.size, sn.max, sn.valid, sn.pricePaid = 0, 0, false, 0
	if sa := sc.Sanctions; sa != nil {
		sn.depth, sn.depthUse, sn.evasion = d(sa.Depth), d(sa.DepthAfterUse), d(sa.Evasion)
		sn.diversion, sn.divCost, sn.secondary = d(sa.Diversion), d(sa.DiversionCost), d(sa.Secondary)
		sn.eps, sn.join, sn.leave = d(sa.GDPPerTradeLost), d(sa.JoinPerYear), d(sa.LeavePerYear)
		sn.outrage, sn.outrageUse, sn.costWeight = d(sa.Outrage), d(sa.OutrageAfterUse), d(sa.CostWeight)
		for _, a := range m.W.initMembers {
			sn.member[a] = true
		}
		t := m.W.target
		sn.row = 1
		for k := range m.W.trade[t] {
			sn.shares[k] = ws.econ[t].trade[k]
			sn.row -= sn.shares[k]
		}
		sn.row = max(0, sn.row)
	}
	// The clocks: one Exp(1) per process, in a fixed order.
	for i := range w.act {
		sn.clock[i] = r.ExpFloat64()
		ws.sec[i].clock = r.ExpFloat64()
		p := &ws.prolif[i]
		p.clock, p.abandonClock, p.responseClock = r.ExpFloat64(), r.ExpFloat64(), r.ExpFloat64()
		ws.regime[i].clock = r.ExpFloat64()
	}
	w.sanctionsStep(0)
	w.economyStep(0)
	for i := range ws.sec {
		s := &ws.sec[i]
		s.threat = w.threat(i)
		s.threat0 = s.threat
		s.cred0 = w.guarantee(i)
	}
	w.refreshEconCost()
}

// worldAfterWar moves the world on from the end of the war to the horizon:
// the sanctions, the economies, the alliances and the programmes go on
// without the war (no one stands on a combat rung, no theatre fights), from
// the state the war left — a nuclear use, the coalition it raised, the
// damage done. So the world's outcomes (GDP lost, the coalition, accessions,
// programmes) are measured at the same horizon in every trajectory, and a war
// that ends early, as wars that see a nuclear use often do, does not cut them
// short. Leaders and their decisions are not stepped. After a general nuclear
// war only the economies and the sanctions run on, so that its damage is
// counted to the horizon: accessions and nuclear programmes stop where the
// war ended. Their hazards were estimated on the world as it was (Singh & Way
// 2004, Jo & Gartzke 2007 for programmes; the guarantees for accessions), and
// the model does not claim to know what becomes of alliances and programmes
// after a war that struck the members' homelands.
func (w *World) worldAfterWar() {
	m := w.M
	if !m.W.on {
		return
	}
	institutions := w.Out.End != EndNuclearWar
	end, tracing := w.Day, w.tracing
	w.tracing = false // the story ends with the war; the summary of the trace gives the world at the horizon
	for i := range w.th {
		w.th[i].active = false
	}
	every, turn := m.Scenario.DecisionEveryDays, m.Scenario.TurnDays
	for d := end; d < m.Scenario.HorizonDays; d += turn {
		if d <= w.ws.last || d%every >= turn {
			continue
		}
		w.Day = d
		dt := float64(d-w.ws.last) / 365
		w.ws.last = d
		clear(w.ws.rung)
		w.sanctionsStep(dt)
		w.economyStep(dt)
		if institutions {
			w.allianceStep(dt)
			w.proliferationStep(dt)
		}
	}
	w.Day, w.tracing = end, tracing
}

// worldDue reports whether the world moves this turn: at each decision epoch.
func (w *World) worldDue() bool {
	return w.M.W.on && w.Day > w.ws.last && w.Day%w.M.Scenario.DecisionEveryDays < w.M.Scenario.TurnDays
}

// worldMechanism runs the world's mechanisms in order at each world step.
type worldMechanism struct{}

// due is worldDue: World.Step asks first, without a call.
func (worldMechanism) due(w *World) bool { return w.worldDue() }

func (worldMechanism) Step(w *World) {
	if !w.worldDue() {
		return
	}
	dt := float64(w.Day-w.ws.last) / 365 // years since the last world step
	w.ws.last = w.Day
	w.refreshRungs()
	w.sanctionsStep(dt)
	w.economyStep(dt)
	w.allianceStep(dt)
	w.proliferationStep(dt)
	w.regimeStep(dt)
}

// spend takes rate × dt from an event clock and reports whether the event
// happened; the clock is then rewound with a fresh Exp(1).
func spend(r *rand.Rand, clock *float64, rate, dt float64) bool {
	if rate <= 0 {
		return false
	}
	*clock -= rate * dt
	if *clock > 0 {
		return false
	}
	*clock = r.ExpFloat64()
	return true
}

// refreshRungs sets ws.rung[i], the highest rung actor i stands on toward
// anyone, for every actor: one pass over the relations per world step.
func (w *World) refreshRungs() {
	hr := w.ws.rung
	clear(hr)
	for q := range w.M.Relations {
		a := &w.M.Relations[q].A
		hr[a[0]] = max(hr[a[0]], w.rel[q].rung[0])
		hr[a[1]] = max(hr[a[1]], w.rel[q].rung[1])
	}
}

// fightingIn reports whether actor i fights in theatre t now.
func (w *World) fightingIn(i, t int) bool {
	ts := &w.th[t]
	if !ts.active {
		return false
	}
	for s := range 2 {
		for k, a := range w.M.Theatres[t].Actors[s] {
			if a == i && ts.effort[s][k] > 0 {
				return true
			}
		}
	}
	return false
}
