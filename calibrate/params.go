package calibrate

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"brink/scenario"
)

// Param is one fitted number: a factor exp(x) applied to the location of
// every value at Paths (field paths, as in variants). A distribution keeps its
// spread: "A to B" becomes "fA to fB" (a lognormal's mu moves by ln f, its
// sigma stays), uniform/triangular/PERT scale every parameter, a normal its
// mean and standard deviation, a constant is multiplied.
type Param struct {
	Name  string
	Paths []string
	// Spread makes the factor widen (f > 1) or narrow the spread of every
	// lognormal value at Paths about its median (σ → f·σ) instead of moving
	// its location; other values are left alone.
	Spread bool
	// Prior is the standard deviation of a normal prior on ln f centred on 0
	// (the scenario's own numbers); 0 for none (a flat prior).
	Prior float64
}

// equipment are the categories with Oryx data.
var equipment = []string{"tanks", "afv", "artillery", "aircraft"}

// DefaultParams are the parameters fitted to ukraine-2022-like scenarios:
//
//   - the attrition coefficient of each equipment category on each side of
//     the theatre where RUS and UKR fight (8 factors, flat prior), and of
//     each category of RUS or UKR that the scenario's record estimates
//     (Estimates: Russia's personnel; weak prior);
//   - per actor, RUS and UKR, one factor on the learning rate
//     (learning_per_day) of its equipment categories, and one on its
//     replenishment (refurbish_per_day and production_per_day together), each
//     with a weak prior: sd ln 2, a factor 2 costs as much as one data point
//     off by a factor e.
func DefaultParams(sc *scenario.Scenario) ([]Param, error) {
	var th *scenario.Theatre
	var side [2]string // the sides' letters for RUS and UKR
	for i := range sc.Theatres {
		t := &sc.Theatres[i]
		in := func(s *scenario.TheatreSide, id string) bool {
			return slices.ContainsFunc(s.Actors, func(c scenario.Commitment) bool { return c.Actor == id })
		}
		switch {
		case in(&t.A, "RUS") && in(&t.B, "UKR"):
			th, side = t, [2]string{"a", "b"}
		case in(&t.B, "RUS") && in(&t.A, "UKR"):
			th, side = t, [2]string{"b", "a"}
		}
		if th != nil {
			break
		}
	}
	if th == nil {
		return nil, fmt.Errorf("scenario %s has no theatre with RUS and UKR on opposite sides", sc.ID)
	}
	var ps []Param
	for _, c := range equipment {
		for k, a := range []string{"RUS", "UKR"} {
			ps = append(ps, Param{Name: "attrition " + a + " " + c,
				Paths: []string{"theatres." + th.ID + "." + side[k] + ".attrition." + c}})
		}
	}
	// How uncertain the attrition coefficients are: one factor on the spread
	// of all of them, so the bands are as wide as the record says.
	spread := Param{Name: "attrition spread", Spread: true, Prior: math.Ln2}
	for _, q := range ps {
		spread.Paths = append(spread.Paths, q.Paths...)
	}
	ps = append(ps, spread)
	// The attrition of a category the record estimates rather than counts
	// (Russia's personnel: casualty estimates, Estimates), with a weak prior
	// (sd ln 2) around the scenario's judgement: two estimates pin it less
	// than twenty-two monthly counts pin a category of equipment.
	for _, e := range Estimates(sc, time.Time{}) {
		k := slices.Index([]string{"RUS", "UKR"}, e.Actor)
		name := "attrition " + e.Actor + " " + e.Category
		if k < 0 || slices.Contains(equipment, e.Category) || slices.ContainsFunc(ps, func(p Param) bool { return p.Name == name }) {
			continue
		}
		ts := &th.A
		if side[k] == "b" {
			ts = &th.B
		}
		if v, ok := ts.Attrition[e.Category]; ok && nonzero(v) {
			ps = append(ps, Param{Name: name, Paths: []string{"theatres." + th.ID + "." + side[k] + ".attrition." + e.Category}, Prior: math.Ln2})
		}
	}
	// The front (sim/front.go), fitted to the territory series with the
	// losses: each with a weak prior (sd ln 2) around the scenario's judgement.
	at := "theatres." + th.ID + "."
	for _, f := range []struct{ name, path string }{
		{"front speed", "front_speed"},
		{"defence advantage", "defence_advantage"},
		{"fortification", "front.fortification"},
		{"quiet intensity", "front.quiet_intensity"},
		{"tempo spread", "front.tempo_sd"},
		{"attack RUS", side[0] + ".attack_above"},
		{"attack UKR", side[1] + ".attack_above"},
	} {
		ps = append(ps, Param{Name: f.name, Paths: []string{at + f.path}, Prior: math.Ln2})
	}
	// A front in sectors (experimental, sim/sectors.go): the attacker's
	// concentration at its main effort and the time its enemy's reserves take
	// to follow, only where the theatre has sectors.
	if len(th.Front.Sectors) > 0 {
		for _, f := range []struct{ name, path string }{
			{"main effort", "front.main_effort"},
			{"reserve days", "front.reserve_days"},
		} {
			ps = append(ps, Param{Name: f.name, Paths: []string{at + f.path}, Prior: math.Ln2})
		}
	}
	// The attritional advance (sim/front.go), which sets how far assaults on
	// a prepared line they cannot break take the front, where the scenario
	// gives one.
	if v, err := sc.ValueAt(at + "front.attritional_advance"); err == nil && nonzero(v) {
		ps = append(ps, Param{Name: "attritional advance", Paths: []string{at + "front.attritional_advance"}, Prior: math.Ln2})
	}
	// The invader's surprise (Dupuy: substantial ×2, complete ×3), which sets
	// how far the first weeks' advance runs, where the scenario gives one.
	if v, err := sc.ValueAt(at + side[0] + ".surprise"); err == nil && !(v.IsConst() && v.P[0] <= 1) {
		ps = append(ps, Param{Name: "surprise RUS", Paths: []string{at + side[0] + ".surprise"}, Prior: math.Ln2})
	}
	for _, a := range []string{"RUS", "UKR"} {
		i := slices.IndexFunc(sc.Actors, func(x scenario.Actor) bool { return x.ID == a })
		if i < 0 {
			return nil, fmt.Errorf("scenario %s has no actor %s", sc.ID, a)
		}
		learn := Param{Name: "learning " + a, Prior: math.Ln2}
		repl := Param{Name: "replenishment " + a, Prior: math.Ln2}
		for j, f := range sc.Actors[i].Forces {
			if !slices.Contains(equipment, f.Category) {
				continue
			}
			at := fmt.Sprintf("actors.%s.forces[%d].", a, j)
			if nonzero(f.LearningPerDay) {
				learn.Paths = append(learn.Paths, at+"learning_per_day")
			}
			if nonzero(f.RefurbishPerDay) {
				repl.Paths = append(repl.Paths, at+"refurbish_per_day")
			}
			if nonzero(f.ProductionPerDay) {
				repl.Paths = append(repl.Paths, at+"production_per_day")
			}
		}
		for _, p := range []Param{learn, repl} {
			if len(p.Paths) > 0 {
				ps = append(ps, p)
			}
		}
	}
	for _, p := range ps {
		for _, path := range p.Paths {
			if _, err := sc.ValueAt(path); err != nil {
				return nil, err
			}
		}
	}
	return ps, nil
}

