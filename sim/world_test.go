package sim_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"brink/scenario"
	"brink/sim"
)

// The world mechanisms against their closed forms, on testdata/world.yaml,
// where nothing can move the crisis and every hazard stays constant.

// TestGDPFollowsItsPath: with no war, GDP follows Y_0·e^{gT} less the level
// effect of the (constant) sanctions, 1 − openness·ε·L; with a war at a
// constant rate it is Y_0·e^{(g − c·effort)T} times the same factor. An actor
// with no shock (M's trade loss aside, P's none) follows its growth path.
func TestGDPFollowsItsPath(t *testing.T) {
	for _, variant := range []string{"", "war"} {
		m := compile(t, loadTestdata(t, "world.yaml", variant))
		w := sim.NewWorld(m)
		w.Reset(trajKey(40, 0))
		w.Run()
		// The last world step is on the last whole week before the horizon,
		// whose own turn does not run: day 721 of 728.
		T := 721.0 / 365
		x, p := m.ActorIndex("X"), m.ActorIndex("P")
		// X: C = 0.4·0.5·(1 − e_M) cut, D = 0.5·C diverted, L = C − D + 0.3·D,
		// with M's evasion e_M = 0.2·2/(1 + e^z) at its pressure
		// z = 10 − 20·0.6·0.1·0.5 = 9.4 (no war, no use: no outrage).
		C := 0.4 * 0.5 * (1 - mEvasion)
		D := 0.5 * C
		L := C - D + 0.3*D
		if got := w.TradeLoss(x); math.Abs(got-L) > 1e-12 {
			t.Errorf("%q: X's trade loss %.15g, want %.15g", variant, got, L)
		}
		c := 0.0
		if variant == "war" {
			c = 0.1 * 0.5
		}
		now, base := w.GDP(x)
		wantBase := 2.0 * math.Exp(0.03*T)
		want := 2.0 * math.Exp((0.03-c)*T) * (1 - 0.5*0.4*L)
		if relErr(base, wantBase) > 1e-12 || relErr(now, want) > 1e-12 {
			t.Errorf("%q: X's GDP after %.3f years: %.12g (base %.12g), want %.12g (base %.12g)", variant, T, now, base, want, wantBase)
		}
		// P trades nothing with X: it follows its path whether it sanctions or not.
		now, base = w.GDP(p)
		if want := 0.5 * math.Exp(0.02*T); relErr(now, want) > 1e-12 || relErr(base, want) > 1e-12 {
			t.Errorf("%q: P's GDP %.12g (base %.12g), want %.12g", variant, now, base, want)
		}
	}
}

// TestCapacityLagsItsTarget: with constant sanctions and no war, industrial
// capacity relaxes from 1 toward K* = (1 − openness·ε·L)(1 − d·L) as
// K* + (1 − K*)·e^{−t/τ}, checked week by week.
func TestCapacityLagsItsTarget(t *testing.T) {
	m := compile(t, loadTestdata(t, "world.yaml", ""))
	w := sim.NewWorld(m)
	w.Reset(trajKey(41, 0))
	x := m.ActorIndex("X")
	C := 0.4 * 0.5 * (1 - mEvasion)
	L := C - 0.5*C + 0.3*0.5*C
	kStar := (1 - 0.5*0.4*L) * (1 - 0.5*L)
	for w.Day < m.Scenario.HorizonDays {
		w.Step()
		// The world moves at the start of each week's turn (day 7, 14, …).
		if d := w.Day - 1; d > 0 && d%7 == 0 {
			want := kStar + (1-kStar)*math.Exp(-float64(d)/100)
			if got := w.Capacity(x); math.Abs(got-want) > 1e-12 {
				t.Fatalf("day %d: capacity %.15g, want %.15g", d, got, want)
			}
		}
	}
}

