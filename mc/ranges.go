package mc

import "sort"

// Ranges is a set of trajectory indices as sorted, disjoint, non-adjacent
// half-open intervals [from, to). A result records the ranges it has run, so
// an interrupted run knows exactly what is left to do.
type Ranges [][2]int64

// normalize sorts r and joins overlapping or adjacent intervals, dropping
// empty ones.
func (r Ranges) normalize() Ranges {
	out := make(Ranges, 0, len(r))
	for _, iv := range r {
		if iv[1] > iv[0] {
			out = append(out, iv)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	n := 0
	for _, iv := range out {
		if n > 0 && iv[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], iv[1])
			continue
		}
		out[n] = iv
		n++
	}
	return out[:n]
}

// Len is the number of indices in r (normalized).
func (r Ranges) Len() int64 {
	var n int64
	for _, iv := range r {
		n += iv[1] - iv[0]
	}
	return n
}

// Missing returns the indices of [from, to) that r does not hold.
func (r Ranges) Missing(from, to int64) Ranges {
	var out Ranges
	at := from
	for _, iv := range r.normalize() {
		if iv[1] <= at || iv[0] >= to {
			continue
		}
		if iv[0] > at {
			out = append(out, [2]int64{at, iv[0]})
		}
		at = max(at, iv[1])
	}
	if at < to {
		out = append(out, [2]int64{at, to})
	}
	return out
}
