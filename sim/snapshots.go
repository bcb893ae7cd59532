package sim

import "fmt"

// Snapshots of cumulative losses at chosen days, for calibration against
// dated data (package calibrate). Off by default: a World records nothing
// until RecordLossesAt is called, and then only copies its losses into a
// buffer allocated once, at the start of the turns it was asked for.

// snapshots is a World's recording: the days asked for, in increasing order,
// and for each the cumulative losses [actor*NC + category] at the start of
// that day's turn (so through the end of the day before), whether the
// trajectory reached it, and whether its principal relation then stood at a
// combat rung.
type snapshots struct {
	days    []int
	next    int // index of the next day to record
	reached []bool
	atWar   []bool
	lost    []float64 // [i*len(fo) + actor*NC + category]
	terr    []float64 // [i*NT + theatre]: share held by side a
}

// RecordLossesAt makes w record, in every trajectory it runs from now on,
// the cumulative losses of every actor and category at each of days (days
// since the start, strictly increasing): the losses of the turns before day
// d, that is the cumulative losses on the date Start+d−1 at midnight. An
// empty days stops recording. It allocates here, and nothing per trajectory.
func (w *World) RecordLossesAt(days []int) {
	if len(days) == 0 {
		w.snap = nil
		return
	}
	for i := 1; i < len(days); i++ {
		if days[i] <= days[i-1] {
			panic(fmt.Sprintf("sim: RecordLossesAt: days not strictly increasing: %v", days))
		}
	}
	w.snap = &snapshots{
		days:    append([]int(nil), days...),
		reached: make([]bool, len(days)),
		atWar:   make([]bool, len(days)),
		lost:    make([]float64, len(days)*len(w.fo)),
		terr:    make([]float64, len(days)*len(w.th)),
	}
}

// LossesAt returns, for the last trajectory of w, the cumulative losses
// [actor*NC + category] at the i-th day given to RecordLossesAt, and whether
// the war was still going on then: the trajectory had not ended and its
// principal relation stood at a combat rung. If the trajectory ended before
// that day it returns nil, false. The slice is w's and is overwritten by the
// next trajectory.
func (w *World) LossesAt(i int) (lost []float64, atWar bool) {
	s := w.snap
	nf := len(w.fo)
	if s.reached[i] {
		return s.lost[i*nf : (i+1)*nf], s.atWar[i]
	}
	// Run stops at the horizon without starting the turn of its day: the
	// losses then are the final ones.
	if w.done && w.Out.End == EndFrozen && w.Out.Days == s.days[i] {
		return w.Out.Losses, w.principalAtWar()
	}
	return nil, false
}

// TerritoryAt returns, for the last trajectory of w, the share of each
// theatre held by its side a at the i-th day given to RecordLossesAt. A
// trajectory that ended before that day holds the ground it ended with (an
// ended war stays where it ended). The slice is w's.
func (w *World) TerritoryAt(i int) []float64 {
	s := w.snap
	nt := len(w.th)
	if s.reached[i] {
		return s.terr[i*nt : (i+1)*nt]
	}
	return w.Out.Territory
}

// record is called at the start of every turn (see World.Step): a nil check
// (inlined) unless recording.
func (s *snapshots) record(w *World) {
	if s != nil {
		s.take(w)
	}
}

// take copies the losses on the days asked for.
func (s *snapshots) take(w *World) {
	if w.Day == 0 { // a new trajectory
		s.next = 0
		clear(s.reached)
	}
	if s.next >= len(s.days) || w.Day < s.days[s.next] {
		return
	}
	for s.next < len(s.days) && s.days[s.next] <= w.Day {
		i := s.next
		nf := len(w.fo)
		buf := s.lost[i*nf : (i+1)*nf]
		for j := range w.fo {
			buf[j] = w.fo[j].lost
		}
		for t := range w.th {
			s.terr[i*len(w.th)+t] = w.th[t].territory
		}
		s.reached[i], s.atWar[i] = true, w.principalAtWar()
		s.next++
	}
}

// principalAtWar reports whether the principal relation stands at a combat
// rung (every compiled model has one).
func (w *World) principalAtWar() bool {
	return w.rungs[w.conflictRung(w.M.Principal)].combat
}

// RunUntil simulates the trajectory as Run does, but stops once the turn of
// day has begun (so the losses at day are recorded) if it has not ended
// before. It returns the outcome so far, final only if the trajectory ended.
func (w *World) RunUntil(day int) *Outcome {
	for !w.done && w.Day <= day {
		if w.Day >= w.M.Scenario.HorizonDays {
			w.end(EndFrozen, -1)
			break
		}
		w.Step()
	}
	return &w.Out
}
