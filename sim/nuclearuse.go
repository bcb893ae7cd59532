package sim

// nuclearUse records that the actor on side `side` of relation r crossed into
// nuclear use, and what follows at once: the first use is kept with its kind
// (deliberate, on a false alarm, or unauthorised); every actor of the victim's
// coalition may now retaliate whatever its doctrine says, and the ceilings it
// set itself toward the user are lifted; at its coalition's first use, the
// third parties the scenario names may intervene (retaliation.go).
//
// An unauthorised or accidental detonation is declared at once by the
// user's leadership, which did not order it: each party undertook "to
// notify the other Party immediately in the event of an accidental,
// unauthorized or any other unexplained incident involving a possible
// detonation of a nuclear weapon" (US–Soviet Accidents Measures Agreement,
// 1971, art. 2; over the hotline of 1963; India and Pakistan in the Lahore
// memorandum of 1999, para. 4). The victim believes it with the scenario's
// `hotline` chance (one draw per such use, where given); believed, no
// doctrine answers the detonation, no third party intervenes, the victim's
// coalition keeps the ceilings it set itself, and nuclearUse reports it so
// for strike and setRung (which puts the user back on its rung). Not believed, or without a hotline,
// it is answered as if ordered.
func (w *World) nuclearUse(r, side int, kind UseKind) (believed bool) {
	m := w.M
	user, victim := m.Relations[r].A[side], m.Relations[r].A[1-side]
	o := &w.Out
	o.Uses++
	w.barg.lastUse = w.Day // the pause of the peace path (warending.go)
	if !o.NuclearUse {
		o.NuclearUse = true
		o.FirstUseDay, o.FirstUseBy, o.FirstUseKind = w.Day, user, kind
		if t := m.W.target; t >= 0 {
			o.SanctionsAtUse, o.TargetLostAtUse = w.ws.sanc.size, o.GDPLost[t]
		}
	}
	w.ws.usedBy[m.Coalition[user]] = true
	believed = kind == UseUnauthorised && w.hotline > 0 && w.lateStream().Float64() < w.hotline
	vc := m.Coalition[victim]
	for a := range w.act {
		if m.Coalition[a] != vc || believed {
			continue
		}
		w.act[a].retaliate = true
		if q := m.Rel(a, user); q >= 0 {
			s := w.sideOf(q, a)
			w.rel[q].maxRung[s] = m.Top
		}
	}
	if w.tracing {
		w.logf("%s crosses into nuclear use against %s (%s): %s", w.actorName(user), w.actorName(victim), kind, w.rungName(w.rel[r].rung[side]))
	}
	if believed {
		if w.tracing {
			w.logf("%s declares over the hotline that the detonation was not ordered, and %s believes it: no answer by doctrine, no intervention",
				w.actorName(user), w.actorName(victim))
		}
		return true
	}
	if c := m.Coalition[user]; !w.ws.answered[c] { // the first use of the user's coalition that is answered
		w.ws.answered[c] = true
		w.intervene(user)
	}
	return false
}

// sideOf returns which side of relation r actor a is on.
func (w *World) sideOf(r, a int) int {
	if w.M.Relations[r].A[0] == a {
		return 0
	}
	return 1
}
