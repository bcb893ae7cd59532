package sim

import (
	"fmt"
	"sync"
)

// The uncertain parameters of a model are the numbers its scenario gives as
// distributions: each trajectory draws every one of them once (drawParameters),
// and World.Sampled keeps what it drew, in draw order. Model.UncertainNames
// names them in the same order by their field paths. Constants take no place
// in either.

// Sampled returns the values the current trajectory drew for the model's
// uncertain parameters, in the order of Model.UncertainNames. The slice is
// the World's: it is valid until the next Reset, and must not be modified.
func (w *World) Sampled() []float64 { return w.sampled }

// uncertainNames caches a Model's UncertainNames.
type uncertainNames struct {
	once  sync.Once
	names []string
}

// UncertainNames returns the field paths of the model's uncertain parameters
// ("actors.RUS.politics.resolve", "theatres.ukraine.a.attrition.tanks"; see
// scenario.Scenario.WithValuePaths), in the order of World.Sampled. It is
// worked out once per Model, on first use, and shared: do not modify it.
func (m *Model) UncertainNames() []string {
	if m.uncertain == nil { // a Model not made by Compile
		return labelDraws(m)
	}
	m.uncertain.once.Do(func() { m.uncertain.names = labelDraws(m) })
	return m.uncertain.names
}

// labelDraws runs drawParameters once on a copy of the scenario in which every
// Value's Text is its field path, and records the Text of each value drawn
// that is not a constant. The draw order is drawParameters' own, so names and
// sampled values line up by construction; whether a value is a constant does
// not depend on the trajectory.
func labelDraws(m *Model) []string {
	lm, err := Compile(m.Scenario.WithValuePaths())
	if err != nil {
		// The copy differs from a scenario that compiled only in Texts.
		panic(fmt.Sprintf("sim: compiling the labelled copy of scenario %s: %v", m.Scenario.ID, err))
	}
	w := NewWorld(lm)
	w.labelling = true
	w.labels = []string{}
	w.Reset([32]byte{})
	return w.labels
}
