package sim

import (
	"math"
	"math/rand/v2"
)

// combatMechanism: conventional attrition, learning and the front, per theatre.
//
// An actor fights in a theatre while it stands (or its opponent stands) at a
// combat rung toward an actor of the other side; it engages its committed share
// of its forces times the effort of its rung (at least the defence effort when
// attacked). A side's combat power is P = Σ value_c·eff·engaged units over its
// fighting actors and categories. Losses of category c of a side per day follow
// a generalised Lanchester law (Lanchester 1916; the mixed form after
// Helmbold 1965 and Deitchman 1962):
//
//	E[ΔN_c] = k_c · P_enemy · (N_c/N_c0)^m · Δt
//
// with m = 0 the square law (aimed fire: losses depend only on enemy strength),
// m = 1 the linear law (area fire: losses grow with own density), 0 < m < 1
// mixed. Losses are drawn as Poisson counts split among the side's actors in
// proportion to their units, so the expected path is the Lanchester ODE and its
// noise shrinks as forces grow. Effectiveness learns toward a ceiling with each
// day of combat: eff += η·(eff_max − eff)·Δt. With combat_step_days L > 1
// the losses of L days are drawn at once on the first, at its rates, and
// learning takes one step of L days (tau-leaping: Gillespie 2001, "Approximate
// accelerated stochastic simulation of chemically reacting systems", J. Chem.
// Phys. 115:1716): exact in distribution while the rates hold still, and
// close while a leap changes them little (the leap condition), as a week of
// a war of attrition does. The operational postures
// (front.go) scale each side's losses — an attacker pays more, a quiet front
// bleeds less, a withdrawing side trades ground for attrition — and move the
// front.
type combatMechanism struct{}

func (combatMechanism) Step(w *World) {
	r := w.rng[StreamCombat]
	w.deployStep()
	w.refreshPosture()
	every := w.M.Scenario.DecisionEveryDays
	epoch := every <= w.M.Scenario.TurnDays || w.Day%every < w.M.Scenario.TurnDays
	for t := range w.th {
		ts := &w.th[t]
		if !ts.active {
			continue
		}
		spec := &w.M.Theatres[t]
		w.refreshPower(t, false)
		if !ts.started {
			ts.started = true
			ts.p0 = ts.power
			if w.tracing {
				w.logf("fighting begins in %s: combat power %.0f against %.0f", spec.ID, ts.power[0], ts.power[1])
			}
			w.choosePostures(r, t)
		} else if epoch {
			w.choosePostures(r, t)
		}
		if f := &ts.front; f.leap == 0 {
			// A leap: the losses of its turns, drawn at once at today's
			// rates, and the power they cost spread over its days for the
			// front's attrition rate (1 turn: every day, as drawn).
			n := w.M.leapTurns
			f.leap = n
			dt := w.dt * float64(n)
			for s := range 2 {
				var lost float64
				if fighters := ts.fighters[s]; len(fighters) == 1 {
					lost = w.attritOne(r, ts, s, fighters[0], dt)
				} else {
					lost = w.attrit(r, ts, s, fighters, dt)
				}
				f.lost1[s] = lost / float64(n)
			}
		}
		ts.front.leap--
		w.moveFront(t)
		if w.tracing && w.Day%30 == 0 && w.Day > 0 {
			sectors := ""
			if ts.sec != nil {
				sectors = " (" + ts.sec.holdings() + ")"
			}
			w.logf("situation in %s: %s's side holds %.1f %%%s; combat power %.0f against %.0f; tempo of the fighting ×%.2f",
				spec.ID, w.actorName(spec.Actors[0][0]), 100*ts.territory, sectors, ts.power[0], ts.power[1], ts.front.tempoF)
		}
	}
}

// attrit draws the losses of side s of theatre ts over dt days (a turn, or
// a leap of them), category by category, split among its fighters in
// proportion to their engaged units, lets their effectiveness learn, and
// returns the combat power the losses cost.
func (w *World) attrit(r *rand.Rand, ts *theatreState, s int, fighters []fighter, dt float64) (lostPow float64) {
	nc := len(w.M.Categories)
	front := &ts.front
	penemy := ts.power[1-s]
	attrition, n0 := ts.attrition[s][:nc], ts.n0[s][:nc]
	for c, k := range attrition {
		if k == 0 || penemy == 0 {
			continue
		}
		var n float64
		for _, f := range fighters {
			n += f.engaged * w.fo[f.fo+c].active
		}
		if n < 1 {
			continue
		}
		if n0[c] == 0 {
			n0[c] = n
		}
		density := 1.0
		if m := w.catMix[c]; m != 0 {
			density = ts.density(s, c, n, m)
		}
		total := k * penemy * density * dt * front.loss[s]
		for _, f := range fighters {
			fo := &w.fo[f.fo+c]
			engaged := f.engaged * fo.active
			loss := float64(w.drawLoss(r, total*engaged/n))
			loss = min(loss, math.Floor(engaged))
			fo.active -= loss
			fo.lost += loss
			lostPow += loss * w.catValue[c] * fo.eff * fo.q // each engaged unit adds value·eff to the side's power
		}
	}
	for _, f := range fighters {
		learn(w.fo[f.fo:f.fo+nc], dt)
	}
	return lostPow
}

