package sim

// Bargaining over the stakes of the principal relation: a prize of 1, of
// which x is side 0's share. Each side s values war, over the planning
// horizon H, at p_s − c_s: p_s its own estimate of its chance to prevail at
// the conflict rung (prevail, optimism included) and c_s its cost of war in
// units of its stakes, c_s = κ_s·(cost(R)·H + GDP cost)/S_s + ĉ_s, the public
// cost of the rung plus the side's private cost ĉ_s (relation side
// `private_cost`), drawn per trajectory and known only to the side.
//
// Complete information (protocol complete; Fearon 1995, "Rationalist
// Explanations for War", International Organization 49(3), pp. 386–390): both
// know every cost; a settlement both prefer to war exists iff
// p_0 − c_0 ≤ (1 − p_1) + c_1 (BargainingRange), it is the middle of the range,
// and it is agreed when both offer it (the logit choice, decision.go).
//
// Private information (protocols take-it-or-leave-it and alternating; Fearon
// 1995 pp. 395–401; Powell 1999, "In the Shadow of Power", ch. 3): at each
// decision epoch the proposer P (fixed, or taking turns) demands a share x of
// the prize. The receiver R, with true private cost ĉ, accepts iff
//
//	1 − x ≥ max(1 − p̃ − c_R, m_R)
//
// (p̃ = 1 − p_R is R's estimate of P's chance, m_R its minimum share), and
// the war goes on if it refuses. P knows R's public cost c⁰_R and the
// distribution F of ĉ, held as K equally likely types t_1 ≤ … ≤ t_K (the
// quantiles F⁻¹((k − ½)/K), `bargaining.types`), of which the n lowest are
// still possible. Taking R's estimate of its chance to be its own p, P
// believes type k accepts x iff x ≤ r_k = min(p + c⁰_R + t_k, 1 − m_R), and
// demands the x that maximises
//
//	U(x) = P(accept | x)·x + (1 − P(accept | x))·(p − c_P),  x ≥ m_P,
//
// whose maximum over a discrete belief lies at one of the r_k (at x = r_k
// every type j ≥ k accepts, P(accept) = (n − k + 1)/n). A refusal of x teaches
// P that R is one of the types with r_k < x: P keeps those (Bayes' rule with
// a likelihood of 0 or 1 truncates the prior). If no type of its belief
// would have refused (R is more optimistic than P supposes), P's model is
// wrong and it starts again from its prior. Complete information is the
// special case of a degenerate prior: every t_k = ĉ, and P demands exactly R's
// reservation, p + c⁰_R + ĉ, which R accepts.
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
	protocol int
	proposer int          // side of the principal relation who proposes (first)
	types    [2][]float64 // per side s: the types of s's private cost as the other side sees them, ascending
}

func compileBargaining(m *Model) {
	b := m.Scenario.Bargaining
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
	n [2]int // side s's belief: the n lowest types of the other side's private cost are still possible
}

func (w *World) resetBargaining() {
	for s := range 2 {
		w.barg.n[s] = len(w.M.barg.types[1-s])
	}
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
		v := w.sideView(q, s)
		p[s], _ = w.prevail(&v, R, rs.rung[s])
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
	lo, hi = max(lo, rs.minShare[0]), min(hi, 1-rs.minShare[1])
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
	rs := &w.rel[q]
	p, c := w.warValues()
	d, k, ok := OptimalDemand(p[P], c[P]+rs.privCost[P], c[R], rs.minShare[P], rs.minShare[R], spec.types[R][:w.barg.n[P]])
	if !ok {
		return 0, false
	}
	// The receiver's true reservation: its own chance and its true cost.
	accept := 1-d >= rs.minShare[R] && 1-d >= p[R]-c[R]-rs.privCost[R]
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
			float64(w.barg.n[P]-k)/float64(max(w.barg.n[P], 1)), w.actorName(w.M.Relations[q].A[R]), verb)
	}
	if accept {
		return x, true
	}
	// Bayes on a refusal: only the types that would have refused remain.
	w.barg.n[P] = k
	if k == 0 {
		w.barg.n[P] = len(spec.types[R])
	}
	return 0, false
}

// OptimalDemand is the take-it-or-leave-it demand of a proposer whose chance
// to prevail is p and whose cost of war is cP (in units of the prize), facing
// a receiver with public cost c0 and a private cost that is one of the
// equally likely types (ascending); mP and mR are the least shares the
// proposer and the receiver will settle for. Type t accepts a demand x iff
// x ≤ min(p + c0 + t, 1 − mR). It returns the demand that maximises
// P(accept)·x + (1 − P(accept))·(p − cP), and k, the number of types that
// would refuse it (the lowest k); ok is false if no demand of at least mP can
// be accepted by any type, or none beats war.
func OptimalDemand(p, cP, c0, mP, mR float64, types []float64) (x float64, k int, ok bool) {
	n := len(types)
	if n == 0 {
		return 0, 0, false
	}
	war := p - cP
	best := war
	cap := 1 - mR
	for i := 0; i < n; i++ {
		if i > 0 && types[i] == types[i-1] {
			continue // the same demand, accepted by fewer types in this count
		}
		// Every type below i refuses d (r is ascending and below the cap
		// until the loop breaks); i and those above accept.
		d := min(p+c0+types[i], cap)
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
