package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// A front in sectors (experimental; front.sectors).
//
// One line per theatre cannot hold an offensive in one sector and a thin line
// in another: in 2022 Russia concentrated in Donbas, then moved forces to
// Kherson, and Ukraine broke through the line thinned for it near Kharkiv.
// With sectors, a theatre's front is n lines side by side, sector i of width
// w_i (Σ w_i = 1) with side a holding a share h_i of it, so the theatre's
// territory is Σ w_i·h_i at every step. Each sector has its own line: each
// side's fortification, railheads (supply) and compaction there, as the
// single front has them for the theatre (front.go). Surprise, fatigue, the
// attrition rate α, the tempo and each side's posture stay the theatre's.
//
// Force to space. Each side spreads its combat power over the sectors, a
// share a_si of it in sector i; holding the line it puts a_si = w_i, in
// proportion to the width. The local ratio of side s in sector i is the
// single front's q with the local powers P_s·a_si against P_o·a_oi and the
// sector's own supply, fortification and compaction:
//
//	q_si = (P_s·a_si·S_s·σ_si·e^−F_s) / (P_o·a_oi·S_o·σ_oi·d·(1 + g·f_oi)·c_oi),
//
// so with the power spread by width every q_si is the theatre's q. A side
// that attacks picks a point of main effort m and concentrates there: it puts
// a share (w_m + φ)/(1 + φ) of its power in sector m and w_i/(1 + φ) in each
// other, thinning them by 1/(1 + φ) (φ main_effort). The defender's reserves
// follow the attacker's main effort with a lag: a side not attacking moves
// its allocation toward the attacker's, a_oi ← a_oi + (a*_oi − a_oi)·(1 −
// e^−Δt/τ_r), τ_r reserve_days, and back toward its widths when the enemy
// stops attacking; an attacker's concentration is its own decision and
// immediate. At the attack's start its local ratio at m is therefore
// (w_m + φ)/((1 + φ)·w_m) times the theatre's, falling to the theatre's as
// the reserves arrive; when the attacker moves its main effort from m to m',
// the defender's reserves are still at m, where its local ratio is
// (w_m + φ)/w_m times the theatre's until they follow: the opening a
// counter-offensive looks for (Kharkiv, September 2022, after Russia moved
// forces to Kherson). The defender must cover the whole line while the attacker
// chooses where to concentrate (force-to-space and the 3:1 rule at the point
// of attack: Mearsheimer 1989, "Assessing the Conventional Balance: The 3:1
// Rule and Its Critics", International Security 13(4); Epstein 1985, "The
// Calculus of Conventional War", Brookings, on the defender's reserves and
// withdrawal; Biddle 2004, "Military Power", Princeton, on breakthrough at
// the point of attack against a defence with too little depth).
//
// The decisions, at each decision epoch. A side weighs each sector it does
// not hold whole as its main effort by its local ratio there with its power
// concentrated, and picks one with probability ∝ q_m^κ (κ attackSharpness:
// mostly the best, sometimes another); it attacks with the single front's
// probability 1/(1 + (θ/q_m)^κ) at that ratio (times c, the concentration
// draw, where concentration_sd is given). Attacking, it attacks in its main
// effort and in every other sector where its local ratio is above its
// attack_above (a broad front), and holds and digs in elsewhere. Where a
// side's supply in a sector falls below its floor it pulls back in that
// sector, whatever it does elsewhere (Kyiv, April 2022, while the offensive
// in Donbas went on); attacked, a side whose attrition runs above its
// threshold gives ground in the sectors the enemy attacks (Epstein's
// withdrawal, decided for the theatre from the side's losses, carried out
// where it is attacked). Breakthroughs arrive at the main effort, at its
// local ratio, and boost the advance there.
//
// Each day each sector moves by the single front's law in units of the
// sector, dh_i/dt = v_ai − v_bi + w_bi − w_ai, |dh_i/dt| ≤ v_max, so an
// attack along the whole front at equal local ratios moves the theatre as
// the single front does. Losses stay the sides' (combat.go), multiplied by
// the postures' multipliers weighted by each side's power in the sectors.

