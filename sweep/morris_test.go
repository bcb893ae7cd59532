package sweep

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMorrisDesignStructure: every trajectory moves each input exactly once,
// by ±Δ, between grid levels of [0, 1]; and every level is used.
func TestMorrisDesignStructure(t *testing.T) {
	for _, p := range []int{2, 4, 6, 8} {
		const d, r = 5, 40
		m, err := MorrisDesign(rand.New(rand.NewPCG(1, uint64(p))), d, r, p)
		if err != nil {
			t.Fatal(err)
		}
		if want := float64(p) / float64(2*(p-1)); m.Delta != want {
			t.Errorf("p=%d: Δ = %v, want %v", p, m.Delta, want)
		}
		if len(m.Points) != r*(d+1) {
			t.Fatalf("p=%d: %d points, want %d", p, len(m.Points), r*(d+1))
		}
		levelsSeen := map[int]bool{}
		for tr := range r {
			traj := m.Points[tr*(d+1) : (tr+1)*(d+1)]
			moved := make([]int, d)
			for s := 1; s <= d; s++ {
				for i := range d {
					if traj[s][i] != traj[s-1][i] {
						moved[i]++
						if math.Abs(math.Abs(traj[s][i]-traj[s-1][i])-m.Delta) > 1e-12 {
							t.Fatalf("p=%d: step of %v, want ±%v", p, traj[s][i]-traj[s-1][i], m.Delta)
						}
					}
				}
			}
			if !slices.Equal(moved, []int{1, 1, 1, 1, 1}) {
				t.Fatalf("p=%d trajectory %d: moves per input %v", p, tr, moved)
			}
			for _, pt := range traj {
				for _, x := range pt {
					k := math.Round(x * float64(p-1))
					if x < 0 || x > 1 || math.Abs(x-k/float64(p-1)) > 1e-15 {
						t.Fatalf("p=%d: coordinate %v is not a grid level", p, x)
					}
					levelsSeen[int(k)] = true
				}
			}
		}
		if len(levelsSeen) != p {
			t.Errorf("p=%d: levels used %v", p, levelsSeen)
		}
	}
	for _, p := range []int{0, 1, 3, 5} {
		if _, err := MorrisDesign(rand.New(rand.NewPCG(1, 1)), 2, 3, p); err == nil {
			t.Errorf("levels=%d accepted", p)
		}
	}
	if _, err := MorrisDesign(rand.New(rand.NewPCG(1, 1)), 0, 3, 4); err == nil {
		t.Error("d=0 accepted")
	}
	a, _ := MorrisDesign(rand.New(rand.NewPCG(9, 9)), 3, 10, 4)
	b, _ := MorrisDesign(rand.New(rand.NewPCG(9, 9)), 3, 10, 4)
	if !slices.EqualFunc(a.Points, b.Points, slices.Equal) {
		t.Error("same source, different designs")
	}
}

// TestMorrisLinear: for f = Σ c_i x_i every elementary effect of x_i is c_i,
// so μ_i = c_i, μ*_i = |c_i| and σ_i = 0, up to rounding.
func TestMorrisLinear(t *testing.T) {
	c := []float64{1, 2, 0, -1.5}
	f := func(x []float64) float64 {
		s := 0.0
		for i, v := range c {
			s += v * x[i]
		}
		return s
	}
	for _, p := range []int{4, 10} {
		m, err := MorrisDesign(rand.New(rand.NewPCG(2, uint64(p))), len(c), 20, p)
		if err != nil {
			t.Fatal(err)
		}
		eff, err := MorrisEffects(m, evaluate(m.Points, f))
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range eff {
			t.Logf("p=%d c=%4.1f: μ %.15f μ* %.15f σ %.1e", p, c[i], e.Mu, e.MuStar, e.Sigma)
			if math.Abs(e.Mu-c[i]) > 1e-12 || math.Abs(e.MuStar-math.Abs(c[i])) > 1e-12 || e.Sigma > 1e-12 {
				t.Errorf("p=%d c_%d=%v: %+v", p, i+1, c[i], e)
			}
		}
	}
}

// TestMorrisIshigami checks what Morris screening must find on the Ishigami
// function (inputs on [−π, π], p = 4, Δ = 2/3, i.e. a step of 4π/3):
//
//   - x2 enters additively, so its elementary effect does not depend on the
//     other inputs. Its two values in a trajectory are a level apart by Δ:
//     {−π, π/3} or {−π/3, π}, where sin² is {0, ¾} or {¾, 0}. So every
//     |EE_2| = 7·¾/(2/3) = 63/8 exactly, and μ*_2 = 63/8.
//   - x3 has no first-order effect (S1_3 = 0) but interacts with x1, so its
//     μ* is far from 0: Morris flags it as influential, with σ_3 > μ*_3·0.5.
//   - x1's effect depends on x3 (through b x3⁴ sin x1), so σ_1 > 0.
func TestMorrisIshigami(t *testing.T) {
	m, err := MorrisDesign(rand.New(rand.NewPCG(11, 12)), 3, 50, 4)
	if err != nil {
		t.Fatal(err)
	}
	eff, err := MorrisEffects(m, evaluate(m.Points, ishigami))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range eff {
		t.Logf("x%d: μ %7.3f  μ* %7.3f  σ %7.3f", i+1, e.Mu, e.MuStar, e.Sigma)
	}
	if math.Abs(eff[1].MuStar-63.0/8) > 1e-9 {
		t.Errorf("μ*_2 = %v, want 63/8", eff[1].MuStar)
	}
	if eff[2].MuStar < 1 || eff[2].Sigma < 0.5*eff[2].MuStar {
		t.Errorf("x3 not flagged as interacting: %+v", eff[2])
	}
	if eff[0].Sigma < 1 {
		t.Errorf("x1 effects do not vary: %+v", eff[0])
	}
}

func TestMorrisEffectsErrors(t *testing.T) {
	m, _ := MorrisDesign(rand.New(rand.NewPCG(1, 2)), 2, 3, 4)
	y := make([]float64, len(m.Points))
	if _, err := MorrisEffects(m, y[1:]); err == nil {
		t.Error("short output accepted")
	}
	y[2] = math.Inf(1)
	if _, err := MorrisEffects(m, y); err == nil {
		t.Error("infinite output accepted")
	}
	y[2] = 0
	bad := *m
	bad.Points = slices.Clone(m.Points)
	bad.Points[1] = []float64{m.Points[0][0] + 0.1, m.Points[0][1] + 0.1}
	if _, err := MorrisEffects(&bad, y); err == nil {
		t.Error("a step moving two inputs accepted")
	}
	one, _ := MorrisDesign(rand.New(rand.NewPCG(1, 2)), 2, 1, 4)
	eff, err := MorrisEffects(one, make([]float64, len(one.Points)))
	if err != nil || !math.IsNaN(eff[0].Sigma) {
		t.Errorf("one trajectory: %+v, %v; want σ = NaN", eff, err)
	}
}
