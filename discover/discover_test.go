package discover

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"brink/results"
)

// planted draws n rows of d assumptions uniform on [0, 1]; the outcome has
// rate in inside the box x0 ≥ lo0, x1 ≤ hi1 and rate out elsewhere.
func planted(seed uint64, n, d int, lo0, hi1, in, out float64) Data {
	r := rand.New(rand.NewPCG(seed, 7))
	data := Data{X: make([][]float64, d), Y: make([]bool, n)}
	for j := range d {
		data.Names = append(data.Names, "x"+string(rune('0'+j)))
		data.Columns = append(data.Columns, "col_x"+string(rune('0'+j)))
		data.X[j] = make([]float64, n)
	}
	for i := range n {
		for j := range d {
			data.X[j][i] = r.Float64()
		}
		p := out
		if data.X[0][i] >= lo0 && data.X[1][i] <= hi1 {
			p = in
		}
		data.Y[i] = r.Float64() < p
	}
	return data
}

func restrictionOf(b Box, name string) (Restriction, bool) {
	for _, r := range b.Restrictions {
		if r.Param == name {
			return r, true
		}
	}
	return Restriction{}, false
}

// PRIM recovers a planted box: the two dimensions it restricts, their
// bounds within 0.03, its density and coverage near the planted ones, small
// quasi-p-values, and no restriction on the three noise dimensions.
func TestPlantedBox(t *testing.T) {
	for _, tc := range []struct {
		name    string
		n       int
		in, out float64
	}{
		{"common", 20000, 0.3, 0.01},
		{"rare", 60000, 0.03, 0.001}, // a nuclear-use-like base rate, 0.45 %
	} {
		t.Run(tc.name, func(t *testing.T) {
			const lo0, hi1 = 0.6, 0.3
			data := planted(1, tc.n, 5, lo0, hi1, tc.in, tc.out)
			res, err := Run(data, "y", "y", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Boxes) == 0 {
				t.Fatalf("no box found: %v", res.Notes)
			}
			b := res.Boxes[0]
			t.Logf("%s", res.Text())
			if len(b.Restrictions) != 2 {
				t.Fatalf("box restricts %d assumptions, want 2: %+v", len(b.Restrictions), b.Restrictions)
			}
			r0, ok0 := restrictionOf(b, "x0")
			r1, ok1 := restrictionOf(b, "x1")
			if !ok0 || !ok1 {
				t.Fatalf("box does not restrict x0 and x1: %+v", b.Restrictions)
			}
			if !r0.Lower || r0.Upper || math.Abs(r0.Lo-lo0) > 0.03 {
				t.Errorf("x0: %s, want x ≥ %g ± 0.03", r0.Range(), lo0)
			}
			if !r1.Upper || r1.Lower || math.Abs(r1.Hi-hi1) > 0.03 {
				t.Errorf("x1: %s, want x ≤ %g ± 0.03", r1.Range(), hi1)
			}
			mass := (1 - lo0) * hi1
			cover := mass * tc.in / (mass*tc.in + (1-mass)*tc.out)
			if math.Abs(b.Density-tc.in) > 0.25*tc.in {
				t.Errorf("density %.4f, want %.4f ± 25 %%", b.Density, tc.in)
			}
			if math.Abs(b.Coverage-cover) > 0.1 {
				t.Errorf("coverage %.3f, want %.3f ± 0.1", b.Coverage, cover)
			}
			for _, r := range b.Restrictions {
				if r.QuasiP > 1e-6 {
					t.Errorf("quasi-p of %s is %g, want < 1e-6", r.Param, r.QuasiP)
				}
			}
			if b.Noise || b.TestP > 1e-4 {
				t.Errorf("the planted box is called noise (test p %g): %s", b.TestP, b.Verdict)
			}
			// The ranking: x0 and x1 first, the noise dimensions called noise.
			if res.Influence[0].Param != "x0" && res.Influence[0].Param != "x1" || res.Influence[1].Param != "x0" && res.Influence[1].Param != "x1" {
				t.Errorf("ranking starts %s, %s; want x0 and x1", res.Influence[0].Param, res.Influence[1].Param)
			}
			for _, inf := range res.Influence[2:] {
				if !inf.Noise {
					t.Errorf("noise dimension %s is not called noise (adjusted p %g)", inf.Param, inf.PAdjusted)
				}
			}
			for _, inf := range res.Influence[:2] {
				if inf.Noise {
					t.Errorf("%s is called noise (adjusted p %g)", inf.Param, inf.PAdjusted)
				}
			}
		})
	}
}

