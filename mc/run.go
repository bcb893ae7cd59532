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
	"sort"
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
	// Checkpoint, if set, is called about every CheckpointEvery (default
	// 10 s) with the result so far, marked Partial: the counts of exactly the
	// trajectories in its Done. It runs on Run's goroutine and must not keep
	// or change the result.
	Checkpoint      func(*Result)
	CheckpointEvery time.Duration
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

// MaxTrajectories is the largest run (and -n) accepted: counts stay far from
// overflowing, and a run's memory does not depend on its size.
const MaxTrajectories = 1_000_000_000_000

// handEvery is how many chunks a worker runs at most before it hands its
// counts to the run's total, where the ranges of trajectories done merge: the
// list a worker keeps stays under 64 KiB, and a run of any size allocates the
// same as a short one until then.
const handEvery = 4096

// chunker cuts the trajectories to run into chunks of consecutive ones,
// numbered from 0, without listing them: memory does not grow with -n.
type chunker struct {
	todo  Ranges
	first []int64 // number of the first chunk of each range of todo
	total int64
}

func newChunker(todo Ranges) chunker {
	c := chunker{todo: todo}
	for _, iv := range todo {
		c.first = append(c.first, c.total)
		c.total += (iv[1] - iv[0] + chunk - 1) / chunk
	}
	return c
}

// at returns the trajectories [start, end) of chunk i (0 ≤ i < total).
func (c chunker) at(i int64) (start, end int64) {
	r := sort.Search(len(c.first), func(j int) bool { return c.first[j] > i }) - 1
	iv := c.todo[r]
	start = iv[0] + (i-c.first[r])*chunk
	return start, min(start+chunk, iv[1])
}

// handover is worker w's counts since its last one, made when it saw
// checkpoint request gen; last when it stops.
type handover struct {
	acc  *Result
	w    int
	gen  int64
	last bool
}

// Run simulates the trajectories of model m that opt selects (all opt.N, or
// one shard of them). If ctx is cancelled it stops early and returns what
// finished, marked Partial. Workers hand their counts over to the total when a
// checkpoint is due (after the chunk they are running) and every handEvery
// chunks, so the total is always exactly the sum of the trajectories it lists
// as done: opt.Checkpoint saves it, and a resumed run completes it to the
// bytes of an uninterrupted one.
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
	chunks := newChunker(todo)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// No more workers than chunks of work: each one holds a World and a Result.
	workers = int(max(1, min(int64(workers), chunks.total)))
	hash := m.Scenario.Hash
	var rows *rowPipe
	if opt.Rows != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		rows = newRowPipe(ctx, cancel, opt.Rows, workers)
	}
	var next, done, gen atomic.Int64
	hand := make(chan handover, workers)
	for wi := range workers {
		go func() {
			acc := NewResult(m)
			var seen int64 // not gen.Load(): the coordinator waits for every worker's answer
			defer func() { hand <- handover{acc, wi, seen, true} }()
			w := sim.NewWorld(m)
			for ctx.Err() == nil {
				c := next.Add(1) - 1
				if c >= chunks.total {
					return
				}
				start, end := chunks.at(c)
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
				if g := gen.Load(); g != seen || len(acc.Done) >= handEvery {
					seen = g
					hand <- handover{acc, wi, seen, false}
					acc = NewResult(m)
				}
			}
		}()
	}
	stopProgress := reportProgress(opt, &done)
	res := NewResult(m)
	var tick <-chan time.Time
	if opt.Checkpoint != nil {
		every := opt.CheckpointEvery
		if every <= 0 {
			every = 10 * time.Second
		}
		t := time.NewTicker(every)
		defer t.Stop()
		tick = t.C
	}
	mark := func() {
		res.Done = res.Done.normalize()
		res.Seed, res.Requested = opt.Seed, count
		res.Partial = res.Done.Len() < count
	}
	// A checkpoint waits for every worker still running to hand over what
	// it did before it saw the request.
	got := make([]int64, workers)
	stopped := make([]bool, workers)
	pending := false
	for live := workers; live > 0; {
		select {
		case h := <-hand:
			res.Merge(h.acc)
			got[h.w] = h.gen
			if h.last {
				stopped[h.w] = true
				live--
			}
		case <-tick:
			if !pending {
				gen.Add(1)
				pending = true
			}
		}
		if pending && live > 0 {
			ready := true
			for wi := range workers {
				ready = ready && (stopped[wi] || got[wi] >= gen.Load())
			}
			if ready {
				mark()
				opt.Checkpoint(res)
				pending = false
			}
		}
	}
	if rows != nil {
		rows.close()
	}
	stopProgress()
	mark()
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
