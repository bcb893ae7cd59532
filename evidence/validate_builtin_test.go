package evidence

import (
	"context"
	"testing"

	"brink/scenario"
)

// Bounds every built-in scenario must keep against its record (at a reduced
// budget: validateN trajectories of seed 1), so that the model cannot drift
// from history unnoticed:
//   - no event that happened (or did not) may get a simulated probability
//     under 1 % (verdict miss);
//   - no observed value may fall outside the central 98 % of the simulated
//     observations (verdict miss);
//   - where a record has at least 10 values, at least half of them must fall
//     inside their central 80 % band.
const (
	validateN       = 300
	minCover80      = 0.5
	minValuesForCov = 10
)

// knownFailures are the observations that today's model misses. They are
// the model's failures, not the record's: the record says what happened,
// and is not loosened to let the model pass. Each entry is still checked:
// the test logs those that now pass (remove them from here), and every
// observation not listed must pass.
var knownFailures = map[string]map[string]string{
	// ukraine-2022: the March 2022 high-water mark is still short in the median
	// (0.18 against 0.22) but inside the predictive band once the territory
	// points carry the model's discrepancy (sd 0.02), so it is not listed.
	// kargil-1999: the heights held at Pakistan's withdrawal are handed back
	// since the side withdraws on capitulation (withdraws_on_capitulation).
}

func TestValidateBuiltins(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every built-in scenario")
	}
	for _, id := range scenario.BuiltinIDs() {
		t.Run(id, func(t *testing.T) {
			sc, err := scenario.Builtin(id)
			if err != nil {
				t.Fatal(err)
			}
			if sc.Record == nil {
				t.Fatalf("built-in %s has no record", id)
			}
			v, err := Validate(context.Background(), sc, sc.Record, Options{N: validateN, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			known := knownFailures[id]
			in80, values := 0, 0
			for _, l := range v.Lines {
				_, isKnown := known[l.ID]
				if l.Value != nil {
					values++
					if l.Value.In80 {
						in80++
					}
				}
				switch {
				case l.Verdict == VerdictMiss && !isKnown:
					t.Errorf("%s: %s misses its record: %+v %+v", id, l.ID, l.Event, l.Value)
				case l.Verdict != VerdictMiss && isKnown:
					t.Logf("%s: %s (a known failure: %s) now passes: remove it from knownFailures", id, l.ID, known[l.ID])
				}
			}
			for k := range known {
				found := false
				for _, l := range v.Lines {
					found = found || l.ID == k
				}
				if !found {
					t.Errorf("knownFailures names %s, which is not in the record of %s", k, id)
				}
			}
			if values >= minValuesForCov && float64(in80) < minCover80*float64(values) {
				t.Errorf("%s: only %d of %d values inside their 80 %% band (bound %.0f %%)", id, in80, values, 100*minCover80)
			}
		})
	}
}

// The out-of-sample record of ukraine-2022 (2024) stays readable against the
// scenario, and the model does not miss it.
func TestValidateOutOfSample(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ukraine-2022")
	}
	sc, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := scenario.LoadRecord("../data/records/ukraine-2022-2024.yaml", sc)
	if err != nil {
		t.Fatal(err)
	}
	// Russia's casualties of 2024 sit at about the 97th percentile (a known
	// weakness, README), near the 99th that makes a miss: 1,000 trajectories
	// put the percentile within about half a point (sd √(0.97·0.03/1000)),
	// where 100 moved it across the line with a change of random streams.
	v, err := Validate(context.Background(), sc, rec, Options{N: 1000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range v.Lines {
		if l.Verdict == VerdictMiss {
			t.Errorf("2024: %s misses: %+v", l.ID, l.Event)
		}
	}
}
