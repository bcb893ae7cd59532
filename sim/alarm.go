package sim

// alarmMechanism: false alarms and inadvertent use.
//
// Each nuclear actor sees false warnings of attack as a Poisson process whose
// rate λ(a) depends on its alert level a. A share s(a) of them look like a real
// attack (severity grows with alert); such a warning is caught by procedure with
// probability c, else the officer on duty refuses to pass it on with probability
// r (command robustness), else the leadership launches with probability
// L·τ, where τ is the tension of the conflict with the state the warning
// seems to come from (warnedBy: the nuclear-armed opponent it stands highest
// against, whom a launch would strike): a leadership judges a warning by how
// likely an attack by that state is, so a warning of an American strike is
// weighed by the state of relations with the United States, not by the heat
// of a war with a third state that has no nuclear weapons. So with
// alert and tension held fixed the chance of an inadvertent launch by day T is
//
//	P(T) = 1 − exp(−λ·p·T),  p = s·(1−c)·(1−r)·L·τ
//
// (after Wallace, Crissey & Sennott 1986 on false alarms under launch on
// warning, and Lewis et al. 2014 on the role of individuals in close calls).
// Unauthorised or accidental detonations are a second Poisson process whose
// rate grows with alert level, as tactical weapons are dispersed.
type alarmMechanism struct{}

func (alarmMechanism) Step(w *World) {
	r := w.rng[StreamAlarm]
	for _, i := range w.alarming {
		a := &w.act[i]
		// Each process is followed on its integrated hazard: the clock holds
		// the Exp(1) hazard left until the next event, so an event happens
		// in a turn whose hazard exhausts it. This is exactly a Poisson
		// process with a rate that may change at every turn, and it needs no
		// random number on the (many) days without an event.
		a.alarmClock -= a.alarmTurn[a.alert] // alarms[alert]/365·Δt
		for a.alarmClock <= 0 {
			a.alarmClock += r.ExpFloat64()
			w.Out.Alarms++
			if !bernoulli(r, a.serious[a.alert]) {
				continue // a minor alarm, dismissed as a sensor fault (not worth a line of the story)
			}
			if bernoulli(r, a.procCatch) {
				if w.tracing {
					w.logf("%s: false warning of attack at alert %d; procedure catches it (second sensor does not confirm)", w.actorName(i), a.alert)
				}
				continue
			}
			if bernoulli(r, a.robust) {
				if w.tracing {
					w.logf("%s: false warning of attack at alert %d gets past procedure; the duty officer does not pass it on", w.actorName(i), a.alert)
				}
				continue
			}
			w.Out.AlarmsPassed++
			tau := 0.0 // no opponent: no attack to fear
			if q := w.warnedBy(i, UseFalseAlarm); q >= 0 {
				tau = w.rungs[w.conflictRung(q)].tension
			}
			if !bernoulli(r, a.leaderLaunch*tau) {
				if w.tracing {
					w.logf("%s: a false warning of attack reaches the leadership (tension %.2f); it waits for confirmation", w.actorName(i), tau)
				}
				continue
			}
			if w.tracing {
				w.logf("%s: the leadership launches on a false warning of attack", w.actorName(i))
			}
			w.inadvertentUse(i, a.inadvRung, UseFalseAlarm)
			if w.done {
				return
			}
		}
		a.unauthClock -= a.unauthTurn[a.alert] // unauth[alert]/365·Δt
		if a.unauthClock <= 0 {
			for a.unauthClock <= 0 {
				a.unauthClock += r.ExpFloat64()
			}
			if w.tracing {
				w.logf("%s: an unauthorised or accidental nuclear detonation (alert %d)", w.actorName(i), a.alert)
			}
			w.inadvertentUse(i, w.M.FirstUse+1, UseUnauthorised)
		}
	}
}

// inadvertentUse puts actor i at rung t toward the opponent the use is aimed
// at (warnedBy).
func (w *World) inadvertentUse(i, t int, kind UseKind) {
	best := w.warnedBy(i, kind)
	if best < 0 {
		return
	}
	t = min(t, w.M.Top)
	s := w.sideOf(best, i)
	if w.rel[best].rung[s] < t {
		w.setRung(best, s, t, kind)
	}
}