// mEvasion is M's evasion in testdata/world.yaml: 0.2·2/(1 + e^z) at its
// pressure z = 10 − 20·0.6·0.1·0.5 (affinity less its GDP at stake).
var mEvasion = 0.2 * 2 / (1 + math.Exp(10-20*0.6*0.1*0.5))

// TestTradeSharesSumToOneAfterDiversion: whatever the shares, the coalition
// and the parameters, the shares after sanctions sum to one, the loss is
// (C − δC) + κδC, and nothing changes without members.
func TestTradeSharesSumToOneAfterDiversion(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		n := 1 + r.IntN(8)
		shares := make([]float64, n)
		member := make([]bool, n)
		total := 0.0
		for j := range shares {
			shares[j] = r.Float64()
			total += shares[j]
			member[j] = r.IntN(2) == 0
		}
		rowRaw := r.Float64()
		if trial%5 == 0 {
			rowRaw = 0 // no rest of the world: diversion only to non-members
		}
		total += rowRaw
		for j := range shares {
			shares[j] /= total
		}
		row := rowRaw / total
		cut := make([]float64, n)
		for j := range cut {
			cut[j] = r.Float64()
		}
		div, cost := r.Float64(), r.Float64()
		after := make([]float64, n)
		rowAfter, loss := sim.TradeAfterSanctions(shares, row, member, cut, div, cost, after)
		sum := rowAfter
		C, other := 0.0, row
		for j := range after {
			sum += after[j]
			if member[j] {
				C += cut[j] * shares[j]
			} else {
				other += shares[j]
			}
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Fatalf("trial %d: shares after sanctions sum to %.15g", trial, sum)
		}
		D := div * C
		if other == 0 {
			D = 0
		}
		if want := C - D + cost*D; math.Abs(loss-want) > 1e-12 {
			t.Fatalf("trial %d: loss %.15g, want %.15g", trial, loss, want)
		}
		none := make([]bool, n)
		rowAfter, loss = sim.TradeAfterSanctions(shares, row, none, cut, div, cost, after)
		for j := range after {
			if math.Abs(after[j]-shares[j]) > 1e-12 {
				t.Fatalf("trial %d: without members share %d moved from %g to %g", trial, j, shares[j], after[j])
			}
		}
		if loss != 0 || math.Abs(rowAfter-row) > 1e-12 {
			t.Fatalf("trial %d: without members loss %g, rest of the world %g → %g", trial, loss, row, rowAfter)
		}
	}
}

// TestWorldHazardsClosedForms: P's membership of the sanctions coalition is a
// two-state Markov chain with join rate a = 0.6·e^{0.5} and leave rate
// b = 0.9·e^{−0.5}, starting out: P(member at T) = a/(a+b)·(1 − e^{−(a+b)T}).
// Q starts a programme at h = 0.25 a year: P(by day d) = 1 − e^{−h·d/365};
// R's leadership changes at 0.4 a year, the same law. S applies at 0.8 a year
// and is admitted 70 days later, or 210 if the veto (probability 0.3) holds:
// P(joined by d) = 0.3·F(d − 210) + 0.7·F(d − 70), F(t) = 1 − e^{−0.8·t/365}.
// The world moves weekly, so the checks are at whole weeks, where the laws
// hold exactly.
func TestWorldHazardsClosedForms(t *testing.T) {
	m := compile(t, loadTestdata(t, "world.yaml", ""))
	q, r, s := m.ActorIndex("Q"), m.ActorIndex("R"), m.ActorIndex("S")
	T := m.Scenario.HorizonDays
	n := 20000
	if testing.Short() {
		n = 5000
	}
	days := []int{182, 364, 546, T - 7} // the last world step is on day 721: the horizon's turn does not run
	var member int
	prog, regime, joined := make([]int, len(days)), make([]int, len(days)), make([]int, len(days))
	w := sim.NewWorld(m)
	for k := range n {
		w.Reset(trajKey(42, k))
		out := w.Run()
		if out.NuclearUse || out.End != sim.EndFrozen {
			t.Fatalf("trajectory %d: the crisis moved (%v)", k, out.End)
		}
		// M stays in (see world.yaml); P is the other possible member.
		member += out.SanctionsSize - 1
		for j, d := range days {
			if pd := out.ProgrammeDay[q]; pd >= 0 && pd <= d {
				prog[j]++
			}
			if rd := out.RegimeDay[r]; rd >= 0 && rd <= d {
				regime[j]++
			}
			if jd := out.JoinDay[s]; jd >= 0 && jd <= d {
				joined[j]++
			}
		}
	}
	yr := float64(T-7) / 365
	a, b := 0.6*math.Exp(0.5), 0.9*math.Exp(-0.5)
	checkProportion(t, "P in the sanctions coalition at the horizon", member, n, a/(a+b)*(1-math.Exp(-(a+b)*yr)))
	F := func(days float64) float64 {
		if days <= 0 {
			return 0
		}
		return 1 - math.Exp(-0.8*days/365)
	}
	for j, d := range days {
		checkProportion(t, "Q's programme by day "+itoa(d), prog[j], n, 1-math.Exp(-0.25*float64(d)/365))
		checkProportion(t, "R's change of leadership by day "+itoa(d), regime[j], n, 1-math.Exp(-0.4*float64(d)/365))
		checkProportion(t, "S admitted by day "+itoa(d), joined[j], n, 0.3*F(float64(d-210))+0.7*F(float64(d-70)))
	}
}

