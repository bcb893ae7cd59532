package sim

import (
	"math"
	"os"
	"strings"
	"testing"

	"brink/scenario"
)

// eventsModel compiles a scenario from testdata/, with text appended.
func eventsModel(t testing.TB, name, extra string) *Model {
	t.Helper()
	return testdataModel(t, name, func(text string) string { return text + extra })
}

// testdataModel compiles the scenario testdata/name, its text first passed
// through edit if edit is not nil.
func testdataModel(t testing.TB, name string, edit func(string) string) *Model {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if edit != nil {
		text = edit(text)
	}
	sc, err := scenario.Parse(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func eventKey(k int) [32]byte {
	var key [32]byte
	key[0], key[1], key[2] = 'e', 'v', byte(k)
	key[3] = byte(k >> 8)
	return key
}

// engelEuler integrates Engel's (1954) equations for Iwo Jima, dM/dt = P(t) −
// A·N and dN/dt = −B·M, by Euler's method with a step of one day, the landings
// P of each day put ashore at its start (as the events do): the expected path
// of the engine's Poisson attrition for forces this large. It returns M and N
// at the start of days 0..days.
func engelEuler(days int) (us, jp []float64) {
	const a, b = 0.0544, 0.0106
	landing := map[int]float64{0: 54000, 2: 6000, 5: 13000}
	m, n := 0.0, 21500.0
	for d := 0; d <= days; d++ {
		us, jp = append(us, m), append(jp, n)
		m += landing[d]
		m, n = max(0, m-a*n), max(0, n-b*m)
	}
	return us, jp
}

// TestEngelIwoJima: testdata/iwo-jima.yaml — Engel's landings as dated events,
// his fitted coefficients as the square law's — reproduces his computed curve.
// The mean path of 40 trajectories stays within 0.5 % (of the US peak) of
// the Euler integration of Engel's equations every day; on day 36 the US has
// about 52,000 troops in action (Engel's computed curve; within ±1,500), the
// Japanese force is destroyed (below 300), the US peak is on day 6 after the
// last landing, and the US strength falls every day after it.
func TestEngelIwoJima(t *testing.T) {
	m := eventsModel(t, "iwo-jima.yaml", "")
	const days, runs = 36, 40
	refUS, refJP := engelEuler(days)
	meanUS, meanJP := make([]float64, days+1), make([]float64, days+1)
	w := NewWorld(m)
	for k := range runs {
		w.Reset(eventKey(k))
		for d := 0; d <= days; d++ {
			if w.Day != d {
				t.Fatalf("trajectory %d: day %d, want %d", k, w.Day, d)
			}
			meanUS[d] += w.fo[0].active / runs
			meanJP[d] += w.fo[1].active / runs
			if d < days {
				w.Step()
			}
		}
	}
	peak := 0
	for d := range meanUS {
		if math.Abs(meanUS[d]-refUS[d]) > 0.005*67000 || math.Abs(meanJP[d]-refJP[d]) > 0.005*67000 {
			t.Errorf("day %d: mean US %.0f, Japanese %.0f; Engel's equations %.0f, %.0f", d, meanUS[d], meanJP[d], refUS[d], refJP[d])
		}
		if meanUS[d] > meanUS[peak] {
			peak = d
		}
	}
	t.Logf("US on day 36: simulated mean %.0f, Euler %.0f; Japanese %.0f, %.0f; US peak on day %d (%.0f)",
		meanUS[days], refUS[days], meanJP[days], refJP[days], peak, meanUS[peak])
	if us := meanUS[days]; math.Abs(us-52000) > 1500 {
		t.Errorf("US troops on day 36: %.0f, want about 52,000 (Engel's computed curve)", us)
	}
	if meanJP[days] > 300 {
		t.Errorf("Japanese troops on day 36: %.0f, want the garrison destroyed", meanJP[days])
	}
	if peak != 6 {
		t.Errorf("the US strength peaks on day %d, want day 6 (after the landing of Engel's day 6)", peak)
	}
	for d := peak + 1; d <= days; d++ {
		if meanUS[d] >= meanUS[d-1] {
			t.Errorf("the US strength rises from day %d to %d after the last landing", d-1, d)
		}
	}
}

// TestDatedEventFiresOnItsDay: a reinforcement dated day 10 (by date) or drawn
// in uniform(20, 30) is absent on the turns before and present from its turn
// on, in a scenario where nothing else moves the force; it shows in the trace,
// and the drawn day is the last of the sampled parameters.
func TestDatedEventFiresOnItsDay(t *testing.T) {
	m := eventsModel(t, "iwo-jima.yaml", `
  - id: reserve
    date: 1945-03-01
    add: {actor: JPN, category: troops, storage: 500}
  - id: drawn
    day: uniform(20, 30)
    add: {actor: JPN, category: troops, storage: 7}
`)
	if names := m.UncertainNames(); len(names) != 1 || names[0] != "events.drawn.day" {
		t.Fatalf("uncertain parameters %v, want [events.drawn.day]", names)
	}
	w := NewWorld(m)
	w.Trace(true)
	seen := map[int]bool{}
	for k := range 30 {
		w.Reset(eventKey(k))
		drawn := w.Sampled()[0]
		if drawn < 20 || drawn > 30 {
			t.Fatalf("drawn day %g outside [20, 30]", drawn)
		}
		fire := int(math.Ceil(drawn))
		seen[fire] = true
		for d := 0; d < 36; d++ {
			want := 0.0
			if d >= 10 {
				want += 500
			}
			if d >= fire {
				want += 7
			}
			w.Step()
			if got := w.fo[1].storage; got != want {
				t.Fatalf("trajectory %d, after the turn of day %d: Japanese storage %g, want %g (drawn day %g)", k, d, got, want, drawn)
			}
		}
		found := false
		for _, e := range w.Events() {
			if e.Day == 10 && strings.Contains(e.Text, "event reserve: JPN troops +500 in storage (now 500)") {
				found = true
			}
		}
		if !found {
			t.Fatalf("the trace has no line for event reserve on day 10:\n%v", w.Events())
		}
	}
	if len(seen) < 5 {
		t.Errorf("the drawn firing day took only %d values in 30 trajectories", len(seen))
	}
}

// TestTriggeredEventAndOverride: an event that fires when the Japanese fall
// below 10,000 troops fires at the first decision epoch at which they are
// below it, not before; its override (the Japanese attrition coefficient set
// to 0) changes the live state, so the Japanese lose nothing after it.
func TestTriggeredEventAndOverride(t *testing.T) {
	m := eventsModel(t, "iwo-jima.yaml", `
  - id: dig-in
    when: {forces: {actor: JPN, category: troops, below: 10000}}
    set:
      theatres.iwo.b.attrition.troops: 0
`)
	every := m.Scenario.DecisionEveryDays
	w := NewWorld(m)
	w.Trace(true)
	for k := range 5 {
		w.Reset(eventKey(k))
		firedOn, crossedEpoch := -1, -1
		atFiring := -1.0
		for !w.done && w.Day < 36 {
			d, jp := w.Day, w.fo[1].active
			if crossedEpoch < 0 && d%every == 0 && jp < 10000 {
				crossedEpoch = d
			}
			n := len(w.Events())
			w.Step()
			for _, e := range w.Events()[n:] {
				if strings.HasPrefix(e.Text, "event dig-in: its condition holds") {
					if firedOn >= 0 {
						t.Fatalf("trajectory %d: the event fired twice (days %d and %d)", k, firedOn, e.Day)
					}
					firedOn = e.Day
					if !strings.Contains(e.Text, "theatres.iwo.b.attrition.troops 0.0106 → 0") {
						t.Errorf("trace line %q does not say what changed", e.Text)
					}
				}
			}
			if firedOn >= 0 && w.th[0].attrition[1][0] != 0 {
				t.Fatalf("trajectory %d: the override did not reach the live state", k)
			}
			if firedOn == d {
				atFiring = jp
			}
		}
		if firedOn < 0 || firedOn != crossedEpoch {
			t.Fatalf("trajectory %d: fired on day %d, want the first epoch below 10,000 (day %d)", k, firedOn, crossedEpoch)
		}
		if w.fo[1].lost != 21500-w.fo[1].active {
			t.Fatalf("bookkeeping: lost %g, active %g", w.fo[1].lost, w.fo[1].active)
		}
		if jp := w.fo[1].active; jp != atFiring || jp >= 10000 {
			t.Errorf("trajectory %d: the Japanese end with %.0f troops, had %.0f when the event fired; they should lose nothing after it", k, jp, atFiring)
		}
	}
}

// TestEventsAllocateNothing: trajectories with dated, drawn and triggered
// events, supply switched and overrides applied allocate nothing with tracing
// off.
func TestEventsAllocateNothing(t *testing.T) {
	m := eventsModel(t, "iwo-jima.yaml", `
  - id: drawn
    day: uniform(3, 9)
    mobilise: {actor: JPN, category: troops, units: 100}
  - id: rate
    day: 4
    rates: {actor: JPN, category: troops, production_per_day: 10}
  - id: dig-in
    when: {forces: {actor: JPN, category: troops, below: 10000}}
    once: false
    set:
      actors.JPN.forces[0].effectiveness: 1.2
      actors.USA.politics.resolve: 0.9
`)
	w := NewWorld(m)
	w.Reset(eventKey(0))
	w.Run()
	k := 0
	if a := testing.AllocsPerRun(30, func() {
		k++
		w.Reset(eventKey(k))
		w.Run()
	}); a != 0 {
		t.Errorf("Reset+Run allocates %v times a trajectory with events, want 0", a)
	}
}

// TestEventScale: a scale multiplies what the trajectory drew; a set replaces it.
func TestEventScale(t *testing.T) {
	m := eventsModel(t, "iwo-jima.yaml", `
  - id: better
    day: 3
    scale:
      actors.USA.forces[0].effectiveness: 1.5
      theatres.iwo.a.attrition.troops: 0.5
    set:
      actors.JPN.forces[0].learning_per_day: 0.01
`)
	w := NewWorld(m)
	w.Trace(true)
	w.Reset(eventKey(0))
	for w.Day <= 3 {
		if w.Day == 3 && (w.fo[0].eff != 1 || w.th[0].attrition[0][0] != 0.0544) {
			t.Fatalf("before the event: effectiveness %g, attrition %g", w.fo[0].eff, w.th[0].attrition[0][0])
		}
		w.Step()
	}
	if w.fo[0].eff != 1.5 || w.fo[0].effMax != 1.5 || w.th[0].attrition[0][0] != 0.0272 || w.fo[1].learn != 0.01 {
		t.Errorf("after the event: US effectiveness %g (ceiling %g), attrition %g, Japanese learning %g; want 1.5, 1.5, 0.0272, 0.01",
			w.fo[0].eff, w.fo[0].effMax, w.th[0].attrition[0][0], w.fo[1].learn)
	}
	last := w.Events()[len(w.Events())-1].Text
	if !strings.Contains(last, "actors.USA.forces[0].effectiveness 1 → 1.5") || !strings.Contains(last, "theatres.iwo.a.attrition.troops 0.0544 → 0.0272") {
		t.Errorf("trace: %q", last)
	}
}

// TestEventChangesDoctrine: an event changes how readily a side attacks and
// when it withdraws (a side's decision to go over to the defence or the
// offensive for a season), scaling what the trajectory had or setting it,
// from its day on; the front's decisions read the new values.
func TestEventChangesDoctrine(t *testing.T) {
	m := eventsModel(t, "iwo-jima.yaml", `
  - id: defence
    day: 3
    scale:
      theatres.iwo.b.attack_above: 4
    set:
      theatres.iwo.a.withdraw_attrition: 0.05
      theatres.iwo.a.withdraw_supply_below: 0.2
`)
	w := NewWorld(m)
	w.Trace(true)
	w.Reset(eventKey(0))
	var before float64
	for w.Day <= 3 {
		if w.Day == 3 {
			before = w.th[0].fp.attackAbove[1]
		}
		w.Step()
	}
	fp := &w.th[0].fp
	if before <= 0 {
		t.Fatalf("attack_above %g before the event: the test needs a positive one", before)
	}
	if fp.attackAbove[1] != 4*before || fp.withdrawAttrition[0] != 0.05 || fp.withdrawSupplyMin[0] != 0.2 {
		t.Errorf("after the event: attack_above %g (was %g, want ×4), withdraw_attrition %g, withdraw_supply_below %g; want 0.05, 0.2",
			fp.attackAbove[1], before, fp.withdrawAttrition[0], fp.withdrawSupplyMin[0])
	}
	if q := 0.5 * before; fp.attackChance(1, q) >= 1/(1+math.Pow(before/q, attackSharpness)) {
		t.Errorf("at the ratio %g the side attacks with probability %g after the event, no less than before", q, fp.attackChance(1, q))
	}
	last := w.Events()[len(w.Events())-1].Text
	if !strings.Contains(last, "theatres.iwo.b.attack_above") || !strings.Contains(last, "theatres.iwo.a.withdraw_attrition") {
		t.Errorf("trace: %q", last)
	}
}

// TestEventConditions: each kind of condition holds exactly when its state
// does, and an event with once: false fires on each rising edge only.
func TestEventConditions(t *testing.T) {
	m := eventsModel(t, "iwo-jima.yaml", `
  - id: rung
    when: {rung: {relation: USA-JPN, actor: JPN, at_least: 1}}
    add: {actor: JPN, category: troops, storage: 1}
  - id: rung-any
    when: {rung: {actor: USA, at_least: 1}}
    add: {actor: JPN, category: troops, storage: 10}
  - id: territory
    when: {territory: {theatre: iwo, above: 0.6}}
    once: false
    add: {actor: JPN, category: troops, storage: 100}
  - id: nuclear
    when: {nuclear_use: true, territory: {theatre: iwo, below: 0.5}}
    add: {actor: JPN, category: troops, storage: 1000}
`)
	w := NewWorld(m)
	w.Reset(eventKey(0))
	step := func() float64 { // one check at an epoch, on the state as set
		before := w.fo[1].storage
		eventMechanism{}.Step(w)
		return w.fo[1].storage - before
	}
	if got := step(); got != 0 {
		t.Fatalf("nothing holds at the start, but storage grew by %g", got)
	}
	w.rel[0].rung[0] = 1 // USA climbs: rung-any holds, rung (JPN's side) does not
	if got := step(); got != 10 {
		t.Errorf("USA at rung 1: storage grew by %g, want 10 (rung-any only)", got)
	}
	w.rel[0].rung[1] = 1
	if got := step(); got != 1 {
		t.Errorf("JPN at rung 1: storage grew by %g, want 1 (rung; rung-any has fired)", got)
	}
	w.th[0].territory = 0.7
	if got := step(); got != 100 {
		t.Errorf("territory 0.7: storage grew by %g, want 100", got)
	}
	if got := step(); got != 0 {
		t.Errorf("territory still 0.7: storage grew by %g, want 0 (fires on the rising edge only)", got)
	}
	w.th[0].territory = 0.4
	if got := step(); got != 0 {
		t.Errorf("territory 0.4 without nuclear use: storage grew by %g, want 0", got)
	}
	w.Out.NuclearUse = true
	if got := step(); got != 1000 {
		t.Errorf("territory 0.4 after a nuclear use: storage grew by %g, want 1000", got)
	}
	w.th[0].territory = 0.65
	if got := step(); got != 100 {
		t.Errorf("territory back above 0.6: storage grew by %g, want 100 (once: false)", got)
	}
	w.Day = 3 // not a decision epoch: nothing is checked
	w.th[0].territory = 0.1
	step()
	w.th[0].territory = 0.9
	if got := step(); got != 0 {
		t.Errorf("off an epoch: storage grew by %g, want 0", got)
	}
}

// TestEventUnless: a dated event with unless: conditions fires on its day
// when none holds; when one holds on that day it is skipped for good (the
// trace names the condition) and does not fire later once it no longer holds;
// a triggered event fires only while none of its unless: holds, and does
// when the blocking condition lifts with its own condition still holding.
func TestEventUnless(t *testing.T) {
	m := eventsModel(t, "iwo-jima.yaml", `
  - id: gated
    day: 10
    unless: [{nuclear_use: true}, {direct_war: true, territory: {theatre: iwo, below: 0.99}}]
    add: {actor: JPN, category: troops, storage: 500}
  - id: gated-when
    when: {territory: {theatre: iwo, above: 0.6}}
    unless: [{nuclear_use: true}]
    add: {actor: JPN, category: troops, storage: 7}
`)
	w := NewWorld(m)
	w.Trace(true)
	for _, c := range []struct {
		name           string
		nuclear, war   bool
		lift           bool    // the condition stops holding before the event's day has passed
		want           float64 // the Japanese storage on day 20
		wantTraceMatch string  // the trace's line of day 10
	}{
		{"nothing holds", false, false, false, 500, "event gated: JPN troops +500 in storage"},
		{"a nuclear use", true, false, false, 0, "event gated does not fire: a nuclear weapon has been used (its unless[0])"},
		{"direct war (the front below 0.99)", false, true, false, 0, "event gated does not fire: USA's side holds less than 99 % of iwo and the alliances are at war (its unless[1])"},
		{"skipped for good", true, false, true, 0, "event gated does not fire: a nuclear weapon has been used (its unless[0])"},
	} {
		w.Reset(eventKey(0))
		w.Out.NuclearUse, w.Out.DirectWar = c.nuclear, c.war
		for w.Day < 20 && !w.done {
			if c.lift && w.Day == 11 {
				w.Out.NuclearUse = false
			}
			w.eventStepOnly() // the events alone: nothing else moves the Japanese storage
			w.Day++
		}
		if got := w.fo[1].storage; got != c.want {
			t.Errorf("%s: Japanese storage %g on day 20, want %g", c.name, got, c.want)
		}
		found := false
		for _, e := range w.Events() {
			found = found || e.Day == 10 && strings.Contains(e.Text, c.wantTraceMatch)
		}
		if !found {
			t.Errorf("%s: no trace line %q on day 10: %v", c.name, c.wantTraceMatch, w.Events())
		}
	}
	// The triggered event, checked at epochs on the state as set.
	w.Reset(eventKey(1))
	w.Day = 0
	step := func() float64 {
		before := w.fo[1].storage
		w.eventStepOnly()
		return w.fo[1].storage - before
	}
	w.th[0].territory, w.Out.NuclearUse = 0.7, true
	if got := step(); got != 0 {
		t.Errorf("territory 0.7 after a nuclear use: storage grew by %g, want 0 (unless holds)", got)
	}
	w.Out.NuclearUse = false
	if got := step(); got != 7 {
		t.Errorf("territory 0.7, the unless lifted: storage grew by %g, want 7", got)
	}
}

// TestEventWorldActions: a sanctions package and an accession change the
// world's live state on their day (testdata/world.yaml).
func TestEventWorldActions(t *testing.T) {
	m := eventsModel(t, "world.yaml", `
events:
  - id: package
    day: 49
    sanctions: {join: [P], depth: 0.8}
    accession: {actor: S, alliance: A}
`)
	w := NewWorld(m)
	w.Trace(true)
	w.Reset(eventKey(1))
	p, s := m.ActorIndex("P"), m.ActorIndex("S")
	var cut0 float64
	for w.Day < 49 {
		w.Step()
		cut0 = w.ws.sanc.cutOf[m.ActorIndex("M")]
	}
	if w.ws.sec[s].joined >= 0 {
		t.Skip("S joined A of itself before the event in this trajectory")
	}
	w.Step()
	sn := &w.ws.sanc
	if !sn.member[p] || sn.depth != 0.8 || !(sn.cutOf[m.ActorIndex("M")] > cut0) {
		t.Errorf("after the package: P member %v, depth %g, M's cut %g (was %g)", sn.member[p], sn.depth, sn.cutOf[m.ActorIndex("M")], cut0)
	}
	if !w.ws.member[s*len(m.W.alliances)] || w.Out.Joined[s] != 0 || w.Out.JoinDay[s] != 49 {
		t.Errorf("after the accession: member %v, joined %d on day %d", w.ws.member[s*len(m.W.alliances)], w.Out.Joined[s], w.Out.JoinDay[s])
	}
	found := false
	for _, e := range w.Events() {
		found = found || e.Day == 49 && strings.Contains(e.Text, "event package: sanctions on X:") && strings.Contains(e.Text, "S is admitted to A")
	}
	if !found {
		t.Errorf("no trace line for the package: %v", w.Events())
	}
}

// TestDefaultScenarioEvents: the default scenario's partial mobilisation moves
// 300 (thousand) Russian personnel from storage to service on 2022-09-21, and
// says so in the trace.
func TestDefaultScenarioEvents(t *testing.T) {
	sc, err := scenario.Builtin(scenario.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	rus, pers := m.ActorIndex("RUS"), -1
	for k, c := range m.Categories {
		if c == "personnel" {
			pers = k
		}
	}
	f := rus*len(m.Categories) + pers
	w := NewWorld(m)
	w.Trace(true)
	for k := range 20 {
		w.Reset(eventKey(k))
		for !w.done && w.Day < 209 {
			w.Step()
		}
		if w.done {
			continue
		}
		before := w.fo[f]
		n := len(w.Events())
		w.eventStepOnly()
		if d := w.fo[f].active - before.active; math.Abs(d-min(300, before.storage)) > 1e-9 || math.Abs(w.fo[f].storage-(before.storage-d)) > 1e-9 {
			t.Fatalf("trajectory %d: mobilisation moved %g in service, storage %g → %g", k, d, before.storage, w.fo[f].storage)
		}
		if len(w.Events()) != n+1 || !strings.Contains(w.Events()[n].Text, "event partial-mobilisation: RUS personnel: 300 mobilised") {
			t.Fatalf("trajectory %d: trace %v", k, w.Events()[n:])
		}
		return
	}
	t.Fatal("no trajectory of the default scenario reached 2022-09-21")
}

// eventStepOnly runs the events of the current turn alone (tests).
func (w *World) eventStepOnly() { eventMechanism{}.Step(w) }
