package mc

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"brink/scenario"
	"brink/sim"
)

func rowsModel(t *testing.T) *sim.Model {
	t.Helper()
	sc, err := scenario.LoadFile("testdata/golden.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// rowLog is a RowWriter that keeps the ks it is given, and can be made to
// block or fail.
type rowLog struct {
	mu    sync.Mutex
	ks    []int64
	calls int
	hold  chan struct{} // if set, the first call waits until it is closed
	fail  int           // if > 0, the call with this number fails
	after func()        // if set, called after each call
}

func (l *rowLog) WriteRows(rows []Row) error {
	l.mu.Lock()
	l.calls++
	calls := l.calls
	l.mu.Unlock()
	if calls == 1 && l.hold != nil {
		<-l.hold
	}
	if calls == l.fail {
		return errors.New("disk full")
	}
	l.mu.Lock()
	for _, r := range rows {
		l.ks = append(l.ks, r.K)
	}
	l.mu.Unlock()
	if l.after != nil {
		l.after()
	}
	return nil
}

// Rows come in order of k, each once, whatever the number of workers; while
// the writer is stuck on the first chunk, the workers run no more than
// rowChunksAhead × workers chunks, and go on when it is unstuck.
func TestRowsInOrderWithBoundedLead(t *testing.T) {
	m := rowsModel(t)
	const workers = 3
	n := int64(40 * chunk)
	l := &rowLog{hold: make(chan struct{})}
	var done atomic.Int64
	finished := make(chan *Result)
	go func() {
		finished <- Run(context.Background(), m, Options{N: n, Seed: 3, Workers: workers, Rows: l,
			Progress: func(d int64) { done.Store(d) }, ProgressEvery: time.Millisecond})
	}()
	bound := int64(rowChunksAhead * workers * chunk)
	deadline := time.Now().Add(5 * time.Second)
	for done.Load() < bound && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // time to overrun the bound, if it could
	if d := done.Load(); d != bound {
		t.Errorf("with the writer stuck, %d trajectories ran; want exactly %d (%d chunks of %d ahead per worker)", d, bound, rowChunksAhead, chunk)
	}
	close(l.hold)
	res := <-finished
	if res.N != n || res.Partial {
		t.Fatalf("run did %d of %d", res.N, n)
	}
	if int64(len(l.ks)) != n {
		t.Fatalf("%d rows written, want %d", len(l.ks), n)
	}
	for i, k := range l.ks {
		if k != int64(i) {
			t.Fatalf("row %d is trajectory %d", i, k)
		}
	}
}

// A run stopped midway has written the rows of exactly the trajectories its
// result says it did, in order, gaps and all.
func TestRowsOfAStoppedRun(t *testing.T) {
	m := rowsModel(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := &rowLog{}
	l.after = func() {
		if len(l.ks) >= 5*chunk {
			cancel()
		}
	}
	res := Run(ctx, m, Options{N: 100 * chunk, Seed: 4, Workers: 3, Rows: l})
	if !res.Partial {
		t.Fatal("the run was not stopped")
	}
	var want []int64
	for _, iv := range res.Done {
		for k := iv[0]; k < iv[1]; k++ {
			want = append(want, k)
		}
	}
	if len(want) != len(l.ks) {
		t.Fatalf("%d rows written, the result did %d trajectories", len(l.ks), len(want))
	}
	for i := range want {
		if l.ks[i] != want[i] {
			t.Fatalf("row %d is trajectory %d, want %d", i, l.ks[i], want[i])
		}
	}
}

// A writer that fails stops the run, and is given nothing more.
func TestRowsWriterFailureStopsTheRun(t *testing.T) {
	m := rowsModel(t)
	l := &rowLog{fail: 2}
	res := Run(context.Background(), m, Options{N: 200 * chunk, Seed: 5, Workers: 2, Rows: l})
	if !res.Partial || res.N == 200*chunk {
		t.Errorf("the run went on after its writer failed: %d trajectories", res.N)
	}
	if l.calls != 2 || len(l.ks) != chunk {
		t.Errorf("after failing, the writer was called %d times in all with %d rows; want 2 calls, %d rows", l.calls, len(l.ks), chunk)
	}
}
