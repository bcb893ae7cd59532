package web

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// 50 concurrent reports (an expensive endpoint, as trace and validate are)
// are served at most MaxHeavy at a time: the others wait their turn. The
// test counts the reports being made at once, with no clock.
func TestExpensiveRequestsLimited(t *testing.T) {
	var in, most atomic.Int64
	release := make(chan struct{})
	f := newFixture(t, true, func(o *Options) {
		o.MaxHeavy = 2
		o.Report = func(w io.Writer, dir string) error {
			n := in.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			<-release
			in.Add(-1)
			_, err := io.WriteString(w, "report")
			return err
		}
	})
	const clients = 50
	var wg sync.WaitGroup
	codes := make(chan int, clients)
	var started sync.WaitGroup
	started.Add(clients)
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started.Done()
			resp, err := http.Get(f.ts.URL + "/runs/" + f.runID + "/report")
			if err != nil {
				codes <- 0
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	started.Wait()
	// Let the reports through one by one; each time, no more than MaxHeavy
	// may be inside at once.
	for range clients {
		release <- struct{}{}
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != 200 {
			t.Errorf("a report answered %d", c)
		}
	}
	if m := most.Load(); m > 2 {
		t.Errorf("%d reports were made at once; MaxHeavy is 2", m)
	}
}

// The report of a run whose directory is gone is an error page that names
// no path of this machine.
func TestErrorsNameNoPath(t *testing.T) {
	f := newFixture(t, true, func(o *Options) {
		o.Report = func(w io.Writer, dir string) error {
			_, err := os.Stat(dir)
			return err
		}
	})
	if err := os.RemoveAll(f.runDir); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/runs/" + f.runID + "/report", "/edit?run=" + f.runID, "/trace?src=run:" + f.runID + "&k=0"} {
		code, body := f.get(t, path)
		if code != http.StatusInternalServerError || strings.Contains(body, f.root) || strings.Contains(body, f.runDir) {
			t.Errorf("GET %s = %d; it should fail without naming %s:\n%s", path, code, f.root, body)
		}
	}
}

// 50 concurrent checks of a hostile scenario (20,000 nested flow mappings,
// 80 kB: 50,000 once cost the parser 15 GB) keep the heap under 256 MB:
// each is refused after a bounded amount of work, two at a time.
func TestHostileValidateBounded(t *testing.T) {
	f := newFixture(t, false, nil)
	doc := strings.Repeat("{a: ", 20000)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			default:
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			runtime.Gosched()
		}
	}()
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.PostForm(f.ts.URL+"/validate", url.Values{"text": {doc}, "name": {"deep.yaml"}})
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(b), "nested more than") {
				t.Errorf("validate = %d: %.200s", resp.StatusCode, b)
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	t.Logf("peak heap %d MB", peak.Load()>>20)
	if p := peak.Load(); p > 256<<20 {
		t.Errorf("peak heap %d MB with 50 hostile checks", p>>20)
	}
}
