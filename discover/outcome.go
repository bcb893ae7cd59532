package discover

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"brink/results"
)

// Outcome is what a discovery looks for, as read from the columns of a
// table of trajectories: an ending, an event, or a threshold on a value.
type Outcome struct {
	Spec  string // as given: nuclear_use, capitulation:UKR, territory:ukraine<0.05
	Label string // in words
	cols  []string
	hit   func(t *Table, i int) bool
}

// Columns are the columns the outcome reads.
func (o *Outcome) Columns() []string { return o.cols }

// Hits returns, for every row of t, whether it has the outcome.
func (o *Outcome) Hits(t *Table) []bool {
	y := make([]bool, t.N)
	for i := range y {
		y[i] = o.hit(t, i)
	}
	return y
}

// kinds of first use, as the run summary names them and the table holds them.
var useKinds = map[string]string{
	"first_use_deliberate": "deliberate", "first_use_false_alarm": "false_alarm",
	"first_use_unauthorised": "unauthorised", "first_use_loss_of_control": "loss_of_control",
}

var ends = map[string]string{
	"frozen": "unresolved at the horizon", "settlement": "negotiated settlement",
	"capitulation": "capitulation by anyone", "general_nuclear_war": "general nuclear war",
}

// ParseOutcome reads an outcome: an ending (frozen, settlement,
// capitulation, general_nuclear_war, capitulation:ACTOR), an event
// (nuclear_use, direct_war, first_use_deliberate, first_use_false_alarm,
// first_use_unauthorised, first_use_loss_of_control), a column of the table
// that holds a boolean, or a threshold NAME OP VALUE with OP one of < <= >
// >= = != on a numeric column, = or != on a column of strings. NAME is a
// column, or territory:THEATRE, or a column named with ':' for '_'
// (losses:RUS:personnel).
func ParseOutcome(spec string, l results.RowsLayout, theatres []string) (*Outcome, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return nil, fmt.Errorf("empty outcome")
	}
	has := func(c string) bool { return c != "" && slices.Contains(l.All, c) }
	eqStr := func(col, val, label string) (*Outcome, error) {
		if !has(col) {
			return nil, fmt.Errorf("outcome %q: the table has no column for it", spec)
		}
		return &Outcome{Spec: spec, Label: label, cols: []string{col}, hit: func(t *Table, i int) bool { return t.Str[col][i] == val }}, nil
	}
	isTrue := func(col, label string) (*Outcome, error) {
		if !has(col) {
			return nil, fmt.Errorf("outcome %q: the table has no column for it", spec)
		}
		return &Outcome{Spec: spec, Label: label, cols: []string{col}, hit: func(t *Table, i int) bool {
			v := t.Num[col]
			return v != nil && v[i] == 1
		}}, nil
	}
	switch {
	case spec == "nuclear_use":
		return isTrue(l.NuclearUse, "any nuclear use")
	case spec == "direct_war":
		return isTrue(l.DirectWar, "direct war between the coalitions")
	case useKinds[spec] != "":
		return eqStr(l.FirstUseKind, useKinds[spec], "first nuclear use "+strings.ReplaceAll(useKinds[spec], "_", " "))
	case ends[spec] != "":
		return eqStr(l.End, spec, ends[spec])
	}
	if a, ok := strings.CutPrefix(spec, "capitulation:"); ok && !strings.ContainsAny(a, "<>=!") {
		return eqStr(l.Capitulated, a, a+" capitulates")
	}
	// A threshold, or a column.
	name, op, val := splitThreshold(spec)
	col := columnOf(name, l, theatres)
	if col == "" {
		return nil, fmt.Errorf("unknown outcome %q; expected nuclear_use, direct_war, first_use_deliberate, first_use_false_alarm, first_use_unauthorised, first_use_loss_of_control, frozen, settlement, capitulation, capitulation:ACTOR, general_nuclear_war, or a threshold on a column such as territory:THEATRE<0.05 or highest_rung>=9", spec)
	}
	o := &Outcome{Spec: spec, cols: []string{col}}
	if op == "" {
		o.Label = name
		o.hit = func(t *Table, i int) bool {
			if v := t.Num[col]; v != nil {
				return v[i] == 1
			}
			return false
		}
		return o, nil
	}
	o.Label = name + " " + op + " " + val
	x, err := strconv.ParseFloat(val, 64)
	numeric := err == nil && !math.IsNaN(x)
	o.hit = func(t *Table, i int) bool {
		if s := t.Str[col]; s != nil {
			switch op {
			case "=", "==":
				return s[i] == val
			case "!=":
				return s[i] != val
			}
			return false
		}
		v := t.Num[col]
		if v == nil || !numeric || math.IsNaN(v[i]) {
			return false
		}
		switch op {
		case "<":
			return v[i] < x
		case "<=":
			return v[i] <= x
		case ">":
			return v[i] > x
		case ">=":
			return v[i] >= x
		case "=", "==":
			return v[i] == x
		case "!=":
			return v[i] != x
		}
		return false
	}
	if !numeric && op != "=" && op != "==" && op != "!=" {
		return nil, fmt.Errorf("outcome %q: %q is not a number", spec, val)
	}
	return o, nil
}

// splitThreshold cuts "name<=0.3" into its name, operator and value; op is
// empty when there is none.
func splitThreshold(s string) (name, op, val string) {
	i := strings.IndexAny(s, "<>=!")
	if i < 0 {
		return s, "", ""
	}
	j := i + 1
	if j < len(s) && s[j] == '=' {
		j++
	}
	return strings.TrimSpace(s[:i]), s[i:j], strings.TrimSpace(s[j:])
}

// columnOf finds the column that name means, or "".
func columnOf(name string, l results.RowsLayout, theatres []string) string {
	if th, ok := strings.CutPrefix(name, "territory:"); ok {
		for i, id := range theatres {
			if id == th && i < len(l.Territory) {
				return l.Territory[i]
			}
		}
	}
	switch name {
	case "highest_rung":
		return l.HighestRung
	case "first_use_day":
		return l.FirstUseDay
	case "first_use_by":
		return l.FirstUseBy
	case "first_use_kind":
		return l.FirstUseKind
	case "end":
		return l.End
	}
	for _, c := range []string{name, strings.ReplaceAll(name, ":", "_"), strings.ReplaceAll(strings.ReplaceAll(name, ":", "_"), ".", "_")} {
		if slices.Contains(l.All, c) {
			return c
		}
	}
	return ""
}
