package sim_test

import (
	"reflect"
	"slices"
	"testing"

	"brink/sim"
)

// Recording losses changes nothing of a trajectory, allocates nothing per
// trajectory, and gives cumulative losses that only grow, equal to the final
// ones at the horizon.
func TestRecordLossesAt(t *testing.T) {
	m := defaultModel(t)
	plain, rec := sim.NewWorld(m), sim.NewWorld(m)
	h := m.Scenario.HorizonDays
	days := []int{1, 30, 400, h}
	rec.RecordLossesAt(days)
	frozen := 0
	for k := range 40 {
		key := [32]byte{0x5a, byte(k)}
		plain.Reset(key)
		want := copyOutcome(plain.Run())
		rec.Reset(key)
		got := copyOutcome(rec.Run())
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("trajectory %d: recording changed the outcome:\n%+v\n%+v", k, want, got)
		}
		var prev []float64
		for i, d := range days {
			lost, atWar := rec.LossesAt(i)
			if got.Days < d {
				if lost != nil || atWar {
					t.Errorf("trajectory %d ended on day %d, yet has losses at day %d", k, got.Days, d)
				}
				continue
			}
			if lost == nil {
				t.Fatalf("trajectory %d (to day %d): no losses at day %d", k, got.Days, d)
			}
			for j := range lost {
				if prev != nil && lost[j] < prev[j] {
					t.Errorf("trajectory %d: losses[%d] fell from %g to %g by day %d", k, j, prev[j], lost[j], d)
				}
			}
			prev = slices.Clone(lost)
			if d == h {
				frozen++
				if !slices.Equal(lost, got.Losses) {
					t.Errorf("trajectory %d: losses at the horizon %v, final %v", k, lost, got.Losses)
				}
			}
		}
	}
	if frozen == 0 {
		t.Error("no trajectory reached the horizon")
	}
	if a := testing.AllocsPerRun(5, func() { rec.Reset([32]byte{1}); rec.Run() }); a != 0 {
		t.Errorf("%g allocations per recorded trajectory", a)
	}
}

// RunUntil stops where asked, with the losses recorded up to there those of
// the full run.
func TestRunUntil(t *testing.T) {
	m := defaultModel(t)
	full, cut := sim.NewWorld(m), sim.NewWorld(m)
	days := []int{10, 200}
	full.RecordLossesAt(days)
	cut.RecordLossesAt(days)
	for k := range 10 {
		key := [32]byte{0x77, byte(k)}
		full.Reset(key)
		full.Run()
		cut.Reset(key)
		cut.RunUntil(200)
		if cut.Day > 201 {
			t.Fatalf("RunUntil(200) went on to day %d", cut.Day)
		}
		for i := range days {
			a, wa := full.LossesAt(i)
			b, wb := cut.LossesAt(i)
			if !slices.Equal(a, b) || wa != wb {
				t.Errorf("trajectory %d, day %d: %v %v after Run, %v %v after RunUntil", k, days[i], a, wa, b, wb)
			}
		}
	}
}
