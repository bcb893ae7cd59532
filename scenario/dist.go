package scenario

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// z95 is the 95th percentile of the standard normal, Φ⁻¹(0.95).
const z95 = 1.6448536269514722

const distExpected = `expected a number or one of uniform(a, b) with a < b, normal(mean, sd) with sd > 0, ` +
	`lognormal(mu, sigma) with sigma > 0, beta(a, b) with a > 0 and b > 0, triangular(min, mode, max) or ` +
	`pert(min, mode, max) with min <= mode <= max and min < max, or "A to B" with 0 < A < B`

// distFamily describes one distribution a scenario may name.
type distFamily struct {
	name  string
	kind  DistKind
	nargs int
	form  string
	need  string // the condition on the arguments, in words
}

// expected is what a family's text must look like, in words.
func (f *distFamily) expected() string { return f.form + " with " + f.need }

var distFamilies = [...]distFamily{
	{"uniform", Uniform, 2, "uniform(a, b)", "a < b"},
	{"normal", Normal, 2, "normal(mean, sd)", "sd > 0"},
	{"lognormal", LogNormal, 2, "lognormal(mu, sigma)", "sigma > 0"},
	{"beta", Beta, 2, "beta(a, b)", "a > 0 and b > 0"},
	{"triangular", Triangular, 3, "triangular(min, mode, max)", "min <= mode <= max and min < max"},
	{"pert", PERT, 3, "pert(min, mode, max)", "min <= mode <= max and min < max"},
}

// ParseValue reads a number or a distribution as a scenario author writes it:
//
//	0.5, -3, 1e-4, 5%              a constant (a trailing % divides by 100)
//	uniform(a, b)                  a < b
//	normal(mean, sd)               sd > 0
//	lognormal(mu, sigma)           exp(N(mu, sigma²)), sigma > 0
//	beta(a, b)                     a, b > 0
//	triangular(min, mode, max)     min <= mode <= max, min < max
//	pert(min, mode, max)           likewise
//	A to B                         0 < A < B: the lognormal with 5th and 95th
//	                               percentiles A and B (as in Squiggle):
//	                               mu = (ln A + ln B)/2, sigma = (ln B − ln A)/(2·Φ⁻¹(0.95))
//
// Names are case-insensitive and spaces are allowed around every token.
// Parameters must be finite. Text of the result is the trimmed input.
func ParseValue(text string) (Value, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return Value{}, errors.New("empty value; " + distExpected)
	}
	v := Value{Text: s}
	var err error
	if open := strings.IndexByte(s, '('); open >= 0 {
		err = parseCall(&v, s, open)
	} else if f := strings.Fields(strings.ToLower(s)); slices.Contains(f, "to") {
		err = parseTo(&v, s, f)
	} else if v.P[0], err = parseNumber(s); err != nil {
		err = fmt.Errorf("%v; %s", err, distExpected)
	}
	if err != nil {
		return Value{}, err
	}
	return v, nil
}

// parseCall reads name(arg, ...) into v; open is the index of the "(".
func parseCall(v *Value, s string, open int) error {
	name := strings.ToLower(strings.TrimSpace(s[:open]))
	if name == "" {
		return fmt.Errorf("missing distribution name before \"(\" in %q; %s", s, distExpected)
	}
	var fam *distFamily
	for i := range distFamilies {
		if distFamilies[i].name == name {
			fam = &distFamilies[i]
		}
	}
	if fam == nil {
		return fmt.Errorf("unknown distribution %q; %s", name, distExpected)
	}
	end := strings.LastIndexByte(s, ')')
	if end < open {
		return fmt.Errorf("%q is missing the closing \")\"; expected %s", s, fam.expected())
	}
	if rest := strings.TrimSpace(s[end+1:]); rest != "" {
		return fmt.Errorf("unexpected %q after \")\" in %q; expected %s", rest, s, fam.expected())
	}
	inner := s[open+1 : end]
	var args []string
	if strings.TrimSpace(inner) != "" {
		args = strings.Split(inner, ",")
	}
	if len(args) != fam.nargs {
		return fmt.Errorf("%s takes %d arguments, got %d: expected %s", fam.name, fam.nargs, len(args), fam.expected())
	}
	for i, a := range args {
		x, err := parseNumber(a)
		if err != nil {
			return fmt.Errorf("%s argument %d: %v; expected %s", fam.name, i+1, err, fam.expected())
		}
		v.P[i] = x
	}
	v.Kind = fam.kind
	p := v.P
	var ok bool
	switch fam.kind {
	case Uniform:
		ok = p[0] < p[1]
	case Normal, LogNormal:
		ok = p[1] > 0
	case Beta:
		ok = p[0] > 0 && p[1] > 0
	case Triangular, PERT:
		ok = p[0] <= p[1] && p[1] <= p[2] && p[0] < p[2]
	}
	if !ok {
		return fmt.Errorf("%s needs %s, got %s", fam.form, fam.need, s)
	}
	if lo, hi := v.Support(); !math.IsInf(hi, 0) && math.IsInf(hi-lo, 0) {
		return fmt.Errorf("%s needs a range that fits in a float64, got %s", fam.form, s)
	}
	return nil
}

