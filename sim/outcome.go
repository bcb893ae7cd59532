package sim

import (
	"fmt"
	"strconv"
)

// EndKind is how a trajectory ended. Exactly one holds for each trajectory.
type EndKind int

const (
	EndFrozen       EndKind = iota // the horizon came with the conflict unresolved
	EndSettlement                  // both principals accepted a split in the bargaining range
	EndCapitulation                // a principal side's combat power collapsed
	EndNuclearWar                  // general nuclear war
	NumEnds
)

var endNames = [...]string{"frozen", "settlement", "capitulation", "general_nuclear_war"}

func (e EndKind) String() string { return endNames[e] }

// UseKind tells how a first nuclear use came about.
type UseKind int

const (
	UseNone          UseKind = iota
	UseDeliberate            // chosen by the leadership
	UseFalseAlarm            // a launch on a false warning that got through the chain
	UseUnauthorised          // unauthorised or accidental detonation
	UseLossOfControl         // a conflict spiralled out of control (see spiral.go)
	NumUseKinds
)

var useNames = [...]string{"none", "deliberate", "false_alarm", "unauthorised", "loss_of_control"}

func (u UseKind) String() string { return useNames[u] }

// Inadvertent reports whether the use was not chosen by the leadership.
func (u UseKind) Inadvertent() bool {
	return u == UseFalseAlarm || u == UseUnauthorised || u == UseLossOfControl
}

// MaxPath bounds the escalation path kept per trajectory (a ladder has at
// most this many rungs that matter; longer paths keep their first rungs).
const MaxPath = 16

// PathString writes the first n rungs of the path as "6>7>9".
func (o *Outcome) PathString(n int) string {
	var b []byte
	for i := range min(n, o.PathLen) {
		if i > 0 {
			b = append(b, '>')
		}
		b = strconv.AppendInt(b, int64(o.Path[i]), 10)
	}
	return string(b)
}

// Outcome is what one trajectory produced.
type Outcome struct {
	End      EndKind
	EndActor int // the actor that capitulated, or -1
	Days     int // duration

	HighestRung int
	// Path is the escalation path: the highest conflict rung at the start,
	// then each new highest rung in the order reached (up to MaxPath rungs).
	// PathAtUse is how much of it had been climbed at the first nuclear use.
	Path      [MaxPath]int8
	PathLen   int
	PathAtUse int

	DirectWar    bool // combat between actors of different coalitions outside the principal dyad
	DirectWarDay int

	NuclearUse   bool
	FirstUseDay  int
	FirstUseBy   int
	FirstUseKind UseKind
	Uses         int // nuclear-use events (rung crossings)

	// Responses to nuclear use (retaliation.go) and damage (damage.go).
	Response        int8      // branch of the first doctrine response drawn (BranchAssured …), or −1
	Responses       int       // doctrine responses drawn
	Interventions   int       // third parties that stepped in after a use
	DownAfterStrike int       // step downs within a week of a strike on a nuclear power that its drawn branch did not allow (always 0)
	Casualties      []float64 // per actor: millions killed by nuclear strikes
	SanctionsAtUse  int       // members of the sanctions coalition at the first use, or −1
	TargetLostAtUse float64   // the sanctions target's GDP lost at the first use, US$ trillions

	Alarms       int // false alarms
	AlarmsPassed int // false alarms that reached the leadership

	// Threats (the signal option), by every actor toward every opponent, and
	// how the next epoch judged them (belief.go); those still running at the
	// end are in Threats alone.
	Threats        int
	ThreatsCarried int // carried out: the threatener stood on the rung it threatened
	ThreatsHeeded  int // heeded: the target stepped down
	ThreatsCalled  int // defied and not carried out: bluffs called

	Ceasefires int // ceasefires agreed between parties other than the principals (ceasefire.go)

	Territory []float64 // per theatre: share held by side a at the end
	Losses    []float64 // [actor*NC + category]: units lost
	Active    []float64 // [actor*NC + category]: units in service at the end
	Quality   []float64 // [actor*NC + category]: mean quality of the units in service at the end (vintage.go)

	// The world around the war (see worldstate.go); all per actor unless said.
	GDPLost       []float64    // cumulative GDP lost against the path without the crisis, US$ trillions
	SanctionsSize int          // members of the sanctions coalition at the end
	SanctionsMax  int          // most members at any world step
	Applied       []int8       // alliance applied to in the trajectory, or -1
	Joined        []int8       // alliance joined in the trajectory, or -1
	JoinDay       []int        // day it joined, or -1
	Prolif        []int8       // proliferation state at the end (ProlifNone …)
	ProgrammeDay  []int        // day a programme started, or -1
	RegimeChanges []int8       // changes of leadership
	RegimeKind    []RegimeKind // how the first change came
	RegimeDay     []int        // day of the first change, or -1
	Credibility   []float64    // per alliance: credibility of its guarantee at the end

	Series Series // the state at fixed sample days (see series.go)
}

