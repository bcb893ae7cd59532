package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// bar is one estimate with its interval.
type bar struct {
	P, Lo, Hi float64
}

// barRow is one outcome: a bar per group (variant).
type barRow struct {
	Label string
	Bars  []bar
}

// barChart draws horizontal bars of probabilities (in %) with their 95 %
// intervals as whiskers, one row per outcome and, within a row, one bar per
// group (the variants of a comparison, side by side).
func barChart(id, title, desc string, rows []barRow, groups []string) string {
	const right, top = 70.0, 34.0
	left := 270.0
	multi := len(groups) > 1
	head := 0.0 // a line above each row's bars for the outcome, when the bars are named
	if multi {
		// The outcome heads its group of bars; each bar is named on the left.
		w := 0.0
		for _, g := range groups {
			w = max(w, textWidth(g))
		}
		left = min(max(w+24, 120), 270)
		head = 18
	}
	ng := max(len(groups), 1)
	barH := 14.0
	rowH := float64(ng)*barH + 12 + head
	axisY := top + float64(len(rows))*rowH
	h := axisY + 44
	var items []legendItem
	if multi {
		for g, name := range groups {
			items = append(items, legendItem{label: name, color: groupColor(g)})
		}
		h += 22 + legendStep*float64(legendLines(left, chartWidth, items)-1)
	}
	hiMax := 0.0
	for _, r := range rows {
		for _, b := range r.Bars {
			hiMax = max(hiMax, b.Hi)
		}
	}
	ticks := niceTicks(0, max(100*hiMax, 0.1), 5)
	x := scale{0, ticks[len(ticks)-1], left, chartWidth - right}
	s := newSVG(id, chartWidth, h, title, desc)
	for _, t := range ticks {
		s.line(x.at(t), top-6, x.at(t), axisY, "grid")
		s.text(x.at(t), axisY+16, "middle", "tick", pctTick(t))
	}
	s.line(left, axisY, chartWidth-right, axisY, "axis")
	s.text((left+chartWidth-right)/2, axisY+34, "middle", "axis-title", "probability (%), with 95 % interval")
	for i, r := range rows {
		y0 := top + float64(i)*rowH
		if multi {
			s.text(8, y0+12, "start", "label head", r.Label)
		} else {
			s.text(left-10, y0+rowH/2+4, "end", "label", clip(r.Label, int(math.Floor((left-14)/(0.58*fontSize)))))
		}
		for g, b := range r.Bars {
			y := y0 + head + 4 + float64(g)*barH
			c := palette[0]
			if multi {
				c = groupColor(g)
				s.text(left-6, y+barH/2+3, "end", "tick", clip(groups[g], int((left-10)/(0.58*11)))) // the variant named on the chart
			}
			s.rect(left, y+1, x.at(100*b.P)-left, barH-3, c, "bar")
			cy := y + barH/2 - 0.5
			s.line(x.at(100*b.Lo), cy, x.at(100*b.Hi), cy, "whisker")
			s.line(x.at(100*b.Lo), cy-4, x.at(100*b.Lo), cy+4, "whisker")
			s.line(x.at(100*b.Hi), cy-4, x.at(100*b.Hi), cy+4, "whisker")
			s.text(x.at(100*b.Hi)+6, cy+4, "start", "value", pct(b.P))
		}
	}
	if len(groups) > 1 {
		s.legend(left, axisY+56, items)
	}
	return s.close()
}

// curve is one line of a time chart, with an optional band.
type curve struct {
	Name   string
	Color  string
	Dash   string
	X      []float64 // days
	Y      []float64
	Lo, Hi []float64 // band, or nil
	// EndLabel, if set, names the curve at its right end, on the chart.
	EndLabel string
}

