package sim

import "fmt"

// redLineMechanism: a red line commits its holder to climb to a response rung
// toward the actor it is drawn against if that actor reaches a given rung
// toward the protected party. When crossed it fires once: with probability
// equal to its credibility the holder responds; otherwise the commitment is
// shown to be hollow, and the credibility of the guarantees of the holder's
// alliances falls (alliance.go). A holder that already stands at the response
// rung toward that actor is carrying the commitment out: it is kept, without
// a draw.
//
// A holder's lines against one actor over one party form a ladder of
// commitments (a warning against any nuclear use, a firmer one against use
// that kills): each rung of it is tested when the actor reaches it, whether
// or not the lines below held, and a step that crosses several at once is
// answered by the highest alone — the holder answers the worst of what was
// done, once, and the lines below are spent with it. A hollow line lowers the
// credibility of those above through the holder's alliances as of any other
// (a reputation for resolve, Sartori 2005; Weisiger & Yarhi-Milo 2015).
type redLineMechanism struct{}

// due reports whether a rung changed since the red lines were checked (Step
// has nothing to do otherwise): World.Step asks first, without a call.
func (redLineMechanism) due(w *World) bool { return w.redLinesDue }

func (redLineMechanism) Step(w *World) {
	// Whether a red line is crossed depends on the rungs alone: while none
	// has changed since the last check, no unfired line can be crossed.
	if !w.redLinesDue {
		return
	}
	w.redLinesDue = false
	r := w.rng[StreamDecision]
	changed := false
	for k := range w.M.RedLines {
		rl := &w.M.RedLines[k]
		st := &w.rl[k]
		if st.fired || rl.trigRel < 0 {
			continue
		}
		cur := w.rel[rl.trigRel].rung[w.sideOf(rl.trigRel, rl.Against)]
		if cur < rl.Rung {
			continue
		}
		st.fired = true
		if cur >= rl.supersededAt {
			continue // spent: a higher line of the same ladder answers this step
		}
		s := w.sideOf(rl.respRel, rl.Holder)
		rs := &w.rel[rl.respRel]
		// A holder already fighting at the response rung is carrying the
		// commitment out: there is nothing to decide, and nothing shown hollow.
		already := rs.rung[s] >= rl.Response
		kept := already || bernoulli(r, st.cred)
		w.noteGuaranteeTest(rl.Holder, kept)
		if !kept {
			if w.tracing {
				w.logf("%s; %s does not respond", w.crossingText(rl, cur), w.actorName(rl.Holder))
			}
			continue
		}
		if already && w.tracing {
			w.logf("%s; %s already stands at %q toward %s", w.crossingText(rl, cur),
				w.actorName(rl.Holder), w.rungName(rs.rung[s]), w.actorName(rl.Against))
		}
		rs.maxRung[s] = max(rs.maxRung[s], rl.Response)
		if rl.holdDays > 0 {
			// A response carried out is not given up within days (held, retaliation.go).
			k := rl.respRel*2 + s
			w.rt.holdFloor[k] = max(w.rt.holdFloor[k], rl.Response)
			w.rt.holdUntil[k] = max(w.rt.holdUntil[k], w.Day+rl.holdDays)
		}
		if rs.rung[s] < rl.Response {
			if w.tracing {
				w.logf("%s; %s responds: %q toward %s", w.crossingText(rl, cur),
					w.actorName(rl.Holder), w.rungName(rl.Response), w.actorName(rl.Against))
			}
			w.setRung(rl.respRel, s, rl.Response, UseDeliberate)
			changed = true
		}
	}
	w.applyGuaranteeTests() // once per alliance for the day's crossings (alliance.go)
	if changed && !w.done {
		w.updateAlerts()
	}
}

// crossingText says, for the trace, which red line was crossed and, when the
// step went past the line's rung, how far: "RUS crosses the red line of USA
// ("demonstration shot" toward UKR) with "limited strategic strikes"".
func (w *World) crossingText(rl *RedLineSpec, cur int) string {
	t := fmt.Sprintf("%s crosses the red line of %s (%q toward %s)",
		w.actorName(rl.Against), w.actorName(rl.Holder), w.rungName(rl.Rung), w.actorName(rl.Protects))
	if cur > rl.Rung {
		t += fmt.Sprintf(" with %q", w.rungName(cur))
	}
	return t
}
