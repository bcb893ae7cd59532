package sim_test

import (
	"testing"

	"brink/scenario"
	"brink/sim"
)

// No strike on a nuclear power is answered by a step down within a week
// unless the branch drawn allowed it: over at least 200 trajectories with a
// nuclear use, from the default scenario and its incompetence variant (where
// uses are common), Outcome.DownAfterStrike — step downs by the struck power,
// or by one answering for it, within 7 days of the strike and without the
// branch "none" — is 0, and every use on a nuclear power draws an answer.
func TestNoStepDownAfterStrikeOnNuclearPower(t *testing.T) {
	uses, answered := 0, 0
	for _, c := range []struct {
		variant string
		n       int
	}{{"", 1500}, {"incompetence", 20000}} {
		sc, err := scenario.Builtin("ukraine-2022")
		if err != nil {
			t.Fatal(err)
		}
		if c.variant != "" {
			if sc, err = sc.WithVariant(c.variant); err != nil {
				t.Fatal(err)
			}
		}
		m := compile(t, sc)
		w := sim.NewWorld(m)
		for k := range c.n {
			if uses >= 200 {
				break // enough: the incompetence variant runs until 200 uses are seen
			}
			w.Reset(trajKey(61, k))
			o := w.Run()
			if !o.NuclearUse {
				continue
			}
			uses++
			if o.Responses > 0 {
				answered++
			}
			if o.DownAfterStrike != 0 {
				t.Errorf("%q k=%d: %d step downs within a week of a nuclear strike on a nuclear power that the drawn branch did not allow",
					c.variant, k, o.DownAfterStrike)
			}
		}
	}
	t.Logf("%d trajectories with a nuclear use, %d with a doctrine's answer", uses, answered)
	if uses < 200 {
		t.Errorf("only %d trajectories with a nuclear use; the check needs 200", uses)
	}
	if answered == 0 {
		t.Errorf("no nuclear use was answered by a doctrine")
	}
}