// timeChart draws curves over the days of the horizon, the x axis in dates
// (and days since the start), the y axis in the unit given by yFmt.
func timeChart(id, title, desc string, start time.Time, horizon int, curves []curve, yTitle string, yFmt func(float64) string, yMax float64) string {
	const left, top, plotH = 70.0, 20.0, 240.0
	right := 30.0
	for _, c := range curves {
		if c.EndLabel != "" {
			right = max(right, min(textWidth(c.EndLabel)+16, 180))
		}
	}
	var items []legendItem
	for _, c := range curves {
		items = append(items, legendItem{label: c.Name, color: c.Color, kind: "line", dash: c.Dash})
	}
	if curves[0].Lo != nil {
		items = append(items, legendItem{label: "95 % interval of " + curves[0].Name, color: curves[0].Color, kind: "band", opacity: 0.18})
	}
	h := top + plotH + 80 + legendStep*float64(legendLines(left, chartWidth, items)-1)
	x := scale{0, float64(horizon), left, chartWidth - right}
	yt := niceTicks(0, yMax, 5)
	y := scale{0, yt[len(yt)-1], top + plotH, top}
	s := newSVG(id, chartWidth, h, title, desc)
	for _, t := range yt {
		s.line(left, y.at(t), chartWidth-right, y.at(t), "grid")
		s.text(left-8, y.at(t)+4, "end", "tick", yFmt(t))
	}
	s.timeFrame(x, left, right, top, plotH, start, horizon)
	s.yTitle(top, plotH, yTitle)
	for _, c := range curves {
		xs := make([]float64, len(c.X))
		for i, d := range c.X {
			xs[i] = x.at(d)
		}
		if c.Lo != nil {
			lo, hi := make([]float64, len(c.Lo)), make([]float64, len(c.Hi))
			for i := range lo {
				lo[i], hi[i] = y.at(c.Lo[i]), y.at(c.Hi[i])
			}
			s.band(xs, lo, hi, c.Color, 0.18)
		}
		ys := make([]float64, len(c.Y))
		for i, v := range c.Y {
			ys[i] = y.at(v)
		}
		s.polyline(xs, ys, c.Color, 2.2, c.Dash)
	}
	// End labels, top to bottom, pushed apart so that none overlaps.
	type endLabel struct {
		y     float64
		text  string
		color string
	}
	var ends []endLabel
	for _, c := range curves {
		if c.EndLabel != "" && len(c.Y) > 0 {
			ends = append(ends, endLabel{y.at(c.Y[len(c.Y)-1]) + 4, c.EndLabel, c.Color})
		}
	}
	slices.SortStableFunc(ends, func(a, b endLabel) int { return cmp.Compare(a.y, b.y) })
	for i := range ends {
		if i > 0 {
			ends[i].y = max(ends[i].y, ends[i-1].y+13)
		}
	}
	// Then back up from the axis, so that none is pushed below it.
	for i := len(ends) - 1; i >= 0; i-- {
		lim := top + plotH + 4
		if i < len(ends)-1 {
			lim = ends[i+1].y - 13
		}
		ends[i].y = min(ends[i].y, lim)
	}
	for _, e := range ends {
		s.raw(`<text x="%s" y="%s" text-anchor="start" font-size="11" fill="%s">%s</text>`+"\n", num(chartWidth-right+6), num(e.y), e.color, esc(clip(e.text, 26)))
	}
	s.legend(left, top+plotH+68, items)
	return s.close()
}

// obsPoint is an observation of the record drawn over a fan chart: a value on
// a day, with the range the sources give (lo < hi), or a lower bound.
type obsPoint struct {
	day, v, lo, hi float64
	lower          bool
}

// eventMark is a dated event of the scenario drawn over a fan chart: a
// dashed line on its day, numbered n (the caption names it).
type eventMark struct {
	day float64
	n   int
}

