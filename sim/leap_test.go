package sim_test

import (
	"math"
	"testing"

	"brink/scenario"
	"brink/sim"
)

// ukraine-2022 draws each week's losses at once (combat_step_days 7); its
// variant daily-combat draws them daily. On common random numbers — the same
// trajectory keys — the two must not be told apart: settlements and nuclear
// uses differ in as many trajectories one way as the other (a McNemar z on
// the discordant pairs within ±3.3), and Russia's and Ukraine's mean losses
// by the end agree within 1 % (a leap books up to six days of losses ahead:
// about +0.3 % by the horizon). The leaps are a numerical method, and this is
// the check that they leave the model's answers where the daily draws put
// them.
func TestCombatLeapsMatchDailyDraws(t *testing.T) {
	base, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		t.Fatal(err)
	}
	if base.CombatStepDays != 7 {
		t.Fatalf("ukraine-2022's combat_step_days is %d; this test compares weekly leaps with daily draws", base.CombatStepDays)
	}
	daily, err := base.WithVariant("daily-combat")
	if err != nil {
		t.Fatal(err)
	}
	mw, md := compile(t, base), compile(t, daily)
	ww, wd := sim.NewWorld(mw), sim.NewWorld(md)
	n := 2000
	if testing.Short() {
		n = 500
	}
	nc := len(mw.Categories)
	rus, ukr := mw.ActorIndex("RUS"), mw.ActorIndex("UKR")
	type pair struct{ leap, day int }
	var settled, nuclear pair
	var lossLeap, lossDay [2]float64
	for k := range n {
		key := trajKey(11, k)
		ww.Reset(key)
		a := ww.Run()
		wd.Reset(key)
		b := wd.Run()
		if (a.End == sim.EndSettlement) != (b.End == sim.EndSettlement) {
			if a.End == sim.EndSettlement {
				settled.leap++
			} else {
				settled.day++
			}
		}
		if a.NuclearUse != b.NuclearUse {
			if a.NuclearUse {
				nuclear.leap++
			} else {
				nuclear.day++
			}
		}
		for s, i := range [2]int{rus, ukr} {
			for c := range nc {
				lossLeap[s] += a.Losses[i*nc+c]
				lossDay[s] += b.Losses[i*nc+c]
			}
		}
	}
	for _, c := range []struct {
		what string
		p    pair
	}{{"settlement", settled}, {"nuclear use", nuclear}} {
		d := float64(c.p.leap + c.p.day)
		z := 0.0
		if d > 0 {
			z = float64(c.p.leap-c.p.day) / math.Sqrt(d)
		}
		t.Logf("%s: %d trajectories only with leaps, %d only with daily draws (z = %.2f)", c.what, c.p.leap, c.p.day, z)
		if math.Abs(z) > 3.3 {
			t.Errorf("%s: leaps and daily draws differ beyond the noise (z = %.2f)", c.what, z)
		}
	}
	if settled.leap+settled.day < 20 {
		t.Errorf("only %d discordant settlements: the streams are too alike for the test to show anything", settled.leap+settled.day)
	}
	for s, who := range [2]string{"RUS", "UKR"} {
		r := lossLeap[s]/lossDay[s] - 1
		t.Logf("%s: mean losses with leaps %.1f, daily %.1f (%+.2f %%)", who, lossLeap[s]/float64(n), lossDay[s]/float64(n), 100*r)
		if math.Abs(r) > 0.01 {
			t.Errorf("%s: mean losses with leaps differ from daily draws by %+.2f %%", who, 100*r)
		}
	}
}
