package sim

import (
	"math"
	"testing"
)

// An audience cost a lowers the utility of stepping down, and of nothing
// else, by a·S (resolve × stakes): the choice then follows the logit with
// the lowered utility. Checked on the default scenario's Western supply
// relations at their opening epoch, with the audience cost drawn by the
// file and set to 0.
func TestAudienceCostOnlyOnStepDown(t *testing.T) {
	m := builtinModel(t, "", "")
	w := NewWorld(m)
	checked := 0
	for _, id := range []string{"USA", "GBR", "FRA", "NATO"} {
		i, rus := m.ActorIndex(id), m.ActorIndex("RUS")
		q := m.Rel(i, rus)
		s := w.sideOf(q, i)
		for k := range 50 {
			w.Reset([32]byte{7, byte(k)})
			a := w.act[i].audience
			if a <= 0 || a > 0.1 {
				t.Fatalf("%s: audience cost %g drawn outside the file's uniform(0, 0.1)", id, a)
			}
			w.refreshEstimates()
			w.refreshViews()
			w.weighOptions(q, s, 0, false)
			with := w.scratch.util
			allowed := w.scratch.allowed
			w.act[i].audience = 0
			w.weighOptions(q, s, 0, false)
			without := w.scratch.util
			if !allowed[optDown] {
				t.Fatalf("%s: stepping down from the supply rung not allowed", id)
			}
			S := w.rel[q].stakes[s]
			for o := range numOptions {
				if !allowed[o] {
					continue
				}
				want := without[o]
				if o == optDown {
					want -= a * S
				}
				if math.Abs(with[o]-want) > 1e-15 {
					t.Errorf("%s trajectory %d: %s utility %g with audience cost %g, want %g", id, k, optionNames[o], with[o], a, want)
				}
			}
			checked++
		}
	}
	if checked != 200 {
		t.Fatalf("checked %d", checked)
	}
}
