package mc_test

import (
	"context"
	"fmt"

	"brink/mc"
	"brink/scenario"
	"brink/sim"
)

// Load the built-in scenario, run it 200 times and read the estimates.
func Example() {
	sc, err := scenario.Builtin("ukraine-2022")
	if err != nil {
		panic(err)
	}
	m, err := sim.Compile(sc)
	if err != nil {
		panic(err)
	}
	res := mc.Run(context.Background(), m, mc.Options{N: 200, Seed: 1})
	sum := mc.Summarize(res)
	fmt.Println("trajectories:", sum.Trajectories, "partial:", sum.Partial)
	var total float64
	for _, e := range sum.Ends {
		total += e.P
	}
	fmt.Printf("the endings' probabilities sum to %.0f\n", total)
	// Output:
	// trajectories: 200 partial: false
	// the endings' probabilities sum to 1
}

// Replay one trajectory of a run with its story.
func ExampleTrace() {
	sc, _ := scenario.Builtin("ukraine-2022")
	m, _ := sim.Compile(sc)
	out, events, _ := mc.Trace(m, 1, 42)
	fmt.Println(len(events) > 0, out.Days > 0)
	// Output: true true
}
