package mc

import (
	"context"
	"slices"
	"sync"

	"brink/sim"
)

// Row is one trajectory as a table of trajectories keeps it: its index k, its
// outcome, and the values it drew for the model's uncertain parameters (in the
// order of sim.Model.UncertainNames). Its slices are its own.
type Row struct {
	K       int64
	Out     sim.Outcome
	Sampled []float64
}

// RowWriter receives the rows of a run (Options.Rows).
//
// WriteRows is called from one goroutine at a time, with the rows of one chunk
// of consecutive trajectories (fewer where the run was stopped inside it), in
// increasing k across calls: the trajectories of the run in order, whatever
// the number of workers. The rows and their slices are reused once it
// returns. An error stops the run as a cancelled context does (the result is
// partial) and no more rows are written; the writer keeps the error to report
// it.
type RowWriter interface {
	WriteRows(rows []Row) error
}

// rowChunksAhead bounds the memory that rows take while a run makes them.
// Workers finish chunks out of order, and rows must be written in order, so
// finished chunks wait for the ones before them. A worker may start chunk c
// only while c < next + rowChunksAhead×workers, where next is the first chunk
// not yet written: so at most rowChunksAhead×workers chunks of rows (of 64
// trajectories each) exist at any time, running or waiting, whatever N.
const rowChunksAhead = 2

// rowPipe puts the rows of a run in order. Workers take a buffer for their
// chunk (start), fill it (rowChunk.add) and hand it over (finished); one
// goroutine (write) hands the chunks to the RowWriter in chunk order and
// recycles their buffers.
type rowPipe struct {
	ctx    context.Context
	cancel context.CancelFunc // stops the run when the writer fails
	out    RowWriter
	ahead  int // most chunks started and not yet written

	mu   sync.Mutex
	cond *sync.Cond // signalled when next moves, and when ctx is done
	next int        // first chunk not yet written
	free []*rowChunk

	ready chan *rowChunk // finished chunks, in any order
	done  chan struct{}  // closed when write has returned
	stop  func() bool    // unregisters the wake-up on ctx
}

// rowChunk is the buffer of the rows of chunk c.
type rowChunk struct {
	c    int
	rows []Row
}

func newRowPipe(ctx context.Context, cancel context.CancelFunc, out RowWriter, workers int) *rowPipe {
	p := &rowPipe{ctx: ctx, cancel: cancel, out: out, ahead: rowChunksAhead * workers, done: make(chan struct{})}
	// Never more than ahead chunks are in flight, so handing over never blocks.
	p.ready = make(chan *rowChunk, p.ahead)
	p.cond = sync.NewCond(&p.mu)
	p.stop = context.AfterFunc(ctx, func() {
		p.mu.Lock()
		p.cond.Broadcast()
		p.mu.Unlock()
	})
	go p.write()
	return p
}

// start waits until chunk c is within rowChunksAhead×workers chunks of the
// writer and returns an empty buffer for its rows; or nil if the run was
// stopped meanwhile, and c is not to be run.
func (p *rowPipe) start(c int) *rowChunk {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c >= p.next+p.ahead && p.ctx.Err() == nil {
		p.cond.Wait()
	}
	if p.ctx.Err() != nil {
		return nil
	}
	var b *rowChunk
	if n := len(p.free); n > 0 {
		b, p.free = p.free[n-1], p.free[:n-1]
	} else {
		b = &rowChunk{rows: make([]Row, 0, chunk)}
	}
	b.c, b.rows = c, b.rows[:0]
	return b
}

// add copies trajectory k, which w has just run, into the buffer. Once the
// buffers have grown to the model's sizes it allocates nothing.
func (b *rowChunk) add(k int64, w *sim.World) {
	if len(b.rows) < cap(b.rows) {
		b.rows = b.rows[:len(b.rows)+1]
	} else {
		b.rows = append(b.rows, Row{})
	}
	r := &b.rows[len(b.rows)-1]
	r.K = k
	w.Out.CopyTo(&r.Out)
	r.Sampled = append(r.Sampled[:0], w.Sampled()...)
}

// finished hands over the buffer of a chunk that start gave, run wholly or
// in part (a stopped run).
func (p *rowPipe) finished(b *rowChunk) { p.ready <- b }

// close waits, once every worker has returned, until every finished chunk has
// been written.
func (p *rowPipe) close() {
	close(p.ready)
	<-p.done
	p.stop()
}

// write hands finished chunks to the RowWriter in chunk order. A chunk that
// never comes was not run (the run was stopped before it started): the chunks
// after it are written when the workers are done, still in order.
func (p *rowPipe) write() {
	defer close(p.done)
	failed := false
	emit := func(b *rowChunk) {
		if !failed && len(b.rows) > 0 {
			if err := p.out.WriteRows(b.rows); err != nil {
				failed = true
				p.cancel()
			}
		}
		p.mu.Lock()
		p.free = append(p.free, b)
		p.mu.Unlock()
	}
	pending := map[int]*rowChunk{}
	next := 0
	for b := range p.ready {
		pending[b.c] = b
		for {
			b, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			emit(b)
			next++
			p.mu.Lock()
			p.next = next
			p.cond.Broadcast()
			p.mu.Unlock()
		}
	}
	rest := make([]int, 0, len(pending))
	for c := range pending {
		rest = append(rest, c)
	}
	slices.Sort(rest)
	for _, c := range rest {
		emit(pending[c])
	}
}