// sectorFront is the state of a front in sectors, allocated once per World
// for a theatre that has them.
type sectorFront struct {
	n          int
	width      [maxSectors]float64
	held       [maxSectors]float64    // share of each sector held by side a
	held0      [2][maxSectors]float64 // each side's starting (or furthest) share of each sector (compaction)
	fort       [2][maxSectors]float64 // how dug in each side's positions are in each sector
	base       [2][maxSectors]float64 // share of each sector behind each side's railheads
	alloc      [2][maxSectors]float64 // share of each side's power in each sector (Σ = 1)
	post       [2][maxSectors]int8    // what each side does in each sector
	main       [2]int                 // each side's point of main effort, -1 while it does not attack
	held0Start [maxSectors]float64    // the sectors' holdings as the scenario gives them
	sum        float64                // Σ w·h as last set, to notice a territory set from outside
	phi        float64                // φ, main_effort
	kR         float64                // 1 − e^−Δt/τ_r
	ids        []string
}

const maxSectors = 8

// newSectorFront is the sectors of theatre spec t, or nil.
func newSectorFront(t *TheatreSpec) *sectorFront {
	secs := t.spec.Front.Sectors
	if len(secs) == 0 {
		return nil
	}
	sf := &sectorFront{n: len(secs)}
	for i, s := range secs {
		sf.width[i], sf.held0Start[i] = s.Width, s.Held
		sf.ids = append(sf.ids, s.ID)
	}
	return sf
}

// resetSectors sets the sectors' initial state for a trajectory: the
// holdings scaled to the drawn territory, both sides' power spread by width
// on lines dug in as the scenario says.
func (ts *theatreState) resetSectors(phi, reserveDays, dt float64) {
	sf := ts.sec
	sf.phi = phi
	sf.kR = 1
	if reserveDays > 0 {
		sf.kR = -math.Expm1(-dt / reserveDays)
	}
	sf.held = sf.held0Start
	sf.sum = 0
	for i := range sf.n {
		sf.sum += sf.width[i] * sf.held[i]
	}
	sf.rescale(ts.territory)
	for i := range sf.n {
		for s := range 2 {
			sf.fort[s][i] = ts.fp.fort0
			sf.alloc[s][i] = sf.width[i]
			sf.post[s][i] = postureDefend
			h := sf.held[i]
			if s == 1 {
				h = 1 - h
			}
			sf.base[s][i], sf.held0[s][i] = h, h
		}
	}
	sf.main = [2]int{-1, -1}
}

// rescale moves the holdings so that Σ w·h is x, each sector's in proportion
// (toward 0 by h·x/Σ, toward 1 by 1 − (1 − h)·(1 − x)/(1 − Σ)): after an
// event or a capitulation sets the theatre's territory.
func (sf *sectorFront) rescale(x float64) {
	sum := sf.sum
	if x == sum {
		return
	}
	switch {
	case x <= sum && sum > 0:
		for i := range sf.n {
			sf.held[i] *= x / sum
		}
	case x > sum && sum < 1:
		for i := range sf.n {
			sf.held[i] = 1 - (1-sf.held[i])*(1-x)/(1-sum)
		}
	default:
		for i := range sf.n {
			sf.held[i] = x
		}
	}
	sf.sum = 0
	for i := range sf.n {
		sf.held[i] = clamp01(sf.held[i])
		sf.sum += sf.width[i] * sf.held[i]
	}
}

// secHeld is the share of sector i held by side s.
func (sf *sectorFront) secHeld(s, i int) float64 {
	if s == 0 {
		return sf.held[i]
	}
	return 1 - sf.held[i]
}

// secSupply is σ_si = e^−D/L for the sector's depth D beyond s's railheads.
func (ts *theatreState) secSupply(s, i int) float64 {
	sf := ts.sec
	if ts.fp.reach <= 0 {
		return 1
	}
	d := sf.secHeld(s, i) - sf.base[s][i]
	if d <= 0 {
		return 1
	}
	return expNegWide(d / ts.fp.reach)
}

// secCompacted is (h₀/h)^κ for side s behind its starting (or furthest)
// line in sector i, else 1.
func (ts *theatreState) secCompacted(s, i int) float64 {
	if ts.fp.compaction == 0 {
		return 1
	}
	return compaction(ts.sec.secHeld(s, i), ts.sec.held0[s][i], ts.fp.compaction)
}

// secRatio is q_si with side s putting a share as of its power in sector i
// and the enemy ao of its.
func (ts *theatreState) secRatio(s, i int, as, ao float64) float64 {
	ps, po := ts.power[s]*as, ts.power[1-s]*ao
	if ps <= 0 {
		return 0
	}
	if po <= 0 {
		return math.Inf(1)
	}
	f := &ts.front
	sf := ts.sec
	num := ps * f.edge[s] * ts.secSupply(s, i) * expNegWide(f.fatigue[s])
	den := po * f.edge[1-s] * ts.secSupply(1-s, i) * ts.defAdv * (1 + ts.fp.fortGain*sf.fort[1-s][i]) * ts.secCompacted(1-s, i)
	return num / den
}

