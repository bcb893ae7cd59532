package sim

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// decisionMechanism: at each decision epoch every actor chooses, toward each
// opponent it has a relation with, one of: step down, hold, step up, jump two
// rungs, signal (threaten the next rung without climbing: a bluff if it has no
// intent), or offer/accept a settlement (principal relation only).
//
// Expected utility with bounded rationality. For an option that puts the actor
// on rung t, with the conflict then at R = max(t, opponent's rung):
//
//	U = S·[y + (1−y)·π(R)] − (1−y)·V − κ·cost(R)·H − ĉ·S − P_cat(R)·C·(1−ρ) (+ β·S for a signal)
//
// S = resolve × stakes; y = (1 − b)·coercion(t), the chance that the opponent,
// believed resolute with probability b, yields; π(R) the chance to prevail if it
// does not (capability ratio at that rung, below); V the value of the ground
// the actor expects to lose if the war goes on as it is, at its present rate
// of loss (firstuse.go); ĉ its private cost of war, counted at combat rungs
// (bargaining.go); κ cost sensitivity; H the
// planning horizon in days (cost also counts the GDP the rung would cost over
// the horizon, expected sanctions included: see refreshEconCost); P_cat = 1 − exp(−spiral(R)·H) the chance the
// conflict slips into general nuclear war, whose cost is C stakes, discounted by
// risk tolerance ρ; β bluff propensity; a step down also costs the audience
// cost a·S (Fearon 1994, "Domestic Political Audiences and the Escalation of
// International Disputes", APSR 88:577): the leadership that backs down from
// a public commitment pays at home. Red lines drawn against the actor enter
// as expected reinforcement of the opponent (power × credibility) and as the
// spiral risk of the promised response. The choice is a logit (quantal
// response, McKelvey & Palfrey 1995) with the actor's rationality λ.
// Doctrine constrains the options: nuclear rungs need warheads, first use needs
// the doctrine's envelope to be open (firstuse.go; or a nuclear use against
// the actor's coalition), and general nuclear war is only ever a retaliation.
// Under private information the principal relation's settlement is a
// proposer's demand, accepted or refused (bargaining.go), not an option here.
type decisionMechanism struct{}

type option int

const (
	optDown option = iota
	optHold
	optUp
	optJump
	optSignal
	optSettle
	numOptions
)

var optionNames = [...]string{"steps down", "holds", "steps up", "jumps", "signals", "offers settlement"}

type decisionScratch struct {
	util    [numOptions]float64
	allowed [numOptions]bool
	probs   [numOptions]float64
	weights [numOptions]float64
	// The allowed options in option order and their utilities, for the
	// draw (logitCompact): the same weights, sums and draw as over all the
	// options with the others left out, without a test per option.
	opts    [numOptions]option
	ou      [numOptions]float64
	nopts   int
	views   []sideView // [r*2+s]: the view of each relation side (view)
	choice  []option   // [r*2+s]
	prob    []float64
	prevOff []bool
	first   []int  // [r]: the side of relation r that moved first this epoch
	agreed  []bool // [r]: its two sides agreed a ceasefire this epoch (ceasefire.go)
}

func (d *decisionScratch) init(m *Model) {
	d.choice = make([]option, 2*len(m.Relations))
	d.prob = make([]float64, 2*len(m.Relations))
	d.prevOff = make([]bool, 2*len(m.Relations))
	d.first = make([]int, len(m.Relations))
	d.agreed = make([]bool, len(m.Relations))
}

// cheapTalkWeight is how much a threat without a move weighs in the opponent's
// belief, relative to climbing the rung threatened (Fearon 1997: cheap talk
// says little; sunk costs say much).
const cheapTalkWeight = 0.2

// due reports whether a threat is running (its countdown) or this is a
// decision epoch; Step has nothing to do otherwise. World.Step asks first,
// without a call.
func (decisionMechanism) due(w *World) bool { return len(w.signallers) > 0 || w.decisionEpoch() }

