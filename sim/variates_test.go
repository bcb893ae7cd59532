package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// newTestRand returns a deterministic generator; distinct tests use
// distinct seeds so that their streams are independent.
func newTestRand(seed byte) *rand.Rand {
	return rand.New(rand.NewChaCha8([32]byte{seed, 0x5e, 0xed, 0x42, 7: seed}))
}

// moments accumulates a sample mean and variance (Welford).
type moments struct {
	n    int
	mean float64
	m2   float64
}

func (m *moments) add(x float64) {
	m.n++
	d := x - m.mean
	m.mean += d / float64(m.n)
	m.m2 += d * (x - m.mean)
}

func (m *moments) variance() float64 { return m.m2 / float64(m.n-1) }

// checkMoments asserts that the sample mean and variance are within 5
// standard errors of the true mean mu and variance sigma2. mu4 is the
// fourth central moment, used for the standard error of the sample
// variance: Var(s²) ≈ (mu4 - sigma2²)/N.
func checkMoments(t *testing.T, name string, m moments, mu, sigma2, mu4 float64) {
	t.Helper()
	n := float64(m.n)
	seMean := math.Sqrt(sigma2 / n)
	if d := math.Abs(m.mean - mu); d > 5*seMean {
		t.Errorf("%s: sample mean %.6g, want %.6g ± %.3g (off by %.2f SE)", name, m.mean, mu, 5*seMean, d/seMean)
	}
	seVar := math.Sqrt((mu4 - sigma2*sigma2) / n)
	if d := math.Abs(m.variance() - sigma2); d > 5*seVar {
		t.Errorf("%s: sample variance %.6g, want %.6g ± %.3g (off by %.2f SE)", name, m.variance(), sigma2, 5*seVar, d/seVar)
	}
}

// chiSquareQuantile999 approximates the 0.999 quantile of the chi-square
// distribution with df degrees of freedom by the Wilson–Hilferty cube-root
// normal approximation, q ≈ df·(1 - 2/(9df) + z·sqrt(2/(9df)))³ with
// z = Φ⁻¹(0.999). It is within 1.5% of the exact value for df >= 5 (df=5:
// 20.75 vs 20.52 exact; df=10: 29.75 vs 29.59) and improves as df grows.
func chiSquareQuantile999(df int) float64 {
	const z = 3.090232306167813
	d := float64(df)
	c := 2 / (9 * d)
	v := 1 - c + z*math.Sqrt(c)
	return d * v * v * v
}

func TestChiSquareQuantile(t *testing.T) {
	// Exact 0.999 quantiles from tables.
	for _, c := range []struct {
		df   int
		want float64
	}{{5, 20.515}, {10, 29.588}, {30, 59.703}, {100, 149.449}} {
		if got := chiSquareQuantile999(c.df); math.Abs(got-c.want)/c.want > 0.015 {
			t.Errorf("df=%d: %.3f, want %.3f", c.df, got, c.want)
		}
	}
}

