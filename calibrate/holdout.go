package calibrate

import (
	"cmp"
	"context"
	"math"
	"slices"
	"time"

	"brink/mc"
	"brink/scenario"
)

// Held-back validation: a scenario fitted to the record through a date is
// run on, and each later observation is placed in its forecast distribution
// by its PIT (the share of simulated values below it). A forecast whose
// bands are as wide as the evidence says covers about half the held-back
// points with its 50 % band and four in five with its 80 % band, and its PITs
// are spread evenly over [0, 1] (Gneiting, Balabdaoui & Raftery 2007,
// "Probabilistic forecasts, calibration and sharpness", JRSS B 69:243–268).

// HeldRow is one observation: the forecast band at its date and where the
// observation falls in it. A held-back row's Band is the forecast given the
// record at the split (see HeldOut); Prior is the forecast without it, the
// fan chart brink run draws.
type HeldRow struct {
	Date   time.Time
	Series Series
	Data   float64
	Band
	PIT        float64
	In50, In80 bool
	InSample   bool // on or before the split: fitted, not held back
	Prior      Band
	PriorPIT   float64
}

// Coverage counts the held-back points of a group inside the 50 % and 80 %
// bands, given the record at the split and (Prior…) without it.
type Coverage struct {
	Group            string // "RUS", "UKR", a category, "territory" or "all"
	N, In50, In80    int
	MeanPIT          float64
	Share50, Share80 float64

	Prior50, Prior80, PriorMeanPIT float64
	ESS                            float64 // the least effective number of trajectories, (Σw)²/Σw², of the group's series given their records
	DriftSD, ErrorDays             float64 // the sd and correlation time of the drifting part of the counts' log error the forecast used (chosen in sample unless set)

	// Calibrated is the coverage a calibrated forecast shows on the same
	// points (HeldOut: simulated histories forecast as the record is);
	// zero where it was not worked out (CoverageOf, RollingOrigins).
	Calibrated mc.CoverageSpread
	// JointWithin80, on the group "all" alone, is the share of those
	// histories whose 80 % coverage meets mc's acceptance window for every
	// side and every category of losses at once (jointWithin80).
	JointWithin80 float64
}

// HeldOut runs sc on the dates of obs and returns a row for every
// observation, marked in-sample on or before split, and the coverage of the
// held-back rows by side (losses), by category and for territory.
//
// A forecast made at the split knows the record up to it, so each held-back
// point is forecast given the last in-sample point of its series: each
// trajectory is weighted by the likelihood of that point (importance
// weights; Gelman et al. 2013, Bayesian Data Analysis, ch. 10), under the
// observation models of the fit: a loss count is true × f with f = u·e^(σz)
// (opt.Observe), u fixed per trajectory and series, so given the count y0 at
// the split a trajectory with true losses T0 has f = y0/T0, weight p_f(y0/T0)
// (visibilityDensity), and forecasts y0·T/T0·e^(e_t − e_0) later, the
// drifting part of the log error an AR(1) in time (forecast); its sd and
// correlation time are opt.Observe's DriftSD and ErrorDays or, with
// ErrorDays 0, chosen from the record through split (chooseDrift). A
// territory share is the simulated share, weighted by a normal density
// centred on the point with its published range as ±1 sd (judgement), and
// forecasts the published share: the simulated share plus an error of the
// same law. The unconditioned forecast is kept as Prior.
func HeldOut(ctx context.Context, sc *scenario.Scenario, obs *Observed, split time.Time, opt Options) ([]HeldRow, []Coverage, error) {
	rows, cov, _, err := heldOut(ctx, sc, obs, split, time.Time{}, opt)
	return rows, cov, err
}