func (decisionMechanism) Step(w *World) {
	if len(w.signallers) > 0 { // some actors' threats are running: count them down
		lapsed, running := false, w.signallers[:0]
		for _, i := range w.signallers {
			a := &w.act[i]
			if a.signalDays = max(0, a.signalDays-w.M.Scenario.TurnDays); a.signalDays > 0 {
				running = append(running, i)
			} else {
				lapsed = true
			}
		}
		w.signallers = running
		if lapsed {
			w.updateAlerts()
		}
	}
	every := w.M.Scenario.DecisionEveryDays
	if w.Day%every >= w.M.Scenario.TurnDays && every > w.M.Scenario.TurnDays {
		return
	}
	sc := &w.scratch
	r := w.rng[StreamDecision]
	w.refreshEstimates()
	w.recordFronts()
	w.noteEpochOfWar()
	peace := w.M.Principal >= 0 && w.peaceOpen() // warending.go
	w.refreshViews()                             // every estimate of the epoch reads them, bargaining's first
	if w.M.barg.protocol != protoComplete && peace {
		// Bargaining under private information (bargaining.go): a demand,
		// accepted or refused, before the epoch's other choices.
		if x, ok := w.propose(); ok {
			w.settle(x)
			return
		}
	}
	settleX, settleOK := w.bargain()
	settleOK = settleOK && peace
	w.chooseAll(r, settleX, settleOK)
	settled, ceasefires := false, false
	w.dueThreats() // the last epoch's, judged once this epoch's moves are made (belief.go)
	for q := range w.rel {
		rs := &w.rel[q]
		for s := range 2 {
			o := sc.choice[q*2+s]
			from := rs.rung[s]
			i, j := sc.views[q*2+s].i, sc.views[q*2+s].j
			to := w.movedTo(q, s, o)
			if w.tracing && o != optHold { // before the move, so that the trace tells what it sets off after it
				w.traceChoice(q, s, i, j, o, from, to, sc.prob[q*2+s])
			}
			switch o {
			case optDown:
				w.setRung(q, s, to, UseNone)
			case optUp, optJump:
				w.setRung(q, s, to, UseDeliberate)
			case optSignal:
				if w.act[i].signalDays == 0 {
					w.signallers = append(w.signallers, i)
				}
				w.act[i].signalDays = every
			}
			w.observe(q, s, o, from, rs.rung[s])
		}
		// Agreed when both offer, or one accepts the other's standing offer.
		a, b := sc.choice[q*2] == optSettle, sc.choice[q*2+1] == optSettle
		sc.agreed[q] = false
		if (a && (b || sc.prevOff[q*2+1])) || (b && sc.prevOff[q*2]) {
			switch {
			case w.M.Relations[q].Principal:
				settled = true
			case w.ceasefireOpen(q): // still, after the epoch's moves
				sc.agreed[q], ceasefires = true, true
			}
		}
		for s := range 2 {
			sc.prevOff[q*2+s] = sc.choice[q*2+s] == optSettle
		}
	}
	if ceasefires {
		w.ceasefireTogether()
	}
	w.judgeThreats()
	w.updateAlerts()
	if settled {
		w.settle(settleX)
	}
}

// chooseAll draws every relation side's option for the epoch. The choices
// are made on the state at the start of the epoch and applied together
// afterwards, but within a relation the two sides choose in turn, in an
// order drawn at each epoch (one bit of the decision stream per relation):
// the second knows the first's move and weighs its options with the
// opponent on the rung it moves to (movedTo). Chosen simultaneously, two
// sides that each prefer to stand where the other stands — at war if it
// fights, at peace if it does not — swap rungs at every epoch for ever: in
// kargil-1999 India stepped down and Pakistan up, then back, week after
// week with p ≈ 1, so that India fought every other week. That is an
// artefact of synchronous updating, which asynchronous updating removes
// (Huberman & Glance 1993, "Evolutionary games and computer simulations",
// PNAS 90:7716–7718); in a crisis each side sees the other's move before
// its own is final. decision_order: simultaneous keeps the old rule.
func (w *World) chooseAll(r *rand.Rand, settleX float64, settleOK bool) {
	sc := &w.scratch
	if w.M.simultaneous {
		for q := range w.rel {
			for s := range 2 {
				sc.choice[q*2+s], sc.prob[q*2+s] = w.choose(r, q, s, settleX, settleOK)
			}
		}
		return
	}
	var order uint64
	for q := range w.rel {
		if q%64 == 0 {
			order = r.Uint64()
		}
		s := int(order >> (q % 64) & 1) // the side that moves first
		sc.choice[q*2+s], sc.prob[q*2+s] = w.choose(r, q, s, settleX, settleOK)
		sc.first[q] = s
	}
	for q := range w.rel {
		s, f := 1-sc.first[q], sc.first[q]
		v := &sc.views[q*2+s]
		before := v.other
		v.other = w.movedTo(q, f, sc.choice[q*2+f])
		sc.choice[q*2+s], sc.prob[q*2+s] = w.choose(r, q, s, settleX, settleOK)
		v.other = before // the opponent's rung at the start of the epoch, as observe reads it
	}
}