// chiSquareGOF draws n samples and tests them against pmf on 0..kmax (with
// the mass above kmax as a pooled right tail). Adjacent values are pooled
// from the left until each bin expects at least 5, and a short final bin is
// merged into its neighbour. It fails if the statistic exceeds the 0.999
// quantile of chi-square with bins-1 degrees of freedom.
func chiSquareGOF(t *testing.T, name string, n int, kmax int64, draw func() int64, pmf func(k int64) float64) {
	t.Helper()
	obs := make([]float64, kmax+2)
	for range n {
		k := draw()
		if k < 0 {
			t.Fatalf("%s: negative draw %d", name, k)
		}
		obs[min(k, kmax+1)]++
	}
	exp := make([]float64, kmax+2)
	sum := 0.0
	for k := int64(0); k <= kmax; k++ {
		p := pmf(k)
		sum += p
		exp[k] = float64(n) * p
	}
	exp[kmax+1] = float64(n) * max(0, 1-sum)

	var binObs, binExp []float64
	o, e := 0.0, 0.0
	for k := range obs {
		o += obs[k]
		e += exp[k]
		if e >= 5 {
			binObs, binExp = append(binObs, o), append(binExp, e)
			o, e = 0, 0
		}
	}
	if e > 0 || o > 0 {
		if len(binExp) == 0 {
			t.Fatalf("%s: too few expected counts", name)
		}
		binObs[len(binObs)-1] += o
		binExp[len(binExp)-1] += e
	}
	if e == 0 && o > 0 {
		t.Errorf("%s: %v draws where the pmf is zero", name, o)
	}
	stat := 0.0
	for i := range binObs {
		d := binObs[i] - binExp[i]
		stat += d * d / binExp[i]
	}
	df := len(binObs) - 1
	if df < 1 {
		t.Fatalf("%s: only %d bins", name, len(binObs))
	}
	crit := chiSquareQuantile999(df)
	if stat > crit {
		t.Errorf("%s: chi-square %.2f on %d df exceeds 0.999 quantile %.2f", name, stat, df, crit)
	} else {
		t.Logf("%s: chi-square %.2f on %d df (0.999 quantile %.2f)", name, stat, df, crit)
	}
}

// Reference pmfs, computed independently of the samplers' log-pmf code.
func poissonPMFRef(mean float64) func(int64) float64 {
	return func(k int64) float64 {
		lg, _ := math.Lgamma(float64(k) + 1)
		return math.Exp(-mean + float64(k)*math.Log(mean) - lg)
	}
}

