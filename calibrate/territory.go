package calibrate

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
)

// territoryCSV is a byte-for-byte copy of data/territory-2022-2025.csv (a
// test checks that the two agree): the share of Ukraine held by Russia at
// dated points, with the low–high range of the sources, marked `fit` (through
// 2023-12) or `holdout` (later: the out-of-sample test).
//
//go:embed territory-2022-2025.csv
var territoryCSV []byte

// TerritoryPoint is one dated observation of the share of a theatre held.
type TerritoryPoint struct {
	Date             time.Time
	Share, Low, High float64
	Holdout          bool // kept out of every fit
}

// Territory returns the embedded territory series of ukraine-2022.
func Territory() ([]TerritoryPoint, error) {
	return ParseTerritory(bytes.NewReader(territoryCSV))
}

// ParseTerritory reads date, share_held_by_russia, low, high, set, ...
func ParseTerritory(r io.Reader) ([]TerritoryPoint, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("territory: %w", err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("territory: no data")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"date", "share_held_by_russia", "low", "high", "set"} {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("territory: no column %q", h)
		}
	}
	var out []TerritoryPoint
	for n, r := range rows[1:] {
		d, err := time.Parse(time.DateOnly, r[col["date"]])
		if err != nil {
			return nil, fmt.Errorf("territory: line %d: %w", n+2, err)
		}
		var x [3]float64
		for k, h := range []string{"share_held_by_russia", "low", "high"} {
			if x[k], err = strconv.ParseFloat(r[col[h]], 64); err != nil {
				return nil, fmt.Errorf("territory: line %d: %s: %w", n+2, h, err)
			}
		}
		if !(x[1] <= x[0] && x[0] <= x[2]) {
			return nil, fmt.Errorf("territory: line %d: share %g outside its range [%g, %g]", n+2, x[0], x[1], x[2])
		}
		set := r[col["set"]]
		if set != "fit" && set != "holdout" {
			return nil, fmt.Errorf("territory: line %d: set %q, want fit or holdout", n+2, set)
		}
		out = append(out, TerritoryPoint{Date: d, Share: x[0], Low: x[1], High: x[2], Holdout: set == "holdout"})
	}
	return out, nil
}

// Record is the record brink calibrate fits and judges: the Oryx losses of
// DefaultSeries and the share of the theatre held by RUS's side, at the union
// of their dates from the start (exclusive) through `through` (inclusive;
// the zero time for all dates). Holdout territory points are left out unless
// holdout is true.
func Record(start, through time.Time, holdout bool) (*Observed, error) {
	obs, err := Oryx()
	if err != nil {
		return nil, err
	}
	pts, err := Territory()
	if err != nil {
		return nil, err
	}
	pts = slices.DeleteFunc(pts, func(p TerritoryPoint) bool { return !p.Date.After(start) || p.Holdout && !holdout })
	return merge(obs, pts, Series{Actor: "RUS", Theatre: "ukraine"}, through), nil
}

// merge adds the territory points to the loss observations as one more series
// on the union of their dates, and cuts both after `through`.
func merge(obs *Observed, pts []TerritoryPoint, ts Series, through time.Time) *Observed {
	keep := func(d time.Time) bool { return through.IsZero() || !d.After(through) }
	var dates []time.Time
	for _, d := range obs.Dates {
		if keep(d) {
			dates = append(dates, d)
		}
	}
	for _, p := range pts {
		if keep(p.Date) && !slices.ContainsFunc(dates, p.Date.Equal) {
			dates = append(dates, p.Date)
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	out := obs.onDates(dates)
	out.Series = append(out.Series, ts)
	row, lo, hi := nanRow(len(dates)), nanRow(len(dates)), nanRow(len(dates))
	for _, p := range pts {
		if k := slices.IndexFunc(dates, p.Date.Equal); k >= 0 {
			row[k], lo[k], hi[k] = p.Share, p.Low, p.High
		}
	}
	out.Data, out.Low, out.High = append(out.Data, row), append(out.Low, lo), append(out.High, hi)
	return out
}
