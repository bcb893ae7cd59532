package sim

// First use from the decision model: the pressure of battlefield defeat.
//
// A state does not use nuclear weapons first because a line on a map is
// crossed, but because the war as it goes is worse than the risks of the
// nuclear step. The expected utility of every option (decision.go) already
// holds three of the pressures the literature names: escalation dominance (a
// nuclear rung adds coercion(R)·W_i/(W_i+W_j) to the chance to prevail, the
// nuclear balance), the belief that the opponent backs down (y = (1 − b)·
// coercion, with b the Beta belief that it is resolute), and the risk that
// leaves something to chance (the spiral to general war, Schelling 1960, "The
// Strategy of Conflict", ch. 8; 1966, "Arms and Influence", ch. 3). This file
// adds the fourth and fifth: the rate at which ground is being lost and a
// threat to territory valued as existential.
//
// Each theatre keeps the territory at its last frontWindow decision epochs
// (a ring buffer, updated once per epoch). The weekly rate at which side s
// loses ground is
//
//	ℓ = max(0, h(then) − h(now) − Y) / (weeks between them),
//
// h the share of the theatre s holds and Y the ground s gave up of its own
// accord meanwhile (an over-extended army pulling back to its railheads,
// front.go): a withdrawal chosen to shorten the lines is not a defeat. The
// doctrine's envelope (below) projects ℓ over the remembered epochs; the
// ground at risk uses ℓ' = max(ℓ, the same rate over the last epoch alone),
// so that a rout of one week (Kharkiv, 6–12 September 2022: about 2 % of
// Ukraine) is not averaged away by the quiet weeks before it. If the war goes
// on as it is, s expects to lose G = min(h, ℓ'·H/7) over the next
// H = riskHorizonDays. The ground at risk is valued at
//
//	V = λ_L·S·(G/h + z),  z = clamp((T − (h − G))/T, 0, 1),
//
// S its stakes (resolve × stakes): the share of what it holds that it would
// lose, and z, the existential term, how far what would remain falls below
// the doctrine's territory line T (`first_use_territory_below`: "aggression
// ... when the very existence of the state is in jeopardy", Basic Principles
// of State Policy on Nuclear Deterrence, 2020, §19d). The loss is avoided if
// the opponent yields, so an option that puts s on rung t loses
//
//	(1 − y_t)·V,  y_t = (1 − b)·coercion(t),
//
// from its utility: the faster the ground goes and the more it is worth, the
// more the options with the most coercion gain on the others — and the most
// coercive are the nuclear rungs. This is the logic of "escalation
// management" in Russian writing: a limited nuclear use to compel an
// adversary to stop an advance the conventional forces cannot (Sokov 2014,
// "Why Russia calls a limited nuclear strike 'de-escalation'", Bulletin of
// the Atomic Scientists; Kofman, Fink & Edmonds 2020, "Russian Strategy for
// Escalation Management", CNA; Kofman & Fink 2020, "Escalation Management
// and Nuclear Employment in Russian Military Strategy", War on the Rocks), on
// the rungs of Kahn's ladder (1965, "On Escalation").
//
// The domain of losses. A leader losing ground judges from where it stood,
// not from where it will stand, and losses loom larger than gains (prospect
// theory: Kahneman & Tversky 1979, "Prospect Theory", Econometrica
// 47:263–291; in international politics Levy 1992, "Prospect Theory and
// International Relations", Political Psychology 13:283–310; McDermott
// 1998, "Risk-Taking in International Politics"; Taliaferro 2004,
// "Balancing Risks": great powers losing a peripheral war escalate to recoup
// their losses). The ground at risk is weighted by the loss-aversion
// coefficient λ_L = 2.25 (Tversky & Kahneman 1992, "Advances in Prospect
// Theory", J. Risk and Uncertainty 5:297–323, their median estimate).
// (Prospect theory's risk seeking in losses is not applied to the risk of
// general nuclear war: tried as a rise of risk tolerance with the share of
// ground at risk, it made a losing Russia strike the United States' homeland
// with certainty, which no reading of the theory supports.)
//
// Doctrine is a permissive envelope, not the trigger: first use is permitted
// (mayUseFirst, decision.go) only when the state is under threat — what it
// holds is below `first_use_territory_below` T or, at the present rate of
// loss, will be within the next four weeks (h − G < T, so the envelope opens
// sooner the faster the ground goes), its forces in the theatre are
// outmatched beyond `first_use_force_ratio_below`, a nuclear-armed
// coalition fights it directly, or it is losing by force ground it counts as
// its own (`first_use_defends_held_ground_from`: Russia annexed four regions
// of Ukraine on 30 September 2022, its president having said on 21 September
// that to defend its territorial integrity it would "certainly use all the
// means at our disposal ... this is not a bluff") — and never under
// no-first-use. Within the
// envelope the choice is the expected-utility logit's, and V grows with the
// rate of loss.

