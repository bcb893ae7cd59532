package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"brink/mc"
	"brink/plan"
	"brink/scenario"
	"brink/sim"
	"brink/sweep"
)

const planHelp = `
Prints what runs a sharded run on a cluster: for slurm, a Slurm job array
script (one array task per shard); for k8s, a Kubernetes Indexed Job (one
completion index per shard) and a second Job for the merge, in YAML. Nothing is
submitted: save the output and submit it as its header says.

Shard i of N runs 'brink run FILE -n .. -seed .. -shard i/N -out OUT/shard-i'
and the merge runs 'brink merge -out OUT/merged OUT/shard-*', whose summary is
byte for byte that of the unsharded 'brink run FILE -n .. -seed ..'.

slurm: the script is a batch script for 'sbatch' (logs NAME-JOB_TASK.out in
the directory sbatch is run from; relative paths are relative to it too), and
'bash SCRIPT submit' submits it together with the merge as a job that starts
once every shard has succeeded (sbatch --dependency=afterok). -binary is the
brink binary as the nodes see it (default: brink on the PATH). OUT defaults
to results.

k8s: the shards and the merge share a volume mounted at OUT (default
/results). It is emitted as an emptyDir placeholder: replace it by a
PersistentVolumeClaim that every pod can mount. The merge Job is created
suspended; the header says how to start it once the shards have completed.
-image is the container image (default: brink), -binary the command in it
(default: brink). A scenario file is shipped in a ConfigMap; a built-in
scenario is named by its id.

-workers is each shard's number of worker goroutines, and the CPUs asked for
it (--cpus-per-task, or the pod's CPU request). -parallel limits how many
shards run at once (default: all).

compare and sweep: 'brink plan ENGINE compare' and 'brink plan ENGINE sweep'
write one job — a Slurm batch script, or a Kubernetes Job — that runs
'brink compare' (with -variants) or 'brink sweep' (with -params, -design,
-points, -outcome) as one process with -workers CPUs and keeps its results
in OUT/compare or OUT/sweep. These flags are checked against the scenario
here, before anything is submitted; -shards and -parallel are for runs only.

Examples:
  brink plan slurm -n 1000000 -shards 100 > brink.sbatch
  brink plan slurm my-crisis.yaml -n 200000 -shards 20 -workers 4 -out runs/crisis > crisis.sbatch
  brink plan k8s -n 1000000 -shards 50 -image registry.example.org/brink:1.4 > brink-job.yaml
  brink plan k8s -variant bluff -n 100000 -shards 10 -parallel 5 | kubectl apply -f -
  brink plan slurm compare -variants bluff,heartland -n 200000 -workers 16 > compare.sbatch
  brink plan k8s sweep -params actors.RUS.politics.resolve,theatres.ukraine.defence_advantage -points 64 -n 2000 -workers 8
`

const planSynopsis = "slurm|k8s [run|compare|sweep] [FILE] -shards N [-n N] [-seed S] [-variant NAME] [-workers W] [-parallel P] [-out DIR] [-name NAME] [-binary PATH] [-image IMAGE]"

func planCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "plan", planSynopsis, planHelp)
	n := fs.Int64("n", 10000, "number of trajectories of the whole run")
	seed := fs.Uint64("seed", 1, "master seed")
	workers := fs.Int("workers", 1, "worker goroutines and CPUs of each shard")
	variant := fs.String("variant", "", "apply the named variant of the scenario")
	shards := fs.Int("shards", 0, "number of shards (array tasks, completion indexes)")
	parallel := fs.Int("parallel", 0, "run at most this many shards at once (0: all)")
	out := fs.String("out", "", "results directory of the shards and the merge (default results, for k8s /results)")
	name := fs.String("name", "", "job name (default brink-SCENARIO[-VARIANT])")
	binary := fs.String("binary", "brink", "the brink binary on the nodes, or the command in the image")
	image := fs.String("image", "", "container image for k8s (default brink)")
	variants := fs.String("variants", "", "compare: the variants to compare with the baseline, `a,b,c`, or all (default all)")
	params := fs.String("params", "", "sweep: the parameters to vary, `path[=lo:hi],...`")
	design := fs.String("design", "", "sweep: experimental design, sobol, morris, lhs or grid (default sobol)")
	points := fs.Int("points", 0, "sweep: base rows, trajectories, points or levels of the design (0: the design's default)")
	outcome := fs.String("outcome", "", "sweep: the outcome whose probability is the output (default nuclear_use)")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return usageError(fs, "no engine given: slurm or k8s")
	}
	p := plan.Plan{Engine: pos[0], Variant: *variant, N: *n, Seed: *seed, Workers: *workers,
		Shards: *shards, Parallel: *parallel, Out: *out, Name: *name, Binary: *binary, Image: *image}
	switch p.Engine {
	case "slurm", "k8s":
	case "kubernetes":
		p.Engine = "k8s"
	default:
		return usageError(fs, "unknown engine %q: expected slurm or k8s", p.Engine)
	}
	p.Command = "run"
	if len(pos) > 1 && (pos[1] == "run" || pos[1] == "compare" || pos[1] == "sweep") && !fileExists(pos[1]) {
		p.Command = pos[1]
		pos = append(pos[:1], pos[2:]...)
	}
	if len(pos) > 2 {
		return usageError(fs, "expected at most one scenario, got %d", len(pos)-1)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	only := map[string]string{"variants": "compare", "params": "sweep", "design": "sweep", "points": "sweep", "outcome": "sweep",
		"shards": "run", "parallel": "run"}
	for f, cmd := range only {
		if set[f] && p.Command != cmd {
			return usageError(fs, "-%s is for brink plan ENGINE %s, not %s", f, cmd, p.Command)
		}
	}
	if p.Command != "run" {
		p.Shards = 1
	}
	if p.Command == "compare" && p.Variant != "" {
		return usageError(fs, "-variant is not for compare, which runs the baseline and -variants")
	}
	switch {
	case p.Command == "run" && !set["shards"]:
		return usageError(fs, "-shards is required: the number of shards to split the run into")
	case p.Shards < 1:
		return usageError(fs, "-shards must be at least 1, got %d", p.Shards)
	case p.N < 1:
		return usageError(fs, "-n must be at least 1, got %d", p.N)
	case int64(p.Shards) > p.N:
		return usageError(fs, "-shards %d is more than the %d trajectories: every shard needs at least one", p.Shards, p.N)
	case p.Workers < 1:
		return usageError(fs, "-workers must be at least 1, got %d", p.Workers)
	case p.Parallel < 0:
		return usageError(fs, "-parallel must be 0 (all shards at once) or more, got %d", p.Parallel)
	case p.Binary == "":
		return usageError(fs, "-binary must not be empty")
	case p.Engine == "slurm" && set["image"]:
		return usageError(fs, "-image is for k8s only: a Slurm job runs -binary on the nodes")
	}
	arg := ""
	if len(pos) == 2 {
		arg = pos[1]
	}
	for _, v := range []struct{ what, s string }{{"FILE", arg}, {"-variant", p.Variant},
		{"-out", p.Out}, {"-name", p.Name}, {"-binary", p.Binary}, {"-image", p.Image}} {
		if !utf8.ValidString(v.s) || strings.ContainsFunc(v.s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return usageError(fs, "%s %q contains a control character or invalid UTF-8", v.what, v.s)
		}
	}
	sc, err := loadScenario(arg, p.Variant)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitUsage
	}
	p.Scenario, p.File = arg, arg != "" && fileExists(arg)
	if arg == "" {
		p.Scenario = scenario.DefaultID
	}
	if p.File {
		p.Source = sc.Source()
	}
	switch p.Command {
	case "compare":
		v := *variants
		if v == "" {
			v = "all"
		}
		if _, err := mc.CompareVariants(sc, v); err != nil {
			return usageError(fs, "%v", err)
		}
		p.Args = []string{"-variants", v}
	case "sweep":
		a, code := planSweepArgs(env, fs, sc, *params, *design, *points, *outcome)
		if a == nil {
			return code
		}
		p.Args = a
	}
	if err := p.Complete(sc.ID); err != nil {
		return usageError(fs, "%v", err)
	}
	if err := p.Write(env.Stdout); err != nil {
		fmt.Fprintf(env.Stderr, "brink plan: %v\n", err)
		return exitFail
	}
	return exitOK
}

// planSweepArgs checks the sweep flags of brink plan ENGINE sweep against the
// scenario as brink sweep would, and returns them as its arguments; nil and
// the exit status on a problem, which it has printed.
func planSweepArgs(env *Env, fs *flag.FlagSet, sc *scenario.Scenario, params, design string, points int, outcome string) ([]string, int) {
	if strings.TrimSpace(params) == "" {
		return nil, usageError(fs, "no parameters: give -params path[=lo:hi],...")
	}
	var inputs []sweep.Input
	var specs []string
	for _, s := range strings.Split(params, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		in, err := sweep.ParseInput(s)
		if err != nil {
			return nil, usageError(fs, "%v", err)
		}
		inputs, specs = append(inputs, in), append(specs, s)
	}
	if err := sweep.Resolve(sc, inputs); err != nil {
		fmt.Fprintf(env.Stderr, "brink plan: %v\n", err)
		return nil, exitUsage
	}
	if design == "" {
		design = "sobol"
	}
	def, ok := sweep.Designs[design]
	if !ok {
		return nil, usageError(fs, "unknown design %q; expected sobol, morris, lhs or grid", design)
	}
	if points == 0 {
		points = def
	}
	if _, err := sweep.NewExperiment(design, len(inputs), points, 1); err != nil {
		return nil, usageError(fs, "%v", err)
	}
	args := []string{"-params", strings.Join(specs, ","), "-design", design, "-points", strconv.Itoa(points)}
	if outcome != "" {
		m, err := sim.Compile(sc)
		if err == nil {
			_, err = sweep.FindOutcome(m, outcome)
		}
		if err != nil {
			return nil, usageError(fs, "-outcome: %v", err)
		}
		args = append(args, "-outcome", outcome)
	}
	return args, exitOK
}
