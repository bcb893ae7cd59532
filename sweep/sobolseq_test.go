package sweep

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

func sobolPoints(t *testing.T, d, n int) [][]float64 {
	t.Helper()
	s, err := NewSobol(d)
	if err != nil {
		t.Fatal(err)
	}
	pts := make([][]float64, n)
	for i := range pts {
		pts[i] = make([]float64, d)
		s.Next(pts[i])
	}
	return pts
}

// TestSobolFirstPoints compares the start of the sequence with known values.
// The d = 2 points are the commonly published ones (e.g. the unscrambled
// output of SciPy's qmc.Sobol); the d = 3 points were worked out by hand from
// the Joe–Kuo direction numbers, as follows.
//
// Dimension 1: v_k = 2^(−k), i.e. v = 1/2, 1/4, 1/8, ….
// Dimension 2: s=1, a=0, m_1=1; the recurrence m_k = 2m_(k−1) ⊕ m_(k−1)
// gives m = 1, 3, 5, 15, so v = 1/2, 3/4, 5/8, 15/16.
// Dimension 3: s=2, a=1, m = 1, 3; m_k = 2m_(k−1) ⊕ 4m_(k−2) ⊕ m_(k−2) gives
// m_3 = 6⊕4⊕1 = 3, m_4 = 6⊕12⊕3 = 9, so v = 1/2, 3/4, 3/8, 9/16.
// In Gray-code order point n+1 = point n ⊕ v_c, c = 1 + the position of the
// lowest zero bit of n: c = 1, 2, 1, 3, 1, 2, 1, 4, … . So dimension 3 runs
// 0, ½, ½⊕¾ = ¼, ¼⊕½ = ¾, ¾⊕⅜ = ⅝, ⅝⊕½ = ⅛, ⅛⊕¾ = ⅞, ⅞⊕½ = ⅜, and then
// ⅜⊕9/16 = 15/16.
func TestSobolFirstPoints(t *testing.T) {
	want2 := [][]float64{
		{0, 0}, {0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75},
		{0.375, 0.375}, {0.875, 0.875}, {0.625, 0.125}, {0.125, 0.625},
	}
	want3 := [][]float64{
		{0, 0, 0},
		{0.5, 0.5, 0.5},
		{0.75, 0.25, 0.25},
		{0.25, 0.75, 0.75},
		{0.375, 0.375, 0.625},
		{0.875, 0.875, 0.125},
		{0.625, 0.125, 0.875},
		{0.125, 0.625, 0.375},
		// point 8: c = 4; dimension 2 ⊕ 15/16: 0.625 = 10/16 ⊕ 15/16 = 5/16.
		{0.1875, 0.3125, 0.9375},
	}
	for _, c := range []struct {
		d    int
		want [][]float64
	}{{2, want2}, {3, want3}} {
		got := sobolPoints(t, c.d, len(c.want))
		for n := range c.want {
			if !slices.Equal(got[n], c.want[n]) {
				t.Errorf("d=%d point %d = %v, want %v", c.d, n, got[n], c.want[n])
			}
		}
	}
}

// TestSobolVanDerCorput: dimension 1 is the base-2 radical inverse of the
// Gray code of the index.
func TestSobolVanDerCorput(t *testing.T) {
	pts := sobolPoints(t, 1, 5000)
	for n, p := range pts {
		g := uint32(n ^ n>>1)
		want := float64(bits.Reverse32(g)) / (1 << 32)
		if p[0] != want {
			t.Fatalf("point %d = %v, want %v", n, p[0], want)
		}
	}
}

