package report

import (
	"fmt"
	"strings"

	"brink/mc"
)

// afterUse writes what follows a first nuclear use, for each model given
// (the baseline first): probabilities given a use with their intervals
// (doctrine answers, general war, termination, interventions, the world's
// response) and the quantiles of the sanctions coalition's growth, the
// target's GDP lost and the casualties; and, for a comparison, each variant's
// paired differences over the trajectories with a use under both. A run with
// no nuclear use has no such section.
func (p *page) afterUse(sums []*mc.Summary, groups []string, cond []mc.CondComparison) {
	any := false
	for _, s := range sums {
		any = any || s.AfterUse != nil
	}
	if !any {
		return
	}
	p.section("after-use", "After a first nuclear use",
		"Over the trajectories with a nuclear use only: how the nuclear powers answered by doctrine, how the war ended, whether third parties stepped in, how the world responded, and how many were killed. Probabilities are given a use, with 95 % Wilson intervals; with few uses the intervals are wide.")
	for i, s := range sums {
		a := s.AfterUse
		if a == nil {
			continue
		}
		name := ""
		if groups != nil {
			name = groups[i] + ": "
		}
		fmt.Fprintf(&p.body, "<h3>%s%s trajectories with a nuclear use</h3>\n", esc(name), thousands(a.Uses))
		p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>given a use</th><th>P</th><th>95 % interval</th><th>count</th></tr></thead>\n<tbody>\n")
		for _, e := range a.Events {
			fmt.Fprintf(&p.body, "<tr><td>%s</td><td class=\"num\">%s %%</td><td class=\"num\">%s–%s %%</td><td class=\"num\">%d</td></tr>\n",
				esc(strings.TrimSpace(e.Label)), pctNum(e.P), pctNum(e.Lo), pctNum(e.Hi), e.Count)
		}
		p.body.WriteString("</tbody>\n</table>\n")
		if len(a.Quantiles) == 0 {
			continue // a scenario without the world around the war has no quantities to give
		}
		p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>quantity, given a use</th><th>unit</th><th>5 %</th><th>25 %</th><th>median</th><th>75 %</th><th>95 %</th><th>mean</th></tr></thead>\n<tbody>\n")
		for _, q := range a.Quantiles {
			fmt.Fprintf(&p.body, "<tr><td>%s</td><td>%s</td>", esc(labelOr(q.Label, afterUseName(q.Name))), esc(q.Unit))
			for _, x := range []float64{q.P05, q.P25, q.P50, q.P75, q.P95, q.Mean} {
				fmt.Fprintf(&p.body, "<td class=\"num\">%s</td>", esc(quantity(x)))
			}
			p.body.WriteString("</tr>\n")
		}
		p.body.WriteString("</tbody>\n</table>\n")
	}
	for _, c := range cond {
		if c.Pairs == 0 {
			continue
		}
		fmt.Fprintf(&p.body, "<h3>%s minus the baseline, paired over the %s trajectories with a use under both</h3>\n", esc(c.Variant), thousands(c.Pairs))
		p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>given a use under both</th><th>difference</th><th>95 % interval</th></tr></thead>\n<tbody>\n")
		for _, o := range c.Outcomes {
			fmt.Fprintf(&p.body, "<tr><td>%s</td><td class=\"num\">%+.2f pp</td><td class=\"num\">%+.2f to %+.2f pp</td></tr>\n", esc(o.Label), 100*o.Diff, 100*o.Lo, 100*o.Hi)
		}
		for _, m := range c.Measures {
			fmt.Fprintf(&p.body, "<tr><td>%s (%s)</td><td class=\"num\">%s</td><td class=\"num\">%s to %s</td></tr>\n",
				esc(afterUseName(m.Name)), esc(m.Unit), esc(quantity(m.Diff)), esc(quantity(m.Lo)), esc(quantity(m.Hi)))
		}
		p.body.WriteString("</tbody>\n</table>\n")
	}
	p.endSection()
}

// afterUseName turns "casualties:RUS" into "killed in RUS".
func afterUseName(name string) string {
	kind, who, _ := strings.Cut(name, ":")
	switch kind {
	case "sanctions_growth":
		return "growth of the sanctions coalition against " + who
	case "gdp_lost_after_use":
		return "GDP lost by " + who + " after the use"
	case "gdp_lost_no_use":
		return "GDP lost by " + who + " without a use"
	case "casualties":
		return "killed in " + who
	case "casualties_coalition":
		return "killed in coalition " + who
	}
	return name
}
