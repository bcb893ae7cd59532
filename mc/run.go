// Package mc runs many trajectories of a scenario and aggregates them.
//
// Trajectory k draws only from its own streams, keyed by (scenario hash, seed,
// k), so any trajectory can be replayed alone (sim.World.Reset with StreamKey)
// and the same run gives the same bytes whatever the number of workers. All
// aggregates are integer counts, so merging workers (or shards) in any order is
// exact, and memory does not grow with the number of trajectories.
package mc

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"brink/sim"
)

// StreamKey is the key of trajectory k's random streams. The variant is
// deliberately not part of it: trajectory k of every variant of a scenario uses
// the same streams (common random numbers), so differences between variants
// are the variants' and not the noise's.
func StreamKey(hash [32]byte, seed uint64, k int64) [32]byte {
	var buf [32 + 8 + 8 + 8]byte
	copy(buf[:], "brink/1\x00")
	copy(buf[8:], hash[:])
	binary.LittleEndian.PutUint64(buf[40:], seed)
	binary.LittleEndian.PutUint64(buf[48:], uint64(k))
	return sha256.Sum256(buf[:])
}

// Options of a run.
type Options struct {
	N       int64  // trajectories of the whole run
	Seed    uint64 // master seed
	Workers int    // goroutines; 0 = GOMAXPROCS
	// Shard i of Shards runs only its own contiguous block of the N
	// trajectories (see ShardRange); merging the results of all shards gives
	// exactly the result of the whole run. Zero Shards means the whole run.
	Shard, Shards int
	// Todo, if not empty, restricts the run to these trajectories of the
	// shard (to complete an interrupted run: Result.Done.Missing).
	Todo Ranges
	// Progress, if set, is called about every ProgressEvery with the number of
	// trajectories done, from a goroutine of its own; and once at the end.
	Progress      func(done int64)
	ProgressEvery time.Duration
	// Rows, if set, receives the row of every trajectory run, in increasing
	// k whatever the number of workers (see RowWriter and rowChunksAhead).
	Rows RowWriter
}

// chunk is how many consecutive trajectories a worker takes at once.
const chunk = 64

// ShardRange is the block of trajectories [from, to) that shard i of n runs
// out of a run of total trajectories: consecutive blocks whose sizes differ by
// at most one.
func ShardRange(total int64, i, n int) (from, to int64) {
	if n <= 1 {
		return 0, total
	}
	return total * int64(i) / int64(n), total * int64(i+1) / int64(n)
}

// Run simulates the trajectories of model m that opt selects (all opt.N, or
// one shard of them). If ctx is cancelled it stops early and returns what
// finished, marked Partial.
func Run(ctx context.Context, m *sim.Model, opt Options) *Result {
	first, last := ShardRange(opt.N, opt.Shard, opt.Shards)
	count := last - first
	todo := Ranges{{first, last}}
	if len(opt.Todo) > 0 {
		todo = Ranges{}
		for _, iv := range opt.Todo.normalize() {
			if lo, hi := max(iv[0], first), min(iv[1], last); lo < hi {
				todo = append(todo, [2]int64{lo, hi})
			}
		}
	}
	// The work, cut into chunks of consecutive trajectories.
	var chunks Ranges
	for _, iv := range todo {
		for s := iv[0]; s < iv[1]; s += chunk {
			chunks = append(chunks, [2]int64{s, min(s+chunk, iv[1])})
		}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// No more workers than chunks of work: each one holds a World and a Result.
	workers = max(1, min(workers, len(chunks)))
	hash := m.Scenario.Hash
	var rows *rowPipe
	if opt.Rows != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		rows = newRowPipe(ctx, cancel, opt.Rows, workers)
	}
	var next, done atomic.Int64
	parts := make([]*Result, workers)
	var wg sync.WaitGroup
	for wi := range workers {
		parts[wi] = NewResult(m)
		wg.Add(1)
		go func(acc *Result) {
			defer wg.Done()
			w := sim.NewWorld(m)
			for ctx.Err() == nil {
				c := next.Add(1) - 1
				if c >= int64(len(chunks)) {
					return
				}
				start, end := chunks[c][0], chunks[c][1]
				var rb *rowChunk
				if rows != nil {
					if rb = rows.start(int(c)); rb == nil {
						return
					}
				}
				k := start
				for ; k < end && ctx.Err() == nil; k++ {
					w.Reset(StreamKey(hash, opt.Seed, k))
					acc.AddAt(k, w.Run())
					if rb != nil {
						rb.add(k, w)
					}
					done.Add(1)
				}
				acc.Done = append(acc.Done, [2]int64{start, k})
				if rb != nil {
					rows.finished(rb)
				}
			}
		}(parts[wi])
	}
	stopProgress := reportProgress(opt, &done)
	wg.Wait()
	if rows != nil {
		rows.close()
	}
	stopProgress()
	res := parts[0]
	for _, p := range parts[1:] {
		res.Merge(p)
	}
	res.Done = res.Done.normalize()
	res.Seed, res.Requested = opt.Seed, count
	res.Partial = res.Done.Len() < count
	if opt.Progress != nil {
		opt.Progress(res.N)
	}
	return res
}

// Trace replays trajectory k alone with its event log on.
func Trace(m *sim.Model, seed uint64, k int64) (*sim.Outcome, []sim.Event, *sim.World) {
	w := sim.NewWorld(m)
	w.Trace(true)
	w.Reset(StreamKey(m.Scenario.Hash, seed, k))
	o := w.Run()
	return o, w.Events(), w
}

// reportProgress calls opt.Progress with the count in done about every
// opt.ProgressEvery, from a goroutine of its own, until the returned function
// is called (which waits for it to stop).
func reportProgress(opt Options, done *atomic.Int64) (stop func()) {
	if opt.Progress == nil {
		return func() {}
	}
	every := opt.ProgressEvery
	if every <= 0 {
		every = 200 * time.Millisecond
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				opt.Progress(done.Load())
			}
		}
	}()
	return func() {
		close(quit)
		wg.Wait()
	}
}
