package sim_test

import (
	"slices"
	"testing"

	"brink/sim"
)

func TestSeriesDays(t *testing.T) {
	for _, tc := range []struct {
		h    int
		want []int
	}{
		{1, []int{0, 1}},
		{14, []int{0, 7, 14}},
		{15, []int{0, 7, 14, 15}},
		{30, []int{0, 7, 14, 21, 28, 30}},
	} {
		if got := sim.SeriesDays(tc.h); !slices.Equal(got, tc.want) {
			t.Errorf("SeriesDays(%d) = %v, want %v", tc.h, got, tc.want)
		}
	}
	// About forty samples a horizon, a whole number of weeks apart.
	for h, every := range map[int]int{60: 7, 365: 7, 420: 14, 1096: 28, 3650: 91} {
		if got := sim.SeriesEvery(h); got != every {
			t.Errorf("SeriesEvery(%d) = %d, want %d", h, got, every)
		}
		if n := len(sim.SeriesDays(h)); h >= 280 && (n < 30 || n > 60) {
			t.Errorf("SeriesDays(%d) has %d days, want about 40", h, n)
		}
	}
}

// TestSeries: the series of a trajectory starts at the initial state, ends
// at the final one, is taken at the start of each sample day's turn (as the
// loss snapshots of RecordLossesAt), carries the final state forward after
// an early end, and never exceeds the highest rung reached.
func TestSeries(t *testing.T) {
	m := defaultModel(t)
	days := sim.SeriesDays(m.Scenario.HorizonDays)
	nf, nt := len(m.Actors)*len(m.Categories), len(m.Theatres)
	w := sim.NewWorld(m)
	snap := sim.NewWorld(m)
	snap.RecordLossesAt(days[:len(days)-1])
	early, full := 0, 0
	for k := range 40 {
		key := trajKey(9, k)
		w.Reset(key)
		o := w.Run()
		s := o.Series
		if !slices.Equal(s.Days, days) {
			t.Fatalf("Days = %v, want %v", s.Days, days)
		}
		if s.Rung[0] > int(o.Path[0]) {
			t.Errorf("trajectory %d: rung on day 0 is %d, above the starting rung %d", k, s.Rung[0], o.Path[0])
		}
		last := len(days) - 1
		if !slices.Equal(s.Territory[last*nt:], o.Territory) || !slices.Equal(s.Losses[last*nf:], o.Losses) {
			t.Errorf("trajectory %d: the last sample is not the final state", k)
		}
		for i := range days {
			if s.Rung[i] > o.HighestRung {
				t.Errorf("trajectory %d: rung %d on day %d above the highest, %d", k, s.Rung[i], days[i], o.HighestRung)
			}
			if i > 0 {
				for f := range nf {
					if s.Losses[i*nf+f] < s.Losses[(i-1)*nf+f] {
						t.Fatalf("trajectory %d: cumulative losses fall between days %d and %d", k, days[i-1], days[i])
					}
				}
			}
			if days[i] > o.Days {
				early++
				if s.Rung[i] != s.Rung[last] || !slices.Equal(s.Losses[i*nf:(i+1)*nf], o.Losses) ||
					!slices.Equal(s.Territory[i*nt:(i+1)*nt], o.Territory) {
					t.Errorf("trajectory %d, ended on day %d: day %d does not carry the final state forward", k, o.Days, days[i])
				}
			}
		}
		// The same samples as the loss snapshots, which are taken at the
		// start of the same turns.
		snap.Reset(key)
		snap.Run()
		for i := range days[:last] {
			lost, _ := snap.LossesAt(i)
			if lost == nil {
				continue
			}
			full++
			if !slices.Equal(lost, s.Losses[i*nf:(i+1)*nf]) {
				t.Errorf("trajectory %d, day %d: series losses differ from RecordLossesAt's", k, days[i])
			}
		}
	}
	if early == 0 || full == 0 {
		t.Errorf("test set-up: %d samples after an early end, %d compared with snapshots; want both > 0", early, full)
	}
}