// parseTo reads "A to B" into v; f is the lower-cased fields of s.
func parseTo(v *Value, s string, f []string) error {
	i := slices.Index(f, "to")
	if i == 0 || i == len(f)-1 || slices.Contains(f[i+1:], "to") {
		return fmt.Errorf("cannot read %q: \"A to B\" needs one number on each side of \"to\"; %s", s, distExpected)
	}
	a, err := parseNumber(strings.Join(f[:i], " "))
	if err != nil {
		return fmt.Errorf("%q: A in \"A to B\": %v", s, err)
	}
	b, err := parseNumber(strings.Join(f[i+1:], " "))
	if err != nil {
		return fmt.Errorf("%q: B in \"A to B\": %v", s, err)
	}
	if !(0 < a && a < b) {
		return fmt.Errorf("\"A to B\" needs 0 < A < B, got %q", s)
	}
	la, lb := math.Log(a), math.Log(b)
	v.Kind = LogNormal
	v.P[0] = la/2 + lb/2
	v.P[1] = (lb - la) / (2 * z95)
	if !(v.P[1] > 0) {
		return fmt.Errorf("\"A to B\" needs A and B further apart, got %q", s)
	}
	return nil
}

// parseNumber reads a finite float in Go syntax (strconv.ParseFloat, without
// digit-separating underscores), with an optional trailing % meaning /100.
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	num, pct := strings.CutSuffix(s, "%")
	num = strings.TrimSpace(num)
	if num == "" {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	x, err := strconv.ParseFloat(num, 64)
	if err != nil || strings.ContainsRune(num, '_') {
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%q is too large a number", s)
		}
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	if pct {
		x /= 100
	}
	return x, nil
}

// Draw returns one draw of v from r, without allocating:
//
//	Const        P[0]
//	Uniform      a + (b−a)·U
//	Normal       mean + sd·N (r.NormFloat64)
//	LogNormal    exp(mu + sigma·N)
//	Beta         X/(X+Y), X ~ Gamma(a), Y ~ Gamma(b) (Marsaglia & Tsang 2000)
//	Triangular   inversion of the CDF F(x) = (x−min)²/((max−min)(mode−min)) for
//	             x <= mode, 1 − (max−x)²/((max−min)(max−mode)) above
//	PERT         min + (max−min)·Beta(1 + 4(mode−min)/(max−min), 1 + 4(max−mode)/(max−min)) (Vose)
//
// Draws of bounded families are clamped into Support against rounding.
func (v Value) Draw(r *rand.Rand) float64 {
	p := v.P
	var x float64
	switch v.Kind {
	case Const:
		return p[0]
	case Uniform:
		x = p[0] + (p[1]-p[0])*r.Float64()
	case Normal:
		return p[0] + p[1]*r.NormFloat64()
	case LogNormal:
		return math.Exp(p[0] + p[1]*r.NormFloat64())
	case Beta:
		x = drawBeta(r, p[0], p[1])
	case Triangular:
		w := p[2] - p[0]
		fc := (p[1] - p[0]) / w // F(mode)
		if u := r.Float64(); u < fc {
			x = p[0] + w*math.Sqrt(u*fc)
		} else {
			x = p[2] - w*math.Sqrt((1-u)*(1-fc))
		}
	case PERT:
		w := p[2] - p[0]
		x = p[0] + w*drawBeta(r, 1+4*(p[1]-p[0])/w, 1+4*(p[2]-p[1])/w)
	default:
		return math.NaN()
	}
	lo, hi := v.Support()
	return min(max(x, lo), hi)
}

// drawBeta returns a Beta(a, b) draw as X/(X+Y) = 1/(1 + exp(ln Y − ln X)) with
// X ~ Gamma(a), Y ~ Gamma(b), working with logarithms so that tiny or huge
// shapes neither underflow nor overflow.
func drawBeta(r *rand.Rand, a, b float64) float64 {
	d := drawLogGamma(r, b) - drawLogGamma(r, a)
	if math.IsNaN(d) { // both logs -Inf: shapes so small the draw is 0 or 1
		if r.Float64()*(1+b/a) < 1 {
			return 1
		}
		return 0
	}
	return 1 / (1 + math.Exp(d))
}

// drawLogGamma returns ln X for X ~ Gamma(a, 1), a > 0, by Marsaglia & Tsang,
// "A simple method for generating gamma variables", ACM TOMS 26(3), 2000:
// with d = a − 1/3, c = 1/√(9d), x ~ N(0,1), v = (1+cx)³, U ~ U(0,1), accept
// X = d·v when U < 1 − 0.0331x⁴ or ln U < x²/2 + d(1 − v + ln v). For a < 1
// it uses their boost Gamma(a) = Gamma(a+1)·U^(1/a).
func drawLogGamma(r *rand.Rand, a float64) float64 {
	boost := 0.0
	if a < 1 {
		boost = math.Log(1-r.Float64()) / a
		a++
	}
	d := a - 1.0/3
	c := 1 / (3 * math.Sqrt(d))
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := 1 - r.Float64()
		x2 := x * x
		if u < 1-0.0331*x2*x2 || math.Log(u) < 0.5*x2+d*(1-v+math.Log(v)) {
			return math.Log(d) + math.Log(v) + boost
		}
	}
}

