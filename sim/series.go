package sim

// Time series of a trajectory at fixed sample days, for fan charts of the
// escalation rung, territory and losses over time (package mc aggregates
// them, package report draws them).
//
// The sample days are 0, e, 2e, … up to the horizon, and the horizon itself
// (SeriesDays), with e = SeriesEvery(horizon) a whole number of weeks: about
// forty samples over the horizon, at least a week apart. The value at sample day d is the state
// at the start of the turn of day d, that is after the turns of days 0..d−1;
// at the horizon, the state the trajectory ended in.
//
// A trajectory that ends before a sample day (settlement, capitulation,
// general nuclear war) records its final state on every later sample day:
// an ended war stays where it ended. So the distribution at a day is over all
// trajectories, with those that ended counted at their final rung, territory
// and cumulative losses; a fan chart then shows where the crises stand, not
// only the wars still being fought.
//
// The buffers are allocated once per World (with its Outcome), and the turn
// loop only compares the day with the next sample day.

// seriesSamples is about how many sample days a horizon gets.
const seriesSamples = 40

// SeriesEvery is the spacing of the sample days for a horizon of h days: a
// whole number of weeks, about h/40, at least one (28 days for three years,
// 7 for a year or less).
func SeriesEvery(h int) int {
	return 7 * max(1, (h+7*seriesSamples/2)/(7*seriesSamples))
}

// SeriesDays returns the sample days for a horizon of h days: every
// SeriesEvery(h) days from day 0, and day h (the end state at the horizon).
func SeriesDays(h int) []int {
	var d []int
	for x := 0; x < h; x += SeriesEvery(h) {
		d = append(d, x)
	}
	return append(d, h)
}

// Series is what one trajectory recorded at the sample days. Its slices are
// the World's and are overwritten by the next trajectory.
type Series struct {
	Days      []int     // the sample days (SeriesDays of the horizon); shared, read-only
	Rung      []int     // [i]: conflict rung of the principal relation at day Days[i]
	Territory []float64 // [i*NT + theatre]: share held by side a
	Losses    []float64 // [i*NF + actor*NC + category]: cumulative units lost
}

func (s *Series) init(m *Model) {
	s.Days = SeriesDays(m.Scenario.HorizonDays)
	n := len(s.Days)
	s.Rung = make([]int, n)
	s.Territory = make([]float64, n*len(m.Theatres))
	s.Losses = make([]float64, n*len(m.Actors)*len(m.Categories))
}

func (s *Series) reset() {
	clear(s.Rung)
	clear(s.Territory)
	clear(s.Losses)
}

// seriesState is a World's position in its Outcome's Series: the index of
// the next sample to take and its day (maxInt once all are taken).
type seriesState struct {
	next    int
	nextDay int
}

func (s *seriesState) reset() { s.next, s.nextDay = 0, 0 }

// takeSeries records every sample whose day has come (called from Step when
// w.Day ≥ w.ser.nextDay: a compare per turn, the copy every SeriesEvery days).
func (w *World) takeSeries() {
	days := w.Out.Series.Days
	for w.ser.next < len(days) && days[w.ser.next] <= w.Day {
		w.sample(w.ser.next)
		w.ser.next++
	}
	w.ser.nextDay = maxInt
	if w.ser.next < len(days) {
		w.ser.nextDay = days[w.ser.next]
	}
}

// finishSeries carries the final state forward to every sample not yet
// taken (called when the trajectory ends).
func (w *World) finishSeries() {
	for ; w.ser.next < len(w.Out.Series.Days); w.ser.next++ {
		w.sample(w.ser.next)
	}
	w.ser.nextDay = maxInt
}

// sample copies the current state into sample i.
func (w *World) sample(i int) {
	s := &w.Out.Series
	s.Rung[i] = w.conflictRung(w.M.Principal)
	nt := len(w.th)
	for t := range w.th {
		s.Territory[i*nt+t] = w.th[t].territory
	}
	nf := len(w.fo)
	for f := range w.fo {
		s.Losses[i*nf+f] = w.fo[f].lost
	}
}

const maxInt = int(^uint(0) >> 1)