// A restriction on a dimension that does not matter has a large quasi-p-
// value; one on a dimension that does, a tiny one.
func TestQuasiPNoiseDimension(t *testing.T) {
	data := planted(2, 20000, 4, 0.6, 0.3, 0.3, 0.01)
	rows := make([]int, len(data.Y))
	for i := range rows {
		rows[i] = i
	}
	b := fullBox(4)
	b.lo[0], b.hi[1] = 0.6, 0.3
	b.hi[2] = 0.5 // noise: x2 plays no part
	if p := quasiP(data.X, data.Y, rows, b, 2); p < 0.2 {
		t.Errorf("quasi-p of the noise restriction is %g, want ≥ 0.2", p)
	}
	for _, j := range []int{0, 1} {
		if p := quasiP(data.X, data.Y, rows, b, j); p > 1e-10 {
			t.Errorf("quasi-p of real restriction %d is %g, want < 1e-10", j, p)
		}
	}
}

// When the outcome does not depend on the assumptions, no box holds up.
func TestNoBoxInNoise(t *testing.T) {
	for seed := range uint64(3) {
		data := planted(10+seed, 40000, 6, 0.6, 0.3, 0.005, 0.005)
		res, err := Run(data, "y", "y", Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range res.Boxes {
			if !b.Noise {
				t.Errorf("seed %d: box %d in pure noise holds up: %s", seed, b.Rank, res.Text())
			}
		}
		if !strings.Contains(res.Answer(), "no region") && !strings.Contains(res.Answer(), "noise") {
			t.Errorf("seed %d: the answer does not say the result is noise: %s", seed, res.Answer())
		}
	}
}

// A second box is found among the rows outside the first.
func TestSecondBox(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	n := 40000
	data := Data{Names: []string{"a", "b", "c"}, Columns: []string{"a", "b", "c"}, X: make([][]float64, 3), Y: make([]bool, n)}
	for j := range 3 {
		data.X[j] = make([]float64, n)
	}
	for i := range n {
		for j := range 3 {
			data.X[j][i] = r.Float64()
		}
		p := 0.01
		switch {
		case data.X[0][i] > 0.8:
			p = 0.4
		case data.X[1][i] > 0.85:
			p = 0.25
		}
		data.Y[i] = r.Float64() < p
	}
	res, err := Run(data, "y", "y", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Boxes) != 2 {
		t.Fatalf("%d boxes, want 2:\n%s", len(res.Boxes), res.Text())
	}
	if r, ok := restrictionOf(res.Boxes[0], "a"); !ok || math.Abs(r.Lo-0.8) > 0.03 {
		t.Errorf("box 1: %+v, want a ≥ 0.8", res.Boxes[0].Restrictions)
	}
	if r, ok := restrictionOf(res.Boxes[1], "b"); !ok || math.Abs(r.Lo-0.85) > 0.03 {
		t.Errorf("box 2: %+v, want b ≥ 0.85", res.Boxes[1].Restrictions)
	}
}

// The peeling trajectory trades coverage for density: coverage never rises
// along it, and its first box holds everything.
func TestTrajectory(t *testing.T) {
	data := planted(3, 10000, 3, 0.5, 0.5, 0.2, 0.02)
	res, err := Run(data, "y", "y", Options{})
	if err != nil {
		t.Fatal(err)
	}
	tr := res.Boxes[0].Trajectory
	if tr[0].Mass != 1 || tr[0].Coverage != 1 || tr[0].Restricted != 0 {
		t.Errorf("first box of the trajectory: %+v", tr[0])
	}
	for i := 1; i < len(tr); i++ {
		if tr[i].Coverage > tr[i-1].Coverage || tr[i].Mass >= tr[i-1].Mass {
			t.Fatalf("step %d: coverage %g after %g, mass %g after %g", i, tr[i].Coverage, tr[i-1].Coverage, tr[i].Mass, tr[i-1].Mass)
		}
	}
	last := tr[len(tr)-1]
	if last.Mass < res.Options.MassMin-1e-9 {
		t.Errorf("last box's mass %g is below the minimum %g", last.Mass, res.Options.MassMin)
	}
	if last.Density <= tr[0].Density {
		t.Errorf("peeling did not raise the density: %g → %g", tr[0].Density, last.Density)
	}
}

// A parameter with few values peels a whole value at a time.
func TestDiscreteParameter(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	n := 20000
	data := Data{Names: []string{"k", "u"}, Columns: []string{"k", "u"}, X: [][]float64{make([]float64, n), make([]float64, n)}, Y: make([]bool, n)}
	for i := range n {
		k := float64(r.IntN(4))
		data.X[0][i], data.X[1][i] = k, r.Float64()
		p := 0.01
		if k == 3 {
			p = 0.2
		}
		data.Y[i] = r.Float64() < p
	}
	res, err := Run(data, "y", "y", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Boxes) == 0 {
		t.Fatalf("no box: %v", res.Notes)
	}
	rk, ok := restrictionOf(res.Boxes[0], "k")
	if !ok || !rk.Lower || rk.Lo != 3 {
		t.Errorf("box %+v, want k ≥ 3", res.Boxes[0].Restrictions)
	}
	if _, ok := restrictionOf(res.Boxes[0], "u"); ok {
		t.Errorf("box restricts the noise dimension u: %+v", res.Boxes[0].Restrictions)
	}
}

// Closed forms of the two tails.
func TestTails(t *testing.T) {
	// Binomial(10, 1/2): P(X ≥ 8) = (45 + 10 + 1) / 1024.
	if got, want := binomialUpper(8, 10, 0.5), 56.0/1024; math.Abs(got-want) > 1e-14 {
		t.Errorf("P(X≥8 | 10, 0.5) = %.17g, want %.17g", got, want)
	}
	// P(X ≥ 1) = 1 − (1−p)^n, for a rare p and a large n.
	if got, want := binomialUpper(1, 1000000, 1e-6), -math.Expm1(1e6*math.Log1p(-1e-6)); math.Abs(got-want) > 1e-12 {
		t.Errorf("P(X≥1 | 1e6, 1e-6) = %.17g, want %.17g", got, want)
	}
	// Lower side: P(X ≥ 2 | 20, 0.3) = 1 − 0.7^20 − 20·0.3·0.7^19.
	if got, want := binomialUpper(2, 20, 0.3), 1-math.Pow(0.7, 20)-20*0.3*math.Pow(0.7, 19); math.Abs(got-want) > 1e-13 {
		t.Errorf("P(X≥2 | 20, 0.3) = %.17g, want %.17g", got, want)
	}
	if binomialUpper(0, 5, 0.2) != 1 || binomialUpper(6, 5, 0.2) != 0 {
		t.Error("edge cases of the binomial tail")
	}
	// χ² with 2 degrees of freedom: P(χ² ≥ x) = e^(−x/2).
	for _, x := range []float64{0.1, 1, 3, 10, 40} {
		if got, want := chiSquareUpper(x, 2), math.Exp(-x/2); math.Abs(got-want) > 1e-12*math.Max(1, want) {
			t.Errorf("χ²₂ ≥ %g: %.17g, want %.17g", x, got, want)
		}
	}
	// Tabled 95 % points.
	for _, c := range []struct {
		x  float64
		nu int
	}{{3.841458820694124, 1}, {9.487729036781154, 4}, {18.307038053275146, 10}} {
		if got := chiSquareUpper(c.x, c.nu); math.Abs(got-0.05) > 1e-9 {
			t.Errorf("P(χ²_%d ≥ %g) = %.12g, want 0.05", c.nu, c.x, got)
		}
	}
}

func TestParseOutcome(t *testing.T) {
	l := results.RowsLayout{End: "end", Capitulated: "capitulating_actor", HighestRung: "highest_rung", DirectWar: "direct_war",
		NuclearUse: "nuclear_use", FirstUseDay: "first_use_day", FirstUseBy: "first_use_by", FirstUseKind: "first_use_kind",
		Territory: []string{"territory_ukraine"}, All: []string{"end", "capitulating_actor", "highest_rung", "direct_war", "nuclear_use",
			"first_use_day", "first_use_by", "first_use_kind", "territory_ukraine", "losses_RUS_tanks"}}
	tab := &Table{N: 3, Num: map[string][]float64{
		"nuclear_use": {1, 0, 0}, "territory_ukraine": {0.01, 0.5, 0.04}, "highest_rung": {9, 6, 10}, "losses_RUS_tanks": {10, 2000, 30}},
		Str: map[string][]string{"end": {"settlement", "capitulation", "frozen"}, "capitulating_actor": {"", "UKR", ""}, "first_use_kind": {"false_alarm", "", ""}}}
	for _, c := range []struct {
		spec string
		want []bool
	}{
		{"nuclear_use", []bool{true, false, false}},
		{"settlement", []bool{true, false, false}},
		{"capitulation", []bool{false, true, false}},
		{"capitulation:UKR", []bool{false, true, false}},
		{"first_use_false_alarm", []bool{true, false, false}},
		{"territory:ukraine<0.05", []bool{true, false, true}},
		{"highest_rung>=9", []bool{true, false, true}},
		{"losses:RUS:tanks > 100", []bool{false, true, false}},
		{"end!=frozen", []bool{true, true, false}},
	} {
		o, err := ParseOutcome(c.spec, l, []string{"ukraine"})
		if err != nil {
			t.Errorf("%s: %v", c.spec, err)
			continue
		}
		got := o.Hits(tab)
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: %v, want %v", c.spec, got, c.want)
				break
			}
		}
	}
	for _, bad := range []string{"", "nuclear", "territory:mars<0.1", "highest_rung<abc"} {
		if _, err := ParseOutcome(bad, l, []string{"ukraine"}); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
