package sim

import (
	"math"
	"testing"
)

// TestDefaultScenarioWorldRespondsToNuclearUse: in ukraine-2022, the same
// trajectories (common random numbers) with and without an early Russian
// nuclear use (an unauthorised detonation within weeks). In the aggregate the
// use enlarges the sanctions coalition, starts more weapons programmes, and
// deepens the cut of Russia's trade — each by more than four standard errors
// of the paired differences.
func TestDefaultScenarioWorldRespondsToNuclearUse(t *testing.T) {
	const use = `
  - id: early-use
    description: an unauthorised Russian detonation within weeks
    set:
      actors.RUS.nuclear.unauthorised_per_year: [20, 20, 20, 20]
`
	base, forced := builtinModel(t, use, ""), builtinModel(t, use, "early-use")
	n := 600
	if testing.Short() {
		n = 200
	}
	rus := base.ActorIndex("RUS")
	measures := []struct {
		name string
		of   func(w *World) float64
	}{
		{"sanctions coalition at its largest", func(w *World) float64 { return float64(w.Out.SanctionsMax) }},
		{"weapons programmes started", func(w *World) float64 {
			c := 0.0
			for _, p := range w.Out.Prolif {
				if p != ProlifNone {
					c++
				}
			}
			return c
		}},
		{"Russia's trade loss at the end", func(w *World) float64 { return w.ws.econ[rus].tradeLoss }},
	}
	wb, wu := NewWorld(base), NewWorld(forced)
	sum, sum2 := make([]float64, len(measures)), make([]float64, len(measures))
	used := 0
	for k := range n {
		key := internalKey(70, k)
		wb.Reset(key)
		wb.Run()
		wu.Reset(key)
		wu.Run()
		if wu.Out.NuclearUse && wu.Out.FirstUseBy == rus {
			used++
		}
		for i, m := range measures {
			d := m.of(wu) - m.of(wb)
			sum[i] += d
			sum2[i] += d * d
		}
	}
	if used < n*9/10 {
		t.Fatalf("only %d of %d trajectories saw the Russian use", used, n)
	}
	for i, m := range measures {
		mean := sum[i] / float64(n)
		se := math.Sqrt((sum2[i]/float64(n) - mean*mean) / float64(n))
		t.Logf("%s: %+.3f after a nuclear use (paired SE %.4f)", m.name, mean, se)
		if se == 0 || mean < 4*se {
			t.Errorf("%s: difference %.4f, paired SE %.4f: a nuclear use should raise it clearly", m.name, mean, se)
		}
	}
}
