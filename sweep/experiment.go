package sweep

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"brink/mc"
	"brink/results"
	"brink/scenario"
	"brink/sim"
)

// Designs are the designs a sweep of a scenario can use, with the default
// number of points of each: base rows (sobol), trajectories (morris), points
// (lhs), levels per parameter (grid).
var Designs = map[string]int{"sobol": 32, "morris": 10, "lhs": 50, "grid": 5}

const (
	// Bootstrap is the number of resamples for the Sobol' intervals.
	Bootstrap = 1000
	// MorrisLevels is the number of grid levels of a Morris design.
	MorrisLevels = 4
	// TailP is the quantile standing in for −∞ (and 1 − it for +∞).
	TailP = 0.001
	// MaxPoints bounds the points of a design.
	MaxPoints = 1 << 20
	// Format is the manifest format of a kept sweep.
	Format = results.SweepFormat
)

// Input is one parameter of a sweep of a scenario: a field path with a
// range, or with the scenario's own distribution for it.
type Input struct {
	Path   string
	Ranged bool
	Lo, Hi float64        // the range, if Ranged
	Dist   scenario.Value // the distribution, if not
}

// At maps the design coordinate u in [0, 1] to the parameter's value: linear
// over a range, the u-quantile of a distribution (the TailP quantiles stand in
// for the infinite ends of an unbounded one).
func (p *Input) At(u float64) float64 {
	if p.Ranged {
		return min(max(p.Lo+u*(p.Hi-p.Lo), p.Lo), p.Hi)
	}
	x := p.Dist.Quantile(u)
	if math.IsInf(x, 0) {
		x = p.Dist.Quantile(min(max(u, TailP), 1-TailP))
	}
	return x
}

// Over says what the parameter varies over, for the report.
func (p *Input) Over() string {
	if p.Ranged {
		return fmtG(p.Lo) + ":" + fmtG(p.Hi)
	}
	return p.Dist.String()
}

