package sim

import "math"

// Alliances and guarantees: states balance against threats (Walt 1987, The
// Origins of Alliances), and the promises that protect them are only as good
// as they are seen to be kept.
//
// Threat. Actor i perceives
//
//	threat_i = Σ_j e_ij · C_j/(C_i + C_j) · x_j,   x_j = (1 + rung_j)/(1 + top) + [j's coalition used nuclear weapons]
//
// with e_ij its exposure to j (proximity × hostility, from the scenario),
// C the capabilities (CINC) and rung_j the highest rung j stands on toward
// anyone: aggregate power, proximity and offensive intent, the last read
// from what j does.
//
// Accession. A state that seeks an alliance applies at the rate
// apply·e^{k·(threat − threat_0)} a year (threat_0 at the start), and is
// admitted after the alliance's admission delay plus, for each veto player
// that holds it up (with its probability), that player's delay. Finland
// applied on 2022-05-18 and joined on 2023-04-04 (321 days); Sweden applied
// the same day and, held up by Turkey and Hungary, joined on 2024-03-07
// (659 days). A patronage admits clients without vetoes; a client concedes
// a share of its GDP a year to the patron.
//
// Credibility. When a red line held by a member is tested, the alliance's
// credibility c moves: kept, c ← c + gain·(1 − c); broken, c ← c − loss·c,
// and the credibility of the members' other red lines falls in proportion —
// the reputation for resolve that guarantees rest on (Schelling 1966, Arms
// and Influence, ch. 2). A state's guarantee is the best credibility among
// the alliances it belongs to.

// threat is threat_i above (0 for an actor that names no threats).
func (w *World) threat(i int) float64 {
	m := w.M
	th := 0.0
	top := float64(1 + m.Top)
	pexp := w.ws.sec[i].pexp // e_ij·p_ij (drawWorld): capabilities are fixed for the trajectory
	for k, ref := range m.W.threat[i] {
		j := ref.idx
		x := float64(1+w.ws.rung[j]) / top
		if w.ws.usedBy[m.Coalition[j]] {
			x++
		}
		th += pexp[k] * x
	}
	return th
}

// guarantee is the credibility of the best guarantee actor i holds: the
// highest credibility among the alliances it belongs to, 0 if none.
func (w *World) guarantee(i int) float64 {
	nal := len(w.M.W.alliances)
	g := 0.0
	for k := range nal {
		if w.ws.member[i*nal+k] {
			g = max(g, w.ws.ally[k].cred)
		}
	}
	return g
}

// concession is the share of GDP a year actor i concedes to its patrons.
func (w *World) concession(i int) float64 {
	nal := len(w.M.W.alliances)
	c := 0.0
	for k := range nal {
		if w.ws.member[i*nal+k] && w.M.W.alliances[k].Patronage && w.M.W.alliances[k].Leader != i {
			c += w.ws.ally[k].concession
		}
	}
	return c
}

// allianceStep moves threat perceptions, applications and admissions over dt years.
func (w *World) allianceStep(dt float64) {
	m, ws := w.M, &w.ws
	nal := len(m.W.alliances)
	r := w.rng[StreamWorld]
	for i := range ws.sec {
		s := &ws.sec[i]
		if len(m.W.threat[i]) > 0 {
			s.threat = w.threat(i)
		}
		if s.applied >= 0 {
			if w.Day >= s.admitDay && s.joined < 0 {
				s.joined = s.applied
				ws.member[i*nal+s.applied] = true
				w.Out.Joined[i] = int8(s.applied)
				w.Out.JoinDay[i] = w.Day
				if w.tracing {
					w.logf("%s is admitted to %s", w.actorName(i), m.W.alliances[s.applied].ID)
				}
			}
			continue
		}
		k := w.sought(i)
		if k < 0 {
			continue
		}
		if s.threat != s.rateAt || s.rate < 0 { // the rate moves only with the threat
			s.rate, s.rateAt = s.apply*math.Exp(s.weight*(s.threat-s.threat0)), s.threat
		}
		if !spend(r, &s.clock, s.rate, dt) {
			continue
		}
		st := &ws.ally[k]
		delay := st.admission
		var held uint64 // the veto players that hold it up
		for v := range st.vetoP {
			if bernoulli(r, st.vetoP[v]) {
				delay += st.vetoDays[v]
				held |= 1 << (v % 64)
			}
		}
		s.applied = k
		s.admitDay = w.Day + int(math.Ceil(delay))
		w.Out.Applied[i] = int8(k)
		if w.tracing {
			w.logf("%s applies to %s (threat %.2f, was %.2f); admission expected on %s%s", w.actorName(i), m.W.alliances[k].ID,
				s.threat, s.threat0, w.Date(s.admitDay).Format("2006-01-02"), w.heldBy(k, held))
		}
	}
}

