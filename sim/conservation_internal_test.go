package sim

// Internal tests: they read the World's unexported state.

import (
	"encoding/binary"
	"math"
	"testing"

	"brink/scenario"
)

func internalKey(tag byte, k int) [32]byte {
	var key [32]byte
	key[0] = tag
	binary.LittleEndian.PutUint64(key[1:], uint64(k))
	key[31] = 0x1c
	return key
}

func builtinModel(tb testing.TB, variantText string, variant string) *Model {
	tb.Helper()
	src, err := scenario.BuiltinSource(scenario.DefaultID)
	if err != nil {
		tb.Fatal(err)
	}
	// The variants list is the last section of the built-in file, so a variant
	// can be appended to it.
	sc, err := scenario.Parse(scenario.DefaultID+".yaml", append(append([]byte(nil), src...), variantText...))
	if err != nil {
		tb.Fatal(err)
	}
	if variant != "" {
		if sc, err = sc.WithVariant(variant); err != nil {
			tb.Fatal(err)
		}
	}
	m, err := Compile(sc)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// TestConservationOfUnits: in the default scenario, after a trajectory, for
// every actor and category,
//
//	active + storage = initial active + initial storage + built − lost + received − sent
//
// (forceState.supplied is received − sent, forceState.built what production
// added). Also: what is sent is received, nothing is negative.
func TestConservationOfUnits(t *testing.T) {
	t.Run("supply balanced, nothing negative", func(t *testing.T) { checkConservation(t, false) })
	t.Run("identity", func(t *testing.T) {
		checkConservation(t, true)
	})
}

func checkConservation(t *testing.T, identity bool) {
	m := builtinModel(t, "", "")
	w := NewWorld(m)
	nf := len(w.fo)
	init0 := make([]float64, nf)
	store0 := make([]float64, nf)
	refurbishing, aged := false, false
	for k := range 30 {
		key := internalKey(1, k)
		w.Reset(key)
		for i := range w.fo {
			init0[i] = w.fo[i].active + w.fo[i].storage
			store0[i] = w.fo[i].storage
			aged = aged || (w.fo[i].aged && w.fo[i].refurb > 0)
			refurbishing = refurbishing || (w.fo[i].refurb > 0 && w.fo[i].storage > 0)
		}
		w.Reset(key)
		w.Run()
		nc := len(m.Categories)
		net := make([]float64, nc)
		for i := range w.fo {
			f := &w.fo[i]
			a, c := m.Actors[i/nc], m.Categories[i%nc]
			net[i%nc] += f.supplied
			if f.active < 0 || f.storage < 0 || f.lost < 0 || f.built < 0 {
				t.Errorf("trajectory %d, %s %s: negative stock: active %g, storage %g, lost %g, built %g", k, a, c, f.active, f.storage, f.lost, f.built)
			}
			want := init0[i] + f.built - f.lost + f.supplied + f.added
			got := f.active + f.storage
			// Vintages: the position in the storage profile is what has left the store.
			if d := math.Abs(f.drawn - (store0[i] - f.storage)); identity && f.aged && d > 1e-9*max(1, store0[i]) {
				t.Errorf("trajectory %d, %s %s: %.4f units drawn along the storage profile, but the store went from %.4f to %.4f",
					k, a, c, f.drawn, store0[i], f.storage)
			}
			if d := math.Abs(got - want); identity && d > 1e-9*max(1, math.Abs(want)) {
				t.Errorf("trajectory %d (day %d), %s %s: active %.4f + storage %.4f = %.4f, but initial %.4f + built %.4f − lost %.4f + net received %.4f = %.4f (off by %.4f)",
					k, w.Day, a, c, f.active, f.storage, got, init0[i], f.built, f.lost, f.supplied, want, got-want)
			}
		}
		for c, s := range net {
			if math.Abs(s) > 1e-6 {
				t.Errorf("trajectory %d, %s: units sent and received differ by %g", k, m.Categories[c], s)
			}
		}
		if t.Failed() {
			return // one trajectory's worth of messages is enough
		}
	}
	if !refurbishing || !aged {
		t.Errorf("test set-up: no force refurbishes from storage (%v) or none with vintages (%v); the test would not cover it", refurbishing, aged)
	}
}

// TestCommonRandomNumbersAlarms: a variant that changes only Belarus's
// politics (constants replaced by constants, so the parameter stream is drawn
// identically) must leave the false alarms of trajectory k as they were for
// as long as the alert levels of the nuclear actors agree: the alarm stream is
// separate from the decision stream, so the alarm draws depend on the
// history only through the alert levels. Base and variant are stepped in
// lockstep; before each turn, while every nuclear actor's alert level is the
// same in both, the false-alarm counts after the turn must be identical. Once
// the alert levels differ the streams may part (an alarm at another alert
// level is drawn with another rate), so the comparison of that trajectory
// stops there; the test reports how often that happens.
func TestCommonRandomNumbersAlarms(t *testing.T) {
	const variant = `  - id: blr-politics
    description: test variant, Belarus's politics only
    set:
      actors.BLR.politics.resolve: 0.95
      actors.BLR.politics.cost_sensitivity: 0.2
      actors.BLR.politics.risk_tolerance: 0.6
      actors.BLR.politics.rationality: 20
      actors.BLR.politics.bluff_propensity: 0.2
`
	base := builtinModel(t, variant, "")
	vari := builtinModel(t, variant, "blr-politics")
	if base.Scenario.Hash != vari.Scenario.Hash {
		t.Fatal("a variant must keep the scenario hash (its streams)")
	}
	blr := base.ActorIndex("BLR")
	var compared, wholeRuns, alertSplits, daysCompared, rungDiffers, alarmsSeen int
	for k := range 60 {
		key := internalKey(2, k)
		wb, wv := NewWorld(base), NewWorld(vari)
		wb.Reset(key)
		wv.Reset(key)
		// Everything but Belarus's politics is drawn alike.
		for i := range wb.act {
			ab, av := wb.act[i], wv.act[i]
			if i == blr {
				continue
			}
			if ab != av {
				t.Fatalf("trajectory %d: %s's parameters differ between base and variant:\n%+v\n%+v", k, base.Actors[i], ab, av)
			}
		}
		if wb.th[0].commit[0][0] != wv.th[0].commit[0][0] || wb.th[0].defAdv != wv.th[0].defAdv {
			t.Fatalf("trajectory %d: theatre parameters differ between base and variant", k)
		}
		compared++
		split := false
		for !wb.done && !wv.done {
			same := true
			for i := range wb.act {
				if wb.act[i].nuclear && wb.act[i].alert != wv.act[i].alert {
					same = false
				}
			}
			if !same {
				alertSplits++
				split = true
				break
			}
			wb.Step()
			wv.Step()
			daysCompared++
			if wb.Out.Alarms != wv.Out.Alarms {
				t.Fatalf("trajectory %d, day %d: with the same alert levels throughout, false alarms differ: base %d, variant %d",
					k, wb.Day, wb.Out.Alarms, wv.Out.Alarms)
			}
			for q := range wb.rel {
				if wb.rel[q].rung != wv.rel[q].rung {
					rungDiffers++
					break
				}
			}
			if !wb.done && wb.Day >= base.Scenario.HorizonDays {
				wb.end(EndFrozen, -1)
			}
			if !wv.done && wv.Day >= vari.Scenario.HorizonDays {
				wv.end(EndFrozen, -1)
			}
		}
		alarmsSeen += wb.Out.Alarms
		if !split && wb.done && wv.done {
			wholeRuns++
		}
	}
	t.Logf("%d trajectories, %d turns compared; %d compared to the end of both, %d stopped when alert levels parted; "+
		"%d turns on which some rung differed; %d false alarms in the base runs compared",
		compared, daysCompared, wholeRuns, alertSplits, rungDiffers, alarmsSeen)
	if rungDiffers == 0 {
		t.Error("test set-up: the variant changed no rung on any day; the comparison says nothing")
	}
	if daysCompared < 20000 || alarmsSeen < 1000 {
		t.Errorf("test set-up: only %d turns and %d alarms compared", daysCompared, alarmsSeen)
	}
}

// TestCommonRandomNumbersParameters: a variant that replaces a distribution
// by another (here Belarus's resolve, a constant 0.3, by beta(3, 7), of the
// same mean) should leave every other parameter of trajectory k as it was.
// Each parameter is drawn from its own generator seeded by one number of the
// parameter stream, so a variant that changes how one value is drawn (here
// Belarus's resolve, a constant made a Beta of the same mean) leaves every
// other parameter of trajectory k as it was: the comparison stays paired.
func TestCommonRandomNumbersParameters(t *testing.T) {
	const variant = `  - id: blr-resolve
    description: test variant, Belarus's resolve as a distribution of the same mean
    set:
      actors.BLR.politics.resolve: beta(3, 7)
`
	base := builtinModel(t, variant, "")
	vari := builtinModel(t, variant, "blr-resolve")
	wb, wv := NewWorld(base), NewWorld(vari)
	differ := 0
	const n = 20
	for k := range n {
		key := internalKey(3, k)
		wb.Reset(key)
		wv.Reset(key)
		if wb.th[0].commit[0][0] != wv.th[0].commit[0][0] {
			differ++
		}
	}
	if differ > 0 {
		t.Errorf("in %d of %d trajectories Russia's commitment to the Ukraine theatre (a parameter the variant does not touch) is drawn differently in base and variant: "+
			"all parameters share one sequential stream, so a variant that changes how a value is drawn shifts every later draw", differ, n)
	}
}
