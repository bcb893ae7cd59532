package sim

// War ending: what keeps a war going when a bargaining range exists, and what
// a settlement needs after a nuclear use or while the great powers fight.
//
// Aims that converge as the fighting reveals the balance. A war is a
// bargaining process in which fighting reveals what each side can do, and it
// ends when the sides' expectations have converged enough for a deal both
// prefer to more fighting (Blainey 1973, "The Causes of War": wars begin and
// go on from mutual optimism; Wagner 2000, "Bargaining and War", AJPS
// 44:469–484; Slantchev 2003, "The Principle of Convergence in Wartime
// Negotiations", APSR 97:621–632; Smith & Stam 2004, "Bargaining and the
// Nature of War", JCR 48:783–813: each battle is a draw from the balance of
// power, and beliefs converge as battles accumulate). Leaders also revise
// their war aims only as the war's course forces them to (Goemans 2000, "War
// and Punishment": a leader who settles for less than was promised risks his
// office and more; Reiter 2009, "How Wars End"). Each side s of the principal
// relation starts from its war aim a_s, the least share it will settle for
// when the fighting begins, and moves toward m_s, the least it would settle
// for once the war has shown what it can do (`min_share`), as the weight of a
// prior of n½ pseudo-observations falls against n epochs of fighting — the
// posterior weight of the prior in a conjugate update:
//
//	m_s(n) = m_s + (a_s − m_s)·n½/(n½ + n)·min(1, π_s/π_s⁰),
//
// n the decision epochs at which the principals fought (combat rungs), n½
// `aims_half_life_epochs`, and π_s = P_s²/(P_s² + P_o²) the square-law share
// of the balance of combat power in the theatre where they fight, π_s⁰ at
// the start of the fighting: an aim set on the balance of the first day
// shrinks as the fighting shows that balance turning against the side (the
// loser of battles revises first: Slantchev 2003; Goemans 2000), and a side
// whose army is being worn down settles for its least before it breaks. While a_0 + a_1 > 1 the aims are incompatible and
// no demand either would accept exists (indivisibility in Fearon's 1995
// sense, until the war revises it); with the balance unchanged they become
// compatible at
//
//	n* = n½·((a_0 − m_0 + a_1 − m_1)/(1 − m_0 − m_1) − 1),
//
// and a settlement then still needs a demand the receiver prefers to the war
// as it goes (bargaining.go).
//
// A side that expects to be stronger refuses. Where the balance of power is
// shifting, a settlement on today's terms locks in today's balance, and the
// side it is shifting toward does better to fight on and settle later (the
// commitment problem of shifting power: Fearon 1995, on preventive war;
// Powell 2006, "War as a Commitment Problem", IO 60:169–203, where large,
// rapid shifts make every settlement worse for one side than war). Each side
// raises its least share by the gain in its square-law share of the balance
// that the trend of the remembered epochs projects over the planning horizon
// H:
//
//	m_s ← m_s + max(0, π̇_s·H),  capped at 1,
//
// π̇_s the change of π_s per day between the oldest and the newest epoch the
// theatre remembers (firstuse.go). A side whose balance is falling gains
// nothing by waiting and keeps its least share.
//
// After a nuclear use. A nuclear detonation does not open the ordinary peace
// path within days: the user expects it to coerce, the victim and its
// patrons must answer it, and intra-war bargaining first has to establish
// what each side will and will not strike (Iklé 1971, "Every War Must End",
// on the difficulty of ending wars in which the stakes have been raised;
// Schelling 1966, "Arms and Influence", ch. 5 on the limits of limited war).
// For `pause_after_nuclear_use_days` after each detonation the principals do
// not bargain, except at an epoch where a draw of probability
// `resume_after_nuclear_use` lets them.
//
// While the great powers fight. A settlement of the principal relation does
// not end a direct war between nuclear-armed coalitions going on beside it:
// while any other relation between actors of two different coalitions that
// both hold nuclear weapons stands at a combat rung, the principals do not
// settle; that war must step down first.

import "math"

