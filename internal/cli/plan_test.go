package cli

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

var updatePlan = flag.Bool("update-plan", false, "rewrite testdata/plan-*.golden from what brink plan prints")

const planScenario = "testdata/plan-scenario.yaml"

// What brink plan prints is compared with golden files; -update-plan
// rewrites them.
func TestPlanGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"plan-slurm", []string{"slurm", "-n", "400", "-seed", "7", "-shards", "4", "-workers", "2"}},
		{"plan-slurm-quoting", []string{"slurm", planScenario, "-variant", "calm", "-n", "1000", "-shards", "3",
			"-parallel", "2", "-out", "runs/it's $(here) `now`", "-binary", "/opt/brink 1.4/brink", "-name", "small.calm"}},
		{"plan-k8s", []string{"k8s", "-n", "400", "-seed", "7", "-shards", "4", "-workers", "2",
			"-image", "registry.example.org/brink:1.4"}},
		{"plan-k8s-file", []string{"k8s", planScenario, "-variant", "calm", "-n", "1000", "-shards", "3",
			"-parallel", "2", "-out", "/data/brink $(x)", "-binary", "/opt/$(HOME)/brink"}},
		{"plan-slurm-compare", []string{"slurm", "compare", "-variants", "bluff,heartland", "-n", "20000", "-workers", "8"}},
		{"plan-k8s-sweep", []string{"k8s", "sweep", planScenario, "-params", "actors.EAST.politics.resolve=0.2:0.8", "-design", "lhs",
			"-points", "20", "-n", "500", "-workers", "4", "-outcome", "settlement"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			r := brink(t, append([]string{"plan"}, tc.args...)...)
			wantCode(t, r, exitOK)
			if r.stderr != "" {
				t.Errorf("plan wrote on stderr: %q", r.stderr)
			}
			p := filepath.Join("testdata", tc.golden+".golden")
			if *updatePlan {
				if err := os.WriteFile(p, []byte(r.stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(p)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/cli -run TestPlanGolden -update-plan)", err)
			}
			if r.stdout != string(want) {
				t.Errorf("brink plan %s differs from %s (-update-plan rewrites it):\n%s", strings.Join(tc.args, " "), p, r.stdout)
			}
		})
	}
}

func TestPlanUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{}, "no engine given: slurm or k8s"},
		{[]string{"pbs", "-shards", "2"}, `unknown engine "pbs": expected slurm or k8s`},
		{[]string{"slurm"}, "-shards is required"},
		{[]string{"slurm", "-shards", "0"}, "-shards must be at least 1, got 0"},
		{[]string{"k8s", "-shards", "-3"}, "-shards must be at least 1, got -3"},
		{[]string{"slurm", "-shards", "5", "-n", "4"}, "-shards 5 is more than the 4 trajectories"},
		{[]string{"slurm", "-shards", "2", "-n", "0"}, "-n must be at least 1, got 0"},
		{[]string{"slurm", "-shards", "2", "-workers", "0"}, "-workers must be at least 1, got 0"},
		{[]string{"k8s", "-shards", "2", "-parallel", "-1"}, "-parallel must be 0"},
		{[]string{"slurm", "-shards", "2", "-image", "brink:1"}, "-image is for k8s only"},
		{[]string{"slurm", "-shards", "2", "-binary", ""}, "-binary must not be empty"},
		{[]string{"k8s", "-shards", "2", "-out", "results"}, "must be absolute"},
		{[]string{"k8s", "-shards", "2", "-name", "Brink_1"}, `-name "Brink_1": a Kubernetes Job name`},
		{[]string{"slurm", "-shards", "2", "-name", "a b"}, `-name "a b": a Slurm job name`},
		{[]string{"slurm", "-shards", "2", "-out", "a\nb"}, "contains a control character"},
		{[]string{"slurm", "a.yaml", "b.yaml", "-shards", "2"}, "expected at most one scenario, got 2"},
		{[]string{"slurm", "-shards", "many"}, `invalid value "many" for flag -shards`},
		{[]string{"slurm", "compare", "-shards", "2"}, "-shards is for brink plan ENGINE run, not compare"},
		{[]string{"slurm", "-shards", "2", "-variants", "bluff"}, "-variants is for brink plan ENGINE compare, not run"},
		{[]string{"slurm", "compare", "-params", "x"}, "-params is for brink plan ENGINE sweep, not compare"},
		{[]string{"slurm", "compare", "-variants", "nosuch"}, `has no variant "nosuch"`},
		{[]string{"slurm", "compare", "-variant", "bluff"}, "-variant is not for compare"},
		{[]string{"k8s", "sweep"}, "no parameters"},
		{[]string{"k8s", "sweep", "-params", "actors.RUS.politics.resolve", "-design", "box"}, `unknown design "box"`},
		{[]string{"k8s", "sweep", "-params", "actors.RUS.politics.resolve", "-outcome", "nothing"}, `unknown outcome "nothing"`},
	} {
		r := brink(t, append([]string{"plan"}, tc.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "Usage: brink plan") {
			t.Errorf("plan %q: want exit 2 with %q and the usage on stderr\n%s", tc.args, tc.want, r)
		}
		if r.stdout != "" {
			t.Errorf("plan %q: a usage error printed on stdout: %q", tc.args, r.stdout)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"slurm", "atlantis-1962", "-shards", "2"}, "neither a file nor a built-in"},
		{[]string{"k8s", "no/such/file.yaml", "-shards", "2"}, "no/such/file.yaml: no such file"},
		{[]string{"slurm", "-variant", "nonesuch", "-shards", "2"}, "nonesuch"},
	} {
		r := brink(t, append([]string{"plan"}, tc.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("plan %q: want exit 2 with %q on stderr\n%s", tc.args, tc.want, r)
		}
	}
}