// movedTo is the rung side s of relation q stands on once option o is
// applied (setRung): a step down held by an answer to a nuclear strike
// waits out the hold.
func (w *World) movedTo(q, s int, o option) int {
	rho := w.rel[q].rung[s]
	switch o {
	case optDown:
		if !w.held(q, s, rho-1) {
			return rho - 1
		}
	case optUp:
		return rho + 1
	case optJump:
		return rho + 2
	}
	return rho
}

// settle ends the war with side 0 of the principal relation getting x of the stakes.
func (w *World) settle(x float64) {
	if w.tracing {
		w.logf("settlement: %s's share of the disputed stakes is %.2f", w.actorName(w.M.Relations[w.M.Principal].A[0]), x)
	}
	w.end(EndSettlement, -1)
}

// choose draws actor's option on side s of relation q.
func (w *World) choose(r *rand.Rand, q, s int, settleX float64, settleOK bool) (option, float64) {
	if len(w.rt.pending) > 0 && w.answering(q, s) {
		// Its move is the answer its doctrine chose, still to be carried out
		// (retaliation.go): it holds meanwhile, and neither threatens nor
		// offers terms the day it is struck.
		return optHold, 1
	}
	sc := &w.scratch
	a := w.weighOptions(q, s, settleX, settleOK)
	n := min(sc.nopts, len(sc.opts))
	o := option(-1) // no usable utility
	if k := logitCompact(r, sc.ou[:n], a.lambda, sc.weights[:n]); k >= 0 {
		o = sc.opts[k]
	}
	p := 1.0
	if w.tracing {
		logitProbs(sc.util[:], a.lambda, sc.allowed[:], sc.probs[:])
		p = sc.probs[max(o, 0)]
	}
	return o, p
}

// allow marks option o allowed with utility u, in sc.util and sc.allowed
// and next in the compact list (weighOptions allows them in option order).
func (sc *decisionScratch) allow(o option, u float64) {
	sc.allowed[o], sc.util[o] = true, u
	sc.opts[sc.nopts], sc.ou[sc.nopts] = o, u
	sc.nopts++
}

