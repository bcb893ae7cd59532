package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// The front: operations, and the ground they win or give up.
//
// At each decision epoch each side of a theatre where fighting goes on picks an
// operational posture — attack, defend or withdraw — and every day the share
// of the theatre held by side a moves by what the postures win:
//
//	dx/dt = v_a − v_b + w_b − w_a,  |dx/dt| ≤ v_max
//
// An attacking side advances at (after Dupuy's advance rates, which rise with
// the combat-power ratio and fall with the defender's posture, Dupuy 1979,
// "Numbers, Predictions and War", and 1990, "Attrition"; Helmbold 1990, "Rates
// of Advance in Historical Land Combat Operations", CAA-RP-90-1, finds them
// log-linear in the force ratio with a wide spread)
//
//	v = v_max · (q^b / (1 + q^b) + a·min(q, 1)·f_o) · (1 + B·[exploiting a breakthrough]),
//	q = (P_s · S_s · σ_s · e^−F_s) / (P_o · S_o · σ_o · d · (1 + g·f_o) · c_o),
//
// a continuous, S-shaped function of q, the force ratio over the defence
// advantage: an attack at a poor ratio creeps (attritional advances), one at
// q = 1 runs at half the largest speed, one at q ≫ 1 at v_max. The
// attritional advance a (attritional_advance, default 0) is the ground an
// attacker buys by assault on a prepared line it cannot break, in
// proportion to the ratio and to how dug in the line is (f_o, below): the
// positional war of 2023–24, where Russia took Bakhmut and Avdiivka at poor
// theatre-wide ratios over months; a steep S-curve alone makes such a front
// stand still, and a war of movement against a hasty defence has no need of
// the term (the form is judgement; its size the record's). In q:
//   - P are the sides' combat powers (combat.go);
//   - σ = e^−D/L is the supply factor of a side whose front is D beyond its
//     railheads; the railheads follow an advance with time constant τ_s, so
//     an attack culminates (Clausewitz's culminating point) when it outruns
//     its supply, and a side that falls below its supply floor pulls back;
//   - S is surprise, S(t) = 1 + (S₀ − 1)·e^−t/τ_S, fading after the start
//     (Dupuy's surprise factor: substantial surprise doubles combat power);
//   - F is fatigue: it grows by dt/τ_F while a side attacks and decays with
//     time constant τ_R while it does not;
//   - d is the defence advantage of a hasty defence and f_o ∈ [0, 1] how dug
//     in the defender's positions are: each side's f relaxes toward 1 with
//     time constant τ_f while the line holds and the side is not attacking,
//     from the side's fortifies_from day (a decision to build lines, as
//     Russia's of autumn 2022)
//     (an army on the offensive is not building a defensive belt: Russia's
//     lines of 2023 were dug after its offensives of 2022 ended), and
//     movement breaks both, f ← f·e^−|dx|/δ for a belt of depth δ (Dupuy's
//     posture factors: prepared and fortified defences are worth 1.3–2 times
//     a hasty one);
//   - c_o = (h₀/h)^κ is the defender's compaction when it has been pushed
//     behind its starting line (h < h₀), 1 otherwise (compacted); with
//     compaction_from furthest, h₀ is the most the side has held so far.
//
// A side attacks at an epoch with probability 1/(1 + (θ/q)^κ), θ its
// attack_above and κ = attackSharpness, so offensives start and stop as the
// ratio, supply and fatigue move (a side can attack where it is weaker, at a
// cost).
//
// An attacker chooses where to attack. The ratios above are the theatre's;
// at the point of main effort an offensive meets a local ratio c·q, where
// c = e^(σ_c·z), z standard normal, is drawn afresh for each offensive the
// side considers: the weak sector found, or not, by reconnaissance and
// deception (Kharkiv, September 2022, against a line thinned to reinforce
// Kherson), or an axis the defender has read and reinforced. The "3:1 rule"
// holds at the point of attack, not over a theatre, where the attacker
// concentrates and the defender must cover the whole front (Mearsheimer
// 1989, "Assessing the Conventional Balance: The 3:1 Rule and Its Critics",
// International Security 13(4); Dupuy 1990, "Attrition", on the local force
// ratios of successful attacks); Biddle (2004, "Military Power", Princeton)
// makes breakthrough depend on the local ratio at the point of attack. The
// side decides on c·q (it attacks where it has found an opening) and,
// having attacked, advances at v(c·q) and breaks through at rate h·min(c·q,
// 1)^(b/2) until it reconsiders. With σ_c = 0 (the default) c = 1. Breakthroughs are a Poisson process while a side attacks, at rate
// h·min(q, 1)^(b/2) (weak points exist along a front even where the ratio is
// poor; at q ≥ 1 the attack already runs):
// for the next E days its advance is boosted by B (Kharkiv, September 2022:
// about two points of Ukraine in ten days).
//
// Withdrawal follows Epstein's adaptive model (Epstein 1985, "The Calculus of
// Conventional War: Dynamic Analysis without Lanchester Theory", Brookings):
// a defender whose attrition rate α (share of its combat power lost per day)
// exceeds its threshold α* gives ground at
//
//	w = w_max · min(1, (α − α*)/α*),  w_max = withdrawal_speed · v_max,
//
// and trades that ground for attrition: its losses are multiplied by
// 1 − w/w_max · (1 − withdrawalExposure). A side that withdraws because its
// supply fell below its floor σ* pulls back at w_max·(1 − σ/σ*).
//
// Attrition depends on the postures: a side pays attacker_losses times its
// Lanchester losses while it attacks, and both sides fight at quiet_intensity
// when neither attacks.