func binomialPMFRef(n int64, p float64) func(int64) float64 {
	return func(k int64) float64 {
		if k > n {
			return 0
		}
		a, _ := math.Lgamma(float64(n) + 1)
		b, _ := math.Lgamma(float64(k) + 1)
		c, _ := math.Lgamma(float64(n-k) + 1)
		return math.Exp(a - b - c + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
	}
}

func TestPoissonMoments(t *testing.T) {
	const n = 200000
	for i, mean := range []float64{0.3, 3, 9.9, 10, 47.5, 1e4} {
		r := newTestRand(byte(10 + i))
		var m moments
		for range n {
			m.add(float64(poisson(r, mean)))
		}
		// Poisson: variance λ, fourth central moment λ + 3λ².
		checkMoments(t, fmt.Sprintf("Poisson(%g)", mean), m, mean, mean, mean+3*mean*mean)
	}
}

func TestPoissonHugeMean(t *testing.T) {
	const n = 20000
	for i, mean := range []float64{1e12, 1e15} {
		r := newTestRand(byte(20 + i))
		var m moments
		for range n {
			m.add(float64(poisson(r, mean)))
		}
		checkMoments(t, fmt.Sprintf("Poisson(%g)", mean), m, mean, mean, mean+3*mean*mean)
	}
}

func TestPoissonChiSquare(t *testing.T) {
	const n = 200000
	for i, mean := range []float64{0.3, 3, 9.9, 10, 30, 47.5, 1e4} {
		r := newTestRand(byte(30 + i))
		kmax := int64(mean + 20*math.Sqrt(mean) + 30)
		chiSquareGOF(t, fmt.Sprintf("Poisson(%g)", mean), n, kmax,
			func() int64 { return poisson(r, mean) }, poissonPMFRef(mean))
	}
}

func TestPoissonEdgeCases(t *testing.T) {
	r := newTestRand(40)
	for _, mean := range []float64{0, -1, math.Inf(-1), math.NaN()} {
		if got := poisson(r, mean); got != 0 {
			t.Errorf("Poisson(%g) = %d, want 0", mean, got)
		}
	}
	if got := poisson(r, math.Inf(1)); got != math.MaxInt64 {
		t.Errorf("Poisson(+Inf) = %d, want MaxInt64", got)
	}
	for range 10000 {
		if k := poisson(r, 1e-300); k != 0 {
			t.Fatalf("Poisson(1e-300) = %d", k)
		}
	}
}

func TestPoissonLogPMF(t *testing.T) {
	for _, mean := range []float64{10, 47.5, 1e4} {
		ref := poissonPMFRef(mean)
		sd := math.Sqrt(mean)
		for k := max(0, math.Floor(mean-12*sd)); k <= mean+12*sd; k++ {
			want := math.Log(ref(int64(k)))
			got := poissonLogPMF(k, mean)
			if math.Abs(got-want) > 1e-9*max(1, math.Abs(want)) {
				t.Errorf("poissonLogPMF(%g, %g) = %.15g, want %.15g", k, mean, got, want)
			}
		}
	}
}

func TestBinomialMoments(t *testing.T) {
	const draws = 200000
	cases := []struct {
		n int64
		p float64
	}{
		{10, 0.3}, {1000, 0.01}, {1000, 0.4}, {1000, 0.9}, {1000000, 0.5},
		// Extra: near the inversion/BTRS switch, and very large n.
		{20, 0.45}, {100, 0.1}, {1e12, 5e-12}, {1e15, 0.3},
	}
	for i, c := range cases {
		r := newTestRand(byte(50 + i))
		var m moments
		for range draws {
			k := binomial(r, c.n, c.p)
			if k < 0 || k > c.n {
				t.Fatalf("Binomial(%d, %g) = %d out of range", c.n, c.p, k)
			}
			m.add(float64(k))
		}
		nf := float64(c.n)
		pq := c.p * (1 - c.p)
		v := nf * pq
		// Fourth central moment: npq(1 + 3(n-2)pq).
		mu4 := v * (1 + 3*(nf-2)*pq)
		checkMoments(t, fmt.Sprintf("Binomial(%d, %g)", c.n, c.p), m, nf*c.p, v, mu4)
	}
}

func TestBinomialChiSquare(t *testing.T) {
	const draws = 200000
	cases := []struct {
		n int64
		p float64
	}{
		{50, 0.3}, {1000, 0.4},
		// Extra: inversion branch, the switch point, symmetry and small p.
		{10, 0.3}, {20, 0.45}, {100, 0.1}, {1000, 0.9}, {1000, 0.01}, {60, 0.75},
	}
	for i, c := range cases {
		r := newTestRand(byte(70 + i))
		chiSquareGOF(t, fmt.Sprintf("Binomial(%d, %g)", c.n, c.p), draws, c.n,
			func() int64 { return binomial(r, c.n, c.p) }, binomialPMFRef(c.n, c.p))
	}
}

func TestBinomialEdgeCases(t *testing.T) {
	r := newTestRand(90)
	cases := []struct {
		n    int64
		p    float64
		want int64
	}{
		{10, 0, 0}, {10, -0.5, 0}, {10, math.NaN(), 0}, {10, math.Inf(-1), 0},
		{10, 1, 10}, {10, 1.5, 10}, {10, math.Inf(1), 10}, {1e15, 1, 1e15},
		{0, 0.5, 0}, {0, 1, 0}, {-3, 0.5, 0}, {-3, 1, 0},
		{math.MaxInt64, 1, math.MaxInt64},
	}
	for _, c := range cases {
		for range 100 {
			if got := binomial(r, c.n, c.p); got != c.want {
				t.Errorf("Binomial(%d, %g) = %d, want %d", c.n, c.p, got, c.want)
				break
			}
		}
	}
	// Results stay within [0, n] near the extremes of p.
	for _, p := range []float64{1e-300, 1e-9, 0.5, 1 - 1e-9, 1 - 1e-16} {
		for _, n := range []int64{1, 2, 7, 100, 1e9} {
			for range 200 {
				if k := binomial(r, n, p); k < 0 || k > n {
					t.Fatalf("Binomial(%d, %g) = %d out of range", n, p, k)
				}
			}
		}
	}
}

func TestBinomialLogPMF(t *testing.T) {
	cases := []struct {
		n int64
		p float64
	}{{20, 0.5}, {50, 0.3}, {1000, 0.4}, {100000, 0.01}}
	for _, c := range cases {
		ref := binomialPMFRef(c.n, c.p)
		nf := float64(c.n)
		sd := math.Sqrt(nf * c.p * (1 - c.p))
		lo := max(0, math.Floor(nf*c.p-12*sd))
		hi := min(nf, nf*c.p+12*sd)
		for k := lo; k <= hi; k++ {
			want := math.Log(ref(int64(k)))
			got := binomialLogPMF(k, nf, c.p, 1-c.p)
			if math.Abs(got-want) > 1e-9*max(1, math.Abs(want)) {
				t.Errorf("binomialLogPMF(%g; %d, %g) = %.15g, want %.15g", k, c.n, c.p, got, want)
			}
		}
	}
}

func TestBernoulli(t *testing.T) {
	r := newTestRand(100)
	const n = 200000
	const p = 0.3
	c := 0
	for range n {
		if bernoulli(r, p) {
			c++
		}
	}
	se := math.Sqrt(p * (1 - p) / n)
	if f := float64(c) / n; math.Abs(f-p) > 5*se {
		t.Errorf("Bernoulli(%g) frequency %.5f", p, f)
	}
	for range 10000 {
		if bernoulli(r, 0) || bernoulli(r, -1) || bernoulli(r, math.NaN()) {
			t.Fatal("Bernoulli(p <= 0) returned true")
		}
		if !bernoulli(r, 1) || !bernoulli(r, 2) {
			t.Fatal("Bernoulli(p >= 1) returned false")
		}
	}
}

// checkLogitFrequencies draws n indices and compares the empirical
// frequencies with LogitProbs (5 standard errors; zero-probability entries
// must never be drawn).
func checkLogitFrequencies(t *testing.T, r *rand.Rand, utils []float64, lambda float64, allowed []bool) {
	t.Helper()
	const n = 100000
	probs := make([]float64, len(utils))
	logitProbs(utils, lambda, allowed, probs)
	sum := 0.0
	for _, p := range probs {
		sum += p
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("lambda=%g: probabilities sum to %.17g", lambda, sum)
	}
	counts := make([]int, len(utils))
	for range n {
		i := logit(r, utils, lambda, allowed)
		if i < 0 || i >= len(utils) {
			t.Fatalf("lambda=%g: Logit returned %d", lambda, i)
		}
		counts[i]++
	}
	for i, p := range probs {
		f := float64(counts[i]) / n
		if p == 0 {
			if counts[i] != 0 {
				t.Errorf("lambda=%g: index %d has probability 0 but was drawn %d times", lambda, i, counts[i])
			}
			continue
		}
		se := math.Sqrt(p * (1 - p) / n)
		if math.Abs(f-p) > 5*se {
			t.Errorf("lambda=%g: index %d frequency %.5f, want %.5f ± %.5f", lambda, i, f, p, 5*se)
		}
	}
}

func TestLogitFrequencies(t *testing.T) {
	r := newTestRand(110)
	utils := []float64{1.0, 0.5, -0.3, 2.0, 2.0, math.Inf(-1), math.NaN(), 1.7}
	allowed := []bool{true, true, true, true, true, true, true, false}
	for _, lambda := range []float64{1.3, 0.2, -0.7, 5} {
		checkLogitFrequencies(t, r, utils, lambda, allowed)
	}
	checkLogitFrequencies(t, r, []float64{3, 1, 4, 1, 5, 9, 2, 6}, 0.5, nil)
	// Uniform limit: lambda = 0 ignores utilities, even infinite ones.
	checkLogitFrequencies(t, r, []float64{5, -100, 1e300, math.Inf(1)}, 0, []bool{true, true, false, true})
	// Ties at +Inf split the probability.
	checkLogitFrequencies(t, r, []float64{math.Inf(1), 0, math.Inf(1)}, 2, nil)
}

func TestLogitProbsValues(t *testing.T) {
	out := make([]float64, 4)
	check := func(name string, want []float64) {
		t.Helper()
		for i := range want {
			if math.Abs(out[i]-want[i]) > 1e-12 {
				t.Errorf("%s: probs %v, want %v", name, out[:len(want)], want)
				return
			}
		}
	}
	logitProbs([]float64{0, 1}, math.Log(3), nil, out)
	check("ln3", []float64{0.25, 0.75})
	e := math.E
	logitProbs([]float64{1000, 1001}, 1, nil, out) // would overflow without max subtraction
	check("large utilities", []float64{1 / (1 + e), e / (1 + e)})
	logitProbs([]float64{-1000, -1001}, 1, nil, out) // would underflow
	check("very negative utilities", []float64{e / (1 + e), 1 / (1 + e)})
	logitProbs([]float64{1, 2}, 1e300, nil, out)
	check("huge lambda", []float64{0, 1})
	logitProbs([]float64{1, 3, 3, 2}, math.Inf(1), nil, out)
	check("argmax", []float64{0, 1, 0, 0})
	logitProbs([]float64{1, 3, 3, 2}, math.Inf(-1), nil, out)
	check("argmin", []float64{1, 0, 0, 0})
	logitProbs([]float64{1, 3, 3, 2}, 0, []bool{true, false, true, true}, out)
	check("uniform", []float64{1.0 / 3, 0, 1.0 / 3, 1.0 / 3})
	out[3] = 7 // stale data beyond a shorter utils must not matter, but entries within are cleared
	logitProbs([]float64{1, 2, 3}, 1, []bool{false, false, false}, out)
	check("none allowed", []float64{0, 0, 0})
}

func TestLogitLimits(t *testing.T) {
	r := newTestRand(120)
	utils := []float64{1, 3, 3, 2}
	for range 1000 {
		if i := logit(r, utils, math.Inf(1), nil); i != 1 {
			t.Fatalf("argmax: got %d, want 1 (lowest index among ties)", i)
		}
		if i := logit(r, utils, math.Inf(1), []bool{true, false, true, true}); i != 2 {
			t.Fatalf("argmax with mask: got %d, want 2", i)
		}
		if i := logit(r, utils, math.Inf(-1), nil); i != 0 {
			t.Fatalf("argmin: got %d, want 0", i)
		}
		if i := logit(r, []float64{math.NaN(), 1, math.NaN()}, math.Inf(1), nil); i != 1 {
			t.Fatalf("argmax skipping NaN: got %d, want 1", i)
		}
	}
}

func TestLogitNoneAllowed(t *testing.T) {
	r := newTestRand(130)
	none := []bool{false, false, false}
	utils := []float64{1, 2, 3}
	for _, lambda := range []float64{1, -2, 0, math.Inf(1), math.Inf(-1)} {
		if i := logit(r, utils, lambda, none); i != -1 {
			t.Errorf("lambda=%g, none allowed: got %d", lambda, i)
		}
		if i := logit(r, nil, lambda, nil); i != -1 {
			t.Errorf("lambda=%g, empty: got %d", lambda, i)
		}
		if i := logit(r, []float64{math.NaN(), math.NaN()}, lambda, nil); i != -1 {
			t.Errorf("lambda=%g, all NaN: got %d", lambda, i)
		}
	}
}

func TestLogitNaNLambdaPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Logit with NaN lambda did not panic")
		}
	}()
	logit(newTestRand(140), []float64{1, 2}, math.NaN(), nil)
}

