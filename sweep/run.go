package sweep

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"brink/mc"
	"brink/scenario"
	"brink/sim"
)

// PointResult is the result at one point of the design.
type PointResult struct {
	Done  bool
	Count int64 // trajectories with the outcome, of n
}

// Run runs n trajectories of the scenario at every point of the design,
// several points at a time, until ctx is cancelled; a point not finished is
// left not Done. Each point's count depends only on its values, the seed and
// n, so the result does not depend on workers. If progress is not nil it is
// called now and then (at most every 50 ms, and once at the end) with the
// trajectories done so far.
func Run(ctx context.Context, sc *scenario.Scenario, inputs []Input, ex *Experiment, out Outcome,
	n int64, seed uint64, workers int, progress func(done int64)) ([]PointResult, error) {
	pts := make([]PointResult, len(ex.U))
	conc := max(1, min(workers, len(pts)))
	perRun := max(1, workers/conc)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64
		finished atomic.Int64 // trajectories of finished points
		inflight = make([]atomic.Int64, conc)
		mu       sync.Mutex
		firstErr error
		errAt    = len(pts)
	)
	var lastDraw atomic.Int64 // when progress was last called, in ns since start
	start := time.Now()
	report := func() {
		if progress == nil {
			return
		}
		// Points can finish much faster than a terminal wants redrawing.
		now := int64(time.Since(start))
		if last := lastDraw.Load(); now-last < int64(50*time.Millisecond) || !lastDraw.CompareAndSwap(last, now) {
			return
		}
		t := finished.Load()
		for i := range inflight {
			t += inflight[i].Load()
		}
		progress(t)
	}
	var wg sync.WaitGroup
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(pts) {
					return
				}
				vals := make(map[string]float64, len(inputs))
				for j := range inputs {
					vals[inputs[j].Path] = inputs[j].At(ex.U[i][j])
				}
				fail := func(err error) {
					mu.Lock()
					defer mu.Unlock()
					if i < errAt {
						errAt, firstErr = i, fmt.Errorf("point %d (%s): %v", i+1, describeValues(inputs, vals), err)
					}
					cancel()
				}
				s, err := sc.WithValues(vals)
				if err != nil {
					fail(err)
					return
				}
				m, err := sim.Compile(s)
				if err != nil {
					fail(err)
					return
				}
				opt := mc.Options{N: n, Seed: seed, Workers: perRun}
				if progress != nil {
					opt.Progress = func(d int64) { inflight[w].Store(d); report() }
				}
				res := mc.Run(ctx, m, opt)
				inflight[w].Store(0)
				if res.Partial {
					return
				}
				finished.Add(res.N)
				pts[i] = PointResult{Done: true, Count: out.Count(mc.Summarize(res))}
				report()
			}
		}()
	}
	wg.Wait()
	if progress != nil {
		progress(finished.Load())
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return pts, nil
}

func describeValues(inputs []Input, vals map[string]float64) string {
	parts := make([]string, len(inputs))
	for j, p := range inputs {
		parts[j] = p.Path + "=" + fmtG(vals[p.Path])
	}
	return strings.Join(parts, ", ")
}