func itoa(d int) string {
	const digits = "0123456789"
	if d == 0 {
		return "0"
	}
	var b []byte
	for ; d > 0; d /= 10 {
		b = append([]byte{digits[d%10]}, b...)
	}
	return string(b)
}

// TestNuclearUseChangesTheWorld: the same trajectories (common random
// numbers) with and without a nuclear use by X early on. After the use the
// sanctions coalition is larger (outrage_after_nuclear_use), S is admitted to
// its alliance more often (X's threat rises) and Q starts a programme more
// often (the taboo is broken) — each by more than four standard errors of
// the paired differences.
func TestNuclearUseChangesTheWorld(t *testing.T) {
	base := compile(t, loadTestdata(t, "world.yaml", ""))
	use := compile(t, loadTestdata(t, "world.yaml", "use"))
	q, s := base.ActorIndex("Q"), base.ActorIndex("S")
	n := 3000
	if testing.Short() {
		n = 1000
	}
	checkUseRaises(t, base, use, base.ActorIndex("X"), n, 43, []worldMeasure{
		{"sanctions coalition at the end", func(w *sim.World) float64 { return float64(w.Out.SanctionsSize) }},
		{"S admitted", func(w *sim.World) float64 { return b2f(w.Out.Joined[s] >= 0) }},
		{"Q starts a programme", func(w *sim.World) float64 { return b2f(w.Out.Prolif[q] != sim.ProlifNone) }},
	})
}

