package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validate and infer: misuse gives usage and exit 2; a run prints its table
// or JSON; a record file is read with positioned errors.
func TestValidateInferCLI(t *testing.T) {
	for _, args := range [][]string{
		{"validate", "-n", "0"},
		{"validate", "a.yaml", "b.yaml"},
		{"validate", "-bogus"},
		{"infer", "-use", "some"},
		{"infer", "-until", "2023-13-01"},
		{"infer", "-shard", "3/2"},
		{"infer", "-merge", "x.json", "-shard", "1/2"},
		{"infer", "-variants", "no-such-variant", "-n", "10"},
		{"infer", "-smc", "-shard", "1/2"},
		{"infer", "-smc", "-particles", "1"},
		{"infer", "-smc", "-moves", "0"},
	} {
		r := brink(t, args...)
		wantCode(t, r, exitUsage)
		if r.stderr == "" {
			t.Errorf("%v: no message", args)
		}
	}
	r := brink(t, "validate", "cold-war-year", "-n", "50")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "no-nuclear-use") || !strings.Contains(r.stdout, "a posterior is only as good as the model") {
		t.Errorf("validate output lacks its lines or its caveat:\n%s", r.stdout)
	}
	r = brink(t, "validate", "kargil-1999", "-n", "50", "-json")
	wantCode(t, r, exitOK)
	var v struct {
		Observations []struct {
			ID      string `json:"id"`
			Verdict string `json:"verdict"`
		} `json:"observations"`
		Cover80 *float64 `json:"coverage_80"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || len(v.Observations) == 0 || v.Cover80 == nil {
		t.Fatalf("validate -json: %v\n%s", err, r.stdout)
	}

	dir := t.TempDir()
	rec := filepath.Join(dir, "rec.yaml")
	os.WriteFile(rec, []byte("observations:\n  - {id: x, event: nuclear_use, date: 1985-03-01, happened: false, actor: NOPE}\n"), 0o644)
	r = brink(t, "validate", "cold-war-year", "-record", rec)
	wantCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, "rec.yaml:2:") || !strings.Contains(r.stderr, "unknown actor") {
		t.Errorf("a bad record file gives no positioned error:\n%s", r.stderr)
	}
	os.WriteFile(rec, []byte("observations:\n  - {id: x, event: nuclear_use, date: 1985-03-01, happened: false}\n"), 0o644)
	r = brink(t, "infer", "cold-war-year", "-record", rec, "-n", "64", "-variants", "detente", "-json")
	wantCode(t, r, exitOK)
	var in struct {
		Hypotheses []struct {
			Variant     string  `json:"variant"`
			ESS         float64 `json:"ess"`
			BayesFactor float64 `json:"bayes_factor"`
		} `json:"hypotheses"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &in); err != nil || len(in.Hypotheses) != 2 || in.Hypotheses[0].ESS <= 0 {
		t.Fatalf("infer -json: %v\n%s", err, r.stdout)
	}

	// -smc adds resample-and-move to the output, the same for any -workers.
	smc1 := brink(t, "infer", "cold-war-year", "-record", rec, "-n", "64", "-smc", "-particles", "40", "-moves", "2", "-workers", "1", "-json")
	wantCode(t, smc1, exitOK)
	smc3 := brink(t, "infer", "cold-war-year", "-record", rec, "-n", "64", "-smc", "-particles", "40", "-moves", "2", "-workers", "3", "-json")
	var withSMC struct {
		Hypotheses []struct {
			SMC *struct {
				Particles int `json:"particles"`
				Stages    []struct {
					ESS float64 `json:"ess"`
				} `json:"stages"`
			} `json:"smc"`
		} `json:"hypotheses"`
	}
	if err := json.Unmarshal([]byte(smc1.stdout), &withSMC); err != nil || withSMC.Hypotheses[0].SMC == nil || withSMC.Hypotheses[0].SMC.Particles != 40 || len(withSMC.Hypotheses[0].SMC.Stages) == 0 {
		t.Fatalf("infer -smc -json: %v\n%s", err, smc1.stdout)
	}
	if smc1.stdout != smc3.stdout {
		t.Error("infer -smc depends on -workers")
	}

	// Shards saved and merged give the unsharded inference.
	whole := brink(t, "infer", "cold-war-year", "-record", rec, "-n", "200", "-json")
	s1, s2 := filepath.Join(dir, "s1.json"), filepath.Join(dir, "s2.json")
	wantCode(t, brink(t, "infer", "cold-war-year", "-record", rec, "-n", "200", "-shard", "1/2", "-save", s1), exitOK)
	wantCode(t, brink(t, "infer", "cold-war-year", "-record", rec, "-n", "200", "-shard", "2/2", "-save", s2), exitOK)
	merged := brink(t, "infer", "cold-war-year", "-record", rec, "-n", "200", "-merge", s1+","+s2, "-json")
	wantCode(t, merged, exitOK)
	if merged.stdout != whole.stdout {
		t.Error("merged shards differ from the whole inference")
	}
	// -resume completes the sums of a part (here the first shard's) to the whole.
	resumed := brink(t, "infer", "cold-war-year", "-record", rec, "-n", "200", "-resume", s1, "-json")
	wantCode(t, resumed, exitOK)
	if resumed.stdout != whole.stdout {
		t.Error("the resumed inference differs from the whole")
	}
	wantCode(t, brink(t, "infer", "cold-war-year", "-record", rec, "-n", "200", "-merge", s1+","+s2+","+s1), exitFail)
}
