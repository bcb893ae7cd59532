package mc

import (
	"brink/sim"
)

// Result aggregates the outcomes of many trajectories. Everything in it is an
// integer count, so it merges exactly and in any order.
type Result struct {
	Model     *sim.Model
	Seed      uint64
	Requested int64
	Partial   bool

	N    int64  // trajectories done
	Done Ranges // which ones

	Ends        [sim.NumEnds]int64
	Capitulated []int64 // per actor
	DirectWar   int64
	Ceasefire   int64 // trajectories in which parties other than the principals agreed a ceasefire
	NuclearUse  int64
	FirstKind   [sim.NumUseKinds]int64
	FirstBy     []int64 // per actor

	FirstUse            *Incidence // any first nuclear use, by day
	FirstUseDeliberate  *Incidence
	FirstUseInadvertent *Incidence

	Duration    *Hist   // days
	HighestRung *Hist   // rung index
	Territory   []*Hist // per theatre: share held by side a at the end
	Losses      []*Hist // per actor × category: units lost
	Alarms      int64
	AlarmsToTop int64
	// Threats made, and of them carried out, heeded and called (sim.Outcome).
	Threats, ThreatsCarried, ThreatsHeeded, ThreatsCalled int64

	World    *WorldResult          // the world around the war, or nil (world.go)
	AfterUse *AfterUse             // what follows a first nuclear use (afteruse.go)
	Series   *Series               // per sample day: rung, territory, losses (see series.go)
	Paths    map[PathKey]PathCount // paths to nuclear use (see series.go)
}

// NewResult makes an empty result for model m.
func NewResult(m *sim.Model) *Result {
	h := m.Scenario.HorizonDays
	r := &Result{Model: m,
		Capitulated:         make([]int64, len(m.Actors)),
		FirstBy:             make([]int64, len(m.Actors)),
		FirstUse:            NewIncidence(h),
		FirstUseDeliberate:  NewIncidence(h),
		FirstUseInadvertent: NewIncidence(h),
		Duration:            NewIntHist(h),
		HighestRung:         NewIntHist(m.Top),
	}
	for range m.Theatres {
		r.Territory = append(r.Territory, NewLinearHist(0, 1, 10000))
	}
	for range len(m.Actors) * len(m.Categories) {
		r.Losses = append(r.Losses, NewLogHist(1, 1e7, 100))
	}
	r.World = newWorldResult(m)
	r.AfterUse = newAfterUse(m)
	r.Series, r.Paths = newSeries(m), map[PathKey]PathCount{}
	return r
}

// Add counts one trajectory whose index is not known (its path to nuclear
// use then has no example; see AddAt).
func (r *Result) Add(o *sim.Outcome) { r.AddAt(-1, o) }

// AddAt counts trajectory k. It allocates nothing, except to count a path to
// nuclear use not seen before.
func (r *Result) AddAt(k int64, o *sim.Outcome) {
	r.N++
	r.Ends[o.End]++
	if o.End == sim.EndCapitulation && o.EndActor >= 0 {
		r.Capitulated[o.EndActor]++
	}
	if o.DirectWar {
		r.DirectWar++
	}
	if o.Ceasefires > 0 {
		r.Ceasefire++
	}
	if o.NuclearUse {
		r.NuclearUse++
		r.FirstKind[o.FirstUseKind]++
		r.FirstBy[o.FirstUseBy]++
		r.FirstUse.Event(o.FirstUseDay)
		if o.FirstUseKind.Inadvertent() {
			r.FirstUseInadvertent.Event(o.FirstUseDay)
			r.FirstUseDeliberate.Censored()
		} else {
			r.FirstUseDeliberate.Event(o.FirstUseDay)
			r.FirstUseInadvertent.Censored()
		}
	} else {
		r.FirstUse.Censored()
		r.FirstUseDeliberate.Censored()
		r.FirstUseInadvertent.Censored()
	}
	r.Duration.Add(float64(o.Days))
	r.HighestRung.Add(float64(o.HighestRung))
	for i, t := range o.Territory {
		r.Territory[i].Add(t)
	}
	for i, l := range o.Losses {
		r.Losses[i].Add(l)
	}
	r.Alarms += int64(o.Alarms)
	r.AlarmsToTop += int64(o.AlarmsPassed)
	r.Threats += int64(o.Threats)
	r.ThreatsCarried += int64(o.ThreatsCarried)
	r.ThreatsHeeded += int64(o.ThreatsHeeded)
	r.ThreatsCalled += int64(o.ThreatsCalled)
	if r.World != nil {
		r.World.add(o)
	}
	r.AfterUse.add(r.Model, o)
	r.Series.add(&o.Series)
	addPath(r.Paths, o, k)
}

// Merge adds o into r. Both must come from the same model.
func (r *Result) Merge(o *Result) {
	r.N += o.N
	r.Requested += o.Requested
	r.Partial = r.Partial || o.Partial
	r.Done = append(r.Done, o.Done...).normalize()
	for i := range r.Ends {
		r.Ends[i] += o.Ends[i]
	}
	for i := range r.Capitulated {
		r.Capitulated[i] += o.Capitulated[i]
		r.FirstBy[i] += o.FirstBy[i]
	}
	r.DirectWar += o.DirectWar
	r.Ceasefire += o.Ceasefire
	r.NuclearUse += o.NuclearUse
	for i := range r.FirstKind {
		r.FirstKind[i] += o.FirstKind[i]
	}
	must(r.FirstUse.Merge(o.FirstUse))
	must(r.FirstUseDeliberate.Merge(o.FirstUseDeliberate))
	must(r.FirstUseInadvertent.Merge(o.FirstUseInadvertent))
	must(r.Duration.Merge(o.Duration))
	must(r.HighestRung.Merge(o.HighestRung))
	for i := range r.Territory {
		must(r.Territory[i].Merge(o.Territory[i]))
	}
	for i := range r.Losses {
		must(r.Losses[i].Merge(o.Losses[i]))
	}
	r.Alarms += o.Alarms
	r.AlarmsToTop += o.AlarmsToTop
	r.Threats += o.Threats
	r.ThreatsCarried += o.ThreatsCarried
	r.ThreatsHeeded += o.ThreatsHeeded
	r.ThreatsCalled += o.ThreatsCalled
	if r.World != nil {
		r.World.merge(o.World)
	}
	r.AfterUse.merge(o.AfterUse)
	r.Series.merge(o.Series)
	mergePaths(r.Paths, o.Paths)
}

// must panics on a layout mismatch, which only a programming error can cause:
// both results are made by NewResult from the same model.
func must(err error) {
	if err != nil {
		panic(err)
	}
}