// concentrated is the share of its power a side attacking with its main
// effort in sector m puts in sector i.
func (sf *sectorFront) concentrated(m, i int) float64 {
	a := sf.width[i]
	if i == m {
		a += sf.phi
	}
	return a / (1 + sf.phi)
}

// localRatio is side s's ratio in sector i with the allocations as they stand.
func (ts *theatreState) localRatio(s, i int) float64 {
	return ts.secRatio(s, i, ts.sec.alloc[s][i], ts.sec.alloc[1-s][i])
}

// chooseSectors is choosePostures for a front in sectors.
func (w *World) chooseSectors(r *rand.Rand, t int) {
	ts := &w.th[t]
	f := &ts.front
	fp := &ts.fp
	sf := ts.sec
	var next [2]int8
	var main [2]int
	for s := range 2 {
		next[s], main[s] = postureDefend, -1
		if ts.power[s] <= 0 {
			continue
		}
		// An operation once begun runs its course.
		if f.posture[s] != postureWithdraw && float64(w.Day-f.since[s]) < fp.postureDays {
			next[s], main[s] = f.posture[s], sf.main[s]
			continue
		}
		// The main effort: a sector it does not hold whole, where it is not
		// over-extended, drawn with weight q^κ at the ratio it would have there.
		var wq [maxSectors]float64
		var sum float64
		inf := -1
		for i := range sf.n {
			if sf.secHeld(s, i) >= 1 || (fp.withdrawSupplyMin[s] > 0 && ts.secSupply(s, i) < fp.withdrawSupplyMin[s]) {
				continue
			}
			q := ts.secRatio(s, i, sf.concentrated(i, i), sf.alloc[1-s][i])
			if math.IsInf(q, 1) {
				inf = i
				break
			}
			wq[i] = powInt(q, attackSharpness)
			sum += wq[i]
		}
		m := inf
		if m < 0 && sum > 0 {
			u := r.Float64() * sum
			for i := range sf.n {
				if wq[i] == 0 {
					continue
				}
				m = i // the last with weight, should rounding leave u ≥ 0
				if u < wq[i] {
					break
				}
				u -= wq[i]
			}
		}
		if m < 0 {
			continue
		}
		c := fp.drawConcentration(r)
		if bernoulli(r, fp.attackChance(s, ts.secRatio(s, m, sf.concentrated(m, m), sf.alloc[1-s][m])*c)) {
			next[s], main[s] = postureAttack, m
			f.conc[s] = c
		}
	}
	f.settlePostures(fp, &next)
	// An attacker concentrates at once.
	for s := range 2 {
		if next[s] == postureAttack {
			for i := range sf.n {
				sf.alloc[s][i] = sf.concentrated(main[s], i)
			}
		}
	}
	// What each side does in each sector: pull back where over-extended,
	// attack at the main effort and wherever else the local ratio is above
	// attack_above; then, withdrawing, give ground where attacked.
	for s := range 2 {
		for i := range sf.n {
			p := int8(postureDefend)
			switch {
			case fp.withdrawSupplyMin[s] > 0 && ts.secSupply(s, i) < fp.withdrawSupplyMin[s]:
				p = postureWithdraw
			case next[s] == postureAttack && sf.secHeld(s, i) < 1 && (i == main[s] || ts.localRatio(s, i) >= fp.attackAbove[s]):
				p = postureAttack
			}
			sf.post[s][i] = p
		}
	}
	for s := range 2 {
		if next[s] == postureWithdraw {
			for i := range sf.n {
				if sf.post[s][i] == postureDefend && sf.post[1-s][i] == postureAttack {
					sf.post[s][i] = postureWithdraw
				}
			}
		}
	}
	for s := range 2 {
		if (next[s] != f.posture[s] || main[s] != sf.main[s]) && w.tracing {
			spec := &w.M.Theatres[t]
			where := ""
			if next[s] == postureAttack {
				where = fmt.Sprintf(" with its main effort in %s (local ratio %.2f)", sf.ids[main[s]], ts.localRatio(s, main[s])*f.conc[s])
			}
			w.logf("%s: %s's side %s%s (force ratio over the defence %s; supply %s; fatigue %.2f; enemy's line dug in %s)",
				spec.ID, w.actorName(spec.Actors[s][0]), postureNames[next[s]], where,
				sf.list(func(i int) float64 { return ts.localRatio(s, i) }, "%.2f"),
				sf.list(func(i int) float64 { return ts.secSupply(s, i) }, "%.2f"), f.fatigue[s],
				sf.list(func(i int) float64 { return 100 * sf.fort[1-s][i] }, "%.0f %%"))
		}
		if next[s] != f.posture[s] {
			f.since[s] = w.Day
		}
		f.posture[s], sf.main[s] = next[s], main[s]
	}
}

