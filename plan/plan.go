// Package plan writes what runs brink on a cluster: for a run, a Slurm job
// array script or a Kubernetes Indexed Job whose tasks each run one shard,
// and the merge of the shards; for a comparison or a sweep, which run as one
// process on one node, a Slurm batch script or a Kubernetes Job. Nothing is
// submitted.
package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Plan is what a cluster plan is made of, every value checked.
type Plan struct {
	Engine string // slurm or k8s
	// Command is what the plan runs: "run" (or ""), sharded and merged, or
	// "compare" or "sweep", one job with Args (its own flags, checked) added.
	Command  string
	Args     []string
	Scenario string // the FILE argument as the shards are to be given it
	File     bool   // Scenario is a file (not the id of a built-in)
	Source   []byte // the text of the scenario file
	Variant  string
	N        int64
	Seed     uint64
	Workers  int
	Shards   int
	Parallel int
	Out      string
	Name     string
	Binary   string
	Image    string
}

// Complete fills in the defaults that depend on the engine and the
// scenario's id (the results directory, the image, the job name) and checks
// the values that depend on the engine. Its errors are the user's to fix.
func (p *Plan) Complete(scenarioID string) error {
	if p.Out == "" {
		p.Out = "results"
		if p.Engine == "k8s" {
			p.Out = "/results"
		}
	}
	if p.Engine == "k8s" && !strings.HasPrefix(p.Out, "/") {
		return fmt.Errorf("-out %q: for k8s the results directory is the volume's mount path, and must be absolute", p.Out)
	}
	if p.Image == "" {
		p.Image = "brink"
	}
	base := "brink-" + scenarioID
	if p.Variant != "" {
		base += "-" + p.Variant
	}
	if p.Command != "" && p.Command != "run" {
		base += "-" + p.Command
	}
	switch {
	case p.Engine == "slurm" && p.Name == "":
		p.Name = SlurmName(base)
	case p.Engine == "slurm" && SlurmName(p.Name) != p.Name:
		return fmt.Errorf("-name %q: a Slurm job name here is made of letters, digits, '.', '_' and '-'", p.Name)
	case p.Engine == "k8s" && p.Name == "":
		p.Name = K8sName(base)
	case p.Engine == "k8s" && K8sName(p.Name) != p.Name:
		return fmt.Errorf("-name %q: a Kubernetes Job name is at most %d lowercase letters, digits and '-', starting and ending with a letter or digit", p.Name, K8sNameMax)
	}
	return nil
}

// Write writes the plan for its engine.
func (p *Plan) Write(w io.Writer) error {
	if p.Command != "" && p.Command != "run" {
		if p.Engine == "slurm" {
			return p.writeSlurmJob(w)
		}
		return p.writeK8sJob(w)
	}
	if p.Engine == "slurm" {
		return p.WriteSlurm(w)
	}
	return p.WriteK8s(w)
}

// runArgs are the arguments of brink run common to every shard, before
// -shard and -out.
func (p *Plan) runArgs() []string {
	a := []string{"run", p.Scenario, "-n", strconv.FormatInt(p.N, 10), "-seed", strconv.FormatUint(p.Seed, 10)}
	if p.Variant != "" {
		a = append(a, "-variant", p.Variant)
	}
	return append(a, "-workers", strconv.Itoa(p.Workers))
}

// wholeRun is the unsharded run whose summary the merge reproduces.
func (p *Plan) wholeRun() string {
	a := []string{"brink", "run", p.Scenario, "-n", strconv.FormatInt(p.N, 10), "-seed", strconv.FormatUint(p.Seed, 10)}
	if p.Variant != "" {
		a = append(a, "-variant", p.Variant)
	}
	return ShJoin(a)
}

// command is the brink plan command line that gives this plan.
func (p *Plan) command() string {
	a := []string{"brink", "plan", p.Engine, p.Scenario, "-n", strconv.FormatInt(p.N, 10), "-seed", strconv.FormatUint(p.Seed, 10)}
	if p.Variant != "" {
		a = append(a, "-variant", p.Variant)
	}
	a = append(a, "-workers", strconv.Itoa(p.Workers), "-shards", strconv.Itoa(p.Shards))
	if p.Parallel > 0 {
		a = append(a, "-parallel", strconv.Itoa(p.Parallel))
	}
	a = append(a, "-out", p.Out, "-name", p.Name, "-binary", p.Binary)
	if p.Engine == "k8s" {
		a = append(a, "-image", p.Image)
	}
	return ShJoin(a)
}