// fanChart draws the median and the 50 % and 90 % bands of a quantity over
// the sample days, the record's observations of it, if any, as points
// (with their range, or as a lower bound), and the scenario's dated events
// that bear on it as numbered dashed lines. yLabels, if set, names the
// integer values of the y axis (the rungs) and fixes its range to them.
func fanChart(id, title, desc string, start time.Time, horizon int, days []int, p05, p25, p50, p75, p95 []float64,
	yTitle string, yFmt func(float64) string, yLabels []string, color string, obs []obsPoint, obsLabel string, marks []eventMark) string {
	left := 70.0
	plotH := 200.0
	var y scale
	var yt []float64
	top := 20.0
	if yLabels != nil {
		lo, hi := len(yLabels)-1, 0
		for i := range days {
			lo, hi = min(lo, int(p05[i])), max(hi, int(p95[i]))
		}
		lo, hi = max(lo-1, 0), min(hi+1, len(yLabels)-1)
		left = 290
		plotH = 22 * float64(hi-lo+1)
		y = scale{float64(lo) - 0.5, float64(hi) + 0.5, top + plotH, top}
		for r := lo; r <= hi; r++ {
			yt = append(yt, float64(r))
		}
	} else {
		hiV := 0.0
		for _, v := range p95 {
			hiV = max(hiV, v)
		}
		for _, o := range obs {
			hiV = max(hiV, o.v, o.hi)
		}
		yt = niceTicks(0, max(hiV, 1e-9), 5)
		y = scale{0, yt[len(yt)-1], top + plotH, top}
	}
	const right = 30.0
	items := []legendItem{
		{label: "median", color: color, kind: "line"},
		{label: "50 % of trajectories", color: color, kind: "band", opacity: 0.5},
		{label: "90 % of trajectories", color: color, kind: "band", opacity: 0.18},
	}
	for _, o := range obs {
		if o.day >= 0 && o.day <= float64(horizon) {
			items = append(items, legendItem{label: obsLabel, color: "#000", kind: "point"})
			break
		}
	}
	if len(marks) > 0 {
		items = append(items, legendItem{label: "dated event (numbered as below)", color: "#555", kind: "line"})
	}
	h := top + plotH + 80 + legendStep*float64(legendLines(left, chartWidth, items)-1)
	x := scale{0, float64(horizon), left, chartWidth - right}
	s := newSVG(id, chartWidth, h, title, desc)
	for _, t := range yt {
		s.line(left, y.at(t), chartWidth-right, y.at(t), "grid")
		lab := ""
		if yLabels != nil {
			lab = clip(fmt.Sprintf("%d %s", int(t), yLabels[int(t)]), int((left-16)/(0.58*11)))
		} else {
			lab = yFmt(t)
		}
		s.text(left-8, y.at(t)+4, "end", "tick", lab)
	}
	s.timeFrame(x, left, right, top, plotH, start, horizon)
	if yLabels == nil {
		s.yTitle(top, plotH, yTitle)
	}
	xs := make([]float64, len(days))
	for i, d := range days {
		xs[i] = x.at(float64(d))
	}
	ys := func(v []float64) []float64 {
		out := make([]float64, len(v))
		for i := range v {
			out[i] = y.at(v[i])
		}
		return out
	}
	lo05, lo25, hi75, hi95 := p05, p25, p75, p95
	if yLabels != nil {
		// Integer rungs: a band covers the rungs between its quantiles, so
		// that a band of one rung is seen.
		lo05, lo25, hi75, hi95 = shift(p05, -0.4), shift(p25, -0.25), shift(p75, 0.25), shift(p95, 0.4)
	}
	for _, m := range marks {
		px := x.at(m.day)
		s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555" stroke-width="0.8" stroke-dasharray="3 3" class="event-mark"/>`+"\n", num(px), num(top), num(px), num(top+plotH))
		s.raw(`<text x="%s" y="%s" text-anchor="middle" font-size="10" fill="#555">%d</text>`+"\n", num(px), num(top-4), m.n)
	}
	s.band(xs, ys(lo05), ys(hi95), color, 0.18)
	s.band(xs, ys(lo25), ys(hi75), color, 0.35)
	s.polyline(xs, ys(p50), color, 2.4, "")
	for _, o := range obs {
		if o.day < 0 || o.day > float64(horizon) {
			continue
		}
		px, py := x.at(o.day), y.at(o.v)
		if o.hi > o.lo {
			s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#000" stroke-width="1.2"/>`+"\n", num(px), num(y.at(o.lo)), num(px), num(y.at(o.hi)))
		}
		if o.lower {
			// A lower bound: a triangle pointing up from the observed value.
			s.raw(`<path d="M%s %sl-4 6h8z" fill="#000" class="obs"/>`+"\n", num(px), num(py-6))
		} else {
			s.raw(`<circle cx="%s" cy="%s" r="3.2" fill="#000" class="obs"/>`+"\n", num(px), num(py))
		}
	}
	s.legend(left, top+plotH+68, items)
	return s.close()
}

// tornadoRow is one parameter of a sensitivity analysis: up to two indices
// with intervals (first-order and total), or one (μ*).
type tornadoRow struct {
	Label string
	Bars  []bar
}

