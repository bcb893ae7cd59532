package sim

import "math"

// Proliferation: a state with latent capability starts a weapons programme
// at the hazard
//
//	h = h_0 · e^{a·(threat − threat_0) + b·(g_0 − g)} · (M if any state has used a nuclear weapon)
//
// a year, where threat is its perceived threat (alliance.go), g the
// credibility of its best guarantee and g_0 both at the start: the security
// model of proliferation (Sagan 1996/97, "Why Do States Build Nuclear
// Weapons?", International Security 21(3):54–86), with the guarantee as the
// main substitute for a bomb (Bleek & Lorber 2014, Journal of Conflict
// Resolution 58:429–454). With h constant, the chance of a start within T
// years is 1 − e^{−hT}. A programme yields a first weapon after the state's
// latency (years to a weapon), unless it is abandoned first (hazard a year)
// or stopped by a preventive response (hazard a year) — a strike or
// sanctions (Fuhrmann & Kreps 2010, Journal of Conflict Resolution
// 54:831–859). A new weapon is recorded; it does not join the crisis's
// nuclear balance within the horizon.
func (w *World) proliferationStep(dt float64) {
	ws := &w.ws
	r := w.rng[StreamWorld]
	anyUse := w.Out.NuclearUse
	for i := range ws.prolif {
		p := &ws.prolif[i]
		if !w.M.W.prolif[i] {
			continue
		}
		switch p.state {
		case ProlifNone:
			s := &ws.sec[i]
			g := w.guarantee(i)
			if p.h < 0 || s.threat != p.hThreat || g != p.hGuarantee || anyUse != p.hUse {
				p.h = p.h0 * math.Exp(p.tw*(s.threat-s.threat0)+p.gw*(s.cred0-g))
				if anyUse {
					p.h *= p.mult
				}
				p.hThreat, p.hGuarantee, p.hUse = s.threat, g, anyUse
			}
			h := p.h
			if spend(r, &p.clock, h, dt) {
				p.state = ProlifProgramme
				p.weaponDay = w.Day + int(math.Ceil(p.years*365))
				w.Out.Prolif[i] = ProlifProgramme
				w.Out.ProgrammeDay[i] = w.Day
				if w.tracing {
					w.logf("%s starts a nuclear weapons programme (hazard %.3g a year); a first weapon expected on %s",
						w.actorName(i), h, w.Date(p.weaponDay).Format("2006-01-02"))
				}
			}
		case ProlifProgramme:
			switch {
			case w.Day >= p.weaponDay:
				p.state = ProlifWeapon
				if w.tracing {
					w.logf("%s has a nuclear weapon", w.actorName(i))
				}
			case spend(r, &p.responseClock, p.response, dt):
				p.state = ProlifStopped
				if w.tracing {
					w.logf("%s's nuclear programme is stopped by a preventive response", w.actorName(i))
				}
			case spend(r, &p.abandonClock, p.abandon, dt):
				p.state = ProlifAbandoned
				if w.tracing {
					w.logf("%s abandons its nuclear programme", w.actorName(i))
				}
			}
			w.Out.Prolif[i] = int8(p.state)
		}
	}
}
