package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"brink/mc"
)

// pct writes a probability as a percentage with two significant digits
// (at least one decimal): 0.041 → "4.1 %", 0.0066 → "0.66 %".
func pct(p float64) string { return pctNum(p) + " %" }

func pctNum(p float64) string { return mc.PercentNumber(p) }

// pctCI writes an estimate with its interval: "4.1 % (3.8–4.4 %)".
func pctCI(p, lo, hi float64) string {
	return fmt.Sprintf("%s %% (%s–%s %%)", pctNum(p), pctNum(lo), pctNum(hi))
}

// pctTick labels a percentage axis (values already in %).
func pctTick(v float64) string { return trimFloat(v) }

func numberWord(n int) string { return mc.NumberWord(n) }

func plural(n int, word string) string {
	if n == 1 {
		return numberWord(n) + " " + word
	}
	return numberWord(n) + " " + word + "s"
}

// horizonWords says a horizon of h days in words: "three years", "six
// months" (when h is within two days of whole months), "ten weeks", or "45
// days".
func horizonWords(h int) string {
	const month = 365.25 / 12
	switch {
	case h > 0 && h%365 == 0:
		return plural(h/365, "year")
	case h > 0 && h%366 == 0:
		return plural(h/366, "year")
	case h >= 28 && math.Abs(float64(h)-month*math.Round(float64(h)/month)) <= 2:
		return plural(int(math.Round(float64(h)/month)), "month")
	case h > 0 && h%7 == 0:
		return plural(h/7, "week")
	}
	return fmt.Sprintf("%d days", h)
}

// thousands writes an integer with thin spaces between groups of three
// digits: 10000 → "10 000".
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// quantity writes a value of a fan axis or table: integers plainly, small
// values with a few decimals.
func quantity(x float64) string {
	switch {
	case x == math.Trunc(x) && math.Abs(x) < 1e15:
		return thousands(int64(x))
	case math.Abs(x) < 1:
		return strconv.FormatFloat(x, 'f', 3, 64)
	case math.Abs(x) < 100:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return thousands(int64(math.Round(x)))
}

// shellQuote quotes an argument for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./,:=+@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
