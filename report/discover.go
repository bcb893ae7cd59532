package report

import (
	"fmt"
	"strings"

	"brink/discover"
)

// discoveries writes a section per scenario discovery kept in the run's
// directory (brink discover): the answer, the boxes with their restrictions
// drawn within each assumption's range, the peeling trajectory, and the
// assumptions ranked by their influence.
func (p *page) discoveries(rs []*discover.Result, dir string) {
	for i, r := range rs {
		p.discovery(i, r, dir)
	}
}

func (p *page) discovery(i int, r *discover.Result, dir string) {
	label := r.OutcomeLabel
	p.section(fmt.Sprintf("discover-%d", i+1), "Where the assumptions make "+label+" likely",
		fmt.Sprintf("Scenario discovery on the %s trajectories of this run (brink discover, outcome <code>%s</code>): PRIM (Friedman &amp; Fisher 1999, as Bryant &amp; Lempert 2010 use it) looks for a box of the uncertain assumptions in which %s is much more frequent than in the run as a whole, %s (95 %% interval %s–%s).",
			thousands(int64(r.Rows)), esc(r.Outcome), esc(label), pct(r.BaseRate), pctNum(r.BaseLo), pct(r.BaseHi)))
	if int64(r.Rows) != p.man.Done {
		fmt.Fprintf(&p.body, "<p class=\"partial\">This discovery was made on %s trajectories; the run now holds %s. Run brink discover again.</p>\n", thousands(int64(r.Rows)), thousands(p.man.Done))
	}
	fmt.Fprintf(&p.body, "<p><strong>%s</strong></p>\n", esc(r.Answer()))
	for _, b := range r.Boxes {
		fmt.Fprintf(&p.body, "<h3>Box %d%s</h3>\n", b.Rank, map[bool]string{true: " (among the trajectories outside box 1)", false: ""}[b.Rank > 1])
		verdict := esc(b.Verdict)
		if b.Noise {
			verdict = "<strong>" + verdict + "</strong>"
		}
		fmt.Fprintf(&p.body, "<p>It holds %s trajectories (%.1f %% of those it was sought among), %s with the outcome: a rate of %s, %.1f× the rate among them, and %.0f %% of all the run's cases. Check: %s</p>\n",
			thousands(int64(b.Points)), 100*b.Mass, thousands(int64(b.Hits)), esc(pctCI(b.Density, b.DensityLo, b.DensityHi)), b.Lift, 100*b.Coverage, verdict)
		p.figure(boxChart(p.id(), b), "Each bar is an assumption's range over the run; the dark part is the box's. Quasi-p: how likely the box's cases are with that restriction removed (binomial; small means the restriction matters).")
		if len(b.Dropped) > 0 {
			var ds []string
			for _, d := range b.Dropped {
				ds = append(ds, d.Param)
			}
			fmt.Fprintf(&p.body, "<p class=\"note\">Restrictions made by peeling and dropped as weak (quasi-p-value %g or more): %s.</p>\n", r.Options.MaxP, esc(strings.Join(ds, ", ")))
		}
	}
	traj, chosen := r.Peeling, r.Chosen
	var final *discover.Box
	if len(r.Boxes) > 0 {
		traj, chosen, final = r.Boxes[0].Trajectory, r.Boxes[0].Chosen, &r.Boxes[0]
	}
	if len(traj) > 1 {
		caption := "The peeling trajectory of the first box: each point a box, from all the trajectories (right) to the smallest box peeled (left). Filled: on the trajectories it was fitted on; open: on those it was not. The ring marks the box chosen, before pasting. Where the filled points climb and the open ones do not, peeling is fitting noise."
		if final != nil {
			caption += " The diamond is box 1 as reported, after pasting and dropping weak restrictions, over all the trajectories."
		}
		p.figure(peelingChart(p.id(), traj, chosen, r.BaseRate, final), caption)
	}
	if len(r.Influence) > 0 {
		p.body.WriteString("<h3>Which assumptions move it</h3>\n")
		n := min(len(r.Influence), 8)
		p.figure(influenceChart(p.id(), r.Influence[:n], r.BaseRate),
			fmt.Sprintf("The rate of %s in each fifth of an assumption's values (lowest on the left), with its 95 %% Wilson interval; the dashed line is the rate overall. Ranked by Pearson's χ² test of equal rates; p adjusted for the %d assumptions (Bonferroni).", esc(label), r.Params))
		p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>#</th><th>assumption</th><th>rate (%), lowest to highest fifth</th><th>χ²</th><th>p (adj.)</th></tr></thead>\n<tbody>\n")
		for k, inf := range r.Influence[:min(len(r.Influence), 15)] {
			var rates []string
			for _, b := range inf.Bins {
				rates = append(rates, pctNum(b.Rate))
			}
			pv := discover.FormatP(inf.PAdjusted)
			if inf.Noise {
				pv += " (noise)"
			}
			fmt.Fprintf(&p.body, "<tr><td>%d</td><td><code>%s</code></td><td>%s</td><td class=\"num\">%.1f</td><td class=\"num\">%s</td></tr>\n",
				k+1, esc(inf.Param), esc(strings.Join(rates, " · ")), inf.ChiSquare, esc(pv))
		}
		p.body.WriteString("</tbody>\n</table>\n")
	}
	for _, n := range r.OtherNotes() {
		fmt.Fprintf(&p.body, "<p class=\"note\">%s</p>\n", esc(n))
	}
	fmt.Fprintf(&p.body, "<pre class=\"command\"><code>%s</code></pre>\n", esc("brink discover "+shellQuote(dir)+" -outcome "+shellQuote(r.Outcome)))
	p.endSection()
}