// tornadoChart draws the parameters' indices as horizontal bars, the most
// influential first, with their intervals.
func tornadoChart(id, title, desc string, rows []tornadoRow, names []string, xTitle string) string {
	const right, top = 60.0, 30.0
	left := 100.0
	for _, r := range rows {
		left = max(left, textWidth(r.Label)+20)
	}
	left = min(left, 380)
	nb := len(names)
	barH := 14.0
	rowH := float64(nb)*barH + 12
	axisY := top + float64(len(rows))*rowH
	h := axisY + 70
	lo, hi := 0.0, 0.0
	for _, r := range rows {
		for _, b := range r.Bars {
			lo, hi = min(lo, b.Lo, b.P), max(hi, b.Hi, b.P)
		}
	}
	ticks := niceTicks(math.Max(lo, -1), math.Max(hi, 0.1), 5)
	x := scale{ticks[0], ticks[len(ticks)-1], left, chartWidth - right}
	s := newSVG(id, chartWidth, h, title, desc)
	for _, t := range ticks {
		s.line(x.at(t), top-6, x.at(t), axisY, "grid")
		s.text(x.at(t), axisY+16, "middle", "tick", trimFloat(t))
	}
	s.line(x.at(0), top-6, x.at(0), axisY, "axis")
	s.line(left, axisY, chartWidth-right, axisY, "axis")
	s.text((left+chartWidth-right)/2, axisY+34, "middle", "axis-title", xTitle)
	for i, r := range rows {
		y0 := top + float64(i)*rowH
		s.text(left-10, y0+rowH/2+4, "end", "label", shorten(r.Label, int((left-20)/(0.58*fontSize))))
		for g, b := range r.Bars {
			y := y0 + 4 + float64(g)*barH
			c := palette[g%len(palette)]
			x0, x1 := x.at(0), x.at(b.P)
			s.rect(min(x0, x1), y+1, math.Abs(x1-x0), barH-3, c, "bar")
			if b.Lo != b.Hi {
				cy := y + barH/2 - 0.5
				s.line(x.at(b.Lo), cy, x.at(b.Hi), cy, "whisker")
				s.line(x.at(b.Lo), cy-4, x.at(b.Lo), cy+4, "whisker")
				s.line(x.at(b.Hi), cy-4, x.at(b.Hi), cy+4, "whisker")
			}
		}
	}
	var items []legendItem
	for g, name := range names {
		items = append(items, legendItem{label: name, color: palette[g%len(palette)]})
	}
	s.legend(left, h-10, items)
	return s.close()
}

func trimFloat(x float64) string {
	if math.Abs(x) < 1e-12 {
		return "0"
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", x), "0"), ".")
}

func shorten(s string, n int) string {
	r := []rune(s)
	if n < 2 || len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n+1:])
}

// clip cuts a label to n characters, ending it with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if n < 2 || len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func shift(v []float64, d float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x + d
	}
	return out
}

// rareLimit is the probability under which an outcome goes to the panel of
// rare outcomes, drawn on its own scale: on a scale that reaches the common
// outcomes' tens of per cent, a rate of 0.2 % is a sliver.
const rareLimit = 0.05

// barFigures draws rows as one bar chart, or as two when some rows are rare
// (every bar's interval under rareLimit) and others are not: the common
// outcomes, then the rare ones on their own scale.
func (p *page) barFigures(title, desc string, rows []barRow, groups []string, caption string) {
	var common, rare []barRow
	for _, r := range rows {
		hi := 0.0
		for _, b := range r.Bars {
			hi = max(hi, b.Hi)
		}
		if hi < rareLimit {
			rare = append(rare, r)
		} else {
			common = append(common, r)
		}
	}
	if len(common) == 0 || len(rare) == 0 {
		p.figure(barChart(p.id(), title, desc, rows, groups), caption)
		return
	}
	p.figure(barChart(p.id(), title, desc+" Outcomes under 5 % are drawn apart, below, on their own scale.", common, groups), caption)
	p.figure(barChart(p.id(), title+": rare outcomes (under 5 %), on their own scale", desc, rare, groups),
		fmt.Sprintf("The outcomes whose probability is under %s under every model, on a scale that makes them visible. %s", pct(rareLimit), caption))
}