var (
	sinkInt  int64
	sinkIdx  int
	sinkBool bool
)

func TestVariatesZeroAllocs(t *testing.T) {
	r := newTestRand(150)
	utils := []float64{1, 0.5, -0.3, 2, 2, 1.7, 0.1, -1}
	allowed := []bool{true, true, false, true, true, true, true, true}
	probs := make([]float64, len(utils))
	var pool bitPool
	cases := []struct {
		name string
		f    func()
	}{
		{"Poisson", func() {
			sinkInt = poisson(r, 0.3) + poisson(r, 3) + poisson(r, 47.5) + poisson(r, 1e4)
		}},
		{"Binomial", func() {
			sinkInt = binomial(r, 10, 0.3) + binomial(r, 1000, 0.4) + binomial(r, 1000, 0.9) + binomial(r, 1e6, 0.5)
		}},
		{"Logit", func() {
			sinkIdx = logit(r, utils, 1.3, allowed) + logit(r, utils, 0, allowed) +
				logit(r, utils, math.Inf(1), nil)
			logitProbs(utils, 1.3, allowed, probs)
		}},
		{"Bernoulli", func() { sinkBool = bernoulli(r, 0.4) }},
		{"PoissonPooled", func() {
			sinkInt = poissonPooled(r, &pool, 0.3) + poissonPooled(r, &pool, 3) + poissonPooled(r, &pool, 9.9) + poissonPooled(r, &pool, 25)
		}},
	}
	for _, c := range cases {
		if a := testing.AllocsPerRun(2000, c.f); a != 0 {
			t.Errorf("%s: %v allocations per run, want 0", c.name, a)
		}
	}
}