// TestDefaultScenarioWorldRespondsToNuclearUse: in ukraine-2022, the same
// trajectories with and without an early Russian nuclear use (an
// unauthorised detonation within weeks). The use enlarges the sanctions
// coalition, starts more weapons programmes and deepens the cut of Russia's
// trade, each by more than four paired standard errors.
func TestDefaultScenarioWorldRespondsToNuclearUse(t *testing.T) {
	src, err := scenario.BuiltinSource(scenario.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	// The variants list is the last section of the built-in file.
	src = append(append([]byte(nil), src...), `
  - id: early-use
    description: an unauthorised Russian detonation within weeks
    set:
      actors.RUS.nuclear.unauthorised_per_year: [20, 20, 20, 20]
`...)
	sc, err := scenario.Parse(scenario.DefaultID+".yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	forced, err := sc.WithVariant("early-use")
	if err != nil {
		t.Fatal(err)
	}
	base := compile(t, sc)
	rus := base.ActorIndex("RUS")
	n := 600
	if testing.Short() {
		n = 200
	}
	checkUseRaises(t, base, compile(t, forced), rus, n, 70, []worldMeasure{
		{"sanctions coalition at its largest", func(w *sim.World) float64 { return float64(w.Out.SanctionsMax) }},
		{"weapons programmes started", func(w *sim.World) float64 {
			c := 0.0
			for _, p := range w.Out.Prolif {
				c += b2f(p != sim.ProlifNone)
			}
			return c
		}},
		{"Russia's trade loss at the end", func(w *sim.World) float64 { return w.TradeLoss(rus) }},
	})
}

// worldMeasure is a quantity of a trajectory's end state.
type worldMeasure struct {
	name string
	of   func(w *sim.World) float64
}

// checkUseRaises runs n trajectories of base and of use (a variant that
// brings a nuclear use by actor user) on common random numbers, requires the
// use in at least 90 % of the variant's trajectories and few in the base's,
// and requires each measure to rise by more than four standard errors of the
// paired differences. Pairs in which the base also sees a use by user (at
// most a sixth: the default scenario's own deliberate uses, sim/firstuse.go)
// are left out.
func checkUseRaises(t *testing.T, base, use *sim.Model, user, n int, tag byte, measures []worldMeasure) {
	t.Helper()
	wb, wu := sim.NewWorld(base), sim.NewWorld(use)
	sum, sum2 := make([]float64, len(measures)), make([]float64, len(measures))
	used, baseUsed := 0, 0
	for k := range n {
		key := trajKey(tag, k)
		wb.Reset(key)
		wb.Run()
		wu.Reset(key)
		wu.Run()
		if wb.Out.NuclearUse && wb.Out.FirstUseBy == user {
			baseUsed++ // a pair in which both see a use says nothing of its effect
			continue
		}
		if wu.Out.NuclearUse && wu.Out.FirstUseBy == user {
			used++
		}
		for i, m := range measures {
			d := m.of(wu) - m.of(wb)
			sum[i] += d
			sum2[i] += d * d
		}
	}
	if baseUsed > n/6 {
		t.Fatalf("%d of %d trajectories saw a nuclear use by %s without the variant", baseUsed, n, base.Actors[user])
	}
	n -= baseUsed
	if used < n*9/10 {
		t.Fatalf("only %d of %d trajectories of the variant saw the nuclear use", used, n)
	}
	pairs := float64(n)
	for i, m := range measures {
		mean := sum[i] / pairs
		se := math.Sqrt((sum2[i]/pairs - mean*mean) / pairs)
		t.Logf("%s: %+.3f after a nuclear use (paired SE %.4f)", m.name, mean, se)
		if se == 0 || mean < 4*se {
			t.Errorf("%s: difference %.4f, paired SE %.4f: a nuclear use should raise it clearly", m.name, mean, se)
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// TestWorldAllocatesNothing: trajectories full of world events (joins,
// applications, admissions with vetoes, programmes, changes of leadership,
// a nuclear use and the world's response) allocate nothing once the World
// exists, and copying an Outcome shares nothing with the World.
func TestWorldAllocatesNothing(t *testing.T) {
	for _, v := range []string{"", "use"} {
		m := compile(t, loadTestdata(t, "world.yaml", v))
		w := sim.NewWorld(m)
		w.Reset(trajKey(44, 0))
		w.Run()
		k := 0
		if a := testing.AllocsPerRun(50, func() {
			k++
			w.Reset(trajKey(44, k))
			w.Run()
		}); a != 0 {
			t.Errorf("variant %q: Reset+Run allocates %v times a trajectory, want 0", v, a)
		}
		var c sim.Outcome
		w.Out.CopyTo(&c)
		before := c.GDPLost[0]
		w.Reset(trajKey(44, k+1))
		w.Run()
		if c.GDPLost[0] != before || &c.Joined[0] == &w.Out.Joined[0] {
			t.Errorf("variant %q: the copy of an Outcome shares its slices with the World", v)
		}
	}
}
