package sim

import (
	"encoding/binary"
	"math"
	"testing"
)

func firstUseModel(t *testing.T) *Model {
	t.Helper()
	return testdataModel(t, "firstuse.yaml", nil)
}

// runAtRate runs trajectory key with A's share of the theatre set each day
// to 0.5 − rate·day/7, and returns the day of A's deliberate first use, or −1.
func runAtRate(w *World, key [32]byte, rate float64) int {
	w.Reset(key)
	for !w.done && w.Day < w.M.Scenario.HorizonDays {
		w.th[0].territory = max(0, 0.5-rate*float64(w.Day)/7)
		w.Step()
	}
	if w.Out.NuclearUse && w.Out.FirstUseKind == UseDeliberate {
		return w.Out.FirstUseDay
	}
	return -1
}

// TestFirstUseRisesWithRateOfLoss (testdata/firstuse.yaml): the hazard of a
// deliberate first use rises with the rate at which the state loses ground,
// other things equal. Three rates of loss of A's share of the theatre (0, 2
// and 4 % a week) on common random numbers: without loss the doctrine's
// envelope stays closed and there is no use; with loss, the faster rate
// brings more uses (paired: the trajectories that use at the slow rate but
// not at the fast one are fewer, by more than three standard errors of the
// paired difference), and within each week the chance of use (from the
// logit's own probabilities) is larger at the faster rate at the same share
// held.
func TestFirstUseRisesWithRateOfLoss(t *testing.T) {
	m := firstUseModel(t)
	w := NewWorld(m)
	const n = 1000
	rates := []float64{0, 0.02, 0.04}
	uses := make([]int, len(rates))
	onlySlow, onlyFast := 0, 0
	for k := range n {
		var key [32]byte
		key[0] = 0x51
		binary.LittleEndian.PutUint64(key[1:], uint64(k))
		var used [3]bool
		for i, r := range rates {
			if runAtRate(w, key, r) >= 0 {
				uses[i]++
				used[i] = true
			}
		}
		switch {
		case used[1] && !used[2]:
			onlySlow++
		case used[2] && !used[1]:
			onlyFast++
		}
	}
	t.Logf("deliberate first use within %d days, by rate of loss %v: %v of %d (discordant pairs: slow only %d, fast only %d)",
		m.Scenario.HorizonDays, rates, uses, n, onlySlow, onlyFast)
	if uses[0] != 0 {
		t.Errorf("no loss of ground, doctrine envelope closed: %d first uses, want 0", uses[0])
	}
	// Paired comparison (McNemar): the difference of the discordant counts
	// against its standard error.
	d := float64(onlyFast - onlySlow)
	se := math.Sqrt(float64(onlyFast + onlySlow))
	if uses[1] == 0 || d <= 3*se {
		t.Errorf("first uses at 2 %%/week %d, at 4 %%/week %d: paired difference %.0f, want > 3 × %.1f", uses[1], uses[2], d, se)
	}

	// Other things equal, to the letter: the same share held now (0.44),
	// reached at 0.6 or at 1.2 % a week over the last four weeks. The
	// chance of the nuclear option rises with the rate.
	pNuc := func(rate float64) float64 {
		w.Reset([32]byte{1})
		h := 0.44
		for e := 4; e >= 0; e-- {
			w.Day = 28 - 7*e
			w.th[0].territory = h + rate*float64(e)
			w.recordFronts()
		}
		w.th[0].started, w.th[0].active = true, true
		w.refreshEstimates()
		w.refreshViews()
		a := w.weighOptions(m.Principal, 0, 0, false)
		sc := &w.scratch
		if !sc.allowed[optUp] {
			t.Fatalf("rate %g: the nuclear rung is not permitted", rate)
		}
		logitProbs(sc.util[:], a.lambda, sc.allowed[:], sc.probs[:])
		return sc.probs[optUp]
	}
	slow, fast := pNuc(0.006), pNuc(0.012)
	t.Logf("P(nuclear use this week | holding 0.44): %.4f after losing 0.6 %%/week, %.4f after 1.2 %%/week", slow, fast)
	if !(fast > slow) {
		t.Errorf("P(nuclear use) %.4f at the faster rate, %.4f at the slower: want it to rise with the rate of loss", fast, slow)
	}
}
