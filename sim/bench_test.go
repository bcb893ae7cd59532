package sim_test

import (
	"testing"

	"brink/scenario"
	"brink/sim"
)

func defaultModel(tb testing.TB) *sim.Model { return builtinModel(tb, scenario.DefaultID) }

func builtinModel(tb testing.TB, id string) *sim.Model {
	tb.Helper()
	sc, err := scenario.Builtin(id)
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
	var k uint16 // distinct keys for the first 65,536 trajectories: a fair sample
	days := 0
	for b.Loop() {
		k++
		w.Reset([32]byte{byte(k), byte(k >> 8)})
		days += w.Run().Days
	}
	// Days simulated per trajectory: versions whose streams differ are
	// compared per day as well as per trajectory.
	b.ReportMetric(float64(days)/float64(k), "days/op")
}

// BenchmarkTrajectoryCuba is one full trajectory of cuba-1962, a short crisis
// decided daily, with its agent-turns (one actor at one decision epoch) per
// second: the unit in which agent-based simulators compare their speed.
func BenchmarkTrajectoryCuba(b *testing.B) {
	m := builtinModel(b, "cuba-1962")
	w := sim.NewWorld(m)
	every := m.Scenario.DecisionEveryDays
	b.ReportAllocs()
	var k uint16
	turns := 0
	for b.Loop() {
		k++
		w.Reset([32]byte{byte(k), byte(k >> 8)})
		turns += len(m.Actors) * (w.Run().Days/every + 1)
	}
	b.ReportMetric(float64(turns)/b.Elapsed().Seconds(), "agent-turns/s")
}

// BenchmarkStep is one turn of the default scenario, mid-trajectory: a
// trajectory that lasts to the horizon, stepped from day 100 to day 1000 and
// then started again (the restart is not timed).
func BenchmarkStep(b *testing.B) {
	m := defaultModel(b)
	w := sim.NewWorld(m)
	var key [32]byte
	found := false
	for k := range 200 {
		key = [32]byte{0xbe, byte(k)}
		w.Reset(key)
		if w.Run().Days >= 1000 {
			found = true
			break
		}
	}
	if !found {
		b.Fatal("no trajectory of the default scenario reaches day 1000")
	}
	start := func() {
		w.Reset(key)
		for w.Day < 100 {
			w.Step()
		}
	}
	start()
	b.ReportAllocs()
	for b.Loop() {
		if w.Day >= 1000 {
			b.StopTimer()
			start()
			b.StartTimer()
		}
		w.Step()
	}
}
