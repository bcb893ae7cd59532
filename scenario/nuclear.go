package scenario

import "fmt"

// Retaliation is a nuclear-armed state's declared or assumed answer to a
// nuclear use against its territory, its forces or its allies. The four
// branch probabilities are weights: the branch is drawn in proportion to
// them when the use happens (sim/retaliation.go).
type Retaliation struct {
	Assured          Value `yaml:"assured" min:"0" max:"1" doc:"Probability of assured retaliation: a strategic strike on the user's homeland (the lowest homeland rung at or above the use)."`
	Proportional     Value `yaml:"proportional" min:"0" max:"1" doc:"Probability of a proportional (flexible) response: a nuclear use of the same rung."`
	Conventional     Value `yaml:"conventional" min:"0" max:"1" doc:"Probability of a conventional response at conventional_rung (e.g. destroying the user's forces in the theatre)."`
	None             Value `yaml:"none" min:"0" max:"1" doc:"Probability of no response: the victim may then step down."`
	ConventionalRung int   `yaml:"conventional_rung" min:"0" doc:"Rung of the conventional response (default: the highest combat rung below nuclear signalling)."`
	LaunchOnWarning  bool  `yaml:"launch_on_warning" doc:"The response is launched at once, on warning, in the turn of the use; otherwise after decide_days."`
	DecideDays       int   `yaml:"decide_days" min:"0" max:"365" doc:"Days the leadership takes to order the response when it does not launch on warning (default 1)."`
	HoldDays         int   `yaml:"hold_days" min:"0" max:"3650" doc:"Days after the use during which the state does not step down below its response, unless the drawn branch is no response (default 7)."`
	At               Pos   `json:"-"`
}

// Damage is what one nuclear use at a rung does to the struck side.
type Damage struct {
	Casualties Value `yaml:"casualties" min:"0" doc:"People killed per use, millions (prompt effects: blast, heat, radiation, fallout)."`
	GDP        Value `yaml:"gdp" min:"0" max:"1" doc:"Share of the struck state's GDP destroyed for good (a permanent fall in its level)."`
	Capacity   Value `yaml:"capacity" min:"0" max:"1" doc:"Share of the struck state's industrial capacity destroyed (it recovers with the industry lag toward what GDP and trade allow)."`
	Forces     Value `yaml:"forces" min:"0" max:"1" doc:"Share of the struck side's units engaged in the theatre destroyed."`
	Trade      Value `yaml:"trade" min:"0" max:"1" doc:"Share of the struck state's trade with the world lost (ports, shipping, insurance)."`
	Homeland   bool  `yaml:"homeland" doc:"The strike falls on the struck state's homeland (a strategic strike), not only on its forces in the field."`
	At         Pos   `json:"-"`
}

// AfterNuclearUse is how third parties answer a nuclear use beyond sanctions
// and accessions (which the sanctions and alliance blocks carry).
type AfterNuclearUse struct {
	Intervention []Intervention `yaml:"intervention" doc:"Third parties that may step into the war against the user (a no-fly zone, strikes on its forces in the theatre)."`
	At           Pos            `json:"-"`
}

// Intervention is a third party's possible direct entry into the war after
// the first nuclear use of the other coalition.
type Intervention struct {
	Actor       string `yaml:"actor" required:"true" doc:"Who may intervene; it needs a relation with the user."`
	Probability Value  `yaml:"probability" min:"0" max:"1" doc:"Probability that it intervenes, drawn at the first use."`
	Rung        int    `yaml:"rung" min:"0" doc:"Rung it steps onto toward the user (default: the highest combat rung below nuclear signalling)."`
	HoldDays    int    `yaml:"hold_days" min:"0" max:"3650" doc:"Days after it intervenes during which it does not step down below its intervention (default 0: it decides each epoch, as before)."`
	At          Pos    `json:"-"`
}