// Support returns the closed hull [lo, hi] of the values v can take, with ±Inf
// for unbounded ends: a point for Const, [a, b] for Uniform, [0, 1] for Beta,
// [min, max] for Triangular and PERT, (−Inf, +Inf) for Normal and (0, +Inf)
// for LogNormal.
func (v Value) Support() (lo, hi float64) {
	p := v.P
	switch v.Kind {
	case Const:
		return p[0], p[0]
	case Uniform:
		return p[0], p[1]
	case Normal:
		return math.Inf(-1), math.Inf(1)
	case LogNormal:
		return 0, math.Inf(1)
	case Beta:
		return 0, 1
	case Triangular, PERT:
		return p[0], p[2]
	}
	return math.NaN(), math.NaN()
}

// Mean returns the exact mean of v: P[0] for Const, (a+b)/2 for Uniform, mean
// for Normal, exp(mu + sigma²/2) for LogNormal, a/(a+b) for Beta,
// (min+mode+max)/3 for Triangular and (min + 4·mode + max)/6 for PERT (Vose).
func (v Value) Mean() float64 {
	p := v.P
	switch v.Kind {
	case Const, Normal:
		return p[0]
	case Uniform:
		return p[0]/2 + p[1]/2
	case LogNormal:
		return math.Exp(p[0] + p[1]*p[1]/2)
	case Beta:
		return 1 / (1 + p[1]/p[0])
	case Triangular:
		return p[0]/3 + p[1]/3 + p[2]/3
	case PERT:
		return p[0]/6 + 2*(p[1]/3) + p[2]/6
	}
	return math.NaN()
}

// String returns Text when set, else a canonical form that ParseValue reads
// back to the same Kind and P, e.g. 0.5 or uniform(0.2, 0.6).
func (v Value) String() string {
	if v.Text != "" {
		return v.Text
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	if v.Kind == Const {
		return f(v.P[0])
	}
	for _, fam := range distFamilies {
		if fam.kind == v.Kind {
			args := make([]string, fam.nargs)
			for i := range args {
				args[i] = f(v.P[i])
			}
			return fam.name + "(" + strings.Join(args, ", ") + ")"
		}
	}
	return fmt.Sprintf("DistKind(%d)%v", v.Kind, v.P)
}

// UnmarshalScalar sets *v to ParseValue(text), keeping v.Pos; on error *v is
// unchanged. A YAML decoder calls it for a scalar node.
func (v *Value) UnmarshalScalar(text string) error {
	nv, err := ParseValue(text)
	if err != nil {
		return err
	}
	nv.Pos = v.Pos
	*v = nv
	return nil
}

// valuePattern is an ECMA-262 (and RE2) regular expression for the text forms
// ParseValue accepts; names match in any case.
var valuePattern = func() string {
	const num = `[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*%?`
	ci := func(name string) string { // case-insensitive without flags
		var b strings.Builder
		for _, c := range name {
			fmt.Fprintf(&b, "[%c%c]", c, c-'a'+'A')
		}
		return b.String()
	}
	var two, three []string
	for _, fam := range distFamilies {
		if fam.nargs == 2 {
			two = append(two, ci(fam.name))
		} else {
			three = append(three, ci(fam.name))
		}
	}
	arg := `\s*` + num + `\s*`
	return `^\s*(?:` + num +
		`|` + num + `\s+` + ci("to") + `\s+` + num +
		`|(?:` + strings.Join(two, "|") + `)\s*\(` + arg + `,` + arg + `\)` +
		`|(?:` + strings.Join(three, "|") + `)\s*\(` + arg + `,` + arg + `,` + arg + `\)` +
		`)\s*$`
}()

// JSONSchema returns the JSON Schema of a Value: a number, or a string in one
// of the forms ParseValue reads. The pattern checks the form only; bounds such
// as a < b are checked by ParseValue.
func (v Value) JSONSchema() map[string]any {
	return map[string]any{
		"oneOf": []any{
			map[string]any{"type": "number"},
			map[string]any{"type": "string", "pattern": valuePattern,
				// Editors show these instead of the pattern (yaml-language-server
				// and VS Code read patternErrorMessage, ajv-errors errorMessage).
				"patternErrorMessage": distExpected, "errorMessage": distExpected},
		},
		"description": "A number, or a distribution drawn once per trajectory: " +
			"uniform(a, b), normal(mean, sd), lognormal(mu, sigma), beta(a, b), " +
			"triangular(min, mode, max), pert(min, mode, max), or \"A to B\" " +
			"(a lognormal with 5th and 95th percentiles A and B). " +
			"A trailing % divides a number by 100.",
	}
}
