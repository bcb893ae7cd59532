package mc

import (
	"fmt"

	"brink/scenario"
	"brink/sim"
)

// Check does to a parsed scenario what 'brink check' promises: it applies
// every variant and compiles the scenario and each variant into a model, as
// 'brink run' does, so that check accepts exactly what run runs. scenario's
// validation is meant to catch everything with a position; an error of
// sim.Compile that reaches here is reported without one, and is a gap in it.
func Check(sc *scenario.Scenario) error {
	if err := sc.CheckVariants(); err != nil {
		return err
	}
	if _, err := sim.Compile(sc); err != nil {
		return fmt.Errorf("%s: %v", sc.File, err)
	}
	for _, v := range sc.Variants {
		vs, err := sc.WithVariant(v.ID)
		if err == nil {
			_, err = sim.Compile(vs)
		}
		if err != nil {
			return fmt.Errorf("%s: variant %s: %v", sc.File, v.ID, err)
		}
	}
	return nil
}
