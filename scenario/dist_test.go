package scenario

import (
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func distRand() *rand.Rand {
	return rand.New(rand.NewChaCha8([32]byte{'b', 'r', 'i', 'n', 'k', 1, 2, 3}))
}

func TestParseValueGood(t *testing.T) {
	// sigma of "5 to 20" is ln 4 / (2·1.6448536269514722).
	const sigma5to20 = 0.42140356394179934
	tests := []struct {
		in   string
		kind DistKind
		p    [3]float64
		text string
	}{
		{"0.5", Const, [3]float64{0.5}, "0.5"},
		{"  -3 ", Const, [3]float64{-3}, "-3"},
		{"1e-4", Const, [3]float64{1e-4}, "1e-4"},
		{"5%", Const, [3]float64{0.05}, "5%"},
		{"12.5 %", Const, [3]float64{0.125}, "12.5 %"},
		{"0", Const, [3]float64{0}, "0"},
		{"uniform(0.2, 0.6)", Uniform, [3]float64{0.2, 0.6}, "uniform(0.2, 0.6)"},
		{" UNIFORM ( 1 ,2 ) ", Uniform, [3]float64{1, 2}, "UNIFORM ( 1 ,2 )"},
		{"uniform(5%, 10%)", Uniform, [3]float64{0.05, 0.1}, "uniform(5%, 10%)"},
		{"Normal(10, 2)", Normal, [3]float64{10, 2}, "Normal(10, 2)"},
		{"lognormal(0,1)", LogNormal, [3]float64{0, 1}, "lognormal(0,1)"},
		{"beta(2, 5)", Beta, [3]float64{2, 5}, "beta(2, 5)"},
		{"triangular(0, 1, 3)", Triangular, [3]float64{0, 1, 3}, "triangular(0, 1, 3)"},
		{"triangular(0, 0, 1)", Triangular, [3]float64{0, 0, 1}, "triangular(0, 0, 1)"},
		{"triangular(0, 1, 1)", Triangular, [3]float64{0, 1, 1}, "triangular(0, 1, 1)"},
		{"PERT(1, 2, 4)", PERT, [3]float64{1, 2, 4}, "PERT(1, 2, 4)"},
		{"5 to 20", LogNormal, [3]float64{math.Ln10, sigma5to20}, "5 to 20"},
		{"5\tTO   20", LogNormal, [3]float64{math.Ln10, sigma5to20}, "5\tTO   20"},
		{"0.5% to 2 %", LogNormal, [3]float64{math.Log(0.01), sigma5to20}, "0.5% to 2 %"},
	}
	for _, tt := range tests {
		v, err := ParseValue(tt.in)
		if err != nil {
			t.Errorf("ParseValue(%q): %v", tt.in, err)
			continue
		}
		if v.Kind != tt.kind || v.Text != tt.text {
			t.Errorf("ParseValue(%q) = kind %d text %q, want kind %d text %q", tt.in, v.Kind, v.Text, tt.kind, tt.text)
		}
		for i := range v.P {
			if math.Abs(v.P[i]-tt.p[i]) > 1e-14*math.Max(1, math.Abs(tt.p[i])) {
				t.Errorf("ParseValue(%q).P = %v, want %v", tt.in, v.P, tt.p)
				break
			}
		}
		if got := v.String(); got != tt.text {
			t.Errorf("ParseValue(%q).String() = %q, want %q", tt.in, got, tt.text)
		}
	}
}

func TestParseValueBad(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty value; expected a number or one of uniform(a, b)"},
		{"   ", "empty value"},
		{"abc", `"abc" is not a number; expected a number or one of`},
		{"gauss(0, 1)", `unknown distribution "gauss"; expected a number or one of uniform(a, b) with a < b, normal(mean, sd) with sd > 0,`},
		{"uniform(1)", `uniform takes 2 arguments, got 1: expected uniform(a, b) with a < b`},
		{"(0, 1)", `missing distribution name`},
		{"uniform(3, 1)", "uniform(a, b) needs a < b, got uniform(3, 1)"},
		{"uniform(1, 1)", "needs a < b"},
		{"uniform(-1e308, 1e308)", "needs a range that fits in a float64"},
		{"uniform(1, x)", `uniform argument 2: "x" is not a number; expected uniform(a, b)`},
		{"uniform(1, )", `uniform argument 2: "" is not a number`},
		{"uniform(1, 2", `is missing the closing ")"`},
		{"uniform(1, 2) x", `unexpected "x" after ")"`},
		{"normal(0, 1, 2)", "normal takes 2 arguments, got 3"},
		{"normal()", "normal takes 2 arguments, got 0"},
		{"normal(0, 0)", "normal(mean, sd) needs sd > 0"},
		{"normal(0, -1)", "needs sd > 0"},
		{"lognormal(0, 0)", "lognormal(mu, sigma) needs sigma > 0"},
		{"beta(0, 1)", "beta(a, b) needs a > 0 and b > 0"},
		{"beta(1, -2)", "needs a > 0 and b > 0"},
		{"triangular(0, 5, 3)", "triangular(min, mode, max) needs min <= mode <= max and min < max"},
		{"triangular(1, 1, 1)", "min < max"},
		{"pert(3, 2, 1)", "pert(min, mode, max) needs min <= mode"},
		{"pert(1, 2)", "pert takes 3 arguments, got 2"},
		{"NaN", `"NaN" is not a finite number`},
		{"-Inf", "not a finite number"},
		{"1e400", "too large"},
		{"uniform(0, nan)", "not a finite number"},
		{"1_000", "not a number"},
		{"%", "not a number"},
		{"5%%", "not a number"},
		{"20 to 5", `"A to B" needs 0 < A < B, got "20 to 5"`},
		{"0 to 5", "needs 0 < A < B"},
		{"-1 to 5", "needs 0 < A < B"},
		{"5 to", `needs one number on each side of "to"`},
		{"to 5", "one number on each side"},
		{"1 to 2 to 3", "one number on each side"},
		{"x to 5", `A in "A to B": "x" is not a number`},
		{"1e300 to 1.0000000000000002e300", "further apart"},
	}
	for _, tt := range tests {
		v, err := ParseValue(tt.in)
		if err == nil {
			t.Errorf("ParseValue(%q) = %+v, want error containing %q", tt.in, v, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseValue(%q) error = %q, want it to contain %q", tt.in, err, tt.want)
		}
		if v != (Value{}) {
			t.Errorf("ParseValue(%q) returned %+v with its error, want zero Value", tt.in, v)
		}
	}
}

func TestValueStringCanonical(t *testing.T) {
	tests := []struct {
		v    Value
		want string
	}{
		{Fixed(0.5), "0.5"},
		{Value{Kind: Uniform, P: [3]float64{0.2, 0.6}}, "uniform(0.2, 0.6)"},
		{Value{Kind: Normal, P: [3]float64{-1, 2.5}}, "normal(-1, 2.5)"},
		{Value{Kind: PERT, P: [3]float64{1, 2, 4}}, "pert(1, 2, 4)"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestValueUnmarshalScalar(t *testing.T) {
	pos := Pos{File: "s.yaml", Line: 3, Col: 7}
	v := Value{Pos: pos}
	if err := v.UnmarshalScalar(" beta(2, 3) "); err != nil {
		t.Fatal(err)
	}
	want := Value{Kind: Beta, P: [3]float64{2, 3}, Text: "beta(2, 3)", Pos: pos}
	if v != want {
		t.Errorf("after UnmarshalScalar: %+v, want %+v", v, want)
	}
	if err := v.UnmarshalScalar("beta(0, 3)"); err == nil {
		t.Error("UnmarshalScalar(beta(0, 3)) succeeded")
	}
	if v != want {
		t.Errorf("failed UnmarshalScalar changed v to %+v", v)
	}
}

func TestValueJSONSchema(t *testing.T) {
	s := Value{}.JSONSchema()
	if _, ok := s["description"].(string); !ok {
		t.Error("no description")
	}
	one := s["oneOf"].([]any)
	if one[0].(map[string]any)["type"] != "number" {
		t.Errorf("oneOf[0] = %v", one[0])
	}
	re := regexp.MustCompile(one[1].(map[string]any)["pattern"].(string))
	for _, in := range []string{"0.5", "-3", "1e-4", "5%", ".5", "uniform(0.2, 0.6)", " UNIFORM ( 1 ,2 ) ",
		"Normal(10, 2)", "lognormal(0,1)", "beta(2, 5)", "triangular(0, 1, 3)", "PERT(1, 2, 4)",
		"5 to 20", "5 TO 20", "0.5% to 2 %"} {
		if !re.MatchString(in) {
			t.Errorf("pattern rejects %q", in)
		}
		if _, err := ParseValue(in); err != nil {
			t.Errorf("ParseValue(%q): %v", in, err)
		}
	}
	for _, in := range []string{"", "abc", "gauss(0, 1)", "normal(0, 1, 2)", "pert(1, 2)", "uniform(1, 2",
		"5 to", "1 to 2 to 3", "NaN", "1_000", "5%%"} {
		if re.MatchString(in) {
			t.Errorf("pattern accepts %q", in)
		}
	}
}

// distCase is one family to check statistically; cdf is nil when there is no
// closed form to test against.
type distCase struct {
	in  string
	cdf func(x float64) float64
}

func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

var distCases = []distCase{
	{"7", nil},
	{"uniform(0.2, 0.6)", func(x float64) float64 { return (x - 0.2) / 0.4 }},
	{"uniform(-3, 5)", func(x float64) float64 { return (x + 3) / 8 }},
	{"normal(10, 2)", func(x float64) float64 { return normCDF((x - 10) / 2) }},
	{"lognormal(0.5, 0.8)", func(x float64) float64 { return normCDF((math.Log(x) - 0.5) / 0.8) }},
	{"5 to 20", nil},
	{"beta(2, 5)", nil},
	{"beta(0.5, 0.3)", nil}, // both shapes < 1: the Marsaglia–Tsang boost
	{"beta(2, 1)", func(x float64) float64 { return x * x }},                // CDF of Beta(a, 1) is x^a
	{"beta(0.5, 1)", func(x float64) float64 { return math.Sqrt(x) }},       // the same, a < 1
	{"beta(1, 3)", func(x float64) float64 { return 1 - math.Pow(1-x, 3) }}, // Beta(1, b): 1 − (1−x)^b
	{"beta(300, 200)", nil},
	{"triangular(0, 1, 3)", triCDF(0, 1, 3)},
	{"triangular(2, 2, 5)", triCDF(2, 2, 5)},
	{"triangular(-1, 4, 4)", triCDF(-1, 4, 4)},
	{"pert(1, 2, 4)", nil},
	{"pert(0, 0, 2)", func(x float64) float64 { return 1 - math.Pow(1-x/2, 5) }}, // 2·Beta(1, 5)
	{"pert(10, 11, 30)", nil},
}

func triCDF(a, c, b float64) func(float64) float64 {
	return func(x float64) float64 {
		switch {
		case x <= a:
			return 0
		case x >= b:
			return 1
		case x <= c:
			return (x - a) * (x - a) / ((b - a) * (c - a))
		}
		return 1 - (b-x)*(b-x)/((b-a)*(b-c))
	}
}

const distN = 200_000

func distDraws(t *testing.T, in string) (Value, []float64) {
	t.Helper()
	v, err := ParseValue(in)
	if err != nil {
		t.Fatal(err)
	}
	r := distRand()
	xs := make([]float64, distN)
	for i := range xs {
		xs[i] = v.Draw(r)
	}
	return v, xs
}

// TestDistMean checks the sample mean of 200,000 draws against Mean() within
// 5 standard errors, and that every draw lies in Support().
func TestDistMean(t *testing.T) {
	for _, c := range distCases {
		v, xs := distDraws(t, c.in)
		var sum float64
		for _, x := range xs {
			sum += x
		}
		mean := sum / distN
		var ss float64
		for _, x := range xs {
			ss += (x - mean) * (x - mean)
		}
		se := math.Sqrt(ss/(distN-1)) / math.Sqrt(distN)
		if d := math.Abs(mean - v.Mean()); !(d <= 5*se) {
			t.Errorf("%s: sample mean %g, Mean() %g: off by %.1f standard errors", c.in, mean, v.Mean(), d/se)
		}
		lo, hi := v.Support()
		for _, x := range xs {
			if !(lo <= x && x <= hi) {
				t.Errorf("%s: draw %g outside support [%g, %g]", c.in, x, lo, hi)
				break
			}
		}
	}
}

// TestDistKS is a Kolmogorov–Smirnov test of 200,000 draws against the CDF,
// D·√n < 1.95 (about the 0.1 % critical value).
func TestDistKS(t *testing.T) {
	for _, c := range distCases {
		if c.cdf == nil {
			continue
		}
		_, xs := distDraws(t, c.in)
		slices.Sort(xs)
		var d float64
		for i, x := range xs {
			f := c.cdf(x)
			d = max(d, float64(i+1)/distN-f, f-float64(i)/distN)
		}
		if k := d * math.Sqrt(distN); k >= 1.95 {
			t.Errorf("%s: KS D·√n = %.3f, want < 1.95", c.in, k)
		} else {
			t.Logf("%s: KS D·√n = %.3f", c.in, k)
		}
	}
}

// TestDistToPercentiles checks that "A to B" puts the empirical 5th and 95th
// percentiles within 2 % of A and B.
func TestDistToPercentiles(t *testing.T) {
	for _, tc := range []struct {
		in   string
		a, b float64
	}{
		{"5 to 20", 5, 20},
		{"0.01 to 1000", 0.01, 1000},
		{"1% to 3%", 0.01, 0.03},
	} {
		v, xs := distDraws(t, tc.in)
		if v.Kind != LogNormal {
			t.Errorf("%s: kind %d, want LogNormal", tc.in, v.Kind)
		}
		slices.Sort(xs)
		p05, p95 := xs[distN*5/100], xs[distN*95/100]
		if math.Abs(p05/tc.a-1) > 0.02 || math.Abs(p95/tc.b-1) > 0.02 {
			t.Errorf("%s: 5th, 95th percentiles %g, %g; want within 2%% of %g, %g", tc.in, p05, p95, tc.a, tc.b)
		}
	}
}

func TestDistDrawAllocs(t *testing.T) {
	r := distRand()
	var sink float64
	for _, c := range distCases {
		v, err := ParseValue(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(1000, func() { sink += v.Draw(r) }); n != 0 {
			t.Errorf("%s: Draw allocates %v times per call", c.in, n)
		}
	}
	_ = sink
}

func TestDistSupportMean(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		in     string
		lo, hi float64
		mean   float64
	}{
		{"7", 7, 7, 7},
		{"uniform(0.2, 0.6)", 0.2, 0.6, 0.4},
		{"normal(10, 2)", -inf, inf, 10},
		{"lognormal(0, 1)", 0, inf, math.Exp(0.5)},
		{"beta(2, 6)", 0, 1, 0.25},
		{"triangular(0, 1, 5)", 0, 5, 2},
		{"pert(1, 2, 9)", 1, 9, 3},
	}
	for _, tt := range tests {
		v, err := ParseValue(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if lo, hi := v.Support(); lo != tt.lo || hi != tt.hi {
			t.Errorf("%s: Support() = %g, %g, want %g, %g", tt.in, lo, hi, tt.lo, tt.hi)
		}
		if m := v.Mean(); math.Abs(m-tt.mean) > 1e-15*tt.mean {
			t.Errorf("%s: Mean() = %g, want %g", tt.in, m, tt.mean)
		}
	}
}

func FuzzParseValue(f *testing.F) {
	for _, s := range []string{
		"0.5", "-3", "1e-4", "5%", "uniform(0.2, 0.6)", "normal(10, 2)", "lognormal(0, 1)",
		"beta(2, 5)", "beta(1e-300, 1e-300)", "beta(1e300, 1e-300)", "triangular(0, 1, 3)", "pert(1, 2, 4)",
		"5 to 20", "1e-300 to 1e300", "gauss(0, 1)", "uniform(3, 1)", "normal(0, 1, 2)", "", "NaN",
		"uniform(-1e308, 1e307)", "lognormal(700, 1e300)", "normal(1e308, 1e308)", "pert(0, 1e-320, 1e-310)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseValue(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseValue(%q): empty error", s)
			}
			return
		}
		for _, p := range v.P {
			if math.IsNaN(p) || math.IsInf(p, 0) {
				t.Fatalf("ParseValue(%q).P = %v", s, v.P)
			}
		}
		lo, hi := v.Support()
		r := distRand()
		for range 20 {
			if x := v.Draw(r); !(lo <= x && x <= hi) {
				t.Fatalf("ParseValue(%q) = %+v: draw %g outside support [%g, %g]", s, v, x, lo, hi)
			}
		}
		// The canonical form reads back to the same Kind and P.
		c := Value{Kind: v.Kind, P: v.P}.String()
		w, err := ParseValue(c)
		if err != nil || w.Kind != v.Kind || w.P != v.P {
			t.Fatalf("ParseValue(%q) = %+v; canonical %q reads back as %+v, %v", s, v, c, w, err)
		}
	})
}

// An editor that validates a scenario against the JSON Schema shows a bad
// distribution in words, not as the pattern (a regular expression of some
// 900 characters).
func TestValueSchemaErrorInWords(t *testing.T) {
	str := (Value{}).JSONSchema()["oneOf"].([]any)[1].(map[string]any)
	msg, _ := str["patternErrorMessage"].(string)
	pat, _ := str["pattern"].(string)
	if !strings.Contains(msg, "uniform(a, b) with a < b") || strings.ContainsAny(msg, `\[]^$`) || len(msg) >= len(pat)/2 {
		t.Errorf("patternErrorMessage %q (the pattern has %d characters)", msg, len(pat))
	}
	if str["errorMessage"] != msg {
		t.Errorf("errorMessage %v", str["errorMessage"])
	}
}
