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

// oryxCSV is a byte-for-byte copy of data/oryx-losses-monthly.csv (a test
// checks that the two agree), embedded so that the command works wherever the
// binary is run.
//
//go:embed oryx-losses-monthly.csv
var oryxCSV []byte

// OryxTypes maps the equipment categories of ukraine-2022 to the Oryx
// equipment types whose counts are summed to make the category:
//
//	tanks      Tanks
//	afv        Armoured Fighting Vehicles + Infantry Fighting Vehicles + Armoured Personnel Carriers
//	artillery  Towed Artillery + Self-Propelled Artillery + Multiple Rocket Launchers
//	aircraft   Aircraft + Helicopters
//
// Oryx's "Armoured Fighting Vehicles" are the other armoured vehicles (BMD,
// MT-LB, reconnaissance vehicles); its air-defence systems, engineering
// vehicles, trucks and ships have no category in the scenario and are left out.
var OryxTypes = map[string][]string{
	"tanks":     {"Tanks"},
	"afv":       {"Armoured Fighting Vehicles", "Infantry Fighting Vehicles", "Armoured Personnel Carriers"},
	"artillery": {"Towed Artillery", "Self-Propelled Artillery", "Multiple Rocket Launchers"},
	"aircraft":  {"Aircraft", "Helicopters"},
}

// OryxCountry maps the actors of ukraine-2022 to Oryx's country names.
var OryxCountry = map[string]string{"RUS": "Russia", "UKR": "Ukraine"}

// Series is one observed sequence: the losses of one category by one actor,
// or (Theatre set) the share of a theatre held by the actor's side.
type Series struct {
	Category string // category id of the scenario ("" for territory)
	Actor    string // actor id of the scenario
	Theatre  string // theatre id, for territory
	Estimate bool   // losses estimated with a lognormal error (Observed.SD), not counted by Oryx
}

func (s Series) String() string {
	switch {
	case s.Theatre != "":
		return "territory " + s.Actor
	case s.Estimate:
		return s.Category + " " + s.Actor + " (estimated)"
	}
	return s.Category + " " + s.Actor
}

// Observed is observations at dates, one row per series: cumulative losses,
// and the share of territory held with the range the sources give.
type Observed struct {
	Dates     []time.Time
	Series    []Series
	Data      [][]float64 // [series][date]; NaN where the series has no observation that day
	Low, High [][]float64 // [series][date]: the range of a territory observation (nil for losses)
	SD        [][]float64 // [series][date]: the log sd of an estimate (nil for the other series; WithEstimates)
}

// DefaultSeries are the series fitted: tanks, afv, artillery and aircraft of
// Russia and of Ukraine.
func DefaultSeries() []Series {
	var out []Series
	for _, c := range []string{"tanks", "afv", "artillery", "aircraft"} {
		for _, a := range []string{"RUS", "UKR"} {
			out = append(out, Series{Category: c, Actor: a})
		}
	}
	return out
}

// Oryx returns the Oryx data (visually confirmed cumulative losses, a lower
// bound on the true losses) for DefaultSeries, from the embedded copy of
// data/oryx-losses-monthly.csv, as given: no visibility factor.
func Oryx() (*Observed, error) {
	return ParseOryx(bytes.NewReader(oryxCSV), DefaultSeries())
}

// ParseOryx reads the Oryx CSV (date, country, equipment_type, ..., total)
// and sums its totals into the series through OryxTypes and OryxCountry.
// Every series must have a value at every date of the file.
func ParseOryx(r io.Reader, series []Series) (*Observed, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("oryx: %w", err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("oryx: no data")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"date", "country", "equipment_type", "total"} {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("oryx: no column %q", h)
		}
	}
	type key struct {
		date    time.Time
		country string
		typ     string
	}
	total := map[key]float64{}
	var dates []time.Time
	for n, r := range rows[1:] {
		d, err := time.Parse(time.DateOnly, r[col["date"]])
		if err != nil {
			return nil, fmt.Errorf("oryx: line %d: %w", n+2, err)
		}
		x, err := strconv.ParseFloat(r[col["total"]], 64)
		if err != nil {
			return nil, fmt.Errorf("oryx: line %d: %w", n+2, err)
		}
		total[key{d, r[col["country"]], r[col["equipment_type"]]}] = x
		if !slices.ContainsFunc(dates, d.Equal) {
			dates = append(dates, d)
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	obs := &Observed{Dates: dates, Series: series, Data: make([][]float64, len(series))}
	for i, s := range series {
		types, ok := OryxTypes[s.Category]
		if !ok {
			return nil, fmt.Errorf("oryx: no Oryx types for category %q", s.Category)
		}
		country, ok := OryxCountry[s.Actor]
		if !ok {
			return nil, fmt.Errorf("oryx: no Oryx country for actor %q", s.Actor)
		}
		obs.Data[i] = make([]float64, len(dates))
		for j, d := range dates {
			for _, t := range types {
				x, ok := total[key{d, country, t}]
				if !ok {
					return nil, fmt.Errorf("oryx: no %s %q on %s", country, t, d.Format(time.DateOnly))
				}
				obs.Data[i][j] += x
			}
		}
	}
	return obs, nil
}