// riskHorizonDays is how far ahead a side projects its present rate of loss:
// four weeks, about the window the rate was measured over. A rate seen over
// five weeks says little about six months: attacks culminate and lines
// harden (front.go), and projecting it over the whole planning horizon turned
// the war of movement of 2022 into settlements within weeks (judgement).
const riskHorizonDays = 28

// lossAversion is λ_L, how much more a loss weighs than a gain of the same
// size (Tversky & Kahneman 1992, median estimate 2.25).
const lossAversion = 2.25

// frontWindow is the number of decision epochs a theatre remembers.
const frontWindow = 5

// frontMemory is a theatre's recent territory, one entry per decision epoch.
type frontMemory struct {
	held    [frontWindow]float64    // territory of side a
	balance [frontWindow]float64    // side a's square-law share of the combat power (warending.go)
	yielded [frontWindow][2]float64 // ground each side had given up of its own accord (frontState.yielded)
	day     [frontWindow]int
	n       int        // entries filled
	next    int        // where the next goes
	press   [2]float64 // each side's pressRate, worked out when an entry is recorded
}

// recordFronts stores each theatre's territory at this decision epoch.
func (w *World) recordFronts() {
	for t := range w.th {
		f := &w.th[t].ground
		f.held[f.next], f.day[f.next] = w.th[t].territory, w.Day
		f.yielded[f.next] = w.th[t].front.yielded
		f.balance[f.next] = squareShare(w.th[t].power[0], w.th[t].power[1])
		f.next = (f.next + 1) % frontWindow
		f.n = min(f.n+1, frontWindow)
		f.press = [2]float64{w.workPressRate(t, 0), w.workPressRate(t, 1)}
	}
}

// lossRate is the share of theatre t that side s lost per week over the
// remembered epochs (0 if it held or gained ground).
func (w *World) lossRate(t, s int) float64 {
	f := &w.th[t].ground
	first, last, days := f.span()
	if days <= 0 {
		return 0
	}
	return f.lost(first, last, s) * 7 / float64(days)
}

// span returns the oldest and newest entries the memory holds and the days
// between them (0 with fewer than two entries).
func (f *frontMemory) span() (first, last, days int) {
	if f.n < 2 {
		return 0, 0, 0
	}
	last = (f.next + frontWindow - 1) % frontWindow
	first = (f.next + frontWindow - f.n) % frontWindow
	return first, last, f.day[last] - f.day[first]
}

// pressRate is the rate of loss that presses on side s's choices: the larger
// of lossRate and the rate over the last epoch alone, so that a rout of one
// week is not averaged away by the quiet weeks before it.
func (w *World) pressRate(t, s int) float64 { return w.th[t].ground.press[s] }

// workPressRate works pressRate out from the memory of the front.
func (w *World) workPressRate(t, s int) float64 {
	rate := w.lossRate(t, s)
	f := &w.th[t].ground
	if f.n < 2 {
		return rate
	}
	last := (f.next + frontWindow - 1) % frontWindow
	prev := (last + frontWindow - 1) % frontWindow
	if d := f.day[last] - f.day[prev]; d > 0 {
		rate = max(rate, f.lost(prev, last, s)*7/float64(d))
	}
	return rate
}

// lost is the ground side s lost by force between entries i and j (0 if it
// held or gained ground).
func (f *frontMemory) lost(i, j, s int) float64 {
	l := f.held[i] - f.held[j] // side a's loss
	if s == 1 {
		l = -l
	}
	l -= f.yielded[j][s] - f.yielded[i][s]
	return max(0, l)
}

// projectedHeld is h − G: the share of theatre t that side s would still
// hold at the end of the planning horizon if it went on losing ground at the
// present rate.
func (w *World) projectedHeld(t, s int) float64 {
	h := w.th[t].territory
	if s == 1 {
		h = 1 - h
	}
	return h - min(h, w.lossRate(t, s)*riskHorizonDays/7)
}

// groundAtRisk is V above for the actor of side view v: the value, in units
// of the stakes, of the ground it expects to lose over its planning horizon
// if the war goes on as it is, weighted by loss aversion.
func (w *World) groundAtRisk(v *sideView) float64 {
	if v.th < 0 || !w.th[v.th].started {
		return 0
	}
	l := w.pressRate(v.th, v.side)
	if l == 0 {
		return 0
	}
	h := w.th[v.th].territory
	if v.side == 1 {
		h = 1 - h
	}
	if h <= 0 {
		return 0
	}
	G := min(h, l*riskHorizonDays/7)
	z := 0.0
	if T := v.a.territoryBelow; T > 0 {
		z = clamp01((T - (h - G)) / T)
	}
	return lossAversion * v.S * (G/h + z)
}
