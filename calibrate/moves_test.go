package calibrate

import (
	"math"
	"slices"
	"testing"
	"time"
)

// territoryBands are the bands Simulate would make of trajectories' shares:
// paths[k][j] is trajectory k's share at date j.
func territoryBands(paths [][]float64) []Band {
	nd := len(paths[0])
	bands := make([]Band, nd)
	for j := range nd {
		v := make([]float64, len(paths))
		for k := range paths {
			v[k] = paths[k][j]
		}
		s := slices.Clone(v)
		slices.Sort(s)
		bands[j] = newBand(s)
		bands[j].paths = v
	}
	return bands
}

func territoryRecord(shares ...float64) *Observed {
	obs := &Observed{Series: []Series{{Actor: "RUS", Theatre: "ukraine"}}}
	row := make([]float64, len(shares))
	for j, y := range shares {
		obs.Dates = append(obs.Dates, time.Date(2022, time.Month(3+j), 1, 0, 0, 0, 0, time.UTC))
		row[j] = y
	}
	obs.Data, obs.Low, obs.High = [][]float64{row}, [][]float64{nil}, [][]float64{nil}
	return obs
}

// Trajectories that all stand still at the record's first share, against a
// record that moves: a point mass misses by |ln y − ln x| at the second date
// and at the move, so the score is the mean of 0 and the two misses.
func TestMoveScoreOfAFrozenPath(t *testing.T) {
	obs := territoryRecord(0.2, 0.17)
	b := territoryBands(slices.Repeat([][]float64{{0.2, 0.2}}, 5))
	got := Fit([][]Band{b}, obs, 5)
	miss := math.Log(0.2) - math.Log(0.17)
	want := (0 + miss + miss) / 3 // level at date 1, level at date 2, the move
	if math.Abs(got-want) > 1e-12 {
		t.Fatalf("Fit = %.15g, want %.15g", got, want)
	}
}

// Two sets of trajectories with the same shares at every date, one frozen
// (each trajectory keeps its level) and one in which each moves as the record
// does: the scores of the dates cannot tell them apart, the score of the
// moves prefers the one that moves like the record.
func TestMovesTellFrozenFromMovingPaths(t *testing.T) {
	const n = 70
	var frozen, moving [][]float64
	for k := range n {
		a := 0.15 + 0.001*float64(k)
		frozen = append(frozen, []float64{a, a, a})
		// Date 3 takes the level of trajectory k − 30 (cyclically): the
		// same set of shares, most of them 0.03 lower than at date 2.
		moving = append(moving, []float64{a, a, 0.15 + 0.001*float64((k-30+n)%n)})
	}
	obs := territoryRecord(0.2, 0.2, 0.17)
	fb, mb := territoryBands(frozen), territoryBands(moving)
	for j := range 3 {
		if !slices.Equal(fb[j].sorted, mb[j].sorted) {
			t.Fatalf("date %d: the two sets differ in their shares", j)
		}
	}
	f, m := Fit([][]Band{fb}, obs, n), Fit([][]Band{mb}, obs, n)
	if !(m < f-0.01) {
		t.Fatalf("Fit: frozen %.4f, moving %.4f: the moving paths should score better by the move's miss", f, m)
	}
	// Without the paths, only the dates are scored and the two are equal.
	for j := range 3 {
		fb[j].paths, mb[j].paths = nil, nil
	}
	if f, m := Fit([][]Band{fb}, obs, n), Fit([][]Band{mb}, obs, n); f != m {
		t.Fatalf("Fit of the dates alone: frozen %.6f, moving %.6f, want equal", f, m)
	}
}
