package scenario

// A record is what history says happened in a scenario's crisis: dated
// observations that the model can be judged by (brink validate) and
// conditioned on (brink infer; see package evidence). It is not part of the
// model: a scenario's hash, and so its random streams, ignore it.

import (
	"fmt"
	"os"
	"time"
)

// Record is a dated list of observations.
type Record struct {
	Through      Date          `yaml:"through" doc:"Last date the record covers: infer conditions on the observations dated up to it, and forecasts after it (default: the date of the last observation)."`
	Sources      []string      `yaml:"sources" doc:"References for the observations."`
	Observations []Observation `yaml:"observations" required:"true" doc:"The observations, each an event that happened or not by a date, or a value with its observation model."`
	At           Pos           `json:"-"`
}

// Events a record can observe. Each is read on the state of a trajectory at
// the end of the observation's date (and, with after, not before the end of
// that date).
var recordEvents = []string{"nuclear_use", "settlement", "capitulation", "ended", "applied", "joined", "rung_reached", "rung_held"}

// Values a record can observe.
var recordValues = []string{"losses", "territory", "duration"}

// Observation is one dated fact.
type Observation struct {
	ID     string `yaml:"id" required:"true" doc:"Short name of the observation, unique in the record."`
	Date   Date   `yaml:"date" required:"true" doc:"The date (YYYY-MM-DD) the observation holds at: an event happened or not by the end of this day; a value stood at this on this day."`
	After  Date   `yaml:"after" doc:"For an event: it happened (or not) after the end of this day and by the end of date. Default: the start of the scenario."`
	Source string `yaml:"source" doc:"Where the observation comes from."`

	Event    string `yaml:"event" enum:"nuclear_use|settlement|capitulation|ended|applied|joined|rung_reached|rung_held" doc:"An event: nuclear_use (a first nuclear use, by actor if given), settlement, capitulation (of actor if given), ended (the war ended, any way), applied (actor applied to alliance, or any), joined (actor became a member of alliance), rung_reached (actor stood on rung or higher toward target, at any time up to the date), rung_held (actor stands on rung or higher toward target on the date: an arms supply still flowing, say)."`
	Happened *bool  `yaml:"happened" doc:"For an event: whether it happened."`

	Value       string   `yaml:"value" enum:"losses|territory|duration" doc:"A value: losses (cumulative units of category lost by actor), territory (share of theatre held by its side a), duration (days from the start to the end of the war; a war still going at the horizon counts as lasting the horizon)."`
	Observed    *float64 `yaml:"observed" doc:"For a value: what was observed."`
	Model       string   `yaml:"model" enum:"exact|normal|lognormal|lower_bound|range|abc" doc:"Observation model of a value: exact (no error; scored, not conditioned on unless with tolerance), normal (observed = true + N(0, sd)), lognormal (log observed = log true + N(0, sd)), lower_bound (observed = true × u × e^N(0, sd), u uniform in [min_fraction, 1]: a count that misses some of the true losses), range (the truth lies in [low, high]; with sd, the model's value misses the truth by N(0, sd²), its discrepancy), abc (no likelihood: a Gaussian kernel of width tolerance)."`
	SD          float64  `yaml:"sd" min:"0" doc:"Standard deviation of the error (normal and range: in the value's units; lognormal and lower_bound: on the log scale)."`
	MinFraction float64  `yaml:"min_fraction" min:"0" max:"1" doc:"lower_bound: the least share of the true count the source records."`
	Low         *float64 `yaml:"low" doc:"range: the least value the truth can have."`
	High        *float64 `yaml:"high" doc:"range: the greatest value the truth can have."`
	Tolerance   float64  `yaml:"tolerance" min:"0" doc:"abc (or exact): width of the Gaussian kernel that weighs a trajectory by how close its value comes to the observed one."`

	Actor    string `yaml:"actor" doc:"Actor id (losses, capitulation, applied, joined, rung_reached, rung_held; nuclear_use by this actor)."`
	Target   string `yaml:"target" doc:"rung_reached, rung_held: the actor it is toward."`
	Rung     int    `yaml:"rung" min:"0" doc:"rung_reached, rung_held: the least rung that counts."`
	Category string `yaml:"category" doc:"losses: category id."`
	Theatre  string `yaml:"theatre" doc:"territory: theatre id."`
	Alliance string `yaml:"alliance" doc:"applied, joined: alliance id (applied: any if absent)."`
	At       Pos    `json:"-"`
}

