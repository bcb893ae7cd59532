package sweep

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// ishigami is the Ishigami–Homma (1990) test function with a = 7, b = 0.1,
// its inputs mapped from [0, 1) to [−π, π):
//
//	f(x) = sin x1 + a sin² x2 + b x3⁴ sin x1.
func ishigami(u []float64) float64 {
	const a, b = 7, 0.1
	x1 := -math.Pi + 2*math.Pi*u[0]
	x2 := -math.Pi + 2*math.Pi*u[1]
	x3 := -math.Pi + 2*math.Pi*u[2]
	s2 := math.Sin(x2)
	return math.Sin(x1) + a*s2*s2 + b*math.Pow(x3, 4)*math.Sin(x1)
}

// ishigamiIndices returns the analytic Sobol' indices of ishigami. With
// x_i ~ U[−π, π] (Ishigami & Homma 1990; Sobol' & Levitan 1999; Saltelli et
// al. 2008, Global Sensitivity Analysis: The Primer, §2.9; using E sin² = ½,
// E sin⁴ = ⅜, E x⁴ = π⁴/5, E x⁸ = π⁸/9):
//
//	V1  = V[E(f|x1)] = ½ (1 + bπ⁴/5)²            = 4.3459
//	V2  = V[E(f|x2)] = a² (⅜ − ¼) = a²/8          = 6.1250
//	V3  = 0                       (E(f|x3) = a/2, since E sin x1 = 0)
//	V13 = b² π⁸ (1/18 − 1/50) = 8 b² π⁸ / 225     = 3.3737
//	V   = a²/8 + bπ⁴/5 + b²π⁸/18 + ½ = V1+V2+V13 = 13.8446
//
// so S1 = V1/V = 0.3139, S2 = V2/V = 0.4424, S3 = 0, ST1 = (V1+V13)/V = 0.5576,
// ST2 = S2 = 0.4424, ST3 = V13/V = 0.2437.
func ishigamiIndices() (s1, st [3]float64) {
	const a, b = 7.0, 0.1
	pi4 := math.Pow(math.Pi, 4)
	pi8 := pi4 * pi4
	v1 := 0.5 * (1 + b*pi4/5) * (1 + b*pi4/5)
	v2 := a * a / 8
	v13 := 8 * b * b * pi8 / 225
	v := a*a/8 + b*pi4/5 + b*b*pi8/18 + 0.5
	if math.Abs(v-(v1+v2+v13)) > 1e-12*v {
		panic("Ishigami variances do not add up")
	}
	return [3]float64{v1 / v, v2 / v, 0}, [3]float64{(v1 + v13) / v, v2 / v, v13 / v}
}

func evaluate(pts [][]float64, f func([]float64) float64) []float64 {
	y := make([]float64, len(pts))
	for i, p := range pts {
		y[i] = f(p)
	}
	return y
}

func TestIshigamiAnalytic(t *testing.T) {
	s1, st := ishigamiIndices()
	want1 := [3]float64{0.3139, 0.4424, 0}
	wantT := [3]float64{0.5576, 0.4424, 0.2437}
	for i := range 3 {
		if math.Abs(s1[i]-want1[i]) > 5e-5 || math.Abs(st[i]-wantT[i]) > 5e-5 {
			t.Errorf("x%d: analytic S1 %.5f ST %.5f, published %.4f %.4f", i+1, s1[i], st[i], want1[i], wantT[i])
		}
	}
}