// Operational postures.
const (
	postureDefend = iota
	postureAttack
	postureWithdraw
)

var postureNames = [...]string{"defends", "attacks", "withdraws"}

// attackSharpness is κ, how sharply the chance of attacking rises with the
// ratio q around a side's attack_above: at q = 2θ a side attacks with
// probability 0.94, at q = θ/2 with 0.06 (judgement).
const attackSharpness = 4

// attritionDays is the time constant over which a side judges its attrition
// rate: α ← α + (ΔP/P − α)·(1 − e^−Δt/τ), τ a week (judgement).
const attritionDays = 7

// withdrawalExposure is the share of its losses a side still suffers while
// withdrawing at the largest speed (Epstein 1985: withdrawal reduces the
// attacker's ability to inflict attrition; judgement on the size).
const withdrawalExposure = 0.4

// frontParams are a theatre's drawn front parameters.
type frontParams struct {
	elasticity, fortGain, fortDays, fortDepth, fort0 float64
	reach, catchUpDays, fatigueDays, recoveryDays    float64
	btRate, btDays, btBoost, quiet, attackerLosses   float64
	surpriseDays                                     float64
	tempoSD, tempoDays, postureDays                  float64
	compaction                                       float64    // κ of the defence behind the starting line
	compactFurthest                                  bool       // compaction counts from the furthest line held, not the start
	fortifyFrom                                      [2]int     // day from which each side builds prepared defences
	withdrawSpeed                                    float64    // a withdrawal's largest speed, as a share of v_max
	held0                                            [2]float64 // each side's share at the start, or with compactFurthest the most it has held so far (compacted)
	surprise, attackAbove                            [2]float64
	withdrawAttrition, withdrawSupplyMin             [2]float64
	concSD                                           float64 // σ_c, the spread of the attacker's local concentration
	creep                                            float64 // a, the attritional advance (advance)

	// Per-turn factors fixed for the trajectory (setFrontSteps): the
	// relaxations 1 − e^−Δt/τ and decays e^−Δt/τ of the day's step.
	kAlpha, kFort, kCatch, kRecover, kFade float64
}

