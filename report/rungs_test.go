package report

import (
	"math"
	"strings"
	"testing"
	"time"
)

// rungShares reads mc.Hist cells (underflow, rungs, overflow): the shares
// of the rungs sum to 1 on every day, and the outer cells are not rungs.
func TestRungShares(t *testing.T) {
	counts := [][]int64{{0, 0, 90, 10, 0}, {0, 0, 50, 49, 1}}
	sh := rungShares(counts)
	if len(sh[0]) != 3 || sh[0][1] != 0.9 || sh[0][2] != 0.1 {
		t.Errorf("day 0: %v, want [0 0.9 0.1]", sh[0])
	}
	for d, s := range sh {
		sum := 0.0
		for _, v := range s {
			sum += v
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("day %d: shares sum to %g", d, sum)
		}
	}
}

// The stacked areas name every rung some trajectory reaches, with its
// number, and none other; the log panel draws a line per rung above the
// commonest and reaches down to the rarest share.
func TestRungCharts(t *testing.T) {
	names := []string{"peace", "crisis", "war", "nuclear use"}
	days := []int{0, 10, 20}
	shares := [][]float64{{0, 1, 0, 0}, {0, 0.5, 0.4999, 0.0001}, {0, 0.2, 0.79, 0.01}}
	start := time.Date(2022, 2, 24, 0, 0, 0, 0, time.UTC)
	area := rungAreaChart("a", "t", "d", start, 20, days, shares, names, 3)
	for _, want := range []string{">1 crisis<", ">2 war<", ">3 nuclear use<"} {
		if !strings.Contains(area, want) {
			t.Errorf("the stacked areas do not name %q", want)
		}
	}
	if strings.Contains(area, ">0 peace<") {
		t.Error("the stacked areas name a rung no trajectory reaches")
	}
	tail := rungTailChart("b", "t", "d", start, 20, days, shares, names, 2, 3)
	for _, want := range []string{"≥ 2 war", "≥ 3 nuclear use", ">0.01<"} {
		if !strings.Contains(tail, want) {
			t.Errorf("the log panel lacks %q", want)
		}
	}
}

// Outcomes under 5 % under every model go to a panel of their own scale;
// a page with only common or only rare outcomes has one chart.
func TestRarePanel(t *testing.T) {
	rows := []barRow{{"common", []bar{{0.4, 0.39, 0.41}}}, {"rare", []bar{{0.002, 0.001, 0.003}}}}
	p := &page{}
	p.barFigures("Outcomes", "d", rows, nil, "c")
	body := p.body.String()
	if n := strings.Count(body, "<svg"); n != 2 {
		t.Fatalf("%d charts, want 2", n)
	}
	rare := body[strings.LastIndex(body, "<svg"):]
	if !strings.Contains(rare, ">rare<") || strings.Contains(rare, ">common<") || !strings.Contains(rare, ">0.3<") {
		t.Errorf("the rare panel is not the rare outcome on its own scale (0 to 0.3 %%):\n%s", rare)
	}
	p = &page{}
	p.barFigures("Outcomes", "d", rows[:1], nil, "c")
	if n := strings.Count(p.body.String(), "<svg"); n != 1 {
		t.Errorf("%d charts for common outcomes only, want 1", n)
	}
}
