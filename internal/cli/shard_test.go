package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// N shards run with -out and merged print exactly what one run prints, in
// text and JSON, for several N; the merged directory holds the same summary.
func TestShardsMergeLikeOneRun(t *testing.T) {
	scen := filepath.Join("testdata", "small.yaml")
	whole := brink(t, "run", scen, "-n", "120", "-seed", "4")
	wantCode(t, whole, exitOK)
	wholeJSON := brink(t, "run", scen, "-n", "120", "-seed", "4", "-json")
	for _, n := range []int{1, 3, 5} {
		dir := t.TempDir()
		var dirs []string
		for i := range n {
			d := filepath.Join(dir, "shard"+strconv.Itoa(i))
			r := brink(t, "run", scen, "-n", "120", "-seed", "4", "-workers", "2", "-shard", strconv.Itoa(i)+"/"+strconv.Itoa(n), "-out", d)
			wantCode(t, r, exitOK)
			dirs = append(dirs, d)
		}
		// Merge in reverse order: the order of the directories must not matter.
		rev := make([]string, len(dirs))
		for i, d := range dirs {
			rev[len(dirs)-1-i] = d
		}
		merged := brink(t, append([]string{"merge", "-out", filepath.Join(dir, "all")}, rev...)...)
		wantCode(t, merged, exitOK)
		if merged.stdout != whole.stdout {
			t.Errorf("%d shards merged print\n%s\nwant\n%s", n, merged.stdout, whole.stdout)
		}
		mj := brink(t, append([]string{"merge", "-json"}, dirs...)...)
		if mj.stdout != wholeJSON.stdout {
			t.Errorf("%d shards merged give other JSON", n)
		}
		txt, err := os.ReadFile(filepath.Join(dir, "all", "summary.txt"))
		if err != nil || string(txt) != whole.stdout {
			t.Errorf("%d shards: merged summary.txt differs (%v)", n, err)
		}
		if n > 1 {
			missing := brink(t, append([]string{"merge"}, dirs[1:]...)...)
			wantCode(t, missing, exitUsage)
			if !strings.Contains(missing.stderr, "missing") {
				t.Errorf("a missing shard: %q", missing.stderr)
			}
			part := brink(t, append([]string{"merge", "-partial"}, dirs[1:]...)...)
			wantCode(t, part, exitFail)
			if !strings.Contains(part.stdout, "PARTIAL") {
				t.Errorf("merging with a shard missing is not marked partial")
			}
			twice := brink(t, "merge", dirs[0], dirs[0])
			wantCode(t, twice, exitUsage)
		}
	}
}

// A results directory keeps what is needed to reproduce the run.
func TestRunOutDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	r := brink(t, "run", "-n", "30", "-seed", "2", "-variant", "bluff", "-out", dir)
	wantCode(t, r, exitOK)
	for _, f := range []string{"manifest.json", "result.json", "summary.json", "summary.txt"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("results directory lacks %s: %v", f, err)
		}
	}
	man, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	for _, want := range []string{`"scenario": "ukraine-2022"`, `"variant": "bluff"`, `"seed": 2`, `"trajectories": 30`, `"scenario_text": "# ukraine-2022`} {
		if !strings.Contains(string(man), want) {
			t.Errorf("manifest lacks %s", want)
		}
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	// The run is in the catalog.
	abs, _ := filepath.Abs(dir)
	if l := brink(t, "runs", "-json"); !strings.Contains(l.stdout, abs) {
		t.Errorf("the run kept in %s is not in the catalog:\n%s", abs, l.stdout)
	}
}

func TestParseShard(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	good := []struct {
		s    string
		env  map[string]string
		i, n int
	}{
		{"", nil, 0, 0},
		{"0/4", nil, 0, 4},
		{"3/4", nil, 3, 4},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "5"}, 2, 5},
		{"auto/8", map[string]string{"JOB_COMPLETION_INDEX": "7"}, 7, 8},
	}
	for _, c := range good {
		i, n, err := parseShard(c.s, env(c.env))
		if err != nil || i != c.i || n != c.n {
			t.Errorf("parseShard(%q) = %d, %d, %v; want %d, %d", c.s, i, n, err, c.i, c.n)
		}
	}
	for _, s := range []string{"4/4", "-1/4", "1", "a/b", "1/0", "auto"} {
		if _, _, err := parseShard(s, env(nil)); err == nil {
			t.Errorf("parseShard(%q) accepted", s)
		}
	}
}
