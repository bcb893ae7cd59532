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
		rs.alpha[o2] += cheapTalkWeight * w.rungs[min(from+1, w.M.Top)].signal
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
)
