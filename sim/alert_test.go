package sim_test

import (
	"strings"
	"testing"

	"brink/scenario"
	"brink/sim"
)

// Alert posture persists: a raised alert is kept alert_min_dwell_days (30 by
// default) before it is lowered, so over T days an actor makes at most
// 2·T/30 changes plus those a climb of rungs forces — not one a week with
// every threat made and lapsed (86 raises and 86 lowerings in trajectory 0
// of seed 1 before). Checked in a calm trajectory (the default scenario) and
// a tense one (the bluff variant: threats all the time), on their traces.
func TestAlertPersists(t *testing.T) {
	for _, variant := range []string{"", "bluff"} {
		sc, err := scenario.Builtin("ukraine-2022")
		if err != nil {
			t.Fatal(err)
		}
		if variant != "" {
			if sc, err = sc.WithVariant(variant); err != nil {
				t.Fatal(err)
			}
		}
		m := compile(t, sc)
		w := sim.NewWorld(m)
		w.Trace(true)
		for k := range 3 {
			w.Reset(trajKey(41, k))
			o := w.Run()
			changes, last, lower := 0, -1000, 0
			for _, e := range w.Events() {
				if !strings.HasPrefix(e.Text, "RUS raises its nuclear alert") && !strings.HasPrefix(e.Text, "RUS lowers its nuclear alert") {
					continue
				}
				changes++
				if strings.HasPrefix(e.Text, "RUS lowers") {
					lower++
					if e.Day-last < 30 {
						t.Errorf("%q k=%d: RUS lowers its alert on day %d, %d days after the last change", variant, k, e.Day, e.Day-last)
					}
				}
				last = e.Day
			}
			// Each lowering needs 30 days at the level; each raise by a threat
			// 30 days after a lowering: at most 2·T/30 + 2 changes, with
			// a few raises forced by climbs of rungs on top.
			if bound := 2*o.Days/30 + 6; changes > bound {
				t.Errorf("%q k=%d: RUS changes its alert %d times in %d days (%d lowerings), bound %d", variant, k, changes, o.Days, lower, bound)
			}
			t.Logf("%q k=%d: %d alert changes in %d days", variant, k, changes, o.Days)
		}
	}
}
