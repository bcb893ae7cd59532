package evidence

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// With independent points a calibrated model's coverage is binomial: mean
// 50 % and 80 %, and 90 % of histories within about ±1.645·√(p(1−p)/m) of
// it for m points. With points that move together (every point of a
// history at the same rank) a history's points are all inside a band or all
// outside it: the range is the whole of 0–100 %. Events are not counted,
// and ties count half, as mc.PIT.
func TestCoverageSpread(t *testing.T) {
	const n, m = 2000, 40
	np := m + 1 // the last probe is an event
	value := make([]bool, np)
	for i := range m {
		value[i] = true
	}
	r := rand.New(rand.NewPCG(1, 2))
	indep := make([]float64, n*np)
	together := make([]float64, n*np)
	for k := range n {
		z := r.NormFloat64()
		for i := range np {
			indep[k*np+i] = r.NormFloat64()
			together[k*np+i] = z + 1e-9*float64(i)
		}
		indep[k*np+m], together[k*np+m] = 1e9, 1e9 // an event's slot: not a value
	}
	s, ok := coverageSpread(indep, n, np, value, 500)
	if !ok || s.Histories != 500 {
		t.Fatalf("independent points: %+v, %v", s, ok)
	}
	sd50, sd80 := math.Sqrt(0.25/m), math.Sqrt(0.16/m)
	if math.Abs(s.Mean50-0.5) > 0.02 || math.Abs(s.Mean80-0.8) > 0.02 {
		t.Errorf("independent points: mean coverage %.3f and %.3f, want 0.5 and 0.8", s.Mean50, s.Mean80)
	}
	if math.Abs(s.Lo50-(0.5-1.645*sd50)) > 0.05 || math.Abs(s.Hi50-(0.5+1.645*sd50)) > 0.05 ||
		math.Abs(s.Lo80-(0.8-1.645*sd80)) > 0.05 || math.Abs(s.Hi80-min(1, 0.8+1.645*sd80)) > 0.05 {
		t.Errorf("independent points: ranges [%.3f, %.3f] and [%.3f, %.3f], want about 0.5 ± %.3f and 0.8 ± %.3f",
			s.Lo50, s.Hi50, s.Lo80, s.Hi80, 1.645*sd50, 1.645*sd80)
	}
	c, ok := coverageSpread(together, n, np, value, 500)
	if !ok || c.Lo50 != 0 || c.Hi50 != 1 || c.Lo80 != 0 || c.Hi80 != 1 || math.Abs(c.Mean50-0.5) > 0.06 {
		t.Errorf("points that move together: %+v, want ranges 0-1 and mean near 0.5", c)
	}
	// One constant value: every history sits at the 50th percentile.
	flat := make([]float64, n)
	f, ok := coverageSpread(flat, n, 1, []bool{true}, 10)
	if !ok || f.Mean50 != 1 || f.Lo80 != 1 {
		t.Errorf("ties: %+v, want every history inside both bands", f)
	}
	if _, ok := coverageSpread(indep, n, np, make([]bool, np), 10); ok {
		t.Error("no value probes, yet a spread")
	}
	if v := s.Verdict(0.93, 1); !strings.Contains(v, "too wide") {
		t.Errorf("93 %% and 100 %% against %+v: %q", s, v)
	}
	if v := s.Verdict(0.2, 0.5); !strings.Contains(v, "too narrow") {
		t.Errorf("20 %% and 50 %%: %q", v)
	}
	if v := s.Verdict(0.5, 0.8); !strings.Contains(v, "consistent") {
		t.Errorf("50 %% and 80 %%: %q", v)
	}
}
