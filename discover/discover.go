// Package discover is scenario discovery on the table of trajectories of a
// run (brink run -rows): which region of the uncertain assumptions makes an
// outcome likely. It finds boxes of the assumptions with PRIM (prim.go),
// gives each restriction of a box its quasi-p-value, checks each box on the
// trajectories it was not fitted on, finds a second box among the
// trajectories the first leaves out, and ranks the assumptions by their
// influence on the outcome (influence.go).
//
// Rare outcomes. Nuclear use is a case in a few hundred or thousand
// trajectories, so a box can look dense by chance. Three guards: a box must
// hold at least a minimum mass of the rows and a minimum number of cases;
// the box is chosen on the trajectories of even index and its density is
// tested on those of odd index (a one-sided binomial test against the rate
// there, Friedman & Fisher 1999 sect. 8 on the need of a test sample); and
// a box whose test fails, or whose every restriction is weak, is reported as
// noise, in words.
package discover

import (
	"fmt"
	"math"
	"slices"

	"brink/mc"
)

// Format is the format of a discovery's JSON file.
const Format = "brink-discover/1"

// Options tune a discovery; the zero value takes the defaults.
type Options struct {
	// Alpha is the share of a box's rows a peel removes (0.05).
	Alpha float64 `json:"peel_alpha"`
	// PasteAlpha is the share of a box's rows a paste adds (0.05).
	PasteAlpha float64 `json:"paste_alpha"`
	// MassMin is the least share of the rows a box holds (0.02).
	MassMin float64 `json:"mass_min"`
	// MinHits is the least number of cases a box holds on the rows it is
	// peeled on (10).
	MinHits int `json:"min_hits"`
	// MaxP is the quasi-p-value above which a restriction is dropped as
	// weak (0.05).
	MaxP float64 `json:"max_quasi_p"`
	// Bins is the number of bins of an assumption in the ranking (5).
	Bins int `json:"bins"`
	// Boxes is how many boxes to look for, each on the rows the ones before
	// leave out (2).
	Boxes int `json:"boxes"`
}

func (o Options) withDefaults() Options {
	if o.Alpha <= 0 {
		o.Alpha = 0.05
	}
	if o.PasteAlpha <= 0 {
		o.PasteAlpha = 0.05
	}
	if o.MassMin <= 0 {
		o.MassMin = 0.02
	}
	if o.MinHits <= 0 {
		o.MinHits = 10
	}
	if o.MaxP <= 0 {
		o.MaxP = 0.05
	}
	if o.Bins <= 1 {
		o.Bins = 5
	}
	if o.Boxes <= 0 {
		o.Boxes = 2
	}
	return o
}

// Data is what PRIM works on: the assumptions X (X[j][i], assumption j of
// row i), their names and columns, and whether each row has the outcome.
type Data struct {
	Names, Columns []string
	X              [][]float64
	Y              []bool
}

// Result is a discovery: the outcome, its base rate, the boxes found and
// the ranking of the assumptions.
type Result struct {
	Format       string  `json:"format"`
	Outcome      string  `json:"outcome"`
	OutcomeLabel string  `json:"outcome_label"`
	Rows         int     `json:"rows"`
	Hits         int     `json:"hits"`
	BaseRate     float64 `json:"base_rate"`
	BaseLo       float64 `json:"base_rate_lo"`
	BaseHi       float64 `json:"base_rate_hi"`
	Params       int     `json:"params"`
	// Constant lists the assumptions left out because they take one value.
	Constant []string `json:"constant,omitempty"`
	Options  Options  `json:"options"`
	Boxes    []Box    `json:"boxes"`
	// Peeling is the peeling trajectory of the first search, kept even when
	// it found no box; Chosen the box taken from it (0: none).
	Peeling   []TrajectoryStep `json:"peeling"`
	Chosen    int              `json:"chosen"`
	Influence []Influence      `json:"influence"`
	Notes     []string         `json:"notes,omitempty"`
}

