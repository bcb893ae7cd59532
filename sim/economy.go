package sim

import "math"

// Economy: each actor's GDP follows its growth path, less what war, lost
// trade and concessions to a patron take; industrial capacity follows GDP
// and critical imports with a lag, and caps production and refurbishment
// (production.go), so sanctions and war reach the battlefield late.
//
//	Y_base(t) = Y_0·e^{g·t}
//	Y(t)      = Y_base(t)·e^{−W(t)}·(1 − openness·ε·L(t))
//	W(t)      = ∫ [c_war·effort(rung) + Σ_theatres c_theatre + concession] dt
//	K*(t)     = (Y/Y_base)·(1 − import_dependence·L(t)),   dK/dt = (K* − K)/τ
//
// with t in years, L the share of trade value lost to sanctions (sanctions.go)
// and to nuclear strikes, τ the industry lag, and K* also scaled by the
// capacity that strikes destroyed (damage.go). The rates are those standing at each world step
// (weekly), so with no shock GDP follows its growth path exactly, and a war
// at a constant rate c gives Y_0·e^{(g−c)t}. War costs of the order of a few
// per cent of GDP a year for a belligerent, and a third to a half of it for
// the country fought over (Ukraine lost 29 % in 2022), are in the range of
// the wartime GDP losses collected by Glick & Taylor (2010, Review of
// Economics and Statistics 92:102–127). GDP lost is the integral of
// Y_base − Y, in US$ trillions.
func (w *World) economyStep(dt float64) {
	m, ws := w.M, &w.ws
	t := float64(w.Day) / 365
	for i := range ws.econ {
		e := &ws.econ[i]
		if !e.on {
			continue
		}
		rate := 0.0
		if e.warCost > 0 {
			rate = e.warCost * w.rungs[w.ws.rung[i]].effort
		}
		for k, ref := range m.W.theat[i] {
			if w.fightingIn(i, ref.idx) {
				rate += e.theat[k]
			}
		}
		if m.W.client[i] {
			rate += w.concession(i)
		}
		if i == m.W.target {
			rate += ws.sanc.pricePaid // the price of trade reopened by a patron (patronDeal)
		}
		if rate > 0 && dt > 0 {
			e.war += rate * dt
			e.ew = math.Exp(-e.war)
		}
		if dt != e.dt { // the world moves weekly: the factors of a step are worked out once
			e.dt, e.gf, e.kf = dt, math.Exp(e.growth*dt), math.Exp(-dt*365/e.lag)
		}
		if dt > 0 {
			e.yBase *= e.gf
		} else {
			e.yBase = e.y0 * math.Exp(e.growth*t)
		}
		eps := ws.sanc.eps
		L := 1 - (1-e.tradeLoss)*e.tradeKeep // trade lost to sanctions and to nuclear strikes (damage.go)
		e.y = e.yBase * e.ew * max(0, 1-e.open*eps*L)
		e.lost += (e.yBase - e.y) * dt
		target := 1.0
		if e.yBase > 0 {
			target = e.y / e.yBase * (1 - e.impDep*L) * e.capKeep
		}
		if dt > 0 {
			e.capacity = target + (e.capacity-target)*e.kf
		} else {
			e.capacity = 1
		}
		w.Out.GDPLost[i] = e.lost
	}
	w.refreshRates() // production at the new capacity
}

// capacity is actor i's industrial capacity (1 without an economy block).
func (w *World) capacity(i int) float64 {
	if e := &w.ws.econ[i]; e.on {
		return e.capacity
	}
	return 1
}

// refreshEconCost sets, for every actor with an economy and every rung, the
// expected economic cost of standing on it over the planning horizon, in
// units of the stakes: weight × (war cost at the rung's effort + for the
// sanctions target on a first nuclear use, the further trade loss the
// coalition's response would bring) × the horizon in years. Decisions add it
// to the cost of each option, so expected sanctions weigh on the choice to
// use a nuclear weapon. Only the target's row changes during a trajectory,
// when the coalition does (sanctionsState).
func (w *World) refreshEconCost() {
	for i := range w.ws.econ {
		w.refreshEconCostOf(i)
	}
}

// refreshEconCostOf sets actor i's row of the economic costs.
func (w *World) refreshEconCostOf(i int) {
	ws := &w.ws
	e := &ws.econ[i]
	if !e.on {
		return
	}
	nr := len(w.rungs)
	years := w.planning / 365
	extra := 0.0
	if i == w.M.W.target {
		extra = e.open * ws.sanc.eps * max(0, ws.sanc.lossNuclear-e.tradeLoss)
	}
	for R := range nr {
		c := e.warCost * w.rungs[R].effort
		if w.rungs[R].nuclear {
			c += extra
		}
		ws.econCost[i*nr+R] = e.wt * c * years
	}
}

// GDP returns actor i's GDP now and on its path without the crisis, in US$
// trillions a year (both its initial GDP for an actor without an economy).
func (w *World) GDP(i int) (now, base float64) {
	if e := &w.ws.econ[i]; e.on {
		return e.y, e.yBase
	}
	return w.act[i].gdp, w.act[i].gdp
}

// Capacity returns actor i's industrial capacity now (1 = its path without the crisis).
func (w *World) Capacity(i int) float64 { return w.capacity(i) }

// TradeLoss returns the share of actor i's trade value lost to sanctions now.
func (w *World) TradeLoss(i int) float64 { return w.ws.econ[i].tradeLoss }