// frontState is what the front remembers in a trajectory.
type frontState struct {
	posture [2]int8
	fort    [2]float64 // how dug in each side's positions are, 0..1
	base    [2]float64 // share of the theatre behind each side's railheads
	fatigue [2]float64
	exploit [2]int     // days of breakthrough exploitation left
	btClock [2]float64 // Exp(1) hazard left to each side's next breakthrough
	lost1   [2]float64 // combat power lost a day: the last draw's (combat.go), spread over the days of its leap
	leap    int        // turns left before the next draw of losses (combat.go)
	alpha   [2]float64 // attrition rate α: share of power lost a day, smoothed over attritionDays
	loss    [2]float64 // each side's loss multiplier from the postures (intensity)
	edge    [2]float64 // each side's surprise multiplier today
	fade    float64    // e^−t/τ_S: what is left of the surprise
	yielded [2]float64 // ground each side has given up of its own accord (over-extended, pulling back)
	tempo   float64    // η, the log of the fighting's tempo (tempo.go)
	tempoF  float64    // its loss multiplier, tempoFactor(tempo)
	supD    [2]float64 // the depth beyond the railheads supply was last worked out for,
	sup     [2]float64 // and its supply factor (supply)
	since   [2]int     // day each side took up its posture
	conc    [2]float64 // c, the local concentration of each side's offensive (1 when it is not attacking)
}

// resetFront sets the front's initial state: both sides defend at their
// railheads, on a line dug in as the scenario says.
func (ts *theatreState) resetFront(r *rand.Rand) {
	f := &ts.front
	*f = frontState{fort: [2]float64{ts.fp.fort0, ts.fp.fort0}}
	f.base = [2]float64{ts.territory, 1 - ts.territory}
	ts.fp.held0 = f.base
	f.btClock = [2]float64{r.ExpFloat64(), r.ExpFloat64()}
	f.loss = [2]float64{ts.fp.quiet, ts.fp.quiet}
	f.edge = ts.fp.surprise
	f.fade = 1
	f.tempo = ts.fp.startTempo(r)
	f.tempoF = ts.fp.tempoFactor(f.tempo)
	f.since = [2]int{math.MinInt32, math.MinInt32} // the first posture is chosen freely
	f.conc = [2]float64{1, 1}
}

// setFrontSteps works out the per-turn factors of the front for a turn of
// dt days, once per trajectory.
func (fp *frontParams) setFrontSteps(dt float64) {
	relax := func(tau float64) float64 {
		if tau <= 0 {
			return 0
		}
		return -math.Expm1(-dt / tau)
	}
	fp.kAlpha, fp.kFort, fp.kCatch = relax(attritionDays), relax(fp.fortDays), relax(fp.catchUpDays)
	fp.kRecover, fp.kFade = 1-relax(fp.recoveryDays), 1-relax(fp.surpriseDays)
}

// powInt is x^b, by multiplication for the common exponents 1, 2 and 4.
func powInt(x, b float64) float64 {
	switch b {
	case 1:
		return x
	case 2:
		return x * x
	case 4:
		x *= x
		return x * x
	}
	return math.Pow(x, b)
}

// held is the share of theatre ts held by side s.
func (ts *theatreState) held(s int) float64 {
	if s == 0 {
		return ts.territory
	}
	return 1 - ts.territory
}

// supply is σ_s = e^−D/L, the supply factor of side s.
func (ts *theatreState) supply(s int) float64 {
	if ts.fp.reach <= 0 {
		return 1
	}
	d := ts.held(s) - ts.front.base[s]
	if d <= 0 {
		return 1
	}
	f := &ts.front
	if d != f.supD[s] { // the same depth as last asked: the same factor
		f.supD[s], f.sup[s] = d, expNegWide(d/ts.fp.reach)
	}
	return f.sup[s]
}

// operational is S·σ·e^−F for side s: the share of its combat power it can
// bring to bear where the front stands.
func (ts *theatreState) operational(s int) float64 {
	return ts.front.edge[s] * ts.supply(s) * expNegWide(ts.front.fatigue[s])
}