// list is "north 1.20, east 0.80, ..." of x over the sectors (for the trace).
func (sf *sectorFront) list(x func(i int) float64, format string) string {
	var b strings.Builder
	for i := range sf.n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(sf.ids[i])
		b.WriteByte(' ')
		fmt.Fprintf(&b, format, x(i))
	}
	return b.String()
}

// holdings is the trace's account of the sectors: side a's share of each.
func (sf *sectorFront) holdings() string {
	return sf.list(func(i int) float64 { return 100 * sf.held[i] }, "%.1f %%")
}

// moveSectors is moveFront for a front in sectors.
func (w *World) moveSectors(t int) {
	ts := &w.th[t]
	f := &ts.front
	fp := &ts.fp
	sf := ts.sec
	dt := w.dt
	vmax := ts.speed
	if ts.territory != sf.sum { // set from outside (an event, a capitulation)
		sf.rescale(ts.territory)
	}
	if f.fade > 1e-9 {
		for s := range 2 {
			f.edge[s] = 1 + (fp.surprise[s]-1)*f.fade
		}
		f.fade *= fp.kFade
	}
	for s := range 2 {
		if ts.power[s] > 0 {
			f.alpha[s] += (f.lost1[s]/ts.power[s] - f.alpha[s]) * fp.kAlpha
		}
	}
	wmax := vmax * fp.withdrawSpeed
	var lossMul [2]float64
	var sum float64
	for i := range sf.n {
		var adv, wd [2]float64
		for s := range 2 {
			switch sf.post[s][i] {
			case postureAttack:
				q := ts.localRatio(s, i)
				if i == sf.main[s] {
					q *= f.conc[s]
				}
				adv[s] = fp.advance(vmax, q, sf.fort[1-s][i])
				if i == sf.main[s] { // breakthroughs come at the main effort
					adv[s] *= w.breakthrough(t, s, q, sf.ids[i])
				}
			case postureWithdraw:
				if sup := ts.secSupply(s, i); sup < fp.withdrawSupplyMin[s] {
					wd[s] = wmax * (1 - sup/fp.withdrawSupplyMin[s])
					f.yielded[s] += wd[s] * dt * sf.width[i]
				} else {
					wd[s] = WithdrawalRate(wmax, f.alpha[s], fp.withdrawAttrition[s])
				}
			}
		}
		dx := max(-vmax, min(vmax, adv[0]-adv[1]+wd[1]-wd[0])) * dt
		sf.held[i] = clamp01(sf.held[i] + dx)
		sum += sf.width[i] * sf.held[i]
		for s := range 2 {
			h := sf.secHeld(s, i)
			if fp.compactFurthest {
				sf.held0[s][i] = max(sf.held0[s][i], h)
			}
			// Digging in where it does not attack; movement breaks both.
			if sf.post[s][i] != postureAttack && w.Day >= fp.fortifyFrom[s] {
				sf.fort[s][i] += (1 - sf.fort[s][i]) * fp.kFort
			}
			if dx != 0 && fp.fortDepth > 0 {
				sf.fort[s][i] *= math.Exp(-math.Abs(dx) / fp.fortDepth)
			}
			fp.followRailhead(&sf.base[s][i], h)
			// The postures' loss multipliers, weighted by the power here.
			lossMul[s] += sf.alloc[s][i] * fp.postureLoss(sf.post[s][i], sf.post[1-s][i], wd[s], wmax)
		}
	}
	sf.sum = sum
	ts.territory = sum
	if fp.compactFurthest {
		fp.held0[0], fp.held0[1] = max(fp.held0[0], sum), max(fp.held0[1], 1-sum)
	}
	for s := range 2 {
		f.tire(fp, s, dt)
		f.loss[s] = lossMul[s] * f.tempoF
	}
	// Reserves, after the day's fighting: a side not attacking follows the
	// enemy's main effort, or spreads back along its line.
	for s := range 2 {
		if f.posture[s] == postureAttack {
			continue
		}
		m := sf.main[1-s]
		for i := range sf.n {
			target := sf.width[i]
			if m >= 0 {
				target = sf.concentrated(m, i)
			}
			sf.alloc[s][i] += (target - sf.alloc[s][i]) * sf.kR
		}
	}
}