func BenchmarkPoissonSmall(b *testing.B) {
	for _, mean := range []float64{0.3, 3, 9.9} {
		b.Run(fmt.Sprintf("mean=%g", mean), func(b *testing.B) {
			r := newTestRand(1)
			for b.Loop() {
				sinkInt = poisson(r, mean)
			}
		})
	}
}

func BenchmarkPoissonPooled(b *testing.B) {
	for _, mean := range []float64{0.3, 3, 9.9} {
		b.Run(fmt.Sprintf("mean=%g", mean), func(b *testing.B) {
			r := newTestRand(1)
			var pool bitPool
			for b.Loop() {
				sinkInt = poissonPooled(r, &pool, mean)
			}
		})
	}
}

func BenchmarkPoissonLarge(b *testing.B) {
	for _, mean := range []float64{10, 100, 1e4, 1e12} {
		b.Run(fmt.Sprintf("mean=%g", mean), func(b *testing.B) {
			r := newTestRand(2)
			for b.Loop() {
				sinkInt = poisson(r, mean)
			}
		})
	}
}

func BenchmarkBinomial(b *testing.B) {
	cases := []struct {
		n int64
		p float64
	}{{10, 0.3}, {1000, 0.005}, {50, 0.3}, {1000, 0.4}, {1000000, 0.5}}
	for _, c := range cases {
		b.Run(fmt.Sprintf("n=%d,p=%g", c.n, c.p), func(b *testing.B) {
			r := newTestRand(3)
			for b.Loop() {
				sinkInt = binomial(r, c.n, c.p)
			}
		})
	}
}

