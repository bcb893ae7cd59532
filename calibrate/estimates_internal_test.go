package calibrate

import (
	"math"
	"slices"
	"testing"
	"time"

	"brink/scenario"
)

// The CRPS of one normal N(μ, s²) against y is s·[z(2Φ(z) − 1) + 2φ(z) −
// 1/√π], z = (y − μ)/s (Gneiting & Raftery 2007, JASA 102:359–378, eq. 21):
// a mixture of one component must give it.
func TestCRPSLognormalMixOfOneIsTheNormalsClosedForm(t *testing.T) {
	for _, c := range []struct{ x, y, s float64 }{{100, 100, 0.2}, {60, 52, 0.35}, {320, 254, 0.2}, {5, 40, 0.5}} {
		mu, ly := math.Log(c.x+1), math.Log(c.y+1)
		z := (ly - mu) / c.s
		want := c.s * (z*math.Erf(z/math.Sqrt2) + 2*math.Exp(-z*z/2)/math.Sqrt(2*math.Pi) - 1/math.Sqrt(math.Pi))
		if got := crpsLognormalMix([]float64{c.x}, c.y, c.s); math.Abs(got-want) > 1e-12 {
			t.Errorf("x %g, y %g, s %g: CRPS %.15g, want %.15g", c.x, c.y, c.s, got, want)
		}
	}
}

// The mixture's CRPS is ∫ (F(t) − 1{t ≥ y})² dt with F the mixture's CDF:
// integrate it numerically for a few components (NaN among them skipped).
func TestCRPSLognormalMixIsTheIntegral(t *testing.T) {
	x := []float64{40, math.NaN(), 55, 90, 61, 300}
	y, s := 75.0, 0.3
	var mu []float64
	for _, v := range x {
		if !math.IsNaN(v) {
			mu = append(mu, math.Log(v+1))
		}
	}
	ly := math.Log(y + 1)
	cdf := func(u float64) float64 {
		c := 0.0
		for _, m := range mu {
			c += 0.5 * math.Erfc(-(u-m)/(s*math.Sqrt2))
		}
		return c / float64(len(mu))
	}
	// The indicator jumps at ln(y + 1): make it a node of the midpoint rule.
	const steps = 400000
	lo, hi := ly-10, ly+10
	h := (hi - lo) / steps
	var want float64
	for k := range steps {
		u := lo + (float64(k)+0.5)*h
		d := cdf(u)
		if u >= ly {
			d--
		}
		want += d * d * h
	}
	if got := crpsLognormalMix(x, y, s); math.Abs(got-want) > 1e-6 {
		t.Errorf("CRPS %.9f, integral %.9f", got, want)
	}
	// For an estimate at the forecast's centre, a wider error can only
	// cost: the score grows with s.
	if a, b := crpsLognormalMix([]float64{74, 76}, y, 0.5), crpsLognormalMix([]float64{74, 76}, y, 1); !(b > a) {
		t.Errorf("CRPS at the centre %g with sd 0.5, %g with sd 1: want it to grow", a, b)
	}
}

// ukraine-2022's record estimates Russia's killed and wounded twice before
// 2024; the fit reads both, the split at 2023-06-30 only the first, and
// DefaultParams fits Russia's personnel attrition because of them.
func TestEstimatesOfUkraine2022(t *testing.T) {
	sc, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	all := Estimates(sc, day("2023-12-31"))
	want := []EstimatePoint{
		{Date: day("2022-07-20"), Actor: "RUS", Category: "personnel", Observed: 60, SD: 0.35},
		{Date: day("2023-11-30"), Actor: "RUS", Category: "personnel", Observed: 320, SD: 0.2},
	}
	if !slices.Equal(all, want) {
		t.Fatalf("estimates through 2023 %+v, want %+v", all, want)
	}
	if got := Estimates(sc, day("2023-06-30")); len(got) != 1 || got[0] != want[0] {
		t.Errorf("estimates through 2023-06-30 %+v, want the first alone", got)
	}
	ps, err := DefaultParams(sc)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ps, func(p Param) bool { return p.Name == "attrition RUS personnel" })
	if i < 0 || !slices.Equal(ps[i].Paths, []string{"theatres.ukraine.a.attrition.personnel"}) || ps[i].Prior != math.Ln2 {
		t.Fatalf("no fitted attrition of Russia's personnel with a prior of sd ln 2 in %+v", ps)
	}
}