// heldOut is HeldOut, with the simulated histories' counts of
// calibratedCoverage for the held-back points on or before until (all of
// them if until is zero), which RollingOrigins pools.
func heldOut(ctx context.Context, sc *scenario.Scenario, obs *Observed, split, until time.Time, opt Options) ([]HeldRow, []Coverage, []historyCounts, error) {
	n, ns, nd := opt.N, len(obs.Series), len(obs.Dates)
	truth := opt
	truth.Observe = Visibility{}
	vals, err := simulate(ctx, sc, obs.Dates, obs.Series, truth)
	if err != nil {
		return nil, nil, nil, err
	}
	h := &heldModel{obs: obs, vals: vals, n: n, nd: nd, opt: opt.Observe}
	if h.opt.ErrorDays == 0 {
		h.opt.DriftSD, h.opt.ErrorDays, _ = h.chooseDrift(split)
	}
	// The last in-sample date of each series and, for each series, the
	// trajectories' weights given its point there.
	last := make([]int, ns)
	w := make([][]float64, ns)
	ess := make([]float64, ns)
	for i := range obs.Series {
		last[i] = -1
		for j, d := range obs.Dates {
			if !d.After(split) && !math.IsNaN(obs.Data[i][j]) {
				last[i] = j
			}
		}
		if last[i] >= 0 {
			w[i], ess[i] = h.weights(i, last[i], h.obs.Data[i][last[i]], -1)
		}
	}
	var rows []HeldRow
	xs := make([]float64, 0, n)
	ws := make([]float64, 0, n)
	for j, d := range obs.Dates {
		for i, s := range obs.Series {
			y := obs.Data[i][j]
			if math.IsNaN(y) {
				continue
			}
			// The forecast without the record: what the fit's fan chart shows.
			xs = xs[:0]
			for k := range n {
				x := h.at(i, j, k)
				if s.Theatre == "" && !math.IsNaN(x) {
					x *= opt.Observe.factor(k, i)
				}
				if !math.IsNaN(x) {
					xs = append(xs, x)
				}
			}
			prior := newBand(slices.Sorted(slices.Values(xs)))
			r := HeldRow{Date: d, Series: s, Data: y, Band: prior, Prior: prior, PriorPIT: prior.PIT(y), InSample: !d.After(split)}
			if !r.InSample && last[i] >= 0 {
				xs, ws = h.forecast(i, last[i], j, h.obs.Data[i][last[i]], w[i], xs[:0], ws[:0])
				r.Band = newWeightedBand(xs, ws)
			}
			r.PIT = r.Band.PIT(y)
			r.In50, r.In80 = r.P25 <= y && y <= r.P75, r.P10 <= y && y <= r.P90
			rows = append(rows, r)
		}
	}
	cov := CoverageOf(rows, obs.Series)
	for g := range cov {
		c := &cov[g]
		c.ESS = math.Inf(1)
		for i, s := range obs.Series {
			if last[i] >= 0 && inGroup(s, c.Group) {
				c.ESS = min(c.ESS, ess[i])
			}
		}
		c.DriftSD, c.ErrorDays = h.opt.driftSD(), h.opt.ErrorDays
	}
	counts := h.calibratedCounts(last, obs.Series, until)
	setCalibrated(cov, counts, obs.Series)
	return rows, cov, counts, nil
}

// calibratedHistories is how many simulated trajectories stand in for the
// record, one at a time, in calibratedCoverage.
const calibratedHistories = 200

