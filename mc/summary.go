package mc

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"brink/label"
	"brink/scenario"
	"brink/sim"
)

// Estimate is a probability with its 95 % Wilson interval.
type Estimate struct {
	Name  string  `json:"name"`
	Label string  `json:"label"`
	Count int64   `json:"count"`
	P     float64 `json:"p"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
}

// SurvivalPoint is the probability of a first nuclear use by a day.
type SurvivalPoint struct {
	Day         int      `json:"day"`
	Date        string   `json:"date"`
	Any         Estimate `json:"any"`
	Deliberate  Estimate `json:"deliberate"`
	Inadvertent Estimate `json:"inadvertent"`
}

// Quantiles of a continuous output.
type Quantiles struct {
	Name string `json:"name"`
	// Label is the name for people (label.Quantity): "Share of Ukraine held
	// by Russia's side" for territory:ukraine.
	Label string  `json:"label,omitempty"`
	Unit  string  `json:"unit"`
	P05   float64 `json:"p05"`
	P25   float64 `json:"p25"`
	P50   float64 `json:"p50"`
	P75   float64 `json:"p75"`
	P95   float64 `json:"p95"`
	Mean  float64 `json:"mean"`
}

// Summary is everything a run reports, in the order a reader wants it.
type Summary struct {
	Scenario     string `json:"scenario"`
	Title        string `json:"title"`
	Variant      string `json:"variant"`
	ScenarioHash string `json:"scenario_hash"`
	Seed         uint64 `json:"seed"`
	Trajectories int64  `json:"trajectories"`
	Requested    int64  `json:"requested"`
	Partial      bool   `json:"partial"`
	HorizonDays  int    `json:"horizon_days"`

	Ends       []Estimate      `json:"ends"`
	Events     []Estimate      `json:"events"`
	FirstUseBy []Estimate      `json:"first_use_by"`
	Survival   []SurvivalPoint `json:"first_nuclear_use_by_day"`
	Quantiles  []Quantiles     `json:"quantiles"`
	// Paths are the most frequent escalation paths to a first nuclear use
	// (see TopPaths), each with the lowest index of a trajectory that
	// followed it, to replay with brink trace.
	Paths []PathShare `json:"paths_to_nuclear_use,omitempty"`

	// Ladder is the names of the rungs of the escalation ladder, lowest
	// first: highest_rung 6 is Ladder[6].
	Ladder []string `json:"ladder,omitempty"`

	AlarmsPerTrajectory      float64 `json:"false_alarms_per_trajectory"`
	AlarmsToLeaderPerTraject float64 `json:"false_alarms_reaching_leadership_per_trajectory"`

	// Threats per trajectory, by every actor toward every opponent, and how
	// they were judged at the next epoch (sim/belief.go).
	Threats Threats `json:"threats_per_trajectory"`

	World    *WorldSummary    `json:"world,omitempty"`
	AfterUse *AfterUseSummary `json:"after_nuclear_use,omitempty"`
}

var endLabels = [sim.NumEnds]string{
	sim.EndFrozen:       "unresolved at the horizon (frozen war or standing crisis)",
	sim.EndSettlement:   "negotiated settlement",
	sim.EndCapitulation: "capitulation",
	sim.EndNuclearWar:   "general nuclear war",
}

func estimate(name, label string, k, n int64) Estimate {
	p := Proportion{K: k, N: n}
	lo, hi := p.CI95()
	return Estimate{Name: name, Label: label, Count: k, P: p.P(), Lo: lo, Hi: hi}
}

// Summarize turns a result into the figures a run reports.
func Summarize(r *Result) *Summary {
	m := r.Model
	sc := m.Scenario
	s := &Summary{Scenario: sc.ID, Title: sc.Title, Variant: sc.Variant, ScenarioHash: hex.EncodeToString(sc.Hash[:]),
		Seed: r.Seed, Trajectories: r.N, Requested: r.Requested, Partial: r.Partial, HorizonDays: sc.HorizonDays}
	n := r.N
	for e := range sim.NumEnds {
		if e == sim.EndCapitulation {
			for a, c := range r.Capitulated {
				if c > 0 {
					s.Ends = append(s.Ends, estimate("capitulation:"+m.Actors[a], m.Actors[a]+" capitulates", c, n))
				}
			}
			continue
		}
		s.Ends = append(s.Ends, estimate(e.String(), endLabels[e], r.Ends[e], n))
	}
	s.Events = append(s.Events,
		estimate("direct_war", "direct war between the coalitions", r.DirectWar, n),
		estimate("ceasefire", "  ceasefire between the coalitions", r.Ceasefire, n),
		estimate("nuclear_use", "any nuclear use", r.NuclearUse, n),
		estimate("first_use_deliberate", "  first use deliberate", r.FirstKind[sim.UseDeliberate], n),
		estimate("first_use_false_alarm", "  first use on a false alarm", r.FirstKind[sim.UseFalseAlarm], n),
		estimate("first_use_unauthorised", "  first use unauthorised or accidental", r.FirstKind[sim.UseUnauthorised], n),
		estimate("first_use_loss_of_control", "  first use by loss of control", r.FirstKind[sim.UseLossOfControl], n),
	)
	for a, c := range r.FirstBy {
		s.FirstUseBy = append(s.FirstUseBy, estimate(m.Actors[a], m.Actors[a], c, n))
	}
	h := sc.HorizonDays
	for _, d := range survivalDays(h) {
		at := func(inc *Incidence, name string) Estimate {
			p := inc.Cumulative(d)
			lo, hi := p.CI95()
			return Estimate{Name: name, Count: p.K, P: p.P(), Lo: lo, Hi: hi}
		}
		s.Survival = append(s.Survival, SurvivalPoint{Day: d, Date: sc.Start.AddDate(0, 0, d).Format("2006-01-02"),
			Any: at(r.FirstUse, "any"), Deliberate: at(r.FirstUseDeliberate, "deliberate"), Inadvertent: at(r.FirstUseInadvertent, "inadvertent")})
	}
	q := func(name, unit string, hh *Hist) { s.Quantiles = appendQuantiles(s.Quantiles, name, unit, hh) }
	q("duration", "days", r.Duration)
	q("highest_rung", "rung", r.HighestRung)
	for i, t := range m.Theatres {
		side := m.Actors[t.Actors[0][0]]
		q("territory:"+t.ID, "share held by "+side+"'s side", r.Territory[i])
	}
	nc := len(m.Categories)
	for a := range m.Actors {
		for c := range nc {
			hh := r.Losses[a*nc+c]
			if hh.Quantile(0.95) == 0 {
				continue
			}
			q("losses:"+m.Actors[a]+":"+m.Categories[c], "units", hh)
		}
	}
	s.Paths = TopPaths(r, MaxPathsInSummary)
	if n > 0 {
		s.AlarmsPerTrajectory = float64(r.Alarms) / float64(n)
		s.AlarmsToLeaderPerTraject = float64(r.AlarmsToTop) / float64(n)
		s.Threats = Threats{Made: float64(r.Threats) / float64(n), CarriedOut: float64(r.ThreatsCarried) / float64(n),
			Heeded: float64(r.ThreatsHeeded) / float64(n), Called: float64(r.ThreatsCalled) / float64(n)}
	}
	s.World = summarizeWorld(r)
	s.AfterUse = summarizeAfterUse(r)
	for _, rg := range m.Scenario.Ladder {
		s.Ladder = append(s.Ladder, rg.Name)
	}
	if len(m.Scenario.Ladder) == 0 {
		for _, rg := range scenario.DefaultLadder() {
			s.Ladder = append(s.Ladder, rg.Name)
		}
	}
	labelQuantities(sc, s.Quantiles)
	labelEvents(sc, s.Ends)
	labelEvents(sc, s.FirstUseBy)
	if s.World != nil {
		labelQuantities(sc, s.World.Quantiles)
		labelEvents(sc, s.World.Events)
	}
	if s.AfterUse != nil {
		labelQuantities(sc, s.AfterUse.Quantiles)
	}
	return s
}

// labelEvents names the actors and alliances in the labels of estimates.
func labelEvents(sc *scenario.Scenario, es []Estimate) {
	for i := range es {
		es[i].Label = label.Event(sc, es[i].Name, es[i].Label)
	}
}

// labelQuantities gives each quantity its label and unit for people.
func labelQuantities(sc *scenario.Scenario, qs []Quantiles) {
	for i := range qs {
		qs[i].Label, qs[i].Unit = label.Quantity(sc, qs[i].Name, qs[i].Unit)
	}
}

// appendQuantiles appends the quantiles of hh to qs, unless hh is empty.
func appendQuantiles(qs []Quantiles, name, unit string, hh *Hist) []Quantiles {
	if hh.N() == 0 {
		return qs
	}
	return append(qs, Quantiles{Name: name, Unit: unit,
		P05: hh.Quantile(0.05), P25: hh.Quantile(0.25), P50: hh.Quantile(0.5), P75: hh.Quantile(0.75), P95: hh.Quantile(0.95), Mean: hh.Mean()})
}

// survivalDays are the days at which the survival curve is reported: every 30
// days and the last day of the horizon.
func survivalDays(h int) []int {
	var d []int
	for x := 29; x < h-1; x += 30 {
		d = append(d, x)
	}
	return append(d, h-1)
}

// WriteJSON writes the summary as indented JSON.
func (s *Summary) WriteJSON(w io.Writer) error {
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	return e.Encode(s)
}

// WriteText writes the summary as tables for a terminal.
func (s *Summary) WriteText(w io.Writer) error {
	var b strings.Builder
	title := s.Scenario
	if s.Title != "" {
		title += " — " + s.Title
	}
	if s.Variant != "" {
		title += " [variant " + s.Variant + "]"
	}
	fmt.Fprintf(&b, "%s\n", title)
	status := ""
	if s.Partial {
		status = fmt.Sprintf("  PARTIAL: interrupted after %d of %d", s.Trajectories, s.Requested)
	}
	fmt.Fprintf(&b, "%d trajectories, seed %d, horizon %d days, scenario %s%s\n\n", s.Trajectories, s.Seed, s.HorizonDays, s.ScenarioHash[:12], status)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	row := func(e Estimate) {
		fmt.Fprintf(tw, "  %s\t%6.2f %%\t[%6.2f, %6.2f]\t%d\n", e.Label, 100*e.P, 100*e.Lo, 100*e.Hi, e.Count)
	}
	fmt.Fprintf(tw, "How it ends\tP\t95 %% interval\tcount\n")
	for _, e := range s.Ends {
		row(e)
	}
	fmt.Fprintf(tw, "\t\t\t\nWhat happens on the way\t\t\t\n")
	for _, e := range s.Events {
		row(e)
	}
	header := false
	for _, e := range s.FirstUseBy {
		if e.Count > 0 {
			if !header {
				fmt.Fprintf(tw, "\t\t\t\nFirst nuclear use by\t\t\t\n")
				header = true
			}
			row(e)
		}
	}
	tw.Flush()
	fmt.Fprintf(&b, "\nP(first nuclear use by date), in %%\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\tany\t95 %% interval\tdeliberate\t95 %% interval\tinadvertent\t95 %% interval\t\n")
	cell := func(e Estimate) string {
		return fmt.Sprintf("%.3f\t[%.3f, %.3f]", 100*e.P, 100*e.Lo, 100*e.Hi)
	}
	for i, p := range s.Survival {
		if i%3 != 2 && i != len(s.Survival)-1 {
			continue
		}
		fmt.Fprintf(tw, "  %s (day %4d)\t%s\t%s\t%s\t\n", p.Date, p.Day, cell(p.Any), cell(p.Deliberate), cell(p.Inadvertent))
	}
	tw.Flush()
	fmt.Fprintf(&b, "\nQuantiles\n")
	writeQuantiles(&b, s.Quantiles)
	if rungs := s.rungNames(); rungs != "" {
		b.WriteString("  " + rungs + "\n")
	}
	fmt.Fprintf(&b, "\nFalse alarms per trajectory: %.2f, of which reached the leadership: %.4f\n", s.AlarmsPerTrajectory, s.AlarmsToLeaderPerTraject)
	b.WriteString(Wrap("("+label.FalseAlarms+")", 100, "  "))
	if t := s.Threats; t.Made > 0 {
		fmt.Fprintf(&b, "Threats per trajectory: %.2f, of which carried out %.3f, heeded %.3f, called %.2f\n", t.Made, t.CarriedOut, t.Heeded, t.Called)
		b.WriteString(Wrap("("+label.Threats+")", 100, "  "))
	}
	if s.World != nil {
		s.World.writeText(&b)
	}
	if s.AfterUse != nil {
		s.AfterUse.writeText(&b)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func num(x float64) string {
	switch {
	case x == math.Trunc(x) && math.Abs(x) < 1e15:
		return fmt.Sprintf("%.0f", x)
	case x < 1:
		return fmt.Sprintf("%.3f", x)
	case x < 100:
		return fmt.Sprintf("%.1f", x)
	default:
		return fmt.Sprintf("%.0f", x)
	}
}

// rungNames names the rungs that the quantiles of the highest rung reach:
// "Rungs: 6 = limited war, 7 = …".
func (s *Summary) rungNames() string {
	var parts []string
	seen := map[int]bool{}
	for _, q := range s.Quantiles {
		if q.Name != "highest_rung" {
			continue
		}
		for _, x := range []float64{q.P05, q.P25, q.P50, q.P75, q.P95} {
			r := int(x)
			if float64(r) != x || seen[r] || r < 0 || r >= len(s.Ladder) {
				continue
			}
			seen[r] = true
			parts = append(parts, fmt.Sprintf("%d = %s", r, s.Ladder[r]))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Rungs: " + strings.Join(parts, ", ")
}

// Wrap breaks s into lines of at most width characters (runes) at spaces,
// each starting with indent and ending with a newline.
func Wrap(s string, width int, indent string) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(s) {
		l := len([]rune(w))
		switch {
		case n == 0:
			b.WriteString(indent)
			n = len(indent)
		case n+1+l > width:
			b.WriteString("\n" + indent)
			n = len(indent)
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += l
	}
	b.WriteByte('\n')
	return b.String()
}

// Threats is how many threats a trajectory holds on average and how they
// were judged: carried out by the next epoch, heeded by their target, or
// defied and not carried out (a bluff called). Those running at the end are
// in Made alone.
type Threats struct {
	Made       float64 `json:"made"`
	CarriedOut float64 `json:"carried_out"`
	Heeded     float64 `json:"heeded"`
	Called     float64 `json:"called"`
}
