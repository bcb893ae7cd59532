package cli

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"sort"

	"brink/mc"
	"brink/results"
	"brink/scenario"
	"brink/sim"
)

const mergeHelp = `
Merges the results directories of the shards of one run (brink run -shard i/N
-out DIR) and prints the summary of the whole run: byte for byte what one
unsharded run with the same scenario, seed and trajectory count prints. The
scenario is rebuilt from the text kept in the manifests, so the original file
is not needed. A shard missing, or given twice, is an error; with -partial a
missing shard is allowed and the result is marked PARTIAL.

Examples:
  brink merge runs/shard*
  brink merge -json -out runs/all runs/shard0 runs/shard1 runs/shard2
`

func mergeCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "merge", "[-json] [-out DIR] [-partial] DIR...", mergeHelp)
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	dir := fs.String("out", "", "keep the merged run in this results directory")
	partial := fs.Bool("partial", false, "allow missing shards (the result is marked partial)")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return usageError(fs, "no results directory given")
	}
	type shard struct {
		dir  string
		man  results.Manifest
		data []byte
	}
	var parts []shard
	for _, d := range pos {
		man, data, err := results.Read(d)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
			return exitUsage
		}
		parts = append(parts, shard{d, man, data})
	}
	sort.SliceStable(parts, func(a, b int) bool { return parts[a].man.Shard < parts[b].man.Shard })
	first := parts[0].man
	shards := max(first.Shards, 1)
	seen := make([]string, shards)
	for _, p := range parts {
		m := p.man
		if m.ScenarioHash != first.ScenarioHash || m.Variant != first.Variant || m.Seed != first.Seed ||
			m.Trajectories != first.Trajectories || max(m.Shards, 1) != shards {
			fmt.Fprintf(env.Stderr, "brink merge: %s and %s are not shards of the same run (scenario, variant, seed, trajectories and shard count must agree)\n", parts[0].dir, p.dir)
			return exitUsage
		}
		if m.Shard < 0 || m.Shard >= shards {
			fmt.Fprintf(env.Stderr, "brink merge: %s: shard %d is not one of 0–%d\n", p.dir, m.Shard, shards-1)
			return exitUsage
		}
		if seen[m.Shard] != "" {
			fmt.Fprintf(env.Stderr, "brink merge: shard %d/%d given twice: %s and %s\n", m.Shard, shards, seen[m.Shard], p.dir)
			return exitUsage
		}
		seen[m.Shard] = p.dir
	}
	var missing []int
	for i, d := range seen {
		if d == "" {
			missing = append(missing, i)
		}
	}
	if len(missing) > 0 && !*partial {
		fmt.Fprintf(env.Stderr, "brink merge: shards %v of %d are missing (use -partial to merge what there is)\n", missing, shards)
		return exitUsage
	}
	m, err := modelOfManifest(first)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink merge: the scenario kept in %s: %v\n", parts[0].dir, err)
		return exitUsage
	}
	var res *mc.Result
	started, finished := first.Started, first.Finished
	for _, p := range parts {
		r, err := mc.LoadResult(m, p.data)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink merge: %s: %v\n", p.dir, err)
			return exitUsage
		}
		if res == nil {
			res = r
		} else {
			res.Merge(r)
		}
		if p.man.Started.Before(started) {
			started = p.man.Started
		}
		if p.man.Finished.After(finished) {
			finished = p.man.Finished
		}
	}
	if len(missing) > 0 {
		res.Partial, res.Requested = true, first.Trajectories
	}
	sum := mc.Summarize(res)
	var buf bytes.Buffer
	if *asJSON {
		err = sum.WriteJSON(&buf)
	} else {
		err = sum.WriteText(&buf)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitFail
	}
	env.Stdout.Write(buf.Bytes())
	if *dir != "" {
		man := first
		man.Shard, man.Shards, man.Started, man.Finished = 0, 0, started, finished
		if err := keep(*dir, man, res); err != nil {
			fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
			return exitFail
		}
	}
	if res.Partial {
		return exitFail
	}
	return exitOK
}

// modelOfManifest rebuilds the model of a run from the scenario text its
// manifest keeps, and checks it is the scenario the run used.
func modelOfManifest(man results.Manifest) (*sim.Model, error) {
	sc, err := scenario.Parse(man.ScenarioFile, []byte(man.ScenarioText))
	if err == nil && man.Variant != "" {
		sc, err = sc.WithVariant(man.Variant)
	}
	if err != nil {
		return nil, err
	}
	if h := hex.EncodeToString(sc.Hash[:]); h != man.ScenarioHash {
		return nil, fmt.Errorf("the scenario text hashes to %.12s…, the manifest says %.12s…", h, man.ScenarioHash)
	}
	return sim.Compile(sc)
}