// calibratedCounts is, for each group of coverageGroups(series), how the
// coverage of its held-back points (those on or before until, if it is not
// zero) spreads under a forecast that is calibrated by
// construction (simulation-based calibration: Cook, Gelman & Rubin 2006,
// "Validation of software for Bayesian models using posterior quantiles",
// JCGS 15:675–692; Talts et al. 2018, arXiv:1804.06788). Up to
// calibratedHistories trajectories with a value at every point of the
// record stand in for history in turn: a count is seen through the
// observation model (true × u·e^(c + d_t): u uniform in [m, 1], c constant
// with sd √(σ² − σ_d²), d_t the AR(1) drift of HeldOut's forecast), a
// territory share with the record's error (normal, its range as ±1 sd).
// The other trajectories forecast its held-back points given its last
// in-sample points exactly as HeldOut forecasts the record's, and the
// points inside the bands are counted by group, one historyCounts per
// stand-in. last is the last in-sample date of each series (the record's
// layout, which the stand-ins keep).
func (h *heldModel) calibratedCounts(last []int, series []Series, until time.Time) []historyCounts {
	groups := coverageGroups(series)
	ns, nd := len(h.obs.Series), h.nd
	// Trajectories with a value wherever the record has one: still at
	// war at its last date, as history was.
	var truths []int
	for k := range h.n {
		ok := true
		for i := 0; i < ns && ok; i++ {
			for j := range nd {
				if !math.IsNaN(h.obs.Data[i][j]) && math.IsNaN(h.at(i, j, k)) {
					ok = false
					break
				}
			}
		}
		if ok {
			truths = append(truths, k)
		}
	}
	if len(truths) < 2 {
		return nil
	}
	// The first of them: under two fits drawn from the same random numbers,
	// trajectory k is mostly the same world (RollingOrigins pools them).
	truths = truths[:min(len(truths), calibratedHistories)]
	var out []historyCounts
	y := make([][]float64, ns)
	for i := range y {
		y[i] = make([]float64, nd)
	}
	var xs, ws []float64
	drift, whole := h.opt.driftSD(), h.opt.SD
	fixed := math.Sqrt(max(whole*whole-drift*drift, 0))
	for _, kt := range truths {
		// The stand-in's record.
		for i, s := range h.obs.Series {
			tag := uint64(kt)<<20 | uint64(i)<<12 | 1<<11
			u := 1.0
			if m := h.opt.MinFraction; m > 0 {
				u = m + (1-m)*unit(tag)
			}
			c := fixed * normal(tag|1)
			d, prev := 0.0, time.Time{}
			for j := range nd {
				y[i][j] = math.NaN()
				if math.IsNaN(h.obs.Data[i][j]) {
					continue
				}
				x := h.at(i, j, kt)
				if s.Theatre != "" {
					sd := max((h.obs.High[i][j]-h.obs.Low[i][j])/2, 1e-3)
					y[i][j] = x + sd*normal(tag|uint64(j)<<1)
					continue
				}
				z := normal(tag | uint64(j)<<1 | 1)
				if prev.IsZero() {
					d = drift * z
				} else {
					rho := math.Exp(-h.obs.Dates[j].Sub(prev).Hours() / 24 / h.opt.errorDays())
					d = rho*d + math.Sqrt(1-rho*rho)*drift*z
				}
				prev = h.obs.Dates[j]
				y[i][j] = x * u * math.Exp(c+d)
			}
		}
		// Its held-back points forecast by the others, counted by group.
		hc := historyCounts{N: make([]int, len(groups)), In50: make([]int, len(groups)), In80: make([]int, len(groups))}
		for i, s := range h.obs.Series {
			if last[i] < 0 {
				continue
			}
			y0 := y[i][last[i]]
			w, _ := h.weights(i, last[i], y0, kt)
			for j := last[i] + 1; j < nd; j++ {
				if math.IsNaN(y[i][j]) || !until.IsZero() && h.obs.Dates[j].After(until) {
					continue
				}
				xs, ws = h.forecast(i, last[i], j, y0, w, xs[:0], ws[:0])
				if len(xs) == 0 {
					continue
				}
				b := newWeightedBand(xs, ws)
				for g, name := range groups {
					if inGroup(s, name) {
						hc.N[g]++
						hc.In50[g] += b2i(b.P25 <= y[i][j] && y[i][j] <= b.P75)
						hc.In80[g] += b2i(b.P10 <= y[i][j] && y[i][j] <= b.P90)
					}
				}
			}
		}
		out = append(out, hc)
	}
	return out
}

// historyCounts are one simulated history's held-back points and how many
// of them fall inside their 50 % and 80 % bands, by group of
// coverageGroups.
type historyCounts struct{ N, In50, In80 []int }

// add adds o's counts to c's (the same groups): one history forecast from
// several origins.
func (c historyCounts) add(o historyCounts) {
	for g := range c.N {
		c.N[g], c.In50[g], c.In80[g] = c.N[g]+o.N[g], c.In50[g]+o.In50[g], c.In80[g]+o.In80[g]
	}
}

