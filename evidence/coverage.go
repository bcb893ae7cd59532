package evidence

import (
	"slices"

	"brink/mc"
)

// CoverageSpread is how the coverage of a record's value observations by
// their central 50 % and 80 % bands spreads when the model is calibrated by
// construction: simulated trajectories stand in for history one at a time,
// their own simulated observations (through the same observation models)
// placed among the other trajectories' as the record's are (simulation-based
// calibration: Cook, Gelman & Rubin 2006, "Validation of software for
// Bayesian models using posterior quantiles", JCGS 15:675–692; Talts et al.
// 2018, arXiv:1804.06788). The mean is 50 % and 80 % by construction; the
// range is what correlation leaves of the points' evidence: the values of one
// history move together (a series' counts month after month, one front), so
// a record of 45 values may judge the bands' width on a handful of
// independent points, and a coverage inside [Lo, Hi] says nothing against it.
type CoverageSpread struct {
	Histories int     `json:"histories"`
	Mean50    float64 `json:"mean_50"`
	Lo50      float64 `json:"lo_50"` // 5th percentile over the histories
	Hi50      float64 `json:"hi_50"` // 95th percentile
	Mean80    float64 `json:"mean_80"`
	Lo80      float64 `json:"lo_80"`
	Hi80      float64 `json:"hi_80"`
}

// calibrationHistories is how many trajectories stand in for history.
const calibrationHistories = 200

// coverageSpread stands the first histories trajectories in for history:
// trajectory k's observation of value probe i is vals[k*np+i] (value[i]
// marks the value probes), placed among the other n − 1 trajectories'
// observations of it by its leave-one-out percentile (ties half, as
// mc.PIT), and its shares inside the 50 % and 80 % bands are counted.
// False if there are too few trajectories or no value probes.
func coverageSpread(vals []float64, n, np int, value []bool, histories int) (CoverageSpread, bool) {
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
		return CoverageSpread{}, false
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
	s := CoverageSpread{Histories: h}
	s.Mean50, s.Lo50, s.Hi50 = meanAndRange(in50)
	s.Mean80, s.Lo80, s.Hi80 = meanAndRange(in80)
	return s, true
}

// meanAndRange is the mean and the 5th and 95th percentiles of xs (sorted
// in place).
func meanAndRange(xs []float64) (mean, lo, hi float64) {
	slices.Sort(xs)
	for _, x := range xs {
		mean += x
	}
	return mean / float64(len(xs)), mc.QuantileSorted(xs, 0.05), mc.QuantileSorted(xs, 0.95)
}

// Verdict says whether the coverage c50, c80 of the record's values lies
// inside the range a calibrated model shows on the same points.
func (s CoverageSpread) Verdict(c50, c80 float64) string {
	wide := c50 > s.Hi50 || c80 > s.Hi80
	narrow := c50 < s.Lo50 || c80 < s.Lo80
	switch {
	case wide && !narrow:
		return "the bands are too wide for these points"
	case narrow && !wide:
		return "the bands are too narrow for these points"
	case wide && narrow:
		return "off-centre: the points sit between the 50 % and 80 % bands"
	}
	return "consistent with calibrated bands"
}