// describe is the first line of the header.
func (p *Plan) describe(what string) string {
	v := ""
	if p.Variant != "" {
		v = ", variant " + p.Variant
	}
	shards := "shards"
	if p.Shards == 1 {
		shards = "shard"
	}
	return fmt.Sprintf("brink: %s%s, %d trajectories from seed %d, in %d %s as %s.", p.Scenario, v, p.N, p.Seed, p.Shards, shards, what)
}

// underOut is name in the results directory.
func (p *Plan) underOut(name string) string {
	if c := path.Clean(p.Out); c != "/" {
		return c + "/" + name
	}
	return "/" + name
}

func (p *Plan) WriteSlurm(w io.Writer) error {
	array := fmt.Sprintf("0-%d", p.Shards-1)
	if p.Parallel > 0 && p.Parallel < p.Shards {
		array += "%" + strconv.Itoa(p.Parallel)
	}
	merged := p.underOut("merged")
	// The merge, as the command line of a job of its own (sbatch --wrap runs
	// it with /bin/sh); the glob is expanded when it runs.
	merge := ShJoin([]string{p.Binary, "merge", "-out", merged}) + " " + ShQuote(p.underOut("shard-")) + "*"
	file := p.Name + ".sbatch"
	run := ShJoin(append([]string{p.Binary}, p.runArgs()...)) + " -shard auto/" + strconv.Itoa(p.Shards) +
		" -out " + ShQuote(p.underOut("shard-")) + `"$SLURM_ARRAY_TASK_ID"`
	mergeSubmit := "sbatch --parsable --dependency=afterok:\"$array\" --job-name=" + p.Name + "-merge --output=" + p.Name + "-merge-%j.out --wrap=" + ShQuote(merge)

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
	l("# Array task i runs shard i/%d into %s, with its log in", p.Shards, p.underOut("shard-i"))
	l("# %s-JOB_i.out. Logs and relative paths are in, or relative to, the", p.Name)
	l("# directory sbatch is run from. The merge keeps the whole run in %s:", merged)
	l("# its summary.txt is byte for byte what")
	l("#   %s", p.wholeRun())
	l("# prints. Add --partition, --time, --mem or --account below as your cluster asks.")
	l("#SBATCH --job-name=%s", p.Name)
	l("#SBATCH --array=%s", array)
	l("#SBATCH --ntasks=1")
	l("#SBATCH --cpus-per-task=%d", p.Workers)
	l("#SBATCH --output=%%x-%%A_%%a.out")
	l("set -euo pipefail")
	l("")
	l(`if [ "${1-}" = submit ]; then`)
	l(`	array=$(sbatch --parsable "$0")`)
	l(`	array=${array%%%%;*}`)
	l(`	merge=$(%s)`, mergeSubmit)
	l(`	merge=${merge%%%%;*}`)
	l(`	echo "Submitted the array as job $array, and the merge as job $merge, which starts once every shard has succeeded."`)
	l(`	echo "The summary will be in %s-merge-$merge.out, and kept in" %s`, p.Name, ShQuote(merged+"/summary.txt"))
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

func (p *Plan) WriteK8s(w io.Writer) error {
	var b strings.Builder
	l := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	merge := p.Name + "-merge"
	merged := p.underOut("merged")
	l("# %s", p.describe("a Kubernetes Indexed Job"))
	l("# Made by: %s", p.command())
	l("#")
	l("# Completion index i runs shard i/%d into %s. The merge Job is created", p.Shards, p.underOut("shard-i"))
	l("# suspended: start it once every shard has completed. Save this as %s.yaml, say:", p.Name)
	l("#")
	l("#   kubectl apply -f %s.yaml", p.Name)
	l("#   kubectl wait --for=condition=complete --timeout=-1s job/%s", p.Name)
	l(`#   kubectl patch job %s --type=merge -p '{"spec":{"suspend":false}}'`, merge)
	l("#   kubectl wait --for=condition=complete --timeout=-1s job/%s", merge)
	l("#   kubectl logs job/%s", merge)
	l("#")
	l("# The merge prints, and keeps in %s, the summary of the whole run: byte", merged)
	l("# for byte what")
	l("#   %s", p.wholeRun())
	l("# prints. The shards and the merge share the volume \"results\", mounted at %s.", p.Out)
	l("# As emitted it is an emptyDir, which lives and dies with each pod: replace it,")
	l("# in both Jobs, by a PersistentVolumeClaim that every pod can mount (ReadWriteMany).")
	scenarioArg, mounts, volumes := p.k8sVolumes(l, " shared by every pod")

	runArgs := p.runArgs()
	runArgs[1] = scenarioArg
	var args []string
	for _, a := range runArgs {
		args = append(args, k8sEscape(a))
	}
	args = append(args, "-shard", "$(JOB_COMPLETION_INDEX)/"+strconv.Itoa(p.Shards),
		"-out", k8sEscape(p.underOut("shard-"))+"$(JOB_COMPLETION_INDEX)")
	parallelism := p.Shards
	if p.Parallel > 0 && p.Parallel < p.Shards {
		parallelism = p.Parallel
	}
	p.k8sJob(l, p.Name, []string{
		"completionMode: Indexed",
		"completions: " + strconv.Itoa(p.Shards),
		"parallelism: " + strconv.Itoa(parallelism),
	}, args, p.Workers, mounts, volumes)
	l("---")
	margs := []string{"merge", "-out", k8sEscape(merged)}
	for i := range p.Shards {
		margs = append(margs, k8sEscape(p.underOut("shard-"+strconv.Itoa(i))))
	}
	p.k8sJob(l, merge, []string{
		"suspend: true # start it once the shards have completed (see above)",
		"completions: 1",
	}, margs, 1, mounts[len(mounts)-2:], volumes[len(volumes)-5:])
	_, err := io.WriteString(w, b.String())
	return err
}

// k8sJob writes one Kubernetes Job of the plan: name, the lines of its
// spec before the pod template, the container's args, the CPUs it requests,
// and its volume mounts and volumes (k8sVolumes).
func (p *Plan) k8sJob(l func(string, ...any), name string, spec []string, args []string, cpu int, mounts, volumes []string) {
	l("apiVersion: batch/v1")
	l("kind: Job")
	l("metadata:")
	l("  name: %s", name)
	l("  labels:")
	l("    app.kubernetes.io/name: brink")
	l("    app.kubernetes.io/instance: %s", p.Name)
	l("spec:")
	for _, s := range spec {
		l("  %s", s)
	}
	l("  template:")
	l("    metadata:")
	l("      labels:")
	l("        app.kubernetes.io/name: brink")
	l("        app.kubernetes.io/instance: %s", p.Name)
	l("    spec:")
	l("      restartPolicy: Never")
	l("      containers:")
	l("        - name: brink")
	l("          image: %s", yamlString(p.Image))
	l("          command: [%s]", yamlString(k8sEscape(p.Binary)))
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

// k8sVolumes writes the ConfigMap that carries a scenario file (if the plan
// runs one) and returns the scenario argument the pods see, and the volume
// mounts and volumes of a Job: the scenario's and the results'. claim says,
// in the comment on the results volume, which claim it should be.
func (p *Plan) k8sVolumes(l func(string, ...any), claim string) (scenarioArg string, mounts, volumes []string) {
	scenarioArg = p.Scenario
	if p.File {
		key := configMapKey(path.Base(strings.ReplaceAll(p.Scenario, `\`, "/")))
		scenarioArg = "/scenario/" + key
		l("apiVersion: v1")
		l("kind: ConfigMap")
		l("metadata:")
		l("  name: %s-scenario", p.Name)
		l("  labels:")
		l("    app.kubernetes.io/name: brink")
		l("    app.kubernetes.io/instance: %s", p.Name)
		l("data:")
		l("  %s: %s", key, yamlText(string(p.Source), "    "))
		l("---")
		mounts = append(mounts, "- name: scenario", "  mountPath: /scenario", "  readOnly: true")
		volumes = append(volumes, "- name: scenario", "  configMap:", "    name: "+p.Name+"-scenario")
	}
	mounts = append(mounts, "- name: results", "  mountPath: "+yamlString(p.Out))
	volumes = append(volumes, "- name: results",
		"  # Replace by a PersistentVolumeClaim"+claim+", e.g.",
		"  #   persistentVolumeClaim:",
		"  #     claimName: brink-results",
		"  emptyDir: {}")
	return scenarioArg, mounts, volumes
}

// ShQuote quotes s for the shell (sh and bash): as it is if it has only
// characters that are never special, else in single quotes.
func ShQuote(s string) string {
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

// ShJoin quotes each argument for the shell and joins them with spaces.
func ShJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = ShQuote(a)
	}
	return strings.Join(q, " ")
}

// SlurmName keeps the letters, digits, '.', '_' and '-' of s, which need no
// quoting in an #SBATCH line or a file name, and replaces the others by '-'.
func SlurmName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return '-'
	}, s)
}

// K8sNameMax leaves room for the merge Job's "-merge" and the pods' suffixes
// under the 63 characters of a label value.
const K8sNameMax = 50

// K8sName makes s a DNS label: lowercase letters, digits and '-', starting
// and ending with a letter or digit, at most K8sNameMax long.
func K8sName(s string) string {
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
	if len(s) > K8sNameMax {
		s = s[:K8sNameMax]
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
