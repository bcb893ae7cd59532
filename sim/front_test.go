package sim_test

import (
	"math"
	"testing"

	"brink/scenario"
	"brink/sim"
)

func frontModel(t *testing.T, variant string) *sim.Model {
	t.Helper()
	sc, err := scenario.LoadFile("testdata/front.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if variant != "" {
		if sc, err = sc.WithVariant(variant); err != nil {
			t.Fatal(err)
		}
	}
	return compile(t, sc)
}

// AdvanceRate is v_max·q^b/(1+q^b): half speed at q = 1, the closed form's
// values elsewhere, monotone in q.
func TestAdvanceRateClosedForm(t *testing.T) {
	for _, c := range []struct{ q, b, want float64 }{
		{1, 2, 0.5}, {2, 2, 0.8}, {0.5, 2, 0.2}, {3, 4, 81.0 / 82}, {0, 2, 0}, {math.Inf(1), 2, 1},
	} {
		if got := sim.AdvanceRate(1, c.q, c.b); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("AdvanceRate(1, %g, %g) = %g, want %g", c.q, c.b, got, c.want)
		}
	}
	prev := 0.0
	for q := 0.05; q < 20; q *= 1.1 {
		v := sim.AdvanceRate(0.01, q, 3)
		if v <= prev || v >= 0.01 {
			t.Fatalf("AdvanceRate not increasing in q within (0, v_max) at q = %g: %g after %g", q, v, prev)
		}
		prev = v
	}
}

// A constant force ratio moves the front at the stated rate: with q = 1 and
// v_max = 0.001, the share held by side a grows by 0.0005 a day, exactly.
func TestFrontAtConstantRatio(t *testing.T) {
	m := frontModel(t, "")
	w := sim.NewWorld(m)
	for k := range 5 {
		w.Reset(trajKey(61, k))
		out := w.Run()
		want := 0.3 + 0.0005*float64(out.Days)
		if out.Days != 200 || math.Abs(out.Territory[0]-want) > 1e-9 {
			t.Fatalf("trajectory %d: territory %.9f after %d days, want %.9f (200 days)", k, out.Territory[0], out.Days, want)
		}
	}
}

// Epstein's withdrawal trades ground for attrition: a defender that always
// withdraws when attacked gives up ground as fast as the front can move (v_max,
// where standing it loses the attack's v_max/2), and suffers
// withdrawalExposure (0.4) of its losses; on common
// random numbers the mean ratio of losses is 0.4 within its standard error.
func TestWithdrawalTradesGroundForAttrition(t *testing.T) {
	if got := sim.WithdrawalRate(1, 0.03, 0.01); got != 1 {
		t.Errorf("WithdrawalRate at three times the threshold = %g, want the largest speed 1", got)
	}
	if got := sim.WithdrawalRate(1, 0.015, 0.01); math.Abs(got-0.5) > 1e-12 {
		t.Errorf("WithdrawalRate at 1.5 times the threshold = %g, want 0.5", got)
	}
	if got := sim.WithdrawalRate(1, 0.009, 0.01); got != 0 {
		t.Errorf("WithdrawalRate below the threshold = %g, want 0", got)
	}
	ratio, se, dGround := againstStanding(t, "withdraw")
	// The first week B has no attrition rate measured yet and stands.
	if math.Abs(ratio-0.4) > 4*se+0.02 {
		t.Errorf("loss ratio withdrawing/standing %.3f, want 0.4 (SE %.3f)", ratio, se)
	}
	// Ground: the attack runs at v_max/2; withdrawing at v_max the defender
	// would add v_max, but v_max bounds the day's movement, so side a gains
	// v_max/2 a day more from the first epoch after day 0.
	if want := 0.0005 * (200 - 7); math.Abs(dGround-want) > 0.001*7 {
		t.Errorf("withdrawal gave up %.4f more ground, want about %.4f", dGround, want)
	}
}

