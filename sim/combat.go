package sim

import "math"

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
// day of combat: eff += η·(eff_max − eff)·Δt. The front moves when one side's
// power exceeds the other's by more than the defence advantage d: the share of
// the theatre held by side a changes by v·tanh(ln(r/d))·Δt for r = P_a/P_b > d
// (and symmetrically below 1/d), the 3:1-rule intuition made smooth.
type combatMechanism struct{}

func (combatMechanism) Name() string { return "combat" }

func (combatMechanism) Step(w *World) {
	r := w.rng[StreamCombat]
	nc := len(w.M.Categories)
	w.recordDirectWar()
	for t := range w.th {
		ts := &w.th[t]
		spec := &w.M.Theatres[t]
		ts.active = false
		for _, a := range spec.Actors[0] {
			for _, b := range spec.Actors[1] {
				if w.fighting(a, b) {
					ts.active = true
				}
			}
		}
		if !ts.active {
			continue
		}
		for s := range 2 {
			ts.power[s] = w.sidePower(t, s)
		}
		if !ts.started {
			ts.started = true
			ts.p0 = ts.power
			if w.tracing {
				w.logf("fighting begins in %s: combat power %.0f against %.0f", spec.ID, ts.power[0], ts.power[1])
			}
		}
		for s := range 2 {
			penemy := ts.power[1-s]
			for c := range nc {
				k := ts.attrition[s][c]
				if k == 0 || penemy == 0 {
					continue
				}
				var n float64
				for i, a := range spec.Actors[s] {
					n += ts.commit[s][i] * w.effort(t, s, a) * w.fo[a*nc+c].active
				}
				if n < 1 {
					continue
				}
				if ts.n0[s][c] == 0 {
					ts.n0[s][c] = n
				}
				density := 1.0
				if m := w.catMix[c]; m != 0 {
					density = math.Pow(n/ts.n0[s][c], m)
				}
				total := k * penemy * density * w.dt
				for i, a := range spec.Actors[s] {
					e := w.effort(t, s, a)
					if e == 0 {
						continue
					}
					f := &w.fo[a*nc+c]
					committed := ts.commit[s][i] * e * f.active
					loss := float64(Poisson(r, total*committed/n))
					loss = math.Min(loss, math.Floor(committed))
					f.active -= loss
					f.lost += loss
				}
			}
			for _, a := range spec.Actors[s] {
				if !w.participates(t, s, a) {
					continue
				}
				for c := range nc {
					f := &w.fo[a*nc+c]
					f.eff += f.learn * (f.effMax - f.eff) * w.dt
				}
			}
		}
		w.moveFront(ts)
	}
}

// moveFront shifts the share of the theatre held by side a.
func (w *World) moveFront(ts *theatreState) {
	pa, pb := ts.power[0], ts.power[1]
	if pa <= 0 && pb <= 0 {
		return
	}
	var dx float64
	switch {
	case pb <= 0:
		dx = ts.speed
	case pa <= 0:
		dx = -ts.speed
	default:
		ratio := pa / pb
		if ratio > ts.defAdv {
			dx = ts.speed * math.Tanh(math.Log(ratio/ts.defAdv))
		} else if ratio*ts.defAdv < 1 {
			dx = -ts.speed * math.Tanh(math.Log(1/(ratio*ts.defAdv)))
		}
	}
	ts.territory = clamp01(ts.territory + dx*w.dt)
}

// effort is the share of its committed forces actor a, on side s of theatre
// t, engages now: the effort of the rung it stands on toward the enemies it is
// fighting, at least the defence effort; 0 if it fights no one there.
func (w *World) effort(t, s, a int) float64 {
	e := 0.0
	for _, b := range w.M.Theatres[t].Actors[1-s] {
		if q := w.M.Rel(a, b); q >= 0 && w.rungs[w.conflictRung(q)].combat {
			e = math.Max(e, math.Max(w.rungs[w.rel[q].rung[w.sideOf(q, a)]].effort, w.defEffort))
		}
	}
	return e
}

// participates reports whether actor a, on side s of theatre t, fights there now.
func (w *World) participates(t, s, a int) bool { return w.effort(t, s, a) > 0 }

// actorPower is the combat power the k-th actor of side s of theatre t brings
// at the given effort.
func (w *World) actorPower(t, s, k int, effort float64) float64 {
	if effort == 0 {
		return 0
	}
	a := w.M.Theatres[t].Actors[s][k]
	nc := len(w.M.Categories)
	p := 0.0
	for c := range nc {
		f := &w.fo[a*nc+c]
		p += w.catValue[c] * f.eff * f.active
	}
	return p * w.th[t].commit[s][k] * effort
}

// sidePower is the combat power of the actors of side s fighting in theatre t.
func (w *World) sidePower(t, s int) float64 {
	p := 0.0
	for k, a := range w.M.Theatres[t].Actors[s] {
		p += w.actorPower(t, s, k, w.effort(t, s, a))
	}
	return p
}

// sidePowerWith is the combat power of side s of theatre t if actor x stood
// on rung r toward its enemies there (at least the defence effort).
func (w *World) sidePowerWith(t, s, x, r int) float64 {
	p := 0.0
	for k, a := range w.M.Theatres[t].Actors[s] {
		e := w.effort(t, s, a)
		if a == x {
			e = math.Max(w.rungs[r].effort, w.defEffort)
		}
		p += w.actorPower(t, s, k, e)
	}
	return p
}

// recordDirectWar notes the first day on which actors of different coalitions
// fight each other outside the principal relation: war between the alliances.
func (w *World) recordDirectWar() {
	if w.Out.DirectWar {
		return
	}
	for q, rs := range w.M.Relations {
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
