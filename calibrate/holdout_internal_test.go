package calibrate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"brink/mc"
)

// visibilityDensity is a density: it integrates to one, and matches a
// Monte Carlo histogram of ln(u·e^(σz)).
func TestVisibilityDensity(t *testing.T) {
	v := Visibility{MinFraction: 0.6, SD: 0.1}
	var total float64
	const h = 1e-4
	for x := -2.0; x < 1; x += h {
		total += visibilityDensity(x, v) * h
	}
	if math.Abs(total-1) > 1e-3 {
		t.Errorf("density integrates to %.5f, want 1", total)
	}
	// P(ln f in [a, b]) against 10^6 draws of u and z.
	a, b := math.Log(0.7), math.Log(0.8)
	var want float64
	for x := a; x < b; x += h {
		want += visibilityDensity(x, v) * h
	}
	const n = 1_000_000
	in := 0
	for k := range n {
		if f := v.factor(k, 0); math.Log(f) >= a && math.Log(f) < b {
			in++
		}
	}
	got := float64(in) / n
	if se := math.Sqrt(want * (1 - want) / n); math.Abs(got-want) > 4*se+1e-4 {
		t.Errorf("P(0.7 <= f < 0.8): %.4f by sampling, %.4f by the density", got, want)
	}
}

// A band of equal weights has the unweighted quantiles' median, and its PIT
// counts ties half; weights move the quantiles toward the heavy values.
func TestWeightedBand(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3}
	b := newWeightedBand(xs, []float64{1, 1, 1, 1, 1})
	if b.Median != 3 || b.PIT(3) != 0.5 || b.PIT(0) != 0 || b.PIT(9) != 1 {
		t.Errorf("equal weights: median %g, PIT(3) %g, PIT(0) %g, PIT(9) %g", b.Median, b.PIT(3), b.PIT(0), b.PIT(9))
	}
	h := newWeightedBand(xs, []float64{10, 1, 1, 1, 1})
	if h.Median <= b.Median || h.P90 != 5 || math.Abs(h.PIT(4.5)-4.0/14) > 1e-12 {
		t.Errorf("heavy 5: median %g (want > 3), P90 %g (want 5), PIT(4.5) %g (want %g)", h.Median, h.P90, h.PIT(4.5), 4.0/14)
	}
}

// The weighted CRPS is the unweighted one (mc.CRPS) for equal weights, and
// a weight of 2 is a value drawn twice.
func TestWeightedCRPSLog(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3}
	z := []float64{0, math.Log(2), math.Log(3), math.Log(4), math.Log(5)}
	for _, y := range []float64{0.5, 2.5, 3, 9} {
		got := weightedCRPSLog(slices.Clone(xs), []float64{1, 1, 1, 1, 1}, y)
		if want := mc.CRPS(z, math.Log(y)); math.Abs(got-want) > 1e-12 {
			t.Errorf("y %g: equal weights %.15f, mc.CRPS %.15f", y, got, want)
		}
		dup := weightedCRPSLog([]float64{5, 1, 4, 2, 3, 4}, []float64{3, 3, 3, 3, 3, 3}, y)
		two := weightedCRPSLog(slices.Clone(xs), []float64{1, 1, 2, 1, 1}, y)
		if math.Abs(dup-two) > 1e-12 {
			t.Errorf("y %g: weight 2 %.15f, drawn twice %.15f", y, two, dup)
		}
	}
}

// The in-sample record recovers the drift of the counts' log error: counts
// made from one known truth with an AR(1) log error of sd σ and correlation
// time τ choose σ_d = σ and a τ on the grid near it, and a constant error
// (τ infinite) chooses no drift.
func TestChooseDrift(t *testing.T) {
	for _, tc := range []struct {
		tau      float64
		low, top float64
	}{{60, 30, 90}, {365, 180, 730}, {math.Inf(1), 730, math.Inf(1)}} {
		const n, nd, ns = 50, 48, 12
		start := time.Date(2022, 1, 31, 0, 0, 0, 0, time.UTC)
		obs := &Observed{}
		for j := range nd {
			obs.Dates = append(obs.Dates, start.AddDate(0, 0, 30*j))
		}
		vals := make([]float64, ns*nd*n)
		rng := rand.New(rand.NewPCG(1, uint64(tc.tau)))
		rho := math.Exp(-30 / tc.tau)
		for i := range ns {
			obs.Series = append(obs.Series, Series{Category: "tanks", Actor: fmt.Sprint(i)})
			row := make([]float64, nd)
			z := rng.NormFloat64()
			for j := range nd {
				truth := 100 * float64(j+1)
				row[j] = truth * 0.8 * math.Exp(0.1*z)
				z = rho*z + math.Sqrt(1-rho*rho)*rng.NormFloat64()
				for k := range n {
					vals[(i*nd+j)*n+k] = truth
				}
			}
			obs.Data = append(obs.Data, row)
		}
		h := &heldModel{obs: obs, vals: vals, n: n, nd: nd, opt: Visibility{MinFraction: 0.6, SD: 0.1}}
		sd, got, scores := h.chooseDrift(obs.Dates[nd-1])
		t.Logf("τ %g: chose σ_d %g, τ %g; mean CRPS by τ %v and σ_d/σ %v: %.5f", tc.tau, sd, got, errorDaysGrid, driftShares, scores)
		if got < tc.low || got > tc.top || (!math.IsInf(got, 1) && sd != 0.1) {
			t.Errorf("τ %g: chose σ_d %g, τ %g, want 0.1 and τ %g to %g", tc.tau, sd, got, tc.low, tc.top)
		}
	}
}

