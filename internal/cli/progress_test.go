package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// With stderr a file (a Slurm or Kubernetes log), a run writes plain
// progress lines (done, rate, ETA) and a last line, with no terminal codes.
func TestProgressLinesWhenStderrIsAFile(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "job.err"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	code := Main(context.Background(), []string{"run", "testdata/small.yaml", "-n", "3000", "-workers", "1", "-no-save"},
		&Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: f, ProgressEvery: time.Nanosecond})
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	log := string(b)
	if strings.ContainsAny(log, "\r\033") {
		t.Errorf("terminal codes in a log:\n%q", log)
	}
	line := regexp.MustCompile(`(?m)^brink run: +\d+ % [\d,]+/3,000 trajectories, [\d,]+/s, ETA \S+$`)
	if len(line.FindAllString(log, -1)) == 0 {
		t.Errorf("no progress line in the log:\n%s", log)
	}
	if !regexp.MustCompile(`(?m)^brink run: 3,000/3,000 trajectories in \S+ \([\d,]+/s, [\d.e+-]+ M agent-turns/s\)$`).MatchString(log) {
		t.Errorf("no last line in the log:\n%s", log)
	}
	if !strings.Contains(out.String(), "Outcome") && out.Len() == 0 {
		t.Errorf("no summary on stdout")
	}

	// Without ProgressEvery (and not a terminal) nothing is written.
	var errb strings.Builder
	code = Main(context.Background(), []string{"run", "testdata/small.yaml", "-n", "300", "-no-save"},
		&Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb})
	if code != exitOK || errb.Len() != 0 {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

// In a log, lines come at most once per interval, by the clock.
func TestProgressLogInterval(t *testing.T) {
	var b strings.Builder
	start := time.Unix(1000, 0)
	p := newProgress(&Env{Stderr: &b, ProgressEvery: 5 * time.Second}, "brink run", 100)
	p.start, p.last = start, start
	now := start
	p.now = func() time.Time { return now }
	for _, s := range []struct {
		at   time.Duration
		done int64
	}{{1 * time.Second, 10}, {5 * time.Second, 50}, {7 * time.Second, 60}, {10 * time.Second, 80}} {
		now = start.Add(s.at)
		p.update(s.done)
	}
	now = start.Add(12 * time.Second)
	p.update(100)
	p.finish()
	want := "brink run: 50 % 50/100 trajectories, 10/s, ETA 5s\n" +
		"brink run: 80 % 80/100 trajectories, 8/s, ETA 3s\n" +
		"brink run: 100/100 trajectories in 12s (8/s)\n"
	if b.String() != want {
		t.Errorf("log:\n%s\nwant\n%s", b.String(), want)
	}
	// With the agent-turns a trajectory took, the last line gives their rate:
	// 100 trajectories in 12 s × 250,000 turns.
	b.Reset()
	p.turns = 250000
	p.finish()
	if want := "brink run: 100/100 trajectories in 12s (8/s, 2.08 M agent-turns/s)\n"; b.String() != want {
		t.Errorf("last line %q, want %q", b.String(), want)
	}
	// Nothing is written for a run shorter than the interval.
	b.Reset()
	p = newProgress(&Env{Stderr: &b, ProgressEvery: time.Hour}, "brink run", 100)
	p.update(100)
	p.finish()
	if b.Len() != 0 {
		t.Errorf("a short run wrote %q", b.String())
	}
}