// Box is a box found: its restrictions and how well it picks the outcome.
type Box struct {
	Rank         int           `json:"rank"`
	Restrictions []Restriction `json:"restrictions"`
	// Dropped are restrictions that peeling and pasting made and that were
	// removed as weak (quasi-p-value above MaxP), weakest first.
	Dropped []Restriction `json:"dropped,omitempty"`
	// Over the rows the box was sought among (all of them for the first
	// box, those the boxes before leave out for the next).
	Points    int     `json:"points"`
	Hits      int     `json:"hits"`
	Mass      float64 `json:"mass"`
	Coverage  float64 `json:"coverage"` // of all the table's cases
	Density   float64 `json:"density"`
	DensityLo float64 `json:"density_lo"`
	DensityHi float64 `json:"density_hi"`
	Lift      float64 `json:"lift"` // density over the rate among the rows sought in
	// The check on the rows of odd index, which the box was not fitted on.
	TestPoints  int     `json:"test_points"`
	TestHits    int     `json:"test_hits"`
	TestDensity float64 `json:"test_density"`
	TestLo      float64 `json:"test_density_lo"`
	TestHi      float64 `json:"test_density_hi"`
	TestBase    float64 `json:"test_base_rate"`
	TestP       float64 `json:"test_p"`
	Noise       bool    `json:"noise"`
	Verdict     string  `json:"verdict"`
	// Trajectory is the peeling trajectory on the fitting rows, with each
	// box's figures on the test rows; Chosen is the box taken from it
	// (before pasting).
	Trajectory []TrajectoryStep `json:"trajectory"`
	Chosen     int              `json:"chosen"`
}

// Restriction is a box's range on one assumption.
type Restriction struct {
	Param  string  `json:"param"`
	Column string  `json:"column"`
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Lower  bool    `json:"lower"` // Lo restricts
	Upper  bool    `json:"upper"` // Hi restricts
	Min    float64 `json:"min"`   // the assumption's range over the rows
	Max    float64 `json:"max"`
	QuasiP float64 `json:"quasi_p"`
}

// TrajectoryStep is one box of a peeling trajectory.
type TrajectoryStep struct {
	Mass         float64 `json:"mass"`
	Coverage     float64 `json:"coverage"`
	Density      float64 `json:"density"`
	Restricted   int     `json:"restricted"`
	TestCoverage float64 `json:"test_coverage"`
	TestDensity  float64 `json:"test_density"`
}