// WithEstimates adds one series on the union of the dates and keeps every
// other point where it was; WithoutEstimates gives the record back.
func TestWithEstimatesRoundTrip(t *testing.T) {
	sc, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	through, _ := time.Parse(time.DateOnly, "2023-12-31")
	rec, err := Record(sc.Start.Time, through, false)
	if err != nil {
		t.Fatal(err)
	}
	pts := Estimates(sc, through)
	obs := WithEstimates(rec, pts)
	if len(obs.Series) != len(rec.Series)+1 || !obs.Series[len(rec.Series)].Estimate {
		t.Fatalf("series %v: want the record's and one estimated", obs.Series)
	}
	newDates := 0
	for _, p := range pts {
		if !slices.ContainsFunc(rec.Dates, p.Date.Equal) {
			newDates++
		}
	}
	if newDates == 0 || len(obs.Dates) != len(rec.Dates)+newDates {
		t.Fatalf("%d dates, want the record's %d and the estimates' %d new ones", len(obs.Dates), len(rec.Dates), newDates)
	}
	if got := obs.points(); got != rec.points()+2 {
		t.Errorf("%d points, want %d", got, rec.points()+2)
	}
	last := len(obs.Series) - 1
	for _, p := range pts {
		j := slices.IndexFunc(obs.Dates, p.Date.Equal)
		if obs.Data[last][j] != p.Observed || obs.SD[last][j] != p.SD {
			t.Errorf("%s: %g (sd %g), want %g (sd %g)", p.Date.Format(time.DateOnly), obs.Data[last][j], obs.SD[last][j], p.Observed, p.SD)
		}
		for i := range rec.Series {
			k := slices.IndexFunc(rec.Dates, p.Date.Equal)
			if k < 0 && !math.IsNaN(obs.Data[i][j]) || k >= 0 && obs.Data[i][j] != rec.Data[i][k] && !math.IsNaN(rec.Data[i][k]) {
				t.Errorf("series %v on the estimate's date %s: %g", rec.Series[i], p.Date.Format(time.DateOnly), obs.Data[i][j])
			}
		}
	}
	back := obs.WithoutEstimates()
	if !slices.EqualFunc(back.Dates, rec.Dates, time.Time.Equal) || !slices.Equal(back.Series, rec.Series) {
		t.Fatalf("without the estimates: %d dates and %v, want the record's %d and %v", len(back.Dates), back.Series, len(rec.Dates), rec.Series)
	}
	same := func(a, b []float64) bool {
		return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) })
	}
	for i := range rec.Series {
		if !same(back.Data[i], rec.Data[i]) || !same(rowOf(back.Low, i), rowOf(rec.Low, i)) || !same(rowOf(back.High, i), rowOf(rec.High, i)) {
			t.Errorf("series %v changed in the round trip", rec.Series[i])
		}
	}
}

// fitParts scores an estimate through its error and counts it apart: with
// one estimate series, the estimates' part is the mean of the closed forms,
// and a forecast that meets the estimate scores better than one off by a
// factor of two.
func TestFitScoresEstimatesThroughTheirError(t *testing.T) {
	d := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	obs := &Observed{Dates: []time.Time{d("2022-07-20"), d("2023-11-30")},
		Series: []Series{{Category: "personnel", Actor: "RUS", Estimate: true}},
		Data:   [][]float64{{60, 320}}, SD: [][]float64{{0.35, 0.2}}}
	band := func(xs ...float64) Band { return newBand(slices.Sorted(slices.Values(xs))) }
	near := [][]Band{{band(50, 60, 70, 55, 65), band(300, 320, 340, 310, 330)}}
	far := [][]Band{{band(100, 120, 140, 110, 130), band(600, 640, 680, 620, 660)}}
	fit, parts := fitParts(near, obs, 5)
	want := (crpsLognormalMix(near[0][0].sorted, 60, 0.35) + crpsLognormalMix(near[0][1].sorted, 320, 0.2)) / 2
	if math.Abs(fit-want) > 1e-12 || parts.Estimates.Share != 1 || math.Abs(parts.Estimates.Mean-want) > 1e-12 {
		t.Errorf("fit %g, estimates %+v; want %g with all the weight", fit, parts.Estimates, want)
	}
	if f, _ := fitParts(far, obs, 5); !(f > fit+0.2) {
		t.Errorf("a forecast twice the estimates scores %g, one that meets them %g: want it clearly worse", f, fit)
	}
}
