package mc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"brink/mc"
	"brink/sim"
)

func reportJSON(t testing.TB, c *mc.Comparison) []byte {
	t.Helper()
	b, err := json.Marshal(c.Report())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func near(x, want, tol float64) bool { return math.Abs(x-want) <= tol }

// Newcombe (1998), Stat Med 17:873, Table II, method 10 (score intervals
// combined), examples (a), (b), (d), (e), (f), to the four decimals printed.
// Example (d) is also in the tests of the R package ratesci.
func TestNewcombeIndependentPublished(t *testing.T) {
	for _, tc := range []struct {
		k1, n1, k2, n2 int64
		lo, hi         float64
	}{
		{56, 70, 48, 80, 0.0524, 0.3339},
		{9, 10, 3, 10, 0.1705, 0.8090},
		{5, 56, 0, 29, -0.0381, 0.1926},
		{0, 10, 0, 20, -0.1611, 0.2775},
		{0, 10, 0, 10, -0.2775, 0.2775},
	} {
		lo, hi := mc.NewcombeIndependent(tc.k1, tc.n1, tc.k2, tc.n2, mc.Z95)
		if !near(lo, tc.lo, 0.00005) || !near(hi, tc.hi, 0.00005) {
			t.Errorf("%d/%d − %d/%d: [%.4f, %.4f], Newcombe's Table II gives [%.4f, %.4f]", tc.k1, tc.n1, tc.k2, tc.n2, lo, hi, tc.lo, tc.hi)
		}
	}
}

// wilsonBisect finds the Wilson limits as the roots of the score equation
// (p̂ − π)² = z²π(1 − π)/n by bisection, not by the closed form of mc.Wilson.
func wilsonBisect(k, n int64, z float64) (lo, hi float64) {
	p := float64(k) / float64(n)
	f := func(pi float64) float64 { return (p-pi)*(p-pi) - z*z*pi*(1-pi)/float64(n) }
	root := func(a, b float64) float64 { // f(a) > 0 ≥ f(b) or the reverse
		fa := f(a)
		for range 200 {
			m := (a + b) / 2
			if (f(m) > 0) == (fa > 0) {
				a = m
			} else {
				b = m
			}
		}
		return (a + b) / 2
	}
	lo, hi = 0, 1
	if k > 0 {
		lo = root(0, p)
	}
	if k < n {
		hi = root(1, p)
	}
	return lo, hi
}

// newcombePairedBrute computes Newcombe's paired method 10 the long way: the
// pairs written out as two 0/1 vectors, their correlation from sums over the
// vectors (its numerator is n²·cov = n·Σxy − Σx·Σy = ad − bc), Newcombe's
// continuity correction of ad − bc by n/2, Wilson limits by bisection.
func newcombePairedBrute(a, b, c, d int64, z float64) (lo, hi float64) {
	var x, y []float64
	add := func(k int64, u, v float64) {
		for range k {
			x, y = append(x, u), append(y, v)
		}
	}
	add(a, 1, 1)
	add(b, 1, 0)
	add(c, 0, 1)
	add(d, 0, 0)
	n := float64(len(x))
	var sx, sy, sxy, sxx, syy float64
	for i := range x {
		sx += x[i]
		sy += y[i]
		sxy += x[i] * y[i]
		sxx += x[i] * x[i]
		syy += y[i] * y[i]
	}
	adbc := n*sxy - sx*sy // = ad − bc
	switch {
	case adbc > n/2:
		adbc -= n / 2
	case adbc >= 0:
		adbc = 0
	}
	phi := 0.0
	if v := (n*sxx - sx*sx) * (n*syy - sy*sy); v > 0 {
		phi = adbc / math.Sqrt(v)
	}
	p1, p2 := sx/n, sy/n
	l1, u1 := wilsonBisect(a+b, a+b+c+d, z)
	l2, u2 := wilsonBisect(a+c, a+b+c+d, z)
	lo = p1 - p2 - math.Sqrt((p1-l1)*(p1-l1)-2*phi*(p1-l1)*(u2-p2)+(u2-p2)*(u2-p2))
	hi = p1 - p2 + math.Sqrt((p2-l2)*(p2-l2)-2*phi*(p2-l2)*(u1-p1)+(u1-p1)*(u1-p1))
	return lo, hi
}

// The paired interval against the long-way computation, on tables with
// strong, weak, no and negative correlation; it is antisymmetric in b and c;
// with φ corrected to 0 (the Bentur et al. table of Fagerland, Lydersen &
// Laake 2014, where ad − bc = 5 < n/2) it equals the square-and-add of the
// two Wilson intervals.
func TestNewcombePaired(t *testing.T) {
	for _, tab := range [][4]int64{
		{400, 10, 30, 3560}, {223, 1039, 64, 2674}, {1, 1, 7, 12}, {12, 2, 1, 19},
		{10, 40, 35, 15}, {0, 3, 5, 92}, {50, 0, 0, 50}, {0, 0, 0, 20}, {3, 0, 0, 0},
	} {
		a, b, c, d := tab[0], tab[1], tab[2], tab[3]
		lo, hi := mc.NewcombePaired(a, b, c, d, mc.Z95)
		blo, bhi := newcombePairedBrute(a, b, c, d, mc.Z95)
		if !near(lo, blo, 1e-9) || !near(hi, bhi, 1e-9) {
			t.Errorf("%v: [%.10f, %.10f], the long way [%.10f, %.10f]", tab, lo, hi, blo, bhi)
		}
		slo, shi := mc.NewcombePaired(a, c, b, d, mc.Z95)
		if !near(slo, -hi, 1e-12) || !near(shi, -lo, 1e-12) {
			t.Errorf("%v: swapping b and c gives [%g, %g], want [%g, %g]", tab, slo, shi, -hi, -lo)
		}
		if theta := float64(b-c) / float64(a+b+c+d); lo > theta || hi < theta {
			t.Errorf("%v: [%g, %g] excludes the estimate %g", tab, lo, hi, theta)
		}
	}
	lo, hi := mc.NewcombePaired(1, 1, 7, 12, mc.Z95)
	ilo, ihi := mc.NewcombeIndependent(2, 21, 8, 21, mc.Z95)
	if !near(lo, ilo, 1e-15) || !near(hi, ihi, 1e-15) {
		t.Errorf("Bentur: [%g, %g], with φ = 0 want the square-and-add [%g, %g]", lo, hi, ilo, ihi)
	}
}

// The paired interval covers the true difference about 95 % of the time:
// 4000 paired samples of 300 pairs from a multinomial with correlated
// margins (p1 = 0.30, p2 = 0.22, θ = 0.08).
func TestNewcombePairedCoverage(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cells := [4]float64{0.18, 0.12, 0.04, 0.66} // both, first only, second only, neither
	const theta, reps, n = 0.12 - 0.04, 4000, 300
	covered := 0
	for range reps {
		var k [4]int64
		for range n {
			u, j := r.Float64(), 0
			for acc := cells[0]; j < 3 && u >= acc; acc += cells[j] {
				j++
			}
			k[j]++
		}
		lo, hi := mc.NewcombePaired(k[0], k[1], k[2], k[3], mc.Z95)
		if lo <= theta && theta <= hi {
			covered++
		}
	}
	c := float64(covered) / reps
	t.Logf("coverage %.4f", c)
	if c < 0.93 || c > 0.975 {
		t.Errorf("coverage %.4f, want about 0.95", c)
	}
}

// McNemar's exact and mid-p on the Bentur et al. table (b = 1, c = 7) of
// Fagerland, Lydersen & Laake (2013), who give 0.070 and 0.039: exactly
// 18/256 and 10/256. With many discordant pairs the mid-p approaches the
// normal approximation.
func TestMcNemar(t *testing.T) {
	exact, mid := mc.McNemar(1, 7)
	if !near(exact, 18.0/256, 1e-15) || !near(mid, 10.0/256, 1e-15) {
		t.Errorf("McNemar(1, 7) = %g, %g; want 18/256 = %g, 10/256 = %g", exact, mid, 18.0/256, 10.0/256)
	}
	if e, m := mc.McNemar(7, 1); e != exact || m != mid {
		t.Errorf("McNemar is not symmetric: %g, %g", e, m)
	}
	for _, bc := range [][2]int64{{0, 0}, {5, 5}, {1000, 1000}} {
		if e, m := mc.McNemar(bc[0], bc[1]); e != 1 || !near(m, 1, 1e-12) {
			t.Errorf("McNemar(%d, %d) = %g, %g; want 1, 1", bc[0], bc[1], e, m)
		}
	}
	_, m := mc.McNemar(4900, 5100) // z = 200/√10000 = 2
	if want := math.Erfc(2 / math.Sqrt2); !near(m, want, 0.002) {
		t.Errorf("McNemar(4900, 5100) mid-p %g, normal approximation %g", m, want)
	}
	if e, m := mc.McNemar(0, 2000); e != 0 || m != 0 {
		t.Errorf("McNemar(0, 2000) = %g, %g; want 0 (underflow)", e, m)
	}
}

// A comparison gives the same bytes for the same seed, whatever the number
// of workers, and other bytes for another seed.
func TestCompareDeterministic(t *testing.T) {
	ms := []*sim.Model{model(t, goldenScenario, ""), model(t, goldenScenario, "hawks")}
	ctx := context.Background()
	one := reportJSON(t, mc.Compare(ctx, ms, mc.Options{N: 700, Seed: 5, Workers: 1}))
	again := reportJSON(t, mc.Compare(ctx, ms, mc.Options{N: 700, Seed: 5, Workers: 1}))
	three := reportJSON(t, mc.Compare(ctx, ms, mc.Options{N: 700, Seed: 5, Workers: 3}))
	if !bytes.Equal(one, again) {
		t.Error("the same comparison twice gives different bytes")
	}
	if !bytes.Equal(one, three) {
		t.Error("1 and 3 workers give different bytes")
	}
	if other := reportJSON(t, mc.Compare(ctx, ms, mc.Options{N: 700, Seed: 6, Workers: 3})); bytes.Equal(one, other) {
		t.Error("seeds 5 and 6 give the same comparison")
	}
}

// Each model's own figures in a comparison are those of mc.Run with the same
// seed and count (brink run -variant X), and the paired tables agree with
// them: both + base only is the baseline's count, both + variant only the
// variant's.
func TestCompareMatchesRun(t *testing.T) {
	ms := []*sim.Model{model(t, goldenScenario, ""), model(t, goldenScenario, "hawks")}
	opt := mc.Options{N: 500, Seed: 4, Workers: 2}
	c := mc.Compare(context.Background(), ms, opt)
	for i, m := range ms {
		if got, want := jsonOf(t, c.Results[i]), jsonOf(t, mc.Run(context.Background(), m, opt)); !bytes.Equal(got, want) {
			t.Errorf("model %d: the comparison's summary differs from mc.Run's: %s", i, firstDiff(got, want))
		}
	}
	rep := c.Report()
	if len(rep.Variants) != 1 || rep.Variants[0] != "hawks" {
		t.Errorf("variants %v", rep.Variants)
	}
	nonzero := 0
	for _, oc := range rep.Outcomes {
		v := oc.Variants[0]
		p := v.Paired
		if p.N() != 500 || p.Both+p.BaseOnly != oc.Baseline.Count || p.Both+p.VariantOnly != v.Estimate.Count {
			t.Errorf("%s: paired %+v, baseline count %d, variant count %d", oc.Name, p, oc.Baseline.Count, v.Estimate.Count)
		}
		if v.Diff != v.Estimate.P-oc.Baseline.P && math.Abs(v.Diff-(v.Estimate.P-oc.Baseline.P)) > 1e-15 {
			t.Errorf("%s: diff %g, p_v − p_0 = %g", oc.Name, v.Diff, v.Estimate.P-oc.Baseline.P)
		}
		if v.Diff != 0 {
			nonzero++
		}
	}
	if nonzero == 0 {
		t.Error("hawks changes no outcome of the golden scenario; the test means nothing")
	}
}

// The baseline against itself: every difference exactly 0, with a
// zero-width interval, p = 1, not significant.
func TestCompareBaselineWithItself(t *testing.T) {
	base := model(t, goldenScenario, "")
	c := mc.Compare(context.Background(), []*sim.Model{base, base}, mc.Options{N: 300, Seed: 1, Workers: 2})
	if !c.Identical[1] {
		t.Error("the baseline is not recognised as itself")
	}
	for _, oc := range c.Report().Outcomes {
		v := oc.Variants[0]
		if v.Diff != 0 || v.Lo != 0 || v.Hi != 0 || v.PValue != 1 || v.Significant || v.Paired.BaseOnly != 0 || v.Paired.VariantOnly != 0 {
			t.Errorf("%s: baseline against itself gives %+v", oc.Name, v)
		}
	}
}

// Common random numbers make the paired interval of a difference narrower
// than the interval from independent runs of the same size (the variant on
// another seed, Newcombe's method 10 for independent proportions): on the
// built-in scenario, settlement under bluff (a large effect, on a quarter of
// the trajectories, so weakly correlated pairs: a modest gain), and on the
// golden scenario, every outcome under hawks.
func TestComparePairedNarrowerThanIndependent(t *testing.T) {
	ctx := context.Background()
	type pair struct {
		c  *mc.Comparison
		r1 *mc.Result
	}
	runs := map[string]pair{}
	for _, tc := range []struct {
		path, variant, outcome string
		maxRatio               float64 // paired width / independent width
	}{
		{"", "bluff", "settlement", 1},
		{goldenScenario, "hawks", "settlement", 0.8},
		{goldenScenario, "hawks", "frozen", 0.8},
		{goldenScenario, "hawks", "nuclear_use", 0.8},
	} {
		const n = 1000
		pr, ok := runs[tc.path+"\x00"+tc.variant]
		if !ok {
			base, v := model(t, tc.path, ""), model(t, tc.path, tc.variant)
			pr = pair{mc.Compare(ctx, []*sim.Model{base, v}, mc.Options{N: n, Seed: 1}), mc.Run(ctx, v, mc.Options{N: n, Seed: 2})}
			runs[tc.path+"\x00"+tc.variant] = pr
		}
		c, r1 := pr.c, pr.r1
		var paired *mc.VariantDiff
		var k0, k1 int64
		for _, oc := range c.Report().Outcomes {
			if oc.Name == tc.outcome {
				paired, k0 = &oc.Variants[0], oc.Baseline.Count // the baseline on seed 1
			}
		}
		for _, e := range append(mc.Summarize(r1).Ends, mc.Summarize(r1).Events...) {
			if e.Name == tc.outcome {
				k1 = e.Count
			}
		}
		if paired == nil {
			t.Fatalf("no %s in the comparison", tc.outcome)
		}
		ilo, ihi := mc.NewcombeIndependent(k1, n, k0, n, mc.Z95)
		pw, iw := paired.Hi-paired.Lo, ihi-ilo
		t.Logf("%s, %s: paired %+.4f [%+.4f, %+.4f] width %.4f (discordant %d / %d); independent %+.4f [%+.4f, %+.4f] width %.4f; ratio %.3f",
			tc.variant, tc.outcome, paired.Diff, paired.Lo, paired.Hi, pw, paired.Paired.BaseOnly, paired.Paired.VariantOnly,
			float64(k1-k0)/n, ilo, ihi, iw, pw/iw)
		if !(pw < tc.maxRatio*iw) {
			t.Errorf("%s, %s: the paired interval is %.4f wide, the independent one %.4f; want the paired below %.2f of it", tc.variant, tc.outcome, pw, iw, tc.maxRatio)
		}
	}
}
