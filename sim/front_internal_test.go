package sim

import (
	"math"
	"strings"
	"testing"
)

// compaction_from: furthest counts a side's compaction from the most it has
// held: B, starting on 0.7 of the field, once held 0.75; pushed back to 0.3
// its defence is multiplied by 0.75/0.3 = 2.5 (κ = 1), where counted from its
// start it is 0.7/0.3. While B gives ground only, both count from 0.7.
func TestCompactionFromFurthestLine(t *testing.T) {
	for _, c := range []struct {
		from string
		want float64
	}{{"start", 0.7 / 0.3}, {"furthest", 0.75 / 0.3}} {
		m := testdataModel(t, "front.yaml", func(text string) string {
			return strings.Replace(text, "      attacker_losses: 1\n",
				"      attacker_losses: 1\n      compaction: 1\n      compaction_from: "+c.from+"\n", 1)
		})
		w := NewWorld(m)
		w.Reset(eventKey(1))
		ts := &w.th[0]
		ts.front.posture = [2]int8{postureDefend, postureDefend} // neither attacks: the front stays where it is put
		ts.territory = 0.25                                      // B holds 0.75, more than at the start
		w.moveFront(0)
		if got := ts.compacted(1); got != 1 {
			t.Errorf("from %s: B on 0.75 is compacted by %g, want 1", c.from, got)
		}
		ts.territory = 0.7 // B pushed back to 0.3
		if got := ts.compacted(1); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("from %s: B on 0.3 after holding 0.75 is compacted by %g, want %g", c.from, got, c.want)
		}
	}
}
