package mc

import (
	"context"
	"runtime"

	"brink/sim"
)

// RunSteps runs what Run runs, in successive blocks of consecutive
// trajectories, and after each block calls each with the result so far (do
// not keep it: the next block is merged into it). The final result is the one
// Run gives, count for count, since everything in a Result is an integer
// count; only the workers idle briefly at the end of each block. It is how the
// dashboard shows a summary filling in as trajectories finish. Cancelling ctx
// stops it like Run, with the result marked Partial. opt.Todo, if set,
// restricts it as it restricts Run.
func RunSteps(ctx context.Context, m *sim.Model, opt Options, steps int, each func(*Result)) *Result {
	first, last := ShardRange(opt.N, opt.Shard, opt.Shards)
	count := last - first
	todo := Ranges{{first, last}}
	if len(opt.Todo) > 0 {
		todo = opt.Todo.normalize()
	}
	// Blocks of at least a chunk per worker, so that each keeps them all busy.
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	size := max(int64(chunk*workers), (count+int64(steps)-1)/int64(max(steps, 1)))
	var res *Result
	var before int64 // done in earlier blocks
	for from := first; from < last && (res == nil || ctx.Err() == nil); from += size {
		o := opt
		o.Todo = within(todo, from, min(from+size, last))
		if len(o.Todo) == 0 {
			continue
		}
		if p := opt.Progress; p != nil {
			o.Progress = func(done int64) { p(before + done) }
		}
		r := Run(ctx, m, o)
		before += r.N
		if res == nil {
			res = r
		} else {
			r.Requested = 0 // res carries the shard's count already
			res.Merge(r)
		}
		res.Partial = res.Done.Len() < count // as Run marks it
		if each != nil {
			each(res)
		}
	}
	if res == nil {
		res = Run(ctx, m, opt)
	}
	return res
}

// within is the part of r in [from, to).
func within(r Ranges, from, to int64) Ranges {
	var out Ranges
	for _, iv := range r {
		if lo, hi := max(iv[0], from), min(iv[1], to); lo < hi {
			out = append(out, [2]int64{lo, hi})
		}
	}
	return out
}
