package sim

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"brink/scenario"
)

// A two-power crisis: U strikes V; V (and its ally W) answer by doctrine.
const retaliationSrc = `
id: two-powers
start: 2000-01-01
horizon_days: 60
actors:
  - {id: U, coalition: u, capability: {cinc: 0.1, gdp: 2},
     nuclear: {warheads: 1000, alarms_per_year: [0, 0, 0, 0], unauthorised_per_year: [0, 0, 0, 0]},
     economy: {growth: 0, openness: 0.5, trade: {V: 0.1}, war_cost_per_year: 0}}
  - {id: V, coalition: v, capability: {cinc: 0.1, gdp: 20},
     doctrine: {retaliation: {assured: 0.5, proportional: 0.2, conventional: 0.2, none: 0.1, decide_days: 2, hold_days: 7}},
     nuclear: {warheads: 1000, alarms_per_year: [0, 0, 0, 0], unauthorised_per_year: [0, 0, 0, 0]},
     economy: {growth: 0, openness: 0.3, trade: {U: 0.01}, war_cost_per_year: 0, industry_lag_days: 100}}
relations:
  - {between: [U, V], principal: true, sides: {U: {rung: 6}, V: {rung: 6}}}
`

func retaliationWorld(t *testing.T, src string) (*World, *Model) {
	t.Helper()
	sc, err := scenario.Parse("two.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	return NewWorld(m), m
}

// The branch drawn follows the doctrine's probabilities (a multinomial: each
// share within z = 3.3 standard errors), the answer is carried out
// decide_days later at the rung of its branch, and a held answer is never
// stepped back from within the hold.
func TestRetaliationBranches(t *testing.T) {
	w, m := retaliationWorld(t, retaliationSrc)
	const n = 20000
	var count [NumBranches]int
	u, v := m.ActorIndex("U"), m.ActorIndex("V")
	q := m.Rel(u, v)
	su, sv := w.sideOf(q, u), w.sideOf(q, v)
	for k := range n {
		w.Reset([32]byte{1, byte(k), byte(k >> 8)})
		w.setRung(q, su, 10, UseDeliberate) // limited strategic strikes on V
		b := int(w.Out.Response)
		if b < 0 {
			t.Fatalf("trajectory %d: no response drawn", k)
		}
		count[b]++
		if k < 400 {
			want := map[int]int{BranchAssured: 10, BranchProportional: 10, BranchConventional: 6, BranchNone: 6}[b]
			for d := 0; d < 3; d++ {
				if d == 2 && w.rel[q].rung[sv] != want {
					t.Fatalf("trajectory %d: branch %s, V stands on %d two days later, want %d", k, BranchName(b), w.rel[q].rung[sv], want)
				}
				w.Day++
				retaliationMechanism{}.Step(w)
			}
			if b != BranchNone && !w.held(q, sv, want-1) {
				t.Fatalf("trajectory %d: V may step down from its answer within the hold", k)
			}
		}
	}
	p := [NumBranches]float64{0.5, 0.2, 0.2, 0.1}
	for b := range p {
		se := math.Sqrt(p[b] * (1 - p[b]) / n)
		if got := float64(count[b]) / n; math.Abs(got-p[b]) > 3.3*se {
			t.Errorf("%s drawn in %.4f of strikes, want %.2f ± %.4f", BranchName(b), got, p[b], 3.3*se)
		}
	}
}

// A strike's damage follows the closed form: casualties add up, GDP falls by
// the factor (1 − g) for good, capacity by (1 − k) at once.
func TestDamageClosedForm(t *testing.T) {
	w, m := retaliationWorld(t, retaliationSrc)
	u, v := m.ActorIndex("U"), m.ActorIndex("V")
	q := m.Rel(u, v)
	w.Reset([32]byte{7})
	d := w.rungs[10].dmg
	if !d.on || d.gdp <= 0 || d.capacity <= 0 {
		t.Fatalf("the default ladder's rung 10 has no damage: %+v", d)
	}
	w.setRung(q, w.sideOf(q, u), 10, UseDeliberate)
	if got := w.Out.Casualties[v]; got != d.casualties {
		t.Errorf("casualties %.4g, want %.4g", got, d.casualties)
	}
	if got := w.Out.Casualties[u]; got != 0 {
		t.Errorf("the user counts %.4g million dead before any answer", got)
	}
	if got := w.capacity(v); math.Abs(got-(1-d.capacity)) > 1e-12 {
		t.Errorf("capacity %.6f after the strike, want %.6f", got, 1-d.capacity)
	}
	// A week on: GDP is (1 − g) × (1 − openness·ε·x) of its path (no war cost, growth 0, no sanctions).
	for range 7 {
		w.Day++
		w.economyStep(1.0 / 365)
	}
	now, base := w.GDP(v)
	want := (1 - d.gdp) * (1 - 0.3*w.ws.sanc.eps*d.trade)
	if math.Abs(now/base-want) > 1e-9 {
		t.Errorf("GDP at %.6f of its path a week after the strike, want %.6f", now/base, want)
	}
}

// The trace tells the answer with its doctrine and probability.
func TestRetaliationTraced(t *testing.T) {
	w, m := retaliationWorld(t, retaliationSrc)
	w.Trace(true)
	w.Reset([32]byte{3})
	q := m.Rel(m.ActorIndex("U"), m.ActorIndex("V"))
	w.setRung(q, w.sideOf(q, m.ActorIndex("U")), 10, UseDeliberate)
	found := false
	for _, e := range w.Events() {
		if strings.HasPrefix(e.Text, "V answers U's limited strategic strikes on its homeland with ") && strings.Contains(e.Text, "(doctrine: ") {
			found = true
		}
	}
	if !found {
		t.Errorf("no traced answer in %v", w.Events())
	}
}

// An intervention after the first use happens with its probability (a
// binomial share within z = 3.3 standard errors), once, and puts the
// intervening state on its rung toward the user in the same turn.
func TestInterventionProbability(t *testing.T) {
	src := retaliationSrc + `  - {between: [W, U], sides: {W: {rung: 3}, U: {rung: 3}}}
after_nuclear_use:
  intervention:
    - {actor: W, probability: 0.3, rung: 6}
`
	src = strings.Replace(src, "relations:\n", "  - {id: W, coalition: w, capability: {cinc: 0.05}}\nrelations:\n", 1)
	w, m := retaliationWorld(t, src)
	u, v, x := m.ActorIndex("U"), m.ActorIndex("V"), m.ActorIndex("W")
	q, qw := m.Rel(u, v), m.Rel(x, u)
	const n = 20000
	hits := 0
	for k := range n {
		w.Reset([32]byte{5, byte(k), byte(k >> 8)})
		w.setRung(q, w.sideOf(q, u), 9, UseDeliberate)
		retaliationMechanism{}.Step(w)
		in := w.rel[qw].rung[w.sideOf(qw, x)] == 6
		if in != (w.Out.Interventions == 1) {
			t.Fatalf("trajectory %d: W on rung %d, %d interventions counted", k, w.rel[qw].rung[w.sideOf(qw, x)], w.Out.Interventions)
		}
		if in {
			hits++
		}
	}
	se := math.Sqrt(0.3 * 0.7 / n)
	if got := float64(hits) / n; math.Abs(got-0.3) > 3.3*se {
		t.Errorf("W intervened in %.4f of first uses, want 0.30 ± %.4f", got, 3.3*se)
	}
}

// After an early end the world goes on to the horizon: a war settled on day
// 0 under constant sanctions (no joining or leaving, no growth) loses
// y0·openness·ε·L a year of the target's GDP for every weekly step up to the
// horizon — 8 steps of 7 days before day 60.
func TestWorldGoesOnAfterTheWar(t *testing.T) {
	src := retaliationSrc + `sanctions: {target: U, members: [V], depth: 0.5, evasion: 0, join_per_year: 0, leave_per_year: 0}
`
	w, m := retaliationWorld(t, src)
	u := m.ActorIndex("U")
	w.Reset([32]byte{11})
	L := w.TradeLoss(u)
	if L <= 0 {
		t.Fatalf("no trade lost to sanctions: %v", L)
	}
	w.end(EndSettlement, -1)
	want := 2 * 0.5 * w.ws.sanc.eps * L * 56 / 365
	if got := w.Out.GDPLost[u]; math.Abs(got-want) > 1e-12 {
		t.Errorf("GDP lost by the horizon %.9f, want %.9f", got, want)
	}
	if w.Day != 0 || w.Out.Days != 0 {
		t.Errorf("the world after the war moved the trajectory's day to %d (end %d)", w.Day, w.Out.Days)
	}
}

// A patron that sanctions the target sells it back its trade after a nuclear
// use exactly when the GDP regained, openness·ε·(L − L without the patron's
// cut), exceeds its price: the patron leaves the coalition for good, the
// target becomes its client and pays the price a year.
func TestPatronDeal(t *testing.T) {
	for _, price := range []float64{0.001, 0.2} {
		src := strings.Replace(retaliationSrc, "trade: {V: 0.1}", "trade: {V: 0.1, P: 0.3}", 1)
		src = strings.Replace(src, "relations:\n", `  - {id: P, coalition: p, capability: {cinc: 0.1, gdp: 10},
     economy: {growth: 0, openness: 0.3, trade: {U: 0.05}, war_cost_per_year: 0}}
relations:
`, 1) + `sanctions: {target: U, members: [V, P], depth: 0.9, evasion: 0, join_per_year: 0, leave_per_year: 0, diversion: 0.5, diversion_cost: 0.3}
alliances:
  - {id: club, leader: P, patronage: true, price_after_nuclear_use: ` + strconv.FormatFloat(price, 'g', -1, 64) + `}
`
		w, m := retaliationWorld(t, src)
		u, p := m.ActorIndex("U"), m.ActorIndex("P")
		w.Reset([32]byte{13})
		// The gain the target weighs, worked out by hand: the trade lost with
		// and without P's cut.
		sh, row := []float64{0.3, 0.1}, 0.6 // U's partners P and V, sorted, and the rest of the world
		cut := []float64{0.9, 0.9}
		after := make([]float64, 2)
		_, with := TradeAfterSanctions(sh, row, []bool{true, true}, cut, 0.5, 0.3, after)
		_, without := TradeAfterSanctions(sh, row, []bool{false, true}, cut, 0.5, 0.3, after)
		gain := 0.5 * w.ws.sanc.eps * (with - without)
		if math.Abs(w.TradeLoss(u)-with) > 1e-12 {
			t.Fatalf("U's trade loss %.6f, by hand %.6f", w.TradeLoss(u), with)
		}
		w.ws.usedBy[m.Coalition[u]] = true
		w.Day = 7
		w.sanctionsStep(7.0 / 365)
		dealt := !w.ws.sanc.member[p]
		if want := gain > price; dealt != want {
			t.Errorf("price %.3f, gain %.4f: deal %v, want %v", price, gain, dealt, want)
		}
		if dealt && (w.ws.sanc.pricePaid != price || w.Out.Joined[u] != 0) {
			t.Errorf("after the deal U pays %.3f a year and joined %d; want %.3f and the club", w.ws.sanc.pricePaid, w.Out.Joined[u], price)
		}
	}
}

// withPower adds to a retaliationSrc scenario a nuclear-armed state id of the
// given coalition and doctrine (YAML flow mapping, or "" for none), in a
// relation with U at rung 3.
func withPower(src, id, coalition, doctrine string) string {
	d := ""
	if doctrine != "" {
		d = ", doctrine: " + doctrine
	}
	src = strings.Replace(src, "relations:\n",
		"  - {id: "+id+", coalition: "+coalition+", capability: {cinc: 0.05}"+d+",\n"+
			"     nuclear: {warheads: 300, alarms_per_year: [0, 0, 0, 0], unauthorised_per_year: [0, 0, 0, 0]}}\nrelations:\n", 1)
	return src + "  - {between: [" + id + ", U], sides: {" + id + ": {rung: 3}, U: {rung: 3}}}\n"
}

// General nuclear war is an exchange: U's general war on V is answered at once
// by V (assured retaliation, launched before the end is recorded, though its
// decide_days are 2) and by V's ally W; U is struck once, at the terminal
// rung's 100 million, not once per attacker; and the trajectory ends.
func TestGeneralWarIsAnExchange(t *testing.T) {
	src := strings.Replace(retaliationSrc, "assured: 0.5, proportional: 0.2, conventional: 0.2, none: 0.1", "assured: 1", 1)
	src = withPower(src, "W", "v", "{retaliation: {assured: 1, decide_days: 3}}")
	w, m := retaliationWorld(t, src)
	u, v, x := m.ActorIndex("U"), m.ActorIndex("V"), m.ActorIndex("W")
	for k := range 20 {
		w.Reset([32]byte{7, byte(k)})
		q := m.Rel(u, v)
		w.setRung(q, w.sideOf(q, u), m.Top, UseDeliberate)
		if !w.done || w.Out.End != EndNuclearWar {
			t.Fatalf("trajectory %d: general war did not end it (done %v, end %v)", k, w.done, w.Out.End)
		}
		if got := w.Out.Casualties[v]; got != 100 {
			t.Errorf("trajectory %d: V lost %g million, want 100", k, got)
		}
		if got := w.Out.Casualties[u]; got != 100 {
			t.Errorf("trajectory %d: U lost %g million, want 100 (struck back by V and W, counted once)", k, got)
		}
		if q2 := m.Rel(x, u); w.rel[q2].rung[w.sideOf(q2, x)] != m.Top {
			t.Errorf("trajectory %d: W, V's ally with assured retaliation, did not launch", k)
		}
	}
}

// No more can be killed than live there: with a population of 60 million, a
// general war on U kills 60, not the terminal rung's 100.
func TestCasualtiesBoundedByPopulation(t *testing.T) {
	src := strings.Replace(retaliationSrc, "capability: {cinc: 0.1, gdp: 2}", "capability: {cinc: 0.1, gdp: 2, population: 60}", 1)
	w, m := retaliationWorld(t, src)
	u, v := m.ActorIndex("U"), m.ActorIndex("V")
	q := m.Rel(u, v)
	w.Reset([32]byte{8})
	w.setRung(q, w.sideOf(q, v), 10, UseDeliberate) // V's limited strategic strikes: 5 million
	if got := w.Out.Casualties[u]; got != 5 {
		t.Fatalf("U lost %g million to limited strikes, want 5", got)
	}
	w.setRung(q, w.sideOf(q, v), m.Top, UseDeliberate) // and general war
	if got := w.Out.Casualties[u]; got != 60 {
		t.Errorf("U, of 60 million, lost %g million, want 60", got)
	}
}

// Each attacker is answered: U strikes V; V's ally W answers a day later;
// U, on launch on warning, strikes W back that same day — an answer called
// for by an answer, carried out in the turn it is drawn — though U had
// already answered V's strike at that rung.
func TestEveryAttackerIsAnswered(t *testing.T) {
	src := strings.Replace(retaliationSrc, "assured: 0.5, proportional: 0.2, conventional: 0.2, none: 0.1, decide_days: 2", "assured: 1, launch_on_warning: true", 1)
	src = strings.Replace(src, "  - {id: U, coalition: u, capability: {cinc: 0.1, gdp: 2},",
		"  - {id: U, coalition: u, capability: {cinc: 0.1, gdp: 2}, doctrine: {retaliation: {assured: 1, launch_on_warning: true}},", 1)
	src = withPower(src, "W", "v", "{retaliation: {proportional: 1, decide_days: 1}}")
	w, m := retaliationWorld(t, src)
	u, v, x := m.ActorIndex("U"), m.ActorIndex("V"), m.ActorIndex("W")
	w.Reset([32]byte{9})
	q, qw := m.Rel(u, v), m.Rel(x, u)
	w.setRung(q, w.sideOf(q, u), 10, UseDeliberate) // limited strategic strikes on V
	retaliationMechanism{}.Step(w)                  // day 0: V strikes back at once
	if got := w.rel[q].rung[w.sideOf(q, v)]; got != 10 {
		t.Fatalf("V stands on %d toward U after day 0, want 10", got)
	}
	w.Day++
	retaliationMechanism{}.Step(w) // day 1: W's answer, and U's answer to W
	if got := w.rel[qw].rung[w.sideOf(qw, x)]; got != 10 {
		t.Fatalf("W stands on %d toward U on day 1, want 10", got)
	}
	if got := w.rel[qw].rung[w.sideOf(qw, u)]; got != 10 {
		t.Errorf("U stands on %d toward W on day 1, want 10: W's strike unanswered", got)
	}
	if got := w.Out.Casualties[x]; got != 5 {
		t.Errorf("W lost %g million, want 5", got)
	}
}

// After a nuclear use by another coalition, a state with
// alert_after_nuclear_use holds at least that alert though its own rungs call
// for none; one without it stays where its rungs put it; and nothing moves
// before the use.
func TestAlertAfterNuclearUse(t *testing.T) {
	src := withPower(withPower(retaliationSrc, "W", "w", "{alert_after_nuclear_use: 2}"), "Z", "z", "")
	w, m := retaliationWorld(t, src)
	u, v, x, z := m.ActorIndex("U"), m.ActorIndex("V"), m.ActorIndex("W"), m.ActorIndex("Z")
	w.Reset([32]byte{10})
	w.updateAlerts()
	if w.act[x].alert != 0 || w.act[z].alert != 0 {
		t.Fatalf("before any use: W at %d, Z at %d, want 0 and 0", w.act[x].alert, w.act[z].alert)
	}
	q := m.Rel(u, v)
	w.setRung(q, w.sideOf(q, u), 9, UseDeliberate) // a tactical strike on V, not on W
	w.updateAlerts()
	if w.act[x].alert != 2 {
		t.Errorf("after U's use: W at alert %d, want 2", w.act[x].alert)
	}
	if w.act[z].alert != 0 {
		t.Errorf("after U's use: Z, without the doctrine, at alert %d, want 0", w.act[z].alert)
	}
	if w.act[u].alert != 3 {
		t.Errorf("U, the user, at alert %d, want 3 (its rung's)", w.act[u].alert)
	}
}

// After a general nuclear war only the economies and the sanctions run on:
// in testdata/world.yaml, where S applies to an alliance at 0.8 a year and Q
// starts a programme at 0.25 a year, a war ended on day 0 by a settlement
// sees both within the two years to the horizon in most trajectories, one
// ended by general nuclear war in none; its sanctioned economy loses GDP to
// the horizon either way.
func TestInstitutionsStopAtGeneralNuclearWar(t *testing.T) {
	src, err := os.ReadFile("testdata/world.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w, m := retaliationWorld(t, string(src))
	x, q, s := m.ActorIndex("X"), m.ActorIndex("Q"), m.ActorIndex("S")
	const n = 200
	for _, end := range []EndKind{EndSettlement, EndNuclearWar} {
		applied, programmes := 0, 0
		for k := range n {
			w.Reset([32]byte{13, byte(k)})
			w.end(end, -1)
			if w.Out.Applied[s] >= 0 {
				applied++
			}
			if w.Out.Prolif[q] != ProlifNone {
				programmes++
			}
			if !(w.Out.GDPLost[x] > 0) {
				t.Fatalf("%v, trajectory %d: the sanctioned economy lost no GDP after the war", end, k)
			}
		}
		switch end {
		case EndSettlement: // 1 − e^−1.6 ≈ 0.80 and 1 − e^−0.5 ≈ 0.39 of trajectories
			if applied < n/2 || programmes < n/5 {
				t.Errorf("after a settlement %d of %d trajectories see S apply and %d Q start a programme, want about 160 and 80", applied, n, programmes)
			}
		case EndNuclearWar:
			if applied != 0 || programmes != 0 {
				t.Errorf("after a general nuclear war %d of %d trajectories see S apply and %d Q start a programme, want none", applied, n, programmes)
			}
		}
	}
}

// A side with an answer decided and not yet carried out holds at the epochs
// in between: its move is its doctrine's. It does not threaten, step or offer
// terms the day it is struck (able-archer-1983 -k 2179 had the Soviet Union,
// just struck by five million deaths, threaten a show of force).
func TestAnsweringSideHolds(t *testing.T) {
	w, m := retaliationWorld(t, retaliationSrc)
	u, v := m.ActorIndex("U"), m.ActorIndex("V")
	q := m.Rel(u, v)
	su, sv := w.sideOf(q, u), w.sideOf(q, v)
	pending := 0
	for k := range 200 {
		w.Reset([32]byte{4, byte(k), byte(k >> 8)})
		w.setRung(q, su, 10, UseDeliberate)
		if !w.answering(q, sv) {
			continue // the branch drawn is no response, or one at V's rung already
		}
		pending++
		if w.answering(q, su) {
			t.Fatalf("trajectory %d: the striker counted as answering", k)
		}
		w.refreshEstimates()
		w.refreshViews()
		if o, p := w.choose(w.rng[StreamDecision], q, sv, 0, false); o != optHold || p != 1 {
			t.Fatalf("trajectory %d: V, its answer pending, chose %s with p=%v; want to hold", k, optionNames[o], p)
		}
		for d := 0; d < 5 && !w.done; d++ {
			w.Step()
		}
		if !w.done && w.answering(q, sv) {
			t.Errorf("trajectory %d: V still answering after its decide_days", k)
		}
	}
	if pending < 100 {
		t.Errorf("only %d of 200 strikes left an answer pending; the test shows little", pending)
	}
}

// An unauthorised detonation declared over the hotline is believed with the
// scenario's chance: believed, the victim's doctrine does not answer it;
// not believed, or an ordered use, it is answered as before. The share
// believed is the hotline's chance (binomial, z = 3.3).
func TestHotlineUnauthorisedBelieved(t *testing.T) {
	for _, c := range []struct {
		hotline string
		kind    UseKind
		want    float64 // share not answered because believed
	}{
		{"", UseUnauthorised, 0},
		{"hotline: 1\n", UseUnauthorised, 1},
		{"hotline: 0.5\n", UseUnauthorised, 0.5},
		{"hotline: 1\n", UseDeliberate, 0},
	} {
		w, m := retaliationWorld(t, c.hotline+retaliationSrc)
		u, v := m.ActorIndex("U"), m.ActorIndex("V")
		q := m.Rel(u, v)
		su := w.sideOf(q, u)
		const n = 4000
		believed := 0
		for k := range n {
			w.Reset([32]byte{5, byte(k), byte(k >> 8)})
			w.Trace(k == 0)
			w.setRung(q, su, 10, c.kind)
			if w.Out.Response == BranchNone && w.Out.Responses == 1 {
				// Without a hotline, "none" is a branch of V's doctrine (0.1).
				believed++
			}
		}
		got := float64(believed) / n
		want := c.want + (1-c.want)*0.1 // the doctrine's own "none"
		if se := math.Sqrt(want * (1 - want) / n); math.Abs(got-want) > 3.3*se+1e-9 {
			t.Errorf("hotline %q, %s: %.3f of the uses not answered, want %.3f ± %.3f", c.hotline, c.kind, got, want, 3.3*se)
		}
	}
}
