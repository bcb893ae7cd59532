package calibrate

import (
	"bytes"
	"context"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"brink/scenario"
)

func builtin(t *testing.T) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// The embedded copy of the data is the repository's file.
func TestEmbeddedOryxIsTheDataFile(t *testing.T) {
	b, err := os.ReadFile("../data/oryx-losses-monthly.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, oryxCSV) {
		t.Fatal("calibrate/oryx-losses-monthly.csv differs from data/oryx-losses-monthly.csv: copy the data file again")
	}
}

func TestOryxMapping(t *testing.T) {
	obs, err := Oryx()
	if err != nil {
		t.Fatal(err)
	}
	if len(obs.Dates) != 22 || obs.Dates[0].Format(time.DateOnly) != "2022-03-31" || obs.Dates[21].Format(time.DateOnly) != "2023-12-18" {
		t.Fatalf("dates %v", obs.Dates)
	}
	// data/oryx-losses-monthly.csv, 2023-12-18.
	want := map[string]float64{
		"tanks RUS": 2552, "tanks UKR": 702,
		"afv RUS": 1094 + 3157 + 387, "afv UKR": 340 + 794 + 383,
		"artillery RUS": 334 + 629 + 320, "artillery UKR": 178 + 259 + 52,
		"aircraft RUS": 95 + 133, "aircraft UKR": 77 + 36,
	}
	for i, s := range obs.Series {
		if got := obs.Data[i][21]; got != want[s.String()] {
			t.Errorf("%s on 2023-12-18: %g, want %g", s, got, want[s.String()])
		}
	}
}

func TestScaleKeepsSpread(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"0.0005 to 0.001", "0.001 to 0.002"},
		{"0.003", "0.006"},
		{"uniform(0.4, 0.8)", "uniform(0.8, 1.6)"},
		{"pert(1, 2, 4)", "pert(2, 4, 8)"},
	} {
		v, err := scenario.ParseValue(c.in)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Scale(v, 2)
		if err != nil {
			t.Fatal(err)
		}
		if s.Text != c.want {
			t.Errorf("Scale(%q, 2) = %q, want %q", c.in, s.Text, c.want)
		}
		back, err := scenario.ParseValue(s.Text)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if math.Abs(back.P[i]-s.P[i]) > 1e-9*math.Max(1, math.Abs(s.P[i])) {
				t.Errorf("Scale(%q, 2): parameters %v, its text reads %v", c.in, s.P, back.P)
			}
		}
	}
	lv, _ := scenario.ParseValue("0.0005 to 0.001")
	s, _ := Scale(lv, 2)
	if s.P[1] != lv.P[1] || math.Abs(s.P[0]-lv.P[0]-math.Ln2) > 1e-12 {
		t.Errorf("A to B scaled by 2: %v from %v, want mu + ln 2 and the same sigma", s.P, lv.P)
	}
	if _, err := Scale(scenario.Value{Kind: scenario.Beta, P: [3]float64{2, 3}}, 2); err == nil {
		t.Error("scaled a beta distribution")
	}
}

func TestDefaultParamsPathsAreValid(t *testing.T) {
	sc := builtin(t)
	ps, err := DefaultParams(sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 22 {
		t.Errorf("%d parameters, want 8 attrition + their spread + Russia's personnel (estimated) + 7 front (tempo included) + Russia's surprise + 2 learning + 2 replenishment", len(ps))
	}
	x := make([]float64, len(ps))
	x[0] = math.Log(1.5)
	_, lines, err := Rounded(sc, ps, x)
	if err != nil {
		t.Fatal(err)
	}
	// The lines, set as a variant would, give a valid scenario.
	vals := map[string]float64{}
	for _, l := range lines {
		path, text, _ := strings.Cut(l, ": ")
		v, err := scenario.ParseValue(strings.Trim(text, `"`))
		if err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if _, err := sc.ValueAt(path); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		vals[path] = v.Quantile(0.5)
	}
	if _, err := sc.WithValues(vals); err != nil {
		t.Fatal(err)
	}
	if lines[0] != "theatres.ukraine.a.attrition.tanks: "+mustScale(t, sc, "theatres.ukraine.a.attrition.tanks", 1.5) {
		t.Errorf("first line %q", lines[0])
	}
}

// A scenario that gives the front an attritional advance has it fitted too
// (ukraine-2022's variant assaults-take-ground); the base does not.
func TestDefaultParamsFitAttritionalAdvance(t *testing.T) {
	base := builtin(t)
	sc, err := base.WithVariant("assaults-take-ground")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sc   *scenario.Scenario
		want bool
	}{{base, false}, {sc, true}} {
		ps, err := DefaultParams(c.sc)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(ps, func(p Param) bool { return p.Name == "attritional advance" })
		if (i >= 0) != c.want {
			t.Errorf("variant %q: attritional advance fitted %v, want %v", c.sc.Variant, i >= 0, c.want)
		}
		if i >= 0 && (ps[i].Paths[0] != "theatres.ukraine.front.attritional_advance" || ps[i].Prior != math.Ln2) {
			t.Errorf("attritional advance: %+v", ps[i])
		}
	}
}

