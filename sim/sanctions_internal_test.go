package sim

import (
	"math"
	"testing"
)

// A member's evasion follows its pressure: the scenario's evasion at z = 0,
// none for one pressed hard, twice as much (at most all) for a reluctant one,
// and it falls as the pressure rises.
func TestEvasionFollowsPressure(t *testing.T) {
	sn := sanctionState{evasion: 0.2}
	for _, c := range []struct{ z, want float64 }{{0, 0.2}, {50, 0}, {-50, 0.4}, {math.Log(3), 0.1}} {
		if got := sn.evasionOf(c.z); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("evasion at z = %g: %g, want %g", c.z, got, c.want)
		}
	}
	prev := 1.0
	for z := -10.0; z <= 10; z += 0.5 {
		e := sn.evasionOf(z)
		if e > prev {
			t.Fatalf("evasion rises with pressure at z = %g", z)
		}
		prev = e
	}
	if got := (&sanctionState{evasion: 0.8}).evasionOf(-50); got != 1 {
		t.Errorf("evasion of a reluctant member with evasion 0.8: %g, want 1 (capped)", got)
	}
}
