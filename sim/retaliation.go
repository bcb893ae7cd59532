package sim

import "brink/scenario"

// retaliationMechanism: a nuclear use answered by the victim's doctrine.
//
// When an actor strikes at a nuclear rung t, every nuclear-armed state with a
// retaliation doctrine that is struck, or is in the struck state's coalition
// or one of its alliances, and that has a relation with the user, answers
// each user once per level of strike (a larger strike is answered again; a
// second state striking it is answered too: in a general war every state that
// launches at a nuclear power is struck back). It draws one
// branch b with probability p_b / Σp (the doctrine's weights):
//
//	assured       a strategic strike on the user's homeland: the lowest
//	              homeland rung at or above t (US Nuclear Posture Review 2022:
//	              "any nuclear employment … would fundamentally alter the nature
//	              of a conflict"; Russia's Basic Principles 2020, §19: nuclear
//	              use in response to nuclear use against it or its allies)
//	proportional  a use of the same rung t (flexible response, NATO MC 14/3)
//	conventional  a conventional response at a combat rung (the US warning of
//	              2022 to destroy Russian forces in Ukraine)
//	none          no response; the state may step down
//
// The answer is launched in the turn of the use under launch on warning,
// else decide_days later. From the draw until hold_days after the use the
// state does not step down below its answer (the decision mechanism asks
// held); only the branch none frees it. So, with the branch probabilities
// p_b, the chance that a strike on a nuclear power is answered by a step down
// within the hold is at most p_none — the invariant the tests check, counted
// in Outcome.DownAfterStrike.
type retaliationMechanism struct{}

// The branches of a retaliation doctrine.
const (
	BranchAssured = iota
	BranchProportional
	BranchConventional
	BranchNone
	NumBranches
)

var branchNames = [NumBranches]string{"assured retaliation", "proportional response", "conventional response", "no response"}

// BranchName names a retaliation branch.
func BranchName(b int) string { return branchNames[b] }

// retaliationParams is an actor's doctrine drawn for the trajectory.
type retaliationParams struct {
	has             bool
	p               [NumBranches]float64 // normalised weights
	convRung        int
	decide, hold    int
	launchOnWarning bool
}

type pendingResponse struct {
	actor, rel, side, rung, day, branch int
}

// retState is the trajectory's state of the responses.
type retState struct {
	pending   []pendingResponse
	holdFloor []int  // [relation*2+side]: the rung the side may not step down below …
	holdUntil []int  // … until this day
	answerDay []int  // [relation*2+side]: day the side was struck or answered a strike on its side, −1 if never
	downOK    []bool // [relation*2+side]: its drawn branch (or the lack of a doctrine) allows a step down
	answered  []int  // [relation*2+side]: the highest rung of the other side's strikes the side has answered, −1 if none
	branch    []int  // [relation*2+side]: the branch of that answer
	homeland  []int  // per rung: the lowest homeland rung at or above it, or −1
	interv    []float64
}

func (rt *retState) init(m *Model) {
	n := 2 * len(m.Relations)
	ni := 0
	if a := m.Scenario.AfterNuclearUse; a != nil {
		ni = len(a.Intervention)
	}
	// Room for every actor to answer a few strikes at once: appends on the
	// (rare) turns of a strike then allocate nothing.
	rt.pending = make([]pendingResponse, 0, 4*len(m.Actors)+ni)
	rt.holdFloor, rt.holdUntil, rt.answerDay = make([]int, n), make([]int, n), make([]int, n)
	rt.downOK = make([]bool, n)
	rt.answered, rt.branch = make([]int, n), make([]int, n)
	l := m.Scenario.Ladder
	rt.homeland = make([]int, len(l))
	for t := range l {
		rt.homeland[t] = -1
		for u := t; u < len(l); u++ {
			if l[u].Damage != nil && l[u].Damage.Homeland {
				rt.homeland[t] = u
				break
			}
		}
	}
	if a := m.Scenario.AfterNuclearUse; a != nil {
		rt.interv = make([]float64, len(a.Intervention))
	}
}

// drawRetaliation draws the doctrines' weights and the interventions'
// probabilities, and clears the trajectory's responses.
func (w *World) drawRetaliation(d func(scenario.Value) float64) {
	sc := w.M.Scenario
	rt := &w.rt
	rt.pending = rt.pending[:0]
	for k := range rt.holdUntil {
		rt.holdFloor[k], rt.holdUntil[k], rt.answerDay[k], rt.downOK[k] = 0, 0, -1, false
		rt.answered[k], rt.branch[k] = -1, 0
	}
	for i := range sc.Actors {
		a := &w.act[i]
		a.alertDwell = d(sc.Actors[i].Doctrine.AlertDwellDays)
		a.alertOnUse = sc.Actors[i].Doctrine.AlertAfterUse
		a.ret = retaliationParams{}
		r := sc.Actors[i].Doctrine.Retaliation
		if r == nil {
			continue
		}
		p := [NumBranches]float64{d(r.Assured), d(r.Proportional), d(r.Conventional), d(r.None)}
		sum := p[0] + p[1] + p[2] + p[3]
		if sum <= 0 {
			continue
		}
		for b := range p {
			p[b] /= sum
		}
		a.ret = retaliationParams{has: true, p: p, convRung: r.ConventionalRung, decide: r.DecideDays, hold: r.HoldDays,
			launchOnWarning: r.LaunchOnWarning}
	}
	if au := sc.AfterNuclearUse; au != nil {
		for k := range au.Intervention {
			rt.interv[k] = d(au.Intervention[k].Probability)
		}
	}
}