// weighOptions fills the scratch's allowed options and their utilities for
// the actor on side s of relation q, and returns the actor. The views must be
// up to date (refreshViews).
func (w *World) weighOptions(q, s int, settleX float64, settleOK bool) *actorState {
	sc := &w.scratch
	v := &sc.views[q*2+s] // brought up to date by refreshViews
	rs, a := v.rs, v.a
	i, j := v.i, v.j
	rho := v.rho
	for o := range numOptions {
		sc.allowed[o] = false
	}
	sc.nopts = 0
	// The utility of each option that puts the actor on rung t, with the
	// conflict then at max(t, the opponent's rung): its chance to prevail
	// there (prevail), then utilityGiven. Holding and signalling leave the
	// actor on the same rung: one estimate.
	pwHold, extraHold := w.prevail(v, max(rho, v.other), rho)
	uHold := w.utilityGiven(v, rho, rho, 1, false, pwHold, extraHold)
	if rho > 0 && !w.held(q, s, rho-1) { // an answer to a nuclear strike is held (retaliation.go)
		t := rho - 1
		pw, extra := w.prevail(v, max(t, v.other), t)
		sc.allow(optDown, w.utilityGiven(v, t, t, 1, false, pw, extra)-a.audience*v.S)
	}
	sc.allow(optHold, uHold)
	// Stepping up, jumping and signalling all need the next rung permitted:
	// asked once (permitted is false above the top rung).
	next := w.permitted(i, j, rho, rho+1)
	if rho+1 <= rs.maxRung[s] && next {
		t := rho + 1
		pw, extra := w.prevail(v, max(t, v.other), t)
		sc.allow(optUp, w.utilityGiven(v, t, t, 1, false, pw, extra))
	}
	if rho+2 <= rs.maxRung[s] && next && w.permitted(i, j, rho, rho+2) {
		t := rho + 2
		pw, extra := w.prevail(v, max(t, v.other), t)
		sc.allow(optJump, w.utilityGiven(v, t, t, 1, false, pw, extra))
	}
	if next && a.signalDays == 0 {
		// A threat is only as coercive as the opponent believes the threatener resolute.
		cred := rs.belief(1 - s)
		sc.allow(optSignal, w.utilityGiven(v, rho, rho+1, cheapTalkWeight+(1-cheapTalkWeight)*cred, true, pwHold, extraHold))
	}
	if v.spec.Principal && settleOK {
		x := settleX
		if s == 1 {
			x = 1 - settleX
		}
		sc.allow(optSettle, rs.stakes[s]*x)
	} else if w.rungs[max(rho, v.other)].combat && w.ceasefireOpen(q) { // beside the principals, the offer is of a ceasefire (ceasefire.go); the test of combat first, the rare case
		sc.allow(optSettle, w.ceasefireUtility(v))
	}
	return a
}

// sideView is what every estimate of the actor on side s of relation q
// shares within one epoch: who faces whom, the coalitions' capabilities,
// the theatre, the actor's belief and stakes. Nothing in it changes while the
// choices of an epoch are made (they are applied together afterwards), so it
// is gathered once for the options weighed rather than once per option.
type sideView struct {
	// Fixed for the World (initViews).
	q, s, i, j int
	spec       *RelationSpec
	rs         *relState
	a          *actorState
	ci, cj     int       // i's and j's coalitions
	th, side   int       // the theatre where i and j face each other (or -1) and i's side there
	ki, kj     int       // i's and j's places among their sides' actors there
	econ       []float64 // per rung: i's expected economic cost of standing on it (economy.go)

	// Brought up to date by view.
	rho, other     int     // the rungs of i and of j
	Ci, Cj, Wi, Wj float64 // the coalitions' CINC and warheads
	iNuclear       bool    // i's coalition holds warheads

	b      float64 // i's belief that j is resolute
	notB   float64 // 1 − b
	S      float64 // resolve × stakes
	privS  float64 // i's private cost of war at combat rungs, privCost × S (bargaining.go)
	mutual bool    // both coalitions hold warheads
	risk   float64 // value of the ground i expects to lose if the war goes on as it is (firstuse.go)

	// Where i and j face each other (th ≥ 0), what prevail reads of the
	// theatre: the two sides' power, i's power at full effort and its
	// effort, the power of j's side if j fought back at the defence effort,
	// and the power i's arms supply adds over the planning horizon.
	pI, pJ, unitI, effI, pJDefence, supI float64
	optimism                             float64 // i's optimism today
}

// initViews sets the fixed part of every relation side's view, once per World.
func (w *World) initViews() {
	nr := len(w.rungs)
	w.scratch.views = make([]sideView, 2*len(w.M.Relations))
	for q := range w.M.Relations {
		spec := &w.M.Relations[q]
		for s := range 2 {
			i, j := spec.A[s], spec.A[1-s]
			w.scratch.views[q*2+s] = sideView{q: q, s: s, i: i, j: j, spec: spec, rs: &w.rel[q], a: &w.act[i],
				ci: w.M.Coalition[i], cj: w.M.Coalition[j], th: spec.theatre[s], side: spec.tside[s],
				ki: spec.ki[s], kj: spec.kj[s], econ: w.ws.econCost[i*nr : i*nr+nr]}
		}
	}
}

// refreshViews brings every relation side's view up to date, once per
// decision epoch: bargaining and the choices then read them as they stand
// (nothing they read changes until the choices are applied).
func (w *World) refreshViews() {
	for q := range w.rel {
		w.view(q, 0)
		w.view(q, 1)
	}
}