// warnedBy is the relation toward which an inadvertent use by actor i goes,
// or −1 if i has none. A launch on a false warning answers an attack that
// seems to come from a nuclear-armed opponent, so it goes to the
// nuclear-armed opponent (by its coalition) that i stands highest against,
// if any; an unauthorised or accidental use goes to whichever opponent i
// stands highest against — in the field, that is where the weapons are.
func (w *World) warnedBy(i int, kind UseKind) int {
	best, bestRung, bestNuclear := -1, -1, false
	for r := range w.M.Relations {
		a := &w.M.Relations[r].A
		if a[0] != i && a[1] != i {
			continue
		}
		opp := a[0]
		if opp == i {
			opp = a[1]
		}
		nuclear := kind == UseFalseAlarm && w.coalNuclear[w.M.Coalition[opp]]
		c := w.conflictRung(r)
		if (nuclear && !bestNuclear) || (nuclear == bestNuclear && c > bestRung) {
			best, bestRung, bestNuclear = r, c, nuclear
		}
	}
	return best
}

// updateAlerts sets each actor's nuclear alert level. The level a posture
// calls for is that of the highest rung the actor stands on toward anyone,
// one higher while it is signalling a threat. Alert posture persists
// (each doctrine's alert_min_dwell_days D): a rung that
// calls for a higher alert raises it at once; a threat raises it only if the
// alert has not changed for D days; and a raised alert is lowered only after
// D days at its level. So between two changes at least D days pass unless a
// rung forces a raise, and an actor makes at most 2·T/D + (rung raises)
// changes in T days — no weekly flip-flop with every threat made and lapsed.
// Standing down is costly and signals weakness; raising again soon after
// signals nothing new (Sagan 1985, "Nuclear Alerts and Crisis Management",
// International Security 9(4):99–139, on the costs and dangers of alerts).
func (w *World) updateAlerts() {
	// The alert each actor's rungs call for, gathered apart (one pass over
	// the relations) so that each actor's state is visited once.
	called := w.alertCalled
	clear(called)
	for r := range w.rel {
		a, rung := &w.M.Relations[r].A, &w.rel[r].rung // a RelationSpec is too large to copy
		called[a[0]] = max(called[a[0]], w.rungs[rung[0]].alert)
		called[a[1]] = max(called[a[1]], w.rungs[rung[1]].alert)
	}
	// An actor in no relation is called to alert 0 and never signals: after
	// the first update of a trajectory, its alert can no longer change.
	actors := w.M.related
	if !w.alertsSet {
		actors, w.alertsSet = w.M.everyActor, true
	}
	if w.Out.NuclearUse {
		w.alertsAfterUse(called)
	}
	for _, i := range actors {
		a := &w.act[i]
		a.prevAlert = a.alert
		rungAlert := called[i]
		a.alert = rungAlert
		if a.signalDays > 0 {
			a.alert = min(3, a.alert+1)
		}
		if p := a.prevAlert; p >= 0 && a.alert != p {
			settled := float64(w.Day-a.alertSince) >= a.alertDwell
			switch {
			case a.alert > p && rungAlert <= p && !settled:
				a.alert = p // a threat does not raise an alert lowered less than D days ago
			case a.alert < p && !settled:
				a.alert = p // a raised alert is kept D days
			}
		}
		if a.alert != a.prevAlert {
			a.alertSince = w.Day
		}
		if w.tracing && a.nuclear && a.alert != a.prevAlert {
			switch {
			case a.prevAlert < 0:
				w.logf("%s: nuclear forces at alert level %d", w.actorName(i), a.alert)
			case a.alert > a.prevAlert:
				w.logf("%s raises its nuclear alert to %d", w.actorName(i), a.alert)
			default:
				w.logf("%s lowers its nuclear alert to %d", w.actorName(i), a.alert)
			}
		}
	}
}

// alertsAfterUse raises the alert each actor's rungs call for to at least its
// alert_after_nuclear_use once a state of another coalition has used a
// nuclear weapon, against anyone. A detonation is the event alerts exist
// for: in October 1973 the US went to DEFCON 3 on the threat of a Soviet
// intervention alone (Sagan 1985, "Nuclear Alerts and Crisis Management",
// International Security 9(4)), and alerts answer alerts, each side's
// warning systems reading the other's as a sign of attack (Blair 1993, The
// Logic of Accidental Nuclear War, ch. 6). It is a floor on the rungs' call,
// not a threat: the alert is held while it lasts, and the alarms it brings
// come at the higher rate (alarmMechanism).
func (w *World) alertsAfterUse(called []int) {
	m := w.M
	for i := range w.act {
		l := w.act[i].alertOnUse
		if l <= called[i] {
			continue
		}
		for c, used := range w.ws.usedBy {
			if used && c != m.Coalition[i] {
				called[i] = l
				break
			}
		}
	}
}
