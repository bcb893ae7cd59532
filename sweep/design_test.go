package sweep

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestGrid(t *testing.T) {
	pts := Grid(2, 3)
	want := [][]float64{
		{1. / 6, 1. / 6}, {1. / 6, 3. / 6}, {1. / 6, 5. / 6},
		{3. / 6, 1. / 6}, {3. / 6, 3. / 6}, {3. / 6, 5. / 6},
		{5. / 6, 1. / 6}, {5. / 6, 3. / 6}, {5. / 6, 5. / 6},
	}
	if len(pts) != len(want) {
		t.Fatalf("Grid(2, 3) has %d points, want %d", len(pts), len(want))
	}
	for p := range want {
		for j := range want[p] {
			if d := pts[p][j] - want[p][j]; d > 1e-15 || d < -1e-15 {
				t.Errorf("Grid(2, 3)[%d] = %v, want %v", p, pts[p], want[p])
				break
			}
		}
	}
	// A larger grid: every combination of levels exactly once.
	pts = Grid(3, 4)
	seen := map[[3]int]bool{}
	for _, p := range pts {
		var key [3]int
		for j, x := range p {
			key[j] = int(x * 4)
			if x <= 0 || x >= 1 {
				t.Fatalf("grid coordinate %v outside (0, 1)", x)
			}
		}
		if seen[key] {
			t.Fatalf("grid cell %v twice", key)
		}
		seen[key] = true
	}
	if len(seen) != 64 {
		t.Errorf("Grid(3, 4) covers %d cells, want 64", len(seen))
	}
}

// TestLatinHypercube checks the defining property: in every dimension, each
// of the n strata [k/n, (k+1)/n) holds exactly one point.
func TestLatinHypercube(t *testing.T) {
	for _, c := range []struct{ n, d int }{{1, 1}, {7, 3}, {100, 5}, {1000, 2}} {
		pts := LatinHypercube(rand.New(rand.NewPCG(1, uint64(c.n))), c.n, c.d)
		if len(pts) != c.n {
			t.Fatalf("n=%d: %d points", c.n, len(pts))
		}
		for j := range c.d {
			hit := make([]int, c.n)
			for _, p := range pts {
				if p[j] < 0 || p[j] >= 1 {
					t.Fatalf("n=%d: coordinate %v outside [0, 1)", c.n, p[j])
				}
				hit[int(p[j]*float64(c.n))]++
			}
			for k, h := range hit {
				if h != 1 {
					t.Fatalf("n=%d d=%d dim %d: stratum %d holds %d points", c.n, c.d, j, k, h)
				}
			}
		}
	}
	// Deterministic given the source, and different for a different source.
	a := LatinHypercube(rand.New(rand.NewPCG(5, 6)), 50, 4)
	b := LatinHypercube(rand.New(rand.NewPCG(5, 6)), 50, 4)
	c := LatinHypercube(rand.New(rand.NewPCG(5, 7)), 50, 4)
	if !slices.EqualFunc(a, b, slices.Equal) {
		t.Error("same source, different samples")
	}
	if slices.EqualFunc(a, c, slices.Equal) {
		t.Error("different sources, same sample")
	}
}