// Compaction: a defender pushed behind its starting line defends a shorter
// front, its defence multiplied by (h₀/h)^κ. With κ = 1, q = h/h₀ for B's
// share h = 1 − x, and the front follows the daily steps of
// dx/dt = v_max·q²/(1+q²) exactly (to rounding); without compaction it runs
// at v_max/2 throughout.
func TestCompactionSlowsTheAdvance(t *testing.T) {
	m := frontModel(t, "compaction")
	w := sim.NewWorld(m)
	w.Reset(trajKey(62, 0))
	out := w.Run()
	x := 0.3
	for range out.Days {
		q := (1 - x) / 0.7
		x += sim.AdvanceRate(0.001, q, 2)
	}
	if out.Days != 200 || math.Abs(out.Territory[0]-x) > 1e-9 {
		t.Fatalf("territory %.9f after %d days, want %.9f (200 days)", out.Territory[0], out.Days, x)
	}
	if free := 0.3 + 0.0005*200; x >= free-0.005 {
		t.Errorf("with compaction the front reached %.4f, not clearly short of %.4f without it", x, free)
	}
}

// A withdrawal's largest speed may be below the front's: with
// withdrawal_speed 0.3 the defender gives up 0.3·v_max a day on top of the
// attack's v_max/2 (no longer bounded by v_max), and still suffers
// withdrawalExposure (0.4) of its losses, as at full speed.
func TestSlowWithdrawal(t *testing.T) {
	ratio, se, dGround := againstStanding(t, "withdraw-slowly")
	if math.Abs(ratio-0.4) > 4*se+0.02 {
		t.Errorf("loss ratio withdrawing slowly/standing %.3f, want 0.4 (SE %.3f)", ratio, se)
	}
	if want := 0.0003 * (200 - 7); math.Abs(dGround-want) > 0.001*7 {
		t.Errorf("the slow withdrawal gave up %.4f more ground, want about %.4f", dGround, want)
	}
}

// againstStanding runs 200 trajectories of the variant and of "stand" on
// common random numbers and returns the ratio of the defender's losses
// (variant over standing) with its standard error, and the mean ground side a
// gained more under the variant.
func againstStanding(t *testing.T, variant string) (ratio, se, dGround float64) {
	t.Helper()
	ws, ww := sim.NewWorld(frontModel(t, "stand")), sim.NewWorld(frontModel(t, variant))
	const n = 200
	var lossS, lossW, groundS, groundW float64
	for k := range n {
		key := trajKey(62, k)
		ws.Reset(key)
		ws.Run()
		ww.Reset(key)
		ww.Run()
		lossS += ws.Out.Losses[1]
		lossW += ww.Out.Losses[1]
		groundS += ws.Out.Territory[0]
		groundW += ww.Out.Territory[0]
	}
	ratio = lossW / lossS
	// Losses are Poisson summed over 200 trajectories: the ratio's relative
	// standard error is about √(1/withdrawn + 1/standing losses).
	se = ratio * math.Sqrt(1/lossW+1/lossS)
	t.Logf("%s: losses standing %.1f, withdrawing %.1f a trajectory: ratio %.3f (SE %.3f); territory of a %.4f vs %.4f",
		variant, lossS/n, lossW/n, ratio, se, groundS/n, groundW/n)
	return ratio, se, (groundW - groundS) / n
}

// A side builds prepared defences only from its fortifies_from date: B,
// digging in while it holds, slows A's advance from the start; told to dig
// only from day 199, the last day, whose digging comes after the day's move,
// it lets A run at v_max/2 throughout (0.3 + 0.0005 a day for 200 days), and
// from day 0 it is the same as not saying.
func TestFortifiesFrom(t *testing.T) {
	run := func(day int) float64 {
		sc, err := scenario.LoadFile("testdata/front.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if sc, err = sc.WithVariant("dig"); err != nil {
			t.Fatal(err)
		}
		if day >= 0 {
			d := scenario.Date{Time: sc.Start.AddDate(0, 0, day)}
			sc.Theatres[0].B.FortifiesFrom = &d
		}
		w := sim.NewWorld(compile(t, sc))
		w.Reset(trajKey(63, 0))
		out := w.Run()
		if out.Days != 200 {
			t.Fatalf("fortifies_from day %d: the war ended on day %d", day, out.Days)
		}
		return out.Territory[0]
	}
	always, fromStart, late := run(-1), run(0), run(199)
	if fromStart != always {
		t.Errorf("fortifies_from the start: territory %.9f, without it %.9f", fromStart, always)
	}
	if free := 0.3 + 0.0005*200; always >= free-0.01 {
		t.Errorf("digging in from the start, A reached %.4f: not clearly short of %.4f", always, free)
	}
	if want := 0.3 + 0.0005*200; math.Abs(late-want) > 1e-9 {
		t.Errorf("digging in from day 199: territory %.9f, want %.9f", late, want)
	}
}