// held reports whether side s of relation q may not step down to rung t now.
func (w *World) held(q, s, t int) bool {
	k := q*2 + s
	return w.Day < w.rt.holdUntil[k] && t < w.rt.holdFloor[k]
}

// allied reports whether actors a and b share a coalition or an alliance.
func (w *World) allied(a, b int) bool {
	m := w.M
	if m.Coalition[a] == m.Coalition[b] {
		return true
	}
	nal := len(m.W.alliances)
	if nal == 0 || len(w.ws.member) == 0 {
		return false
	}
	for k := range nal {
		if w.ws.member[a*nal+k] && w.ws.member[b*nal+k] {
			return true
		}
	}
	return false
}

// strike is called when the actor on side `side` of relation r climbs to the
// nuclear rung t: the damage it does (damage.go), and the answers it calls
// for — none if believed, an unauthorised detonation its victim believes was
// not ordered (nuclearUse).
func (w *World) strike(r, side, t int, believed bool) {
	m := w.M
	user, victim := m.Relations[r].A[side], m.Relations[r].A[1-side]
	w.damage(r, side, t)
	if w.act[victim].nuclear && !w.act[victim].ret.has {
		// A nuclear power without a doctrine: nothing stated holds it.
		k := r*2 + 1 - side
		w.rt.answerDay[k], w.rt.downOK[k] = w.Day, true
	}
	rng := w.lateStream()
	for x := range w.act {
		a := &w.act[x]
		if !a.ret.has || !a.nuclear || x == user {
			continue
		}
		if x != victim && !w.allied(x, victim) {
			continue
		}
		q := m.Rel(x, user)
		if q < 0 {
			continue
		}
		s := w.sideOf(q, x)
		k := q*2 + s
		if t <= w.rt.answered[k] {
			// A strike no larger than one already answered renews the
			// answer's hold, under the branch drawn then.
			if w.rt.branch[k] != BranchNone {
				w.rt.answerDay[k], w.rt.downOK[k] = w.Day, false
				w.rt.holdUntil[k] = w.Day + a.ret.hold
				w.rt.holdFloor[k] = max(w.rt.holdFloor[k], w.rel[q].rung[s])
			}
			continue
		}
		w.rt.answered[k] = t
		a.retaliate = true
		b := BranchNone // believed unauthorised (nuclearUse): no answer by doctrine
		if !believed {
			u := rng.Float64()
			b = 0
			for b < BranchNone && u >= a.ret.p[b] {
				u -= a.ret.p[b]
				b++
			}
		}
		rung := -1
		switch b {
		case BranchAssured:
			rung = t
			if h := w.rt.homeland[t]; h >= 0 {
				rung = h
			}
		case BranchProportional:
			rung = t
		case BranchConventional:
			rung = a.ret.convRung
		}
		w.rt.branch[k] = b
		w.rt.answerDay[k] = w.Day
		w.rt.downOK[k] = b == BranchNone
		if w.Out.Response < 0 {
			w.Out.Response = int8(b)
		}
		w.Out.Responses++
		if w.tracing {
			on := "against it"
			switch {
			case x != victim:
				on = "on its ally " + w.actorName(victim)
			case w.rungs[t].dmg.homeland:
				on = "on its homeland"
			}
			if believed {
				w.logf("%s does not answer %s's %s %s: it believes the detonation was not ordered", w.actorName(x), w.actorName(user), w.rungName(t), on)
			} else {
				w.logf("%s answers %s's %s %s with %s (doctrine: %s, p=%.2f)", w.actorName(x), w.actorName(user), w.rungName(t), on,
					w.responseText(b, rung), branchNames[b], a.ret.p[b])
			}
		}
		if b == BranchNone {
			continue
		}
		rung = min(rung, m.Top)
		w.rt.holdFloor[k] = max(rung, w.rel[q].rung[s])
		w.rt.holdUntil[k] = w.Day + a.ret.hold
		day := w.Day + a.ret.decide
		if a.ret.launchOnWarning {
			day = w.Day
		}
		w.rt.pending = append(w.rt.pending, pendingResponse{actor: x, rel: q, side: s, rung: rung, day: day, branch: b})
	}
}

func (w *World) responseText(b, rung int) string {
	if b == BranchNone {
		return "no response"
	}
	return "\"" + w.rungName(min(rung, w.M.Top)) + "\""
}

