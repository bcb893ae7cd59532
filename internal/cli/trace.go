package cli

import (
	"context"

	"brink/mc"
)

const traceHelp = `
Replays one trajectory of a run — trajectory K of seed S, exactly as 'brink run'
simulated it — and tells it as a dated story: what each actor chose and with
what probability, false alarms and how far up the chain they got, red lines
crossed, fighting, and how it ended.

Examples:
  brink trace -seed 1 -k 42
  brink trace -variant incompetence -seed 3 -k 0
  brink trace my-crisis.yaml -seed 1 -k 7
`

func traceCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "trace", "[FILE] -seed S -k K [-variant NAME]", traceHelp)
	seed := fs.Uint64("seed", 1, "master seed of the run")
	k := fs.Int64("k", 0, "index of the trajectory (0-based)")
	variant := fs.String("variant", "", "apply the named variant of the scenario")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) > 1 {
		return usageError(fs, "expected at most one scenario, got %d", len(pos))
	}
	if *k < 0 {
		return usageError(fs, "-k must be 0 or more, got %d", *k)
	}
	_, m, ok := loadModel(env, pos, *variant)
	if !ok {
		return exitUsage
	}
	if err := mc.WriteTrace(env.Stdout, m, *seed, *k); err != nil {
		return exitFail
	}
	return exitOK
}
