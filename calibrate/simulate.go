package calibrate

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"brink/mc"
	"brink/scenario"
	"brink/sim"
)

// Options of a simulation.
type Options struct {
	N       int    // trajectories
	Seed    uint64 // master seed: trajectory k draws from mc.StreamKey(hash, Seed, k)
	Workers int    // goroutines; 0 = GOMAXPROCS
	Observe Visibility
}

// Visibility is the observation model of a loss count that misses some of
// the true losses (Oryx counts only what is photographed): observed = true ×
// u × e^(σ·z), u uniform in [MinFraction, 1], z standard normal. The zero
// value observes the true losses exactly. The marginal law at each date is
// what the fit scores; u and z are drawn per trajectory and series (a hash of
// both), so every evaluation of a fit sees the same draws. Over time z is an
// AR(1) of correlation time ErrorDays, which matters only to a forecast given
// an earlier count (HeldOut).
type Visibility struct {
	MinFraction float64 // the least share of the true losses the count records (0: all, exactly)
	SD          float64 // σ of the log error (double counts, misclassification, reporting lags)
	ErrorDays   float64 // correlation time of the drifting part of the log error, days (0: HeldOut chooses it and DriftSD from the in-sample record)
	DriftSD     float64 // sd of the drifting part of the log error (0: SD, all of it)
}

// driftSD is the sd of the drifting part of the log error.
func (v Visibility) driftSD() float64 {
	if v.DriftSD > 0 {
		return v.DriftSD
	}
	return v.SD
}

// errorDays is the correlation time of the log error.
func (v Visibility) errorDays() float64 {
	if v.ErrorDays > 0 {
		return v.ErrorDays
	}
	return 365
}

// normal maps x to a standard normal number.
func normal(x uint64) float64 { return math.Sqrt2 * math.Erfinv(2*unit(x)-1) }

// OryxVisibility is the observation model of the Oryx counts, the same as
// ukraine-2022's record says (a test checks): between 60 % and all of the
// true losses, with a log error of 0.1 that drifts over about six months as
// reporting lags and the front's coverage change (judgement).
var OryxVisibility = Visibility{MinFraction: 0.6, SD: 0.1}

// factor is u·e^(σz) for trajectory k and series i.
func (v Visibility) factor(k, i int) float64 {
	if v.MinFraction <= 0 && v.SD == 0 {
		return 1
	}
	u := v.MinFraction + (1-v.MinFraction)*unit(uint64(k)<<8|uint64(2*i))
	z := normal(uint64(k)<<8 | uint64(2*i+1))
	return u * math.Exp(v.SD*z)
}

// unit maps x to a uniform number in (0, 1) by the splitmix64 finaliser.
func unit(x uint64) float64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	x ^= x >> 31
	return (float64(x>>11) + 0.5) / (1 << 53)
}

// Band summarises the simulated values of one series at one date: for losses,
// the cumulative losses over the trajectories still at war then (not ended,
// principal relation at a combat rung); for territory, the share held over
// every trajectory (an ended war holds the ground it ended with).
type Band struct {
	AtWar                      int     // trajectories counted
	P10, P25, Median, P75, P90 float64 // quantiles over them (NaN if none)
	sorted                     []float64
	cum                        []float64 // cumulative weights of sorted, nil if unweighted
	paths                      []float64 // the values in trajectory order, NaN where not counted (Simulate's bands only)
}

// PIT is the probability integral transform of an observation y: the share
// of the simulated values below it, ties counted half (mc.PIT), so a
// well-calibrated forecast gives PITs spread evenly over [0, 1]. In a
// weighted band the shares are of the weights.
func (b Band) PIT(y float64) float64 {
	if b.cum == nil {
		return mc.PIT(b.sorted, y)
	}
	var below, tie float64
	for i, x := range b.sorted {
		w := b.cum[i]
		if i > 0 {
			w -= b.cum[i-1]
		}
		switch {
		case x < y:
			below += w
		case x == y:
			tie += w
		}
	}
	return (below + tie/2) / b.cum[len(b.cum)-1]
}

// newWeightedBand summarises values xs with weights ws (positive): the
// quantile q is read off the weighted CDF through the midpoints of the
// weights, (W_<i + w_i/2)/W at the i-th smallest value, linear between
// them.
func newWeightedBand(xs, ws []float64) Band {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(xs[a], xs[b]) })
	b := Band{AtWar: len(xs), sorted: make([]float64, len(xs)), cum: make([]float64, len(xs))}
	var c float64
	for i, j := range idx {
		b.sorted[i] = xs[j]
		c += ws[j]
		b.cum[i] = c
	}
	q := func(p float64) float64 {
		n := len(b.sorted)
		if n == 0 {
			return math.NaN()
		}
		prev, prevX := 0.0, b.sorted[0]
		for i, x := range b.sorted {
			lo := 0.0
			if i > 0 {
				lo = b.cum[i-1]
			}
			mid := (lo + b.cum[i]) / 2 / c
			if mid >= p {
				if i == 0 || mid == prev {
					return x
				}
				return prevX + (x-prevX)*(p-prev)/(mid-prev)
			}
			prev, prevX = mid, x
		}
		return b.sorted[n-1]
	}
	b.P10, b.P25, b.Median, b.P75, b.P90 = q(0.1), q(0.25), q(0.5), q(0.75), q(0.9)
	return b
}

