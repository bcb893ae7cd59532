package sim

// A ceasefire between parties to a war other than the principals: two
// nuclear-armed coalitions fighting each other beside the principal war (a
// NATO state intervening after a nuclear use, say) could before only step
// down rung by rung, each alone. Stepping down alone while the other fights
// on is worse for each than holding, so neither did, and a direct war once
// begun ran to the horizon and kept the principals from settling
// (peaceOpen). An armistice is agreed jointly: it ends a war when each side
// expects to do better by stopping than by fighting on, given what the war
// has shown it (Wittman 1979, "How a war ends: a rational model approach",
// Journal of Conflict Resolution 23:743–763; Slantchev 2003, "The principle
// of convergence in wartime negotiations", APSR 97:621–632).
//
// At a decision epoch where the conflict rung of a relation other than the
// principal is a combat rung and neither side stands on a nuclear-use rung
// (nor is held above the ceasefire rung by an answer to a nuclear strike,
// retaliation.go), each side may offer a ceasefire: its utility is that of
// both sides back on the ceasefire rung c (the highest rung below the lowest
// combat rung, "proxy war, arms supply" on the default ladder), each side at
// min(its rung, c), weighed as every other option (utilityGiven) in the
// same logit choice. It is agreed as a settlement is: when both offer it, or
// one offers it and the other offered it the epoch before; then both step
// back to c (a side already below stays). Nothing holds them there: either
// may climb again at a later epoch. An offer is evidence of weakness, as an
// offer to settle is (observe). Allies cease fire together: a ceasefire
// between members of two coalitions holds only if every other pair of their
// members still at a combat rung agrees one at the same epoch
// (ceasefireTogether), so that no member makes a separate peace while its
// allies fight on — France alone stopping a week into a war that Britain,
// the United States and NATO fight for three months more.
//
// With `ceasefire: nuclear` a side on a nuclear-use rung below general war
// may agree one too, once its answer to a strike is carried out (held): a
// limited exchange of strikes stopped by agreement, both sides stepping back
// to the ceasefire rung. Whether an exchange can be stopped is the oldest
// dispute of nuclear strategy — intra-war bargaining and deterrence (Kahn
// 1965, On Escalation; Schelling 1966, Arms and Influence, ch. 5) against
// the collapse of command and control and of restraint once homelands are
// struck (Ball 1981, "Can Nuclear War Be Controlled?", Adelphi Paper 169;
// the Proud Prophet wargame of 1983) — so it is a choice of the scenario,
// and the default keeps the exchange going until it ends or spirals.

// ceasefireOpen reports whether the two sides of relation q may agree a
// ceasefire now: they may (ceasefireOpenAlone), and so may every other pair
// of members of their two coalitions still fighting each other, with whom
// they would cease fire together (ceasefireTogether). No side offers what
// its allies cannot join.
func (w *World) ceasefireOpen(q int) bool {
	if !w.ceasefireOpenAlone(q) {
		return false
	}
	for q2 := range w.rel {
		if q2 != q && w.sameCoalitions(q, q2) && w.rungs[w.conflictRung(q2)].combat && !w.ceasefireOpenAlone(q2) {
			return false
		}
	}
	return true
}

// sameCoalitions reports whether relations q and q2 are between members of
// the same two coalitions, in either order.
func (w *World) sameCoalitions(q, q2 int) bool {
	m := w.M
	ca, cb := m.Coalition[m.Relations[q].A[0]], m.Coalition[m.Relations[q].A[1]]
	c0, c1 := m.Coalition[m.Relations[q2].A[0]], m.Coalition[m.Relations[q2].A[1]]
	return (c0 == ca && c1 == cb) || (c0 == cb && c1 == ca)
}

// ceasefireOpenAlone reports whether the two sides of relation q, taken
// alone, may agree a ceasefire now.
func (w *World) ceasefireOpenAlone(q int) bool {
	c := w.M.Ceasefire
	if c < 0 || w.M.Relations[q].Principal {
		return false
	}
	if !w.rungs[w.conflictRung(q)].combat {
		return false
	}
	rs := &w.rel[q]
	for s := range 2 {
		if (w.rungs[rs.rung[s]].nuclear && !w.M.nuclearCeasefire) || w.held(q, s, c) {
			return false
		}
	}
	return true
}

// ceasefireUtility is the utility to the actor of view v of a ceasefire:
// of standing on min(its rung, c) with the opponent on min(its rung, c).
func (w *World) ceasefireUtility(v *sideView) float64 {
	c := w.M.Ceasefire
	t, other := min(v.rho, c), min(v.other, c)
	saved := v.other
	v.other = other // utilityGiven reads the opponent's rung from the view
	pw, extra := w.prevail(v, max(t, other), t)
	u := w.utilityGiven(v, t, t, 1, false, pw, extra)
	v.other = saved
	return u
}

// ceasefireTogether carries out the ceasefires agreed at this epoch
// (scratch.agreed) whose coalitions cease fire together: no other relation
// between members of the same two coalitions is left at a combat rung
// without one. One that must wait withdraws its agreement, which may make
// others wait: repeated until none changes, before any is carried out.
func (w *World) ceasefireTogether() {
	m, sc := w.M, &w.scratch
	for changed := true; changed; {
		changed = false
		for q := range w.rel {
			if !sc.agreed[q] {
				continue
			}
			if q2 := w.fightsOn(q); q2 >= 0 {
				sc.agreed[q], changed = false, true
				if w.tracing {
					w.logf("%s and %s agree a ceasefire, but %s and %s fight on: it waits for them",
						w.actorName(m.Relations[q].A[0]), w.actorName(m.Relations[q].A[1]),
						w.actorName(m.Relations[q2].A[0]), w.actorName(m.Relations[q2].A[1]))
				}
			}
		}
	}
	for q := range w.rel {
		if sc.agreed[q] {
			w.ceasefire(q)
		}
	}
}

// fightsOn returns a relation between members of the same two coalitions as
// relation q that stands at a combat rung without a ceasefire agreed at this
// epoch, or -1.
func (w *World) fightsOn(q int) int {
	for q2 := range w.rel {
		if q2 != q && w.sameCoalitions(q, q2) && !w.scratch.agreed[q2] && w.rungs[w.conflictRung(q2)].combat {
			return q2
		}
	}
	return -1
}

// ceasefire puts both sides of relation q back on the ceasefire rung.
func (w *World) ceasefire(q int) {
	c := w.M.Ceasefire
	rs := &w.rel[q]
	if w.tracing {
		a, b := w.M.Relations[q].A[0], w.M.Relations[q].A[1]
		w.logf("ceasefire between %s and %s: both step back to %q", w.actorName(a), w.actorName(b), w.rungName(c))
	}
	for s := range 2 {
		if rs.rung[s] > c {
			w.setRung(q, s, c, UseNone)
		}
	}
	w.Out.Ceasefires++
}
