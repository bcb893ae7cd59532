package sim

import (
	"math"

	"brink/scenario"
)

// Deployment: forces reach a theatre over time. An actor that enters the
// fighting in a theatre engages not all its committed forces at once but the
// share that has arrived, which grows as a first-order lag,
//
//	a(t) = 1 − e^(−t/τ),  a ← a + (1 − a)·(1 − e^(−Δt/τ)) each turn of fighting,
//
// τ the actor's deploy_days (a fact of logistics: brigades moved by sea and
// rail, air wings flown in, depots stocked). NATO's plans count lead elements
// in days and heavy forces in weeks to months (the Very High Readiness Joint
// Task Force, Wales summit 2014: lead elements in 2-3 days, the rest within
// 7; a US armoured brigade from the United States, about a month by sea);
// Shlapak & Johnson (2016, RAND RR-1253, "Reinforcing Deterrence on NATO's
// Eastern Flank") find the Alliance's reinforcements arriving far slower than
// a war in the Baltic would be decided. Forces fighting on the first day of a
// scenario are in place; forces that arrived stay (a step down keeps them in
// theatre). With τ = 0 (the default) they arrive at once, as before.
//
// Only the share engaged in combat follows a(t); what an actor expects of
// joining (decision.go) counts its full commitment, as a plan would.

// deploySteps is, for each actor of each side of theatre t, 1 − e^(−Δt/τ):
// the share of what is still on its way that arrives in one turn of dt days
// (1 for τ ≤ 0). deploy_days is not drawn, so this is fixed for the model.
func deploySteps(t *scenario.Theatre, dt float64) (k [2][]float64) {
	for s, side := range [2]*scenario.TheatreSide{&t.A, &t.B} {
		k[s] = make([]float64, len(side.Actors))
		for j := range side.Actors {
			k[s][j] = 1
			if tau := side.Actors[j].DeployDays; tau > 0 {
				k[s][j] = -math.Expm1(-dt / tau)
			}
		}
	}
	return k
}

// arrivedShare is the share of the k-th actor of side s whose forces are in
// theatre ts, for an actor fighting there: all of it on the first day of the
// scenario or if it deploys at once; otherwise what has arrived, and the
// theatre is marked as deploying.
func (w *World) arrivedShare(ts *theatreState, s, k int) float64 {
	a := &ts.arrived[s][k]
	if *a < 1 {
		if w.Day == 0 || ts.deployK[s][k] >= 1 {
			*a = 1
		} else {
			ts.deploying = true
		}
	}
	return *a
}

// deployStep moves forward, by one turn, the forces on their way to a
// theatre for each actor fighting there: a ← a + (1 − a)·k.
func (w *World) deployStep() {
	for t := range w.th {
		ts := &w.th[t]
		if !ts.deploying {
			continue
		}
		ts.deploying = false
		for s := range 2 {
			for k, x := range w.M.Theatres[t].Actors[s] {
				a := &ts.arrived[s][k]
				if *a >= 1 || w.effortNow(t, s, x) == 0 {
					continue
				}
				if *a == 0 && w.tracing {
					sc := w.M.Theatres[t].spec
					w.logf("%s's forces begin to arrive in %s (time constant %g days: 63 %% of them within it)",
						w.actorName(x), sc.ID, [2]*scenario.TheatreSide{&sc.A, &sc.B}[s].Actors[k].DeployDays)
				}
				*a += (1 - *a) * ts.deployK[s][k]
				if *a > 0.999 {
					*a = 1
				} else {
					ts.deploying = true
				}
				w.effortsDirty = true
			}
		}
	}
}
