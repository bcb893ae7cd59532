package report

// Charts of a validation (brink validate): where each observed value fell
// among the simulated observations (its percentile, against the bands a
// calibrated model puts it in), and the probability the model gave to what
// happened for each event (on a log axis, against the verdicts' thresholds).

import (
	"fmt"
	"math"

	"brink/evidence"
)

// verdictColour is the colour of a verdict's point.
func verdictColour(v string) string {
	switch v {
	case evidence.VerdictOK:
		return "#009e73"
	case evidence.VerdictTail:
		return "#e69f00"
	}
	return "#d55e00"
}

// percentileChart draws each value observation as a point at its
// percentile among the simulated observations, over the central 50 %, 80 %
// and 98 % bands: a calibrated model scatters the points evenly, about half
// inside the darkest band.
func percentileChart(id string, lines []evidence.Line) string {
	const left, right, top, rowH = 220.0, 30.0, 14.0, 17.0
	var rows []evidence.Line
	for _, l := range lines {
		if l.Value != nil {
			rows = append(rows, l)
		}
	}
	axisY := top + float64(len(rows))*rowH
	h := axisY + 64
	x := scale{0, 100, left, chartWidth - right}
	s := newSVG(id, chartWidth, h, "Where each observed value fell among the simulated observations",
		"Each value observation's percentile among the simulated observations, over the central 50, 80 and 98 % bands; colour by verdict.")
	for _, b := range []struct{ lo, hi, op float64 }{{1, 99, 0.08}, {10, 90, 0.14}, {25, 75, 0.22}} {
		s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="#0072b2" fill-opacity="%s"/>`+"\n", num(x.at(b.lo)), num(top-6), num(x.at(b.hi)-x.at(b.lo)), num(axisY-top+6), num(b.op))
	}
	for _, t := range []float64{0, 10, 25, 50, 75, 90, 100} {
		s.line(x.at(t), top-6, x.at(t), axisY, "grid")
		s.text(x.at(t), axisY+16, "middle", "tick", trimFloat(t))
	}
	s.line(left, axisY, chartWidth-right, axisY, "axis")
	s.text((left+chartWidth-right)/2, axisY+34, "middle", "axis-title", "percentile of the observation among the simulated observations (%)")
	for i, l := range rows {
		cy := top + float64(i)*rowH + rowH/2
		s.text(left-8, cy+4, "end", "label", clip(l.ID, 30))
		s.line(left, cy, chartWidth-right, cy, "grid")
		s.raw(`<circle cx="%s" cy="%s" r="4.5" fill="%s"><title>%s: %s</title></circle>`+"\n", num(x.at(100*l.Value.Percentile)), num(cy), verdictColour(l.Verdict),
			esc(l.ID), esc(fmt.Sprintf("percentile %.1f, %s", 100*l.Value.Percentile, l.Verdict)))
	}
	s.legend(left, h-8, []legendItem{{label: "50 % band", color: "#0072b2", kind: "band", opacity: 0.44}, {label: "80 %", color: "#0072b2", kind: "band", opacity: 0.22},
		{label: "98 %", color: "#0072b2", kind: "band", opacity: 0.08}, {label: "ok", color: verdictColour(evidence.VerdictOK), kind: "point"},
		{label: "tail", color: verdictColour(evidence.VerdictTail), kind: "point"}, {label: "miss", color: verdictColour(evidence.VerdictMiss), kind: "point"}})
	return s.close()
}

// eventChart draws each event observation's probability of what happened on
// a log axis from 0.1 % to 100 %, with the verdicts' thresholds (1 %, 10 %).
func eventChart(id string, lines []evidence.Line) string {
	const left, right, top, rowH = 220.0, 70.0, 14.0, 20.0
	var rows []evidence.Line
	for _, l := range lines {
		if l.Event != nil {
			rows = append(rows, l)
		}
	}
	axisY := top + float64(len(rows))*rowH
	h := axisY + 64
	x := scale{-3, 0, left, chartWidth - right}
	at := func(p float64) float64 { return x.at(min(max(math.Log10(max(p, 1e-300)), -3), 0)) }
	s := newSVG(id, chartWidth, h, "The probability the model gave to what happened",
		"For each event observation, the simulated probability of what happened (that it happened, or that it did not), on a logarithmic axis; under 1 % is a miss, under 10 % a tail.")
	s.rect(left, top-6, at(0.01)-left, axisY-top+6, "#fbe3d6", "")
	s.rect(at(0.01), top-6, at(0.1)-at(0.01), axisY-top+6, "#fdf1d8", "")
	for _, t := range []float64{0.001, 0.01, 0.1, 0.5, 1} {
		s.line(at(t), top-6, at(t), axisY, "grid")
		s.text(at(t), axisY+16, "middle", "tick", pct(t))
	}
	s.line(left, axisY, chartWidth-right, axisY, "axis")
	s.text((left+chartWidth-right)/2, axisY+34, "middle", "axis-title", "simulated probability of what happened (log scale)")
	for i, l := range rows {
		cy := top + float64(i)*rowH + rowH/2
		s.text(left-8, cy+4, "end", "label", clip(l.ID, 30))
		p := l.Event.PObs
		s.line(left, cy, at(p), cy, "whisker")
		s.raw(`<circle cx="%s" cy="%s" r="4.5" fill="%s"/>`+"\n", num(at(p)), num(cy), verdictColour(l.Verdict))
		s.text(at(p)+8, cy+4, "start", "value", pct(p))
	}
	s.legend(left, h-8, []legendItem{{label: "miss (under 1 %)", color: "#fbe3d6"}, {label: "tail (1–10 %)", color: "#fdf1d8"}})
	return s.close()
}
