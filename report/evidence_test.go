package report

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"brink/evidence"
	"brink/results"
	"brink/scenario"
)

// The directories of validate and infer render as pages of their own.
func TestEvidencePages(t *testing.T) {
	sc, err := scenario.Builtin("cuba-1962")
	if err != nil {
		t.Fatal(err)
	}
	v, err := evidence.Validate(context.Background(), sc, sc.Record, evidence.Options{N: 40, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// cuba-1962 has no front: a move as ukraine-2022's record gives them.
	v.Moves = append(v.Moves, evidence.Move{Theatre: "ukraine", From: "2022-08-31", To: "2022-09-30", Observed: -0.018, Percentile: 0.005, P10: -0.0001, P90: 0.0001, Still: 0.95})
	in, err := evidence.NewInferrer(sc, sc.Record, evidence.InferOptions{Options: evidence.Options{N: 40, Seed: 1}, Variants: []string{"no-arkhipov"}})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := in.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		format, file string
		rep          any
		want         []string
	}{
		{evidence.ValidateFormat, evidence.ValidateFile, v, []string{"<h2>Events</h2>", `id="events-chart-t"`, `id="values-chart-t"`, "settled-by-quarantine-end",
			"A calibrated model on the same points (40 simulated histories", "<h2>Moves of the front</h2>", "<td>2022-08-31</td><td>2022-09-30</td><td class=\"num\">-1.80</td>", "brink validate cuba-1962 -n 40 -seed 1"}},
		{evidence.InferFormat, evidence.InferFile, in.Summarise(acc), []string{"What the record says about the assumptions: no-arkhipov", "Bayes factor", `id="bf-t"`, "nothing after it to forecast", `id="ridge-baseline-t"`, `id="dens-0-t"`,
			"What these numbers do not say", "brink infer cuba-1962 -n 40 -seed 1"}},
	} {
		dir := t.TempDir()
		man := results.NewManifest(sc, 1, 40, 0, 0, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		man.Format, man.Done = c.format, 40
		mj, _ := json.Marshal(man)
		rj, _ := json.Marshal(c.rep)
		if err := results.WriteFiles(dir, results.File{Name: results.ManifestFile, Data: mj}, results.File{Name: c.file, Data: rj}); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := Render(&b, dir); err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		for _, w := range c.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s page lacks %q", c.format, w)
			}
		}
	}
}

// Smoothing a density for a chart keeps its mass (the kernel is reflected
// at the ends) and leaves a flat density flat.
func TestSmoothKeepsMass(t *testing.T) {
	d := make([]float64, 50)
	flat := make([]float64, 50)
	for i := range d {
		d[i] = float64((i*7)%11) / 5
		flat[i] = 1
	}
	for _, ess := range []float64{3, 30, 3000} {
		var before, after float64
		for i, x := range smooth(d, ess) {
			before += d[i]
			after += x
		}
		if math.Abs(after-before) > 1e-6*before {
			t.Errorf("ess %v: mass %v, smoothed %v", ess, before, after)
		}
		for _, x := range smooth(flat, ess) {
			if math.Abs(x-1) > 1e-6 {
				t.Fatalf("ess %v: a flat density smoothed to %v", ess, x)
			}
		}
	}
}