func nonzero(v scenario.Value) bool { return !(v.IsConst() && v.P[0] == 0) }

// cloneForEdit copies the parts of base that the parameters may change
// (theatres' attrition maps, actors' forces), sharing the rest.
func cloneForEdit(base *scenario.Scenario) *scenario.Scenario {
	sc := new(scenario.Scenario)
	*sc = *base
	sc.Theatres = slices.Clone(base.Theatres)
	for i := range sc.Theatres {
		t := &sc.Theatres[i]
		t.A.Attrition = maps.Clone(t.A.Attrition)
		t.B.Attrition = maps.Clone(t.B.Attrition)
	}
	sc.Actors = slices.Clone(base.Actors)
	for i := range sc.Actors {
		sc.Actors[i].Forces = slices.Clone(sc.Actors[i].Forces)
	}
	return sc
}

// setter applies fn to the value at path in sc (a copy made by cloneForEdit).
// Only the paths DefaultParams makes are understood:
// theatres.T.a|b.attrition.C and actors.A.forces[i].field.
func setter(sc *scenario.Scenario, path string, fn func(scenario.Value) (scenario.Value, error)) error {
	seg := strings.Split(path, ".")
	switch {
	case len(seg) == 5 && seg[0] == "theatres" && seg[3] == "attrition":
		i := slices.IndexFunc(sc.Theatres, func(t scenario.Theatre) bool { return t.ID == seg[1] })
		if i < 0 {
			break
		}
		var ts *scenario.TheatreSide
		switch seg[2] {
		case "a":
			ts = &sc.Theatres[i].A
		case "b":
			ts = &sc.Theatres[i].B
		default:
			return fmt.Errorf("%s: no side %q", path, seg[2])
		}
		v, ok := ts.Attrition[seg[4]]
		if !ok {
			return fmt.Errorf("%s: not set", path)
		}
		nv, err := fn(v)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		ts.Attrition[seg[4]] = nv
		return nil
	case len(seg) == 4 && seg[0] == "actors" && strings.HasPrefix(seg[2], "forces[") && strings.HasSuffix(seg[2], "]"):
		i := slices.IndexFunc(sc.Actors, func(a scenario.Actor) bool { return a.ID == seg[1] })
		j, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(seg[2], "forces["), "]"))
		if i < 0 || err != nil || j < 0 || j >= len(sc.Actors[i].Forces) {
			break
		}
		f := &sc.Actors[i].Forces[j]
		var v *scenario.Value
		switch seg[3] {
		case "refurbish_per_day":
			v = &f.RefurbishPerDay
		case "production_per_day":
			v = &f.ProductionPerDay
		case "learning_per_day":
			v = &f.LearningPerDay
		case "effectiveness":
			v = &f.Effectiveness
		case "effectiveness_max":
			v = &f.EffectivenessMax
		default:
			return fmt.Errorf("%s: calibrate cannot set %q", path, seg[3])
		}
		nv, err := fn(*v)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		*v = nv
		return nil
	}
	if len(seg) >= 3 && seg[0] == "theatres" {
		i := slices.IndexFunc(sc.Theatres, func(t scenario.Theatre) bool { return t.ID == seg[1] })
		if i >= 0 {
			if v := valueField(reflect.ValueOf(&sc.Theatres[i]).Elem(), seg[2:]); v != nil {
				nv, err := fn(*v)
				if err != nil {
					return fmt.Errorf("%s: %w", path, err)
				}
				*v = nv
				return nil
			}
		}
	}
	return fmt.Errorf("%s: not a path calibrate can set (theatres.T.a.attrition.C, theatres.T.[a.|b.|front.]field or actors.A.forces[i].field)", path)
}

