package report

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// rungShares turns the per-day histograms of the principal rung into the
// share of trajectories at each rung on each sample day: shares[d][r]. The
// counts are mc.Hist cells: underflow, rung 0 … rung top, overflow.
func rungShares(counts [][]int64) [][]float64 {
	out := make([][]float64, len(counts))
	for d, c := range counts {
		if len(c) >= 2 {
			c = c[1 : len(c)-1]
		}
		var n int64
		for _, k := range c {
			n += k
		}
		out[d] = make([]float64, len(c))
		for r, k := range c {
			if n > 0 {
				out[d][r] = float64(k) / float64(n)
			}
		}
	}
	return out
}

// rungColor shades rung r of a ladder of top+1 rungs: greys below the
// combat rungs, then a sequential scale from yellow to dark red as the
// rungs climb, the nuclear ones darkest.
func rungColor(r, top, firstNuclear int) string {
	// ColorBrewer YlOrBr (light to dark) for the rungs below nuclear use,
	// ColorBrewer Reds (dark) for nuclear use (Harrower & Brewer 2003).
	seq := []string{"#fff7bc", "#fee391", "#fec44f", "#fe9929", "#ec7014", "#cc4c02", "#8c2d04"}
	nuc := []string{"#cb181d", "#a50f15", "#67000d", "#3b0008"}
	if firstNuclear < 0 {
		firstNuclear = top + 1
	}
	if r >= firstNuclear {
		return nuc[min(r-firstNuclear, len(nuc)-1)]
	}
	// Spread the rungs below nuclear use over the light scale, the one just
	// below nuclear use darkest.
	k := len(seq) - (firstNuclear - r)
	if k < 0 {
		g := 235 - 12*(-k)
		return fmt.Sprintf("#%02x%02x%02x", max(g, 150), max(g, 150), max(g, 150))
	}
	return seq[k]
}

// rungAreaChart draws the share of trajectories at each rung over time as
// stacked areas, the lowest rung at the bottom; only the rungs some
// trajectory reaches are drawn and named.
func rungAreaChart(id, title, desc string, start time.Time, horizon int, days []int, shares [][]float64, names []string, firstNuclear int) string {
	const left, right, top, plotH = 70.0, 30.0, 20.0, 180.0
	nr := len(names)
	used := make([]bool, nr)
	for _, s := range shares {
		for r, v := range s {
			if v > 0 {
				used[r] = true
			}
		}
	}
	var items []legendItem
	for r := nr - 1; r >= 0; r-- {
		if used[r] {
			items = append(items, legendItem{label: fmt.Sprintf("%d %s", r, names[r]), color: rungColor(r, nr-1, firstNuclear)})
		}
	}
	h := top + plotH + 80 + legendStep*float64(legendLines(left, chartWidth, items)-1)
	x := scale{0, float64(horizon), left, chartWidth - right}
	y := scale{0, 100, top + plotH, top}
	s := newSVG(id, chartWidth, h, title, desc)
	xs := make([]float64, len(days))
	for i, d := range days {
		xs[i] = x.at(float64(d))
	}
	below := make([]float64, len(days))
	for r := range nr {
		if !used[r] {
			continue
		}
		lo, hi := make([]float64, len(days)), make([]float64, len(days))
		for i := range days {
			lo[i] = y.at(100 * below[i])
			below[i] += shares[i][r]
			hi[i] = y.at(100 * below[i])
		}
		s.band(xs, lo, hi, rungColor(r, nr-1, firstNuclear), 1)
	}
	for _, t := range niceTicks(0, 100, 5) {
		s.line(left, y.at(t), chartWidth-right, y.at(t), "grid")
		s.text(left-8, y.at(t)+4, "end", "tick", pctTick(t))
	}
	s.timeFrame(x, left, right, top, plotH, start, horizon)
	s.yTitle(top, plotH, "share of trajectories at the rung, %")
	s.legend(left, top+plotH+68, items)
	return s.close()
}

// rungTailChart draws, on a log axis, the share of trajectories at or above
// each rung above the commonest one, over time: the rare high rungs that a
// stacked area cannot show. Each line is named at its end.
func rungTailChart(id, title, desc string, start time.Time, horizon int, days []int, shares [][]float64, names []string, from, firstNuclear int) string {
	const left, top, plotH = 70.0, 20.0, 220.0
	right := 30.0
	nr := len(names)
	type line struct {
		r  int
		ys []float64
	}
	var lines []line
	lowest, highest := 1.0, 0.0
	for r := from; r < nr; r++ {
		ys := make([]float64, len(days))
		any := false
		for i := range days {
			for q := r; q < nr; q++ {
				ys[i] += shares[i][q]
			}
			if ys[i] > 0 {
				any = true
				lowest, highest = min(lowest, ys[i]), max(highest, ys[i])
			}
		}
		if any {
			lines = append(lines, line{r, ys})
		}
	}
	if len(lines) == 0 {
		return ""
	}
	for _, l := range lines {
		right = max(right, textWidth(fmt.Sprintf("≥ %d %s", l.r, shortRung(names[l.r])))+14)
	}
	right = min(right, 260)
	// Decades from below the lowest share to 100 %.
	d0 := math.Floor(math.Log10(100 * lowest))
	d0 = max(d0, -3)
	d1 := min(2, max(d0+1, math.Ceil(math.Log10(100*highest))))
	h := top + plotH + 60
	x := scale{0, float64(horizon), left, chartWidth - right}
	y := scale{d0, d1, top + plotH, top}
	s := newSVG(id, chartWidth, h, title, desc)
	for d := d0; d <= d1; d++ {
		s.line(left, y.at(d), chartWidth-right, y.at(d), "grid")
		s.text(left-8, y.at(d)+4, "end", "tick", trimFloat(math.Pow(10, d)))
	}
	s.timeFrame(x, left, right, top, plotH, start, horizon)
	s.yTitle(top, plotH, "share at or above the rung, % (log)")
	lastY := math.Inf(-1)
	for _, l := range lines {
		var xs, ys []float64
		for i, v := range l.ys {
			if v <= 0 {
				continue // below the axis: no trajectory there yet
			}
			xs, ys = append(xs, x.at(float64(days[i]))), append(ys, y.at(math.Max(d0, math.Log10(100*v))))
		}
		c := rungColor(l.r, nr-1, firstNuclear)
		s.polyline(xs, ys, c, 2, "")
		if len(ys) > 0 {
			ly := math.Max(ys[len(ys)-1]+4, lastY+12)
			lastY = ly
			s.text(chartWidth-right+6, ly, "start", "label", fmt.Sprintf("≥ %d %s", l.r, shortRung(names[l.r])))
		}
	}
	return s.close()
}

// shortRung cuts a rung's name at its first colon or comma.
func shortRung(name string) string {
	if i := strings.IndexAny(name, ":,"); i > 0 {
		name = name[:i]
	}
	return clip(name, 30)
}