// DayOf is the day whose start the snapshot of date d is taken at: the
// losses through the end of d (the trajectory starts at day 0 on start).
func DayOf(start, d time.Time) int {
	return int(math.Round(d.Sub(start).Hours()/24)) + 1
}

// Simulate runs opt.N trajectories of sc, each until the last date or its
// end, and summarises the losses of every series at every date. Trajectory k
// is the one brink run would run (same stream key), cut at the last date.
// The result does not depend on the number of workers.
func Simulate(ctx context.Context, sc *scenario.Scenario, dates []time.Time, series []Series, opt Options) ([][]Band, error) {
	vals, err := simulate(ctx, sc, dates, series, opt)
	if err != nil {
		return nil, err
	}
	n, ns, nd := opt.N, len(series), len(dates)
	bands := make([][]Band, ns)
	for i := range ns {
		bands[i] = make([]Band, nd)
		for j := range nd {
			paths := vals[(i*nd+j)*n : (i*nd+j+1)*n]
			v := slices.DeleteFunc(slices.Clone(paths), math.IsNaN)
			slices.Sort(v)
			bands[i][j] = newBand(v)
			bands[i][j].paths = paths
		}
	}
	return bands, nil
}

// newBand summarises sorted values.
func newBand(v []float64) Band {
	return Band{AtWar: len(v), P10: mc.QuantileSorted(v, 0.1), P25: mc.QuantileSorted(v, 0.25), Median: mc.QuantileSorted(v, 0.5),
		P75: mc.QuantileSorted(v, 0.75), P90: mc.QuantileSorted(v, 0.9), sorted: v}
}

// simulate runs the trajectories of Simulate and returns their values:
// vals[(i*nd + j)*n + k] for series i, date j, trajectory k; NaN where the
// trajectory is not at war (losses).
func simulate(ctx context.Context, sc *scenario.Scenario, dates []time.Time, series []Series, opt Options) ([]float64, error) {
	m, err := sim.Compile(sc)
	if err != nil {
		return nil, err
	}
	days := make([]int, len(dates))
	for i, d := range dates {
		// A date at or past the end of the horizon is read at the horizon.
		days[i] = min(DayOf(sc.Start.Time, d), sc.HorizonDays)
		if days[i] < 1 || i > 0 && days[i] <= days[i-1] {
			return nil, fmt.Errorf("dates must be after %s and increasing", sc.Start.Time.Format(time.DateOnly))
		}
	}
	// Index of each series in Outcome-style [actor*NC + category] slices,
	// or for territory the theatre, and the side the actor is on there.
	idx := make([]int, len(series))
	side := make([]int, len(series))
	for i, s := range series {
		if s.Theatre != "" {
			t := slices.IndexFunc(m.Theatres, func(th sim.TheatreSpec) bool { return th.ID == s.Theatre })
			a := slices.Index(m.Actors, s.Actor)
			if t < 0 || a < 0 {
				return nil, fmt.Errorf("scenario %s has no theatre %q or no actor %q", sc.ID, s.Theatre, s.Actor)
			}
			switch {
			case slices.Contains(m.Theatres[t].Actors[0], a):
				idx[i], side[i] = t, 0
			case slices.Contains(m.Theatres[t].Actors[1], a):
				idx[i], side[i] = t, 1
			default:
				return nil, fmt.Errorf("actor %s does not fight in theatre %s", s.Actor, s.Theatre)
			}
			continue
		}
		a, c := slices.Index(m.Actors, s.Actor), slices.Index(m.Categories, s.Category)
		if a < 0 || c < 0 {
			return nil, fmt.Errorf("scenario %s has no actor %q or no category %q", sc.ID, s.Actor, s.Category)
		}
		idx[i] = a*len(m.Categories) + c
	}
	n := opt.N
	ns, nd := len(series), len(days)
	// vals[(i*nd + j)*n + k]: series i, date j, trajectory k; NaN if not at war.
	vals := make([]float64, ns*nd*n)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(n, 1))
	last := days[nd-1]
	var wg sync.WaitGroup
	for g := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := sim.NewWorld(m)
			w.RecordLossesAt(days)
			for k := g; k < n; k += workers {
				if k%64 == 0 && ctx.Err() != nil {
					return
				}
				w.Reset(mc.StreamKey(sc.Hash, opt.Seed, int64(k)))
				w.RunUntil(last)
				for j := range nd {
					lost, atWar := w.LossesAt(j)
					terr := w.TerritoryAt(j)
					for i := range ns {
						x := math.NaN()
						switch {
						case series[i].Theatre != "":
							x = terr[idx[i]]
							if side[i] == 1 {
								x = 1 - x
							}
						case atWar && series[i].Estimate: // its error is scored in closed form (crpsLognormalMix)
							x = lost[idx[i]]
						case atWar:
							x = lost[idx[i]] * opt.Observe.factor(k, i)
						}
						vals[(i*nd+j)*n+k] = x
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return vals, nil
}