// ratioOver is q for side s: its effective combat power over the enemy's
// effective power times the defence advantage of the line.
func (ts *theatreState) ratioOver(s int) float64 {
	ps, po := ts.power[s], ts.power[1-s]
	if ps <= 0 {
		return 0
	}
	if po <= 0 {
		return math.Inf(1)
	}
	f := &ts.front
	num := ps * ts.operational(s)
	den := po * f.edge[1-s] * ts.supply(1-s) * ts.defAdv * (1 + ts.fp.fortGain*f.fort[1-s]) * ts.compacted(1-s)
	return num / den
}

// compacted is (h₀/h)^κ for side s holding h below its starting share h₀,
// else 1: pushed back behind its starting line, a side defends a shorter
// front with the same forces (force-to-space: Liddell Hart 1960, "Deterrent or
// Defence"; Mearsheimer 1989, "Assessing the Conventional Balance",
// International Security 13(4)), and in ukraine-2022 the ground behind
// Russia's starting line ends in the isthmuses of Crimea.
func (ts *theatreState) compacted(s int) float64 {
	return compaction(ts.held(s), ts.fp.held0[s], ts.fp.compaction)
}

// compaction is (h₀/h)^κ for a side holding h below h₀, else 1.
func compaction(h, h0, k float64) float64 {
	if k == 0 || h >= h0 {
		return 1
	}
	c := h0 / max(h, 1e-3*h0)
	if k == 1 {
		return c
	}
	return math.Pow(c, k)
}

// advance is the daily advance of an attack at ratio q on a line dug in to
// f (0 to 1): the S-curve of AdvanceRate plus the attritional advance
// a·v_max·min(q, 1)·f, the ground assaults buy on a prepared line they
// cannot break.
func (fp *frontParams) advance(vmax, q, f float64) float64 {
	return AdvanceRate(vmax, q, fp.elasticity) + fp.creep*vmax*min(q, 1)*f
}

// AdvanceRate is v_max·q^b/(1+q^b), the daily advance of an attack at ratio q
// (force ratio over the defence advantage) with elasticity b.
func AdvanceRate(vmax, q, b float64) float64 {
	if math.IsInf(q, 1) {
		return vmax
	}
	if q <= 0 {
		return 0
	}
	x := powInt(q, b)
	return vmax * x / (1 + x)
}

// WithdrawalRate is Epstein's w = v_max·min(1, (α − α*)/α*): the ground a
// defender losing a share α of its power a day gives up, with threshold α*.
func WithdrawalRate(vmax, alpha, threshold float64) float64 {
	if threshold <= 0 || alpha <= threshold {
		return 0
	}
	return vmax * min(1, (alpha-threshold)/threshold)
}

// choosePostures is the operational decision of both sides of theatre ts at a
// decision epoch (needs the day's combat power).
func (w *World) choosePostures(r *rand.Rand, t int) {
	ts := &w.th[t]
	f := &ts.front
	fp := &ts.fp
	f.tempo = fp.stepTempo(r, f.tempo, float64(w.M.Scenario.DecisionEveryDays))
	f.tempoF = fp.tempoFactor(f.tempo)
	if ts.sec != nil {
		w.chooseSectors(r, t)
		return
	}
	var next [2]int8
	for s := range 2 {
		next[s] = postureDefend
		if ts.power[s] <= 0 {
			continue
		}
		// Over-extended: pull back toward the railheads.
		if ts.supply(s) < fp.withdrawSupplyMin[s] {
			next[s] = postureWithdraw
			continue
		}
		// An operation once begun runs its course: an attack or a defence is
		// kept for posture_days (Epstein's withdrawal below still applies).
		if f.posture[s] != postureWithdraw && float64(w.Day-f.since[s]) < fp.postureDays {
			next[s] = f.posture[s]
			continue
		}
		c := fp.drawConcentration(r)
		if bernoulli(r, fp.attackChance(s, ts.ratioOver(s)*c)) {
			next[s] = postureAttack
			f.conc[s] = c
		}
	}
	f.settlePostures(fp, &next)
	for s := range 2 {
		if next[s] != f.posture[s] && w.tracing {
			spec := &w.M.Theatres[t]
			local := ""
			if f.conc[s] != 1 {
				local = fmt.Sprintf(", %.2f at its point of main effort", f.conc[s]*ts.ratioOver(s))
			}
			w.logf("%s: %s's side %s (force ratio over the defence %.2f%s, supply %.2f, fatigue %.2f, line dug in %.0f %%)",
				spec.ID, w.actorName(spec.Actors[s][0]), postureNames[next[s]], ts.ratioOver(s), local, ts.supply(s), f.fatigue[s], 100*f.fort[1-s])
		}
		if next[s] != f.posture[s] {
			f.since[s] = w.Day
		}
		f.posture[s] = next[s]
	}
}

