package mc

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"brink/scenario"
)

// CompareVariants reads the variants to compare (brink compare -variants): "all" (every variant of the scenario, in
// file order) or a comma-separated list of distinct names.
func CompareVariants(sc *scenario.Scenario, arg string) ([]string, error) {
	var all []string
	for _, v := range sc.Variants {
		all = append(all, v.ID)
	}
	if strings.TrimSpace(arg) == "all" {
		if len(all) == 0 {
			return nil, fmt.Errorf("scenario %s has no variants to compare", sc.ID)
		}
		return all, nil
	}
	var names []string
	seen := map[string]bool{}
	for _, name := range strings.Split(arg, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			return nil, fmt.Errorf("-variants %q: expected a,b,c or all", arg)
		}
		if seen[name] {
			return nil, fmt.Errorf("-variants: %s is named twice", name)
		}
		seen[name] = true
		known := false
		for _, v := range all {
			known = known || v == name
		}
		if !known {
			if len(all) == 0 {
				return nil, fmt.Errorf("scenario %s has no variants; %q is not one", sc.ID, name)
			}
			return nil, fmt.Errorf("scenario %s has no variant %q; its variants are: %s", sc.ID, name, strings.Join(all, ", "))
		}
		names = append(names, name)
	}
	return names, nil
}

// WriteJSON writes the full comparison, every model's own summary
// included, as indented JSON.
func (rep *CompareReport) WriteJSON(w io.Writer) error {
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	return e.Encode(rep)
}

// WriteText writes the comparison as a table for a terminal: per
// outcome a block, the baseline then each variant.
func (rep *CompareReport) WriteText(w io.Writer) error {
	var b strings.Builder
	title := rep.Scenario
	if rep.Title != "" {
		title += " — " + rep.Title
	}
	fmt.Fprintf(&b, "%s\n", title)
	status := ""
	if rep.Partial {
		status = fmt.Sprintf("  PARTIAL: interrupted after %d of %d", rep.Trajectories, rep.Requested)
	}
	fmt.Fprintf(&b, "baseline and %s on common random numbers: %d trajectories each, seed %d, scenario %s%s\n",
		comparePlural(len(rep.Variants), "variant"), rep.Trajectories, rep.Seed, rep.ScenarioHash[:12], status)
	fmt.Fprintf(&b, "difference: variant − baseline, in percentage points, paired on the trajectories;\n"+
		"  its 95 %% interval by Newcombe's method 10 for paired proportions (Stat Med 17:2635, 1998),\n"+
		"  * when it excludes 0; p: McNemar's two-sided mid-p; discordant: baseline only / variant only\n\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\tP\t95 %% interval\tdifference\t95 %% interval\t\tp\tdiscordant\n")
	for i, oc := range rep.Outcomes {
		if i > 0 {
			fmt.Fprintf(tw, "\t\t\t\t\t\t\t\n")
		}
		fmt.Fprintf(tw, "%s\t\t\t\t\t\t\t\n", oc.Label)
		e := oc.Baseline
		fmt.Fprintf(tw, "  baseline\t%6.2f %%\t[%6.2f, %6.2f]\t\t\t\t\t\n", 100*e.P, 100*e.Lo, 100*e.Hi)
		for _, v := range oc.Variants {
			e := v.Estimate
			fmt.Fprintf(tw, "  %s\t%6.2f %%\t[%6.2f, %6.2f]\t", v.Variant, 100*e.P, 100*e.Lo, 100*e.Hi)
			if v.Identical {
				fmt.Fprintf(tw, "%+7.2f pp\t(the baseline itself)\t\t\t\n", 0.0)
				continue
			}
			mark := ""
			if v.Significant {
				mark = "*"
			}
			fmt.Fprintf(tw, "%+7.2f pp\t[%+6.2f, %+6.2f]\t%s\t%s\t%d / %d\n", 100*v.Diff, 100*v.Lo, 100*v.Hi, mark,
				formatP(v.PValue), v.Paired.BaseOnly, v.Paired.VariantOnly)
		}
	}
	tw.Flush()
	// The answer in words, per outcome, largest clear change first.
	fmt.Fprintf(&b, "\nIn short (paired differences whose 95 %% interval excludes 0, largest first):\n")
	for _, oc := range rep.Outcomes {
		what := strings.TrimSpace(oc.Label)
		fmt.Fprintf(&b, "  %s: %s\n", what, RankedAnswer(oc, "it", 3))
	}
	// What follows a first nuclear use, per model: conditional on a use, so
	// not paired (the trajectories with a use differ between models).
	for i, s := range rep.Summaries {
		if s == nil || s.AfterUse == nil {
			continue
		}
		name := "baseline"
		if i > 0 {
			name = s.Variant
		}
		fmt.Fprintf(&b, "\n%s:", name)
		b.WriteString(s.AfterUse.Text())
	}
	for _, c := range rep.AfterUse {
		if c.Pairs == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s − baseline, paired over the %d trajectories with a nuclear use under both\n", c.Variant, c.Pairs)
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, o := range c.Outcomes {
			fmt.Fprintf(tw, "  %s\t%+7.2f pp\t[%+6.2f, %+6.2f]\t%d / %d\n", o.Label, 100*o.Diff, 100*o.Lo, 100*o.Hi, o.Paired.BaseOnly, o.Paired.VariantOnly)
		}
		for _, m := range c.Measures {
			fmt.Fprintf(tw, "  %s (%s)\t%+.4g\t[%+.4g, %+.4g]\t\n", m.Name, m.Unit, m.Diff, m.Lo, m.Hi)
		}
		tw.Flush()
	}
	// The table's empty cells leave blanks at the ends of lines.
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n"))
	return err
}

func comparePlural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// formatP prints a p-value with four decimals, or as <0.0001.
func formatP(p float64) string {
	if p < 0.0001 {
		return "<0.0001"
	}
	return fmt.Sprintf("%.4f", p)
}