func BenchmarkLogit(b *testing.B) {
	for _, size := range []int{4, 16} {
		utils := make([]float64, size)
		allowed := make([]bool, size)
		for i := range utils {
			utils[i] = math.Sin(float64(i)) * 3
			allowed[i] = i%5 != 2
		}
		b.Run(fmt.Sprintf("n=%d", size), func(b *testing.B) {
			r := newTestRand(4)
			for b.Loop() {
				sinkIdx = logit(r, utils, 1.5, allowed)
			}
		})
	}
}

// expNeg agrees with math.Exp to a few ulps over its whole range, at the
// table's points, just below them and in between.
func TestExpNeg(t *testing.T) {
	r := newTestRand(160)
	worst := 0.0
	check := func(x float64) {
		want := math.Exp(-x)
		if rel := math.Abs(expNeg(x)-want) / want; rel > worst {
			worst = rel
		}
	}
	for i := 0; i <= 10*expNegStep; i++ {
		x := float64(i) / expNegStep
		check(x)
		if i > 0 {
			check(math.Nextafter(x, 0))
		}
	}
	for range 200000 {
		check(10 * r.Float64())
	}
	check(10)
	if worst > 4e-16 {
		t.Errorf("expNeg: largest relative error %.3g against math.Exp, want ≤ 4e-16 (a few ulps)", worst)
	}
}

