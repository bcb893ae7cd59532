package sim

import (
	"math"

	"brink/scenario"
)

// Damage: what a nuclear use does to the side it strikes. Each climb onto a
// nuclear rung t by actor u toward actor v is one use at t, and destroys, on
// v's side (the rung's damage attributes, scenario.Damage):
//
//	people     casualties(t) killed, counted in Outcome.Casualties[v], at
//	           most v's population where the scenario gives it
//	GDP        Y_v ← Y_v·(1 − g(t)) for good: the economy's log-points of
//	           loss W_v rise by −ln(1 − g) (economy.go)
//	capacity   K_v ← K_v·(1 − k(t)), and the level it recovers toward is
//	           scaled by Π(1 − k) over the strikes
//	trade      the share of v's trade value still flowing is scaled by
//	           1 − x(t); the economy adds the loss to that of sanctions,
//	           L = 1 − (1 − L_sanctions)·Π(1 − x)
//	forces     a share f(t) of the units v's side has engaged in the theatre
//	           where u and v face each other (f × effort × commitment of each
//	           actor's units), counted as losses
//
// So after n uses at the same rung the struck economy's GDP is a factor
// (1 − g)^n below its path, and its casualties are n × casualties(t) — but
// for the terminal rung, general nuclear war, whose figures are those of the
// whole war on a state: it strikes each state once, whoever launches. The
// figures of the default ladder and their sources are in scenario/ladder.go
// (OTA 1979, The Effects of Nuclear War; Toon et al. 2007; Xia et al. 2022).
type damageParams struct {
	casualties, gdp, capacity, forces, trade float64
	homeland, on                             bool
}

// drawDamage draws each rung's damage for the trajectory.
func (w *World) drawDamage(d func(scenario.Value) float64) {
	for i := range w.M.Scenario.Ladder {
		w.rungs[i].dmg = damageParams{}
		if dm := w.M.Scenario.Ladder[i].Damage; dm != nil {
			w.rungs[i].dmg = damageParams{on: true, casualties: d(dm.Casualties), gdp: d(dm.GDP), capacity: d(dm.Capacity),
				forces: d(dm.Forces), trade: d(dm.Trade), homeland: dm.Homeland}
		}
	}
}

// damage applies the damage of one use at rung t by the actor on side `side`
// of relation r to the other side.
func (w *World) damage(r, side, t int) {
	dm := &w.rungs[t].dmg
	if !dm.on {
		return
	}
	m := w.M
	user, v := m.Relations[r].A[side], m.Relations[r].A[1-side]
	if w.rungs[t].terminal {
		// The terminal rung's damage is that of a whole general war on the
		// state struck (OTA 1979's attacks use the attackers' arsenals): a
		// second attacker joining it adds nothing the figures do not hold.
		if w.act[v].struckInGeneralWar {
			if w.tracing {
				w.logf("%s's %s on %s: the general war's damage is already counted", w.actorName(user), w.rungName(t), w.actorName(v))
			}
			return
		}
		w.act[v].struckInGeneralWar = true
	}
	killed := dm.casualties
	if pop := m.Scenario.Actors[v].Capability.Population; pop > 0 {
		killed = max(0, min(killed, pop-w.Out.Casualties[v])) // no more can be killed than live there
	}
	w.Out.Casualties[v] += killed
	if e := &w.ws.econ[v]; e.on {
		if dm.gdp > 0 {
			e.war -= math.Log1p(-min(dm.gdp, 0.999999))
			e.ew = math.Exp(-e.war)
		}
		e.capKeep *= 1 - dm.capacity
		e.capacity *= 1 - dm.capacity
		e.tradeKeep *= 1 - dm.trade
		w.refreshRates() // production at the capacity left
	}
	if dm.forces > 0 {
		if th, s := m.TheatreOf(user, v); th >= 0 {
			w.destroyForces(th, 1-s, dm.forces)
		}
	}
	if w.tracing {
		w.logf("%s's %s strikes %s: %.3g million killed; %.0f %% of its GDP, %.0f %% of its industrial capacity, %.0f %% of its trade and %.0f %% of its side's engaged units destroyed",
			w.actorName(user), w.rungName(t), w.actorName(v), killed, 100*dm.gdp, 100*dm.capacity, 100*dm.trade, 100*dm.forces)
	}
}

// destroyForces destroys share f of the engaged units of side s of theatre th.
func (w *World) destroyForces(th, s int, f float64) {
	ts := &w.th[th]
	nc := len(w.M.Categories)
	for k, a := range w.M.Theatres[th].Actors[s] {
		share := f * ts.effort[s][k] * ts.commit[s][k]
		if share <= 0 {
			continue
		}
		for c := range nc {
			fo := &w.fo[a*nc+c]
			x := fo.active * share
			fo.active -= x
			fo.lost += x
		}
	}
	w.postureDirty = true
}
