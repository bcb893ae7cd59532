package sim

// observe updates the belief of the other side of relation q about the resolve
// of the actor on side s, after it chose option o and moved from rung `from` to
// `to`.
//
// Beliefs are Beta(α, β) over "the opponent is resolute"; a move counts as
// weighted Bernoulli evidence (pseudo-observations): a climb adds its rung's
// signal weight to α, a retreat the weight of the rung left to β. Costly signals
// weigh more than cheap talk (Fearon 1997, "Signaling Foreign Policy
// Interests"): a threat without a move counts cheapTalkWeight of the rung
// threatened, and enduring a costly rung adds a little each epoch. An offer to
// settle is read as a small sign of weakness.
func (w *World) observe(q, s int, o option, from, to int) {
	rs := &w.rel[q]
	o2 := 1 - s // the observer
	switch o {
	case optUp, optJump:
		for k := from + 1; k <= to; k++ {
			rs.alpha[o2] += w.rungs[k].signal
		}
	case optDown:
		rs.beta[o2] += w.rungs[from].signal
	case optSignal:
		t := min(from+1, w.M.Top)
		rs.alpha[o2] += cheapTalkWeight * w.rungs[t].signal
		w.Out.Threats++
		w.threats++
		rs.threat[s], rs.threatOpp[s] = t, w.scratch.views[q*2+s].other // judged at the next epoch (judgeThreats)
	case optHold:
		if w.rungs[from].cost > 0 {
			rs.alpha[o2] += holdWeight * w.rungs[from].signal
		}
	case optSettle:
		rs.beta[o2] += offerWeight * w.rungs[from].signal
	}
}

const (
	holdWeight  = 0.05 // evidence of enduring a costly rung for one epoch, relative to climbing it
	offerWeight = 0.25 // evidence of weakness in an offer to settle, relative to stepping down
	// defaultCalledWeight is the weight of a threat defied and not carried
	// out (called_threat_weight), relative to the signal of the rung
	// threatened: twice what the threat said (judgement).
	defaultCalledWeight = 2 * cheapTalkWeight
)

// dueThreats sets aside, before the moves of a decision epoch are applied,
// the threats of the last epoch, for judgeThreats to judge after them: a
// threat is answered by the epoch after it was made, and the threatener may
// carry it out then. It makes room for the epoch's own threats.
func (w *World) dueThreats() {
	w.judging, w.threats = w.threats, 0
	if w.judging == 0 {
		return // most epochs: nothing to set aside or judge
	}
	for q := range w.rel {
		rs := &w.rel[q]
		rs.judging, rs.judgeOpp = rs.threat, rs.threatOpp
		rs.threat = [2]int{}
	}
}

// judgeThreats settles, once the moves of a decision epoch are made, the
// threats of the epoch before (set aside by dueThreats). A threat the
// threatener carried out (it stands on the rung it threatened) was said by
// the climb; one its target yielded to (stepped down toward it) worked. A
// threat that was defied and not carried out is a bluff called: the target
// adds w_c × the threatened rung's signal to its evidence that the
// threatener is not resolute, more than the threat added for it, so that
// threats made again and again and never carried out lose their force — the
// threatener's reputation for honesty, which gave its words their weight, is
// spent (Sartori 2005, Deterrence by Diplomacy; Guisinger & Smith 2002,
// "Honest Threats", J. Conflict Resolut. 46:175–200). A target's belief that
// the threatener is resolute tends, under threats repeated and never carried
// out, to c/(c + w_c), c = cheapTalkWeight: 1/3 at the default w_c = 2c
// (called_threat_weight, judgement). The threatener in turn learns that its
// target stood firm: w_c/2 × the signal to its evidence that the target is
// resolute. Without this a threat only ever raised the target's belief in
// the threatener's resolve, and a threat repeated every week for years grew
// more credible each time.
func (w *World) judgeThreats() {
	if w.judging == 0 {
		return
	}
	w.judging = 0
	for q := range w.rel {
		rs := &w.rel[q]
		for s := range 2 {
			t := rs.judging[s]
			if t == 0 {
				continue
			}
			rs.judging[s] = 0
			if rs.rung[s] >= t {
				w.Out.ThreatsCarried++
				continue
			}
			if rs.rung[1-s] < rs.judgeOpp[s] {
				w.Out.ThreatsHeeded++ // it worked
				continue
			}
			w.Out.ThreatsCalled++
			sig := w.rungs[t].signal
			rs.beta[1-s] += w.calledW * sig
			rs.alpha[s] += w.calledW / 2 * sig
			if w.tracing {
				w.traceCalled(q, s, t)
			}
		}
	}
}

// traceCalled tells that side s's threat of rung t in relation q was called.
func (w *World) traceCalled(q, s, t int) {
	rs, r := &w.rel[q], &w.M.Relations[q]
	i, j := r.A[s], r.A[1-s]
	w.logf("%s's threat of %q was defied and not carried out: %s now believes %s resolute with p=%.2f, and %s believes %s resolute with p=%.2f",
		w.actorName(i), w.rungName(t), w.actorName(j), w.actorName(i), rs.belief(1-s), w.actorName(i), w.actorName(j), rs.belief(s))
}
