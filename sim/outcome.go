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

	Alarms       int // false alarms
	AlarmsPassed int // false alarms that reached the leadership

	Territory []float64 // per theatre: share held by side a at the end
	Losses    []float64 // [actor*NC + category]: units lost
	Active    []float64 // [actor*NC + category]: units in service at the end

	Series Series // the state at fixed sample days (see series.go)
}

func (o *Outcome) init(m *Model) {
	o.Territory = make([]float64, len(m.Theatres))
	o.Losses = make([]float64, len(m.Actors)*len(m.Categories))
	o.Active = make([]float64, len(m.Actors)*len(m.Categories))
	o.Series.init(m)
}

func (o *Outcome) reset() {
	t, l, a := o.Territory, o.Losses, o.Active
	s := o.Series
	*o = Outcome{EndActor: -1, FirstUseDay: -1, FirstUseBy: -1, DirectWarDay: -1, Territory: t, Losses: l, Active: a}
	clear(t)
	clear(l)
	clear(a)
	o.Series = s
	o.Series.reset()
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