// k8sManifest is what the tests read of the YAML that plan k8s prints.
type k8sManifest struct {
	APIVersion string                `yaml:"apiVersion"`
	Kind       string                `yaml:"kind"`
	Metadata   struct{ Name string } `yaml:"metadata"`
	Data       map[string]string     `yaml:"data"`
	Spec       struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    int    `yaml:"completions"`
		Parallelism    *int   `yaml:"parallelism"`
		Suspend        bool   `yaml:"suspend"`
		Template       struct {
			Spec struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Image        string   `yaml:"image"`
					Command      []string `yaml:"command"`
					Args         []string `yaml:"args"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name      string    `yaml:"name"`
					EmptyDir  *struct{} `yaml:"emptyDir"`
					ConfigMap *struct {
						Name string `yaml:"name"`
					} `yaml:"configMap"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

func parseManifests(t *testing.T, text string) []k8sManifest {
	t.Helper()
	dec := yaml.NewDecoder(strings.NewReader(text))
	var docs []k8sManifest
	for {
		var m k8sManifest
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("the manifest is not YAML: %v\n%s", err, text)
		}
		docs = append(docs, m)
	}
}

// k8sExpand expands $(VAR) in a container's command or argument as
// Kubernetes does: $$ is a $, and $(VAR) of an unknown VAR is left as it is.
func k8sExpand(s string, env map[string]string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case '$':
			b.WriteByte('$')
			i++
		case '(':
			end := strings.IndexByte(s[i:], ')')
			if v, ok := env[s[i+2:i+max(end, 2)]]; end > 0 && ok {
				b.WriteString(v)
				i += end
			} else {
				b.WriteByte('$')
			}
		default:
			b.WriteByte('$')
		}
	}
	return b.String()
}

func TestK8sExpand(t *testing.T) {
	env := map[string]string{"I": "3"}
	for in, want := range map[string]string{"a$(I)b": "a3b", "$$(I)": "$(I)", "$(J)": "$(J)", "$$$$": "$$", "a$": "a$", "$x": "$x"} {
		if got := k8sExpand(in, env); got != want {
			t.Errorf("k8sExpand(%q) = %q, want %q", in, got, want)
		}
	}
}