// steppedDown records a step down of side s of relation r: one within the
// hold after a strike on a nuclear power (or its answer), that its drawn
// branch did not allow, is counted — the invariant says never.
func (w *World) steppedDown(r, s int) {
	k := r*2 + s
	if d := w.rt.answerDay[k]; d >= 0 && w.Day-d < 7 && !w.rt.downOK[k] {
		w.Out.DownAfterStrike++
		if w.tracing {
			w.logf("%s steps down toward %s %d days after a nuclear strike it was to answer (a breach of its doctrine's hold)",
				w.actorName(w.M.Relations[r].A[s]), w.actorName(w.M.Relations[r].A[1-s]), w.Day-d)
		}
	}
}

// answering reports whether side s of relation q has an answer pending
// there: a response to a nuclear strike, or an intervention, decided and not
// yet carried out.
func (w *World) answering(q, s int) bool {
	for _, p := range w.rt.pending {
		if p.rel == q && p.side == s && w.rel[q].rung[s] < p.rung {
			return true
		}
	}
	return false
}

// due reports whether a response is pending (Step has nothing to do
// otherwise): World.Step asks first, without a call.
func (retaliationMechanism) due(w *World) bool { return len(w.rt.pending) > 0 }

func (retaliationMechanism) Step(w *World) {
	rt := &w.rt
	if len(rt.pending) == 0 {
		return
	}
	n := 0
	changed := false
	// By index: a strike carried out appends the answers it calls for, and
	// those launched on warning are carried out today, in this loop.
	for i := 0; i < len(rt.pending); i++ {
		p := rt.pending[i]
		if p.day > w.Day || w.done {
			rt.pending[n] = p
			n++
			continue
		}
		rs := &w.rel[p.rel]
		rs.maxRung[p.side] = max(rs.maxRung[p.side], p.rung)
		if rs.rung[p.side] < p.rung {
			if w.tracing {
				w.logf("%s carries out its %s: %q toward %s", w.actorName(p.actor), branchNames[p.branch], w.rungName(p.rung),
					w.actorName(w.M.Relations[p.rel].A[1-p.side]))
			}
			w.setRung(p.rel, p.side, p.rung, UseDeliberate)
			changed = true
		}
	}
	rt.pending = rt.pending[:n]
	if changed && !w.done {
		w.updateAlerts()
	}
}

// intervene: at the first nuclear use of user's coalition, each third party
// the scenario names steps onto its rung toward the user with its
// probability (after_nuclear_use.intervention).
func (w *World) intervene(user int) {
	au := w.M.Scenario.AfterNuclearUse
	if au == nil {
		return
	}
	rng := w.lateStream()
	for k := range au.Intervention {
		iv := &au.Intervention[k]
		x := w.M.ActorIndex(iv.Actor)
		q := w.M.Rel(x, user)
		if x < 0 || q < 0 || w.M.Coalition[x] == w.M.Coalition[user] {
			continue
		}
		if rng.Float64() >= w.rt.interv[k] {
			continue
		}
		s := w.sideOf(q, x)
		rs := &w.rel[q]
		rs.maxRung[s] = max(rs.maxRung[s], iv.Rung)
		w.Out.Interventions++
		if iv.HoldDays > 0 {
			// An intervention in answer to a nuclear use is not given up
			// within days: held like a retaliation (held).
			k := q*2 + s
			w.rt.holdFloor[k] = max(w.rt.holdFloor[k], iv.Rung)
			w.rt.holdUntil[k] = max(w.rt.holdUntil[k], w.Day+iv.HoldDays)
		}
		if rs.rung[s] >= iv.Rung {
			continue
		}
		if w.tracing {
			w.logf("%s intervenes against %s after its nuclear use: %q", w.actorName(x), w.actorName(user), w.rungName(iv.Rung))
		}
		w.rt.pending = append(w.rt.pending, pendingResponse{actor: x, rel: q, side: s, rung: iv.Rung, day: w.Day, branch: BranchConventional})
	}
}

// generalWar ends the trajectory in general nuclear war. It is an exchange,
// not one side's launch (Kahn 1960, On Thermonuclear War: a "spasm" war of
// both arsenals; Blair 1993, The Logic of Accidental Nuclear War: forces on
// launch under attack fire within minutes): the answers the strikes have
// called for by doctrine are launched at once, not decide_days later, since
// there is no later, and each of them may call for more, which are launched
// too (each state answers each attacker once per rung, so it ends). Only then
// is the end recorded, with every side's damage.
func (w *World) generalWar() {
	w.exchanging = true
	for k := 0; k < len(w.rt.pending); k++ { // strikes append answers as they go
		p := w.rt.pending[k]
		rs := &w.rel[p.rel]
		if !w.rungs[p.rung].nuclear || rs.rung[p.side] >= p.rung {
			continue
		}
		rs.maxRung[p.side] = max(rs.maxRung[p.side], p.rung)
		if w.tracing {
			w.logf("%s launches its %s at once: %q toward %s", w.actorName(p.actor), branchNames[p.branch], w.rungName(p.rung),
				w.actorName(w.M.Relations[p.rel].A[1-p.side]))
		}
		w.setRung(p.rel, p.side, p.rung, UseDeliberate)
	}
	w.rt.pending = w.rt.pending[:0]
	w.exchanging = false
	w.end(EndNuclearWar, -1)
}
