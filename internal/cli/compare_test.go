package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"brink/mc"
	"brink/results"
)

const compareScenario = "testdata/compare.yaml"

// The text table: every variant under every outcome, the no-op variant
// recognised as the baseline itself; the same bytes for 1 and 3 workers.
func TestCompareText(t *testing.T) {
	r := brink(t, "compare", compareScenario, "-n", "300", "-workers", "1", "-no-save")
	wantCode(t, r, exitOK)
	for _, want := range []string{"baseline and 3 variants on common random numbers: 300 trajectories each, seed 1",
		"Newcombe's method 10", "unresolved at the horizon (frozen war or standing crisis)\n  baseline", "\n  calm ", "\n  nervous ",
		"(the baseline itself)", "first use by loss of control"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the table lacks %q\n%s", want, r)
		}
	}
	r3 := brink(t, "compare", compareScenario, "-n", "300", "-workers", "3", "-no-save")
	wantCode(t, r3, exitOK)
	if r3.stdout != r.stdout {
		t.Errorf("1 and 3 workers print different tables:\n%s\n%s", r.stdout, r3.stdout)
	}
}

// -json: the comparison's own figures of each variant are those brink run
// -variant prints with the same seed and count, and the paired tables add up
// to them.
func TestCompareJSONMatchesRun(t *testing.T) {
	r := brink(t, "compare", "ukraine-2022", "-variants", "incompetence", "-n", "300", "-seed", "4", "-json", "-no-save")
	wantCode(t, r, exitOK)
	var rep mc.CompareReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r)
	}
	if !reflect.DeepEqual(rep.Variants, []string{"incompetence"}) || len(rep.Summaries) != 2 || rep.Trajectories != 300 || rep.Seed != 4 {
		t.Fatalf("variants %v, %d summaries, %d trajectories, seed %d", rep.Variants, len(rep.Summaries), rep.Trajectories, rep.Seed)
	}
	for i, variant := range []string{"", "incompetence"} {
		args := []string{"run", "ukraine-2022", "-n", "300", "-seed", "4", "-json", "-no-save"}
		if variant != "" {
			args = append(args, "-variant", variant)
		}
		rr := brink(t, args...)
		wantCode(t, rr, exitOK)
		var s mc.Summary
		if err := json.Unmarshal([]byte(rr.stdout), &s); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*rep.Summaries[i], s) {
			t.Errorf("%q: the comparison's summary differs from brink run's", variant)
		}
		byName := map[string]mc.Estimate{}
		for _, e := range append(s.Ends, s.Events...) {
			byName[e.Name] = e
		}
		if s.World != nil {
			for _, e := range s.World.Events {
				byName[e.Name] = e
			}
		}
		for _, oc := range rep.Outcomes {
			e := oc.Baseline
			if i > 0 {
				e = oc.Variants[0].Estimate
			}
			want, ok := byName[oc.Name]
			if !ok { // a capitulation that happened only under the other model
				want.Lo, want.Hi = mc.Wilson(0, 300, mc.Z95)
			}
			if e.Count != want.Count || e.P != want.P || e.Lo != want.Lo || e.Hi != want.Hi {
				t.Errorf("%q, %s: compare %+v, run %+v", variant, oc.Name, e, want)
			}
			if i > 0 {
				p := oc.Variants[0].Paired
				if p.Both+p.BaseOnly != oc.Baseline.Count || p.Both+p.VariantOnly != e.Count || p.N() != 300 {
					t.Errorf("%s: paired %+v against counts %d, %d", oc.Name, p, oc.Baseline.Count, e.Count)
				}
			}
		}
	}
}

// -out keeps the manifest (the baseline's, format brink-compare/1),
// compare.json, summary.txt (what was printed) and summary.json, and does not
// enter the run catalog.
func TestCompareOutDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cmp")
	r := brink(t, "compare", compareScenario, "-variants", "calm,same", "-n", "200", "-out", dir)
	wantCode(t, r, exitOK)
	var man results.Manifest
	read := func(name string, v any) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if v != nil {
			if err := json.Unmarshal(b, v); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		return b
	}
	read(results.ManifestFile, &man)
	if man.Format != compareFormat || man.Variant != "" || man.Scenario != "compare" || man.Seed != 1 || man.Trajectories != 200 || man.Done != 200 || man.ScenarioText == "" {
		t.Errorf("manifest %+v", man)
	}
	var rep mc.CompareReport
	read("compare.json", &rep)
	if !reflect.DeepEqual(rep.Variants, []string{"calm", "same"}) || len(rep.Summaries) != 3 || len(rep.Outcomes) == 0 {
		t.Errorf("compare.json: variants %v, %d summaries, %d outcomes", rep.Variants, len(rep.Summaries), len(rep.Outcomes))
	}
	if txt := read(results.SummaryTextFile, nil); string(txt) != r.stdout {
		t.Errorf("summary.txt differs from what was printed")
	}
	var sum struct {
		Manifest   results.Manifest  `json:"manifest"`
		Comparison *mc.CompareReport `json:"comparison"`
	}
	read(results.SummaryFile, &sum)
	if sum.Comparison == nil || sum.Manifest.Format != compareFormat || len(sum.Comparison.Outcomes) != len(rep.Outcomes) {
		t.Errorf("summary.json: %+v", sum)
	}
	runs := brink(t, "runs", "-json")
	if strings.Contains(runs.stdout, dir) {
		t.Errorf("the comparison entered the run catalog\n%s", runs)
	}
}

func TestCompareUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-variants", "calm,nosuch"}, `no variant "nosuch"; its variants are: calm, nervous, same`},
		{[]string{"-variants", "calm,calm"}, "calm is named twice"},
		{[]string{"-variants", "calm,"}, "expected a,b,c or all"},
		{[]string{"-n", "0"}, "-n must be at least 1"},
		{[]string{"-workers", "0"}, "-workers must be at least 1"},
		{[]string{"-out", "x", "-no-save"}, "exclude each other"},
		{[]string{"other.yaml"}, "at most one scenario"},
	} {
		r := brink(t, append([]string{"compare", compareScenario}, tc.args...)...)
		wantCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("%v: want %q on stderr\n%s", tc.args, tc.want, r)
		}
	}
	r := brink(t, "compare", "no-such-file.yaml")
	wantCode(t, r, exitUsage)
}

// A comparison stopped before anything finished says so and keeps nothing.
func TestCompareInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "cmp")
	r := brinkCtx(t, ctx, false, "compare", compareScenario, "-n", "1000", "-out", dir)
	wantCode(t, r, exitFail)
	if !strings.Contains(r.stderr, "interrupted before any trajectory finished") {
		t.Errorf("%s", r)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("an interrupted comparison left %s", dir)
	}
}
