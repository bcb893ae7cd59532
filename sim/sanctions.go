package sim

import "math"

// Sanctions: a coalition cuts trade with a target; the target diverts part of
// what it lost to partners that do not sanction, at a cost; each third party
// joins or leaves as its interests and the course of the crisis move it.
//
// Trade. The target trades a share s_j with each partner j (and the rest,
// s_0, with the rest of the world). A member cuts the effective depth
// c_j = d·(1 − e_j) of its trade, where its evasion
//
//	e_j = min(1, evasion · 2/(1 + e^{z_j}))
//
// follows its own pressure z_j (below): the scenario's evasion for a member
// at z = 0, nearly none for one pressed hard to sanction, up to twice as much
// for a reluctant one (enforcement follows interest: Early 2015, Busted
// Sanctions). A share δ of the cut volume C = Σ c_j·s_j finds partners
// that do not sanction, spread over them in proportion to their baseline
// shares, and loses a share κ of its value on the way (discounts,
// intermediaries). The shares after sanctions are the new volumes over their
// sum, so they still sum to one; the value lost is
//
//	L = (C − δC) + κ·δC
//
// a share of the target's baseline trade (after the "trade diversion" of
// Viner 1950, and the evidence on Russian trade after 2014 and 2022: Crozet &
// Hinz 2020, Economic Policy 35:97–146). Its GDP falls by openness × ε × L,
// where ε is the share of the value of lost trade lost from GDP. A member
// loses c_j of its own trade with the target.
//
// Joining and leaving. Each third party's pressure to sanction is
//
//	z = affinity + outrage·[target at war] + outrage_use·[target's coalition used nuclear weapons]
//	    − w·openness·s_target·d + w·openness·σ·Σ_members s_m
//
// (its own GDP at stake in trade with the target, and — with secondary
// sanctions σ — its trade with the members that staying out puts at risk).
// A non-member joins at rate join·e^z a year, a member leaves at rate
// leave·e^−z: a two-state Markov chain whose share of members tends to
// join·e^z / (join·e^z + leave·e^−z). Once the target's coalition has used a
// nuclear weapon the members cut deeper (depth_after_nuclear_use).

// TradeAfterSanctions returns the target's trade shares after sanctions:
// shares are its baseline shares with its partners (the rest of the world
// holding row = 1 − Σ shares), member tells which partners sanction and
// cut[j] the effective depth of member j's cut, diversion and cost as above.
// It writes the partners' new shares into after and returns the rest of the
// world's new share and the share of the baseline trade value lost.
func TradeAfterSanctions(shares []float64, row float64, member []bool, cut []float64, diversion, cost float64, after []float64) (rowAfter, loss float64) {
	var C, other float64 // volume cut; baseline volume of non-members, the rest of the world included
	for j, s := range shares {
		if member[j] {
			C += cut[j] * s
		} else {
			other += s
		}
	}
	other += row
	D := 0.0
	if other > 0 {
		D = diversion * C
	}
	total := 1 - C + D
	for j, s := range shares {
		v := s
		if member[j] {
			v = s * (1 - cut[j])
		} else {
			v = s + D*s/other
		}
		after[j] = v / total
	}
	rowAfter = row
	if other > 0 {
		rowAfter = row + D*row/other
	}
	return rowAfter / total, (C - D) + cost*D
}

// sanctionsStep moves the coalition over dt years and sets the trade losses.
// The pressures, their rates and the trade losses depend only on whether the
// target is at war, whether its coalition has used a nuclear weapon and who
// is a member: they are worked out again only when one of these changes.
// Within a step every rate is that of the state at its start.
func (w *World) sanctionsStep(dt float64) {
	m, ws := w.M, &w.ws
	t := m.W.target
	if t < 0 {
		return
	}
	sn := &ws.sanc
	used := ws.usedBy[m.Coalition[t]]
	war := w.rungs[w.ws.rung[t]].combat
	if !sn.valid || war != sn.war || used != sn.used {
		sn.war, sn.used = war, used
		w.sanctionsState(t)
	}
	if dt <= 0 {
		return
	}
	r := w.rng[StreamWorld]
	changed := false
	for _, j := range m.W.candidates {
		if sn.bought[j] {
			continue // it sold its trade to the target for a price (patronDeal)
		}
		// A two-state chain: the clock holds the hazard left to the next
		// switch; an overshoot carries over into the other state's rate,
		// so several switches in one step are followed exactly.
		left := dt
		for left > 0 {
			rate := sn.join * sn.ez[j]
			if sn.member[j] {
				rate = sn.leave / sn.ez[j]
			}
			if rate <= 0 || sn.clock[j] > rate*left {
				sn.clock[j] -= rate * left
				break
			}
			left -= sn.clock[j] / rate
			sn.clock[j] = r.ExpFloat64()
			sn.member[j] = !sn.member[j]
			changed = true
			if w.tracing {
				verb := "leaves"
				if sn.member[j] {
					verb = "joins"
				}
				w.logf("%s %s the sanctions on %s (pressure %.2f)", w.actorName(j), verb, w.actorName(t), sn.z[j])
			}
		}
	}
	if changed {
		w.sanctionsState(t)
	}
	if used {
		w.patronDeal(t)
	}
}