// The manifest is YAML: an Indexed Job with the shard flag in its
// arguments, and a suspended merge Job. Run as Kubernetes would run them
// (the scenario from the ConfigMap, $(JOB_COMPLETION_INDEX) for each index),
// the shards and the merge print the summary of the unsharded run.
func TestPlanK8sManifest(t *testing.T) {
	out := filepath.Join(t.TempDir(), "re$ults (shared)")
	const shards = 3
	r := brink(t, "plan", "k8s", planScenario, "-n", "90", "-seed", "5", "-shards", strconv.Itoa(shards), "-workers", "2", "-out", out)
	wantCode(t, r, exitOK)
	docs := parseManifests(t, r.stdout)
	if len(docs) != 3 {
		t.Fatalf("want a ConfigMap and two Jobs, got %d documents\n%s", len(docs), r.stdout)
	}
	cm, job, merge := docs[0], docs[1], docs[2]
	if cm.APIVersion != "v1" || cm.Kind != "ConfigMap" {
		t.Errorf("the first document is %s %s, want v1 ConfigMap", cm.APIVersion, cm.Kind)
	}
	src, err := os.ReadFile(planScenario)
	if err != nil {
		t.Fatal(err)
	}
	if got := cm.Data["plan-scenario.yaml"]; got != string(src) {
		t.Errorf("the ConfigMap does not hold the scenario file as it is:\n%q", got)
	}
	for _, j := range []k8sManifest{job, merge} {
		if j.APIVersion != "batch/v1" || j.Kind != "Job" {
			t.Errorf("%s is %s %s, want batch/v1 Job", j.Metadata.Name, j.APIVersion, j.Kind)
		}
		if len(j.Spec.Template.Spec.Containers) != 1 || j.Spec.Template.Spec.RestartPolicy != "Never" {
			t.Fatalf("%s: want one container and restartPolicy Never", j.Metadata.Name)
		}
	}
	if job.Metadata.Name != "brink-small" || merge.Metadata.Name != "brink-small-merge" {
		t.Errorf("the Jobs are named %q and %q", job.Metadata.Name, merge.Metadata.Name)
	}
	if job.Spec.CompletionMode != "Indexed" || job.Spec.Completions != shards || job.Spec.Parallelism == nil || *job.Spec.Parallelism != shards || job.Spec.Suspend {
		t.Errorf("want an Indexed Job of %d completions, all in parallel: %+v", shards, job.Spec)
	}
	if !merge.Spec.Suspend || merge.Spec.Completions != 1 {
		t.Errorf("want the merge Job suspended, of one completion: %+v", merge.Spec)
	}
	c := job.Spec.Template.Spec.Containers[0]
	if c.Image != "brink" || !reflect.DeepEqual(c.Command, []string{"brink"}) {
		t.Errorf("the shards' container runs %q %q", c.Image, c.Command)
	}
	if !strings.Contains(strings.Join(c.Args, " "), "-shard $(JOB_COMPLETION_INDEX)/3") {
		t.Errorf("the shards' args lack -shard $(JOB_COMPLETION_INDEX)/3: %q", c.Args)
	}
	var mounted []string
	for _, m := range c.VolumeMounts {
		mounted = append(mounted, m.Name+":"+m.MountPath)
	}
	if want := []string{"scenario:/scenario", "results:" + out}; !reflect.DeepEqual(mounted, want) {
		t.Errorf("volume mounts %q, want %q", mounted, want)
	}
	vols := job.Spec.Template.Spec.Volumes
	if len(vols) != 2 || vols[0].ConfigMap == nil || vols[0].ConfigMap.Name != "brink-small-scenario" || vols[1].EmptyDir == nil {
		t.Errorf("want the scenario ConfigMap and an emptyDir for the results: %+v", vols)
	}

	// Run the shards as the Job controller and the kubelet would.
	scen := filepath.Join(t.TempDir(), "plan-scenario.yaml")
	if err := os.WriteFile(scen, []byte(cm.Data["plan-scenario.yaml"]), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range shards {
		env := map[string]string{"JOB_COMPLETION_INDEX": strconv.Itoa(i)}
		var args []string
		for _, a := range c.Args {
			a = k8sExpand(a, env)
			if a == "/scenario/plan-scenario.yaml" {
				a = scen
			}
			args = append(args, a)
		}
		if want := filepath.Join(out, "shard-"+strconv.Itoa(i)); args[len(args)-1] != want {
			t.Errorf("shard %d writes to %q, want %q", i, args[len(args)-1], want)
		}
		wantCode(t, brink(t, args...), exitOK)
	}
	var margs []string
	for _, a := range merge.Spec.Template.Spec.Containers[0].Args {
		margs = append(margs, k8sExpand(a, nil))
	}
	merged := brink(t, margs...)
	wantCode(t, merged, exitOK)
	whole := brink(t, "run", planScenario, "-n", "90", "-seed", "5")
	if merged.stdout != whole.stdout {
		t.Errorf("the merge Job prints\n%s\nwant, as the unsharded run,\n%s", merged.stdout, whole.stdout)
	}
	if txt, err := os.ReadFile(filepath.Join(out, "merged", "summary.txt")); err != nil || string(txt) != whole.stdout {
		t.Errorf("the merge Job does not keep the summary in %s/merged (%v)", out, err)
	}
}

// The Slurm script, run by bash as Slurm would run it, gives the binary
// exactly its arguments whatever the characters in them; 'bash SCRIPT
// submit' submits the array and then the merge with a dependency on it.
func TestPlanSlurmScript(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin dir", "brink's")
	stubs := filepath.Join(dir, "stubs")
	for _, d := range []string{filepath.Dir(bin), stubs} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The binary records its arguments, one a line; sbatch records its own and
	// answers as --parsable does.
	writeExec := func(p, text string) {
		if err := os.WriteFile(p, []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeExec(bin, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$RECORD\"\n")
	writeExec(filepath.Join(stubs, "sbatch"), `#!/bin/sh
n=$(ls "$RECORD".sbatch.* 2>/dev/null | wc -l)
printf '%s\n' "$@" > "$RECORD.sbatch.$n"
echo "$((4242 + n));cluster"
`)
	out := "results/it's $(x) `y` \"z\""
	r := brink(t, "plan", "slurm", planScenario, "-variant", "calm", "-n", "100", "-seed", "3", "-shards", "4",
		"-workers", "3", "-out", out, "-binary", bin)
	wantCode(t, r, exitOK)
	script := filepath.Join(dir, "array.sbatch")
	if err := os.WriteFile(script, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\n#SBATCH --array=0-3\n", "\n#SBATCH --cpus-per-task=3\n", "\n#SBATCH --job-name=brink-small-calm\n", "\n#SBATCH --output=%x-%A_%a.out\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the script lacks %q", strings.TrimSpace(want))
		}
	}
	record := filepath.Join(dir, "record")
	run := func(env []string, args ...string) (string, int) {
		cmd := exec.Command(bash, append([]string{script}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(append(os.Environ(), "RECORD="+record, "PATH="+stubs+string(os.PathListSeparator)+os.Getenv("PATH")), env...)
		var o bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &o
		err := cmd.Run()
		code := 0
		if e, ok := err.(*exec.ExitError); ok {
			code = e.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return o.String(), code
	}
	recorded := func(p string) []string {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	}

	// An array task.
	if o, code := run([]string{"SLURM_ARRAY_TASK_ID=2", "SLURM_ARRAY_TASK_COUNT=4"}); code != 0 {
		t.Fatalf("the array task failed (%d): %s", code, o)
	}
	want := []string{"run", planScenario, "-n", "100", "-seed", "3", "-variant", "calm", "-workers", "3", "-shard", "auto/4", "-out", out + "/shard-2"}
	if got := recorded(record); !reflect.DeepEqual(got, want) {
		t.Errorf("array task 2 runs\n%q\nwant\n%q", got, want)
	}
	// The shard flag it gives reads the task's index from Slurm's variables.
	env := map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"}
	if i, n, err := parseShard("auto/4", func(k string) string { return env[k] }); err != nil || i != 2 || n != 4 {
		t.Errorf("-shard auto/4 in task 2 of 4: %d/%d, %v", i, n, err)
	}

	// Outside Slurm, without submit: a usage message, exit 2.
	if o, code := run(nil); code != 2 || !strings.Contains(o, "usage: sbatch") {
		t.Errorf("the script outside Slurm: exit %d, %q", code, o)
	}

	// submit: the array, then the merge after it.
	o, code := run(nil, "submit")
	if code != 0 {
		t.Fatalf("submit failed (%d): %s", code, o)
	}
	if !strings.Contains(o, "array as job 4242, and the merge as job 4243") {
		t.Errorf("submit says %q", o)
	}
	if got := recorded(record + ".sbatch.0"); !reflect.DeepEqual(got, []string{"--parsable", script}) {
		t.Errorf("the array is submitted as sbatch %q", got)
	}
	sub := recorded(record + ".sbatch.1")
	var wrap string
	for _, a := range sub {
		wrap = strings.TrimPrefix(a, "--wrap=")
		if wrap != a {
			break
		}
		wrap = ""
	}
	for _, want := range []string{"--parsable", "--dependency=afterok:4242", "--job-name=brink-small-calm-merge", "--output=brink-small-calm-merge-%j.out"} {
		if !strings.Contains("\n"+strings.Join(sub, "\n")+"\n", "\n"+want+"\n") {
			t.Errorf("the merge is submitted without %s: %q", want, sub)
		}
	}
	if wrap == "" {
		t.Fatalf("the merge is submitted without --wrap: %q", sub)
	}
	// The merge job's command, run by sh as sbatch --wrap does, once the
	// shards have written their directories.
	for i := range 4 {
		if err := os.MkdirAll(filepath.Join(dir, out+"/shard-"+strconv.Itoa(i)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("sh", "-c", wrap)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "RECORD="+record)
	if o, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the merge job's command %q: %v %s", wrap, err, o)
	}
	want = []string{"merge", "-out", out + "/merged", out + "/shard-0", out + "/shard-1", out + "/shard-2", out + "/shard-3"}
	if got := recorded(record); !reflect.DeepEqual(got, want) {
		t.Errorf("the merge job runs\n%q\nwant\n%q", got, want)
	}
}

// The job of brink plan ENGINE compare|sweep runs as written: its command
// line, taken from the Kubernetes Job, run here (smaller) keeps its results
// where the plan says.
func TestPlanJobRuns(t *testing.T) {
	for _, tc := range []struct {
		args []string
		file string
	}{
		{[]string{"k8s", "compare", "testdata/compare.yaml", "-variants", "all", "-n", "40", "-out", "/results"}, "compare.json"},
		{[]string{"k8s", "sweep", planScenario, "-params", "actors.EAST.politics.resolve=0.2:0.8", "-design", "grid", "-points", "2",
			"-n", "20", "-out", "/results"}, "sweep.json"},
	} {
		r := brink(t, append([]string{"plan"}, tc.args...)...)
		wantCode(t, r, exitOK)
		var docs []map[string]any
		dec := yaml.NewDecoder(strings.NewReader(r.stdout))
		for {
			var d map[string]any
			if err := dec.Decode(&d); err != nil {
				break
			}
			docs = append(docs, d)
		}
		job := docs[len(docs)-1]
		c := job["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)["containers"].([]any)[0].(map[string]any)
		var args []string
		for _, a := range c["args"].([]any) {
			args = append(args, a.(string))
		}
		out := filepath.Join(t.TempDir(), "out")
		for i, a := range args {
			if strings.HasPrefix(a, "/results/") {
				args[i] = out
			}
			if name, ok := strings.CutPrefix(a, "/scenario/"); ok {
				args[i] = filepath.Join("testdata", name) // the file the ConfigMap ships
			}
		}
		run := brink(t, args...)
		wantCode(t, run, exitOK)
		if _, err := os.Stat(filepath.Join(out, tc.file)); err != nil {
			t.Errorf("brink %s kept no %s: %v\n%s", args[0], tc.file, err, run)
		}
	}
}