// boxChart draws a box's restrictions, each within its assumption's range,
// as sdtoolkit's dimension plot does.
func boxChart(id string, b discover.Box) string {
	const right, top, rowH = 150.0, 10.0, 26.0
	left := 100.0
	for _, r := range b.Restrictions {
		left = max(left, textWidth(r.Param)+16)
	}
	left = min(left, 380)
	h := top + rowH*float64(len(b.Restrictions)) + 10
	s := newSVG(id, chartWidth, h, fmt.Sprintf("Box %d: its restrictions", b.Rank),
		fmt.Sprintf("The box's range on each of the %d assumptions it restricts, within the assumption's range.", len(b.Restrictions)))
	for i, r := range b.Restrictions {
		y := top + float64(i)*rowH
		x := scale{r.Min, r.Max, left, chartWidth - right}
		s.text(left-8, y+14, "end", "label", shorten(r.Param, int((left-16)/(0.58*fontSize))))
		s.rect(left, y+5, chartWidth-right-left, 12, "#e6e6e6", "")
		s.rect(x.at(r.Lo), y+5, x.at(r.Hi)-x.at(r.Lo), 12, palette[0], "")
		s.text(chartWidth-right+8, y+15, "start", "value", clip(r.Range()+"  p "+discover.FormatP(r.QuasiP), 24))
	}
	return s.close()
}

