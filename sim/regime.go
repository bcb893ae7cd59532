package sim

import "math"

// Regime: the leadership of an actor changes — coup, revolution, or
// resignation and succession — at the hazard
//
//	h = h_0 · e^{(1 − cohesion)·(w_L·losses + w_P·pain)}
//
// a year, where losses is the share of combat power its side has lost in the
// theatres where it fights and pain the shortfall of GDP below its path
// without the crisis (economy.go). Defeat and economic crisis are the strongest
// predictors of leaders' removal (Goemans 2000, "Fighting for Survival",
// Journal of Conflict Resolution 44:555–579; Chiozza & Goemans 2011), and
// cohesive elites blunt both (Svolik 2012, The Politics of Authoritarian
// Rule). With h constant the chance of a change within T years is 1 − e^{−hT}.
// The new leadership brings the successor's resolve, cost sensitivity, risk
// tolerance, bluff propensity and nuclear doctrine (no first use, first-use
// thresholds), drawn with the trajectory's parameters, and its stakes in
// every relation are re-weighed by the new resolve.
func (w *World) regimeStep(dt float64) {
	ws := &w.ws
	r := w.rng[StreamWorld]
	for i := range ws.regime {
		if !w.M.W.regime[i] {
			continue
		}
		g := &ws.regime[i]
		losses, pain := w.lossShare(i), 0.0
		if e := &ws.econ[i]; e.on && e.yBase > 0 {
			pain = max(0, 1-e.y/e.yBase)
		}
		h := g.h0 * math.Exp((1-g.coh)*(g.lw*losses+g.pw*pain))
		if !spend(r, &g.clock, h, dt) {
			continue
		}
		u := r.Float64()
		kind := RegimeSuccession
		switch {
		case u < g.coup:
			kind = RegimeCoup
		case u < g.coup+g.rev:
			kind = RegimeRevolution
		}
		w.Out.RegimeChanges[i]++
		if w.Out.RegimeKind[i] == RegimeNone {
			w.Out.RegimeKind[i] = kind
			w.Out.RegimeDay[i] = w.Day
		}
		a := &w.act[i]
		a.resolve, a.costSens, a.riskTol, a.bluff = g.resolve, g.costSens, g.risk, g.bluff
		a.audience = 0 // a new leadership is not bound by its predecessor's commitments (Wolford 2007)
		a.nfu, a.forceRatioBelow, a.territoryBelow = g.nfu, g.forceRatio, g.territory
		for q := range w.M.Relations {
			for s := range 2 {
				if w.M.Relations[q].A[s] == i {
					w.rel[q].stakes[s] = w.rel[q].rawStakes[s] * a.resolve
				}
			}
		}
		if w.tracing {
			doctrine := "first use allowed under its conditions"
			if a.nfu {
				doctrine = "no first use"
			}
			w.logf("%s: change of leadership (%s; hazard %.3g a year, losses %.0f %%, GDP %.0f %% below its path); the new leadership's resolve is %.2f, its doctrine %s",
				w.actorName(i), kind, h, 100*losses, 100*pain, a.resolve, doctrine)
		}
	}
}

// lossShare is the largest share of its initial combat power that a side
// actor i fights on has lost, over the theatres where fighting has begun.
func (w *World) lossShare(i int) float64 {
	l := 0.0
	for t := range w.th {
		ts := &w.th[t]
		if !ts.started {
			continue
		}
		for s := range 2 {
			for _, a := range w.M.Theatres[t].Actors[s] {
				if a == i && ts.p0[s] > 0 {
					l = max(l, 1-ts.power[s]/ts.p0[s])
				}
			}
		}
	}
	return clamp01(l)
}

// RegimeKind is how a leadership changed.
type RegimeKind int8

const (
	RegimeNone RegimeKind = iota
	RegimeCoup
	RegimeRevolution
	RegimeSuccession // resignation, death or orderly succession
	NumRegimeKinds
)

var regimeNames = [...]string{"none", "coup", "revolution", "succession"}

func (k RegimeKind) String() string { return regimeNames[k] }
