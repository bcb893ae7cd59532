package sweep

import (
	"fmt"
	"math/bits"
)

// sobolBits is the number of bits of each coordinate: the sequence has 2³²
// points, and every coordinate is an integer multiple of 2⁻³².
const sobolBits = 32

// sobolScale converts a 32-bit coordinate to [0, 1); exact in float64.
const sobolScale = 1.0 / (1 << sobolBits)

// joeKuo holds the direction numbers of Sobol' dimensions 2, 3, …,
// MaxSobolDim, copied from the file new-joe-kuo-6.21201 of
//
//	S. Joe and F. Y. Kuo (2008), "Constructing Sobol sequences with better
//	two-dimensional projections", SIAM J. Sci. Comput. 30:2635–2654;
//	file at https://web.maths.unsw.edu.au/~fkuo/sobol/ .
//
// Row j is dimension j+2 and reads {s, a, m_1, …, m_s}: s is the degree of
// the primitive polynomial x^s + a_1 x^(s−1) + … + a_(s−1) x + 1 over GF(2),
// whose inner coefficients are the bits of a = Σ a_k 2^(s−1−k), and m_k
// (odd, < 2^k) are the initial direction integers. The rows were checked
// against two independent copies of the file; TestJoeKuoTable checks that
// each degree's polynomials are the primitive ones in increasing order and
// that every m_k is odd and below 2^k.
var joeKuo = [...][]uint32{
	{1, 0, 1},                             // 2
	{2, 1, 1, 3},                          // 3
	{3, 1, 1, 3, 1},                       // 4
	{3, 2, 1, 1, 1},                       // 5
	{4, 1, 1, 1, 3, 3},                    // 6
	{4, 4, 1, 3, 5, 13},                   // 7
	{5, 2, 1, 1, 5, 5, 17},                // 8
	{5, 4, 1, 1, 5, 5, 5},                 // 9
	{5, 7, 1, 1, 7, 11, 19},               // 10
	{5, 11, 1, 1, 5, 1, 1},                // 11
	{5, 13, 1, 1, 1, 3, 11},               // 12
	{5, 14, 1, 3, 5, 5, 31},               // 13
	{6, 1, 1, 3, 3, 9, 7, 49},             // 14
	{6, 13, 1, 1, 1, 15, 21, 21},          // 15
	{6, 16, 1, 3, 1, 13, 27, 49},          // 16
	{6, 19, 1, 1, 1, 15, 7, 5},            // 17
	{6, 22, 1, 3, 1, 15, 13, 25},          // 18
	{6, 25, 1, 1, 5, 5, 19, 61},           // 19
	{7, 1, 1, 3, 7, 11, 23, 15, 103},      // 20
	{7, 4, 1, 3, 7, 13, 13, 15, 69},       // 21
	{7, 7, 1, 1, 3, 13, 7, 35, 63},        // 22
	{7, 8, 1, 3, 5, 9, 1, 25, 53},         // 23
	{7, 14, 1, 3, 1, 13, 9, 35, 107},      // 24
	{7, 19, 1, 3, 1, 5, 27, 61, 31},       // 25
	{7, 21, 1, 1, 5, 11, 19, 41, 61},      // 26
	{7, 28, 1, 3, 5, 3, 3, 13, 69},        // 27
	{7, 31, 1, 1, 7, 13, 1, 19, 1},        // 28
	{7, 32, 1, 3, 7, 5, 13, 19, 59},       // 29
	{7, 37, 1, 1, 3, 9, 25, 29, 41},       // 30
	{7, 41, 1, 3, 5, 13, 23, 1, 55},       // 31
	{7, 42, 1, 3, 7, 3, 13, 59, 17},       // 32
	{7, 50, 1, 3, 1, 3, 5, 53, 69},        // 33
	{7, 55, 1, 1, 5, 5, 23, 33, 13},       // 34
	{7, 56, 1, 1, 7, 7, 1, 61, 123},       // 35
	{7, 59, 1, 1, 7, 9, 13, 61, 49},       // 36
	{7, 62, 1, 3, 3, 5, 3, 55, 33},        // 37
	{8, 14, 1, 3, 1, 15, 31, 13, 49, 245}, // 38
	{8, 21, 1, 3, 5, 15, 31, 59, 63, 97},  // 39
	{8, 22, 1, 3, 1, 11, 11, 11, 77, 249}, // 40
}

// MaxSobolDim is the largest dimension NewSobol accepts: dimension 1 plus the
// rows of the embedded Joe–Kuo table.
const MaxSobolDim = len(joeKuo) + 1

