package sim

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// The tempo is an Ornstein–Uhlenbeck process sampled at epochs: stationary
// from the start with log-sd s, lag-one autocorrelation e^(−Δ/τ), and a loss
// multiplier of mean 1. Checked on 200,000 epochs against the closed forms
// (4 standard errors; the autocorrelated samples count as n(1−ρ)/(1+ρ)
// independent ones).
func TestTempoOrnsteinUhlenbeck(t *testing.T) {
	fp := frontParams{tempoSD: 0.3, tempoDays: 60}
	const dt, n = 7.0, 200_000
	r := rand.New(rand.NewPCG(3, 4))
	rho := math.Exp(-dt / fp.tempoDays)
	neff := n * (1 - rho) / (1 + rho)
	eta := fp.startTempo(r)
	var sumF, sumE, sumE2, sumLag float64
	for range n {
		next := fp.stepTempo(r, eta, dt)
		sumF += fp.tempoFactor(eta)
		sumE += eta
		sumE2 += eta * eta
		sumLag += eta * next
		eta = next
	}
	s2 := fp.tempoSD * fp.tempoSD
	meanF := sumF / n
	sdF := math.Sqrt(math.Expm1(s2)) // sd of a lognormal of mean 1
	if math.Abs(meanF-1) > 4*sdF/math.Sqrt(neff) {
		t.Errorf("mean loss multiplier %.4f, want 1 ± %.4f", meanF, 4*sdF/math.Sqrt(neff))
	}
	v := sumE2/n - (sumE/n)*(sumE/n)
	if math.Abs(v-s2) > 4*s2*math.Sqrt(2/neff) {
		t.Errorf("variance of the log tempo %.4f, want %.4f", v, s2)
	}
	if ac := sumLag / n / s2; math.Abs(ac-rho) > 0.02 {
		t.Errorf("lag-one autocorrelation %.4f, want e^(-7/60) = %.4f", ac, rho)
	}
	// Without a tempo nothing is drawn and the multiplier is 1.
	none := frontParams{}
	r0 := rand.New(rand.NewPCG(3, 4))
	if none.startTempo(r0) != 0 || none.stepTempo(r0, 0, dt) != 0 || none.tempoFactor(0) != 1 || r0.Uint64() != rand.New(rand.NewPCG(3, 4)).Uint64() {
		t.Error("a front without a tempo draws or scales")
	}
}

// An operation once begun runs posture_days: in the default scenario (28
// days) no side switches between attack and defence sooner, and its
// postures change a few times a year, not weekly.
func TestPostureHeld(t *testing.T) {
	m := builtinModel(t, "", "")
	w := NewWorld(m)
	w.Trace(true)
	changes, days := 0, 0
	for k := range 40 {
		w.Reset(internalKey(41, k))
		w.RunUntil(m.Scenario.HorizonDays)
		days += w.Day
		last := map[string]int{}
		lastPosture := map[string]string{}
		for _, e := range w.Events() {
			i := strings.Index(e.Text, "'s side ")
			if !strings.HasPrefix(e.Text, "ukraine: ") || i < 0 {
				continue
			}
			side := e.Text[:i]
			posture := strings.Fields(e.Text[i+len("'s side "):])[0]
			if d, ok := last[side]; ok && lastPosture[side] != "withdraws" && posture != "withdraws" && e.Day-d < 28 {
				t.Errorf("trajectory %d, day %d: %s %s %d days after it %s", k, e.Day, side, posture, e.Day-d, lastPosture[side])
			}
			last[side], lastPosture[side] = e.Day, posture
			changes++
		}
	}
	perYear := float64(changes) / (float64(days) / 365)
	t.Logf("%.1f posture changes a year (both sides)", perYear)
	if perYear > 2*365/28.0 {
		t.Errorf("%.1f posture changes a year, want at most %.0f", perYear, 2*365/28.0)
	}
}
