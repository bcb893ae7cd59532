package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/parquet-go/parquet-go"

	"brink/results"
)

func readRowsFile(t *testing.T, dir string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, results.RowsFile))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func rowCount(t *testing.T, data []byte) int64 {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return f.NumRows()
}

// run -rows keeps trajectories.parquet: the same bytes for 1 and 3 workers,
// and for 3 shards merged.
func TestRunRowsWorkersAndShards(t *testing.T) {
	tmp := t.TempDir()
	args := []string{"run", "-n", "300", "-seed", "6", "-variant", "bluff", "-rows"}
	one, three := filepath.Join(tmp, "one"), filepath.Join(tmp, "three")
	wantCode(t, brink(t, append(args, "-workers", "1", "-out", one)...), exitOK)
	wantCode(t, brink(t, append(args, "-workers", "3", "-out", three)...), exitOK)
	whole := readRowsFile(t, one)
	if !bytes.Equal(whole, readRowsFile(t, three)) {
		t.Fatal("trajectories.parquet differs between 1 and 3 workers")
	}
	if n := rowCount(t, whole); n != 300 {
		t.Fatalf("%d rows, want 300", n)
	}
	var dirs []string
	for i := range 3 {
		d := filepath.Join(tmp, "shard"+strconv.Itoa(i))
		wantCode(t, brink(t, append(args, "-workers", "2", "-shard", strconv.Itoa(i)+"/3", "-out", d)...), exitOK)
		dirs = append(dirs, d)
	}
	all := filepath.Join(tmp, "all")
	wantCode(t, brink(t, "merge", "-out", all, dirs[2], dirs[0], dirs[1]), exitOK)
	if !bytes.Equal(whole, readRowsFile(t, all)) {
		t.Error("trajectories.parquet merged from 3 shards differs from the unsharded run's")
	}
	// A shard without a table: the counts merge, the tables do not, and the
	// merged directory keeps no table from before.
	bare := filepath.Join(tmp, "bare")
	wantCode(t, brink(t, "run", "-n", "300", "-seed", "6", "-variant", "bluff", "-shard", "1/3", "-out", bare), exitOK)
	r := brink(t, "merge", "-out", all, dirs[0], bare, dirs[2])
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "not merged") {
		t.Errorf("merging shards of which one lacks a table says nothing:\n%s", r.stderr)
	}
	if results.HasRows(all) {
		t.Error("the merged directory kept a table of trajectories that is not its own")
	}
}

// An interrupted run -rows keeps the rows it did; -resume completes the
// table to the bytes of an uninterrupted run.
func TestRunRowsResume(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "cut")
	args := []string{"run", "-n", "800", "-seed", "2", "-rows"}
	// Interrupted after some trajectories whatever their length and the
	// machine's load (a timeout of 100 ms cut before the first one ended
	// once the first trajectories of seed 2 ran to the horizon).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &cancelOnProgress{cancel: cancel}
	var stdout bytes.Buffer
	code := Main(ctx, append(args, "-workers", "2", "-out", dir), &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: stderr, StderrIsTerminal: true})
	wantCode(t, result{stdout.String(), stderr.buf.String(), code}, exitFail)
	var man results.Manifest
	mj, err := os.ReadFile(filepath.Join(dir, results.ManifestFile))
	if err == nil {
		err = json.Unmarshal(mj, &man)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !man.Partial {
		t.Fatal("the interrupted run is not marked partial")
	}
	if n := rowCount(t, readRowsFile(t, dir)); n != man.Done {
		t.Errorf("the interrupted run's table holds %d rows; it did %d trajectories", n, man.Done)
	}
	wantCode(t, brink(t, "run", "-resume", dir, "-rows", "-workers", "3"), exitOK)
	whole := filepath.Join(tmp, "whole")
	wantCode(t, brink(t, append(args, "-out", whole)...), exitOK)
	if !bytes.Equal(readRowsFile(t, dir), readRowsFile(t, whole)) {
		t.Error("the resumed trajectories.parquet differs from an uninterrupted run's")
	}
}

func TestRunRowsMisuse(t *testing.T) {
	if r := brink(t, "run", smallScenario, "-n", "10", "-rows", "-no-save"); r.code != exitUsage {
		t.Errorf("-rows with -no-save: exit %d, want %d", r.code, exitUsage)
	}
	dir := filepath.Join(t.TempDir(), "run")
	wantCode(t, brink(t, "run", smallScenario, "-n", "10", "-out", dir), exitOK)
	r := brink(t, "run", "-resume", dir, "-rows")
	if r.code != exitUsage || !strings.Contains(r.stderr, "without -rows") {
		t.Errorf("-resume -rows of a run without a table: exit %d\n%s", r.code, r.stderr)
	}
	// A run without -rows into a directory that held a table removes it:
	// it would not be the table of the results kept there.
	wantCode(t, brink(t, "run", smallScenario, "-n", "10", "-rows", "-out", dir), exitOK)
	if !results.HasRows(dir) {
		t.Fatal("run -rows kept no table")
	}
	wantCode(t, brink(t, "run", smallScenario, "-n", "10", "-out", dir), exitOK)
	if results.HasRows(dir) {
		t.Error("a run without -rows left the table of an earlier run")
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// cancelOnProgress is a terminal's stderr that cancels the run as soon as a
// progress line reports a finished trajectory: a run interrupted after some,
// and (the first report coming after 200 ms) not all, of them, however long
// its trajectories and however loaded the machine.
type cancelOnProgress struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	cancel context.CancelFunc
}

var progressDone = regexp.MustCompile(`([0-9][0-9,]*)/[0-9][0-9,]*  `)

func (c *cancelOnProgress) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m := progressDone.FindSubmatch(p); m != nil && string(m[1]) != "0" {
		c.cancel()
	}
	return c.buf.Write(p)
}