// drawConcentration is c = e^(σ_c·z), the local concentration of an
// offensive a side considers (1 without concentration_sd: no draw).
func (fp *frontParams) drawConcentration(r *rand.Rand) float64 {
	if fp.concSD > 0 {
		return math.Exp(fp.concSD * r.NormFloat64())
	}
	return 1
}

// attackChance is 1/(1 + (θ/q)^κ), the chance that side s attacks at a
// ratio q (force ratio over the defence, at its point of main effort).
func (fp *frontParams) attackChance(s int, q float64) float64 {
	if math.IsInf(q, 1) {
		return 1
	}
	return 1 / (1 + math.Pow(fp.attackAbove[s]/max(q, 1e-300), attackSharpness))
}

// settlePostures completes the epoch's postures next: a side that does not
// attack has no concentration, and a side attacked whose attrition runs
// above its threshold withdraws (Epstein 1985).
func (f *frontState) settlePostures(fp *frontParams, next *[2]int8) {
	for s := range 2 {
		if next[s] != postureAttack {
			f.conc[s] = 1
		}
	}
	for s := range 2 {
		if next[s] == postureDefend && next[1-s] == postureAttack && f.alpha[s] > fp.withdrawAttrition[s] {
			next[s] = postureWithdraw
		}
	}
}

// breakthrough is the multiple of side s's advance in theatre t from
// breakthroughs, attacking at ratio q: 1 + B while one is exploited, else 1,
// after running down the hazard left to the next one (a Poisson process at
// rate h·min(q, 1)^(b/2) a year); a breakthrough that arrives is exploited
// from the next day for breakthrough_days. where names the sector in the
// trace ("" on a single front).
func (w *World) breakthrough(t, s int, q float64, where string) float64 {
	ts := &w.th[t]
	f, fp := &ts.front, &ts.fp
	if f.exploit[s] > 0 {
		return 1 + fp.btBoost
	}
	if fp.btRate > 0 && !math.IsInf(q, 1) && q > 0 {
		f.btClock[s] -= fp.btRate / 365 * powInt(min(q, 1), fp.elasticity/2) * w.dt
		if f.btClock[s] <= 0 {
			f.btClock[s] = w.rng[StreamCombat].ExpFloat64()
			f.exploit[s] = int(fp.btDays)
			if w.tracing {
				spec := &w.M.Theatres[t]
				who := w.actorName(spec.Actors[s][0])
				if where == "" {
					w.logf("%s: breakthrough by %s's side (force ratio over the defence %.2f); exploited for %d days", spec.ID, who, q, f.exploit[s])
				} else {
					w.logf("%s: breakthrough by %s's side in %s (local ratio %.2f); exploited for %d days", spec.ID, who, where, q, f.exploit[s])
				}
			}
		}
	}
	return 1
}

// followRailhead moves a side's railheads (the share of ground behind them,
// *base) toward the ground h it holds: up behind an advance with time
// constant catch-up days, at once behind a retreat.
func (fp *frontParams) followRailhead(base *float64, h float64) {
	if h > *base && fp.catchUpDays > 0 {
		*base += (h - *base) * fp.kCatch
	} else {
		*base = min(*base, h)
	}
}

