package sim

// Bargaining over the stakes of the principal relation: a prize of 1, of
// which x is side 0's share. Each side s bears a private cost of war ĉ_s, in
// units of its stakes over the planning horizon (relation side
// `private_cost`), drawn per trajectory and known only to it; the other side
// knows only its distribution.
//
// Complete information (protocol complete, the default; Fearon 1995,
// "Rationalist Explanations for War", International Organization 49(3), the
// bargaining range): each side values war at p_s − c_s, p_s its own estimate
// of its chance to prevail at the conflict rung (prevail, optimism included)
// and c_s = κ_s·(cost(R)·H + GDP cost)/S_s + ĉ_s; both know every cost; a
// settlement both prefer to war exists iff p_0 − c_0 ≤ (1 − p_1) + c_1
// (BargainingRange), it is the middle of the range, and it is agreed when
// both offer it (the logit choice, decision.go).
//
// Private information (protocols take-it-or-leave-it and alternating; Fearon
// 1995, on private information and incentives to misrepresent; Powell 1999,
// "In the Shadow of Power"): at each
// decision epoch the proposer P (fixed, or taking turns) demands a share x of
// the prize. Each side values the war going on as it is at its utility of
// holding its rung (decision.go) in units of its stakes, h_s − ĉ_s: the
// chance to prevail, and that the opponent yields, less the public costs,
// the ground at risk and the catastrophe risk (h_s), less the private cost
// ĉ_s at combat rungs. In Fearon's model h = p − c⁰ for A and 1 − p − c⁰ for
// B. The receiver R accepts iff
//
//	1 − x ≥ max(h_R − ĉ_R, m_R)
//
// (m_R its minimum share), and the war goes on if it refuses. P knows h_R
// and the distribution F of ĉ_R, held as K equally likely types
// t_1 ≤ … ≤ t_K (the quantiles F⁻¹((k − ½)/K), `bargaining.types`), of which
// the n lowest are still possible. Type k accepts x iff
// x ≤ r_k = min(1 − h_R + t_k, 1 − m_R), and P demands the x that maximises
//
//	U(x) = P(accept | x)·x + (1 − P(accept | x))·(h_P − ĉ_P),  x ≥ m_P,
//
// whose maximum over a discrete belief lies at one of the r_k (at x = r_k
// every type j ≥ k accepts, P(accept) = (n − k + 1)/n). A refusal of x teaches
// P that R is one of the types with r_k < x: P keeps those (Bayes' rule with
// a likelihood of 0 or 1 truncates the prior). If no type of its belief
// would have refused (R is tougher than the prior allows), P's model is
// wrong and it starts again from its prior. Complete information is the
// special case of a degenerate prior: every t_k = ĉ_R, and P demands exactly
// R's reservation, 1 − h_R + ĉ_R, which R accepts.
//
// Fearon's closed form (the test, testdata/fearon.yaml): A proposes to B, B's
// cost c_B ~ U[0, c̄], common p, A's cost c_A. B accepts x iff c_B ≥ x − p, so
// for x ∈ [p, p + c̄], P(accept) = 1 − (x − p)/c̄ and
//
//	U(x) = (1 − (x − p)/c̄)·x + ((x − p)/c̄)·(p − c_A),
//	U'(x) = [c̄ − (x − p) − x + (p − c_A)]/c̄ = [c̄ + 2p − c_A − 2x]/c̄,
//	U''(x) = −2/c̄ < 0,
//
// so x* = p + (c̄ − c_A)/2, clamped to [p, p + c̄] (x* = p when c_A ≥ c̄: the
// risk is not worth taking), and P(war) = (x* − p)/c̄ = (c̄ − c_A)/(2c̄).
// The discrete belief reproduces both within c̄/K and 1/K.

import (
	"brink/scenario"
)

// Bargaining protocols.
const (
	protoComplete = iota
	protoTIOLI
	protoAlternating
)

// bargainSpec is the scenario's bargaining block, compiled.
type bargainSpec struct {
	aimsHalfLife float64 // n½ of the war aims' convergence (warending.go)
	pause        int     // days without bargaining after a nuclear detonation
	resume       float64 // chance per epoch of the pause that the principals bargain all the same
	protocol     int
	proposer     int          // side of the principal relation who proposes (first)
	types        [2][]float64 // per side s: the types of s's private cost as the other side sees them, ascending
}

