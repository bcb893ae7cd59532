package evidence

import (
	"math"
	"testing"
	"time"

	"brink/scenario"
)

// frontMoves pairs a theatre's territory observations in date order,
// whatever their order in the record, and places the record's move among
// the trajectories' moves: here the trajectories move by −0.01·k (k = 0..9)
// from the first date to the second, the record by −0.045, so five of the
// ten moves lie below it (percentile 0.5, no ties) and that of k = 0 (less
// than a tenth of the record's move) stands still.
func TestFrontMovesPlacesTheRecordsMove(t *testing.T) {
	obs := func(id string, day int, y float64) *scenario.Observation {
		return &scenario.Observation{ID: id, Value: "territory", Theatre: "front", Observed: &y,
			Date: scenario.Date{Time: time.Date(2022, 1, day, 0, 0, 0, 0, time.UTC)}}
	}
	// Recorded out of order, with a loss count between them that is no move.
	later, earlier := obs("later", 20, 0.155), obs("earlier", 10, 0.2)
	count := 5.0
	p := &plan{probes: []probe{{obs: later}, {obs: &scenario.Observation{ID: "count", Value: "losses", Observed: &count}}, {obs: earlier}}}
	const n = 10
	np := len(p.probes)
	truth := make([]float64, n*np)
	for k := range n {
		truth[k*np+2] = 0.2                   // earlier
		truth[k*np+0] = 0.2 - 0.01*float64(k) // later
		truth[k*np+1] = 100                   // the count: not a move
	}
	moves := frontMoves(p, truth, n)
	if len(moves) != 1 {
		t.Fatalf("got %d moves, want 1: %+v", len(moves), moves)
	}
	m := moves[0]
	if m.From != "2022-01-10" || m.To != "2022-01-20" || math.Abs(m.Observed+0.045) > 1e-12 {
		t.Fatalf("move %+v, want 2022-01-10 to 2022-01-20, observed -0.045", m)
	}
	// Moves −0.09..0: five (−0.09..−0.05) lie below −0.045, five above.
	if math.Abs(m.Percentile-0.5) > 1e-12 {
		t.Errorf("percentile %.4f, want 0.5", m.Percentile)
	}
	if math.Abs(m.Still-0.1) > 1e-12 {
		t.Errorf("still %.4f, want 0.1 (k = 0 alone moved less than 0.0045)", m.Still)
	}
}
