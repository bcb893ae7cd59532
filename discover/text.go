package discover

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
)

// pctText writes a rate as a percentage with two significant digits.
func pctText(p float64) string {
	v := 100 * p
	switch {
	case v == 0:
		return "0 %"
	case v >= 1:
		return strconv.FormatFloat(v, 'f', 1, 64) + " %"
	case v >= 0.1:
		return strconv.FormatFloat(v, 'f', 2, 64) + " %"
	default:
		return strconv.FormatFloat(v, 'g', 2, 64) + " %"
	}
}

// FormatP writes a p-value: four decimals below 0.01, three below 0.1,
// two above, and <0.0001 below that (brink discover, its report and the
// dashboard).
func FormatP(p float64) string {
	switch {
	case p < 0.0001:
		return "<0.0001"
	case p < 0.01:
		return strconv.FormatFloat(p, 'f', 4, 64)
	case p < 0.1:
		return strconv.FormatFloat(p, 'f', 3, 64)
	}
	return strconv.FormatFloat(p, 'f', 2, 64)
}

// pEq writes "p" 's relation to its value: "< 0.0001", "= 0.0035".
func pEq(p float64) string {
	if p < 0.0001 {
		return "< 0.0001"
	}
	return "= " + FormatP(p)
}

// num writes an assumption's value with four significant digits.
func num(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

// Range writes the restriction as a range: "0.62 ≤ x ≤ 0.9", "x ≥ 0.62".
func (r Restriction) Range() string {
	switch {
	case r.Lower && r.Upper:
		return num(r.Lo) + " ≤ x ≤ " + num(r.Hi)
	case r.Lower:
		return "x ≥ " + num(r.Lo)
	case r.Upper:
		return "x ≤ " + num(r.Hi)
	}
	return "any"
}

// Words describes the restriction: "actors.RUS.politics.resolve at least
// 0.62 (of 0.3 to 0.9)".
func (r Restriction) Words() string {
	var s string
	switch {
	case r.Lower && r.Upper:
		s = "between " + num(r.Lo) + " and " + num(r.Hi)
	case r.Lower:
		s = "at least " + num(r.Lo)
	case r.Upper:
		s = "at most " + num(r.Hi)
	}
	return fmt.Sprintf("%s %s (of %s to %s)", r.Param, s, num(r.Min), num(r.Max))
}

// Answer is the finding in a few sentences.
func (r *Result) Answer() string {
	base := fmt.Sprintf("%s happens in %s of the %d trajectories (%d)", r.OutcomeLabel, pctText(r.BaseRate), r.Rows, r.Hits)
	if len(r.Boxes) == 0 {
		s := base + "; no region of the assumptions stands out."
		if len(r.Notes) > 0 {
			s = base + ". " + r.Notes[len(r.Notes)-1]
		}
		return s + r.topInfluence()
	}
	b := r.Boxes[0]
	var rs []string
	for _, x := range b.Restrictions {
		rs = append(rs, x.Words())
	}
	where := strings.Join(rs, " and ")
	if where == "" {
		where = "no restriction"
	}
	s := fmt.Sprintf("%s; with %s it happens in %s (%d of %d trajectories, %.1f× the rate overall), and this region holds %.0f %% of its cases.",
		base, where, pctText(b.Density), b.Hits, b.Points, b.Lift, 100*b.Coverage)
	if b.Noise {
		s += " But the box is " + b.Verdict
	}
	return s + r.topInfluence()
}

// topInfluence names the assumptions that clearly move the outcome's rate
// (adjusted p under 0.05), at most three, or says that none does.
func (r *Result) topInfluence() string {
	var parts []string
	for _, inf := range r.Influence {
		if inf.Noise || len(parts) == 3 || len(inf.Bins) < 2 {
			break
		}
		lo, hi := inf.Bins[0], inf.Bins[len(inf.Bins)-1]
		parts = append(parts, fmt.Sprintf("%s (%s in its lowest fifth, %s in its highest; p %s)", inf.Param, pctText(lo.Rate), pctText(hi.Rate), FormatP(inf.PAdjusted)))
	}
	if len(parts) == 0 {
		if len(r.Influence) == 0 {
			return ""
		}
		return " No single assumption clearly moves its rate."
	}
	return " Its rate varies most with " + strings.Join(parts, ", ") + "."
}

// OtherNotes are the notes that Answer does not already give.
func (r *Result) OtherNotes() []string {
	if len(r.Boxes) == 0 && len(r.Notes) > 0 {
		return r.Notes[:len(r.Notes)-1]
	}
	return r.Notes
}

// Text writes the discovery for a terminal.
func (r *Result) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Outcome: %s (%s)\n", r.Outcome, r.OutcomeLabel)
	fmt.Fprintf(&b, "%d trajectories, %d with the outcome: %s [%s, %s]; %d uncertain assumptions",
		r.Rows, r.Hits, pctText(r.BaseRate), pctText(r.BaseLo), pctText(r.BaseHi), r.Params)
	if len(r.Constant) > 0 {
		fmt.Fprintf(&b, " (%d constant, left out)", len(r.Constant))
	}
	b.WriteString("\n\n")
	b.WriteString(wrap(r.Answer(), 88))
	for _, bx := range r.Boxes {
		fmt.Fprintf(&b, "\nBox %d (PRIM, peeling α %.2f, pasting α %.2f, at least %.0f %% of the rows and %d cases):\n",
			bx.Rank, r.Options.Alpha, r.Options.PasteAlpha, 100*r.Options.MassMin, r.Options.MinHits)
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  assumption\trange in the box\tof\tquasi-p\n")
		for _, x := range bx.Restrictions {
			fmt.Fprintf(tw, "  %s\t%s\t%s to %s\t%s\n", x.Param, x.Range(), num(x.Min), num(x.Max), FormatP(x.QuasiP))
		}
		tw.Flush()
		if len(bx.Dropped) > 0 {
			var ds []string
			for _, x := range bx.Dropped {
				ds = append(ds, x.Param)
			}
			b.WriteString(wrap(fmt.Sprintf("  Dropped as weak (quasi-p ≥ %g): %s.", r.Options.MaxP, strings.Join(ds, ", ")), 88))
		}
		fmt.Fprintf(&b, "  holds %d trajectories (%.1f %% of those sought among), %d with the outcome: density %s [%s, %s], %.1f× the rate; coverage %.0f %% of all cases\n",
			bx.Points, 100*bx.Mass, bx.Hits, pctText(bx.Density), pctText(bx.DensityLo), pctText(bx.DensityHi), bx.Lift, 100*bx.Coverage)
		b.WriteString(wrap("  Check: "+bx.Verdict, 88))
	}
	b.WriteString("\nAssumptions ranked by their influence on the outcome (rate per quintile of the assumption, χ² test of equal rates, p Bonferroni-adjusted):\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  #\tassumption\trate, lowest to highest bin\tχ²\tp adj.\t\n")
	for i, inf := range r.Influence {
		if i >= 15 {
			fmt.Fprintf(tw, "  …\t%d more\t\t\t\t\n", len(r.Influence)-i)
			break
		}
		var rates []string
		for _, bin := range inf.Bins {
			rates = append(rates, pctText(bin.Rate))
		}
		noise := ""
		if inf.Noise {
			noise = "noise"
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%.1f\t%s\t%s\n", i+1, inf.Param, strings.Join(rates, " · "), inf.ChiSquare, FormatP(inf.PAdjusted), noise)
	}
	tw.Flush()
	for _, n := range r.OtherNotes() {
		b.WriteString("\n" + wrap("Note: "+n, 88))
	}
	return b.String()
}

// wrap breaks s into lines of at most width runes at spaces, keeping its
// leading indent, ending with a newline.
func wrap(s string, width int) string {
	indent := s[:len(s)-len(strings.TrimLeft(s, " "))]
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		l := len([]rune(w))
		if i > 0 && n+1+l > width {
			b.WriteString("\n" + indent + "  ")
			n = len(indent) + 2
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		} else {
			b.WriteString(indent)
			n = len(indent)
		}
		b.WriteString(w)
		n += l
	}
	b.WriteByte('\n')
	return b.String()
}
