package sim_test

import (
	"reflect"
	"slices"
	"testing"

	"brink/mc"
	"brink/scenario"
	"brink/sim"
)

// Pinning the values a trajectory drew gives the same trajectory to the
// bit; pinning others makes Sampled report them, and only they differ.
func TestPin(t *testing.T) {
	sc, err := scenario.Builtin(scenario.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	w := sim.NewWorld(m)
	key := mc.StreamKey(sc.Hash, 1, 3)
	w.Reset(key)
	drawn := slices.Clone(w.Sampled())
	if len(drawn) != len(m.UncertainNames()) || len(drawn) == 0 {
		t.Fatalf("%d draws, %d names", len(drawn), len(m.UncertainNames()))
	}
	want := *w.Run()
	w.Pin(drawn)
	w.Reset(key)
	if got := *w.Run(); !reflect.DeepEqual(got, want) {
		t.Fatal("pinning the drawn values changed the trajectory")
	}
	other := slices.Clone(drawn)
	for i := range other {
		v, err := m.Scenario.ValueAt(m.UncertainNames()[i])
		if err != nil {
			t.Fatal(err)
		}
		other[i] = v.Quantile(0.5)
	}
	w.Pin(other)
	w.Reset(key)
	if !slices.Equal(w.Sampled(), other) {
		t.Fatal("Sampled does not report the pinned values")
	}
	w.Pin(nil)
	w.Reset(key)
	if !slices.Equal(w.Sampled(), drawn) {
		t.Fatal("unpinning does not restore the draws")
	}
}