// TestSobolNet checks that, in every dimension of the table, the first 2^k
// points put exactly one coordinate in each of the 2^k dyadic intervals
// [i/2^k, (i+1)/2^k), k = 1, …, 10 — each coordinate is a (0, 1)-sequence in
// base 2 — and that dimensions 1 and 2 together form a (0, k, 2)-net: every
// elementary box of area 2^(−k) holds exactly one of the first 2^k points.
func TestSobolNet(t *testing.T) {
	const K = 10
	pts := sobolPoints(t, MaxSobolDim, 1<<K)
	for k := 1; k <= K; k++ {
		n := 1 << k
		for j := range MaxSobolDim {
			hit := make([]bool, n)
			for _, p := range pts[:n] {
				i := int(p[j] * float64(n))
				if hit[i] {
					t.Fatalf("dimension %d, first %d points: interval %d hit twice", j+1, n, i)
				}
				hit[i] = true
			}
		}
		for a := 0; a <= k; a++ { // boxes of 2^a × 2^(k−a)
			hit := make([]bool, n)
			for _, p := range pts[:n] {
				i := int(p[0]*float64(int(1)<<a))<<(k-a) | int(p[1]*float64(int(1)<<(k-a)))
				if hit[i] {
					t.Fatalf("dims 1–2, first %d points: box %d of shape 2^%d×2^%d hit twice", n, i, a, k-a)
				}
				hit[i] = true
			}
		}
	}
}

// TestSobolSkip: Skip(k) lands on the same point as k calls of Next.
func TestSobolSkip(t *testing.T) {
	const d = 7
	pts := sobolPoints(t, d, 3000)
	r := rand.New(rand.NewPCG(3, 4))
	got := make([]float64, d)
	for range 50 {
		s, _ := NewSobol(d)
		k1 := r.IntN(1000)
		k2 := r.IntN(1000)
		s.Skip(k1)
		s.Next(got)
		if !slices.Equal(got, pts[k1]) {
			t.Fatalf("Skip(%d): %v, want %v", k1, got, pts[k1])
		}
		s.Skip(k2)
		if s.Index() != uint64(k1+1+k2) {
			t.Fatalf("Index after skips = %d, want %d", s.Index(), k1+1+k2)
		}
		s.Next(got)
		if !slices.Equal(got, pts[k1+1+k2]) {
			t.Fatalf("Skip(%d) then Skip(%d): %v, want %v", k1, k2, got, pts[k1+1+k2])
		}
	}
	// The very last point: n = 2^32 − 1 has Gray code 2^31, so it is v_32.
	s, _ := NewSobol(2)
	s.Skip(1<<32 - 1)
	s.Next(got)
	if got[0] != 1.0/(1<<32) {
		t.Errorf("last point, dimension 1 = %v, want 2^-32", got[0])
	}
	defer func() {
		if recover() == nil {
			t.Error("Next after 2^32 points did not panic")
		}
	}()
	s.Next(got)
}

func TestNewSobolRange(t *testing.T) {
	for _, d := range []int{0, -1, MaxSobolDim + 1} {
		if _, err := NewSobol(d); err == nil {
			t.Errorf("NewSobol(%d) did not fail", d)
		}
	}
	if _, err := NewSobol(MaxSobolDim); err != nil {
		t.Errorf("NewSobol(%d): %v", MaxSobolDim, err)
	}
	if MaxSobolDim < 21 {
		t.Errorf("MaxSobolDim = %d, want at least 21", MaxSobolDim)
	}
}

// polyMulMod returns a·b mod p over GF(2), p of degree s.
func polyMulMod(a, b, p uint64, s int) uint64 {
	var r uint64
	for b != 0 {
		if b&1 == 1 {
			r ^= a
		}
		b >>= 1
		a <<= 1
		if a>>s&1 == 1 {
			a ^= p
		}
	}
	return r
}

// isPrimitive reports whether the degree-s polynomial p over GF(2) is
// primitive: x has multiplicative order exactly 2^s − 1 modulo p (which
// forces p irreducible, since otherwise the units of GF(2)[x]/(p) number
// fewer than 2^s − 1).
func isPrimitive(p uint64, s int) bool {
	order := uint64(1)<<s - 1
	pow := func(e uint64) uint64 {
		r, b := uint64(1), uint64(2)%p
		if s == 1 {
			b = 1 // x ≡ 1 mod x+1
		}
		for ; e > 0; e >>= 1 {
			if e&1 == 1 {
				r = polyMulMod(r, b, p, s)
			}
			b = polyMulMod(b, b, p, s)
		}
		return r
	}
	if pow(order) != 1 {
		return false
	}
	for q := uint64(2); q <= order; q++ {
		if order%q == 0 && isPrimeSmall(q) && pow(order/q) == 1 {
			return false
		}
	}
	return true
}

