package sim

import (
	"math"
	"strings"
	"testing"
)

// sectored is front.yaml with its front in the sectors given (YAML flow
// lines) and the extra front fields.
func sectored(t *testing.T, sectors []string, extra string) *Model {
	t.Helper()
	return testdataModel(t, "front.yaml", func(text string) string {
		add := "      attacker_losses: 1\n      sectors:\n"
		for _, s := range sectors {
			add += "        - " + s + "\n"
		}
		return strings.Replace(text, "      attacker_losses: 1\n", add+extra, 1)
	})
}

// With equal widths and no concentration (φ = 0) the sectors reproduce the
// single front's closed form (front_test.go, TestFrontAtConstantRatio): every
// sector's local ratio is the theatre's q = 1, side a attacks in all of them
// at v_max/2, and the territory grows by 0.0005 a day, exactly.
func TestSectorsReproduceTheSingleFront(t *testing.T) {
	m := sectored(t, []string{
		"{id: s1, width: 0.25, held: 0.3}", "{id: s2, width: 0.25, held: 0.3}",
		"{id: s3, width: 0.25, held: 0.3}", "{id: s4, width: 0.25, held: 0.3}",
	}, "      main_effort: 0\n")
	w := NewWorld(m)
	for k := range 5 {
		w.Reset(eventKey(k))
		out := w.Run()
		want := 0.3 + 0.0005*float64(out.Days)
		if out.Days != 200 || math.Abs(out.Territory[0]-want) > 1e-9 {
			t.Fatalf("trajectory %d: territory %.9f after %d days, want %.9f (200 days)", k, out.Territory[0], out.Days, want)
		}
		for i, h := range w.th[0].sec.held[:4] {
			if math.Abs(h-want) > 1e-9 {
				t.Errorf("trajectory %d: sector %d held %.9f, want %.9f", k, i, h, want)
			}
		}
	}
}

// The theatre's territory is Σ width·held at every step, each held share in
// [0, 1], on unequal sectors where both sides attack, concentrate, withdraw,
// dig in, outrun their supply and break through; and an event's territory
// set from outside moves the sectors with it.
func TestTerritoryIsTheSectorsSum(t *testing.T) {
	m := testdataModel(t, "front.yaml", func(text string) string {
		text = strings.Replace(text, "      attacker_losses: 1\n", `      attacker_losses: 1.5
      sectors:
        - {id: north, width: 0.5, held: 0.2}
        - {id: east, width: 0.3, held: 0.4}
        - {id: south, width: 0.2, held: 0.4}
      main_effort: 0.5
      reserve_days: 14
      posture_days: 14
      compaction: 1
      compaction_from: furthest
`, 1)
		for _, r := range [][2]string{
			{"      fortification: 0\n", "      fortification: 1\n      fortification_days: 20\n      fortified_at_start: 0\n"},
			{"      supply_reach: 0\n", "      supply_reach: 0.1\n      supply_catch_up_days: 30\n"},
			{"      fatigue_days: 0\n", "      fatigue_days: 60\n"},
			{"      recovery_days: 0\n", "      recovery_days: 20\n"},
			{"      breakthrough_per_year: 0\n", "      breakthrough_per_year: 6\n"},
			{"      quiet_intensity: 1\n", "      quiet_intensity: 0.3\n"},
			{"front_speed: 0.001", "front_speed: 0.01"},
			{"attrition: {units: 0}, capitulate_below: 0, attack_above: 1e-9}", "attrition: {units: 0.0002}, capitulate_below: 0, attack_above: 0.8, withdraw_supply_below: 0.6}"},
			{"attrition: {units: 0}, capitulate_below: 0, attack_above: 1e9, withdraw_attrition: 1}", "attrition: {units: 0.0002}, capitulate_below: 0, attack_above: 0.4, withdraw_attrition: 0.0001}"},
		} {
			if !strings.Contains(text, r[0]) {
				t.Fatalf("front.yaml has no %q", r[0])
			}
			text = strings.Replace(text, r[0], r[1], 1)
		}
		return text
	})
	w := NewWorld(m)
	moved, attacks := 0, [2]int{}
	for k := range 20 {
		w.Reset(eventKey(100 + k))
		ts := &w.th[0]
		for !w.done && w.Day < m.Scenario.HorizonDays {
			w.Step()
			if w.Day == 100 {
				ts.territory = 0.6 // as an event's set would
				w.moveFront(0)
			}
			sf := ts.sec
			var sum float64
			for i := range sf.n {
				if h := sf.held[i]; !(h >= 0 && h <= 1) {
					t.Fatalf("trajectory %d, day %d: sector %d held %g", k, w.Day, i, h)
				}
				sum += sf.width[i] * sf.held[i]
			}
			if math.Abs(sum-ts.territory) > 1e-12 {
				t.Fatalf("trajectory %d, day %d: territory %.15f, Σ width·held %.15f", k, w.Day, ts.territory, sum)
			}
			for s := range 2 {
				if ts.front.posture[s] == postureAttack {
					attacks[s]++
				}
			}
		}
		if ts.territory != 0.6 {
			moved++
		}
	}
	if moved == 0 || attacks[0] == 0 || attacks[1] == 0 {
		t.Errorf("the test front is too quiet: moved in %d of 20 trajectories, days of attack %v", moved, attacks)
	}
}