// heldBy names the veto players in the set held (for the trace).
func (w *World) heldBy(k int, held uint64) string {
	s := ""
	for v, vt := range w.M.W.alliances[k].spec.Vetoes {
		if held&(1<<(v%64)) != 0 {
			if s != "" {
				s += " and "
			}
			s += vt.By
		}
	}
	if s == "" {
		return ""
	}
	return ", held up by " + s
}

// sought is the first alliance actor i seeks and does not belong to, or -1.
func (w *World) sought(i int) int {
	nal := len(w.M.W.alliances)
	for _, k := range w.M.W.seeks[i] {
		if !w.ws.member[i*nal+k] {
			return k
		}
	}
	return -1
}

// guaranteeTested updates the credibility of the alliances of holder, whose
// red line was tested and kept or broken (one test: noteGuaranteeTest, then
// applyGuaranteeTests).
func (w *World) guaranteeTested(holder int, kept bool) {
	w.noteGuaranteeTest(holder, kept)
	w.applyGuaranteeTests()
}

// Outcomes of the day's tests of an alliance's guarantee (worldstate.tested).
const (
	testNone int8 = iota
	testKept
	testBroken
)

// noteGuaranteeTest records that holder's red line was tested today, kept or
// broken, against each alliance whose guarantee it carries. The tests of one
// day count as one per alliance — broken if any red line of its members was
// broken, kept otherwise — so that one crossing seen by several members of an
// alliance moves its credibility once, not once per member: observers update
// at most once a day per source (the same event seen through several
// channels is one piece of evidence).
func (w *World) noteGuaranteeTest(holder int, kept bool) {
	m, ws := w.M, &w.ws
	nal := len(m.W.alliances)
	for k := range nal {
		if !ws.member[holder*nal+k] || m.W.alliances[k].Patronage && m.W.alliances[k].Leader != holder {
			continue
		}
		if !kept {
			ws.tested[k] = testBroken
		} else if ws.tested[k] == testNone {
			ws.tested[k] = testKept
		}
	}
}

// applyGuaranteeTests moves the credibility of each alliance tested today,
// once. When a guarantee was broken, every unfired red line of a member of
// those alliances is believed less, once, by the largest relative fall among
// the alliances its holder shares with the ones that failed.
func (w *World) applyGuaranteeTests() {
	m, ws := w.M, &w.ws
	nal := len(m.W.alliances)
	fell := false
	for k := range nal {
		ws.ratio[k] = 1
		t := ws.tested[k]
		if t == testNone {
			continue
		}
		ws.tested[k] = testNone
		st := &ws.ally[k]
		old := st.cred
		if t == testKept {
			st.cred += st.gain * (1 - st.cred)
		} else {
			st.cred -= st.loss * st.cred
			if old > 0 {
				ws.ratio[k], fell = st.cred/old, true
			}
		}
		w.Out.Credibility[k] = st.cred
		if w.tracing {
			w.logf("the credibility of %s's guarantee goes from %.2f to %.2f", m.W.alliances[k].ID, old, st.cred)
		}
	}
	if !fell {
		return
	}
	for n := range m.RedLines {
		if w.rl[n].fired {
			continue
		}
		h, f := m.RedLines[n].Holder, 1.0
		for k := range nal {
			if ws.member[h*nal+k] {
				f = min(f, ws.ratio[k])
			}
		}
		w.rl[n].cred *= f
	}
}