// The reference of calibratedCounts is calibrated by construction: over
// its simulated histories the mean coverage of the 50 % and 80 % bands is
// 50 % and 80 % for counts and for territory, so a forecast that left out
// part of an observation model (the territory error, the drift of a count's
// log error) would fail here. The model: two count series whose daily rate
// varies by trajectory and drifts, one territory share on a random walk,
// nine monthly dates, the split after the fourth.
func TestCalibratedCoverageIsCalibrated(t *testing.T) {
	const n, nd = 3000, 9
	start := time.Date(2023, 1, 31, 0, 0, 0, 0, time.UTC)
	obs := &Observed{Series: []Series{{Category: "tanks", Actor: "RUS"}, {Category: "afv", Actor: "UKR"}, {Actor: "RUS", Theatre: "ukraine"}}}
	for j := range nd {
		obs.Dates = append(obs.Dates, start.AddDate(0, j, 0))
	}
	ns := len(obs.Series)
	obs.Data, obs.Low, obs.High = make([][]float64, ns), make([][]float64, ns), make([][]float64, ns)
	for i := range ns {
		obs.Data[i], obs.Low[i], obs.High[i] = make([]float64, nd), make([]float64, nd), make([]float64, nd)
		for j := range nd {
			obs.Data[i][j] = 1 // only the layout (and the territory ranges) matter
			obs.Low[i][j], obs.High[i][j] = 0.17, 0.18
		}
	}
	obs.Data[1][2] = math.NaN() // a missing point is kept missing
	vals := make([]float64, ns*nd*n)
	r := rand.New(rand.NewPCG(1, 2))
	for k := range n {
		for i := range 2 {
			rate, total := 10*math.Exp(0.3*r.NormFloat64()), 0.0
			for j := range nd {
				total += 30 * rate
				rate *= math.Exp(0.2 * r.NormFloat64())
				vals[(i*nd+j)*n+k] = total
			}
		}
		x := 0.17
		for j := range nd {
			x += 0.004 * r.NormFloat64()
			vals[(2*nd+j)*n+k] = x
		}
	}
	h := &heldModel{obs: obs, vals: vals, n: n, nd: nd, opt: Visibility{MinFraction: 0.6, SD: 0.1, DriftSD: 0.075, ErrorDays: 180}}
	last := []int{3, 3, 3}
	cov := []Coverage{{Group: "RUS"}, {Group: "UKR"}, {Group: "territory"}, {Group: "all"}}
	setCalibrated(cov, h.calibratedCounts(last, obs.Series, time.Time{}), obs.Series)
	for g := range cov {
		c := cov[g].Calibrated
		t.Logf("%-9s %d histories: 50 %% band %.3f [%.2f-%.2f], 80 %% band %.3f [%.2f-%.2f]", cov[g].Group, c.Histories, c.Mean50, c.Lo50, c.Hi50, c.Mean80, c.Lo80, c.Hi80)
		if c.Histories != calibratedHistories {
			t.Errorf("%s: %d histories, want %d", cov[g].Group, c.Histories, calibratedHistories)
		}
		// 200 histories of 5 correlated points: the mean's standard error is
		// about 0.02 for the 80 % band and 0.025 for the 50 % band.
		if math.Abs(c.Mean80-0.8) > 0.06 || math.Abs(c.Mean50-0.5) > 0.075 {
			t.Errorf("%s: mean coverage %.3f and %.3f of calibrated histories, want 0.5 and 0.8", cov[g].Group, c.Mean50, c.Mean80)
		}
		if !(c.Lo80 <= c.Mean80 && c.Mean80 <= c.Hi80 && c.Lo50 <= c.Mean50 && c.Mean50 <= c.Hi50) {
			t.Errorf("%s: range does not hold its mean", cov[g].Group)
		}
	}
}

// jointWithin80 asks the window of every side and category at once and
// leaves out "all", territory and groups without held-back points.
func TestJointWithin80(t *testing.T) {
	groups := []string{"RUS", "UKR", "tanks", "territory", "all"}
	h := func(n, in80 []int) historyCounts { return historyCounts{N: n, In50: make([]int, len(n)), In80: in80} }
	counts := []historyCounts{
		h([]int{10, 10, 10, 4, 24}, []int{8, 7, 9, 0, 24}),  // every loss group in the window: territory and all do not count
		h([]int{10, 10, 10, 4, 24}, []int{8, 10, 9, 4, 24}), // UKR at 100 %
		h([]int{10, 10, 0, 4, 24}, []int{8, 8, 0, 4, 20}),   // no tanks points: not asked
		h([]int{10, 10, 10, 4, 24}, []int{6, 8, 8, 4, 20}),  // RUS at 60 %
	}
	if got, want := jointWithin80(counts, groups), 0.5; got != want {
		t.Errorf("jointWithin80 = %g, want %g", got, want)
	}
	if got := jointWithin80(nil, groups); got != 0 {
		t.Errorf("no histories: %g, want 0", got)
	}
}
