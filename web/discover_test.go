package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"brink/mc"
	"brink/results"
	"brink/scenario"
	"brink/sim"
)

// The discovery page of a run: it asks for -rows when the run kept no
// table; with one, it shows the answer and the ranking of the assumptions;
// an unknown outcome is a 400 that says what is expected.
func TestDiscoverPage(t *testing.T) {
	f := newFixture(t, true, nil)
	code, body := f.get(t, "/runs/"+f.runID)
	if code != 200 || !strings.Contains(body, `href="/runs/`+f.runID+`/discover"`) {
		t.Errorf("the run's page does not link to its discovery:\n%s", body)
	}
	code, body = f.get(t, "/runs/"+f.runID+"/discover")
	if code != 200 || !strings.Contains(body, "-rows") {
		t.Errorf("GET discover without rows = %d, want 200 asking for -rows:\n%s", code, body)
	}
	// Keep a table of trajectories in the run's directory.
	sc, err := scenario.LoadFile(smallFile)
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := results.CreateRows(f.runDir, m, results.NewManifest(sc, 4, 200, 0, 0, time.Now().UTC()), false)
	if err != nil {
		t.Fatal(err)
	}
	mc.Run(context.Background(), m, mc.Options{N: 200, Seed: 4, Workers: 2, Rows: rows})
	if err := rows.Commit(); err != nil {
		t.Fatal(err)
	}
	code, body = f.get(t, "/runs/"+f.runID+"/discover?outcome=settlement")
	if code != 200 || !strings.Contains(body, `id="discover-answer"`) || !strings.Contains(body, `id="influence"`) {
		t.Errorf("GET discover = %d, want the answer and the ranking:\n%s", code, body)
	}
	code, body = f.get(t, "/runs/"+f.runID+"/discover?outcome=no_such_thing")
	if code != 400 || !strings.Contains(body, "unknown outcome") {
		t.Errorf("GET discover of an unknown outcome = %d, want 400 saying so:\n%s", code, body)
	}
}
