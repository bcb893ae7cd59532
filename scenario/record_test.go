package scenario

import (
	"strings"
	"testing"
)

// A record is checked with positions like the rest of a scenario, and does
// not change the scenario's hash (its random streams).
func TestRecord(t *testing.T) {
	base, err := Builtin("cold-war-year")
	if err != nil {
		t.Fatal(err)
	}
	if base.Record == nil || len(base.Record.Observations) == 0 {
		t.Fatal("cold-war-year has no record")
	}
	src, _ := BuiltinSource("cold-war-year")
	text := string(src)
	i := strings.Index(text, "\nrecord:")
	j := strings.Index(text, "\nvariants:")
	without, err := Parse("x.yaml", []byte(text[:i+1]+text[j+1:]))
	if err != nil {
		t.Fatal(err)
	}
	if without.Hash != base.Hash {
		t.Error("the record changes the scenario's hash")
	}
	bad := text[:i+1] + `record:
  observations:
    - {id: a, event: nuclear_use, date: 1985-03-01}
    - {id: b, value: losses, actor: USA, category: tanks, date: 1985-03-01, observed: 3, model: normal}
    - {id: c, event: joined, actor: XXX, date: 1990-01-01, happened: true}
    - {id: d, value: territory, theatre: t, date: 1985-03-01, model: range, low: 2, high: 1}
    - {id: e, event: rung_reached, actor: USA, target: SOV, rung: 99, date: 1985-03-01, happened: true}
    - {id: f, event: rung_held, actor: USA, rung: 4, after: 1985-02-01, date: 1985-03-01, happened: true}
    - {id: a, event: settlement, event2: x, date: 1985-03-01, happened: true}
` + text[j+1:]
	_, err = Parse("bad.yaml", []byte(bad))
	if err == nil {
		t.Fatal("a bad record was accepted")
	}
	for _, want := range []string{
		"record.observations.a.happened: an event needs happened",
		"record.observations.b.sd: model normal needs sd > 0",
		`unknown category "tanks"`,
		`unknown actor "XXX"`,
		"joined needs an alliance",
		"outside the scenario",
		`unknown theatre "t"`,
		"low (2) must not exceed high (1)",
		"above the top of the ladder",
		"rung_held needs a target",
		"rung_held is read on its date alone",
		`duplicate observation id "a"`,
		"event2",
		"bad.yaml:",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
	// A record file of its own.
	r, err := ParseRecord("r.yaml", []byte("through: 1985-06-30\nobservations:\n  - {id: x, event: nuclear_use, date: 1985-03-01, happened: false}\n"), base)
	if err != nil || len(r.Observations) != 1 || r.Through.Format("2006-01-02") != "1985-06-30" {
		t.Fatalf("record file: %v %+v", err, r)
	}
	_, err = ParseRecord("r.yaml", []byte("observations:\n  - {id: x, event: nuclear_use, date: 1985-03-01, happened: false, actor: NOPE}\n"), base)
	if err == nil || !strings.Contains(err.Error(), "r.yaml:2:") {
		t.Errorf("record file error not positioned: %v", err)
	}
}
