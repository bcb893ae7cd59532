package mc

import "testing"

// Within80 counts the histories whose 80 % coverage lies in 70–90 %, ends
// included (7 of 10 points covered meets the window, to rounding).
func TestSpreadOfWithin80(t *testing.T) {
	in80 := []float64{0.6, 0.7, 0.8, 0.9, 1, 7.0 / 10, 0.69}
	in50 := make([]float64, len(in80))
	s := SpreadOf(in50, in80)
	if want := 4.0 / 7; s.Within80 != want {
		t.Errorf("Within80 = %g, want %g", s.Within80, want)
	}
	if s := SpreadOf(in50[:1], []float64{1}); s.Within80 != 0 {
		t.Errorf("one history covering all: Within80 = %g, want 0", s.Within80)
	}
}