// patronDeal: the price a patron extracts for reopening trade. Once the
// target's coalition has used a nuclear weapon, a patron that sanctions the
// target may offer to reopen its trade for a price π, a share of the
// target's GDP a year (the alliance's price_after_nuclear_use; up to leases
// of territory, which this prices). The target accepts when the GDP the
// reopened trade gives back is worth more,
//
//	openness·ε·(L − L_without the patron's cut) > π,
//
// and becomes the patron's client: the patron leaves the coalition for good
// and the target pays π a year (economy.go). This is the bargain a patron
// with a monopoly on the target's outside option can strike (the outside
// option principle: Binmore, Shaked & Sutton 1989, QJE 104:753–770); the
// discussion expects it of China.
func (w *World) patronDeal(t int) {
	m, ws := w.M, &w.ws
	sn := &ws.sanc
	nal := len(m.W.alliances)
	e := &ws.econ[t]
	for k := range m.W.alliances {
		al := &m.W.alliances[k]
		p := al.Leader
		price := ws.ally[k].price
		if !al.Patronage || price <= 0 || !sn.member[p] || ws.member[t*nal+k] {
			continue
		}
		mem, cut := w.scratchMembers(t)
		for i, ref := range m.W.trade[t] {
			if ref.idx == p {
				mem[i] = false
			}
		}
		_, without := TradeAfterSanctions(sn.shares, sn.row, mem, cut, sn.diversion, sn.divCost, sn.afterNuc)
		gain := e.open * sn.eps * (e.tradeLoss - without)
		if gain <= price {
			continue
		}
		sn.member[p], sn.bought[p] = false, true
		ws.member[t*nal+k] = true
		sn.pricePaid += price
		if w.Out.Joined[t] < 0 {
			w.Out.Joined[t], w.Out.JoinDay[t] = int8(k), w.Day
		}
		if w.tracing {
			w.logf("%s reopens its trade with %s for %.1f %% of %s's GDP a year (worth %.1f %% to it): %s becomes a client of %s",
				w.actorName(p), w.actorName(t), 100*price, w.actorName(t), 100*gain, w.actorName(t), al.ID)
		}
		w.sanctionsState(t)
	}
}

// sanctionsState works out, for the coalition as it stands, every
// candidate's pressure and its exponential, the coalition's size, the trade
// losses of the target and the members, and what the target would lose after
// a nuclear use.
func (w *World) sanctionsState(t int) {
	m, ws := w.M, &w.ws
	sn := &ws.sanc
	sn.valid = true
	depth := sn.depthNow(sn.used)
	for _, j := range m.W.candidates {
		sn.z[j] = w.sanctionPressure(j, sn.war, sn.used, depth)
		sn.ez[j] = math.Exp(sn.z[j])
	}
	sn.size = 0
	for j := range sn.member {
		if sn.member[j] {
			sn.size++
		}
	}
	sn.max = max(sn.max, sn.size)
	w.Out.SanctionsSize, w.Out.SanctionsMax = sn.size, sn.max
	for j := range ws.econ {
		sn.cutOf[j] = 0
		if sn.member[j] {
			sn.cutOf[j] = depth * (1 - sn.evasionOf(sn.z[j]))
		}
		if j != t {
			ws.econ[j].tradeLoss = sn.cutOf[j] * ws.econ[j].tradeTarget
		}
	}
	mem, cut := w.scratchMembers(t)
	_, ws.econ[t].tradeLoss = TradeAfterSanctions(sn.shares, sn.row, mem, cut, sn.diversion, sn.divCost, sn.after)
	// What the target would lose were its coalition to use a nuclear weapon:
	// every candidate pressed to join by then joins, and members cut deeper.
	sn.lossNuclear = ws.econ[t].tradeLoss
	if !sn.used {
		for k, ref := range m.W.trade[t] {
			j := ref.idx
			z := sn.z[j]
			if w.candidate(j) {
				z = w.sanctionPressure(j, true, true, sn.depthUse)
			}
			mem[k] = sn.member[j] || (w.candidate(j) && z > 0)
			cut[k] = sn.depthUse * (1 - sn.evasionOf(z))
		}
		_, sn.lossNuclear = TradeAfterSanctions(sn.shares, sn.row, mem, cut, sn.diversion, sn.divCost, sn.afterNuc)
	}
	w.refreshEconCostOf(t)
}

// evasionOf is the evasion of a member under pressure z (see above).
func (sn *sanctionState) evasionOf(z float64) float64 {
	return min(1, sn.evasion*2/(1+math.Exp(z)))
}

func (sn *sanctionState) depthNow(used bool) float64 {
	if used {
		return max(sn.depth, sn.depthUse)
	}
	return sn.depth
}

// sanctionPressure is z above for actor j.
func (w *World) sanctionPressure(j int, war, used bool, depth float64) float64 {
	sn, e := &w.ws.sanc, &w.ws.econ[j]
	z := e.affinity - sn.costWeight*e.open*e.tradeTarget*depth
	if war {
		z += sn.outrage
	}
	if used {
		z += sn.outrageUse
	}
	if sn.secondary > 0 {
		withMembers := 0.0
		for k, ref := range w.M.W.trade[j] {
			if ref.idx != j && sn.member[ref.idx] {
				withMembers += e.trade[k]
			}
		}
		z += sn.costWeight * e.open * sn.secondary * withMembers
	}
	return z
}

func (w *World) candidate(j int) bool {
	for _, c := range w.M.W.candidates {
		if c == j {
			return true
		}
	}
	return false
}

// scratchMembers fills the membership of the target's partners and their
// cuts, in the order of its trade shares, into buffers of the World.
func (w *World) scratchMembers(t int) ([]bool, []float64) {
	ws := &w.ws
	n := len(w.M.W.trade[t])
	mem, cut := ws.memBuf[:n], ws.cutBuf[:n]
	for k, ref := range w.M.W.trade[t] {
		mem[k] = ws.sanc.member[ref.idx]
		cut[k] = ws.sanc.cutOf[ref.idx]
	}
	return mem, cut
}