// setCalibrated sets each group's Calibrated from the histories' counts
// (the groups of cov are a subset of coverageGroups', matched by name).
func setCalibrated(cov []Coverage, counts []historyCounts, series []Series) {
	if len(counts) == 0 {
		return
	}
	groups := coverageGroups(series)
	for c := range cov {
		g := slices.Index(groups, cov[c].Group)
		if g < 0 {
			continue
		}
		var in50, in80 []float64
		for _, hc := range counts {
			if hc.N[g] > 0 {
				in50 = append(in50, float64(hc.In50[g])/float64(hc.N[g]))
				in80 = append(in80, float64(hc.In80[g])/float64(hc.N[g]))
			}
		}
		if len(in80) == 0 {
			continue
		}
		cov[c].Calibrated = mc.SpreadOf(in50, in80)
		if cov[c].Group == "all" {
			cov[c].JointWithin80 = jointWithin80(counts, groups)
		}
	}
}

// jointWithin80 is the share of the histories whose 80 % coverage meets
// mc's acceptance window (mc.WithinTarget80) in every group of losses, by
// side and by category, that has held-back points: the target a validation
// sets when it asks this of each side and category of one split.
func jointWithin80(counts []historyCounts, groups []string) float64 {
	met := 0
	for _, hc := range counts {
		ok := true
		for g, name := range groups {
			if LossGroup(name) && hc.N[g] > 0 && !mc.WithinTarget80(float64(hc.In80[g])/float64(hc.N[g])) {
				ok = false
				break
			}
		}
		met += b2i(ok)
	}
	return float64(met) / float64(max(len(counts), 1))
}

// CoverageOf counts the held-back rows (not InSample) by side (losses), by
// category of series, for territory and in all: how many fall inside their
// 50 % and 80 % bands, given the record and without it (Prior), and their
// mean PIT. A group without held-back rows is left out.
func CoverageOf(rows []HeldRow, series []Series) []Coverage {
	var cov []Coverage
	for _, g := range coverageGroups(series) {
		c := Coverage{Group: g}
		for _, r := range rows {
			if r.InSample || !inGroup(r.Series, g) {
				continue
			}
			c.N++
			c.In50 += b2i(r.In50)
			c.In80 += b2i(r.In80)
			c.MeanPIT += r.PIT
			c.Prior50 += float64(b2i(r.Prior.P25 <= r.Data && r.Data <= r.Prior.P75))
			c.Prior80 += float64(b2i(r.Prior.P10 <= r.Data && r.Data <= r.Prior.P90))
			c.PriorMeanPIT += r.PriorPIT
		}
		if c.N > 0 {
			f := float64(c.N)
			c.MeanPIT /= f
			c.Share50, c.Share80 = float64(c.In50)/f, float64(c.In80)/f
			c.Prior50, c.Prior80, c.PriorMeanPIT = c.Prior50/f, c.Prior80/f, c.PriorMeanPIT/f
			cov = append(cov, c)
		}
	}
	return cov
}

// coverageGroups are the groups coverage is counted by: each side, each
// category of the series, territory and all.
func coverageGroups(series []Series) []string {
	groups := []string{"RUS", "UKR"}
	for _, s := range series {
		if s.Theatre == "" && !slices.Contains(groups, s.Category) {
			groups = append(groups, s.Category)
		}
	}
	return append(groups, "territory", "all")
}

// LossGroup reports whether group g of coverageGroups is a side or a
// category of losses (not territory, not all of the points).
func LossGroup(g string) bool { return g != "all" && g != "territory" }

// heldModel forecasts one point of the record given an earlier one, from
// the simulated true values (vals[(i*nd + j)*n + k]: series i, date j,
// trajectory k) and the observation model opt.
type heldModel struct {
	obs   *Observed
	vals  []float64
	n, nd int
	opt   Visibility
}

func (h *heldModel) at(i, j, k int) float64 { return h.vals[(i*h.nd+j)*h.n+k] }

// weights are the trajectories' importance weights given y, series i's
// point at date j0, and their effective sample size; trajectory skip (if
// ≥ 0) gets none (it is the history being forecast, calibratedCoverage).
func (h *heldModel) weights(i, j0 int, y float64, skip int) ([]float64, float64) {
	logw := make([]float64, h.n)
	for k := range h.n {
		x := h.at(i, j0, k)
		switch {
		case k == skip:
			logw[k] = math.Inf(-1)
		case h.obs.Series[i].Theatre != "":
			sd := max((h.obs.High[i][j0]-h.obs.Low[i][j0])/2, 1e-3)
			logw[k] = -0.5 * sq((x-y)/sd)
		case math.IsNaN(x) || x <= 0:
			logw[k] = math.Inf(-1)
		default:
			logw[k] = math.Log(visibilityDensity(math.Log(y/x), h.opt))
		}
	}
	return normalise(logw)
}

