package sim_test

// Tests of the mechanisms against closed forms, and of the engine's promises:
// replay, no allocation in the turn loop. Each statistical check states its
// expected value and an interval at z = 3.3 (a two-sided 0.1 % test); seeds are
// fixed, so every test is deterministic.

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"brink/scenario"
	"brink/sim"
)

// zCrit is the critical value of the Monte Carlo intervals: a correct
// mechanism falls outside with probability about 0.001 per check.
const zCrit = 3.3

// trajKey is the stream key of trajectory k of a test; tag separates tests.
func trajKey(tag byte, k int) [32]byte {
	var key [32]byte
	key[0] = tag
	binary.LittleEndian.PutUint64(key[1:], uint64(k))
	key[31] = 0xb7
	return key
}

// loadTestdata parses sim/testdata/name, with a variant applied if variant is
// not empty.
func loadTestdata(tb testing.TB, name, variant string) *scenario.Scenario {
	tb.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	sc, err := scenario.Parse(name, data)
	if err != nil {
		tb.Fatal(err)
	}
	if variant != "" {
		if sc, err = sc.WithVariant(variant); err != nil {
			tb.Fatal(err)
		}
	}
	return sc
}

func compile(tb testing.TB, sc *scenario.Scenario) *sim.Model {
	tb.Helper()
	m, err := sim.Compile(sc)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// wilson returns the Wilson score interval for x successes in n trials at z.
func wilson(x, n int, z float64) (lo, hi float64) {
	nf := float64(n)
	p := float64(x) / nf
	z2 := z * z
	c := (p + z2/(2*nf)) / (1 + z2/nf)
	h := z / (1 + z2/nf) * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return c - h, c + h
}

// checkProportion asserts that x/n is compatible with probability want.
func checkProportion(t *testing.T, what string, x, n int, want float64) {
	t.Helper()
	lo, hi := wilson(x, n, zCrit)
	got := float64(x) / float64(n)
	t.Logf("%s: expected %.4f, got %.4f (%d/%d), interval [%.4f, %.4f]", what, want, got, x, n, lo, hi)
	if want < lo || want > hi {
		t.Errorf("%s: expected %.4f outside the interval [%.4f, %.4f] of the observed %.4f (%d/%d)", what, want, lo, hi, got, x, n)
	}
}

// checkPoissonMean asserts that a sample mean of n Poisson counts, sum/n, is
// compatible with the Poisson mean want (normal interval, variance want/n).
func checkPoissonMean(t *testing.T, what string, sum, n int, want float64) {
	t.Helper()
	got := float64(sum) / float64(n)
	h := zCrit * math.Sqrt(want/float64(n))
	t.Logf("%s: expected %.4f, got %.4f, interval [%.4f, %.4f]", what, want, got, want-h, want+h)
	if math.Abs(got-want) > h {
		t.Errorf("%s: expected %.4f, got %.4f, outside ±%.4f", what, want, got, h)
	}
}

func relErr(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }

// TestPureAlarmClosedForm: with the alert level and the tension held fixed and
// nothing else able to move (testdata/alarm.yaml), inadvertent first use is a
// thinned Poisson process, P(by day D) = 1 − exp(−λ·p·D/365) with
// p = serious·(1−catch)·(1−robustness)·leader_launch·tension. The alarm
// mechanism draws, each turn, N ~ Poisson(λ/365) alarms and passes each
// independently with probability p, so this holds exactly for every D.
func TestPureAlarmClosedForm(t *testing.T) {
	sc := loadTestdata(t, "alarm.yaml", "")
	m := compile(t, sc)
	x := m.ActorIndex("X")
	// Alert level 2 (rung 0's), tension 0.6 (rung 0's): see testdata/alarm.yaml.
	const (
		lambda  = 6.0 // alarms a year at alert 2
		serious = 0.5
		catch   = 0.2
		robust  = 0.5
		leader  = 0.5
		tension = 0.6
	)
	p := serious * (1 - catch) * (1 - robust) * leader * tension
	T := sc.HorizonDays
	n := 20000
	if testing.Short() {
		n = 5000
	}
	days := []int{T / 4, T / 2, 3 * T / 4, T}
	byDay := make([]int, len(days))
	var noUse, alarmsNoUse, passedNoUse int
	w := sim.NewWorld(m)
	for k := range n {
		w.Reset(trajKey(1, k))
		out := w.Run()
		if !out.NuclearUse {
			if out.End != sim.EndFrozen || out.Days != T {
				t.Fatalf("trajectory %d: without nuclear use it should be frozen at the horizon, got %v after %d days", k, out.End, out.Days)
			}
			noUse++
			alarmsNoUse += out.Alarms
			passedNoUse += out.AlarmsPassed
			continue
		}
		if out.FirstUseKind != sim.UseFalseAlarm || out.FirstUseBy != x {
			t.Fatalf("trajectory %d: first use %v by %d; only a false alarm of X can start anything", k, out.FirstUseKind, out.FirstUseBy)
		}
		for j, d := range days {
			if out.FirstUseDay < d { // day d−1 is the last of the first d turns
				byDay[j]++
			}
		}
	}
	rate := lambda * p / 365 // per day
	for j, d := range days {
		checkProportion(t, fmt.Sprintf("P(false-alarm first use within %d days)", d), byDay[j], n, -math.Expm1(-rate*float64(d)))
	}
	// The day of first use given a use by T is a discretised truncated
	// exponential: P(day < d | use by T) = (1 − e^{−rd})/(1 − e^{−rT}).
	if used := n - noUse; used > 0 {
		checkProportion(t, "P(first use in the first half | use by T)", byDay[1], used,
			math.Expm1(-rate*float64(days[1]))/math.Expm1(-rate*float64(T)))
	}
	// Without a launch the actor stays at alert 2 for the whole horizon, and its
	// alarms are the Poisson process thinned to the alarms that did not launch:
	// mean λ(1−p)T/365; those that reached the leadership and did not launch,
	// λ·s(1−c)(1−r)(1−Lτ)·T/365.
	checkPoissonMean(t, "mean false alarms in trajectories without use", alarmsNoUse, noUse, lambda*(1-p)*float64(T)/365)
	checkPoissonMean(t, "mean alarms reaching the leadership without use", passedNoUse, noUse,
		lambda*serious*(1-catch)*(1-robust)*(1-leader*tension)*float64(T)/365)
}

// TestLaunchOnFalseAlarmToGeneralWarEnds: in testdata/alarm.yaml a launch on
// a false warning puts X on the terminal rung (inadvertent_rung 2, general
// nuclear war), and a terminal rung ends the trajectory. Every trajectory with
// a use must end in general nuclear war on the day of the use.
func TestLaunchOnFalseAlarmToGeneralWarEnds(t *testing.T) {
	m := compile(t, loadTestdata(t, "alarm.yaml", ""))
	w := sim.NewWorld(m)
	uses, wrong := 0, 0
	for k := range 3000 {
		w.Reset(trajKey(8, k))
		out := w.Run()
		if !out.NuclearUse {
			continue
		}
		uses++
		if out.End != sim.EndNuclearWar || out.Days != out.FirstUseDay {
			if wrong == 0 {
				t.Errorf("trajectory %d: launch to the terminal rung on day %d, yet the trajectory ended %v on day %d (highest rung %d)",
					k, out.FirstUseDay, out.End, out.Days, out.HighestRung)
			}
			wrong++
		}
	}
	if wrong > 0 {
		t.Errorf("%d of %d launches to general nuclear war did not end the trajectory", wrong, uses)
	}
}

// lanchesterRun runs one trajectory of testdata/lanchester.yaml (or a variant)
// and returns the model, the initial forces, the attrition coefficients and
// the forces at the horizon.
func lanchesterRun(t *testing.T, variant string) (T int, a0, b0, alpha, beta, aT, bT float64) {
	t.Helper()
	sc := loadTestdata(t, "lanchester.yaml", variant)
	m := compile(t, sc)
	th := &sc.Theatres[0]
	a0, b0 = sc.Actors[0].Forces[0].Active.P[0], sc.Actors[1].Forces[0].Active.P[0]
	alpha, beta = th.A.Attrition["units"].P[0], th.B.Attrition["units"].P[0]
	w := sim.NewWorld(m)
	w.Reset(trajKey(2, 0))
	out := w.Run()
	if out.End != sim.EndFrozen || out.Days != sc.HorizonDays {
		t.Fatalf("the fight should last to the horizon, got %v after %d days", out.End, out.Days)
	}
	nc := len(m.Categories)
	aT, bT = out.Active[0*nc], out.Active[1*nc]
	if d := a0 - aT - out.Losses[0]; math.Abs(d) > 0.5 {
		t.Errorf("A: active %.0f + losses %.0f ≠ initial %.0f", aT, out.Losses[0], a0)
	}
	if d := b0 - bT - out.Losses[nc]; math.Abs(d) > 0.5 {
		t.Errorf("B: active %.0f + losses %.0f ≠ initial %.0f", bT, out.Losses[nc], b0)
	}
	return sc.HorizonDays, a0, b0, alpha, beta, aT, bT
}

// squareLawAt is the square-law ODE's closed form at day t:
// A(t) = A0·cosh(ωt) − √(α/β)·B0·sinh(ωt), ω = √(αβ), and B likewise.
func squareLawAt(a0, b0, alpha, beta, t float64) (a, b float64) {
	om := math.Sqrt(alpha * beta)
	ch, sh := math.Cosh(om*t), math.Sinh(om*t)
	return a0*ch - math.Sqrt(alpha/beta)*b0*sh, b0*ch - math.Sqrt(beta/alpha)*a0*sh
}

// relCheck is a simulated value against its prediction, within a relative tolerance.
type relCheck struct {
	what           string
	got, want, tol float64
}

func checkRel(t *testing.T, checks []relCheck) {
	t.Helper()
	for _, c := range checks {
		if e := relErr(c.got, c.want); e > c.tol {
			t.Errorf("%s: got %.6g, want %.6g (relative error %.2g > %.2g)", c.what, c.got, c.want, e, c.tol)
		}
	}
}

// TestLanchesterSquareLaw: one category under the square law, each side one
// actor (testdata/lanchester.yaml): E[ΔA] = −α·B, E[ΔB] = −β·A per day
// (P = value·eff·commit·effort·N = N). The code takes one Euler step a day,
// A_{n+1} = A_n − α·B_n, B_{n+1} = B_n − β·A_n, in expectation (the Poisson
// noise is unbiased and, with 10^8 units, of relative size ~10^-4). Checked:
// (1) against that exact discrete recursion, to 0.2 %; (2) against the ODE's
// closed form A(t) = A0·cosh(ωt) − √(α/β)·B0·sinh(ωt), ω = √(αβ), to 1 %
// (the Euler error is ~T·αβ/2 ≈ 3·10^-4 of the initial forces); (3) the
// square-law invariant βA² − αB²: for the recursion exactly
// I_n = I_0·(1 − αβ)^n, and within 0.1 % of I_0 for the ODE.
func TestLanchesterSquareLaw(t *testing.T) {
	T, a0, b0, alpha, beta, aT, bT := lanchesterRun(t, "")
	da, db := a0, b0
	for range T {
		da, db = da-alpha*db, db-beta*da
	}
	ca, cb := squareLawAt(a0, b0, alpha, beta, float64(T))
	if ca <= 0.1*a0 || cb <= 0.1*b0 || cb >= 0.5*b0 {
		t.Fatalf("test set-up: want substantial attrition without annihilation, closed form gives A=%.4g B=%.4g", ca, cb)
	}
	t.Logf("A(%d): simulated %.6g, discrete recursion %.6g, closed form %.6g", T, aT, da, ca)
	t.Logf("B(%d): simulated %.6g, discrete recursion %.6g, closed form %.6g", T, bT, db, cb)
	checkRel(t, []relCheck{
		{"A vs discrete recursion", aT, da, 0.002},
		{"B vs discrete recursion", bT, db, 0.002},
		{"A vs closed form", aT, ca, 0.01},
		{"B vs closed form", bT, cb, 0.01},
	})
	i0 := beta*a0*a0 - alpha*b0*b0
	iT := beta*aT*aT - alpha*bT*bT
	iDisc := i0 * math.Pow(1-alpha*beta, float64(T))
	t.Logf("invariant βA²−αB²: initial %.6g, simulated %.6g, discrete prediction %.6g", i0, iT, iDisc)
	if e := relErr(iT, iDisc); e > 0.002 {
		t.Errorf("invariant: got %.6g, discrete recursion conserves it as %.6g (relative error %.2g)", iT, iDisc, e)
	}
	if e := relErr(iT, i0); e > 0.01 {
		t.Errorf("invariant: got %.6g, ODE conserves %.6g (relative error %.2g)", iT, i0, e)
	}
}

// TestLanchesterSquareLawLeaps: the square-law fight of
// TestLanchesterSquareLaw with combat_step_days 7 (tau-leaping, Gillespie
// 2001): the losses of each week are drawn on its first day at that day's
// rates, so the expected path is the Euler recursion with a step of 7 days,
// A ← A − 7α·B, B ← B − 7β·A, once for each leap begun before the horizon
// (⌈450/7⌉ = 65, the last running 5 days past it). Checked against that
// recursion to 0.2 %, against the ODE's closed form at the end of the last
// leap to 1 % (the Euler error, ~τ·T·αβ/2, is ~0.2 % here), and against
// the square-law invariant.
func TestLanchesterSquareLawLeaps(t *testing.T) {
	T, a0, b0, alpha, beta, aT, bT := lanchesterRun(t, "weekly")
	const step = 7
	leaps := (T + step - 1) / step
	da, db := a0, b0
	for range leaps {
		da, db = da-step*alpha*db, db-step*beta*da
	}
	end := float64(leaps * step)
	ca, cb := squareLawAt(a0, b0, alpha, beta, end)
	t.Logf("A: simulated %.6g, 7-day recursion %.6g, closed form at day %.0f %.6g", aT, da, end, ca)
	t.Logf("B: simulated %.6g, 7-day recursion %.6g, closed form at day %.0f %.6g", bT, db, end, cb)
	checkRel(t, []relCheck{
		{"A vs 7-day recursion", aT, da, 0.002},
		{"B vs 7-day recursion", bT, db, 0.002},
		{"A vs closed form", aT, ca, 0.01},
		{"B vs closed form", bT, cb, 0.01},
	})
	// Daily draws would follow the 1-day recursion to the horizon instead:
	// the test tells the two apart.
	d1a := a0
	d1b := b0
	for range T {
		d1a, d1b = d1a-alpha*d1b, d1b-beta*d1a
	}
	if e := relErr(bT, d1b); e < 0.01 {
		t.Errorf("B after leaps %.6g within %.2g of the daily recursion %.6g (A %.6g): the test cannot tell leaps from daily draws", bT, e, d1b, d1a)
	}
	iDisc := (beta*a0*a0 - alpha*b0*b0) * math.Pow(1-step*step*alpha*beta, float64(leaps))
	if e := relErr(beta*aT*aT-alpha*bT*bT, iDisc); e > 0.002 {
		t.Errorf("invariant βA²−αB²: got %.6g, the 7-day recursion gives %.6g (relative error %.2g)", beta*aT*aT-alpha*bT*bT, iDisc, e)
	}
}

// TestLanchesterLinearLaw: the same fight with law linear (mix 1):
// E[ΔA] = −α·B·A/A0, E[ΔB] = −β·A·B/B0. With a = α/A0, b = β/B0 the ODE
// conserves b·A − a·B (so does its Euler recursion, exactly), and
// A(t) = c·A0 / ((c + b·A0)·e^{ct} − b·A0), c = a·B0 − b·A0 (logistic).
// Checked: to 0.3 % against the discrete recursion (the code caches
// (N/N0)^m until N moves by 0.1 %, a bias of at most 0.1 % in the daily
// losses), to 1 % against the closed form, and the invariant to 0.3 % of the
// initial forces' scale.
func TestLanchesterLinearLaw(t *testing.T) {
	T, a0, b0, alpha, beta, aT, bT := lanchesterRun(t, "linear")
	da, db := a0, b0
	for range T {
		da, db = da-alpha*db*da/a0, db-beta*da*db/b0
	}
	a, b := alpha/a0, beta/b0
	c := a*b0 - b*a0
	e := math.Exp(c * float64(T))
	ca := c * a0 / ((c+b*a0)*e - b*a0)
	cb := b0 - (b/a)*(a0-ca)
	if ca >= 0.9*a0 || cb >= 0.9*b0 || cb <= 0.05*b0 {
		t.Fatalf("test set-up: want substantial attrition, closed form gives A=%.4g B=%.4g", ca, cb)
	}
	t.Logf("A(%d): simulated %.6g, discrete recursion %.6g, closed form %.6g", T, aT, da, ca)
	t.Logf("B(%d): simulated %.6g, discrete recursion %.6g, closed form %.6g", T, bT, db, cb)
	for _, cse := range []struct {
		what           string
		got, want, tol float64
	}{
		{"A vs discrete recursion", aT, da, 0.003},
		{"B vs discrete recursion", bT, db, 0.003},
		{"A vs closed form", aT, ca, 0.01},
		{"B vs closed form", bT, cb, 0.01},
	} {
		if e := relErr(cse.got, cse.want); e > cse.tol {
			t.Errorf("%s: got %.6g, want %.6g (relative error %.2g > %.2g)", cse.what, cse.got, cse.want, e, cse.tol)
		}
	}
	// b·A − a·B, compared on the scale b·A0 of its terms.
	i0, iT := b*a0-a*b0, b*aT-a*bT
	t.Logf("invariant (β/B0)A − (α/A0)B: initial %.6g, simulated %.6g (scale %.3g)", i0, iT, b*a0)
	if d := math.Abs(iT-i0) / (b * a0); d > 0.003 {
		t.Errorf("linear-law invariant: initial %.6g, got %.6g (%.2g of its scale)", i0, iT, d)
	}
}

// TestBargainingRange: Fearon's range over a prize of 1. A accepts x ≥ pA − cA,
// B accepts x ≤ pB + cB (pB is B's estimate of A's chance), so a range exists
// iff pA − cA ≤ pB + cB, and its bounds are those two numbers.
func TestBargainingRange(t *testing.T) {
	cases := []struct {
		name           string
		pA, pB, cA, cB float64
		lo, hi         float64
		ok             bool
	}{
		{"common estimates", 0.5, 0.5, 0.125, 0.125, 0.375, 0.625, true},
		{"common estimates, no cost", 0.75, 0.75, 0, 0, 0.75, 0.75, true},
		{"asymmetric costs", 0.75, 0.75, 0.25, 0.0625, 0.5, 0.8125, true},
		{"optimism within the joint cost", 0.625, 0.5, 0.0625, 0.0625, 0.5625, 0.5625, true},
		{"optimism beyond the joint cost", 0.75, 0.5, 0.0625, 0.0625, 0.6875, 0.5625, false},
		{"mutual optimism, costless war", 0.5625, 0.5, 0, 0, 0.5625, 0.5, false},
		{"pessimism widens the range", 0.25, 0.75, 0.125, 0.125, 0.125, 0.875, true},
		{"certain victory, costly war", 1, 1, 0.25, 0.25, 0.75, 1.25, true},
	}
	for _, c := range cases {
		lo, hi, ok := sim.BargainingRange(c.pA, c.pB, c.cA, c.cB)
		if lo != c.lo || hi != c.hi || ok != c.ok {
			t.Errorf("%s: BargainingRange(%g, %g, %g, %g) = (%g, %g, %v), want (%g, %g, %v)",
				c.name, c.pA, c.pB, c.cA, c.cB, lo, hi, ok, c.lo, c.hi, c.ok)
		}
	}
	// Exhaustively on a grid of dyadic numbers (exact in binary), the rule
	// itself: exists iff pA − cA ≤ pB + cB.
	for i := range 9 {
		for j := range 9 {
			for k := range 5 {
				for l := range 5 {
					pA, pB, cA, cB := float64(i)/8, float64(j)/8, float64(k)/16, float64(l)/16
					lo, hi, ok := sim.BargainingRange(pA, pB, cA, cB)
					if want := pA-cA <= pB+cB; ok != want || lo != pA-cA || hi != pB+cB {
						t.Fatalf("BargainingRange(%g, %g, %g, %g) = (%g, %g, %v), want (%g, %g, %v)",
							pA, pB, cA, cB, lo, hi, ok, pA-cA, pB+cB, want)
					}
				}
			}
		}
	}
}

// TestSettlementFollowsBargainingRange (testdata/bargain.yaml): two equal
// forces at war, each side's chance 1/2 plus its optimism o, cost of war
// c = 0.0005·180 = 0.09 of the stakes each. The range is
// [0.5 + o − c, 0.5 − o + c]: with o = 0.05 it exists and its midpoint is 1/2,
// and settling (utility S·1/2 = 0.5) beats holding (S·0.55 − 0.09 = 0.46), so
// with rationality 100 each offers with probability 1/(1+e^−4) ≈ 0.98 every
// week: nearly every trajectory settles, almost always at once. With o = 0.2
// (mutual optimism 0.4 > joint cost 0.18; half-life 10^6 days, so it is still
// 0.2 at the horizon) there is no range and no trajectory may settle.
func TestSettlementFollowsBargainingRange(t *testing.T) {
	const n = 400
	t.Run("range", func(t *testing.T) {
		m := compile(t, loadTestdata(t, "bargain.yaml", ""))
		settled, atOnce := 0, 0
		for k := range n {
			// A fresh World each time: a reused one keeps the last offers of
			// the previous trajectory (see TestReplayIndependentOfHistory).
			w := sim.NewWorld(m)
			w.Reset(trajKey(3, k))
			out := w.Run()
			if out.End == sim.EndSettlement {
				settled++
				if out.Days == 0 {
					atOnce++
				}
			}
		}
		// P(both offer on day 0) = 0.982² ≈ 0.964; a lone offer is taken up
		// the next week with probability 0.98, so P(settled by the horizon)
		// is 1 to many decimals.
		t.Logf("settled: %d/%d, on day 0: %d (expected ≈ %.3f)", settled, n, atOnce, math.Pow(1/(1+math.Exp(-4)), 2))
		if settled < n*99/100 {
			t.Errorf("with a bargaining range, %d/%d trajectories settled; want ≥ 99 %%", settled, n)
		}
		checkProportion(t, "P(settled on day 0)", atOnce, n, math.Pow(1/(1+math.Exp(-4)), 2))
		// The agreed share is the midpoint of the range: 1/2.
		w := sim.NewWorld(m)
		w.Trace(true)
		w.Reset(trajKey(3, 0))
		w.Run()
		if x, ok := settlementShare(w.Events()); !ok || math.Abs(x-0.5) > 0.005 {
			t.Errorf("settlement share: got %v (found %v), want 0.50", x, ok)
		}
	})
	t.Run("mutual optimism", func(t *testing.T) {
		m := compile(t, loadTestdata(t, "bargain.yaml", "optimists"))
		w := sim.NewWorld(m)
		for k := range n {
			w.Reset(trajKey(3, k))
			out := w.Run()
			if out.End != sim.EndFrozen {
				t.Fatalf("trajectory %d: mutual optimism beyond the joint cost of war leaves no range, yet it ended %v on day %d", k, out.End, out.Days)
			}
		}
	})
	t.Run("uneven", func(t *testing.T) {
		// A twice as strong: A's chance (square law) 4/5 + 0.05, B's own 1/5 +
		// 0.05; B's cost sensitivity 3 makes its cost 0.27. The range is
		// [0.85 − 0.09, 0.75 + 0.27] = [0.76, 1.02], cut to the shares B can
		// give, [0.76, 1] (min_share 0), so A gets the midpoint 0.88.
		data, err := os.ReadFile("testdata/bargain.yaml")
		if err != nil {
			t.Fatal(err)
		}
		src := string(data)
		src = strings.Replace(src, "forces: [{category: units, active: 1000}]", "forces: [{category: units, active: 2000}]", 1)
		i := strings.LastIndex(src, "politics: {resolve: 1, cost_sensitivity: 1,")
		src = src[:i] + "politics: {resolve: 1, cost_sensitivity: 3," + src[i+len("politics: {resolve: 1, cost_sensitivity: 1,"):]
		sc, err := scenario.Parse("uneven.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if sc.Actors[0].Forces[0].Active.P[0] != 2000 || sc.Actors[1].Politics.CostSensitivity.P[0] != 3 {
			t.Fatal("test set-up: the edits of bargain.yaml did not take")
		}
		w := sim.NewWorld(compile(t, sc))
		w.Trace(true)
		w.Reset(trajKey(3, 1))
		out := w.Run()
		x, ok := settlementShare(w.Events())
		if out.End != sim.EndSettlement || !ok || math.Abs(x-0.88) > 0.005 {
			t.Errorf("uneven forces: end %v, A's share %v (found %v); want a settlement at 0.88", out.End, x, ok)
		}
	})
}

// settlementShare reads side a's share from the trace line of a settlement.
func settlementShare(ev []sim.Event) (float64, bool) {
	for _, e := range ev {
		if !strings.HasPrefix(e.Text, "settlement") {
			continue
		}
		f := strings.Fields(e.Text)
		if len(f) == 0 {
			continue
		}
		x, err := strconv.ParseFloat(f[len(f)-1], 64)
		return x, err == nil
	}
	return 0, false
}

// longKey returns a key of the default scenario whose trajectory lasts at
// least minDays.
func longKey(tb testing.TB, m *sim.Model, minDays int) [32]byte {
	tb.Helper()
	w := sim.NewWorld(m)
	for k := range 200 {
		key := trajKey(4, k)
		w.Reset(key)
		if w.Run().Days >= minDays {
			return key
		}
	}
	tb.Fatalf("no trajectory of the default scenario lasts %d days", minDays)
	return [32]byte{}
}

// TestStepAllocatesNothing: a turn of the default scenario, mid-trajectory,
// with tracing off, allocates nothing; nor does a whole trajectory on a reused
// World.
func TestStepAllocatesNothing(t *testing.T) {
	m := defaultModel(t)
	key := longKey(t, m, 700)
	w := sim.NewWorld(m)
	w.Reset(key)
	for range 100 {
		w.Step()
	}
	if a := testing.AllocsPerRun(300, w.Step); a != 0 {
		t.Errorf("Step allocates %v times a turn, want 0", a)
	}
	if w.Day < 400 {
		t.Fatalf("test set-up: the trajectory ended on day %d, before the turns measured", w.Day)
	}
	k := 0
	w.Reset(key)
	w.Run()
	if a := testing.AllocsPerRun(20, func() {
		k++
		w.Reset(trajKey(5, k))
		w.Run()
	}); a != 0 {
		t.Errorf("Reset+Run allocates %v times a trajectory after the first, want 0", a)
	}
	// The time series is always recorded, in the runs measured above too.
	if s := w.Out.Series; len(s.Days) < 2 || s.Days[len(s.Days)-1] != m.Scenario.HorizonDays || s.Rung[len(s.Rung)-1] == 0 {
		t.Errorf("the measured trajectories recorded no time series: days %v, rungs %v", s.Days, s.Rung)
	}
}

// copyOutcome returns a deep copy of o.
func copyOutcome(o *sim.Outcome) sim.Outcome {
	var c sim.Outcome
	o.CopyTo(&c)
	return c
}

// TestReplay: the same key gives the same Outcome, field by field and slice
// by slice, on the same World run twice, with tracing on or off: tracing must
// not draw random numbers.
func TestReplay(t *testing.T) {
	m := defaultModel(t)
	plain, traced := sim.NewWorld(m), sim.NewWorld(m)
	traced.Trace(true)
	events := 0
	for k := range 40 {
		key := trajKey(6, k)
		plain.Reset(key)
		first := copyOutcome(plain.Run())
		plain.Reset(key)
		again := copyOutcome(plain.Run())
		traced.Reset(key)
		tr := copyOutcome(traced.Run())
		events += len(traced.Events())
		if !reflect.DeepEqual(first, again) {
			t.Errorf("trajectory %d: replay differs:\n%+v\n%+v", k, first, again)
		}
		if !reflect.DeepEqual(first, tr) {
			t.Errorf("trajectory %d: tracing changes the outcome:\n%+v\n%+v", k, first, tr)
		}
	}
	if events == 0 {
		t.Error("tracing recorded no events")
	}
}

// TestReplayIndependentOfHistory: trajectory k must not depend on which
// trajectories the World ran before it (a worker reuses its World, so
// otherwise results would depend on the number of workers and on scheduling).
// A fresh World and one that ran other trajectories first must agree: in the
// default scenario, and in testdata/bargain.yaml, where every trajectory ends
// with offers of settlement on the table.
func TestReplayIndependentOfHistory(t *testing.T) {
	check := func(t *testing.T, m *sim.Model, n int) {
		used := sim.NewWorld(m)
		differ := 0
		for k := range n {
			key := trajKey(7, k)
			used.Reset(key)
			first := copyOutcome(used.Run())
			fresh := sim.NewWorld(m)
			fresh.Reset(key)
			if got := copyOutcome(fresh.Run()); !reflect.DeepEqual(first, got) {
				if differ == 0 {
					t.Errorf("trajectory %d: a reused World gives\n%+v\na fresh World\n%+v", k, first, got)
				}
				differ++
			}
		}
		if differ > 0 {
			t.Errorf("%d of %d trajectories depend on the World's history", differ, n)
		}
	}
	t.Run("ukraine-2022", func(t *testing.T) { check(t, defaultModel(t), 30) })
	t.Run("bargain", func(t *testing.T) {
		check(t, compile(t, loadTestdata(t, "bargain.yaml", "")), 200)
	})
}