// resetWarEnding sets a trajectory's count of epochs of fighting and its last
// nuclear detonation.
func (w *World) resetWarEnding() {
	w.barg.battles = 0
	w.barg.lastUse = math.MinInt / 2
}

// noteEpochOfWar counts this decision epoch as one of fighting if the
// principals stand at a combat rung.
func (w *World) noteEpochOfWar() {
	if q := w.M.Principal; q >= 0 && w.rungs[w.conflictRung(q)].combat {
		w.barg.battles++
	}
}

// leastShare is m_s(n) above: the least share of the stakes side s of the
// principal relation will settle for now.
func (w *World) leastShare(s int) float64 {
	rs := &w.rel[w.M.Principal]
	h := w.M.barg.aimsHalfLife
	if h <= 0 || rs.aim[s] <= rs.minShare[s] {
		return rs.minShare[s]
	}
	m := convergedShare(rs.minShare[s], rs.aim[s], h, float64(w.barg.battles), w.balanceKept(s))
	return min(1, m+w.expectedGain(s))
}

// expectedGain is max(0, π̇_s·H) above for side s of the principal relation.
func (w *World) expectedGain(s int) float64 {
	spec := &w.M.Relations[w.M.Principal]
	t := spec.theatre[s]
	if t < 0 {
		return 0
	}
	f := &w.th[t].ground
	first, last, days := f.span()
	if days <= 0 {
		return 0
	}
	d := f.balance[last] - f.balance[first] // side a's gain
	if spec.tside[s] == 1 {
		d = -d
	}
	return max(0, d/float64(days)*w.planning)
}

// convergedShare is m_s(n) above for least share m, war aim a, half-life h,
// n epochs of fighting and balance kept k = min(1, π_s/π_s⁰).
func convergedShare(m, a, h, n, k float64) float64 {
	return m + (a-m)*h/(h+n)*k
}

// balanceKept is min(1, π_s/π_s⁰) above for side s of the principal
// relation (1 if the principals do not face each other in a theatre).
func (w *World) balanceKept(s int) float64 {
	spec := &w.M.Relations[w.M.Principal]
	t := spec.theatre[s]
	if t < 0 {
		return 1
	}
	ts := &w.th[t]
	i := spec.tside[s]
	now, start := squareShare(ts.power[i], ts.power[1-i]), squareShare(ts.p0[i], ts.p0[1-i])
	if start <= 0 {
		return 1
	}
	return min(1, now/start)
}

// squareShare is a/(a+b) of the squares: the square-law victory odds of
// power a against b (Lanchester 1916).
func squareShare(a, b float64) float64 {
	if a*a+b*b == 0 {
		return 0.5
	}
	return a * a / (a*a + b*b)
}

// AimsCompatibleAfter is n* above: the epochs of fighting after which aims
// a_0, a_1 converging toward m_0, m_1 with half-life h become compatible
// (0 if they are from the start, +Inf if never).
func AimsCompatibleAfter(a0, a1, m0, m1, h float64) float64 {
	if a0+a1 <= 1 {
		return 0
	}
	if m0+m1 >= 1 || h <= 0 {
		return math.Inf(1)
	}
	return h * ((a0-m0+a1-m1)/(1-m0-m1) - 1)
}

// peaceOpen reports whether the principals may settle at this epoch: not
// during the pause after a nuclear detonation (unless the epoch's draw lets
// them), nor while nuclear-armed coalitions fight each other beside them.
func (w *World) peaceOpen() bool {
	m := w.M
	for q := range m.Relations {
		rs := &m.Relations[q]
		if rs.Principal {
			continue
		}
		ca, cb := m.Coalition[rs.A[0]], m.Coalition[rs.A[1]]
		if ca != cb && w.coalNuclear[ca] && w.coalNuclear[cb] && w.rungs[w.conflictRung(q)].combat {
			return false
		}
	}
	if p := m.barg.pause; p > 0 && w.Day-w.barg.lastUse < p {
		r := m.barg.resume
		return r > 0 && w.rng[StreamDecision].Float64() < r
	}
	return true
}
