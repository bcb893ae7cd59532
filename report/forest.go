package report

import (
	"fmt"
	"strings"

	"brink/mc"
)

// groupPalette colours the baseline (near black, the reference) and up to
// twelve variants: the Okabe–Ito colours (Okabe & Ito 2008, "Color
// Universal Design") then Paul Tol's muted scheme (Tol 2021, "Colour
// Schemes", SRON/EPS/TN/09-002), both chosen to stay apart in the common
// forms of colour blindness. Past thirteen groups the colours repeat; every
// chart that uses them also names each group on the chart, so no reading
// rests on colour alone.
var groupPalette = []string{
	"#1a1a1a", // baseline
	"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
	"#332288", "#882255", "#999933", "#117733", "#aa4499", "#ddcc77",
}

// groupColor is the colour of group g (0: the baseline).
func groupColor(g int) string {
	if g == 0 {
		return groupPalette[0]
	}
	return groupPalette[1+(g-1)%(len(groupPalette)-1)]
}

// forestRow is one variant's paired difference from the baseline.
type forestRow struct {
	Label        string
	Color        string
	Diff, Lo, Hi float64 // percentage points
	Significant  bool
}

// forestChart draws paired differences as a forest plot: a row per variant,
// named at the left, its difference as a point (filled when its interval
// excludes 0) with the interval as a line, the value written at the right,
// and a line at 0.
func forestChart(id, title, desc string, rows []forestRow, xTitle string) string {
	const right, top, rowH = 170.0, 14.0, 22.0
	left := 90.0
	for _, r := range rows {
		left = max(left, textWidth(r.Label)+20)
	}
	left = min(left, 240)
	axisY := top + rowH*float64(len(rows)) + 4
	h := axisY + 44
	lo, hi := 0.0, 0.0
	for _, r := range rows {
		lo, hi = min(lo, r.Lo, r.Diff), max(hi, r.Hi, r.Diff)
	}
	if hi-lo < 1e-9 {
		lo, hi = -0.1, 0.1
	}
	ticks := niceTicks(lo, hi, 6)
	x := scale{ticks[0], ticks[len(ticks)-1], left, chartWidth - right}
	s := newSVG(id, chartWidth, h, title, desc)
	for _, t := range ticks {
		s.line(x.at(t), top-4, x.at(t), axisY, "grid")
		s.text(x.at(t), axisY+16, "middle", "tick", signedTick(t))
	}
	s.line(x.at(0), top-4, x.at(0), axisY, "axis")
	s.line(left, axisY, chartWidth-right, axisY, "axis")
	s.text((left+chartWidth-right)/2, axisY+34, "middle", "axis-title", xTitle)
	for i, r := range rows {
		cy := top + rowH*float64(i) + rowH/2
		s.text(left-10, cy+4, "end", "label", clip(r.Label, int((left-14)/(0.58*fontSize))))
		s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2"/>`+"\n", num(x.at(r.Lo)), num(cy), num(x.at(r.Hi)), num(cy), r.Color)
		fill := "#fff"
		if r.Significant {
			fill = r.Color
		}
		s.raw(`<circle cx="%s" cy="%s" r="4.5" fill="%s" stroke="%s" stroke-width="1.8"/>`+"\n", num(x.at(r.Diff)), num(cy), fill, r.Color)
		s.text(chartWidth-right+10, cy+4, "start", "value", fmt.Sprintf("%s [%s, %s]", mc.SignedPP(r.Diff), mc.SignedPP(r.Lo), mc.SignedPP(r.Hi)))
	}
	return s.close()
}

// signedTick labels a tick of percentage points.
func signedTick(v float64) string {
	if v > 0 {
		return "+" + trimFloat(v)
	}
	return strings.Replace(trimFloat(v), "-", "−", 1)
}

// compareAnswer is the short ranked answer of a comparison for an outcome
// (mc.RankedAnswer, every clear change named).
func compareAnswer(oc mc.OutcomeComparison, what string) string { return mc.RankedAnswer(oc, what, 0) }

// rankedAnswer is mc.RankedAnswer.
func rankedAnswer(oc mc.OutcomeComparison, what string, maxNamed int) string {
	return mc.RankedAnswer(oc, what, maxNamed)
}
