package evidence

// Exact sums of non-negative float64s, so that weights merge like counts:
// the sum of the weights of a run is the same to the last bit whatever the
// order they are added in (workers, shards, resume).
//
// Every finite float64 x ≥ 0 is m·2^(e−1074) for integers m < 2^53 and
// 0 ≤ e ≤ 2045, so Σ x·2^1074 is an integer, held here in fixed point with
// 64-bit limbs (a superaccumulator; cf. Kulisch & Miranker 1981, Neal 2015).
// Adding is a shift and a carry; the float64 of the sum is rounded once, at
// the end.

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
)

// sumLimbs covers 2^−1074 … 2^1088: any float64 ≥ 0 below 2^1024, added up
// to 2^64 times.
const sumLimbs = 34

// ExactSum is an exact sum of non-negative float64s. The zero value is 0.
type ExactSum struct{ l [sumLimbs]uint64 }

// Add adds x ≥ 0 (NaN, Inf and negative x are ignored: a weight is never one).
func (s *ExactSum) Add(x float64) {
	if !(x > 0) || math.IsInf(x, 1) {
		return
	}
	b := math.Float64bits(x)
	e := int(b >> 52 & 0x7ff)
	m := b & (1<<52 - 1)
	p := 0
	if e > 0 {
		m |= 1 << 52
		p = e - 1
	}
	i, off := p/64, uint(p%64)
	s.addAt(i, m<<off)
	if off > 0 {
		s.addAt(i+1, m>>(64-off))
	}
}

func (s *ExactSum) addAt(i int, v uint64) {
	for ; v != 0 && i < sumLimbs; i++ {
		old := s.l[i]
		s.l[i] = old + v
		if s.l[i] >= old {
			return
		}
		v = 1 // carry
	}
}

// Merge adds the sum t.
func (s *ExactSum) Merge(t *ExactSum) {
	var carry uint64
	for i := range s.l {
		a, b := s.l[i], t.l[i]
		r := a + b
		c := uint64(0)
		if r < a {
			c = 1
		}
		r2 := r + carry
		if r2 < r {
			c = 1
		}
		s.l[i], carry = r2, c
	}
}

// Float64 is the sum, correctly rounded.
func (s *ExactSum) Float64() float64 {
	var buf [sumLimbs * 8]byte
	for i, v := range s.l {
		binary.BigEndian.PutUint64(buf[(sumLimbs-1-i)*8:], v)
	}
	n := new(big.Int).SetBytes(buf[:])
	f := new(big.Float).SetInt(n)
	f.SetMantExp(f, -1074)
	x, _ := f.Float64()
	return x
}

// MarshalText writes the limbs in hex, so that a saved sum reloads exactly.
func (s ExactSum) MarshalText() ([]byte, error) {
	var buf [sumLimbs * 8]byte
	for i, v := range s.l {
		binary.BigEndian.PutUint64(buf[i*8:], v)
	}
	return []byte(hex.EncodeToString(buf[:])), nil
}

// UnmarshalText reads what MarshalText wrote.
func (s *ExactSum) UnmarshalText(text []byte) error {
	b, err := hex.DecodeString(string(text))
	if err != nil || len(b) != sumLimbs*8 {
		return fmt.Errorf("evidence: bad exact sum %q", text)
	}
	for i := range s.l {
		s.l[i] = binary.BigEndian.Uint64(b[i*8:])
	}
	return nil
}
