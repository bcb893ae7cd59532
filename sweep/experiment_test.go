package sweep

import (
	"math"
	"strings"
	"testing"

	"brink/scenario"
)

// Two parameters as in internal/cli/testdata/sweep.yaml: the first drives the
// outcome, the second is inert.
const (
	alarmsParam = "actors.EAST.nuclear.alarms_per_year[1]"
	inertParam  = "actors.SOUTH.politics.optimism"
)

// An interrupted sweep analyses the complete units from the start of the
// design only.
func TestSweepPartialUsesCompleteRows(t *testing.T) {
	sc, err := scenario.Builtin(scenario.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	params := []Input{{Path: alarmsParam, Ranged: true, Lo: 0, Hi: 60}, {Path: inertParam, Ranged: true, Lo: -0.3, Hi: 0.3}}
	des, err := NewExperiment("sobol", 2, 8, 1)
	if err != nil {
		t.Fatal(err)
	}
	pts := make([]PointResult, len(des.U))
	for i := range pts {
		// A made-up output that grows with the first parameter.
		pts[i] = PointResult{Done: i != 13, Count: int64(100 * des.U[i][0])}
	}
	out := Outcome{"nuclear_use", "any nuclear use"}
	rep := Analyse(sc, params, des, out, pts, 100, 1)
	// Point 13 is in base row 3 (points 12–15): rows 0–2 are complete.
	if !rep.Partial || rep.PointsUsed != 12 || len(rep.Table) != 12 || len(rep.Sobol) != 2 || rep.Sobol[0].Parameter != alarmsParam {
		t.Fatalf("partial report: used %d, partial %v, %+v", rep.PointsUsed, rep.Partial, rep.Sobol)
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "PARTIAL: interrupted; the analysis uses 12 of 32 points: the complete base rows") {
		t.Errorf("text:\n%s", b.String())
	}

	// One complete row is not enough for indices.
	pts[5].Done = false
	rep = Analyse(sc, params, des, out, pts, 100, 1)
	if rep.PointsUsed != 4 || rep.Sobol != nil || !strings.Contains(rep.Note, "only 1 complete base row") {
		t.Errorf("one row: %+v", rep)
	}

	// Morris: whole trajectories of d+1 points.
	des, err = NewExperiment("morris", 2, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	pts = make([]PointResult, len(des.U))
	for i := range pts {
		pts[i] = PointResult{Done: i < 8, Count: int64(100 * des.U[i][0])}
	}
	rep = Analyse(sc, params, des, out, pts, 100, 1)
	if rep.PointsUsed != 6 || len(rep.Morris) != 2 || rep.Morris[0].Parameter != alarmsParam || math.Abs(float64(rep.Morris[0].MuStar)-1) > 0.02 {
		t.Errorf("partial Morris: used %d, %+v", rep.PointsUsed, rep.Morris)
	}
}

func TestParseSweepParam(t *testing.T) {
	p, err := ParseInput(" ladder[7].cost = 0.5% : 2% ")
	if err != nil || p.Path != "ladder[7].cost" || !p.Ranged || p.Lo != 0.005 || p.Hi != 0.02 {
		t.Errorf("got %+v, %v", p, err)
	}
	if p.At(0) != 0.005 || p.At(1) != 0.02 || math.Abs(p.At(0.5)-0.0125) > 1e-15 {
		t.Errorf("linear map: %v %v %v", p.At(0), p.At(0.5), p.At(1))
	}
	p, err = ParseInput("a.b=-1:-0.5")
	if err != nil || p.Lo != -1 || p.Hi != -0.5 {
		t.Errorf("negative range: %+v, %v", p, err)
	}
	// An unbounded distribution: the design's ends map to its 0.1 % and
	// 99.9 % quantiles.
	q := Input{Path: "x", Dist: scenario.Value{Kind: scenario.Normal, P: [3]float64{0, 1}}}
	if lo, hi := q.At(0), q.At(1); math.Abs(lo+3.090232306167813) > 1e-9 || math.Abs(hi-3.090232306167813) > 1e-9 {
		t.Errorf("normal ends: %v %v", lo, hi)
	}
	if got := q.At(0.975); math.Abs(got-1.959963984540054) > 1e-12 {
		t.Errorf("normal 0.975: %v", got)
	}
}
