package sim

import "testing"

// A trace shows a rare choice that was made with its chance, not as p=0.00.
func TestChanceText(t *testing.T) {
	for _, c := range []struct {
		p    float64
		want string
	}{
		{0, "0.00"}, {0.0031, "0.0031"}, {0.00004, "4e-05"}, {0.01, "0.01"},
		{0.5, "0.50"}, {0.99, "0.99"}, {0.997, "0.997"}, {1, "1.00"},
	} {
		if got := chanceText(c.p); got != c.want {
			t.Errorf("chanceText(%g) = %q, want %q", c.p, got, c.want)
		}
	}
}