// IsEvent reports whether o observes an event (else a value).
func (o *Observation) IsEvent() bool { return o.Event != "" }

// LoadRecord reads a record file (a record's fields at the top level) and
// checks it against the scenario s it is to judge.
func LoadRecord(p string, s *Scenario) (*Record, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return ParseRecord(p, data, s)
}

// ParseRecord reads a record from data (name is used in error messages) and
// checks it against s. Any error is an Errors listing every problem with its
// position.
func ParseRecord(name string, data []byte, s *Scenario) (*Record, error) {
	r := &Record{}
	src := newSource(name, data)
	f, _, d := parseYAML(src, data)
	if d != nil {
		return nil, Errors{d}.Err()
	}
	root, d := documentBody(src, f)
	if d != nil {
		return nil, Errors{d}.Err()
	}
	errs, positions := decodeASTPositions(src, root, r)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	c := &checker{src: src, pos: positions, top: r.At}
	if c.top.Line == 0 {
		c.top = Pos{File: name, Line: 1, Col: 1}
	}
	c.recordFields(s, r, "")
	if err := c.errs.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// record checks the scenario's own record block, if any.
func (c *checker) record(s *Scenario) {
	if s.Record != nil {
		c.recordFields(s, s.Record, "record.")
	}
}

// recordFields checks what the decoder cannot: that every observation is
// one event or one value, names what the scenario has, and has the
// parameters its observation model needs. Field paths start with prefix.
func (c *checker) recordFields(s *Scenario, r *Record, prefix string) {
	actors := map[string]bool{}
	for _, a := range s.Actors {
		actors[a.ID] = true
	}
	in := func(id string, list []string) bool {
		for _, x := range list {
			if x == id {
				return true
			}
		}
		return false
	}
	var cats, theatres, alliances []string
	for _, k := range s.Categories {
		cats = append(cats, k.ID)
	}
	for _, t := range s.Theatres {
		theatres = append(theatres, t.ID)
	}
	for _, a := range s.Alliances {
		alliances = append(alliances, a.ID)
	}
	if len(r.Observations) == 0 && r.At.Line > 0 {
		c.add(r.At, prefix+"observations", "a record needs at least one observation")
	}
	start := s.Start.Time
	end := start.AddDate(0, 0, s.HorizonDays)
	seen := map[string]bool{}
	var last time.Time
	for i := range r.Observations {
		o := &r.Observations[i]
		if o.At.Line == 0 {
			continue // not a mapping: reported by the decoder
		}
		f := prefix + "observations." + o.ID
		if seen[o.ID] {
			c.addAt(o.At, f, "duplicate observation id %q", o.ID)
		}
		seen[o.ID] = true
		if o.Date.Before(start) || o.Date.After(end) {
			c.add(o.At, f+".date", "date %s is outside the scenario (%s to %s)", o.Date.Format(time.DateOnly), start.Format(time.DateOnly), end.Format(time.DateOnly))
		}
		if o.Date.After(last) {
			last = o.Date.Time
		}
		if !o.After.IsZero() && !o.After.Before(o.Date.Time) {
			c.add(o.At, f+".after", "after (%s) must be before date (%s)", o.After.Format(time.DateOnly), o.Date.Format(time.DateOnly))
		}
		needActor := func(required bool) {
			switch {
			case o.Actor == "" && required:
				c.add(o.At, f+".actor", "%s%s needs an actor", o.Event, o.Value)
			case o.Actor != "" && !actors[o.Actor]:
				c.add(o.At, f+".actor", "unknown actor %q", o.Actor)
			}
		}
		switch {
		case o.Event != "" && o.Value != "":
			c.add(o.At, f, "an observation is an event or a value, not both")
		case o.Event == "" && o.Value == "":
			c.add(o.At, f, "an observation needs an event (one of %v) or a value (one of %v)", recordEvents, recordValues)
		case o.Event != "":
			if o.Happened == nil {
				c.add(o.At, f+".happened", "an event needs happened: true or false")
			}
			if o.Observed != nil || o.Model != "" {
				c.add(o.At, f, "an event takes no observed value or model")
			}
			switch o.Event {
			case "nuclear_use", "capitulation":
				needActor(false)
			case "applied", "joined":
				needActor(true)
				if o.Alliance == "" && o.Event == "joined" {
					c.add(o.At, f+".alliance", "joined needs an alliance")
				}
				if o.Alliance != "" && !in(o.Alliance, alliances) {
					c.add(o.At, f+".alliance", "unknown alliance %q", o.Alliance)
				}
			case "rung_reached", "rung_held":
				needActor(true)
				switch {
				case o.Target == "":
					c.add(o.At, f+".target", "%s needs a target", o.Event)
				case !actors[o.Target]:
					c.add(o.At, f+".target", "unknown actor %q", o.Target)
				}
				if o.Rung >= len(s.Ladder) {
					c.add(o.At, f+".rung", "rung %d is above the top of the ladder (%d)", o.Rung, len(s.Ladder)-1)
				}
				if o.Event == "rung_held" && !o.After.IsZero() {
					c.add(o.At, f+".after", "rung_held is read on its date alone: after is for events that happen in a window")
				}
			}
		default:
			if o.Observed == nil && o.Model != "range" {
				c.add(o.At, f+".observed", "a value needs observed")
			}
			if !o.After.IsZero() {
				c.add(o.At, f+".after", "after is for events")
			}
			switch o.Value {
			case "losses":
				needActor(true)
				if !in(o.Category, cats) {
					c.add(o.At, f+".category", "unknown category %q", o.Category)
				}
			case "territory":
				if !in(o.Theatre, theatres) {
					c.add(o.At, f+".theatre", "unknown theatre %q", o.Theatre)
				}
			}
			switch o.Model {
			case "", "exact":
			case "normal", "lognormal":
				if o.SD <= 0 {
					c.add(o.At, f+".sd", "model %s needs sd > 0", o.Model)
				}
			case "lower_bound":
				if o.MinFraction <= 0 || o.MinFraction >= 1 {
					c.add(o.At, f+".min_fraction", "model lower_bound needs 0 < min_fraction < 1")
				}
			case "range":
				switch {
				case o.Low == nil || o.High == nil:
					c.add(o.At, f, "model range needs low and high")
				case !(*o.Low <= *o.High):
					c.add(o.At, f+".low", "low (%g) must not exceed high (%g)", *o.Low, *o.High)
				case o.Observed != nil && (*o.Observed < *o.Low || *o.Observed > *o.High):
					c.add(o.At, f+".observed", "observed (%g) lies outside [low, high]", *o.Observed)
				}
			case "abc":
				if o.Tolerance <= 0 {
					c.add(o.At, f+".tolerance", "model abc needs tolerance > 0")
				}
			}
			if o.Model != "lower_bound" && o.MinFraction != 0 {
				c.add(o.At, f+".min_fraction", "min_fraction is for model lower_bound")
			}
			if o.Model == "lower_bound" && o.Observed != nil && *o.Observed <= 0 {
				c.add(o.At, f+".observed", "a lower bound must be positive")
			}
			if o.Model == "lognormal" && o.Observed != nil && *o.Observed <= 0 {
				c.add(o.At, f+".observed", "model lognormal needs a positive observed value")
			}
		}
	}
	if !r.Through.IsZero() && (r.Through.Before(start) || r.Through.After(end)) {
		c.add(r.At, prefix+"through", "through (%s) is outside the scenario", r.Through.Format(time.DateOnly))
	}
	if r.Through.IsZero() {
		r.Through.Time = last
	}
}

// String names the observation for messages.
func (o *Observation) String() string {
	what := o.Event
	if what == "" {
		what = o.Value
	}
	return fmt.Sprintf("%s (%s on %s)", o.ID, what, o.Date.Format(time.DateOnly))
}
