package sim_test

import (
	"testing"

	"brink/scenario"
	"brink/sim"
)

func defaultModel(tb testing.TB) *sim.Model {
	tb.Helper()
	sc, err := scenario.Builtin(scenario.DefaultID)
	if err != nil {
		tb.Fatal(err)
	}
	m, err := sim.Compile(sc)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// BenchmarkTrajectory is one full trajectory of the default scenario.
func BenchmarkTrajectory(b *testing.B) {
	m := defaultModel(b)
	w := sim.NewWorld(m)
	b.ReportAllocs()
	var k byte
	for b.Loop() {
		k++
		w.Reset([32]byte{k})
		w.Run()
	}
}
