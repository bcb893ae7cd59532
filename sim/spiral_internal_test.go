package sim

import (
	"strings"
	"testing"
)

// spiralModel is testdata/spiral.yaml with B fielding bUnits, without a
// theatre if noTheatre.
func spiralModel(t *testing.T, bUnits string, noTheatre bool) *Model {
	t.Helper()
	return testdataModel(t, "spiral.yaml", func(text string) string {
		text = strings.ReplaceAll(text, "B_UNITS", bUnits)
		if noTheatre {
			text = text[:strings.Index(text, "theatres:")]
		}
		return text
	})
}

// firstToLoseControl runs n trajectories of m and counts, among those that
// slipped into general nuclear war by loss of control, the first use by A
// and by B.
func firstToLoseControl(t *testing.T, m *Model, n int) (byA, byB int) {
	t.Helper()
	w := NewWorld(m)
	for k := range n {
		w.Reset([32]byte{byte(k), byte(k >> 8), 0x5c})
		w.Run()
		if !w.Out.NuclearUse || w.Out.FirstUseKind != UseLossOfControl {
			continue
		}
		switch w.Out.FirstUseBy {
		case 0:
			byA++
		case 1:
			byB++
		}
	}
	if byA+byB < n*9/10 {
		t.Fatalf("only %d of %d trajectories slipped into general war by loss of control", byA+byB, n)
	}
	return byA, byB
}

// TestLossOfControlStartsWithTheLosingSide: when a war between two nuclear
// states slips out of control, the launch that starts the general war is the
// side losing the conventional war's (Posen 1991), whichever it is; where
// they fight nowhere and stand on the same rung, either side's, with equal
// chances.
func TestLossOfControlStartsWithTheLosingSide(t *testing.T) {
	const n = 400
	if a, b := firstToLoseControl(t, spiralModel(t, "3000", false), n); b != 0 {
		t.Errorf("A outnumbered 3 to 1: first launches A %d, B %d; want all A's", a, b)
	}
	if a, b := firstToLoseControl(t, spiralModel(t, "300", false), n); a != 0 {
		t.Errorf("B outnumbered 3 to 1: first launches A %d, B %d; want all B's", a, b)
	}
	// No theatre: a fair coin. Binomial(n', ½): 3.5 sd either side.
	a, b := firstToLoseControl(t, spiralModel(t, "1000", true), n)
	m := float64(a + b)
	if d := float64(a) - m/2; d*d > 3.5*3.5*m/4 {
		t.Errorf("no theatre, same rung: first launches A %d, B %d; want about half each", a, b)
	}
}