// Run discovers the boxes of d and ranks its assumptions. Assumptions that
// take a single value are left out.
func Run(d Data, outcome, label string, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	n := len(d.Y)
	if len(d.X) != len(d.Names) || len(d.Columns) != len(d.Names) {
		return nil, fmt.Errorf("discover: %d assumptions, %d names, %d columns", len(d.X), len(d.Names), len(d.Columns))
	}
	res := &Result{Format: Format, Outcome: outcome, OutcomeLabel: label, Rows: n, Options: opt}
	// Keep the assumptions that vary and have no missing values.
	var x [][]float64
	var names, cols []string
	for j, xj := range d.X {
		if len(xj) != n {
			return nil, fmt.Errorf("discover: assumption %s has %d values for %d rows", d.Names[j], len(xj), n)
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		bad := false
		for _, v := range xj {
			if math.IsNaN(v) {
				bad = true
				break
			}
			lo, hi = min(lo, v), max(hi, v)
		}
		if bad || !(hi > lo) {
			res.Constant = append(res.Constant, d.Names[j])
			continue
		}
		x, names, cols = append(x, xj), append(names, d.Names[j]), append(cols, d.Columns[j])
	}
	res.Params = len(x)
	for _, h := range d.Y {
		if h {
			res.Hits++
		}
	}
	if n > 0 {
		res.BaseRate = float64(res.Hits) / float64(n)
		res.BaseLo, res.BaseHi = mc.Wilson(int64(res.Hits), int64(n), mc.Z95)
	}
	switch {
	case n == 0:
		res.Notes = append(res.Notes, "The table holds no trajectories.")
		return res, nil
	case res.Hits == 0:
		res.Notes = append(res.Notes, "No trajectory has the outcome: there is nothing to discover.")
		return res, nil
	case res.Hits == n:
		res.Notes = append(res.Notes, "Every trajectory has the outcome: there is nothing to discover.")
		return res, nil
	case len(x) == 0:
		res.Notes = append(res.Notes, "No assumption varies over the trajectories: the scenario draws no uncertain parameter.")
		return res, nil
	}
	// The ranking, over every row.
	for j := range x {
		inf := influence(x[j], d.Y, opt.Bins)
		inf.Param, inf.Column = names[j], cols[j]
		inf.PAdjusted = math.Min(1, inf.P*float64(len(x)))
		inf.Noise = inf.PAdjusted >= 0.05
		res.Influence = append(res.Influence, inf)
	}
	slices.SortStableFunc(res.Influence, func(a, b Influence) int {
		switch {
		case a.ChiSquare > b.ChiSquare:
			return -1
		case a.ChiSquare < b.ChiSquare:
			return 1
		}
		return 0
	})
	for _, inf := range res.Influence {
		if inf.FewCases {
			res.Notes = append(res.Notes, "Some bins expect fewer than 5 cases: the χ² p-values of the ranking are rough; more trajectories make them sharper.")
			break
		}
	}
	// The boxes, each among the rows the ones before leave out.
	lo, hi := make([]float64, len(x)), make([]float64, len(x))
	for j, xj := range x {
		lo[j], hi[j] = slices.Min(xj), slices.Max(xj)
	}
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	for r := 1; r <= opt.Boxes; r++ {
		b, ok, why := findBox(x, d.Y, rows, lo, hi, names, cols, res.Hits, opt)
		if r == 1 {
			res.Peeling, res.Chosen = b.box.Trajectory, b.box.Chosen
		}
		if !ok {
			if r == 1 {
				res.Notes = append(res.Notes, "No box: "+why)
			} else {
				res.Notes = append(res.Notes, fmt.Sprintf("No box %d among the trajectories outside the boxes before: %s", r, why))
			}
			break
		}
		b.box.Rank = r
		res.Boxes = append(res.Boxes, b.box)
		var rest []int
		for _, i := range rows {
			if !b.b.contains(x, i, -1) {
				rest = append(rest, i)
			}
		}
		rows = rest
	}
	return res, nil
}

type found struct {
	box Box
	b   box
}

// findBox peels, chooses, pastes and prunes a box among rows, and checks it
// on the rows of odd index.
func findBox(x [][]float64, y []bool, rows []int, lo, hi []float64, names, cols []string, totalHits int, opt Options) (found, bool, string) {
	var fit, test []int
	for _, i := range rows {
		if i%2 == 0 {
			fit = append(fit, i)
		} else {
			test = append(test, i)
		}
	}
	_, fitK := fullBox(len(x)).count(x, y, fit, -1)
	if fitK < 2*opt.MinHits {
		return found{}, false, fmt.Sprintf("the trajectories fitted on hold %d cases, fewer than the %d a box of at least %d cases needs; run more trajectories.", fitK, 2*opt.MinHits, opt.MinHits)
	}
	minN := max(1, int(math.Ceil(opt.MassMin*float64(len(fit)))))
	traj := peel(x, y, fit, opt.Alpha, minN, opt.MinHits)
	testN, testK := fullBox(len(x)).count(x, y, test, -1)
	var out found
	// The box whose density on the test rows is highest at the lower end
	// of its 95 % interval: density, discounted for how few cases back it.
	// On the fitting rows every peel takes the slice that happens to hold
	// fewest cases, so their density rises by chance along the trajectory;
	// on the test rows it does not (F&F sect. 8).
	chosen, best := 0, -1.0
	for s, st := range traj {
		tn, tk := st.b.count(x, y, test, -1)
		if l := lowerDensity(tk, tn); l > best {
			chosen, best = s, l
		}
		ts := TrajectoryStep{Mass: float64(st.n) / float64(len(fit)), Coverage: float64(st.k) / float64(max(fitK, 1)),
			Density: float64(st.k) / float64(st.n), Restricted: len(st.b.restricted(lo, hi))}
		if tn > 0 {
			ts.TestDensity = float64(tk) / float64(tn)
		}
		if testK > 0 {
			ts.TestCoverage = float64(tk) / float64(testK)
		}
		out.box.Trajectory = append(out.box.Trajectory, ts)
	}
	out.box.Chosen = chosen
	if chosen == 0 {
		return out, false, "no region of the assumptions stands out: no peeled box is denser on the test trajectories, at the lower end of its 95 % interval, than all of them together."
	}
	// Drop weak restrictions, the weakest first, judged on all the rows;
	// paste; and drop again what pasting left weak.
	b := traj[chosen].b.clone()
	out.box.Dropped = prune(x, y, rows, b, lo, hi, names, cols, opt.MaxP)
	b = paste(x, y, fit, b, opt.PasteAlpha)
	out.box.Dropped = append(out.box.Dropped, prune(x, y, rows, b, lo, hi, names, cols, opt.MaxP)...)
	out.b = b
	if len(b.restricted(lo, hi)) == 0 {
		return out, false, fmt.Sprintf("peeling restricted %d assumptions, and every restriction was weak (quasi-p-value at least %g) once pasted: no region of the assumptions stands out from noise with these trajectories.", len(out.box.Dropped), opt.MaxP)
	}
	for _, j := range b.restricted(lo, hi) {
		out.box.Restrictions = append(out.box.Restrictions, restriction(b, j, lo, hi, names, cols, quasiP(x, y, rows, b, j)))
	}
	bx := &out.box
	nAll, kAll := fullBox(len(x)).count(x, y, rows, -1)
	bx.Points, bx.Hits = b.count(x, y, rows, -1)
	bx.Mass = float64(bx.Points) / float64(nAll)
	bx.Coverage = float64(bx.Hits) / float64(totalHits)
	if bx.Points > 0 {
		bx.Density = float64(bx.Hits) / float64(bx.Points)
	}
	bx.DensityLo, bx.DensityHi = mc.Wilson(int64(bx.Hits), int64(bx.Points), mc.Z95)
	if kAll > 0 {
		bx.Lift = bx.Density / (float64(kAll) / float64(nAll))
	}
	bx.TestPoints, bx.TestHits = b.count(x, y, test, -1)
	if bx.TestPoints > 0 {
		bx.TestDensity = float64(bx.TestHits) / float64(bx.TestPoints)
	}
	bx.TestLo, bx.TestHi = mc.Wilson(int64(bx.TestHits), int64(bx.TestPoints), mc.Z95)
	bx.TestBase = float64(testK) / float64(max(testN, 1))
	// The box was chosen among the trajectory's boxes on these rows:
	// Bonferroni over them.
	bx.TestP = math.Min(1, binomialUpper(int64(bx.TestHits), int64(bx.TestPoints), bx.TestBase)*float64(len(traj)))
	switch {
	case bx.TestP >= 0.05:
		bx.Noise = true
		bx.Verdict = fmt.Sprintf("noise: on the trajectories it was not fitted on, the box's rate (%s, %d of %d) is not clearly above the rate there (%s; one-sided binomial p = %.2f, Bonferroni over the %d boxes of the peeling trajectory).",
			pctText(bx.TestDensity), bx.TestHits, bx.TestPoints, pctText(bx.TestBase), bx.TestP, len(traj))
	default:
		bx.Verdict = fmt.Sprintf("holds up: on the trajectories it was not fitted on, the box's rate is %s (%d of %d) against %s there (one-sided binomial p %s, Bonferroni over the %d boxes of the peeling trajectory).",
			pctText(bx.TestDensity), bx.TestHits, bx.TestPoints, pctText(bx.TestBase), pEq(bx.TestP), len(traj))
	}
	return out, true, ""
}

// prune removes from b, one at a time and the weakest first, the bounds
// (each side of a restriction apart) whose quasi-p-value over rows is maxP
// or more, and returns the restrictions dropped whole.
func prune(x [][]float64, y []bool, rows []int, b box, lo, hi []float64, names, cols []string, maxP float64) []Restriction {
	var dropped []Restriction
	for {
		worst, side, wp := -1, 0, maxP
		for _, j := range b.restricted(lo, hi) {
			for sd := range 2 {
				if (sd == 0 && !(b.lo[j] > lo[j])) || (sd == 1 && !(b.hi[j] < hi[j])) {
					continue
				}
				if p := quasiPSide(x, y, rows, b, j, sd); p >= wp {
					worst, side, wp = j, sd, p
				}
			}
		}
		if worst < 0 {
			return dropped
		}
		r := restriction(b, worst, lo, hi, names, cols, wp)
		if side == 0 {
			b.lo[worst] = math.Inf(-1)
		} else {
			b.hi[worst] = math.Inf(1)
		}
		if !(b.lo[worst] > lo[worst] || b.hi[worst] < hi[worst]) {
			dropped = append(dropped, r)
		}
	}
}

func restriction(b box, j int, lo, hi []float64, names, cols []string, p float64) Restriction {
	r := Restriction{Param: names[j], Column: cols[j], Lo: lo[j], Hi: hi[j], Min: lo[j], Max: hi[j], QuasiP: p}
	if b.lo[j] > lo[j] {
		r.Lo, r.Lower = b.lo[j], true
	}
	if b.hi[j] < hi[j] {
		r.Hi, r.Upper = b.hi[j], true
	}
	return r
}
