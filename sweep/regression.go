package sweep

import "math"

// cmpDesc orders larger first, NaN last.
func cmpDesc(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// SRCFit is a standardized regression: the coefficients and R².
type SRCFit struct {
	SRC []float64
	R2  float64
}

// StandardizedRegression fits y = b₀ + Σ b_j x_j by least squares and
// returns the standardized regression coefficients b_j·sd(x_j)/sd(y) and R²
// (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, §1.2.5):
// for a model nearly linear in its inputs (R² near 1) SRC_j² is the share of
// the variance of y due to x_j. It fails with fewer points than d + 2, or if
// y or an x_j does not vary, or the x_j are collinear.
func StandardizedRegression(x [][]float64, y []float64) (SRCFit, bool) {
	n := len(y)
	if n == 0 {
		return SRCFit{}, false
	}
	d := len(x[0])
	if n < d+2 {
		return SRCFit{}, false
	}
	// Standardize, so that the coefficients are the SRCs and the normal
	// equations are the correlation matrix.
	z := func(col func(i int) float64) ([]float64, bool) {
		var m, v float64
		for i := range n {
			m += col(i)
		}
		m /= float64(n)
		for i := range n {
			v += (col(i) - m) * (col(i) - m)
		}
		if v == 0 {
			return nil, false
		}
		s := math.Sqrt(v / float64(n))
		out := make([]float64, n)
		for i := range n {
			out[i] = (col(i) - m) / s
		}
		return out, true
	}
	zy, ok := z(func(i int) float64 { return y[i] })
	if !ok {
		return SRCFit{}, false
	}
	zx := make([][]float64, d)
	for j := range d {
		if zx[j], ok = z(func(i int) float64 { return x[i][j] }); !ok {
			return SRCFit{}, false
		}
	}
	// Normal equations A b = c, A = Z'Z/n, c = Z'y/n; Gaussian elimination
	// with partial pivoting.
	a := make([][]float64, d)
	for j := range d {
		a[j] = make([]float64, d+1)
		for k := range d {
			for i := range n {
				a[j][k] += zx[j][i] * zx[k][i]
			}
			a[j][k] /= float64(n)
		}
		for i := range n {
			a[j][d] += zx[j][i] * zy[i]
		}
		a[j][d] /= float64(n)
	}
	for c := range d {
		p := c
		for r := c + 1; r < d; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return SRCFit{}, false
		}
		a[c], a[p] = a[p], a[c]
		for r := range d {
			if r == c {
				continue
			}
			f := a[r][c] / a[c][c]
			for k := c; k <= d; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	b := make([]float64, d)
	for j := range d {
		b[j] = a[j][d] / a[j][j]
	}
	var ssRes float64
	for i := range n {
		fit := 0.0
		for j := range d {
			fit += b[j] * zx[j][i]
		}
		ssRes += (zy[i] - fit) * (zy[i] - fit)
	}
	return SRCFit{SRC: b, R2: 1 - ssRes/float64(n)}, true
}
