package mc

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Words for comparisons, shared by the terminal text and the report.

// PercentNumber writes a probability as a percentage with as many decimals
// as its size needs: 0, 100, 12.3, 0.45, 0.012, 0.0034.
func PercentNumber(p float64) string {
	v := 100 * p
	switch {
	case v == 0:
		return "0"
	case v >= 99.95 && v <= 100:
		return "100"
	case v >= 1:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case v >= 0.1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case v >= 0.01:
		return strconv.FormatFloat(v, 'f', 3, 64)
	default:
		return strconv.FormatFloat(v, 'g', 2, 64)
	}
}

// Percent is PercentNumber with its sign: "0.45 %".
func Percent(p float64) string { return PercentNumber(p) + " %" }

var smallNumbers = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve"}

// NumberWord writes n in words up to twelve.
func NumberWord(n int) string {
	if n >= 0 && n < len(smallNumbers) {
		return smallNumbers[n]
	}
	return strconv.Itoa(n)
}

// signedPP writes a difference in percentage points with two significant
// digits past the point where it matters.
func SignedPP(v float64) string {
	a := math.Abs(v)
	var s string
	switch {
	case a == 0:
		return "0"
	case a >= 1:
		s = fmt.Sprintf("%.1f", a)
	case a >= 0.1:
		s = fmt.Sprintf("%.2f", a)
	default:
		s = fmt.Sprintf("%.3f", a)
	}
	if v < 0 {
		return "−" + s
	}
	return "+" + s
}

// RankedAnswer is the short ranked answer of a comparison for an outcome:
// the variants whose paired interval excludes 0, largest change first (at
// most maxNamed of them named, 0: all; the rest counted), then those that
// cannot be told from the baseline.
func RankedAnswer(oc OutcomeComparison, what string, maxNamed int) string {
	var clear, unclear []VariantDiff
	for _, v := range oc.Variants {
		if v.Significant && !v.Identical {
			clear = append(clear, v)
		} else {
			unclear = append(unclear, v)
		}
	}
	slices.SortStableFunc(clear, func(a, b VariantDiff) int {
		switch {
		case math.Abs(a.Diff) > math.Abs(b.Diff):
			return -1
		case math.Abs(a.Diff) < math.Abs(b.Diff):
			return 1
		}
		return 0
	})
	var parts []string
	rest := 0
	if maxNamed > 0 && len(clear) > maxNamed {
		rest = len(clear) - maxNamed
		clear = clear[:maxNamed]
	}
	for i, v := range clear {
		verb := "raises"
		if v.Diff < 0 {
			verb = "lowers"
		}
		by := strings.TrimLeft(SignedPP(100*v.Diff), "+−")
		if i == 0 {
			parts = append(parts, fmt.Sprintf("%s %s %s by %s pp (%s → %s)", v.Variant, verb, what, by, Percent(oc.Baseline.P), Percent(v.Estimate.P)))
		} else {
			parts = append(parts, fmt.Sprintf("%s %s it by %s pp", v.Variant, verb, by))
		}
	}
	s := strings.Join(parts, "; ")
	if rest > 0 {
		s += fmt.Sprintf("; %s more change it by less", NumberWord(rest))
	}
	if len(clear) == 0 {
		return fmt.Sprintf("No variant clearly changes %s (baseline %s): every paired interval contains 0.", what, Percent(oc.Baseline.P))
	}
	if len(unclear) > 0 {
		var names []string
		for _, v := range unclear {
			names = append(names, v.Variant)
		}
		tail := fmt.Sprintf("%s cannot be told from the baseline (%s) with these trajectories", strings.Join(names, ", "), Percent(oc.Baseline.P))
		if len(unclear) == 1 {
			tail = fmt.Sprintf("%s cannot be told from the baseline (%s) with these trajectories", names[0], Percent(oc.Baseline.P))
		}
		s += "; " + tail
	}
	return s + "."
}
