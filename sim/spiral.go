package sim

import "math"

// spiralMechanism: the threat that leaves something to chance (Schelling 1960,
// The Strategy of Conflict, ch. 8). A conflict standing on a rung with spiral
// rate h between two nuclear-armed coalitions slips out of anyone's control
// into general nuclear war with probability 1 − exp(−h·Δt) per turn. (A war
// against a state without a nuclear backer cannot by itself become general
// nuclear war; it gets there through the red lines of those who have one.)
type spiralMechanism struct{}

func (spiralMechanism) Step(w *World) {
	r := w.rng[StreamEscalate]
	top := w.M.Top
	for q := range w.rel {
		if !w.mutualRel[q] { // mutual(q)
			continue
		}
		c := w.conflictRung(q)
		rung := &w.rungs[c]
		h := rung.spiral
		if h <= 0 {
			continue
		}
		p := rung.slip
		if h != rung.slipH { // an event changed the rung's spiral rate
			p = -math.Expm1(-h * w.dt)
		}
		if r.Float64() >= p {
			continue
		}
		if w.tracing {
			w.logf("the conflict between %s and %s at %q slips out of control",
				w.actorName(w.M.Relations[q].A[0]), w.actorName(w.M.Relations[q].A[1]), w.rungName(c))
		}
		rs := &w.rel[q]
		s := 0
		if rs.rung[1] > rs.rung[0] {
			s = 1
		}
		w.setRung(q, s, top, UseLossOfControl)
		w.setRung(q, 1-s, top, UseLossOfControl)
		return
	}
}
