package mc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"runtime"
	"testing"
	"time"

	"brink/mc"
)

// TestCheckpointsResume saves every checkpoint of a run, completes each one
// as -resume does, and checks that every completion gives the bytes of the
// uninterrupted run: a checkpoint holds exactly the counts of the
// trajectories it lists as done.
func TestCheckpointsResume(t *testing.T) {
	m := model(t, goldenScenario, "")
	const n = 1200
	opt := mc.Options{N: n, Seed: 5, Workers: 3}
	want, err := json.Marshal(mc.Run(context.Background(), m, opt))
	if err != nil {
		t.Fatal(err)
	}
	var saved [][]byte
	opt.CheckpointEvery = time.Millisecond
	opt.Checkpoint = func(r *mc.Result) {
		if r.Partial != (r.N < n) || r.Done.Len() != r.N {
			t.Errorf("checkpoint of %d trajectories, partial %v, done %d", r.N, r.Partial, r.Done.Len())
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		saved = append(saved, b)
	}
	full, err := json.Marshal(mc.Run(context.Background(), m, opt))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(full, want) {
		t.Fatal("a run with checkpoints differs from one without")
	}
	if len(saved) == 0 {
		t.Fatal("no checkpoint")
	}
	for i, b := range saved {
		prev, err := mc.LoadResult(m, b)
		if err != nil {
			t.Fatal(err)
		}
		resumed := int64(0)
		if todo := prev.Done.Missing(0, n); len(todo) > 0 {
			more := mc.Run(context.Background(), m, mc.Options{N: n, Seed: 5, Workers: 2, Todo: todo})
			prev.Requested, prev.Partial = 0, false
			prev.Merge(more)
			prev.Partial = prev.Done.Len() < n
			resumed = more.N
		}
		got, err := json.Marshal(prev)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("checkpoint %d of %d (%d trajectories) resumed differs from the uninterrupted run", i, len(saved), prev.N-resumed)
		}
	}
	t.Logf("%d checkpoints, each resumed to the same bytes", len(saved))
}

// TestHugeRunCancels starts a run of the largest size accepted and cancels it
// after its first trajectories: it must stop, partial, having allocated what
// a small run does (a list of all chunks made up front used to need 250 GB).
func TestHugeRunCancels(t *testing.T) {
	m := model(t, goldenScenario, "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	opt := mc.Options{N: mc.MaxTrajectories, Seed: 1, Workers: 2, ProgressEvery: time.Millisecond,
		Progress: func(done int64) {
			if done >= 100 {
				cancel()
			}
		}}
	res := mc.Run(ctx, m, opt)
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d trajectories, %d MB allocated", res.N, alloc>>20)
	if !res.Partial || res.N < 100 || res.Requested != mc.MaxTrajectories {
		t.Errorf("N %d, Partial %v, Requested %d", res.N, res.Partial, res.Requested)
	}
	if alloc > 64<<20 {
		t.Errorf("%d MB allocated to start a huge run", alloc>>20)
	}
}