// expNegWide agrees with math.Exp to a few ulps from 0 to 40, across the
// joints at 10, 20 and 30, and beyond.
func TestExpNegWide(t *testing.T) {
	r := newTestRand(161)
	worst := 0.0
	check := func(x float64) {
		want := math.Exp(-x)
		if rel := math.Abs(expNegWide(x)-want) / want; rel > worst {
			worst = rel
		}
	}
	for _, x := range []float64{0, 9.999999, 10, 19.99999, 20, 29.9999, 30, 39.9999, 40, 50} {
		check(x)
		check(math.Nextafter(x, 0))
	}
	for range 200000 {
		check(45 * r.Float64())
	}
	if worst > 6e-16 {
		t.Errorf("expNegWide: largest relative error %.3g against math.Exp, want ≤ 6e-16 (a few ulps)", worst)
	}
}

// poissonPooled is exactly Poisson: chi-square against the pmf for small and
// large means below 32 (e^−mean from expNeg below 10, from expNegWide
// above), with the production cells of 16 bits and
// with cells of 1 and 3 bits, where nearly every draw needs the refinement by
// a fresh uniform, so that both paths are tested.
func TestPoissonPooledChiSquare(t *testing.T) {
	const n = 300000
	for i, mean := range []float64{0.02, 0.3, 0.95, 2.5, 6, 9.99, 10, 17.5, 31.99} {
		for _, bits := range []uint{poissonCellBits, 3, 1} {
			r := newTestRand(byte(170 + i))
			var pool bitPool
			chiSquareGOF(t, fmt.Sprintf("PoissonPooled(%g), %d-bit cells", mean, bits), n, int64(mean+12*math.Sqrt(mean)+5),
				func() int64 { return poissonCells(r, &pool, bits, mean) }, poissonPMFRef(mean))
		}
	}
}

// The pooled search stays exact past the table of 1/k (counts of 128 and
// more, which PoissonPooled's means below 32 all but never reach): chi-square
// of the cells at a mean of 130.
func TestPoissonCellsPastRecipTable(t *testing.T) {
	const n, mean = 200000, 130.0
	r := newTestRand(173)
	var pool bitPool
	chiSquareGOF(t, "poissonCells(130), 16-bit cells", n, int64(mean+12*math.Sqrt(mean)+5),
		func() int64 { return poissonCells(r, &pool, poissonCellBits, mean) }, poissonPMFRef(mean))
}

// countingSource counts the words drawn from a source.
type countingSource struct {
	src rand.Source
	n   int
}

func (c *countingSource) Uint64() uint64 { c.n++; return c.src.Uint64() }

// poissonPooled takes a quarter of a word per draw, plus a word each time a
// 16-bit cell straddles a point of the cdf (probability (k+1)·2^−16).
func TestPoissonPooledWords(t *testing.T) {
	const n = 400000
	for _, mean := range []float64{0.3, 3, 9.9, 25} {
		src := &countingSource{src: rand.NewChaCha8([32]byte{180})}
		r := rand.New(src)
		var pool bitPool
		var sum int64
		for range n {
			sum += poissonPooled(r, &pool, mean)
		}
		perDraw := float64(src.n) / n
		// (k+1)·2^−16 at most k+1 ≈ mean+1 straddles on average.
		if want := 0.25 + (mean+1)/65536; perDraw > want+0.001 || perDraw < 0.25 {
			t.Errorf("mean %g: %.5f words per draw, want 0.25 plus about %.5f", mean, perDraw, want-0.25)
		}
		if got := float64(sum) / n; math.Abs(got-mean) > 5*math.Sqrt(mean/n) {
			t.Errorf("mean %g: sample mean %.4f", mean, got)
		}
	}
}

// bitPool hands out each word's bits once, low bits first, and drops a
// remainder too short for the next request.
func TestBitPool(t *testing.T) {
	ref := newTestRand(190)
	r := newTestRand(190)
	var pool bitPool
	for range 100 {
		w := ref.Uint64()
		for q := range 4 {
			if got, want := pool.take(r, 16), w>>(16*q)&0xffff; got != want {
				t.Fatalf("16-bit slice %d: %#x, want %#x", q, got, want)
			}
		}
	}
	w := ref.Uint64()
	pool.take(r, 48)
	if got, want := pool.take(r, 32), ref.Uint64()&0xffffffff; got != want {
		t.Fatalf("after 48 bits, a 32-bit request: %#x, want the low half of the next word %#x (previous word %#x)", got, want, w)
	}
}