// attritOne is attrit for a side with one fighter, the common case: the
// same arithmetic, without the loops over fighters, in three passes over the
// categories — the means, the draws (one call for all of them, in category
// order as before), the losses and the learning.
func (w *World) attritOne(r *rand.Rand, ts *theatreState, s int, f fighter, dt float64) (lostPow float64) {
	nc := len(w.M.Categories)
	lossMul := ts.front.loss[s]
	penemy := ts.power[1-s]
	forces := w.fo[f.fo : f.fo+nc]
	attrition, n0, mix, value := ts.attrition[s][:nc], ts.n0[s][:nc], w.catMix[:nc], w.catValue[:nc]
	means, counts := w.lossMean[:nc], w.lossCount[:nc]
	if penemy == 0 {
		learn(forces, dt)
		return
	}
	for c := range forces {
		means[c] = 0 // no draw
		k := attrition[c]
		n := f.engaged * forces[c].active // the side's engaged units: its one fighter's
		if k == 0 || n < 1 {
			continue
		}
		if n0[c] == 0 {
			n0[c] = n
		}
		density := 1.0
		if m := mix[c]; m != 0 { // ts.density, inlined
			switch x := n / n0[c]; m {
			case 1:
				density = x
			case 0.5:
				density = math.Sqrt(x)
			default:
				density = math.Exp(m * math.Log(x))
			}
		}
		// The side's losses, all the fighter's: the same product as in
		// attrit, with density (ready last, after a square root) applied
		// last, a shorter wait for the draw that needs it.
		means[c] = density * (k * penemy * dt * lossMul)
	}
	poissonPooledEach(r, &w.lossBits, means, counts) // drawLoss for each
	lost := 0.0
	for c, loss := range counts {
		fo := &forces[c]
		// min(loss, ⌊n⌋), the engaged units, without the floor: a whole
		// count of n or fewer is ⌊n⌋ or fewer. A count of 0 goes through
		// the sums below without a test of its own, which would be hard to
		// foretell: it leaves each as it is (x − 0 = x, and 0·value·eff·q
		// = 0 for the finite numbers a scenario holds); it is kept out of
		// the min, where a rounding below 0 of n would turn it into −1.
		if n := f.engaged * fo.active; loss > n && loss != 0 {
			loss = math.Floor(n)
		}
		fo.active -= loss
		fo.lost += loss
		lost += loss * value[c] * fo.eff * fo.q        // each engaged unit adds value·eff to the side's power
		fo.eff += fo.learn * (fo.effMax - fo.eff) * dt // learn, category by category
	}
	return lost
}

// learn moves the effectiveness of an actor's forces toward its ceiling
// after a day of combat: eff += η·(eff_max − eff)·Δt.
func learn(forces []forceState, dt float64) {
	for c := range forces {
		fo := &forces[c]
		fo.eff += fo.learn * (fo.effMax - fo.eff) * dt
	}
}

// fighter is an actor fighting on one side of a theatre (cached by
// refreshPosture, which alone changes who fights and with what effort).
type fighter struct {
	k       int     // index among the side's actors
	fo      int     // index in World.fo of its first category (actor × NC)
	engaged float64 // commit × effort: the share of its units in service that fights
}

// density returns (N/N0)^m, the own-density factor of the mixed law: exact,
// with the common exponents 1 and ½ computed without exp and log.
func (ts *theatreState) density(s, c int, n, m float64) float64 {
	x := n / ts.n0[s][c]
	switch m {
	case 1:
		return x
	case 0.5:
		return math.Sqrt(x)
	}
	return math.Exp(m * math.Log(x))
}

// drawLoss draws a Poisson count of losses with the given mean from the
// combat stream: means below 32, nearly all of them, by PoissonPooled, which
// takes 16 bits of the stream's pool (w.lossBits) for most draws.
func (w *World) drawLoss(r *rand.Rand, mean float64) int64 {
	if mean < poissonPooledMax && mean > 0 {
		return poissonPooled(r, &w.lossBits, mean)
	}
	return poisson(r, mean)
}

// refreshPosture recomputes what follows from the rungs alone — who fights
// where and with what effort, which theatres are active, which supply links
// flow, alert levels, direct war — when a rung has changed since the last
// call. Rungs change at most a few times a week, so the daily loop reads these
// from cache.
func (w *World) refreshPosture() {
	if w.postureDirty || w.effortsDirty { // inlined: the daily steps ask, and nearly always nothing has changed
		w.refreshPostureNow()
	}
}