// forecast appends to xs and ws the forecast of series i at date j given
// its point y0 at j0 < j, with the weights w of h.weights: a count is
// y0·T/T0·e^(e_t − e_0), the drift of the log error of sd σ_d·√(2(1−ρ)),
// ρ = e^(−Δt/τ): its drifting part is an AR(1) of sd σ_d = opt.DriftSD and
// correlation time τ = opt.ErrorDays (an infinite τ: no drift), the rest of
// it constant over time; a territory share is the simulated share plus the
// point's own error, normal with its published range as ±1 sd (the
// observation model of the weights): what is forecast is the published
// figure, not the true share, or the bands would be too narrow for it.
func (h *heldModel) forecast(i, j0, j int, y0 float64, w, xs, ws []float64) ([]float64, []float64) {
	count := h.obs.Series[i].Theatre == ""
	rho := math.Exp(-h.obs.Dates[j].Sub(h.obs.Dates[j0]).Hours() / 24 / h.opt.errorDays())
	drift := h.opt.driftSD() * math.Sqrt(2*(1-rho))
	sd := 0.0
	if !count {
		sd = max((h.obs.High[i][j]-h.obs.Low[i][j])/2, 1e-3)
	}
	for k := range h.n {
		x := h.at(i, j, k)
		z := normal(uint64(k)<<20 | uint64(i)<<12 | uint64(j))
		if count {
			x *= y0 / h.at(i, j0, k) * math.Exp(drift*z)
		} else {
			x += sd * z
		}
		if wk := w[k]; wk > 0 && !math.IsNaN(x) {
			xs, ws = append(xs, x), append(ws, wk)
		}
	}
	return xs, ws
}

// errorDaysGrid are the correlation times of the drifting part of a
// count's log error (days; +Inf: no drift), and driftShares its sd as a
// share of the whole log error's σ, among which the in-sample record
// chooses.
var (
	errorDaysGrid = []float64{30, 60, 90, 180, 365, 730, math.Inf(1)}
	driftShares   = []float64{0.25, 0.5, 0.75, 1}
)

// rollingHorizonDays is how far ahead the in-sample forecasts that choose
// the drift look: half a year, the span a forecast at the split is judged
// over.
const rollingHorizonDays = 184

// chooseDrift chooses the sd σ_d and correlation time τ of the drifting part
// of the counts' log error from the record through split alone, by
// rolling-origin evaluation (Tashman 2000, "Out-of-sample tests of
// forecasting accuracy", Int. J. Forecasting 16:437–450): every in-sample
// count is forecast, as a held-back one is, from each earlier in-sample
// count of its series at most rollingHorizonDays before it, and (σ_d, τ) is
// the grid's pair with the least mean CRPS on the log scale (a proper score:
// Gneiting & Raftery 2007). σ_d is a share of σ (driftShares) and τ is on
// errorDaysGrid; scores[a][g] is the mean score of share a and τ g. No
// held-back point is looked at.
func (h *heldModel) chooseDrift(split time.Time) (sd, tau float64, scores [][]float64) {
	// The in-sample pairs (origin, target) and the weights given each
	// origin, which the drift does not change.
	type pair struct{ i, j0, j int }
	var pairs []pair
	weights := map[[2]int][]float64{}
	for i, s := range h.obs.Series {
		if s.Theatre != "" {
			continue
		}
		for j0, d0 := range h.obs.Dates {
			if d0.After(split) || math.IsNaN(h.obs.Data[i][j0]) {
				continue
			}
			for j := j0 + 1; j < len(h.obs.Dates); j++ {
				d := h.obs.Dates[j]
				if d.After(split) || d.Sub(d0).Hours()/24 > rollingHorizonDays {
					break
				}
				if math.IsNaN(h.obs.Data[i][j]) {
					continue
				}
				if _, ok := weights[[2]int{i, j0}]; !ok {
					weights[[2]int{i, j0}], _ = h.weights(i, j0, h.obs.Data[i][j0], -1)
				}
				pairs = append(pairs, pair{i, j0, j})
			}
		}
	}
	bestA, bestG := -1, -1
	var xs, ws []float64
	scores = make([][]float64, len(driftShares))
	for a, share := range driftShares {
		scores[a] = make([]float64, len(errorDaysGrid))
		for g, tau := range errorDaysGrid {
			m := *h
			m.opt.DriftSD, m.opt.ErrorDays = share*h.opt.SD, tau
			var sum float64
			var cnt int
			for _, p := range pairs {
				xs, ws = m.forecast(p.i, p.j0, p.j, h.obs.Data[p.i][p.j0], weights[[2]int{p.i, p.j0}], xs[:0], ws[:0])
				if len(xs) > 0 {
					sum += weightedCRPSLog(xs, ws, h.obs.Data[p.i][p.j])
					cnt++
				}
			}
			scores[a][g] = math.NaN()
			if cnt > 0 {
				scores[a][g] = sum / float64(cnt)
			}
			if bestA < 0 || scores[a][g] < scores[bestA][bestG] {
				bestA, bestG = a, g
			}
		}
	}
	if bestA < 0 {
		return h.opt.SD, h.opt.errorDays(), scores
	}
	return driftShares[bestA] * h.opt.SD, errorDaysGrid[bestG], scores
}

