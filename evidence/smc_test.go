package evidence

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"testing"
)

// Resample-and-move on the conjugate toy, with a record plain importance
// sampling cannot use: no use through day 60, a use by day 62 (a first use
// in a two-day window). λ ~ uniform(0, L); the likelihood is
// e^{−aλ}(1 − e^{−bλ}), a = 61/365, b = 2/365 (turns of hazard), so the
// posterior CDF is G(λ)/G(L) with G(λ) = (1 − e^{−aλ})/a − (1 − e^{−(a+b)λ})/(a+b),
// and the marginal likelihood G(L)/L. Checked: the importance sampler's ESS
// is small; SMC's final population has many distinct trajectories; its
// posterior quantiles have closed-form CDFs within Monte Carlo error of
// their levels (binomial error of the distinct trajectories, 4 standard
// errors); its estimate of the marginal likelihood is within 3 standard
// errors of the closed form; and its results do not depend on the number of workers.
func TestSMCConjugate(t *testing.T) {
	if testing.Short() {
		t.Skip("SMC runs some 40,000 toy trajectories")
	}
	sc := loadToy(t)
	rec := toyRecord(t, sc, []int{60, 62}, []bool{false, true})
	const L = 20.0
	a, b := 61/365.0, 2/365.0
	G := func(l float64) float64 { return (1-math.Exp(-a*l))/a - (1-math.Exp(-(a+b)*l))/(a+b) }
	run := func(workers int) (*Inference, []byte) {
		in, err := NewInferrer(sc, rec, InferOptions{Options: Options{N: 2000, Seed: 5, Workers: workers}})
		if err != nil {
			t.Fatal(err)
		}
		is, err := in.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		r := in.Summarise(is)
		acc, res, err := in.SMC(context.Background(), SMCOptions{Particles: 2000, Moves: 10})
		if err != nil {
			t.Fatal(err)
		}
		in.WithSMC(r, acc, res)
		js, err := json.Marshal(struct {
			A *Accumulator
			R []SMCResult
		}{acc, res})
		if err != nil {
			t.Fatal(err)
		}
		return r, js
	}
	r, js1 := run(1)
	_, js3 := run(3)
	if !bytes.Equal(js1, js3) {
		t.Fatal("SMC depends on the number of workers")
	}
	h := r.Hypotheses[0]
	s := h.SMC
	t.Logf("IS ESS %.1f; SMC distinct %d, mean lik %.5f (closed form %.5f), stages %+v", h.ESS, s.Distinct, s.MeanLik, G(L)/L, s.Stages)
	if s.Error != "" {
		t.Fatal(s.Error)
	}
	if h.ESS > 100 {
		t.Fatalf("importance sampling did not degenerate (ESS %.1f): the test needs a harder record", h.ESS)
	}
	if s.Distinct < 5*int(h.ESS) || s.Distinct < 300 {
		t.Errorf("SMC kept %d distinct trajectories, importance sampling's ESS is %.1f", s.Distinct, h.ESS)
	}
	// The relative error of the product of the stages' mean weights: for
	// 0/1 or near-0/1 weights, Σ (1/ESS_t − 1/N) is its variance.
	var rv float64
	for _, st := range s.Stages {
		rv += 1/st.ESS - 1/2000.0
	}
	if want := G(L) / L; math.Abs(s.MeanLik/want-1) > 3*math.Sqrt(rv) {
		t.Errorf("SMC mean likelihood %v, closed form %v (relative s.e. %.2f)", s.MeanLik, want, math.Sqrt(rv))
	}
	p := h.Params[0]
	se := func(q float64) float64 { return math.Sqrt(q * (1 - q) / float64(s.Distinct)) }
	for _, c := range []struct{ q, got float64 }{{0.05, p.Posterior.P5}, {0.5, p.Posterior.P50}, {0.95, p.Posterior.P95}} {
		if got := G(c.got) / G(L); math.Abs(got-c.q) > 4*se(c.q)+0.01 {
			t.Errorf("posterior %v-quantile %v has closed-form CDF %v (se %.3f)", c.q, c.got, got, se(c.q))
		}
	}
}
