package sweep

import (
	"math"
	"testing"
)

func TestShareOf(t *testing.T) {
	for _, c := range []struct {
		x, lo, hi float64
		want      Share
		text      string
	}{
		{0.42, 0.2, 0.61, Share{Value: 0.42, Lo: 0.2, Hi: 0.61}, "0.42 [0.20, 0.61]"},
		{-0.09, -0.3, 0.1, Share{Value: 0, Lo: 0, Hi: 0.1, Noise: true, Clamped: true}, "≈0 [0.00, 0.10], noise"},
		{0.57, 0.2, 1.47, Share{Value: 0.57, Lo: 0.2, Hi: 1, Clamped: true}, "0.57 [0.20, 1.00]"},
		{0.1, -0.02, 0.3, Share{Value: 0.1, Lo: 0, Hi: 0.3, Noise: true, Clamped: true}, "0.10 [0.00, 0.30], noise"},
		{math.NaN(), 0, 0, Share{Noise: true}, "≈0 [0.00, 0.00], noise"},
	} {
		got := ShareOf(Number(c.x), Number(c.lo), Number(c.hi))
		if got != c.want {
			t.Errorf("ShareOf(%g, %g, %g) = %+v, want %+v", c.x, c.lo, c.hi, got, c.want)
		}
		if s := got.String(); s != c.text {
			t.Errorf("ShareOf(%g, %g, %g): %q, want %q", c.x, c.lo, c.hi, s, c.text)
		}
	}
}
