package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"brink/scenario"
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

Examples:
  brink plan slurm -n 1000000 -shards 100 > brink.sbatch
  brink plan slurm my-crisis.yaml -n 200000 -shards 20 -workers 4 -out runs/crisis > crisis.sbatch
  brink plan k8s -n 1000000 -shards 50 -image registry.example.org/brink:1.4 > brink-job.yaml
  brink plan k8s -variant bluff -n 100000 -shards 10 -parallel 5 | kubectl apply -f -
`

const planSynopsis = "slurm|k8s [FILE] -shards N [-n N] [-seed S] [-variant NAME] [-workers W] [-parallel P] [-out DIR] [-name NAME] [-binary PATH] [-image IMAGE]"

// plan is what a cluster plan is made of, every value checked.
type plan struct {
	engine   string
	scenario string // the FILE argument as the shards are to be given it
	file     bool   // scenario is a file (not the id of a built-in)
	source   []byte // the text of the scenario file
	variant  string
	n        int64
	seed     uint64
	workers  int
	shards   int
	parallel int
	out      string
	name     string
	binary   string
	image    string
}

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
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return usageError(fs, "no engine given: slurm or k8s")
	}
	p := plan{engine: pos[0], variant: *variant, n: *n, seed: *seed, workers: *workers,
		shards: *shards, parallel: *parallel, out: *out, name: *name, binary: *binary, image: *image}
	switch p.engine {
	case "slurm", "k8s":
	case "kubernetes":
		p.engine = "k8s"
	default:
		return usageError(fs, "unknown engine %q: expected slurm or k8s", p.engine)
	}
	if len(pos) > 2 {
		return usageError(fs, "expected at most one scenario, got %d", len(pos)-1)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case !set["shards"]:
		return usageError(fs, "-shards is required: the number of shards to split the run into")
	case p.shards < 1:
		return usageError(fs, "-shards must be at least 1, got %d", p.shards)
	case p.n < 1:
		return usageError(fs, "-n must be at least 1, got %d", p.n)
	case int64(p.shards) > p.n:
		return usageError(fs, "-shards %d is more than the %d trajectories: every shard needs at least one", p.shards, p.n)
	case p.workers < 1:
		return usageError(fs, "-workers must be at least 1, got %d", p.workers)
	case p.parallel < 0:
		return usageError(fs, "-parallel must be 0 (all shards at once) or more, got %d", p.parallel)
	case p.binary == "":
		return usageError(fs, "-binary must not be empty")
	case p.engine == "slurm" && set["image"]:
		return usageError(fs, "-image is for k8s only: a Slurm job runs -binary on the nodes")
	}
	arg := ""
	if len(pos) == 2 {
		arg = pos[1]
	}
	for _, v := range []struct{ what, s string }{{"FILE", arg}, {"-variant", p.variant},
		{"-out", p.out}, {"-name", p.name}, {"-binary", p.binary}, {"-image", p.image}} {
		if !utf8.ValidString(v.s) || strings.ContainsFunc(v.s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return usageError(fs, "%s %q contains a control character or invalid UTF-8", v.what, v.s)
		}
	}
	sc, err := loadScenario(arg, p.variant)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitUsage
	}
	p.scenario, p.file = arg, arg != "" && fileExists(arg)
	if arg == "" {
		p.scenario = scenario.DefaultID
	}
	if p.file {
		p.source = sc.Source()
	}
	if p.out == "" {
		p.out = "results"
		if p.engine == "k8s" {
			p.out = "/results"
		}
	}
	if p.engine == "k8s" && !strings.HasPrefix(p.out, "/") {
		return usageError(fs, "-out %q: for k8s the results directory is the volume's mount path, and must be absolute", p.out)
	}
	if p.image == "" {
		p.image = "brink"
	}
	base := "brink-" + sc.ID
	if p.variant != "" {
		base += "-" + p.variant
	}
	switch {
	case p.engine == "slurm" && p.name == "":
		p.name = slurmName(base)
	case p.engine == "slurm" && slurmName(p.name) != p.name:
		return usageError(fs, "-name %q: a Slurm job name here is made of letters, digits, '.', '_' and '-'", p.name)
	case p.engine == "k8s" && p.name == "":
		p.name = k8sName(base)
	case p.engine == "k8s" && k8sName(p.name) != p.name:
		return usageError(fs, "-name %q: a Kubernetes Job name is at most %d lowercase letters, digits and '-', starting and ending with a letter or digit", p.name, k8sNameMax)
	}
	if p.engine == "slurm" {
		err = p.writeSlurm(env.Stdout)
	} else {
		err = p.writeK8s(env.Stdout)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink plan: %v\n", err)
		return exitFail
	}
	return exitOK
}

// runArgs are the arguments of brink run common to every shard, before
// -shard and -out.
func (p *plan) runArgs() []string {
	a := []string{"run", p.scenario, "-n", strconv.FormatInt(p.n, 10), "-seed", strconv.FormatUint(p.seed, 10)}
	if p.variant != "" {
		a = append(a, "-variant", p.variant)
	}
	return append(a, "-workers", strconv.Itoa(p.workers))
}

// wholeRun is the unsharded run whose summary the merge reproduces.
func (p *plan) wholeRun() string {
	a := []string{"brink", "run", p.scenario, "-n", strconv.FormatInt(p.n, 10), "-seed", strconv.FormatUint(p.seed, 10)}
	if p.variant != "" {
		a = append(a, "-variant", p.variant)
	}
	return shJoin(a)
}

// command is the brink plan command line that gives this plan.
func (p *plan) command() string {
	a := []string{"brink", "plan", p.engine, p.scenario, "-n", strconv.FormatInt(p.n, 10), "-seed", strconv.FormatUint(p.seed, 10)}
	if p.variant != "" {
		a = append(a, "-variant", p.variant)
	}
	a = append(a, "-workers", strconv.Itoa(p.workers), "-shards", strconv.Itoa(p.shards))
	if p.parallel > 0 {
		a = append(a, "-parallel", strconv.Itoa(p.parallel))
	}
	a = append(a, "-out", p.out, "-name", p.name, "-binary", p.binary)
	if p.engine == "k8s" {
		a = append(a, "-image", p.image)
	}
	return shJoin(a)
}

// describe is the first line of the header.
func (p *plan) describe(what string) string {
	v := ""
	if p.variant != "" {
		v = ", variant " + p.variant
	}
	shards := "shards"
	if p.shards == 1 {
		shards = "shard"
	}
	return fmt.Sprintf("brink: %s%s, %d trajectories from seed %d, in %d %s as %s.", p.scenario, v, p.n, p.seed, p.shards, shards, what)
}

// underOut is name in the results directory.
func (p *plan) underOut(name string) string {
	if c := path.Clean(p.out); c != "/" {
		return c + "/" + name
	}
	return "/" + name
}

func (p *plan) writeSlurm(w io.Writer) error {
	array := fmt.Sprintf("0-%d", p.shards-1)
	if p.parallel > 0 && p.parallel < p.shards {
		array += "%" + strconv.Itoa(p.parallel)
	}
	merged := p.underOut("merged")
	// The merge, as the command line of a job of its own (sbatch --wrap runs
	// it with /bin/sh); the glob is expanded when it runs.
	merge := shJoin([]string{p.binary, "merge", "-out", merged}) + " " + shQuote(p.underOut("shard-")) + "*"
	file := p.name + ".sbatch"
	run := shJoin(append([]string{p.binary}, p.runArgs()...)) + " -shard auto/" + strconv.Itoa(p.shards) +
		" -out " + shQuote(p.underOut("shard-")) + `"$SLURM_ARRAY_TASK_ID"`
	mergeSubmit := "sbatch --parsable --dependency=afterok:\"$array\" --job-name=" + p.name + "-merge --output=" + p.name + "-merge-%j.out --wrap=" + shQuote(merge)

	var b strings.Builder
	l := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	l("#!/bin/bash")
	l("# %s", p.describe("a Slurm job array"))
	l("# Made by: %s", p.command())
	l("#")
	l("# Save it as %s, say, and submit it with", file)
	l("#")
	l("#   bash %s submit", file)
	l("#")
	l("# which submits the array and the merge, as a job that starts once every shard")
	l("# has succeeded (sbatch --dependency=afterok); or submit the array alone and")
	l("# merge when it is done:")
	l("#")
	l("#   sbatch --wait %s && %s", file, merge)
	l("#")
	l("# Array task i runs shard i/%d into %s, with its log in", p.shards, p.underOut("shard-i"))
	l("# %s-JOB_i.out. Logs and relative paths are in, or relative to, the", p.name)
	l("# directory sbatch is run from. The merge keeps the whole run in %s:", merged)
	l("# its summary.txt is byte for byte what")
	l("#   %s", p.wholeRun())
	l("# prints. Add --partition, --time, --mem or --account below as your cluster asks.")
	l("#SBATCH --job-name=%s", p.name)
	l("#SBATCH --array=%s", array)
	l("#SBATCH --ntasks=1")
	l("#SBATCH --cpus-per-task=%d", p.workers)
	l("#SBATCH --output=%%x-%%A_%%a.out")
	l("set -euo pipefail")
	l("")
	l(`if [ "${1-}" = submit ]; then`)
	l(`	array=$(sbatch --parsable "$0")`)
	l(`	array=${array%%%%;*}`)
	l(`	merge=$(%s)`, mergeSubmit)
	l(`	merge=${merge%%%%;*}`)
	l(`	echo "Submitted the array as job $array, and the merge as job $merge, which starts once every shard has succeeded."`)
	l(`	echo "The summary will be in %s-merge-$merge.out, and kept in" %s`, p.name, shQuote(merged+"/summary.txt"))
	l(`	exit 0`)
	l(`fi`)
	l(`if [ -z "${SLURM_ARRAY_TASK_ID-}" ]; then`)
	l(`	echo "usage: sbatch $0 (the array of shards), or bash $0 submit (the array and then the merge)" >&2`)
	l(`	exit 2`)
	l(`fi`)
	l("exec %s", run)
	_, err := io.WriteString(w, b.String())
	return err
}

func (p *plan) writeK8s(w io.Writer) error {
	var b strings.Builder
	l := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	merge := p.name + "-merge"
	merged := p.underOut("merged")
	l("# %s", p.describe("a Kubernetes Indexed Job"))
	l("# Made by: %s", p.command())
	l("#")
	l("# Completion index i runs shard i/%d into %s. The merge Job is created", p.shards, p.underOut("shard-i"))
	l("# suspended: start it once every shard has completed. Save this as %s.yaml, say:", p.name)
	l("#")
	l("#   kubectl apply -f %s.yaml", p.name)
	l("#   kubectl wait --for=condition=complete --timeout=-1s job/%s", p.name)
	l(`#   kubectl patch job %s --type=merge -p '{"spec":{"suspend":false}}'`, merge)
	l("#   kubectl wait --for=condition=complete --timeout=-1s job/%s", merge)
	l("#   kubectl logs job/%s", merge)
	l("#")
	l("# The merge prints, and keeps in %s, the summary of the whole run: byte", merged)
	l("# for byte what")
	l("#   %s", p.wholeRun())
	l("# prints. The shards and the merge share the volume \"results\", mounted at %s.", p.out)
	l("# As emitted it is an emptyDir, which lives and dies with each pod: replace it,")
	l("# in both Jobs, by a PersistentVolumeClaim that every pod can mount (ReadWriteMany).")
	scenarioArg := p.scenario
	var mounts, volumes []string
	if p.file {
		key := configMapKey(path.Base(strings.ReplaceAll(p.scenario, `\`, "/")))
		scenarioArg = "/scenario/" + key
		l("apiVersion: v1")
		l("kind: ConfigMap")
		l("metadata:")
		l("  name: %s-scenario", p.name)
		l("  labels:")
		l("    app.kubernetes.io/name: brink")
		l("    app.kubernetes.io/instance: %s", p.name)
		l("data:")
		l("  %s: %s", key, yamlText(string(p.source), "    "))
		l("---")
		mounts = append(mounts, "- name: scenario", "  mountPath: /scenario", "  readOnly: true")
		volumes = append(volumes, "- name: scenario", "  configMap:", "    name: "+p.name+"-scenario")
	}
	mounts = append(mounts, "- name: results", "  mountPath: "+yamlString(p.out))
	volumes = append(volumes, "- name: results",
		"  # Replace by a PersistentVolumeClaim shared by every pod, e.g.",
		"  #   persistentVolumeClaim:",
		"  #     claimName: brink-results",
		"  emptyDir: {}")

	runArgs := p.runArgs()
	runArgs[1] = scenarioArg
	var args []string
	for _, a := range runArgs {
		args = append(args, k8sEscape(a))
	}
	args = append(args, "-shard", "$(JOB_COMPLETION_INDEX)/"+strconv.Itoa(p.shards),
		"-out", k8sEscape(p.underOut("shard-"))+"$(JOB_COMPLETION_INDEX)")
	parallelism := p.shards
	if p.parallel > 0 && p.parallel < p.shards {
		parallelism = p.parallel
	}
	job := func(name string, spec []string, args []string, cpu int, mounts, volumes []string) {
		l("apiVersion: batch/v1")
		l("kind: Job")
		l("metadata:")
		l("  name: %s", name)
		l("  labels:")
		l("    app.kubernetes.io/name: brink")
		l("    app.kubernetes.io/instance: %s", p.name)
		l("spec:")
		for _, s := range spec {
			l("  %s", s)
		}
		l("  template:")
		l("    metadata:")
		l("      labels:")
		l("        app.kubernetes.io/name: brink")
		l("        app.kubernetes.io/instance: %s", p.name)
		l("    spec:")
		l("      restartPolicy: Never")
		l("      containers:")
		l("        - name: brink")
		l("          image: %s", yamlString(p.image))
		l("          command: [%s]", yamlString(k8sEscape(p.binary)))
		l("          args: [%s]", yamlStrings(args))
		l("          resources:")
		l("            requests:")
		l("              cpu: %s", yamlString(strconv.Itoa(cpu)))
		l("          volumeMounts:")
		for _, s := range mounts {
			l("            %s", s)
		}
		l("      volumes:")
		for _, s := range volumes {
			l("        %s", s)
		}
	}
	job(p.name, []string{
		"completionMode: Indexed",
		"completions: " + strconv.Itoa(p.shards),
		"parallelism: " + strconv.Itoa(parallelism),
	}, args, p.workers, mounts, volumes)
	l("---")
	margs := []string{"merge", "-out", k8sEscape(merged)}
	for i := range p.shards {
		margs = append(margs, k8sEscape(p.underOut("shard-"+strconv.Itoa(i))))
	}
	job(merge, []string{
		"suspend: true # start it once the shards have completed (see above)",
		"completions: 1",
	}, margs, 1, mounts[len(mounts)-2:], volumes[len(volumes)-5:])
	_, err := io.WriteString(w, b.String())
	return err
}

// shQuote quotes s for the shell (sh and bash): as it is if it has only
// characters that are never special, else in single quotes.
func shQuote(s string) string {
	if s == "" {
		return "''"
	}
	if !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=,+@%", r))
	}) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func shJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = shQuote(a)
	}
	return strings.Join(q, " ")
}

// slurmName keeps the letters, digits, '.', '_' and '-' of s, which need no
// quoting in an #SBATCH line or a file name, and replaces the others by '-'.
func slurmName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return '-'
	}, s)
}

// k8sNameMax leaves room for the merge Job's "-merge" and the pods' suffixes
// under the 63 characters of a label value.
const k8sNameMax = 50

// k8sName makes s a DNS label: lowercase letters, digits and '-', starting
// and ending with a letter or digit, at most k8sNameMax long.
func k8sName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, s)
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	if len(s) > k8sNameMax {
		s = s[:k8sNameMax]
	}
	if s = strings.Trim(s, "-"); s == "" {
		s = "brink"
	}
	return s
}

// configMapKey makes s a valid key of a ConfigMap.
func configMapKey(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return '-'
	}, s)
	if s == "" || s == "." || s == ".." {
		s = "scenario.yaml"
	}
	return s
}

// k8sEscape keeps Kubernetes from expanding $(VAR) in a command or argument.
func k8sEscape(s string) string { return strings.ReplaceAll(s, "$", "$$") }

// yamlString is s as a YAML double-quoted scalar (a JSON string is one).
func yamlString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // cannot fail for a string
	return strings.TrimSuffix(b.String(), "\n")
}

func yamlStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = yamlString(s)
	}
	return strings.Join(q, ", ")
}

// yamlText is s as a YAML literal block scalar with its lines indented by
// indent, so that a scenario file reads as it is; or as a double-quoted
// scalar if s has characters a block scalar cannot hold. The scalar is the
// value of a key indented by two spaces less than indent.
func yamlText(s, indent string) string {
	if strings.TrimSpace(s) == "" || !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool {
		return r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0xfeff || r == 0x2028 || r == 0x2029)
	}) {
		return yamlString(s)
	}
	body := strings.TrimRight(s, "\n")
	header := "|"
	if body[0] == ' ' || body[0] == '\t' || body[0] == '\n' {
		// Say how far the lines are indented: it is not to be guessed from
		// the first line.
		header += strconv.Itoa(len(indent) - 2)
	}
	trailing := len(s) - len(body)
	switch {
	case trailing == 0:
		header += "-" // strip: no final line break
	case trailing > 1:
		header += "+" // keep: the final line break and the empty lines after it
	}
	var b strings.Builder
	b.WriteString(header)
	for _, line := range strings.Split(body, "\n") {
		b.WriteString("\n")
		if line != "" {
			b.WriteString(indent + line)
		}
	}
	b.WriteString(strings.Repeat("\n", max(trailing-1, 0)))
	return b.String()
}