// weightedCRPSLog is the CRPS of the weighted sample (xs, ws > 0) against y
// on the log scale: Σ W_k|z_k − z| − ½ Σ_k Σ_l W_k W_l |z_k − z_l|, W the
// normalised weights, z = ln x (Gneiting & Raftery 2007, eq. 21). xs and ws
// are reordered.
func weightedCRPSLog(xs, ws []float64, y float64) float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(xs[a], xs[b]) })
	var total float64
	for _, v := range ws {
		total += v
	}
	z := math.Log(max(y, 1e-9))
	// For sorted z: Σ_{k<l} W_k W_l (z_l − z_k) = Σ_l W_l z_l (C_l − (1 − C_l − W_l)),
	// C_l the weight below l.
	var abs, spread, below float64
	for _, k := range idx {
		wk, zk := ws[k]/total, math.Log(max(xs[k], 1e-9))
		abs += wk * math.Abs(zk-z)
		spread += wk * zk * (below - (1 - below - wk))
		below += wk
	}
	return abs - spread
}

// normalise turns log weights into weights (the largest 1) and their
// effective sample size (Σw)²/Σw² (Kong, Liu & Wong 1994).
func normalise(logw []float64) ([]float64, float64) {
	w := make([]float64, len(logw))
	top := math.Inf(-1)
	for _, l := range logw {
		top = max(top, l)
	}
	if math.IsInf(top, -1) {
		return w, 0
	}
	var sw, sw2 float64
	for k, l := range logw {
		w[k] = math.Exp(l - top)
		sw, sw2 = sw+w[k], sw2+w[k]*w[k]
	}
	return w, sw * sw / sw2
}

// visibilityDensity is the density of x = ln f, f = u·e^(σz), u uniform in
// [m, 1], z standard normal (mc.LogLowerBound, which is scaled by 1 − m);
// with m = 0 there is no visibility factor: f = e^(σz), or exactly 1.
func visibilityDensity(x float64, v Visibility) float64 {
	m, s := v.MinFraction, v.SD
	switch {
	case m <= 0 && s == 0:
		if math.Abs(x) < 1e-9 {
			return 1
		}
		return 0
	case m <= 0:
		return math.Exp(-0.5*sq(x/s)) / (s * math.Sqrt(2*math.Pi))
	}
	return math.Exp(mc.LogLowerBound(x, m, s)) / (1 - m)
}

func sq(x float64) float64 { return x * x }

func inGroup(s Series, g string) bool {
	switch {
	case g == "all":
		return true
	case g == "territory":
		return s.Theatre != ""
	case s.Theatre != "":
		return false
	}
	return s.Actor == g || s.Category == g
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
