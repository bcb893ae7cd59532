package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestServeUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "extra"},
		{"serve", "-addr", "nonsense"},
		{"serve", "-addr", "0.0.0.0:0"},      // reachable from others without -public
		{"serve", "-addr", ":0"},             // all interfaces
		{"serve", "-addr", "192.0.2.1:8080"}, // another address
		{"serve", "-max-runs", "0"},
		{"serve", "-bogus"},
	} {
		r := brink(t, args...)
		wantCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, "Usage: brink serve") {
			t.Errorf("%v: no usage in\n%s", args, r.stderr)
		}
	}
	r := brink(t, "serve", "-h")
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "127.0.0.1:8080") || !strings.Contains(r.stdout, "Examples:") {
		t.Errorf("brink serve -h:\n%s", r.stdout)
	}
}

// lockedBuffer is a buffer that a command writes to while a test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var servingAt = regexp.MustCompile(`the dashboard is at (http://\S+/)`)

// startServe runs brink serve with args until the test ends and returns the
// dashboard's address, what it prints, and a function that stops it (Ctrl-C)
// and returns its exit status.
func startServe(t *testing.T, args ...string) (base string, stderr *lockedBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr = &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, append([]string{"serve"}, args...), &Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: stderr})
	}()
	var once sync.Once
	code := -1
	stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(30 * time.Second):
				t.Errorf("brink serve did not stop within 30 s of Ctrl-C")
			}
		})
		return code
	}
	t.Cleanup(func() { stop() })
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingAt.FindStringSubmatch(stderr.String()); m != nil {
			return m[1], stderr, stop
		}
		select {
		case c := <-done:
			t.Fatalf("brink serve exited with %d:\n%s", c, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("brink serve did not say where it listens:\n%s", stderr.String())
	return
}

func TestServeStartsAndStops(t *testing.T) {
	base, stderr, stop := startServe(t, "-addr", "127.0.0.1:0")
	resp, err := http.Get(base)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET %s: %d", base, resp.StatusCode)
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit %d after Ctrl-C, want 0:\n%s", code, stderr)
	}
	if !strings.Contains(stderr.String(), "stopped") {
		t.Errorf("no word of stopping:\n%s", stderr)
	}
}

func TestServePublicWarns(t *testing.T) {
	_, stderr, _ := startServe(t, "-addr", "0.0.0.0:0", "-public")
	if !strings.Contains(stderr.String(), "WARNING") {
		t.Errorf("-public without a warning:\n%s", stderr)
	}
}
