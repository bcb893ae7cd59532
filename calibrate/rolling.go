package calibrate

import (
	"context"
	"fmt"
	"time"

	"brink/scenario"
)

// Rolling-origin evaluation with refits: the forecast is made, as HeldOut
// makes it at one split, from each of several origins in turn, the model
// refitted at each on the record through it alone, and every forecast is
// judged on the points of the next months (Tashman 2000, "Out-of-sample tests
// of forecasting accuracy", Int. J. Forecasting 16:437–450: the
// "rolling-origin-recalibration" design). One split judges a forecast on a
// handful of independent points (a side's four series over six months move
// together); pooled over origins, the coverage of the bands rests on several
// times as many.

// OriginForecast is the forecast made at one origin: the fit there and the
// held-back points it was judged on.
type OriginForecast struct {
	Origin   time.Time
	Fit      *Result
	Rows     []HeldRow  // the held-back points within the horizon, after Origin
	Coverage []Coverage // of Rows, as HeldOut reports it at a single split
}

// RollingOrigins fits problem p's parameters at each origin, on the record
// from p.Base's start through the origin, with the given iterations, and
// forecasts the points of record that fall in the horizonDays after the
// origin (record must not go past the data the model may be judged on). It
// returns each origin's forecast and the coverage of all their held-back
// points pooled. progress, if set, is called as Problem.Run calls it, with
// the origin.
func RollingOrigins(ctx context.Context, p Problem, record *Observed, origins []time.Time, horizonDays, iterations int,
	progress func(origin time.Time, evals int, best float64)) ([]OriginForecast, []Coverage, error) {
	if err := ValidOrigins(p.Base, origins); err != nil {
		return nil, nil, err
	}
	var out []OriginForecast
	var pooled []HeldRow
	var histories []historyCounts // the simulated histories' counts, pooled over origins
	for _, o := range origins {
		obs, err := Record(p.Base.Start.Time, o, false)
		if err != nil {
			return nil, nil, err
		}
		q := p
		q.Obs = obs
		var prog func(int, float64)
		if progress != nil {
			prog = func(evals int, best float64) { progress(o, evals, best) }
		}
		res, err := q.Run(ctx, iterations, prog)
		if err != nil {
			return nil, nil, fmt.Errorf("origin %s: %w", o.Format(time.DateOnly), err)
		}
		end := o.AddDate(0, 0, horizonDays)
		rows, _, counts, err := heldOut(ctx, res.Scenario, record, o, end, p.Sim)
		if err != nil {
			return nil, nil, fmt.Errorf("origin %s: %w", o.Format(time.DateOnly), err)
		}
		// History m of every origin is pooled into one: the m-th
		// trajectory at war of each fit, drawn from the same random
		// numbers, is mostly the same world forecast from each origin
		// (where the fits differ in which trajectories are at war, the
		// pooled history joins different ones).
		histories = histories[:min(len(histories), len(counts))]
		if len(out) == 0 {
			histories = counts
		} else {
			for m := range histories {
				histories[m].add(counts[m])
			}
		}
		var kept []HeldRow
		for _, r := range rows {
			if !r.InSample && !r.Date.After(end) {
				kept = append(kept, r)
			}
		}
		out = append(out, OriginForecast{Origin: o, Fit: res, Rows: kept, Coverage: CoverageOf(kept, record.Series)})
		pooled = append(pooled, kept...)
	}
	cov := CoverageOf(pooled, record.Series)
	setCalibrated(cov, histories, record.Series)
	return out, cov, nil
}

// ValidOrigins checks that origins increase and that the first is after the
// scenario's start.
func ValidOrigins(sc *scenario.Scenario, origins []time.Time) error {
	for i, o := range origins {
		if !o.After(sc.Start.Time) {
			return fmt.Errorf("origin %s is not after the scenario's start %s", o.Format(time.DateOnly), sc.Start.Time.Format(time.DateOnly))
		}
		if i > 0 && !o.After(origins[i-1]) {
			return fmt.Errorf("origins must increase: %s after %s", o.Format(time.DateOnly), origins[i-1].Format(time.DateOnly))
		}
	}
	return nil
}