// peelingChart draws the coverage–density trade-off of a peeling trajectory.
func peelingChart(id string, traj []discover.TrajectoryStep, chosen int, base float64, final *discover.Box) string {
	const left, right, top, plotH = 70.0, 30.0, 20.0, 240.0
	h := top + plotH + 70
	hiD := base
	for _, t := range traj {
		hiD = max(hiD, t.Density, t.TestDensity)
	}
	if final != nil {
		hiD = max(hiD, final.Density)
	}
	yt := niceTicks(0, 100*hiD, 5)
	x := scale{0, 100, left, chartWidth - right}
	y := scale{0, yt[len(yt)-1], top + plotH, top}
	s := newSVG(id, chartWidth, h, "Peeling trajectory: coverage against density",
		fmt.Sprintf("Each of the %d boxes of the peeling trajectory as a point: the share of the outcome's cases it holds (coverage) against the outcome's rate inside it (density).", len(traj)))
	for _, t := range yt {
		s.line(left, y.at(t), chartWidth-right, y.at(t), "grid")
		s.text(left-8, y.at(t)+4, "end", "tick", pctTick(t))
	}
	for _, t := range niceTicks(0, 100, 5) {
		s.line(x.at(t), top, x.at(t), top+plotH, "grid")
		s.text(x.at(t), top+plotH+16, "middle", "tick", pctTick(t))
	}
	s.line(left, top+plotH, chartWidth-right, top+plotH, "axis")
	s.line(left, top, left, top+plotH, "axis")
	s.text((left+chartWidth-right)/2, top+plotH+34, "middle", "axis-title", "coverage: share of the outcome's cases inside the box (%)")
	s.yTitle(top, plotH, "density: rate inside the box (%)")
	s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#888" stroke-dasharray="4 3"/>`+"\n", num(left), num(y.at(100*base)), num(chartWidth-right), num(y.at(100*base)))
	var fx, fy, tx, ty []float64
	for _, t := range traj {
		fx, fy = append(fx, x.at(100*t.Coverage)), append(fy, y.at(100*t.Density))
		tx, ty = append(tx, x.at(100*t.TestCoverage)), append(ty, y.at(100*t.TestDensity))
	}
	s.polyline(fx, fy, palette[0], 1.2, "")
	s.polyline(tx, ty, palette[1], 1.2, "4 3")
	for i := range fx {
		s.raw(`<circle cx="%s" cy="%s" r="2.6" fill="%s"/>`+"\n", num(fx[i]), num(fy[i]), palette[0])
		s.raw(`<circle cx="%s" cy="%s" r="2.6" fill="#fff" stroke="%s"/>`+"\n", num(tx[i]), num(ty[i]), palette[1])
	}
	if chosen > 0 && chosen < len(traj) {
		s.raw(`<circle cx="%s" cy="%s" r="7" fill="none" stroke="#000" stroke-width="1.5"/>`+"\n", num(tx[chosen]), num(ty[chosen]))
	}
	if final != nil {
		cx, cy := x.at(100*final.Coverage), y.at(100*final.Density)
		s.raw(`<path d="M%s %sl6 6l-6 6l-6 -6z" fill="#000"/>`+"\n", num(cx), num(cy-6))
	}
	s.legend(left, h-10, []legendItem{
		{label: "fitted on", color: palette[0], kind: "point"},
		{label: "held out (test)", color: palette[1], kind: "line", dash: "4 3"},
		{label: "rate overall", color: "#888", kind: "line", dash: "4 3"},
	})
	return s.close()
}

// influenceChart draws, per assumption, the outcome's rate in each bin with
// its interval, against the rate overall.
func influenceChart(id string, infs []discover.Influence, base float64) string {
	const right, top, rowH, plotW = 20.0, 24.0, 58.0, 300.0
	left := 100.0
	for _, inf := range infs {
		left = max(left, textWidth(inf.Param)+52)
	}
	left = min(left, chartWidth-right-plotW-100)
	hiR := base
	for _, inf := range infs {
		for _, b := range inf.Bins {
			hiR = max(hiR, b.RateHi)
		}
	}
	h := top + rowH*float64(len(infs)) + 40
	s := newSVG(id, chartWidth, h, "The outcome's rate over each assumption's range",
		fmt.Sprintf("For the %d most influential assumptions, the outcome's rate in each fifth of the assumption's values, with 95 %% intervals.", len(infs)))
	x0 := left
	s.text(x0+plotW/2, top-8, "middle", "axis-title", "lowest fifth → highest fifth of the assumption")
	for i, inf := range infs {
		y0 := top + float64(i)*rowH
		y := scale{0, hiR, y0 + rowH - 6, y0 + 4}
		s.text(left-44, y0+rowH/2+4, "end", "label", shorten(inf.Param, int((left-52)/(0.58*fontSize))))
		s.line(x0, y0+rowH-6, x0+plotW, y0+rowH-6, "grid")
		s.line(x0, y0+4, x0+plotW, y0+4, "grid")
		s.text(x0-4, y0+8, "end", "tick sub", pct(hiR))
		s.text(x0-4, y0+rowH-4, "end", "tick sub", "0")
		s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#888" stroke-dasharray="4 3"/>`+"\n", num(x0), num(y.at(base)), num(x0+plotW), num(y.at(base)))
		nb := len(inf.Bins)
		for k, b := range inf.Bins {
			cx := x0 + plotW*(float64(k)+0.5)/float64(max(nb, 1))
			s.line(cx, y.at(b.RateLo), cx, y.at(b.RateHi), "whisker")
			c := palette[0]
			if inf.Noise {
				c = "#999"
			}
			s.raw(`<circle cx="%s" cy="%s" r="3.5" fill="%s"/>`+"\n", num(cx), num(y.at(b.Rate)), c)
		}
		note := "p " + discover.FormatP(inf.PAdjusted)
		if inf.Noise {
			note += " (noise)"
		}
		s.text(x0+plotW+12, y0+rowH/2+4, "start", "value", note)
	}
	return s.close()
}