// Defaults of the nuclear blocks. Judgements, stated once.
const (
	// A state at a raised alert stays there a month before it stands down:
	// alert changes are costly (dispersal, crews, signalling) and states
	// avoid sending mixed signals (judgement).
	defaultAlertDwellDays = 30
	defaultDecideDays     = 1
	defaultHoldDays       = 7
)

// highestConventional is the highest combat rung below the nuclear-use rungs
// that calls for no more than a raised conventional alert (not nuclear
// signalling): "major conventional war" on the default ladder.
func highestConventional(l []Rung) int {
	h := 0
	for i, r := range l {
		if r.NuclearUse {
			break
		}
		if r.Combat && r.Alert < 2 {
			h = i
		}
	}
	return h
}

// nuclear applies the defaults of the retaliation, alert, damage and
// after-use blocks and checks their references.
func (c *checker) nuclear(s *Scenario, actors map[string]int) {
	top := len(s.Ladder) - 1
	conv := highestConventional(s.Ladder)
	for i := range s.Ladder {
		r := &s.Ladder[i]
		if d := r.Damage; d != nil {
			def(&d.Casualties, 0)
			def(&d.GDP, 0)
			def(&d.Capacity, 0)
			def(&d.Forces, 0)
			def(&d.Trade, 0)
			if !r.NuclearUse {
				c.add(d.At, fmt.Sprintf("ladder[%d].damage", i), "only a nuclear-use rung does damage; rung %d (%s) is not one", i, r.Name)
			}
		}
	}
	for i := range s.Actors {
		a := &s.Actors[i]
		if a.At.Line == 0 {
			continue
		}
		f := "actors." + a.ID + ".doctrine"
		d := &a.Doctrine
		def(&d.AlertDwellDays, defaultAlertDwellDays)
		rt := d.Retaliation
		if rt == nil {
			continue
		}
		def(&rt.Assured, 0)
		def(&rt.Proportional, 0)
		def(&rt.Conventional, 0)
		def(&rt.None, 0)
		if rt.ConventionalRung == 0 {
			rt.ConventionalRung = conv
		}
		if rt.ConventionalRung > top {
			c.add(rt.At, f+".retaliation.conventional_rung", "must be a rung of the ladder (0–%d), got %d", top, rt.ConventionalRung)
		}
		if rt.DecideDays == 0 && !rt.LaunchOnWarning {
			rt.DecideDays = defaultDecideDays
		}
		if rt.HoldDays == 0 {
			rt.HoldDays = defaultHoldDays
		}
		sum := 0.0
		for _, v := range []Value{rt.Assured, rt.Proportional, rt.Conventional, rt.None} {
			_, hi := v.Support()
			sum += hi
		}
		if sum <= 0 {
			c.add(rt.At, f+".retaliation", "give at least one branch a positive probability (assured, proportional, conventional, none)")
		}
		if a.Nuclear == nil {
			c.add(rt.At, f+".retaliation", "a retaliation doctrine needs a nuclear force (nuclear:)")
		}
	}
	if au := s.AfterNuclearUse; au != nil {
		for k := range au.Intervention {
			iv := &au.Intervention[k]
			f := fmt.Sprintf("after_nuclear_use.intervention[%d]", k)
			if _, ok := actors[iv.Actor]; !ok {
				c.add(iv.At, f+".actor", "unknown actor %q; expected one of: %s", iv.Actor, keys(actors))
			}
			def(&iv.Probability, 0)
			if iv.Rung == 0 {
				iv.Rung = conv
			}
			if iv.Rung > top {
				c.add(iv.At, f+".rung", "must be a rung of the ladder (0–%d), got %d", top, iv.Rung)
			} else if s.Ladder[iv.Rung].NuclearUse {
				c.add(iv.At, f+".rung", "an intervention is conventional: rung %d (%s) is a nuclear-use rung", iv.Rung, s.Ladder[iv.Rung].Name)
			}
		}
	}
}
