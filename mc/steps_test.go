package mc_test

import (
	"bytes"
	"context"
	"testing"

	"brink/mc"
)

// RunSteps gives the result of one Run, byte for byte, and shows every block
// on the way, each with more trajectories than the last.
func TestRunStepsEqualsRun(t *testing.T) {
	m := model(t, goldenScenario, "")
	opt := mc.Options{N: 1000, Seed: 5, Workers: 2}
	whole := jsonOf(t, mc.Run(context.Background(), m, opt))
	var seen []int64
	var progress int64
	opt.Progress = func(done int64) { progress = max(progress, done) }
	got := mc.RunSteps(context.Background(), m, opt, 4, func(r *mc.Result) {
		seen = append(seen, r.N)
		if r.Requested != 1000 {
			t.Errorf("block %d: Requested %d, want 1000", len(seen), r.Requested)
		}
	})
	if g := jsonOf(t, got); !bytes.Equal(g, whole) {
		t.Errorf("RunSteps differs from Run at %s", firstDiff(g, whole))
	}
	if len(seen) != 4 || seen[3] != 1000 || got.Partial {
		t.Errorf("blocks %v, partial %v; want 4 blocks ending at 1000, not partial", seen, got.Partial)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] <= seen[i-1] {
			t.Errorf("blocks %v do not grow", seen)
		}
	}
	if progress != 1000 {
		t.Errorf("progress reached %d, want 1000", progress)
	}
}

// A cancelled RunSteps stops and returns what finished, marked Partial.
func TestRunStepsCancelled(t *testing.T) {
	m := model(t, goldenScenario, "")
	ctx, cancel := context.WithCancel(context.Background())
	res := mc.RunSteps(ctx, m, mc.Options{N: 100000, Seed: 5, Workers: 2}, 100, func(r *mc.Result) { cancel() })
	if !res.Partial || res.N == 0 || res.N >= 100000 || res.Requested != 100000 {
		t.Errorf("Partial %v, N %d, Requested %d; want a partial result", res.Partial, res.N, res.Requested)
	}
}
