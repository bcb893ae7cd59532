package sweep

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"brink/mc"
)

// WriteJSON writes the report; the table of points only if withPoints.
func (r *Report) WriteJSON(w io.Writer, withPoints bool) error {
	c := *r
	if !withPoints {
		c.Table = nil
	}
	b, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteText writes the report as the terminal shows it.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	title := r.Scenario
	if r.Title != "" {
		title += " — " + r.Title
	}
	if r.Variant != "" {
		title += " (variant " + r.Variant + ")"
	}
	fmt.Fprintf(&b, "Sweep of %s\n", title)
	d := len(r.Parameters)
	var shape string
	switch r.Design {
	case "sobol":
		shape = fmt.Sprintf("sobol (Saltelli), %d base rows × %d = %d points", r.BaseRows, d+2, r.Points)
	case "morris":
		shape = fmt.Sprintf("morris, %d trajectories × %d = %d points on %d levels", r.MorrisTrajectories, d+1, r.Points, r.Levels)
	case "lhs":
		shape = fmt.Sprintf("lhs (Latin hypercube), %d points", r.Points)
	case "grid":
		shape = fmt.Sprintf("grid, %d levels per parameter = %d points", r.Levels, r.Points)
	}
	fmt.Fprintf(&b, "Outcome: %s (%s)\n", r.Outcome, r.OutcomeLabel)
	fmt.Fprintf(&b, "Design: %s; %s trajectories per point, seed %d, scenario %s\n",
		shape, mc.Commas(r.TrajectoriesPerPoint), r.Seed, r.ScenarioHash[:12])
	if r.Partial {
		unit := "points"
		switch r.Design {
		case "sobol":
			unit = "points: the complete base rows"
		case "morris":
			unit = "points: the complete trajectories"
		}
		fmt.Fprintf(&b, "PARTIAL: interrupted; the analysis uses %d of %d %s\n", r.PointsUsed, r.Points, unit)
	}
	if r.PointsUsed > 0 {
		fmt.Fprintf(&b, "y = P(%s) over the points: mean %.4f, sd %.4f, min %.4f, max %.4f\n",
			r.Outcome, float64(r.Y.Mean), float64(r.Y.SD), float64(r.Y.Min), float64(r.Y.Max))
	}
	b.WriteString("\n")
	over := map[string]string{}
	for _, p := range r.Parameters {
		if p.Over == "range" {
			over[p.Path] = fmtG(float64(p.Lo)) + ":" + fmtG(float64(p.Hi)) + " (range)"
		} else {
			over[p.Path] = p.Distribution
		}
	}
	// Numbers align right; the names, padded to one width, align left.
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	num := func(x Number, f string) string {
		if math.IsNaN(float64(x)) {
			return "-"
		}
		return fmt.Sprintf(f, float64(x))
	}
	names := make([]string, 0, d)
	for _, p := range r.Parameters {
		names = append(names, p.Path)
	}
	width := 0
	for _, s := range names {
		width = max(width, len(s))
	}
	ow := 0
	for _, s := range over {
		ow = max(ow, len([]rune(s)))
	}
	pad := func(s string, n int) string { return s + strings.Repeat(" ", max(0, n-len([]rune(s)))) }
	switch {
	case len(r.Sobol) > 0:
		fmt.Fprintf(tw, "%s\t%s\tS1\t95 %% interval\tST\t95 %% interval\t\t\n", pad("parameter", width), pad("varies over", ow))
		for _, s := range r.Sobol {
			// Shares of variance, clamped to [0, 1]; noise when they
			// cannot be told from 0 (ShareOf).
			s1, st := ShareOf(s.S1, s.S1Lo, s.S1Hi), ShareOf(s.ST, s.STLo, s.STHi)
			note := ""
			switch {
			case st.Noise:
				note = "noise"
			case s1.Noise:
				note = "S1 noise"
			}
			fmt.Fprintf(tw, "%s\t%s\t%.3f\t[%.3f, %.3f]\t%.3f\t[%.3f, %.3f]\t%s\t\n", pad(s.Parameter, width), pad(over[s.Parameter], ow),
				s1.Value, s1.Lo, s1.Hi, st.Value, st.Lo, st.Hi, note)
		}
		tw.Flush()
		b.WriteString("\n" + mc.Wrap(ExplainClamp+" The raw estimates are in -json.", 80, ""))
		b.WriteString("\n" + mc.Wrap(fmt.Sprintf("Sorted by ST. S1 is the share of the variance of y that a parameter "+
			"explains alone, ST the share it explains alone and through its interactions; ST near 0 means the "+
			"parameter can be fixed anywhere in its range. Intervals: bootstrap over the %d base rows, %d resamples.",
			r.PointsUsed/(d+2), Bootstrap), 80, ""))
	case len(r.Morris) > 0:
		fmt.Fprintf(tw, "%s\t%s\tμ*\tμ\tσ\t\n", pad("parameter", width), pad("varies over", ow))
		for _, m := range r.Morris {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", pad(m.Parameter, width), pad(over[m.Parameter], ow),
				num(m.MuStar, "%.4f"), num(m.Mu, "%+.4f"), num(m.Sigma, "%.4f"))
		}
		tw.Flush()
		b.WriteString("\n" + mc.Wrap(fmt.Sprintf("Sorted by μ*. An elementary effect is the change of y per "+
			"crossing of a parameter's whole range (a unit of the design coordinate), measured over a step of "+
			"%s of it with the others held: μ* is the mean of their absolute values (μ* near 0: the parameter "+
			"can be fixed), μ their mean (its sign the direction), σ their spread (interactions or "+
			"non-linearity).", morrisStep(r.Levels)), 80, ""))
	case len(r.Table) > 0:
		header := "#\t"
		for _, s := range names {
			header += s + "\t"
		}
		fmt.Fprintf(tw, "%sP(%s)\t95 %% interval\t\n", header, r.Outcome)
		for i, p := range r.Table {
			line := strconv.Itoa(i+1) + "\t"
			for _, x := range p.X {
				line += strconv.FormatFloat(x, 'g', 5, 64) + "\t"
			}
			fmt.Fprintf(tw, "%s%.4f\t[%.4f, %.4f]\t\n", line, p.Y, p.Lo, p.Hi)
		}
		tw.Flush()
		if reg := r.Regression; reg != nil {
			fmt.Fprintf(&b, "\nStandardized regression coefficients (linear fit of y on the parameters, R² = %.3f):\n", float64(reg.R2))
			for _, s := range reg.Rows {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t\n", pad(s.Parameter, width), pad(over[s.Parameter], ow), num(s.SRC, "%+.3f"))
			}
			tw.Flush()
			b.WriteString(mc.Wrap("SRC² is the share of the variance of y that a parameter explains, when R² is near 1.", 80, ""))
		}
	}
	if r.Note != "" {
		b.WriteString("\n" + mc.Wrap("Note: "+r.Note+".", 80, ""))
	}
	if ns := float64(r.NoiseShare); r.PointsUsed > 0 && !math.IsNaN(ns) {
		what := "inflates every ST and deflates every S1"
		switch r.Design {
		case "morris":
			what = "adds to μ* and σ"
		case "lhs", "grid":
			what = "lowers R² and the SRCs"
		}
		msg := fmt.Sprintf("Monte Carlo noise in y %s: the binomial variance of %s "+
			"trajectories per point is %.1f %% of the variance of y over the points (with common random "+
			"numbers its effect is usually smaller). A larger -n reduces it.",
			what, mc.Commas(r.TrajectoriesPerPoint), 100*ns)
		if ns >= 0.25 {
			msg += " At this level the figures above are dominated by noise."
		}
		b.WriteString("\n" + mc.Wrap(msg, 80, ""))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// morrisStep is the Morris step Δ = p/(2(p−1)) as a fraction, e.g. 2/3.
func morrisStep(levels int) string {
	num, den := levels, 2*(levels-1)
	for a, b := num, den; b != 0; a, b = b, a%b {
		if a%b == 0 {
			num, den = num/b, den/b
			break
		}
	}
	return fmt.Sprintf("%d/%d", num, den)
}