// Sobol generates the Sobol' low-discrepancy sequence in [0, 1)^d
// (I. M. Sobol' 1967, "On the distribution of points in a cube and the
// approximate evaluation of integrals", USSR Comput. Math. Math. Phys.
// 7(4):86–112), with the direction numbers of Joe & Kuo (2008,
// new-joe-kuo-6.21201) and in the Gray-code order of Antonov & Saleev (1979,
// USSR Comput. Math. Math. Phys. 19(1):252–256) as in Bratley & Fox (1988,
// ACM TOMS 14:88–100, Algorithm 659):
//
//	x_0 = 0,   x_(n+1) = x_n ⊕ v_(c(n)),
//
// where ⊕ is bitwise exclusive or of the 32-bit coordinates, v_k the k-th
// direction number of each dimension, and c(n) the position of the lowest
// zero bit of n. Point n is thus ⊕_k g_k v_k over the bits g_k of the Gray
// code g = n ⊕ (n >> 1). Dimension 1 has v_k = 2^(−k), so its coordinates are
// the van der Corput sequence taken in Gray-code order (the radical inverse of
// g); other dimensions build v_k from their primitive polynomial by the
// recurrence
//
//	v_k = v_(k−s) ⊕ (v_(k−s) >> s) ⊕ a_1 v_(k−1) ⊕ … ⊕ a_(s−1) v_(k−s+1),
//
// starting from v_k = m_k / 2^k, k ≤ s. The first point is the origin; the
// first 2^k points of each coordinate fill the 2^k dyadic intervals of
// length 2^(−k) once each. This is the order of Joe & Kuo's own generator
// (sobol.cc), which also starts at the origin.
//
// A Sobol value is not safe for concurrent use.
type Sobol struct {
	v [][sobolBits]uint32 // direction numbers, v[j][k] = v_(k+1) of dimension j+1
	x []uint32            // the point Next returns next
	n uint64              // its index
}

// NewSobol returns a generator of the d-dimensional Sobol' sequence,
// positioned at its first point (the origin). It fails unless
// 1 ≤ d ≤ MaxSobolDim.
func NewSobol(d int) (*Sobol, error) {
	if d < 1 || d > MaxSobolDim {
		return nil, fmt.Errorf("sweep: Sobol dimension %d is outside 1..%d (the embedded Joe–Kuo direction numbers)", d, MaxSobolDim)
	}
	s := &Sobol{v: make([][sobolBits]uint32, d), x: make([]uint32, d)}
	for k := range sobolBits {
		s.v[0][k] = 1 << (sobolBits - 1 - k)
	}
	for j := 1; j < d; j++ {
		row := joeKuo[j-1]
		deg, a, m := int(row[0]), row[1], row[2:]
		v := &s.v[j]
		for k := 0; k < deg && k < sobolBits; k++ {
			v[k] = m[k] << (sobolBits - 1 - k)
		}
		for k := deg; k < sobolBits; k++ {
			w := v[k-deg] ^ (v[k-deg] >> deg)
			for l := 1; l < deg; l++ {
				if (a>>(deg-1-l))&1 == 1 {
					w ^= v[k-l]
				}
			}
			v[k] = w
		}
	}
	return s, nil
}

// Dim returns the dimension of the sequence.
func (s *Sobol) Dim() int { return len(s.x) }

// Index returns the index (from 0) of the point the next call to Next
// returns.
func (s *Sobol) Index() uint64 { return s.n }

// Next writes the current point to dst[:Dim()] and advances to the next one.
// It panics if len(dst) < Dim() or after all 2³² points have been returned.
func (s *Sobol) Next(dst []float64) {
	if len(dst) < len(s.x) {
		panic(fmt.Sprintf("sweep: Sobol.Next needs %d coordinates, dst has %d", len(s.x), len(dst)))
	}
	if s.n >= 1<<sobolBits {
		panic("sweep: Sobol sequence exhausted after 2^32 points")
	}
	for j, x := range s.x {
		dst[j] = float64(x) * sobolScale
	}
	if s.n == 1<<sobolBits-1 { // the last point: nothing follows
		s.n++
		return
	}
	c := bits.TrailingZeros64(^s.n) // lowest zero bit of n
	for j := range s.x {
		s.x[j] ^= s.v[j][c]
	}
	s.n++
}

// Skip advances the sequence by n points without returning them, in time
// proportional to Dim()·32 whatever n (the target point is rebuilt from its
// Gray code). It panics if n < 0 or if this moves past the 2³²-th point.
func (s *Sobol) Skip(n int) {
	if n < 0 || uint64(n) > 1<<sobolBits-s.n {
		panic(fmt.Sprintf("sweep: Sobol.Skip(%d) from point %d leaves the 2^32 points of the sequence", n, s.n))
	}
	s.n += uint64(n)
	g := s.n ^ (s.n >> 1)
	for j := range s.x {
		var x uint32
		for k := 0; k < sobolBits; k++ {
			if g>>k&1 == 1 {
				x ^= s.v[j][k]
			}
		}
		s.x[j] = x
	}
}
