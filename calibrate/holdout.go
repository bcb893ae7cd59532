package calibrate

import (
	"context"
	"math"
	"slices"
	"time"

	"brink/scenario"
)

// Held-back validation: a scenario fitted to the record through a date is
// run on, and each later observation is placed in its forecast distribution
// by its PIT (the share of simulated values below it). A forecast whose
// bands are as wide as the evidence says covers about half the held-back
// points with its 50 % band and four in five with its 80 % band, and its PITs
// are spread evenly over [0, 1] (Gneiting, Balabdaoui & Raftery 2007,
// "Probabilistic forecasts, calibration and sharpness", JRSS B 69:243–268).

// HeldRow is one observation: the forecast band at its date and where the
// observation falls in it.
type HeldRow struct {
	Date   time.Time
	Series Series
	Data   float64
	Band
	PIT        float64
	In50, In80 bool
	InSample   bool // on or before the split: fitted, not held back
}

// Coverage counts the held-back points of a group inside the 50 % and 80 %
// bands.
type Coverage struct {
	Group            string // "RUS", "UKR", a category, "territory" or "all"
	N, In50, In80    int
	MeanPIT          float64
	Share50, Share80 float64
}

// HeldOut runs sc on the dates of obs and returns a row for every
// observation, marked in-sample on or before split, and the coverage of the
// held-back rows by side (losses), by category and for territory.
func HeldOut(ctx context.Context, sc *scenario.Scenario, obs *Observed, split time.Time, opt Options) ([]HeldRow, []Coverage, error) {
	bands, err := Simulate(ctx, sc, obs.Dates, obs.Series, opt)
	if err != nil {
		return nil, nil, err
	}
	var rows []HeldRow
	for j, d := range obs.Dates {
		for i, s := range obs.Series {
			y := obs.Data[i][j]
			if math.IsNaN(y) {
				continue
			}
			b := bands[i][j]
			rows = append(rows, HeldRow{Date: d, Series: s, Data: y, Band: b, PIT: b.PIT(y),
				In50: b.P25 <= y && y <= b.P75, In80: b.P10 <= y && y <= b.P90, InSample: !d.After(split)})
		}
	}
	groups := []string{"RUS", "UKR"}
	for _, s := range obs.Series {
		if s.Theatre == "" && !slices.Contains(groups, s.Category) {
			groups = append(groups, s.Category)
		}
	}
	groups = append(groups, "territory", "all")
	var cov []Coverage
	for _, g := range groups {
		c := Coverage{Group: g}
		for _, r := range rows {
			if r.InSample || !inGroup(r.Series, g) {
				continue
			}
			c.N++
			c.In50 += b2i(r.In50)
			c.In80 += b2i(r.In80)
			c.MeanPIT += r.PIT
		}
		if c.N > 0 {
			c.MeanPIT /= float64(c.N)
			c.Share50, c.Share80 = float64(c.In50)/float64(c.N), float64(c.In80)/float64(c.N)
			cov = append(cov, c)
		}
	}
	return rows, cov, nil
}

func inGroup(s Series, g string) bool {
	switch {
	case g == "all":
		return true
	case g == "territory":
		return s.Theatre != ""
	case s.Theatre != "":
		return false
	}
	return s.Actor == g || s.Category == g
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