func mustScale(t *testing.T, sc *scenario.Scenario, path string, f float64) string {
	v, err := sc.ValueAt(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Scale(v, f)
	if err != nil {
		t.Fatal(err)
	}
	return s.Text
}

// Synthetic data from the model itself with the Russian tank attrition
// scaled by 1.3 (the simulated medians, same seed and trajectories): the
// objective (CRPS, smallest where the median meets the data) is lower there
// than a tenth either way, and Nelder–Mead recovers the factor to within
// 6 % from 1.
func TestRecoversKnownAttrition(t *testing.T) {
	sc := builtin(t)
	all, err := DefaultParams(sc)
	if err != nil {
		t.Fatal(err)
	}
	ps := all[:1] // attrition RUS tanks
	if ps[0].Name != "attrition RUS tanks" {
		t.Fatalf("first parameter %q", ps[0].Name)
	}
	truth := []float64{math.Log(1.3)}
	opt := Options{N: 400, Seed: 7}
	oryx, err := Oryx()
	if err != nil {
		t.Fatal(err)
	}
	obs := &Observed{Dates: oryx.Dates[:4], Series: oryx.Series} // to 2022-06-30
	ctx := context.Background()
	gen, err := Apply(sc, ps, truth)
	if err != nil {
		t.Fatal(err)
	}
	bands, err := Simulate(ctx, gen, obs.Dates, obs.Series, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i := range obs.Series {
		obs.Data = append(obs.Data, nil)
		for _, b := range bands[i] {
			obs.Data[i] = append(obs.Data[i], b.Median)
		}
	}
	p := &Problem{Base: sc, Params: ps, Obs: obs, Sim: opt}
	at, err := p.Objective(ctx, truth)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []float64{1.3 * 1.1, 1.3 / 1.1} {
		if j, _ := p.Objective(ctx, []float64{math.Log(f)}); j.Total() <= at.Total() {
			t.Errorf("objective at factor %.3f = %g, not above %g at the truth 1.3", f, j.Total(), at.Total())
		}
	}
	if j0, _ := p.Objective(ctx, []float64{0}); j0.Total() < at.Total()+1e-3 {
		t.Errorf("objective at the scenario as written = %g, want clearly positive", j0.Total())
	}
	res, err := p.Run(ctx, 40, nil)
	if err != nil {
		t.Fatal(err)
	}
	// CRPS is smallest where the datum is the median of the simulated
	// distribution; the factor does not only shift the distribution of log
	// losses (the trajectories at war change with it), so the truth's median
	// is recovered to within a few per cent, not exactly.
	if f := math.Exp(res.X[0]); math.Abs(f/1.3-1) > 0.06 {
		t.Errorf("recovered factor %.4f, want 1.3 ± 6 %% (objective %g, %d evaluations)", f, res.Final.Total(), res.Evals)
	}
}

// Simulate does not depend on the number of workers.
func TestSimulateWorkers(t *testing.T) {
	sc := builtin(t)
	obs, _ := Oryx()
	dates := obs.Dates[:2]
	a, err := Simulate(context.Background(), sc, dates, obs.Series, Options{N: 50, Seed: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Simulate(context.Background(), sc, dates, obs.Series, Options{N: 50, Seed: 3, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		for j := range a[i] {
			if !slices.Equal(a[i][j].sorted, b[i][j].sorted) || a[i][j].Median != b[i][j].Median {
				t.Errorf("series %d date %d: %+v with 1 worker, %+v with 3", i, j, a[i][j], b[i][j])
			}
		}
	}
}

// The observation model of the Oryx counts in calibrate is the one
// ukraine-2022's record states for them.
func TestOryxVisibilityIsTheRecords(t *testing.T) {
	sc := builtin(t)
	n := 0
	for _, o := range sc.Record.Observations {
		if o.Model != "lower_bound" {
			continue
		}
		n++
		if o.MinFraction != OryxVisibility.MinFraction || o.SD != OryxVisibility.SD {
			t.Errorf("record %s: min_fraction %g, sd %g; calibrate uses %+v", o.ID, o.MinFraction, o.SD, OryxVisibility)
		}
	}
	if n == 0 {
		t.Error("ukraine-2022's record has no lower-bound observations")
	}
}

// The visibility factor is u·e^(σz) with u uniform on [f, 1]: its mean is
// (1+f)/2·e^(σ²/2), and it is the same for the same trajectory and series.
func TestVisibilityFactor(t *testing.T) {
	v := Visibility{MinFraction: 0.6, SD: 0.1}
	const n = 200000
	sum := 0.0
	lo, hi := math.Inf(1), 0.0
	for k := range n {
		f := v.factor(k, 3)
		sum += f
		lo, hi = min(lo, f), max(hi, f)
	}
	want := 0.8 * math.Exp(0.005)
	if got := sum / n; math.Abs(got-want) > 0.003 {
		t.Errorf("mean visibility %.4f, want %.4f", got, want)
	}
	if v.factor(17, 2) != v.factor(17, 2) || v.factor(17, 2) == v.factor(18, 2) {
		t.Error("the factor is not a fixed function of trajectory and series")
	}
	if (Visibility{}).factor(5, 1) != 1 {
		t.Error("the zero Visibility does not observe exactly")
	}
	t.Logf("visibility range [%.3f, %.3f]", lo, hi)
}

// The time-split validation on a fixed seed: fitted through 2023-06-30 (a
// short fit from the scenario's numbers), the forecast of July–December 2023
// given the record at the split must not miss the held-back Oryx points and
// territory: overall and for each side its 80 % band covers at least 70 % of
// them, and the mean PIT stays off the edges (the data neither all above nor
// all below the forecast); overall the 50 % band covers 30–80 %, so bands
// too wide fail as well as too narrow ones. On this seed the refitted default
// covers 68 % and 98 % of the 50 points, mean PIT 0.52. brink calibrate
// -split prints the same table at a larger budget.
func TestTimeSplitCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("fits the scenario")
	}
	sc := builtin(t)
	ctx := context.Background()
	split := time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC)
	fitObs, err := Record(sc.Start.Time, split, false)
	if err != nil {
		t.Fatal(err)
	}
	full, err := Record(sc.Start.Time, time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC), false)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := DefaultParams(sc)
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{N: 150, Seed: 5, Observe: OryxVisibility}
	p := &Problem{Base: sc, Params: ps, Obs: fitObs, Sim: opt}
	res, err := p.Run(ctx, 25, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows, cov, err := HeldOut(ctx, res.Scenario, full, split, Options{N: 400, Seed: 6, Observe: OryxVisibility})
	if err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, r := range rows {
		if !r.InSample {
			held++
		}
	}
	if held < 40 {
		t.Fatalf("%d held-back points, want the 48 Oryx points and 2 territory points of July-December 2023", held)
	}
	for _, c := range cov {
		t.Logf("%-10s %2d points: 50 %% band %3.0f %%, 80 %% band %3.0f %%, mean PIT %.2f (unconditioned: %3.0f %%, %3.0f %%, %.2f; ESS %.0f)",
			c.Group, c.N, 100*c.Share50, 100*c.Share80, c.MeanPIT, 100*c.Prior50, 100*c.Prior80, c.PriorMeanPIT, c.ESS)
		switch c.Group {
		case "all":
			// Both sides of the 50 % band are held, so too wide and too
			// narrow bands both fail.
			if c.Share80 < 0.7 || c.Share50 < 0.3 || c.Share50 > 0.8 || c.MeanPIT < 0.3 || c.MeanPIT > 0.7 || c.ESS < 50 {
				t.Errorf("all: held-back coverage 50 %% band %.2f, 80 %% band %.2f, mean PIT %.2f, ESS %.0f: outside the tolerance", c.Share50, c.Share80, c.MeanPIT, c.ESS)
			}
		case "RUS", "UKR":
			// A side's 24 points are 4 series of 6 months each, so close
			// to 4 independent PITs: their mean has sd √(1/48) ≈ 0.144
			// about 0.5 if the forecast is calibrated; 2.5 sd either side.
			// The 80 % band must cover at least 70 % (the target). The
			// cumulative counts of a series are strongly correlated month
			// to month, so that share rests on some 4 to 8 independent
			// points (sd √(0.8·0.2/8) ≈ 0.14 at best): a change that
			// fails it by a point or two may be noise, and the mean PIT is
			// the steadier check. (On this seed both sides' mean PITs are
			// about 0.5, artillery's 0.8: both sides lost guns a little
			// faster late in 2023 than forecast. Without Ukraine's dated
			// counteroffensive of 2023 in the scenario Ukraine's ran at 0.77
			// and its 80 % band covered 46 %: this test failed.)
			if c.Share80 < 0.7 || c.Share50 < 0.2 || c.MeanPIT < 0.14 || c.MeanPIT > 0.86 {
				t.Errorf("%s: held-back coverage 50 %% band %.2f, 80 %% band %.2f, mean PIT %.2f: outside the tolerance", c.Group, c.Share50, c.Share80, c.MeanPIT)
			}
		}
	}
	// Given the record at the split, the forecast is much sharper than the
	// fan chart's: the visibility factor is known there.
	var given, prior float64
	for _, r := range rows {
		if !r.InSample && r.Series.Theatre == "" {
			given += (r.P90 - r.P10) / r.Median
			prior += (r.Prior.P90 - r.Prior.P10) / r.Prior.Median
		}
	}
	t.Logf("mean relative width of the 80 %% band: %.3f given the record, %.3f without", given/float64(held), prior/float64(held))
	if given > 0.6*prior {
		t.Errorf("the forecast given the record (80 %% band %.3f of the median) is not sharper than without it (%.3f)", given/float64(held), prior/float64(held))
	}
}