func fmtG(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// ParseInput reads "path" or "path=lo:hi".
func ParseInput(s string) (Input, error) {
	path, rng, hasRange := strings.Cut(s, "=")
	p := Input{Path: strings.TrimSpace(path)}
	if p.Path == "" {
		return p, fmt.Errorf("-params %q: expected a field path, e.g. actors.RUS.politics.resolve or ladder[7].cost=0:0.01", s)
	}
	if !hasRange {
		return p, nil
	}
	los, his, ok := strings.Cut(rng, ":")
	if !ok {
		return p, fmt.Errorf("-params %s: expected a range lo:hi after =, got %q", p.Path, rng)
	}
	lo, err1 := scenario.ParseValue(los)
	hi, err2 := scenario.ParseValue(his)
	if err1 != nil || err2 != nil || !lo.IsConst() || !hi.IsConst() {
		return p, fmt.Errorf("-params %s: expected a range of two numbers lo:hi, got %q", p.Path, rng)
	}
	if !(lo.P[0] < hi.P[0]) {
		return p, fmt.Errorf("-params %s: the range %s needs lo < hi", p.Path, rng)
	}
	p.Ranged, p.Lo, p.Hi = true, lo.P[0], hi.P[0]
	return p, nil
}

// InputError is a parameter the scenario cannot vary. Usage says whether the
// command's usage would help (a missing range) or not (a scenario problem).
type InputError struct {
	Msg   string
	Usage bool
}

func (e *InputError) Error() string { return e.Msg }

// Resolve checks the inputs against the scenario: each path must name a
// value the file holds, an input without a range must be a distribution
// (which it then takes), and the scenario must accept the inputs at both
// ends of the design. The error is an *InputError.
func Resolve(sc *scenario.Scenario, inputs []Input) error {
	for i := range inputs {
		p := &inputs[i]
		v, err := sc.ValueAt(p.Path)
		if err != nil {
			return &InputError{Msg: fmt.Sprintf("-params %s:\n%v", p.Path, err)}
		}
		// A value that comes from a default section the file leaves out (the
		// default ladder) can be read but not set: the file has no place for it.
		if _, err := sc.WithValues(map[string]float64{p.Path: v.Mean()}); err != nil && v.Pos.Line == 0 {
			return &InputError{Msg: fmt.Sprintf("-params %s:\n%v\n%s is not in the scenario file (a default applies); write it out in the file to vary it", p.Path, err, p.Path)}
		}
		if !p.Ranged {
			if v.IsConst() {
				where := ""
				if v.Pos.Line > 0 {
					where = " at " + v.Pos.String()
				} else {
					where = " (by default)"
				}
				return &InputError{Msg: fmt.Sprintf("-params %s is the constant %s%s; give a range: %s=lo:hi", p.Path, v, where, p.Path), Usage: true}
			}
			p.Dist = v
		}
	}
	// The scenario must accept the parameters at the ends of the design.
	for _, u := range []float64{0, 1} {
		vals := map[string]float64{}
		for i := range inputs {
			vals[inputs[i].Path] = inputs[i].At(u)
		}
		if err := checkPoint(sc, vals); err != nil {
			return &InputError{Msg: fmt.Sprintf("the scenario with the parameters at the %s end of their ranges:\n%v", map[float64]string{0: "low", 1: "high"}[u], err)}
		}
	}
	return nil
}

// checkPoint builds and compiles the scenario with the given values.
func checkPoint(sc *scenario.Scenario, vals map[string]float64) error {
	s, err := sc.WithValues(vals)
	if err != nil {
		return err
	}
	_, err = sim.Compile(s)
	return err
}

// Experiment is the design of a sweep on the unit cube, and how to read it.
type Experiment struct {
	Name   string
	U      [][]float64
	Unit   int // points per complete unit: d+2 (a Sobol' base row), d+1 (a Morris trajectory), 1
	Layout Layout
	Morris *Morris
	Levels int
}

// NewExperiment makes the design called name (one of Designs) for d inputs
// with the given number of points, its random draws from seed.
func NewExperiment(name string, d, points int, seed uint64) (*Experiment, error) {
	r := rand.New(rand.NewPCG(seed, 0x73776565702d64)) // "sweep-d"
	sd := &Experiment{Name: name, Unit: 1}
	switch name {
	case "sobol":
		u, l, err := SaltelliDesign(d, points)
		if err != nil {
			return nil, err
		}
		sd.U, sd.Layout, sd.Unit = u, l, d+2
	case "morris":
		m, err := MorrisDesign(r, d, points, MorrisLevels)
		if err != nil {
			return nil, err
		}
		sd.U, sd.Morris, sd.Unit, sd.Levels = m.Points, m, d+1, MorrisLevels
	case "lhs":
		sd.U = LatinHypercube(r, points, d)
	case "grid":
		n := 1
		for range d {
			if n > MaxPoints/points {
				return nil, fmt.Errorf("a grid of %d levels for %d parameters has more than %d points; use lhs, sobol or morris", points, d, MaxPoints)
			}
			n *= points
		}
		sd.U, sd.Levels = Grid(d, points), points
	default:
		return nil, fmt.Errorf("unknown design %q; expected sobol, morris, lhs or grid", name)
	}
	if len(sd.U) > MaxPoints {
		return nil, fmt.Errorf("the design has %d points, more than %d", len(sd.U), MaxPoints)
	}
	return sd, nil
}

// UnitName names a complete unit of the design, for messages.
func (e *Experiment) UnitName() string {
	switch e.Name {
	case "sobol":
		return "base row of the design"
	case "morris":
		return "Morris trajectory"
	}
	return "point"
}

// Outcome is the outcome a sweep follows, read from a run's summary.
type Outcome struct {
	Name, Label string
}

// FindOutcome finds the outcome called name among the ends and events that a
// summary of model m reports, or "capitulation" (by anyone).
func FindOutcome(m *sim.Model, name string) (Outcome, error) {
	sum := mc.Summarize(mc.NewResult(m))
	var names []string
	for _, list := range summaryLists(sum) {
		for _, e := range list {
			if e.Name == name {
				return Outcome{name, strings.TrimSpace(e.Label)}, nil
			}
			names = append(names, e.Name)
		}
	}
	if name == "capitulation" {
		return Outcome{name, "capitulation by anyone"}, nil
	}
	for _, a := range m.Actors {
		if name == "capitulation:"+a {
			return Outcome{name, a + " capitulates"}, nil
		}
	}
	names = append(names, "capitulation", "capitulation:ID")
	if m.HasWorld() {
		// Per-actor outcomes of the world, named as the run summary names them.
		for _, kind := range []struct{ prefix, label string }{
			{"applied:", " applies to an alliance or patron"}, {"programme:", " starts a nuclear weapons programme"},
			{"weapon:", " has a nuclear weapon by the end"}, {"regime_change:", ": change of leadership"}} {
			if id, ok := strings.CutPrefix(name, kind.prefix); ok && m.ActorIndex(id) >= 0 {
				return Outcome{name, id + kind.label}, nil
			}
			names = append(names, kind.prefix+"ID")
		}
	}
	return Outcome{}, fmt.Errorf("unknown outcome %q; expected one of %s", name, strings.Join(names, ", "))
}

// Count returns how many trajectories of sum had the outcome.
func (o Outcome) Count(sum *mc.Summary) int64 {
	var k int64
	for _, list := range summaryLists(sum) {
		for _, e := range list {
			if e.Name == o.Name || (o.Name == "capitulation" && strings.HasPrefix(e.Name, "capitulation:")) {
				k += e.Count
			}
		}
	}
	return k
}

// summaryLists are the lists of estimates a sweep's outcome is looked up in:
// the ends, the events on the way, and the world's events.
func summaryLists(sum *mc.Summary) [][]mc.Estimate {
	lists := [][]mc.Estimate{sum.Ends, sum.Events}
	if sum.World != nil {
		lists = append(lists, sum.World.Events)
	}
	return lists
}
