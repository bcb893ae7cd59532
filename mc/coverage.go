package mc

import "slices"

// CoverageSpread is how the coverage of a set of observations by their
// central 50 % and 80 % bands spreads when the model is calibrated by
// construction: simulated histories stand in for the record one at a time,
// seen through the same observation models and judged as the record is
// (simulation-based calibration: Cook, Gelman & Rubin 2006, "Validation of
// software for Bayesian models using posterior quantiles", JCGS
// 15:675–692; Talts et al. 2018, arXiv:1804.06788). The mean is about 50 %
// and 80 % by construction; the range is what correlation leaves of the
// points' evidence: the points of one history move together (a series'
// counts month after month, one front), so many points may judge the bands'
// width on a handful of independent ones, and a coverage inside [Lo, Hi]
// says nothing against it.
type CoverageSpread struct {
	Histories int     `json:"histories"`
	Mean50    float64 `json:"mean_50"`
	Lo50      float64 `json:"lo_50"` // 5th percentile over the histories
	Hi50      float64 `json:"hi_50"` // 95th percentile
	Mean80    float64 `json:"mean_80"`
	Lo80      float64 `json:"lo_80"`
	Hi80      float64 `json:"hi_80"`
	// Within80 is the share of the histories whose 80 % coverage lies in
	// [TargetLo80, TargetHi80]: how often a calibrated model meets that
	// acceptance window on these points.
	Within80 float64 `json:"within_80"`
}

// TargetLo80 and TargetHi80 bound the coverage of the 80 % bands that a
// validation commonly accepts as calibrated (70–90 %).
const TargetLo80, TargetHi80 = 0.7, 0.9

// WithinTarget80 reports whether an 80 % coverage c meets the acceptance
// window [TargetLo80, TargetHi80] (to rounding: 7 points of 10 do).
func WithinTarget80(c float64) bool { return c >= TargetLo80-1e-9 && c <= TargetHi80+1e-9 }

// SpreadOf is the CoverageSpread of the histories' shares inside the 50 %
// and 80 % bands, in50[h] and in80[h] for history h (both reordered).
func SpreadOf(in50, in80 []float64) CoverageSpread {
	s := CoverageSpread{Histories: len(in80)}
	for _, c := range in80 {
		if WithinTarget80(c) {
			s.Within80++
		}
	}
	s.Within80 /= float64(max(len(in80), 1))
	s.Mean50, s.Lo50, s.Hi50 = meanAndRange(in50)
	s.Mean80, s.Lo80, s.Hi80 = meanAndRange(in80)
	return s
}

// meanAndRange is the mean and the 5th and 95th percentiles of xs
// (sorted in place).
func meanAndRange(xs []float64) (mean, lo, hi float64) {
	slices.Sort(xs)
	for _, x := range xs {
		mean += x
	}
	return mean / float64(len(xs)), QuantileSorted(xs, 0.05), QuantileSorted(xs, 0.95)
}

// Verdict says whether the coverage c50, c80 of the record's points lies
// inside the range a calibrated model shows on the same points: above it
// the bands are too wide, below it at 80 % too narrow, below it at 50 %
// alone off-centre (the points between the 50 % and 80 % bands).
func (s CoverageSpread) Verdict(c50, c80 float64) string {
	switch {
	case c80 > s.Hi80 || c50 > s.Hi50:
		return "bands too wide for these points"
	case c80 < s.Lo80:
		return "bands too narrow for these points"
	case c50 < s.Lo50:
		return "off-centre: the points sit between the 50 % and 80 % bands"
	}
	return "consistent with calibrated bands"
}