// view returns the view of the actor on side s of relation q, brought up to
// date in place (the view is too large to copy at every choice; its fixed
// part is set once, by initViews).
func (w *World) view(q, s int) *sideView {
	v := &w.scratch.views[q*2+s]
	rs, a, ci, cj := v.rs, v.a, v.ci, v.cj
	v.rho, v.other = rs.rung[s], rs.rung[1-s]
	v.Ci, v.Cj, v.Wi, v.Wj = w.coalCINC[ci], w.coalCINC[cj], w.coalWarheads[ci], w.coalWarheads[cj]
	v.iNuclear, v.mutual = w.coalNuclear[ci], w.mutualRel[q]
	v.b, v.S = rs.belief(s), rs.stakes[s]
	v.notB, v.privS = 1-v.b, rs.privCost[s]*v.S
	v.risk = w.groundAtRisk(v)
	v.optimism = a.optimismNow
	v.pI, v.pJ, v.unitI, v.effI, v.pJDefence, v.supI = 0, 0, 0, 0, 0, 0
	if th := v.th; th >= 0 {
		ts, side := &w.th[th], v.side
		v.pI, v.pJ, v.unitI, v.effI = ts.power[side], ts.power[1-side], ts.unit[side][v.ki], ts.effort[side][v.ki]
		v.pJDefence = w.sidePowerWith(th, 1-side, v.kj, 0)
		v.supI = w.supplyPow[q*2+s]
	}
	return v
}

// permitted applies doctrine and capability to a climb from rung `from` to t.
// A rung below the nuclear alerts and uses is always permitted: that check
// inlines, the rest (permittedNuclear) is a call.
func (w *World) permitted(i, j, from, t int) bool {
	if t > w.M.Top {
		return false
	}
	if w.rungs[t].open {
		return true
	}
	return w.permittedNuclear(i, j, from, t)
}

// permittedNuclear is permitted for a rung t ≤ Top.
func (w *World) permittedNuclear(i, j, from, t int) bool {
	a := &w.act[i]
	rt := &w.rungs[t]
	if (rt.alert >= 2 || rt.nuclear) && !a.nuclear {
		return false
	}
	if rt.terminal && !a.retaliate {
		return false
	}
	if rt.nuclear && !w.rungs[from].nuclear && !w.mayUseFirst(i, j) {
		return false
	}
	return true
}

// mayUseFirst: the doctrine's first-use conditions toward opponent j.
func (w *World) mayUseFirst(i, j int) bool {
	a := &w.act[i]
	if !a.nuclear {
		return false
	}
	if a.retaliate {
		return true
	}
	if a.nfu {
		return false
	}
	if t, s := w.M.TheatreOf(i, j); t >= 0 {
		th := &w.th[t]
		if th.active && th.power[1-s] > 0 && th.power[s]/th.power[1-s] < a.forceRatioBelow {
			return true
		}
		held := th.territory
		if s == 1 {
			held = 1 - held
		}
		// Below the doctrine's territory line, or bound to fall below it
		// within the planning horizon at the present rate of loss
		// (firstuse.go): the envelope opens, the utility decides.
		if held < a.territoryBelow || (th.started && w.projectedHeld(t, s) < a.territoryBelow) {
			return true
		}
		// Losing by force ground it counts as its own (firstuse.go).
		if w.Day >= a.heldFrom && th.started && w.lossRate(t, s) > 0 {
			return true
		}
	}
	if a.underDirectAttack {
		ci := w.M.Coalition[i]
		for x, cx := range w.M.Coalition {
			if cx != ci && w.coalNuclear[cx] && w.fighting(x, i) {
				return true
			}
		}
	}
	return false
}

