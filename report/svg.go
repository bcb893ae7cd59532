package report

// Charts as inline SVG, written by hand: a few primitives (scales, axes,
// text, paths) that give the same bytes for the same numbers. Every chart has
// a <title> and a <desc> for screen readers, axis titles and a legend.

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"time"
)

// Colours of the series, distinguishable in colour-blind vision (Okabe–Ito)
// and in grey when printed.
var palette = []string{"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"}

const (
	chartWidth = 760.0
	fontSize   = 12.0
)

// num writes a coordinate with at most two decimals.
func num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		x = 0
	}
	s := strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
	if s == "-0" {
		s = "0"
	}
	return s
}

func esc(s string) string { return html.EscapeString(s) }

// svg is one chart being written.
type svg struct {
	b    strings.Builder
	w, h float64
}

// newSVG opens a chart of the given size; id must be unique in the page.
func newSVG(id string, w, h float64, title, desc string) *svg {
	s := &svg{w: w, h: h}
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-t %s-d">`,
		num(w), num(h), num(w), num(h), id, id)
	fmt.Fprintf(&s.b, "\n<title id=\"%s-t\">%s</title>\n<desc id=\"%s-d\">%s</desc>\n", id, esc(title), id, esc(desc))
	return s
}

func (s *svg) close() string {
	s.b.WriteString("</svg>\n")
	return s.b.String()
}