// refreshPostureNow is refreshPosture when a rung has changed, or only the
// forces in a theatre (then only who fights and with what).
func (w *World) refreshPostureNow() {
	w.refreshFighters()
	if !w.postureDirty {
		return
	}
	w.postureDirty = false
	for k := range w.M.Supply {
		w.supplyOn[k] = w.sup[k] > 0 && w.supplying(&w.M.Supply[k])
	}
	w.updateAlerts()
	w.recordDirectWar()
}

// refreshFighters recomputes who fights in each theatre and with what effort:
// the rung's, times the share of the actor's forces that has arrived
// (deploy.go).
func (w *World) refreshFighters() {
	w.effortsDirty = false
	nc := len(w.M.Categories)
	for t := range w.th {
		ts := &w.th[t]
		ts.active = false
		for s := range 2 {
			ts.fighters[s] = ts.fighters[s][:0]
			for k, a := range w.M.Theatres[t].Actors[s] {
				e := w.effortNow(t, s, a)
				if e > 0 {
					ts.active = true
					e *= w.arrivedShare(ts, s, k)
				}
				ts.effort[s][k] = e
				if e > 0 {
					ts.fighters[s] = append(ts.fighters[s], fighter{k: k, fo: a * nc, engaged: ts.commit[s][k] * e})
				}
			}
		}
	}
}

// effortNow is the share of its committed forces actor a, on side s of
// theatre t, engages: the effort of the rung it stands on toward the enemies it
// is fighting, at least the defence effort; 0 if it fights no one there.
func (w *World) effortNow(t, s, a int) float64 {
	e := 0.0
	for _, b := range w.M.Theatres[t].Actors[1-s] {
		if q := w.M.Rel(a, b); q >= 0 && w.rungs[w.conflictRung(q)].combat {
			e = max(e, w.rungs[w.rel[q].rung[w.sideOf(q, a)]].fight)
		}
	}
	return e
}

// refreshPower recomputes each actor's power at full effort in theatre t
// (commit × Σ value·eff·units) and the sides' power at their efforts; with
// all false, only for the actors fighting (the daily combat step), else for
// every actor (decisions weigh those who might join).
func (w *World) refreshPower(t int, all bool) {
	ts := &w.th[t]
	nc := len(w.M.Categories)
	value := w.catValue[:nc]
	for s := range 2 {
		ts.power[s] = 0
		if !all {
			// Only the fighters, in the order of the side's actors: the
			// same sum as below without the terms of effort 0.
			for _, f := range ts.fighters[s] {
				ts.unit[s][f.k] = w.unitPower(value, f.fo) * ts.commit[s][f.k]
				ts.power[s] += ts.unit[s][f.k] * ts.effort[s][f.k]
			}
			continue
		}
		for k, a := range w.M.Theatres[t].Actors[s] {
			ts.unit[s][k] = w.unitPower(value, a*nc) * ts.commit[s][k]
			ts.power[s] += ts.unit[s][k] * ts.effort[s][k]
		}
	}
}

// unitPower is Σ value·eff·q·units over the categories of the actor whose
// forces start at w.fo[fo], q the mean quality in service (vintage.go).
func (w *World) unitPower(value []float64, fo int) float64 {
	forces := w.fo[fo : fo+len(value)]
	p := 0.0
	for c, v := range value {
		p += v * forces[c].eff * forces[c].q * forces[c].active
	}
	return p
}

// sidePowerWith is the combat power of side s of theatre t if the k-th actor
// of the side stood on rung r toward its enemies there (at least the defence
// effort). Needs refreshPower.
func (w *World) sidePowerWith(t, s, k, r int) float64 {
	ts := &w.th[t]
	return ts.power[s] + ts.unit[s][k]*(w.rungs[r].fight-ts.effort[s][k]) // fight: max(effort, defEffort)
}

// recordDirectWar notes the first day on which actors of different coalitions
// fight each other outside the principal relation: war between the alliances.
func (w *World) recordDirectWar() {
	if w.Out.DirectWar {
		return
	}
	for q := range w.M.Relations {
		rs := &w.M.Relations[q]
		if rs.Principal || w.M.Coalition[rs.A[0]] == w.M.Coalition[rs.A[1]] {
			continue
		}
		if w.rungs[w.conflictRung(q)].combat {
			w.Out.DirectWar, w.Out.DirectWarDay = true, w.Day
			if w.tracing {
				w.logf("direct war between %s and %s: the alliances are fighting each other", w.actorName(rs.A[0]), w.actorName(rs.A[1]))
			}
			return
		}
	}
}
