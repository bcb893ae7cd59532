package sim

import (
	"math"
	"testing"

	"brink/scenario"
)

// A broken guarantee lowers the credibility of the alliances of its holder by
// credibility_loss, and every other unfired red line of their members once,
// by the largest relative fall — not once per alliance the holder shares.
func TestBrokenGuaranteeScalesRedLinesOnce(t *testing.T) {
	const src = `
id: two-alliances
start: 2000-01-01
horizon_days: 10
actors:
  - {id: X, coalition: x}
  - {id: H, coalition: h}
  - {id: Z, coalition: h}
relations:
  - {between: [X, Z], principal: true, sides: {X: {rung: 0}, Z: {rung: 0}}}
  - {between: [H, X], sides: {H: {rung: 0}, X: {rung: 0}}}
red_lines:
  - {holder: H, against: X, protects: Z, rung: 5, response: 6, credibility: 0.5}
  - {holder: H, against: X, rung: 5, response: 6, credibility: 0.8}
  - {holder: Z, against: X, protects: H, rung: 5, response: 6, credibility: 0.7}
alliances:
  - {id: A1, leader: H, members: [Z], credibility: 0.9, credibility_loss: 0.4}
  - {id: A2, leader: H, credibility: 0.8, credibility_loss: 0.5}
`
	sc, err := scenario.Parse("two.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWorld(m)
	w.Reset([32]byte{9})
	w.rl[0].fired = true // the line that was tested
	w.guaranteeTested(m.ActorIndex("H"), false)
	if got := w.ws.ally[0].cred; math.Abs(got-0.9*0.6) > 1e-12 {
		t.Errorf("A1's credibility %.4f, want %.4f", got, 0.9*0.6)
	}
	if got := w.ws.ally[1].cred; math.Abs(got-0.8*0.5) > 1e-12 {
		t.Errorf("A2's credibility %.4f, want %.4f", got, 0.8*0.5)
	}
	// H belongs to both: its other line falls by the larger fall (×0.5), once.
	if got := w.rl[1].cred; math.Abs(got-0.8*0.5) > 1e-12 {
		t.Errorf("H's other red line %.4f, want %.4f", got, 0.8*0.5)
	}
	// Z belongs to A1 only: ×0.6.
	if got := w.rl[2].cred; math.Abs(got-0.7*0.6) > 1e-12 {
		t.Errorf("Z's red line %.4f, want %.4f", got, 0.7*0.6)
	}
	if got := w.rl[0].cred; got != 0.5 {
		t.Errorf("the tested line's credibility moved to %.4f", got)
	}
	if w.Out.Credibility[0] != w.ws.ally[0].cred || w.Out.Credibility[1] != w.ws.ally[1].cred {
		t.Errorf("the outcome's credibilities %v do not follow the alliances'", w.Out.Credibility)
	}
}
