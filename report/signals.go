package report

import (
	"fmt"

	"brink/label"
	"brink/mc"
)

// signals writes the threats and false alarms of a trajectory on average:
// how many threats were made and how they were judged (sim/belief.go), how
// many false warnings the early-warning systems raised and how many reached
// a leadership (sim/alarm.go); one column per summary (variant).
func (p *page) signals(sums []*mc.Summary, groups []string) {
	p.section("signals", "Threats and false alarms",
		esc("Per trajectory, on average over the trajectories. "+label.Threats+" "+label.FalseAlarms))
	p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>per trajectory</th>")
	for i := range sums {
		name := "mean"
		if len(groups) > 1 {
			name = groups[i]
		}
		fmt.Fprintf(&p.body, "<th>%s</th>", esc(name))
	}
	p.body.WriteString("</tr></thead>\n<tbody>\n")
	rows := []struct {
		name string
		part bool // a part of the line above
		of   func(*mc.Summary) float64
	}{
		{"threats made", false, func(s *mc.Summary) float64 { return s.Threats.Made }},
		{"carried out", true, func(s *mc.Summary) float64 { return s.Threats.CarriedOut }},
		{"heeded by their target", true, func(s *mc.Summary) float64 { return s.Threats.Heeded }},
		{"called: defied and not carried out", true, func(s *mc.Summary) float64 { return s.Threats.Called }},
		{"false alarms", false, func(s *mc.Summary) float64 { return s.AlarmsPerTrajectory }},
		{"reaching a leadership", true, func(s *mc.Summary) float64 { return s.AlarmsToLeaderPerTraject }},
	}
	for _, r := range rows {
		class := ""
		if r.part {
			class = " class=\"part\""
		}
		fmt.Fprintf(&p.body, "<tr><td%s>%s</td>", class, esc(r.name))
		for _, s := range sums {
			fmt.Fprintf(&p.body, "<td class=\"num\">%s</td>", esc(quantity(r.of(s))))
		}
		p.body.WriteString("</tr>\n")
	}
	p.body.WriteString("</tbody>\n</table>\n<p class=\"note\">Indented lines break down the line above; threats still running at the end are in the first line alone.</p>\n")
	p.endSection()
}