func TestSobolIndicesIshigami(t *testing.T) {
	const n = 8192
	pts, l, err := SaltelliDesign(3, n)
	if err != nil {
		t.Fatal(err)
	}
	y := evaluate(pts, ishigami)
	idx, err := SobolIndices(l, y, 500, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	s1, st := ishigamiIndices()
	for i, ix := range idx {
		t.Logf("x%d: S1 %.4f [%.4f, %.4f] (analytic %.4f)   ST %.4f [%.4f, %.4f] (analytic %.4f)",
			i+1, ix.S1, ix.S1Lo, ix.S1Hi, s1[i], ix.ST, ix.STLo, ix.STHi, st[i])
		if math.Abs(ix.S1-s1[i]) > 0.02 {
			t.Errorf("x%d: S1 = %.4f, analytic %.4f", i+1, ix.S1, s1[i])
		}
		if math.Abs(ix.ST-st[i]) > 0.02 {
			t.Errorf("x%d: ST = %.4f, analytic %.4f", i+1, ix.ST, st[i])
		}
		if s1[i] < ix.S1Lo || s1[i] > ix.S1Hi {
			t.Errorf("x%d: S1 interval [%.4f, %.4f] misses %.4f", i+1, ix.S1Lo, ix.S1Hi, s1[i])
		}
		if st[i] < ix.STLo || st[i] > ix.STHi {
			t.Errorf("x%d: ST interval [%.4f, %.4f] misses %.4f", i+1, ix.STLo, ix.STHi, st[i])
		}
		if !(ix.S1Lo <= ix.S1 && ix.S1 <= ix.S1Hi && ix.STLo <= ix.ST && ix.ST <= ix.STHi) {
			t.Errorf("x%d: estimate outside its own interval: %+v", i+1, ix)
		}
	}

	// Deterministic given the source.
	again, _ := SobolIndices(l, y, 500, rand.New(rand.NewPCG(1, 2)))
	if !slices.Equal(idx, again) {
		t.Error("same source, different intervals")
	}
}

// TestSobolIndicesLinear: for f = Σ c_i x_i with independent x_i ~ U[0, 1],
// V = Σ c_i²/12 and there are no interactions, so S1_i = ST_i = c_i²/Σ c_j².
// A constant offset must not matter.
func TestSobolIndicesLinear(t *testing.T) {
	c := []float64{1, -2, 3, 0, 0.5}
	var sum2 float64
	for _, v := range c {
		sum2 += v * v
	}
	f := func(x []float64) float64 {
		s := 1000.0
		for i, v := range c {
			s += v * x[i]
		}
		return s
	}
	pts, l, err := SaltelliDesign(len(c), 4096)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := SobolIndices(l, evaluate(pts, f), 200, rand.New(rand.NewPCG(7, 8)))
	if err != nil {
		t.Fatal(err)
	}
	for i, ix := range idx {
		want := c[i] * c[i] / sum2
		t.Logf("c=%4.1f: S1 %.5f ST %.5f, analytic %.5f", c[i], ix.S1, ix.ST, want)
		if math.Abs(ix.S1-want) > 0.005 || math.Abs(ix.ST-want) > 0.005 {
			t.Errorf("c_%d = %v: S1 %.5f ST %.5f, want %.5f", i+1, c[i], ix.S1, ix.ST, want)
		}
		if want < ix.S1Lo || want > ix.S1Hi || want < ix.STLo || want > ix.STHi {
			t.Errorf("c_%d = %v: intervals %+v miss %.5f", i+1, c[i], ix, want)
		}
	}
	// An input with no effect has ST exactly 0: f(A) = f(A_B^(i)) row by row.
	if idx[3].ST != 0 || idx[3].STLo != 0 || idx[3].STHi != 0 {
		t.Errorf("inert input: %+v, want ST = 0 exactly", idx[3])
	}
}

// TestSaltelliDesignLayout checks the layout: A and B are the two halves of
// the shifted 2d-dimensional Sobol' points, A_B^(i) is A with column i from
// B, every coordinate is strictly inside (0, 1), and for N = 2^m each column
// of A and of B is a permutation of the midpoints (k + ½)/N.
func TestSaltelliDesignLayout(t *testing.T) {
	const d, n = 4, 256
	pts, l, err := SaltelliDesign(d, n)
	if err != nil {
		t.Fatal(err)
	}
	if l != (Layout{D: d, N: n}) || len(pts) != l.Points() || l.Points() != n*(d+2) {
		t.Fatalf("layout %+v with %d points", l, len(pts))
	}
	seq, _ := NewSobol(2 * d)
	raw := make([]float64, 2*d)
	colsA := make([][]bool, d)
	colsB := make([][]bool, d)
	for i := range d {
		colsA[i] = make([]bool, n)
		colsB[i] = make([]bool, n)
	}
	for j := range n {
		seq.Next(raw)
		row := pts[j*(d+2) : (j+1)*(d+2)]
		a, b := row[0], row[1]
		for i := range d {
			if a[i] != raw[i]+0.5/n || b[i] != raw[d+i]+0.5/n {
				t.Fatalf("row %d: A %v B %v from Sobol point %v", j, a, b, raw)
			}
			for _, x := range []float64{a[i], b[i]} {
				if x <= 0 || x >= 1 {
					t.Fatalf("row %d: coordinate %v outside (0, 1)", j, x)
				}
			}
			ka, kb := int(a[i]*n), int(b[i]*n)
			if a[i] != (float64(ka)+0.5)/n || colsA[i][ka] || colsB[i][kb] {
				t.Fatalf("row %d, input %d: A %v / B %v not a fresh midpoint", j, i, a[i], b[i])
			}
			colsA[i][ka], colsB[i][kb] = true, true
		}
		for i := range d {
			want := slices.Clone(a)
			want[i] = b[i]
			if !slices.Equal(row[2+i], want) {
				t.Fatalf("row %d: A_B^(%d) = %v, want %v", j, i+1, row[2+i], want)
			}
		}
	}
	// A non-power-of-two N still stays inside (0, 1).
	pts, _, _ = SaltelliDesign(2, 1000)
	for _, p := range pts {
		for _, x := range p {
			if x <= 0 || x >= 1 {
				t.Fatalf("N=1000: coordinate %v outside (0, 1)", x)
			}
		}
	}
}

func TestSaltelliErrors(t *testing.T) {
	if _, _, err := SaltelliDesign(MaxSobolDim/2+1, 8); err == nil {
		t.Error("too many inputs accepted")
	}
	if _, _, err := SaltelliDesign(3, 1); err == nil {
		t.Error("N = 1 accepted")
	}
	if _, _, err := SaltelliDesign(0, 8); err == nil {
		t.Error("d = 0 accepted")
	}
	pts, l, err := SaltelliDesign(2, 8)
	if err != nil {
		t.Fatal(err)
	}
	y := make([]float64, len(pts))
	if _, err := SobolIndices(l, y[:len(y)-1], 0, nil); err == nil {
		t.Error("short output accepted")
	}
	if _, err := SobolIndices(l, y, 0, nil); err == nil {
		t.Error("constant output accepted")
	}
	y = evaluate(pts, func(x []float64) float64 { return x[0] })
	y[5] = math.NaN()
	if _, err := SobolIndices(l, y, 0, nil); err == nil {
		t.Error("NaN output accepted")
	}
	y[5] = 0
	if _, err := SobolIndices(l, y, 10, nil); err == nil {
		t.Error("bootstrap without a source accepted")
	}
	idx, err := SobolIndices(l, y, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(idx[0].S1Lo) || !math.IsNaN(idx[0].STHi) {
		t.Errorf("no bootstrap, yet bounds %+v", idx[0])
	}
}
