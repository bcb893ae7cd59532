package evidence

import (
	"slices"

	"brink/mc"
)

// calibrationHistories is how many trajectories stand in for history.
const calibrationHistories = 200

// coverageSpread is the mc.CoverageSpread of the record's value
// observations: it stands the first histories trajectories in for history:
// trajectory k's observation of value probe i is vals[k*np+i] (value[i]
// marks the value probes), placed among the other n − 1 trajectories'
// observations of it by its leave-one-out percentile (ties half, as
// mc.PIT), and its shares inside the 50 % and 80 % bands are counted.
// False if there are too few trajectories or no value probes.
func coverageSpread(vals []float64, n, np int, value []bool, histories int) (mc.CoverageSpread, bool) {
	var cols [][]float64 // each value probe's observations, sorted
	var idx []int
	for i := range np {
		if !value[i] {
			continue
		}
		col := make([]float64, n)
		for k := range n {
			col[k] = vals[k*np+i]
		}
		slices.Sort(col)
		cols, idx = append(cols, col), append(idx, i)
	}
	h := min(histories, n)
	if len(cols) == 0 || n < 3 || h < 2 {
		return mc.CoverageSpread{}, false
	}
	in50 := make([]float64, h)
	in80 := make([]float64, h)
	for k := range h {
		var c50, c80 int
		for j, col := range cols {
			y := vals[k*np+idx[j]]
			below, _ := slices.BinarySearch(col, y)
			equal := 0
			for b := below; b < n && col[b] == y; b++ {
				equal++
			}
			u := (float64(below) + 0.5*float64(equal-1)) / float64(n-1)
			if u >= 0.25 && u <= 0.75 {
				c50++
			}
			if u >= 0.1 && u <= 0.9 {
				c80++
			}
		}
		in50[k], in80[k] = float64(c50)/float64(len(cols)), float64(c80)/float64(len(cols))
	}
	return mc.SpreadOf(in50, in80), true
}
