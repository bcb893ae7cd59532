package report

import (
	"bytes"
	"context"
	"encoding/json"
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
		{evidence.ValidateFormat, evidence.ValidateFile, v, []string{"<h2>Events</h2>", "settled-by-quarantine-end", "brink validate cuba-1962 -n 40 -seed 1"}},
		{evidence.InferFormat, evidence.InferFile, in.Summarise(acc), []string{"<h2>no-arkhipov</h2>", "Bayes factor", "brink infer cuba-1962 -n 40 -seed 1"}},
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