// valueField follows the yaml names of path through the structs of v to a
// scenario.Value field, or returns nil.
func valueField(v reflect.Value, path []string) *scenario.Value {
	for _, name := range path {
		if v.Kind() != reflect.Struct {
			return nil
		}
		found := false
		for k := range v.NumField() {
			if tag, _, _ := strings.Cut(v.Type().Field(k).Tag.Get("yaml"), ","); tag == name {
				v, found = v.Field(k), true
				break
			}
		}
		if !found {
			return nil
		}
	}
	if x, ok := v.Addr().Interface().(*scenario.Value); ok {
		return x
	}
	return nil
}

// Apply returns base with every parameter's values scaled by exp(x[i]).
// The result shares base's hash, so it draws the same random numbers
// (common random numbers across evaluations).
func Apply(base *scenario.Scenario, ps []Param, x []float64) (*scenario.Scenario, error) {
	sc := cloneForEdit(base)
	for i, p := range ps {
		f := math.Exp(x[i])
		for _, path := range p.Paths {
			if err := setter(sc, path, func(v scenario.Value) (scenario.Value, error) { return p.apply(v, f) }); err != nil {
				return nil, err
			}
		}
	}
	return sc, nil
}

// apply is the parameter's factor f on v: its location, or its spread.
func (p *Param) apply(v scenario.Value, f float64) (scenario.Value, error) {
	if p.Spread {
		return Widen(v, f)
	}
	return Scale(v, f)
}

