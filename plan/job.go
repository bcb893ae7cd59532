package plan

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// jobArgs are the arguments of the one brink command of a comparison or a
// sweep, scenario as given.
func (p *Plan) jobArgs(scenario string) []string {
	a := []string{p.Command, scenario}
	if p.Variant != "" {
		a = append(a, "-variant", p.Variant)
	}
	a = append(a, "-n", strconv.FormatInt(p.N, 10), "-seed", strconv.FormatUint(p.Seed, 10),
		"-workers", strconv.Itoa(p.Workers))
	a = append(a, p.Args...)
	return append(a, "-out", p.underOut(p.Command))
}

// describeJob is the first line of the header.
func (p *Plan) describeJob(as string) string {
	if p.Command == "compare" {
		return fmt.Sprintf("brink: %s's variants compared with its baseline on common random numbers, %d trajectories each from seed %d, as %s.",
			p.Scenario, p.N, p.Seed, as)
	}
	v := ""
	if p.Variant != "" {
		v = ", variant " + p.Variant
	}
	return fmt.Sprintf("brink: a sweep of %s%s over an experimental design, %d trajectories per point from seed %d, as %s.",
		p.Scenario, v, p.N, p.Seed, as)
}

// jobCommand is the brink plan command line that gives this plan.
func (p *Plan) jobCommand() string {
	a := []string{"brink", "plan", p.Engine, p.Command, p.Scenario, "-n", strconv.FormatInt(p.N, 10), "-seed", strconv.FormatUint(p.Seed, 10)}
	if p.Variant != "" {
		a = append(a, "-variant", p.Variant)
	}
	a = append(a, "-workers", strconv.Itoa(p.Workers))
	a = append(a, p.Args...)
	a = append(a, "-out", p.Out, "-name", p.Name, "-binary", p.Binary)
	if p.Engine == "k8s" {
		a = append(a, "-image", p.Image)
	}
	return ShJoin(a)
}

// writeSlurmJob writes a Slurm batch script that runs the comparison or the
// sweep as one task with Workers CPUs.
func (p *Plan) writeSlurmJob(w io.Writer) error {
	file := p.Name + ".sbatch"
	var b strings.Builder
	l := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	l("#!/bin/bash")
	l("# %s", p.describeJob("one Slurm job"))
	l("# Made by: %s", p.jobCommand())
	l("#")
	l("# Save it as %s, say, and submit it with", file)
	l("#")
	l("#   sbatch %s", file)
	l("#")
	l("# It keeps its results in %s and prints its report in", p.underOut(p.Command))
	l("# %s-JOB.out. Logs and relative paths are in, or relative to, the", p.Name)
	l("# directory sbatch is run from. A %s runs in one process: -workers is its CPUs.", p.Command)
	l("# Add --partition, --time, --mem or --account below as your cluster asks.")
	l("#SBATCH --job-name=%s", p.Name)
	l("#SBATCH --ntasks=1")
	l("#SBATCH --cpus-per-task=%d", p.Workers)
	l("#SBATCH --output=%%x-%%j.out")
	l("set -euo pipefail")
	l("exec %s", ShJoin(append([]string{p.Binary}, p.jobArgs(p.Scenario)...)))
	_, err := io.WriteString(w, b.String())
	return err
}

// writeK8sJob writes a Kubernetes Job (and the ConfigMap of a scenario
// file) that runs the comparison or the sweep in one pod.
func (p *Plan) writeK8sJob(w io.Writer) error {
	var b strings.Builder
	l := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	l("# %s", p.describeJob("one Kubernetes Job"))
	l("# Made by: %s", p.jobCommand())
	l("#")
	l("#   kubectl apply -f %s.yaml", p.Name)
	l("#   kubectl wait --for=condition=complete --timeout=-1s job/%s", p.Name)
	l("#   kubectl logs job/%s", p.Name)
	l("#")
	l("# It keeps its results in %s on the volume \"results\", mounted at %s.", p.underOut(p.Command), p.Out)
	l("# As emitted it is an emptyDir, which lives and dies with the pod: replace it")
	l("# by a PersistentVolumeClaim to keep the results.")
	scenarioArg, mounts, volumes := p.k8sVolumes(l, "")
	var args []string
	for _, a := range p.jobArgs(scenarioArg) {
		args = append(args, k8sEscape(a))
	}
	p.k8sJob(l, p.Name, []string{"completions: 1", "backoffLimit: 0"}, args, p.Workers, mounts, volumes)
	_, err := io.WriteString(w, b.String())
	return err
}
