package sim

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"brink/scenario"
)

// TestDumpOutcomes writes the outcomes of many trajectories of the default
// scenario to the file named by BRINK_DUMP, so that two versions of the
// engine can be compared trajectory by trajectory. Skipped without it.
func TestDumpOutcomes(t *testing.T) {
	path := os.Getenv("BRINK_DUMP")
	if path == "" {
		t.Skip("BRINK_DUMP not set")
	}
	sc, err := scenario.Builtin(scenario.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWorld(m)
	var b strings.Builder
	for k := range 2000 {
		w.Reset([32]byte{0xd0, byte(k), byte(k >> 8)})
		o := w.Run()
		fmt.Fprintf(&b, "%d %v %v %v %v %v %v %v %v %v %v %v %v %v %v %v\n", k, o.End, o.EndActor, o.Days, o.HighestRung,
			o.DirectWar, o.DirectWarDay, o.NuclearUse, o.FirstUseDay, o.FirstUseBy, o.FirstUseKind, o.Uses,
			o.Alarms, o.AlarmsPassed, o.Territory, o.Losses)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