// tire is a day of side s's fatigue (it grows by dt/τ_F while the side
// attacks and decays with τ_R otherwise) and of its breakthrough's
// exploitation.
func (f *frontState) tire(fp *frontParams, s int, dt float64) {
	if f.posture[s] == postureAttack && fp.fatigueDays > 0 {
		f.fatigue[s] += dt / fp.fatigueDays
	} else if fp.recoveryDays > 0 {
		f.fatigue[s] *= fp.kRecover
	}
	if f.exploit[s] > 0 {
		f.exploit[s] = max(0, f.exploit[s]-int(dt))
	}
}

// postureLoss is the multiplier of a side's losses from the postures: an
// attacker pays attacker_losses; a side attacked suffers its losses in full,
// a quiet front quiet_intensity of them; either spares 1 − withdrawalExposure
// of them in the share wd/w_max of a withdrawal at full speed.
func (fp *frontParams) postureLoss(own, enemy int8, wd, wmax float64) float64 {
	wdShare := 0.0
	if wmax > 0 {
		wdShare = wd / wmax
	}
	switch {
	case own == postureAttack:
		return fp.attackerLosses
	case enemy == postureAttack:
		return 1 - wdShare*(1-withdrawalExposure)
	default:
		return fp.quiet * (1 - wdShare*(1-withdrawalExposure))
	}
}

// moveFront moves the front by a day of operations in theatre ts (after the
// day's losses) and updates the line's fortification, railheads and fatigue.
func (w *World) moveFront(t int) {
	ts := &w.th[t]
	if ts.sec != nil {
		w.moveSectors(t)
		return
	}
	f := &ts.front
	fp := &ts.fp
	dt := w.dt
	vmax := ts.speed
	if f.fade > 1e-9 {
		for s := range 2 {
			f.edge[s] = 1 + (fp.surprise[s]-1)*f.fade
		}
		f.fade *= fp.kFade
	}
	var adv, wd [2]float64
	wmax := vmax * fp.withdrawSpeed // a withdrawal's largest speed
	for s := range 2 {
		if ts.power[s] > 0 {
			f.alpha[s] += (f.lost1[s]/ts.power[s] - f.alpha[s]) * fp.kAlpha
		}
	}
	for s := range 2 {
		switch {
		case f.posture[s] == postureAttack:
			q := ts.ratioOver(s) * f.conc[s] // at the point of main effort
			adv[s] = fp.advance(vmax, q, f.fort[1-s]) * w.breakthrough(t, s, q, "")
		case f.posture[s] == postureWithdraw:
			if sup := ts.supply(s); sup < fp.withdrawSupplyMin[s] {
				wd[s] = wmax * (1 - sup/fp.withdrawSupplyMin[s])
				f.yielded[s] += wd[s] * dt
			} else {
				wd[s] = WithdrawalRate(wmax, f.alpha[s], fp.withdrawAttrition[s])
			}
		}
	}
	// v_max bounds the day's movement, breakthroughs and routs included.
	dx := max(-vmax, min(vmax, adv[0]-adv[1]+wd[1]-wd[0])) * dt
	ts.territory = clamp01(ts.territory + dx)
	if fp.compactFurthest { // compaction counts from the furthest line each side has held
		fp.held0[0], fp.held0[1] = max(fp.held0[0], ts.territory), max(fp.held0[1], 1-ts.territory)
	}
	// A side not attacking digs in while the line holds; movement breaks
	// both sides' positions.
	broken := 1.0
	if dx != 0 && fp.fortDepth > 0 {
		broken = math.Exp(-math.Abs(dx) / fp.fortDepth)
	}
	for s := range 2 {
		if f.posture[s] != postureAttack && w.Day >= fp.fortifyFrom[s] {
			f.fort[s] += (1 - f.fort[s]) * fp.kFort
		}
		f.fort[s] *= broken
	}
	for s := range 2 {
		// Railheads follow an advance; a retreat behind them takes them along.
		fp.followRailhead(&f.base[s], ts.held(s))
		f.tire(fp, s, dt)
		// Losses multiply by what the postures make of the fighting.
		f.loss[s] = fp.postureLoss(f.posture[s], f.posture[1-s], wd[s], wmax)
		f.loss[s] *= f.tempoF
	}
}