// utilityGiven is the utility of putting the actor on rung t, with coercive
// rung tc and credibility factor cred for the coercion (signal marks a
// threat), given its chance to prevail (and the added spiral risk of red
// lines) already estimated for rung t.
func (w *World) utilityGiven(v *sideView, t, tc int, cred float64, signal bool, pw, extraSpiral float64) float64 {
	a := v.a
	R := max(t, v.other)
	y := v.notB * w.rungs[min(tc, w.M.Top)].coercion * cred
	S := v.S
	rung := &w.rungs[R]
	cost := a.costSens * rung.cost * w.planning
	pcat := 1.0
	if !rung.terminal {
		pcat = 0
		x := extraSpiral // spiral rate × horizon
		if v.mutual {
			x += rung.spiral
		}
		switch x *= w.planning; {
		case x == rung.pcatX:
			pcat = rung.pcat // the rung's own spiral, or none: fixed for the trajectory
		case x == w.pcatX:
			pcat = w.pcat // as for the last option weighed
		case x > 0:
			pcat = -math.Expm1(-x)
			w.pcatX, w.pcat = x, pcat
		}
	}
	cost += a.costSens * v.econ[R] // GDP lost to war and expected sanctions (economy.go)
	if rung.combat {
		cost += v.privS // the private cost of war (bargaining.go)
	}
	// Unless the opponent yields, the war goes on and takes the ground at risk (firstuse.go).
	u := S*(y+(1-y)*pw) - (1-y)*v.risk - cost - pcat*w.catCost*(1-a.riskTol)
	if signal {
		u += a.bluff * S
	}
	if t != v.rho || signal {
		u -= w.inertia
	}
	return u
}

// prevail is the estimate of actor i (side s of relation q) of its chance to
// prevail over j (the other side) at conflict rung R if j does not yield, when
// i stands on rung t; it also returns the
// added daily spiral risk of the red lines a move to t would cross.
//
// Where i and j face each other in a theatre, the chance is the square-law
// victory odds of the two sides' combat power, π = P_i²/(P_i²+P_j²)
// (Lanchester 1916): at combat rungs with i and j fighting; below them, the
// war as it is fought by others (a proxy war), with the arms i would ship over
// the planning horizon if t is a supply rung. Elsewhere: the ratio of the
// coalitions' capabilities (CINC, Singer et al. 1972), π = C_i/(C_i+C_j).
// Nuclear-use rungs add the coercive edge of the nuclear balance,
// π + (1−π)·coercion(R)·W_i/(W_i+W_j). Red lines against i that t crosses add
// the holder's power, capability and warheads, weighted by credibility. The
// actor's optimism, which fades as the war reveals the balance (the principle
// of convergence, Slantchev 2003), is added to its own estimate.
func (w *World) prevail(v *sideView, R, t int) (pw, extraSpiral float64) {
	m := w.M
	rs, s := v.spec, v.s
	Ci, Cj, Wi, Wj := v.Ci, v.Cj, v.Wi, v.Wj
	th, side := v.th, v.side
	rR, rt := &w.rungs[R], &w.rungs[t]
	var Pi, Pj float64
	if th >= 0 {
		if rR.combat {
			// sidePowerWith(th, side, ki, t), from the view.
			Pi, Pj = v.pI+v.unitI*(rt.fight-v.effI), v.pJ // fight: max(effort, defEffort)
			if Pj == 0 {                                  // j would fight back, at least at the defence effort
				Pj = v.pJDefence
			}
		} else {
			Pi, Pj = v.pI, v.pJ
			if Pi+Pj > 0 && rt.supply {
				Pi += v.supI
			}
		}
	}
	// A move to t crosses none of the red lines if t is below the lowest.
	if t >= rs.redLineLow[s] {
		for n, k := range rs.redLines[s] {
			rl, st := &m.RedLines[k], &w.rl[k]
			if st.fired || t < rl.Rung || t >= rl.supersededAt {
				continue // not crossed, or answered by a higher line of the holder
			}
			h := rl.Holder
			if m.Coalition[h] != v.cj {
				Cj += st.cred * w.act[h].cinc
				Wj += st.cred * w.act[h].warheads
			}
			if th >= 0 && w.rungs[rl.Response].combat {
				if hs := rs.redLineHolder[s][n]; hs >= 0 && w.th[th].effort[1-side][hs] == 0 {
					Pj += st.cred * w.th[th].unit[1-side][hs] * w.rungs[rl.Response].effort
				}
			}
			if w.coalNuclear[m.Coalition[h]] && v.iNuclear {
				extraSpiral += st.cred * w.rungs[rl.Response].spiral
			}
		}
	}
	switch {
	case th >= 0 && Pi+Pj > 0:
		pw = Pi * Pi / (Pi*Pi + Pj*Pj)
	case Ci+Cj > 0:
		pw = Ci / (Ci + Cj)
	default:
		pw = 0.5
	}
	if rR.nuclear && Wi+Wj > 0 {
		pw += (1 - pw) * rR.coercion * Wi / (Wi + Wj)
	}
	return clamp01(pw + v.optimism), extraSpiral
}