func (o *Outcome) init(m *Model) {
	na := len(m.Actors)
	o.Territory = make([]float64, len(m.Theatres))
	o.Losses = make([]float64, na*len(m.Categories))
	o.Active = make([]float64, na*len(m.Categories))
	o.Quality = make([]float64, na*len(m.Categories))
	o.GDPLost = make([]float64, na)
	o.Casualties = make([]float64, na)
	o.Applied, o.Joined, o.Prolif, o.RegimeChanges = make([]int8, na), make([]int8, na), make([]int8, na), make([]int8, na)
	o.JoinDay, o.ProgrammeDay, o.RegimeDay = make([]int, na), make([]int, na), make([]int, na)
	o.RegimeKind = make([]RegimeKind, na)
	o.Credibility = make([]float64, len(m.W.alliances))
	o.Series.init(m)
}

func (o *Outcome) reset() {
	p := *o
	*o = Outcome{EndActor: -1, FirstUseDay: -1, FirstUseBy: -1, DirectWarDay: -1, Response: -1, SanctionsAtUse: -1,
		Territory: p.Territory, Losses: p.Losses, Active: p.Active, Quality: p.Quality, GDPLost: p.GDPLost, Casualties: p.Casualties,
		Applied: p.Applied, Joined: p.Joined, JoinDay: p.JoinDay, Prolif: p.Prolif, ProgrammeDay: p.ProgrammeDay,
		RegimeChanges: p.RegimeChanges, RegimeKind: p.RegimeKind, RegimeDay: p.RegimeDay, Credibility: p.Credibility, Series: p.Series}
	o.Series.reset()
	clear(o.Territory)
	clear(o.Losses)
	clear(o.Active)
	clear(o.Quality)
	clear(o.GDPLost)
	clear(o.Casualties)
	clear(o.Prolif)
	clear(o.RegimeChanges)
	clear(o.RegimeKind)
	clear(o.Credibility)
	for _, s := range [][]int8{o.Applied, o.Joined} {
		for i := range s {
			s[i] = -1
		}
	}
	for _, s := range [][]int{o.JoinDay, o.ProgrammeDay, o.RegimeDay} {
		for i := range s {
			s[i] = -1
		}
	}
}

func (o *Outcome) endText(m *Model) string {
	switch o.End {
	case EndSettlement:
		return "the principals settle; the war ends"
	case EndCapitulation:
		return fmt.Sprintf("%s capitulates: its forces in the field have collapsed or its ground is lost", m.Actors[o.EndActor])
	case EndNuclearWar:
		return "general nuclear war"
	default:
		if m.Scenario.Ladder[o.HighestRung].Combat {
			return "the horizon is reached with the conflict unresolved: a frozen war"
		}
		return "the horizon is reached with the crisis unresolved but contained"
	}
}

// CopyTo copies o into dst, reusing dst's slices where they are large
// enough: dst shares nothing with o afterwards.
func (o *Outcome) CopyTo(dst *Outcome) {
	keep := *dst
	*dst = *o
	dst.Territory = append(keep.Territory[:0], o.Territory...)
	dst.Losses = append(keep.Losses[:0], o.Losses...)
	dst.Active = append(keep.Active[:0], o.Active...)
	dst.Quality = append(keep.Quality[:0], o.Quality...)
	dst.GDPLost = append(keep.GDPLost[:0], o.GDPLost...)
	dst.Casualties = append(keep.Casualties[:0], o.Casualties...)
	dst.Applied = append(keep.Applied[:0], o.Applied...)
	dst.Joined = append(keep.Joined[:0], o.Joined...)
	dst.JoinDay = append(keep.JoinDay[:0], o.JoinDay...)
	dst.Prolif = append(keep.Prolif[:0], o.Prolif...)
	dst.ProgrammeDay = append(keep.ProgrammeDay[:0], o.ProgrammeDay...)
	dst.RegimeChanges = append(keep.RegimeChanges[:0], o.RegimeChanges...)
	dst.RegimeKind = append(keep.RegimeKind[:0], o.RegimeKind...)
	dst.RegimeDay = append(keep.RegimeDay[:0], o.RegimeDay...)
	dst.Credibility = append(keep.Credibility[:0], o.Credibility...)
	dst.Series.Rung = append(keep.Series.Rung[:0], o.Series.Rung...)
	dst.Series.Territory = append(keep.Series.Territory[:0], o.Series.Territory...)
	dst.Series.Losses = append(keep.Series.Losses[:0], o.Series.Losses...)
}