func compileBargaining(m *Model) {
	b := m.Scenario.Bargaining
	if b != nil {
		m.barg.aimsHalfLife, m.barg.pause, m.barg.resume = b.AimsHalfLife, b.PauseAfterNuclearUse, b.ResumeAfterNuclearUse
	}
	if b == nil || b.Protocol == "" || b.Protocol == "complete" || m.Principal < 0 {
		return
	}
	m.barg.protocol = protoTIOLI
	if b.Protocol == "alternating" {
		m.barg.protocol = protoAlternating
	}
	rs := &m.Relations[m.Principal]
	if b.Proposer == m.Actors[rs.A[1]] {
		m.barg.proposer = 1
	}
	k := max(b.Types, 2)
	for s := range 2 {
		m.barg.types[s] = discreteTypes(rs.side[s].PrivateCost, k)
	}
}

// discreteTypes returns k equally likely types of v: its quantiles at
// (i + ½)/k, ascending.
func discreteTypes(v scenario.Value, k int) []float64 {
	t := make([]float64, k)
	for i := range t {
		if v.IsConst() {
			t[i] = v.P[0]
			continue
		}
		t[i] = v.Quantile((float64(i) + 0.5) / float64(k))
	}
	return t
}

// bargainState is what a trajectory's bargaining remembers.
type bargainState struct {
	n       [2]int // side s's belief: the n lowest types of the other side's private cost are still possible
	battles int    // decision epochs at which the principals fought (warending.go)
	lastUse int    // day of the last nuclear detonation (warending.go)
}

func (w *World) resetBargaining() {
	for s := range 2 {
		w.barg.n[s] = len(w.M.barg.types[1-s])
	}
	w.resetWarEnding()
}

// warValues returns, for the principal relation at conflict rung R, each
// side's own estimate of its chance to prevail and its public cost of war in
// units of its stakes (without its private cost).
func (w *World) warValues() (p, c [2]float64) {
	q := w.M.Principal
	rs := &w.rel[q]
	R := w.conflictRung(q)
	cost := w.rungs[R].cost * w.planning
	nr := len(w.rungs)
	for s := range 2 {
		p[s], _ = w.prevail(&w.scratch.views[q*2+s], R, rs.rung[s]) // up to date: refreshViews
		i := w.M.Relations[q].A[s]
		c[s] = w.act[i].costSens * (cost + w.ws.econCost[i*nr+R]) / max(rs.stakes[s], 1e-9)
	}
	return p, c
}

// bargain finds the settlement of the principal relation under complete
// information, if a bargaining range exists (see BargainingRange), and
// returns side 0's share of the stakes.
func (w *World) bargain() (float64, bool) {
	if w.M.barg.protocol != protoComplete {
		return 0, false
	}
	rs := &w.rel[w.M.Principal]
	p, c := w.warValues()
	lo, hi, ok := BargainingRange(p[0], 1-p[1], c[0]+rs.privCost[0], c[1]+rs.privCost[1])
	// Indivisible stakes: each side also insists on its minimum share.
	lo, hi = max(lo, w.leastShare(0)), min(hi, 1-w.leastShare(1))
	if !ok || lo > hi {
		return 0, false
	}
	return clamp01((lo + hi) / 2), true
}

// BargainingRange is Fearon's (1995, "Rationalist Explanations for War")
// bargaining range over a prize of size 1. A expects to win a war with
// probability pA (its own estimate) and pays cA; B estimates A's chance as pB
// and pays cB. A accepts any share x ≥ pA − cA; B accepts any x ≤ pB + cB. A
// settlement both prefer to war exists iff pA − cA ≤ pB + cB; with common
// estimates (pA = pB) it always does, and only mutual optimism larger than the
// joint cost of war closes it.
func BargainingRange(pA, pB, cA, cB float64) (lo, hi float64, ok bool) {
	lo, hi = pA-cA, pB+cB
	return lo, hi, lo <= hi
}

