package sim

import (
	"math"
	"strings"
	"testing"
)

// compaction_from: furthest counts a side's compaction from the most it has
// held: B, starting on 0.7 of the field, once held 0.75; pushed back to 0.3
// its defence is multiplied by 0.75/0.3 = 2.5 (κ = 1), where counted from its
// start it is 0.7/0.3. While B gives ground only, both count from 0.7.
func TestCompactionFromFurthestLine(t *testing.T) {
	for _, c := range []struct {
		from string
		want float64
	}{{"start", 0.7 / 0.3}, {"furthest", 0.75 / 0.3}} {
		m := testdataModel(t, "front.yaml", func(text string) string {
			return strings.Replace(text, "      attacker_losses: 1\n",
				"      attacker_losses: 1\n      compaction: 1\n      compaction_from: "+c.from+"\n", 1)
		})
		w := NewWorld(m)
		w.Reset(eventKey(1))
		ts := &w.th[0]
		ts.front.posture = [2]int8{postureDefend, postureDefend} // neither attacks: the front stays where it is put
		ts.territory = 0.25                                      // B holds 0.75, more than at the start
		w.moveFront(0)
		if got := ts.compacted(1); got != 1 {
			t.Errorf("from %s: B on 0.75 is compacted by %g, want 1", c.from, got)
		}
		ts.territory = 0.7 // B pushed back to 0.3
		if got := ts.compacted(1); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("from %s: B on 0.3 after holding 0.75 is compacted by %g, want %g", c.from, got, c.want)
		}
	}
}

// An offensive advances at the local ratio c·q of its point of main effort:
// in front.yaml q = 1 (2000 against 1000 behind a defence advantage of 2),
// so with c = 2 side a takes v_max·4/5 a day (b = 2) where at c = 1 it takes
// v_max/2.
func TestOffensiveAdvancesAtItsLocalRatio(t *testing.T) {
	m := testdataModel(t, "front.yaml", func(text string) string {
		return strings.Replace(text, "      attacker_losses: 1\n", "      attacker_losses: 1\n      concentration_sd: 0.5\n", 1)
	})
	for _, c := range []float64{1, 2, 0.5} {
		w := NewWorld(m)
		w.Reset(eventKey(1))
		w.Step() // the first day: the sides' powers (no attrition: they stay)
		ts := &w.th[0]
		ts.front.posture = [2]int8{postureAttack, postureDefend}
		ts.front.conc[0] = c
		q := ts.ratioOver(0)
		if math.Abs(q-1) > 1e-12 {
			t.Fatalf("q = %g, want 1", q)
		}
		x0 := ts.territory
		w.moveFront(0)
		want := AdvanceRate(0.001, c*q, 2) * w.dt
		if got := ts.territory - x0; math.Abs(got-want) > 1e-15 {
			t.Errorf("c = %g: the front moved %.6g in a day, want v_max·(cq)²/(1+(cq)²) = %.6g", c, got, want)
		}
	}
}

// The concentration of each offensive considered is lognormal: ln c is
// normal with mean 0 and sd σ_c. Side a of front.yaml attacks at every epoch
// (attack_above tiny), so each epoch's draw is the c its offensive keeps.
func TestConcentrationIsLognormal(t *testing.T) {
	const sd = 0.5
	m := testdataModel(t, "front.yaml", func(text string) string {
		return strings.Replace(text, "      attacker_losses: 1\n", "      attacker_losses: 1\n      concentration_sd: 0.5\n", 1)
	})
	w := NewWorld(m)
	w.Reset(eventKey(2))
	w.Step() // the first day: the sides' powers
	const n = 20000
	var sum, sum2 float64
	r := w.rng[StreamDecision]
	for range n {
		w.choosePostures(r, 0)
		if w.th[0].front.posture[0] != postureAttack {
			t.Fatal("side a does not attack")
		}
		if c := w.th[0].front.conc[1]; c != 1 {
			t.Fatalf("side b, defending, has concentration %g, want 1", c)
		}
		x := math.Log(w.th[0].front.conc[0])
		sum += x
		sum2 += x * x
	}
	mean := sum / n
	s := math.Sqrt(sum2/n - mean*mean)
	// Standard errors: sd/√n = 0.0035 for the mean, sd/√(2n) = 0.0025 for the sd.
	if math.Abs(mean) > 5*sd/math.Sqrt(n) || math.Abs(s-sd) > 5*sd/math.Sqrt(2*n) {
		t.Errorf("ln c: mean %.4f, sd %.4f over %d offensives; want 0 and %g", mean, s, n, sd)
	}
}

// The attritional advance adds a·v_max·min(q, 1)·f to the S-curve, f how
// dug in the defender is: in front.yaml q = 1 (b = 2), so with a = 0.05 and
// B dug in to 0.5 side a takes v_max·(1/2 + 0.025) a day at c = 1,
// v_max·(1/17 + 0.025/4) at c = 1/4, at c = 2 the S-curve's 4/5 plus
// 0.025 (the ratio counts up to 1), and against a hasty defence (f = 0) the
// S-curve alone.
func TestAttritionalAdvance(t *testing.T) {
	m := testdataModel(t, "front.yaml", func(text string) string {
		return strings.Replace(text, "      attacker_losses: 1\n", "      attacker_losses: 1\n      attritional_advance: 0.05\n", 1)
	})
	for _, c := range []struct{ conc, fort, want float64 }{
		{1, 0.5, 0.5 + 0.025}, {0.25, 0.5, 1.0/17 + 0.025/4}, {2, 0.5, 0.8 + 0.025}, {1, 0, 0.5}, {1, 1, 0.55},
	} {
		w := NewWorld(m)
		w.Reset(eventKey(1))
		w.Step()
		ts := &w.th[0]
		ts.front.posture = [2]int8{postureAttack, postureDefend}
		ts.front.conc[0] = c.conc
		ts.front.fort[1] = c.fort
		if q := ts.ratioOver(0); math.Abs(q-1) > 1e-12 {
			t.Fatalf("q = %g, want 1", q)
		}
		x0 := ts.territory
		w.moveFront(0)
		if got, want := ts.territory-x0, 0.001*c.want*w.dt; math.Abs(got-want) > 1e-15 {
			t.Errorf("c = %g, f = %g: the front moved %.6g in a day, want %.6g", c.conc, c.fort, got, want)
		}
	}
}
