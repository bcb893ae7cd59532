package sim

// terminationMechanism ends a trajectory: general nuclear war when a relation
// reaches the terminal rung; capitulation when a side's combat power in a
// theatre falls below its breaking point (a share of its power when fighting
// began), or the share of the theatre it holds falls below its threshold; a
// side that withdraws on capitulation leaves the theatre to the other. Settlement is agreed in the decision mechanism (Fearon's bargaining
// range, see BargainingRange); the horizon, a frozen war, in World.Run.
type terminationMechanism struct{}

func (terminationMechanism) Step(w *World) {
	if w.terminalDue { // a rung changed since the last look
		w.terminalDue = false
		for q := range w.rel {
			if w.rungs[w.conflictRung(q)].terminal {
				w.end(EndNuclearWar, -1)
				return
			}
		}
	}
	p := &w.M.Relations[w.M.Principal]
	for t := range w.th {
		ts := &w.th[t]
		if !ts.started || !ts.active {
			continue
		}
		for s := range 2 {
			held := ts.territory
			if s == 1 {
				held = 1 - held
			}
			if ts.power[s] >= ts.capitulate[s]*ts.p0[s] && held >= ts.capitulateHeld[s] {
				continue
			}
			who := w.M.Theatres[t].Actors[s][0]
			for _, a := range w.M.Theatres[t].Actors[s] {
				if a == p.A[0] || a == p.A[1] {
					who = a
				}
			}
			if w.tracing {
				if ts.power[s] < ts.capitulate[s]*ts.p0[s] {
					w.logf("%s's combat power in %s is %.0f %% of what it began with, below its breaking point of %.0f %%",
						w.actorName(who), w.M.Theatres[t].ID, 100*ts.power[s]/ts.p0[s], 100*ts.capitulate[s])
				} else {
					w.logf("%s holds %.1f %% of %s, below the %.1f %% at which it gives up",
						w.actorName(who), 100*held, w.M.Theatres[t].ID, 100*ts.capitulateHeld[s])
				}
			}
			if ts.withdrawsOnCapitulation[s] {
				// An intruder that capitulates withdraws: the ground it
				// held is the other side's (withdraws_on_capitulation).
				if w.tracing {
					w.logf("%s withdraws from the %.1f %% of %s it held", w.actorName(who), 100*held, w.M.Theatres[t].ID)
				}
				ts.territory = float64(s) // side a's share: 0 if a withdraws, 1 if b does
			}
			w.end(EndCapitulation, who)
			return
		}
	}
}