// holdValue is the value to side s of the principal relation of the war
// going on as it is — the utility of holding its rung (decision.go), in units
// of its stakes — without its private cost, and the private cost it bears
// there (0 if the conflict is below the combat rungs).
func (w *World) holdValue(s int) (pub, priv float64) {
	v := &w.scratch.views[w.M.Principal*2+s] // up to date: refreshViews
	pw, extra := w.prevail(v, max(v.rho, v.other), v.rho)
	S := max(v.S, 1e-9)
	u := w.utilityGiven(v, v.rho, v.rho, 1, false, pw, extra) / S
	if w.rungs[max(v.rho, v.other)].combat {
		priv = v.rs.privCost[s]
	}
	return u + priv, priv
}

// zeroType is the belief about a side that bears no private cost.
var zeroType = []float64{0}

// propose runs one round of bargaining under private information: the
// proposer of this epoch demands, the receiver accepts or refuses. It reports
// whether a settlement was agreed, and side 0's share.
func (w *World) propose() (x float64, settled bool) {
	spec := &w.M.barg
	P := spec.proposer
	if spec.protocol == protoAlternating && (w.Day/w.M.Scenario.DecisionEveryDays)%2 == 1 {
		P = 1 - P
	}
	R := 1 - P
	q := w.M.Principal
	hP, cP := w.holdValue(P)
	hR, cR := w.holdValue(R)
	// Below the combat rungs the private cost of war is not borne, and a
	// refusal says nothing about it.
	borne := w.rungs[w.conflictRung(q)].combat
	types := zeroType
	if borne {
		types = spec.types[R][:w.barg.n[P]]
	}
	mP, mR := w.leastShare(P), w.leastShare(R)
	d, k, ok := OptimalDemand(hP-cP, 1-hR, mP, mR, types)
	if !ok {
		return 0, false
	}
	// The receiver's true reservation: the war as it goes, at its true cost.
	accept := 1-d >= mR && 1-d >= hR-cR
	x = d
	if P == 1 {
		x = 1 - d
	}
	if w.tracing {
		verb := "refuses"
		if accept {
			verb = "accepts"
		}
		w.logf("%s demands %.3f of the stakes from %s (believes it accepted with p=%.2f); %s %s",
			w.actorName(w.M.Relations[q].A[P]), d, w.actorName(w.M.Relations[q].A[R]),
			float64(len(types)-k)/float64(len(types)), w.actorName(w.M.Relations[q].A[R]), verb)
	}
	if accept {
		return x, true
	}
	if !borne {
		return 0, false
	}
	// Bayes on a refusal: only the types that would have refused remain.
	w.barg.n[P] = k
	if k == 0 {
		w.barg.n[P] = len(spec.types[R])
	}
	return 0, false
}

// OptimalDemand is the take-it-or-leave-it demand of a proposer who values
// war at war (in units of the prize) facing a receiver whose private cost is
// one of the equally likely types (ascending): type t accepts a demand x iff
// x ≤ min(base + t, 1 − mR), base being the most the receiver would concede
// at no private cost; mP and mR are the least shares the proposer and the
// receiver will settle for. It returns the demand that maximises
// P(accept)·x + (1 − P(accept))·war, and k, the number of types that would
// refuse it (the lowest k); ok is false if no demand of at least mP can be
// accepted by any type, or none is worth as much as war. In Fearon's model
// war = p − c_P and base = p + c⁰_R.
func OptimalDemand(war, base, mP, mR float64, types []float64) (x float64, k int, ok bool) {
	n := len(types)
	if n == 0 {
		return 0, 0, false
	}
	best := war
	cap := 1 - mR
	// Demands below mP are never made, and min(base + t, cap) ascends with
	// the types: start from the first type whose demand reaches mP, found by
	// bisection (most epochs, nearly every type is below it).
	lo, hi := 0, n
	for lo < hi {
		if h := int(uint(lo+hi) >> 1); min(base+types[h], cap) < mP {
			lo = h + 1
		} else {
			hi = h
		}
	}
	for i := lo; i < n; i++ {
		if i > 0 && types[i] == types[i-1] {
			continue // the same demand, accepted by fewer types in this count
		}
		// Every type below i refuses d (base + t is ascending and below the
		// cap until the loop breaks); i and those above accept.
		d := min(base+types[i], cap)
		if d < mP {
			continue
		}
		acc := float64(n-i) / float64(n)
		// A proposer indifferent between a settlement and war settles.
		if u := acc*d + (1-acc)*war; u > best || (!ok && u >= war) {
			best, x, k, ok = u, d, i, true
		}
		if d == cap {
			break
		}
	}
	return x, k, ok
}
