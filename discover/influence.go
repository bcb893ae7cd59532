package discover

// The influence of each assumption on the outcome, from the same rows:
// the assumption's values are cut into bins of equal counts (quintiles, or
// one bin per value when it takes five values or fewer), the outcome's rate
// in each bin is given with its 95 % Wilson interval, and the assumptions are
// ranked by Pearson's χ² statistic of homogeneity of the rate over the bins
// (a 2 × B table, B − 1 degrees of freedom):
//
//	χ² = Σ_b (k_b − n_b p̂)² / (n_b p̂ (1 − p̂)),   p̂ = Σ k_b / Σ n_b
//
// Its p-value is given as is and multiplied by the number of assumptions
// ranked (Bonferroni), since one looks at all of them; an assumption whose
// adjusted p-value is 0.05 or more cannot be told from noise with these rows.
// With fewer than five expected cases in a bin the χ² approximation is poor,
// and the ranking says so. A rate per bin shows the shape (rising, falling,
// peaked) that a single score hides; this is the regional sensitivity
// analysis of Spear & Hornberger (1980) in its binned form.

import (
	"math"
	"slices"

	"brink/mc"
)

// Bin is the outcome's rate over one bin of an assumption's values.
type Bin struct {
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Points int     `json:"points"`
	Hits   int     `json:"hits"`
	Rate   float64 `json:"rate"`
	RateLo float64 `json:"rate_lo"`
	RateHi float64 `json:"rate_hi"`
}

// Influence is an assumption's influence on the outcome.
type Influence struct {
	Param     string  `json:"param"`
	Column    string  `json:"column"`
	Bins      []Bin   `json:"bins"`
	ChiSquare float64 `json:"chi_square"`
	DF        int     `json:"df"`
	P         float64 `json:"p"`
	PAdjusted float64 `json:"p_adjusted"`
	// Ratio is the highest bin rate over the lowest (Inf as 0 in JSON when
	// the lowest is 0: see LowestZero).
	Ratio      float64 `json:"ratio"`
	LowestZero bool    `json:"lowest_zero,omitempty"`
	// Direction is "rises", "falls" or "mixed": how the rate goes from the
	// lowest bin to the highest.
	Direction string `json:"direction"`
	Noise     bool   `json:"noise"`
	FewCases  bool   `json:"few_cases,omitempty"`
}

// influence bins xj and measures the outcome's rate per bin.
func influence(xj []float64, y []bool, bins int) Influence {
	n := len(xj)
	vals := slices.Clone(xj)
	slices.Sort(vals)
	distinct := slices.Compact(slices.Clone(vals))
	var edges []float64 // upper edges of the bins but the last
	if len(distinct) <= bins {
		edges = distinct[:len(distinct)-1]
	} else {
		for b := 1; b < bins; b++ {
			e := vals[b*n/bins-1]
			if len(edges) == 0 || e > edges[len(edges)-1] {
				edges = append(edges, e)
			}
		}
	}
	nb := len(edges) + 1
	cnt, hit := make([]int, nb), make([]int, nb)
	lo, hi := make([]float64, nb), make([]float64, nb)
	for b := range nb {
		lo[b], hi[b] = math.Inf(1), math.Inf(-1)
	}
	total := 0
	for i, v := range xj {
		b, _ := slices.BinarySearch(edges, v)
		cnt[b]++
		lo[b], hi[b] = min(lo[b], v), max(hi[b], v)
		if y[i] {
			hit[b]++
			total++
		}
	}
	inf := Influence{}
	p := float64(total) / float64(n)
	minRate, maxRate := math.Inf(1), math.Inf(-1)
	for b := range nb {
		if cnt[b] == 0 {
			continue
		}
		r := float64(hit[b]) / float64(cnt[b])
		l, h := mc.Wilson(int64(hit[b]), int64(cnt[b]), mc.Z95)
		inf.Bins = append(inf.Bins, Bin{Lo: lo[b], Hi: hi[b], Points: cnt[b], Hits: hit[b], Rate: r, RateLo: l, RateHi: h})
		if p > 0 && p < 1 {
			e := float64(cnt[b]) * p
			inf.ChiSquare += (float64(hit[b]) - e) * (float64(hit[b]) - e) / (e * (1 - p))
			if e < 5 {
				inf.FewCases = true
			}
		}
		minRate, maxRate = min(minRate, r), max(maxRate, r)
	}
	inf.DF = len(inf.Bins) - 1
	inf.P = chiSquareUpper(inf.ChiSquare, inf.DF)
	if minRate > 0 {
		inf.Ratio = maxRate / minRate
	} else {
		inf.LowestZero = maxRate > 0
	}
	if len(inf.Bins) > 1 {
		first, last := inf.Bins[0].Rate, inf.Bins[len(inf.Bins)-1].Rate
		up, down := true, true
		for b := 1; b < len(inf.Bins); b++ {
			up = up && inf.Bins[b].Rate >= inf.Bins[b-1].Rate
			down = down && inf.Bins[b].Rate <= inf.Bins[b-1].Rate
		}
		switch {
		case up && last > first:
			inf.Direction = "rises"
		case down && last < first:
			inf.Direction = "falls"
		case last > first:
			inf.Direction = "rises, unevenly"
		case last < first:
			inf.Direction = "falls, unevenly"
		default:
			inf.Direction = "flat"
		}
	}
	return inf
}