// An attacker's concentration φ at its main effort m of width w gives it
// there a local ratio (w + φ)/((1 + φ)·w) times the theatre's, and 1/(1 + φ)
// times it elsewhere, while the defender's power is still spread by width:
// with four sectors of 0.25 and φ = 0.5, 2 and 2/3 for q = 1. It advances at
// v(2) in m; and the defender's reserves move toward the attacker's
// allocation by 1 − e^−Δt/τ_r a day.
func TestConcentrationGivesTheLocalRatio(t *testing.T) {
	m := sectored(t, []string{
		"{id: s1, width: 0.25, held: 0.3}", "{id: s2, width: 0.25, held: 0.3}",
		"{id: s3, width: 0.25, held: 0.3}", "{id: s4, width: 0.25, held: 0.3}",
	}, "      main_effort: 0.5\n      reserve_days: 20\n")
	w := NewWorld(m)
	w.Reset(eventKey(3))
	w.Step() // the first day: side a attacks, its main effort drawn
	ts := &w.th[0]
	sf := ts.sec
	main := sf.main[0]
	if ts.front.posture[0] != postureAttack || main < 0 {
		t.Fatalf("side a does not attack (posture %d, main effort %d)", ts.front.posture[0], main)
	}
	// Undo the day's move of the reserves, so the defender stands on its widths.
	for i := range sf.n {
		sf.alloc[1][i] = sf.width[i]
	}
	for i := range sf.n {
		want := 2.0 / 3
		if i == main {
			want = 2
		}
		if got := ts.localRatio(0, i); math.Abs(got-want) > 1e-12 {
			t.Errorf("sector %d (main effort %d): local ratio %g, want %g", i, main, got, want)
		}
	}
	h0 := sf.held[main]
	w.moveFront(0)
	if got, want := sf.held[main]-h0, AdvanceRate(0.001, 2, 2)*w.dt; math.Abs(got-want) > 1e-15 {
		t.Errorf("the main effort advanced %.6g in a day, want v_max·4/5 = %.6g", got, want)
	}
	k := -math.Expm1(-w.dt / 20)
	for i := range sf.n {
		a := sf.concentrated(main, i)
		if got, want := sf.alloc[1][i], 0.25+(a-0.25)*k; math.Abs(got-want) > 1e-15 {
			t.Errorf("sector %d: the defender's share %.6g after a day, want %.6g", i, got, want)
		}
	}
}

// A front in sectors allocates nothing per turn: a whole trajectory of the
// sectored front.yaml, after the first, allocates nothing.
func TestSectorsDoNotAllocate(t *testing.T) {
	m := sectored(t, []string{
		"{id: s1, width: 0.5, held: 0.2}", "{id: s2, width: 0.3, held: 0.4}", "{id: s3, width: 0.2, held: 0.4}",
	}, "      main_effort: 0.5\n")
	w := NewWorld(m)
	w.Reset(eventKey(1))
	w.Run()
	k := 0
	if a := testing.AllocsPerRun(20, func() {
		k++
		w.Reset(eventKey(k))
		w.Run()
	}); a != 0 {
		t.Errorf("%g allocations per trajectory, want 0", a)
	}
}
