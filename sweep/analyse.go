package sweep

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"brink/mc"
	"brink/scenario"
)

// Analyse analyses the points that finished: the longest run of
// finished points from the first, cut to whole units of the design.
func Analyse(sc *scenario.Scenario, params []Input, des *Experiment, out Outcome,
	pts []PointResult, n int64, seed uint64) *Report {
	d := len(params)
	rep := &Report{Scenario: sc.ID, Title: sc.Title, Variant: sc.Variant, ScenarioHash: fmt.Sprintf("%x", sc.Hash[:]),
		Seed: seed, Outcome: out.Name, OutcomeLabel: out.Label, Design: des.Name, Levels: des.Levels,
		Points: len(des.U), TrajectoriesPerPoint: n}
	switch des.Name {
	case "sobol":
		rep.BaseRows = des.Layout.N
	case "morris":
		rep.MorrisTrajectories = des.Morris.Trajectories
	}
	for _, p := range params {
		rp := Param{Path: p.Path, Over: "range", Lo: Number(p.Lo), Hi: Number(p.Hi)}
		if !p.Ranged {
			lo, hi := p.Dist.Support()
			rp.Over, rp.Distribution, rp.Lo, rp.Hi = "distribution", p.Dist.String(), Number(lo), Number(hi)
		}
		rep.Parameters = append(rep.Parameters, rp)
	}
	done := slices.IndexFunc(pts, func(p PointResult) bool { return !p.Done })
	if done < 0 {
		done = len(pts)
	}
	units := done / des.Unit
	used := units * des.Unit
	rep.PointsUsed, rep.Partial = used, used < len(pts)
	y := make([]float64, used)
	for i := range y {
		pr := mc.Proportion{K: pts[i].Count, N: n}
		y[i] = pr.P()
		lo, hi := pr.CI95()
		row := PointRow{U: des.U[i], X: make([]float64, d), Y: y[i], Lo: lo, Hi: hi, Count: pts[i].Count}
		for j := range params {
			row.X[j] = params[j].At(des.U[i][j])
		}
		rep.Table = append(rep.Table, row)
	}
	if used == 0 {
		return rep
	}
	var mean, noise float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range y {
		mean += v
		noise += v * (1 - v) / float64(n)
		lo, hi = min(lo, v), max(hi, v)
	}
	mean /= float64(used)
	noise /= float64(used)
	var vy float64
	for _, v := range y {
		vy += (v - mean) * (v - mean)
	}
	vy /= float64(used)
	rep.Y = YStats{Mean: Number(mean), SD: Number(math.Sqrt(vy)), Min: Number(lo), Max: Number(hi)}
	rep.NoiseShare = Number(math.NaN())
	if vy > 0 {
		rep.NoiseShare = Number(noise / vy)
	}
	switch des.Name {
	case "sobol":
		if units < 2 {
			rep.Note = fmt.Sprintf("only %d complete base row: Sobol' indices need at least 2", units)
			break
		}
		r := rand.New(rand.NewPCG(seed, 0x73776565702d62)) // "sweep-b"
		idx, err := SobolIndices(Layout{D: d, N: units}, y, Bootstrap, r)
		if err != nil {
			rep.Note = "y does not vary over the design: the Sobol' indices are undefined (" + err.Error() + ")"
			break
		}
		for j, ix := range idx {
			rep.Sobol = append(rep.Sobol, SobolRow{Parameter: params[j].Path, S1: Number(ix.S1), S1Lo: Number(ix.S1Lo), S1Hi: Number(ix.S1Hi),
				ST: Number(ix.ST), STLo: Number(ix.STLo), STHi: Number(ix.STHi)})
		}
		slices.SortStableFunc(rep.Sobol, func(a, b SobolRow) int { return cmpDesc(float64(a.ST), float64(b.ST)) })
	case "morris":
		m := *des.Morris
		m.Trajectories, m.Points = units, m.Points[:used]
		eff, err := MorrisEffects(&m, y)
		if err != nil {
			rep.Note = err.Error()
			break
		}
		for j, e := range eff {
			rep.Morris = append(rep.Morris, MorrisRow{Parameter: params[j].Path, MuStar: Number(e.MuStar), Mu: Number(e.Mu), Sigma: Number(e.Sigma)})
		}
		slices.SortStableFunc(rep.Morris, func(a, b MorrisRow) int { return cmpDesc(float64(a.MuStar), float64(b.MuStar)) })
	default:
		x := make([][]float64, used)
		for i := range x {
			x[i] = rep.Table[i].X
		}
		if reg, ok := StandardizedRegression(x, y); ok {
			out := &Regression{R2: Number(reg.R2)}
			for j, b := range reg.SRC {
				out.Rows = append(out.Rows, SRCRow{Parameter: params[j].Path, SRC: Number(b)})
			}
			slices.SortStableFunc(out.Rows, func(a, b SRCRow) int {
				return cmpDesc(math.Abs(float64(a.SRC)), math.Abs(float64(b.SRC)))
			})
			rep.Regression = out
		}
	}
	return rep
}
