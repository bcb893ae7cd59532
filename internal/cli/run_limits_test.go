package cli

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestRunRefusesBadOutput(t *testing.T) {
	scen := filepath.Join("testdata", "small.yaml")
	dir := t.TempDir()
	if r := brink(t, "run", scen, "-n", "10", "-out", filepath.Join(dir, "x"), "-no-save"); r.code != exitUsage {
		t.Errorf("-out with -no-save: exit %d, want %d\n%s", r.code, exitUsage, r)
	}
	if r := brink(t, "run", scen, "-n", "1000000000001", "-no-save"); r.code != exitUsage {
		t.Errorf("-n over the maximum: exit %d, want %d\n%s", r.code, exitUsage, r)
	}
	// A directory that cannot be made (a file is in the way) is found before
	// the first trajectory: nothing is printed but the error.
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := brink(t, "run", scen, "-n", "200", "-out", filepath.Join(file, "run"))
	wantCode(t, r, exitFail)
	if r.stdout != "" || !strings.Contains(r.stderr, "cannot keep the run") {
		t.Errorf("an unwritable -out ran first:\n%s", r)
	}
}

// The largest -n starts at once, with memory that does not depend on it, and
// stops (PARTIAL) when interrupted.
func TestHugeRunInterrupted(t *testing.T) {
	scen := filepath.Join("testdata", "small.yaml")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	time.AfterFunc(300*time.Millisecond, cancel)
	r := brinkCtx(t, ctx, false, "run", scen, "-n", "1000000000000", "-no-save")
	runtime.ReadMemStats(&after)
	wantCode(t, r, exitFail)
	if !strings.Contains(r.stderr, "PARTIAL") && !strings.Contains(r.stderr, "before any trajectory") {
		t.Errorf("not marked partial:\n%s", r)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 128<<20 {
		t.Errorf("%d MB allocated by an interrupted run of 10^12 trajectories", alloc>>20)
	}
}
