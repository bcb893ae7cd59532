package calibrate

import (
	"fmt"
	"regexp"
	"strings"

	"brink/scenario"
)

// A fitted number in a scenario file keeps, in its line's comment, the
// value it was fitted from:
//
//	fortification: 3.41   # fitted by `brink calibrate ...`, see README; was 3 (judgement): ...
//	attrition: {tanks: 0.00141 to 0.0023, afv: ...,   # fitted by ...; tanks was 0.0005 to 0.001, afv was ...
//
// A refit must start from those sourced values, not from the last fit, or
// the prior, centred on the file's numbers, drifts with every refit
// (README, Calibration). Sourced recovers them.

// wasValue matches "was V" or "key was V" in a comment, V a number, a range
// "A to B" or a distribution such as pert(a, b, c).
var wasValue = regexp.MustCompile(`(?:(\w+) )?was ((?:pert|uniform|triangular|normal|lognormal|beta)\([^)]*\)|[0-9.]+(?: to [0-9.]+)?)`)

// firstKey matches the first "key:" of a line of YAML.
var firstKey = regexp.MustCompile(`^\s*(?:- )?\{?\s*(\w+):`)

// Sourced returns sc with the value at every path of ps whose line says it
// was "fitted by" brink calibrate set back to the value the comment says it
// was fitted from, and the hash a file with those values would have (so a
// fit of the result draws what a fit of that file would). Values on lines
// without "fitted by" are sourced already and stay.
func Sourced(sc *scenario.Scenario, ps []Param) (*scenario.Scenario, error) {
	src := sc.Source()
	if src == nil {
		return nil, fmt.Errorf("scenario %s was not read from a file: its fitted numbers' comments are not at hand", sc.ID)
	}
	lines := strings.Split(string(src), "\n")
	out := cloneForEdit(sc)
	for _, p := range ps {
		if p.Spread {
			continue // the spread of values whose locations other parameters set
		}
		for _, path := range p.Paths {
			v, err := sc.ValueAt(path)
			if err != nil {
				return nil, err
			}
			if v.Pos.Line < 1 || v.Pos.Line > len(lines) {
				return nil, fmt.Errorf("%s: no line in the file", path)
			}
			line := lines[v.Pos.Line-1]
			code, comment, ok := strings.Cut(line, "#")
			if !ok || !strings.Contains(comment, "fitted by `brink calibrate") {
				continue
			}
			key := path[strings.LastIndex(path, ".")+1:]
			was, err := wasOf(code, comment, key)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %s: %w", sc.File, v.Pos.Line, path, err)
			}
			if err := setter(out, path, func(scenario.Value) (scenario.Value, error) { return was, nil }); err != nil {
				return nil, err
			}
		}
	}
	if err := out.Rehash(); err != nil {
		return nil, err
	}
	return out, nil
}

// wasOf is the value the comment of a line with the code before it says key
// was fitted from: "key was V", or "was V" where key is the line's first.
func wasOf(code, comment, key string) (scenario.Value, error) {
	first := ""
	if m := firstKey.FindStringSubmatch(code); m != nil {
		first = m[1]
	}
	for _, m := range wasValue.FindAllStringSubmatch(comment, -1) {
		if m[1] == key || m[1] == "" && first == key {
			v, err := scenario.ParseValue(m[2])
			if err != nil {
				return scenario.Value{}, fmt.Errorf("was %q: %w", m[2], err)
			}
			v.Text = m[2]
			return v, nil
		}
	}
	return scenario.Value{}, fmt.Errorf("the line says it was fitted but not what %s was fitted from (\"%s was …\")", key, key)
}