func (s *svg) raw(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

// text writes a label; anchor is start, middle or end.
func (s *svg) text(x, y float64, anchor, class, t string) {
	c := ""
	if class != "" {
		c = ` class="` + class + `"`
	}
	fmt.Fprintf(&s.b, `<text x="%s" y="%s" text-anchor="%s"%s>%s</text>`+"\n", num(x), num(y), anchor, c, esc(t))
}

func (s *svg) line(x1, y1, x2, y2 float64, class string) {
	fmt.Fprintf(&s.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" class="%s"/>`+"\n", num(x1), num(y1), num(x2), num(y2), class)
}

func (s *svg) rect(x, y, w, h float64, fill, class string) {
	extra := ""
	if class != "" {
		extra = ` class="` + class + `"`
	}
	fmt.Fprintf(&s.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>`+"\n", num(x), num(y), num(max(w, 0)), num(max(h, 0)), fill, extra)
}

// polyline draws the points (xs[i], ys[i]).
func (s *svg) polyline(xs, ys []float64, stroke string, width float64, dash string) {
	var p strings.Builder
	for i := range xs {
		if i > 0 {
			p.WriteByte(' ')
		}
		p.WriteString(num(xs[i]) + "," + num(ys[i]))
	}
	d := ""
	if dash != "" {
		d = ` stroke-dasharray="` + dash + `"`
	}
	fmt.Fprintf(&s.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%s"%s stroke-linejoin="round"/>`+"\n", p.String(), stroke, num(width), d)
}

// band fills the area between lo and hi over xs.
func (s *svg) band(xs, lo, hi []float64, fill string, opacity float64) {
	var p strings.Builder
	for i := range xs {
		if i > 0 {
			p.WriteByte(' ')
		}
		p.WriteString(num(xs[i]) + "," + num(hi[i]))
	}
	for i := len(xs) - 1; i >= 0; i-- {
		p.WriteString(" " + num(xs[i]) + "," + num(lo[i]))
	}
	fmt.Fprintf(&s.b, `<polygon points="%s" fill="%s" fill-opacity="%s" stroke="none"/>`+"\n", p.String(), fill, num(opacity))
}

// scale maps a domain [d0, d1] linearly onto a range [r0, r1].
type scale struct{ d0, d1, r0, r1 float64 }

func (c scale) at(x float64) float64 {
	if c.d1 == c.d0 {
		return c.r0
	}
	return c.r0 + (x-c.d0)/(c.d1-c.d0)*(c.r1-c.r0)
}

// niceTicks returns about n round values (1, 2 or 5 × 10^k apart) covering
// [lo, hi], and the extended bounds.
func niceTicks(lo, hi float64, n int) []float64 {
	if !(hi > lo) {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(max(n, 1))
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var t []float64
	for x := math.Floor(lo/step) * step; x <= hi+step*1e-9; x += step {
		t = append(t, math.Round(x/step)*step)
	}
	if t[len(t)-1] < hi-step*1e-9 {
		t = append(t, t[len(t)-1]+step)
	}
	return t
}

// dayTicks are round day counts for a time axis of h days.
func dayTicks(h int) []int {
	steps := []int{7, 14, 30, 60, 90, 120, 180, 365, 730, 1825, 3650}
	step := steps[len(steps)-1]
	for _, s := range steps {
		if h/s <= 7 {
			step = s
			break
		}
	}
	var t []int
	for d := 0; d <= h; d += step {
		t = append(t, d)
	}
	return t
}

// timeFrame draws a time chart's frame: the x axis in days from start (day
// ticks labelled by date and by day, below the plot) and the y axis line,
// for a plot area from left to chartWidth−right and top to top+plotH.
func (s *svg) timeFrame(x scale, left, right, top, plotH float64, start time.Time, horizon int) {
	for _, d := range dayTicks(horizon) {
		s.line(x.at(float64(d)), top+plotH, x.at(float64(d)), top+plotH+5, "axis")
		s.text(x.at(float64(d)), top+plotH+18, "middle", "tick", start.AddDate(0, 0, d).Format("2006-01-02"))
		s.text(x.at(float64(d)), top+plotH+31, "middle", "tick sub", fmt.Sprintf("day %d", d))
	}
	s.line(left, top+plotH, chartWidth-right, top+plotH, "axis")
	s.line(left, top, left, top+plotH, "axis")
}

// yTitle writes the title of the y axis, turned, beside a plot area from top
// to top+plotH.
func (s *svg) yTitle(top, plotH float64, title string) {
	s.raw(`<text x="14" y="%s" text-anchor="middle" class="axis-title" transform="rotate(-90 14 %s)">%s</text>`+"\n",
		num(top+plotH/2), num(top+plotH/2), esc(title))
}

// legendStep is the height of a row of a legend.
const legendStep = 18.0

// legendLines is how many rows the legend of items takes from x in a chart
// of width w: it wraps rather than run off the chart.
func legendLines(x, w float64, items []legendItem) int {
	lines, cx := 1, x
	for i, it := range items {
		iw := 24 + textWidth(it.label)
		if i > 0 && cx+iw > w-8 {
			lines++
			cx = x
		}
		cx += iw + 18
	}
	return lines
}

// legend draws coloured keys in rows from (x, y), wrapping at the chart's
// right edge; the chart must leave room for legendLines rows below y.
func (s *svg) legend(x, y float64, items []legendItem) {
	x0 := x
	for i, it := range items {
		if iw := 24 + textWidth(it.label); i > 0 && x+iw > s.w-8 {
			x = x0
			y += legendStep
		}
		switch it.kind {
		case "band":
			s.raw(`<rect x="%s" y="%s" width="18" height="10" fill="%s" fill-opacity="%s"/>`+"\n", num(x), num(y-9), it.color, num(it.opacity))
		case "point":
			s.raw(`<circle cx="%s" cy="%s" r="3.2" fill="%s"/>`+"\n", num(x+9), num(y-4), it.color)
		case "line":
			d := ""
			if it.dash != "" {
				d = ` stroke-dasharray="` + it.dash + `"`
			}
			s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"%s/>`+"\n", num(x), num(y-4), num(x+18), num(y-4), it.color, d)
		default:
			s.rect(x, y-9, 18, 10, it.color, "")
		}
		s.text(x+24, y, "start", "legend", it.label)
		x += 24 + textWidth(it.label) + 18
	}
}

type legendItem struct {
	label, color, kind, dash string
	opacity                  float64 // of a band
}

// textWidth estimates the width of a label in the chart font.
func textWidth(t string) float64 { return 0.58 * fontSize * float64(len([]rune(t))) }