func isPrimeSmall(q uint64) bool {
	for f := uint64(2); f*f <= q; f++ {
		if q%f == 0 {
			return false
		}
	}
	return q >= 2
}

// TestJoeKuoTable checks the structure of the embedded direction numbers:
// the polynomials are, degree by degree, the primitive polynomials over GF(2)
// in increasing order of a (as Joe & Kuo list them), with no gap; every m_k is
// odd and below 2^k. It cannot check the m_k values themselves, which are
// Joe & Kuo's choice; TestSobolFirstPoints checks those of dimensions 2–3.
func TestJoeKuoTable(t *testing.T) {
	prevS, prevA := 0, -1
	for j, row := range joeKuo {
		dim := j + 2
		s, a := int(row[0]), int(row[1])
		if len(row) != 2+s {
			t.Fatalf("dimension %d: degree %d with %d initial numbers", dim, s, len(row)-2)
		}
		for k, m := range row[2:] {
			if m%2 == 0 || m >= 1<<(k+1) {
				t.Errorf("dimension %d: m_%d = %d is not odd and below 2^%d", dim, k+1, m, k+1)
			}
		}
		if s < prevS || s > prevS+1 {
			t.Fatalf("dimension %d: degree %d after degree %d", dim, s, prevS)
		}
		if s > prevS {
			prevA = -1
		}
		// The next primitive polynomial of degree s after prevA must be a.
		next := -1
		for c := prevA + 1; c < 1<<(s-1); c++ {
			if isPrimitive(uint64(1)<<s|uint64(c)<<1|1, s) {
				next = c
				break
			}
		}
		if next != a {
			t.Errorf("dimension %d: degree %d, a = %d; the next primitive polynomial has a = %d", dim, s, a, next)
		}
		prevS, prevA = s, a
	}
	// The number of primitive polynomials of degree s is φ(2^s−1)/s:
	// 1, 1, 2, 2, 6, 6, 18 for s = 1…7, so dimensions 2…37 hold all of them.
	count := map[int]int{}
	for _, row := range joeKuo {
		count[int(row[0])]++
	}
	for s, want := range []int{0, 1, 1, 2, 2, 6, 6, 18} {
		if s > 0 && count[s] != want {
			t.Errorf("degree %d: %d polynomials, want %d", s, count[s], want)
		}
	}
}

// TestSobolIntegration compares the error of integrating
// f(x) = Π_i (1 + (x_i − ½)) over [0, 1]^5 (exact value 1) with 4096 Sobol'
// points and with 4096 pseudo-random points. The pseudo-random error is
// about sd(f)/√4096 = √((13/12)^5 − 1)/64 ≈ 0.011; the Sobol' error is of
// order (log N)^5/N and, for this smooth function, much smaller.
func TestSobolIntegration(t *testing.T) {
	const d, n = 5, 4096
	f := func(x []float64) float64 {
		p := 1.0
		for _, v := range x {
			p *= 1 + (v - 0.5)
		}
		return p
	}
	var sum float64
	for _, p := range sobolPoints(t, d, n) {
		sum += f(p)
	}
	qmcErr := math.Abs(sum/n - 1)

	// Mean absolute error of plain Monte Carlo over 20 seeds.
	var mcErr float64
	x := make([]float64, d)
	const seeds = 20
	for seed := range uint64(seeds) {
		r := rand.New(rand.NewPCG(seed, 99))
		var s float64
		for range n {
			for j := range x {
				x[j] = r.Float64()
			}
			s += f(x)
		}
		mcErr += math.Abs(s/n-1) / seeds
	}
	t.Logf("|error| with %d points: Sobol %.2e, pseudo-random (mean of %d seeds) %.2e", n, qmcErr, seeds, mcErr)
	if qmcErr > mcErr/10 {
		t.Errorf("Sobol error %.2e is not 10 times smaller than pseudo-random %.2e", qmcErr, mcErr)
	}
}
