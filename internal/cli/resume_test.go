package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An interrupted run kept with -out is marked partial; -resume completes it to
// the summary an uninterrupted run prints, byte for byte, and a second
// -resume has nothing left to do.
func TestResumeCompletesAnInterruptedRun(t *testing.T) {
	scen := filepath.Join("testdata", "small.yaml")
	const n = "40000"
	dir := filepath.Join(t.TempDir(), "run")
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	cut := brinkCtx(t, ctx, false, "run", scen, "-n", n, "-seed", "11", "-workers", "2", "-out", dir)
	wantCode(t, cut, exitFail)
	man, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(man), `"partial": true`) {
		t.Fatalf("the interrupted run's manifest is not marked partial:\n%s", man)
	}
	resumed := brink(t, "run", "-resume", dir, "-workers", "3")
	wantCode(t, resumed, exitOK)
	whole := brink(t, "run", scen, "-n", n, "-seed", "11")
	wantCode(t, whole, exitOK)
	if resumed.stdout != whole.stdout {
		t.Errorf("resumed run prints\n%s\nan uninterrupted one\n%s", resumed.stdout, whole.stdout)
	}
	txt, _ := os.ReadFile(filepath.Join(dir, "summary.txt"))
	if string(txt) != whole.stdout {
		t.Error("the resumed directory's summary.txt differs from an uninterrupted run")
	}
	again := brink(t, "run", "-resume", dir)
	wantCode(t, again, exitOK)
	if again.stdout != whole.stdout {
		t.Error("resuming a complete run changed it")
	}
	if r := brink(t, "run", "-resume", dir, "-seed", "3", scen); r.code != exitUsage {
		t.Errorf("-resume with a scenario: exit %d, want %d", r.code, exitUsage)
	}
}