// Widen multiplies the spread σ of a lognormal v by f about its median; any
// other value is returned as it is.
func Widen(v scenario.Value, f float64) (scenario.Value, error) {
	if v.Kind != scenario.LogNormal || !(f > 0) {
		return v, nil
	}
	out := v
	out.P[1] *= f
	if strings.Contains(v.Text, " to ") {
		out.Text = num(math.Exp(out.P[0]-z95*out.P[1])) + " to " + num(math.Exp(out.P[0]+z95*out.P[1]))
	} else {
		out.Text = "lognormal(" + num(out.P[0]) + ", " + num(out.P[1]) + ")"
	}
	return out, nil
}

// z95 is the standard normal's 95th percentile: "A to B" is the lognormal
// whose 5th and 95th percentiles are A and B.
const z95 = 1.6448536269514722

// Scale multiplies the location of v by f > 0 and keeps its spread (see
// Param); its Text is rewritten in the file's notation.
func Scale(v scenario.Value, f float64) (scenario.Value, error) {
	out := v
	switch v.Kind {
	case scenario.Const:
		out.P[0] *= f
		out.Text = num(out.P[0])
	case scenario.LogNormal:
		out.P[0] += math.Log(f)
		if strings.Contains(v.Text, " to ") {
			out.Text = num(math.Exp(out.P[0]-z95*out.P[1])) + " to " + num(math.Exp(out.P[0]+z95*out.P[1]))
		} else {
			out.Text = "lognormal(" + num(out.P[0]) + ", " + num(out.P[1]) + ")"
		}
	case scenario.Uniform, scenario.Normal:
		out.P[0], out.P[1] = f*v.P[0], f*v.P[1]
		name := map[scenario.DistKind]string{scenario.Uniform: "uniform", scenario.Normal: "normal"}[v.Kind]
		out.Text = name + "(" + num(out.P[0]) + ", " + num(out.P[1]) + ")"
	case scenario.Triangular, scenario.PERT:
		for i := range 3 {
			out.P[i] *= f
		}
		name := map[scenario.DistKind]string{scenario.Triangular: "triangular", scenario.PERT: "pert"}[v.Kind]
		out.Text = name + "(" + num(out.P[0]) + ", " + num(out.P[1]) + ", " + num(out.P[2]) + ")"
	default:
		return v, fmt.Errorf("cannot scale %q (a beta distribution is bounded)", v.Text)
	}
	return out, nil
}

// num writes x to 3 significant digits, the precision of the file's
// numbers, in plain decimal notation as the file writes them.
func num(x float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// Rounded returns base with every parameter's values scaled by exp(x[i])
// and then read back from their rounded texts — exactly what a scenario file
// with the fitted lines would hold — and those lines, "path: text" in
// parameter order.
func Rounded(base *scenario.Scenario, ps []Param, x []float64) (*scenario.Scenario, []string, error) {
	sc := cloneForEdit(base)
	var lines []string
	for i, p := range ps {
		f := math.Exp(x[i])
		for _, path := range p.Paths {
			err := setter(sc, path, func(v scenario.Value) (scenario.Value, error) {
				s, err := p.apply(v, f)
				if err != nil {
					return v, err
				}
				r, err := scenario.ParseValue(s.Text)
				if err != nil {
					return v, err
				}
				r.Text, r.Pos = s.Text, v.Pos
				// A path set by two parameters (a location and a spread)
				// is written once, with its final value.
				line := path + ": " + yamlText(s.Text)
				if k := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, path+": ") }); k >= 0 {
					lines[k] = line
				} else {
					lines = append(lines, line)
				}
				return r, nil
			})
			if err != nil {
				return nil, nil, err
			}
		}
	}
	return sc, lines, nil
}

// yamlText quotes a value with a comma, as a flow mapping needs.
func yamlText(s string) string {
	if strings.Contains(s, ",") {
		return strconv.Quote(s)
	}
	return s
}
