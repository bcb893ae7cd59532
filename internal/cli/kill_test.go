package cli

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"brink/results"
)

// startBrink starts this test binary as brink (see TestMain) with args.
func startBrink(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "BRINK_CLI_EXEC=1")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &errb
}

// waitFile waits until path exists or the process ends (then it reports
// false).
func waitFile(cmd *exec.Cmd, done <-chan error, path string) bool {
	for {
		if _, err := os.Stat(path); err == nil {
			return true
		}
		select {
		case <-done:
			return false
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// killAndResume runs brink with args into dir, kills it with sig after a
// random time once its directory holds a manifest, resumes it in-process
// and returns what the resumed run prints.
func killAndResume(t *testing.T, rng *rand.Rand, sig syscall.Signal, dir string, args ...string) string {
	t.Helper()
	cmd, errb := startBrink(t, append(args, "-out", dir, "-checkpoint", "20ms")...)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if !waitFile(cmd, done, filepath.Join(dir, "manifest.json")) {
		t.Fatalf("brink ended before it kept a manifest:\n%s", errb)
	}
	select {
	case <-time.After(time.Duration(rng.IntN(700)) * time.Millisecond):
		cmd.Process.Signal(sig)
		<-done
	case <-done: // finished first: resuming has nothing to do
	}
	if sig == syscall.SIGTERM && cmd.ProcessState.ExitCode() == -1 {
		t.Fatalf("SIGTERM killed brink instead of stopping the run:\n%s", errb)
	}
	if man, _, err := results.Read(dir); err == nil {
		t.Logf("%v: %d trajectories kept, partial %v", sig, man.Done, man.Partial)
	}
	r := brink(t, "run", "-resume", dir, "-workers", "3")
	wantCode(t, r, exitOK)
	return r.stdout
}

// A run killed with SIGKILL (or stopped by SIGTERM) at random moments
// resumes to the bytes of an uninterrupted run, and so do shards killed
// before a merge.
func TestKilledRunsResume(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	scen := filepath.Join("testdata", "small.yaml")
	const n = "6000"
	whole := brink(t, "run", scen, "-n", n, "-seed", "11", "-no-save")
	wantCode(t, whole, exitOK)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 6 {
		sig := syscall.SIGKILL
		if i%3 == 2 {
			sig = syscall.SIGTERM
		}
		dir := filepath.Join(t.TempDir(), "run")
		got := killAndResume(t, rng, sig, dir, "run", scen, "-n", n, "-seed", "11", "-workers", "2")
		if got != whole.stdout {
			t.Fatalf("run %d, %v then -resume, prints\n%s\nan uninterrupted run\n%s", i, sig, got, whole.stdout)
		}
	}
	base := t.TempDir()
	var dirs []string
	for i := range 3 {
		d := filepath.Join(base, "shard"+strconv.Itoa(i))
		killAndResume(t, rng, syscall.SIGKILL, d, "run", scen, "-n", n, "-seed", "11", "-workers", "2", "-shard", strconv.Itoa(i)+"/3")
		dirs = append(dirs, d)
	}
	merged := brink(t, append([]string{"merge"}, dirs...)...)
	wantCode(t, merged, exitOK)
	if merged.stdout != whole.stdout {
		t.Errorf("killed and resumed shards merge to\n%s\nwant\n%s", merged.stdout, whole.stdout)
	}
}