// poissonPooledEach draws what drawLoss draws one mean at a time, in order,
// from the same stream and pool: PoissonPooled below 32, poisson above, and
// nothing for a mean ≤ 0 or NaN (which would otherwise shift every later draw).
func TestPoissonPooledEachOneByOne(t *testing.T) {
	means := []float64{0.3, 0, 2.4, 31.9, 32, 150, -1, math.NaN(), 0.001, 9.99, 10, 1e-300, 17}
	a, b := newTestRand(200), newTestRand(200)
	var pa, pb bitPool
	counts := make([]float64, len(means))
	for round := range 2000 {
		poissonPooledEach(a, &pa, means, counts)
		for c, mean := range means {
			var want int64
			switch {
			case mean < poissonPooledMax && mean > 0:
				want = poissonPooled(b, &pb, mean)
			case mean > 0:
				want = poisson(b, mean)
			}
			if counts[c] != float64(want) {
				t.Fatalf("round %d, mean %g: %g, one by one %d", round, mean, counts[c], want)
			}
		}
	}
	if a.Uint64() != b.Uint64() || pa != pb {
		t.Fatal("the streams differ after the draws")
	}
}

// poissonCellsStepwise is the pooled search as it was before its first
// steps were taken four at a time (poissonCellsEach): one comparison and one
// branch per step. It is the reference the faster search must match draw
// for draw.
func poissonCellsStepwise(r *rand.Rand, pool *bitPool, bits uint, mean float64) int64 {
	if !(mean > 0) {
		return 0
	}
	bits &= 63
	scale := float64(int64(1) << bits)
	for {
		x := float64(int64(pool.take(r, bits)))
		if x+1 <= (1-mean)*scale {
			return 0
		}
		p := expNegWide(mean) * scale
		k := 0
		for p > 0 {
			if x >= p {
				x -= p
				k++
				if k < len(recipTable) {
					p *= mean * recipTable[k]
				} else {
					p *= mean / float64(k)
				}
				continue
			}
			if x+1 <= p {
				return int64(k)
			}
			x += r.Float64()
			if k, ok := poissonSearchFrom(x, float64(k), p, mean); ok {
				return k
			}
			break
		}
	}
}

// The search four steps at a time draws exactly the count the search step by
// step draws from the same bits, and leaves the stream and the pool where it
// does: for means from 10⁻³⁰⁰ to 200 (past the table of 1/k), with the
// production cells of 16 bits and with narrow cells (where nearly every draw
// is refined by a fresh uniform), and at the means where 1 − mean·k/… puts a
// cdf point on a cell's edge (whole means, halves).
func TestPoissonCellsSameAsStepwise(t *testing.T) {
	means := []float64{1e-300, 1e-9, 2e-5, 0.001, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 3.999, 4, 7.5, 9.99, 10, 12, 16, 25, 31.99, 60, 127, 200}
	r0 := newTestRand(210)
	for range 200 {
		means = append(means, 32*r0.Float64()*r0.Float64())
	}
	for _, bits := range []uint{poissonCellBits, 8, 3, 1} {
		for i, mean := range means {
			a, b := newTestRand(byte(211+i)), newTestRand(byte(211+i))
			var pa, pb bitPool
			for d := range 3000 {
				got := poissonCells(a, &pa, bits, mean)
				want := poissonCellsStepwise(b, &pb, bits, mean)
				if got != want {
					t.Fatalf("%d-bit cells, mean %g, draw %d: %d, step by step %d", bits, mean, d, got, want)
				}
			}
			if a.Uint64() != b.Uint64() || pa != pb {
				t.Fatalf("%d-bit cells, mean %g: the streams differ after the draws", bits, mean)
			}
		}
	}
}
