package report

import (
	"fmt"
	"strings"

	"brink/mc"
)

// world writes what the rest of the world did: accessions, programmes,
// changes of leadership (probabilities with intervals), and the quantiles of
// the sanctions coalition, GDP lost and the credibility of guarantees. A
// scenario without the world blocks has no such section.
func (p *page) world(sum *mc.Summary) {
	w := sum.World
	if w == nil {
		return
	}
	p.section("world", "The world around the war",
		fmt.Sprintf("What third parties and the belligerents' own politics did within %s: applications and admissions to alliances or patrons, nuclear weapons programmes, changes of leadership; then the sanctions coalition, GDP lost and the credibility of guarantees.", horizonWords(p.horizon())))
	var br []barRow
	for _, e := range w.Events {
		br = append(br, barRow{Label: strings.TrimSpace(e.Label), Bars: []bar{{e.P, e.Lo, e.Hi}}})
	}
	p.barFigures("The world's responses",
		"Horizontal bars of the probability of each response of the world, with 95 % intervals as whiskers.", br, nil,
		"Bars: estimated probability that it happens at least once in a trajectory; whiskers: 95 % Wilson interval. Indented lines break down the line above.")
	p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>quantity</th><th>unit</th><th>5 %</th><th>25 %</th><th>median</th><th>75 %</th><th>95 %</th><th>mean</th></tr></thead>\n<tbody>\n")
	for _, q := range w.Quantiles {
		fmt.Fprintf(&p.body, "<tr><td>%s</td><td>%s</td>", esc(labelOr(q.Label, worldQuantityName(q.Name))), esc(q.Unit))
		for _, x := range []float64{q.P05, q.P25, q.P50, q.P75, q.P95, q.Mean} {
			fmt.Fprintf(&p.body, "<td class=\"num\">%s</td>", esc(quantity(x)))
		}
		p.body.WriteString("</tr>\n")
	}
	p.body.WriteString("</tbody>\n</table>\n")
	p.endSection()
}

// worldQuantityName turns "gdp_lost:RUS" into "GDP lost by RUS".
// labelOr is a quantity's label (label.Quantity, kept in the summary), or
// the name made from its machine name for a summary kept without labels.
func labelOr(label, name string) string {
	if label != "" {
		return label
	}
	return name
}

func worldQuantityName(name string) string {
	kind, who, _ := strings.Cut(name, ":")
	switch kind {
	case "sanctions_coalition":
		return "sanctions coalition against " + who + ", at the end"
	case "sanctions_coalition_max":
		return "sanctions coalition against " + who + ", at its largest"
	case "gdp_lost":
		return "GDP lost by " + who
	case "credibility":
		return "credibility of the guarantee of " + who
	}
	return name
}
