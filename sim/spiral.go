package sim

import (
	"math"
	"math/rand/v2"
)

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
		// Both lose control: each side launches, whatever its doctrine
		// would have drawn, and then the answers of their allies (generalWar).
		s := w.losesControlFirst(r, q)
		w.exchanging = true
		w.setRung(q, s, top, UseLossOfControl)
		w.setRung(q, 1-s, top, UseLossOfControl)
		w.exchanging = false
		w.generalWar() // the top rung is terminal (scenario.checker.ladder)
		return
	}
}

// losesControlFirst is the side of relation q whose launch starts the general
// war when the conflict slips out of control: the side losing the
// conventional war where the two fight each other (the lower combat power in
// a theatre where they stand on opposite sides), whose strategic forces and
// warning the war erodes and which comes to fear a disarming strike (Posen
// 1991, "Inadvertent Escalation", ch. 1); where they fight nowhere, the side
// on the higher rung; on a tie, either, at random (one draw from r).
func (w *World) losesControlFirst(r *rand.Rand, q int) int {
	rs, rel := &w.rel[q], &w.M.Relations[q]
	// The theatre where the two face each other, and side 0's side there.
	if t, s0 := rel.theatre[0], rel.tside[0]; t >= 0 && w.fightingIn(rel.A[0], t) && w.fightingIn(rel.A[1], t) {
		if p0, p1 := w.th[t].power[s0], w.th[t].power[1-s0]; p0 != p1 {
			if p0 < p1 {
				return 0
			}
			return 1
		}
	}
	switch {
	case rs.rung[1] > rs.rung[0]:
		return 1
	case rs.rung[0] > rs.rung[1]:
		return 0
	}
	if r.Float64() < 0.5 {
		return 0
	}
	return 1
}