// refreshEstimates updates, once per decision epoch, what every estimate
// shares: each actor's optimism today (its initial optimism halves every
// optimism_half_life_days) and the theatres' combat power. (The coalitions'
// capabilities and warheads, fixed for the trajectory, are summed by
// drawParameters.)
func (w *World) refreshEstimates() {
	// Actors mostly share a half-life: one power of 2 for a run of them.
	hl, f := math.NaN(), 0.0
	for i := range w.act {
		a := &w.act[i]
		a.optimismNow = 0
		if a.optimism != 0 {
			if a.optimismHalfLife != hl {
				hl, f = a.optimismHalfLife, expNegWide(float64(w.Day)*a.optimismDecay) // 2^(−day/h)
			}
			a.optimismNow = a.optimism * f
		}
	}
	w.refreshPosture()
	for t := range w.th {
		w.refreshPower(t, true)
	}
}

// supplyPower is the combat power that actor i's arms supply adds to side s of
// theatre th over the planning horizon. It depends only on the trajectory's
// parameters: drawParameters keeps it for each relation side in supplyPow.
func (w *World) supplyPower(i, th, s int) float64 {
	p := 0.0
	for k := range w.M.Supply {
		if sp := &w.M.Supply[k]; sp.From == i && contains(w.M.Theatres[th].Actors[s], sp.To) {
			p += w.sup[k] * w.planning * w.catValue[sp.Cat] * w.vin.supQ[k] // of the supply's quality (vintage.go)
		}
	}
	return p
}

// clamp01 is min(1, max(0, x)), NaN and zeros included, by comparisons.
func clamp01(x float64) float64 {
	switch {
	case x > 1:
		return 1
	case x > 0:
		return x
	case x == x:
		return 0 // max(0, x) is +0 for x ≤ 0, −0 included
	}
	return x // NaN
}

// chanceText prints a chance for a trace: two decimals, but a rare choice
// that was made keeps two significant digits (p=0.0031, not p=0.00) and a
// near-certain one three decimals (p=0.997).
func chanceText(p float64) string {
	switch {
	case p > 0 && p < 0.01:
		return strconv.FormatFloat(p, 'g', 2, 64)
	case p > 0.99 && p < 1:
		return strconv.FormatFloat(p, 'f', 3, 64)
	}
	return strconv.FormatFloat(p, 'f', 2, 64)
}

func (w *World) traceChoice(q, s, i, j int, o option, from, to int, p float64) {
	rs := &w.rel[q]
	belief := rs.belief(s)
	switch o {
	case optSignal:
		w.logf("%s threatens %s with %q while staying at %q (chosen with p=%s; believes %s resolute with p=%.2f)",
			w.actorName(i), w.actorName(j), w.rungName(min(from+1, w.M.Top)), w.rungName(from), chanceText(p), w.actorName(j), belief)
	case optSettle:
		what := "a settlement"
		if !w.M.Relations[q].Principal {
			what = "a ceasefire"
		}
		w.logf("%s offers %s %s (p=%s)", w.actorName(i), w.actorName(j), what, chanceText(p))
	case optDown:
		if to == from {
			w.logf("%s would step down toward %s but holds %q: it is answering a nuclear strike (retaliation)", w.actorName(i), w.actorName(j), w.rungName(from))
			return
		}
		fallthrough
	default:
		w.logf("%s %s toward %s: %q → %q (chosen with p=%s; believes %s resolute with p=%.2f)",
			w.actorName(i), optionNames[o], w.actorName(j), w.rungName(from), w.rungName(to), chanceText(p), w.actorName(j), belief)
	}
}
