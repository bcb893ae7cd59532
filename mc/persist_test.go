package mc_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"brink/mc"
	"brink/scenario"
	"brink/sim"
)

func goldenModel(t *testing.T, variant string) *sim.Model {
	t.Helper()
	return loadModel(t, "testdata/golden.yaml", variant)
}

func summaryBytes(t *testing.T, r *mc.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	s := mc.Summarize(r)
	if err := s.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A result saved and loaded again summarises to the same bytes.
func TestResultRoundTrip(t *testing.T) {
	m := goldenModel(t, "")
	r := mc.Run(context.Background(), m, mc.Options{N: 300, Seed: 5, Workers: 2})
	data, err := r.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := mc.LoadResult(m, data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(summaryBytes(t, r), summaryBytes(t, back)) {
		t.Error("the loaded result summarises differently from the saved one")
	}
	again, _ := back.MarshalJSON()
	if !bytes.Equal(data, again) {
		t.Error("saving the loaded result gives other bytes")
	}
}

// N shards, each saved and loaded, merge to exactly the unsharded run, for
// several N (including shards smaller than a worker's chunk and empty ones).
func TestShardsMergeToOneRun(t *testing.T) {
	m := goldenModel(t, "")
	const n = 301
	whole := summaryBytes(t, mc.Run(context.Background(), m, mc.Options{N: n, Seed: 9, Workers: 2}))
	for _, shards := range []int{1, 2, 3, 7, 400} {
		var merged *mc.Result
		covered := int64(0)
		for i := range shards {
			from, to := mc.ShardRange(n, i, shards)
			covered += to - from
			part := mc.Run(context.Background(), m, mc.Options{N: n, Seed: 9, Workers: 3, Shard: i, Shards: shards})
			if part.N != to-from || part.Partial {
				t.Fatalf("%d shards: shard %d ran %d trajectories (partial %v), want %d", shards, i, part.N, part.Partial, to-from)
			}
			data, err := part.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			loaded, err := mc.LoadResult(m, data)
			if err != nil {
				t.Fatal(err)
			}
			if merged == nil {
				merged = loaded
			} else {
				merged.Merge(loaded)
			}
		}
		if covered != n {
			t.Fatalf("%d shards cover %d trajectories, want %d", shards, covered, n)
		}
		if got := summaryBytes(t, merged); !bytes.Equal(got, whole) {
			t.Errorf("%d shards merged differ from one run", shards)
		}
	}
}

// Loading refuses results of another scenario or variant, and corrupt files.
func TestLoadResultRefuses(t *testing.T) {
	m := goldenModel(t, "")
	hawks := goldenModel(t, "hawks")
	r := mc.Run(context.Background(), m, mc.Options{N: 20, Seed: 1})
	data, _ := r.MarshalJSON()
	def, err := scenario.Builtin(scenario.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := sim.Compile(def)
	cases := []struct {
		name string
		m    *sim.Model
		data []byte
		want string
	}{
		{"another scenario", other, data, "not"},
		{"another variant", hawks, data, "variant"},
		{"not JSON", m, []byte("{"), "not a saved result"},
		{"another format", m, bytes.Replace(data, []byte("brink-result/1"), []byte("brink-result/0"), 1), "format"},
		{"a cell out of range", m, bytes.Replace(data, []byte(`"highest_rung":[[`), []byte(`"highest_rung":[[99999,1],[`), 1), "does not fit"},
		{"counts that disagree", m, bytes.Replace(data, []byte(`"n":20`), []byte(`"n":21`), 1), "inconsistent"},
	}
	for _, c := range cases {
		if _, err := mc.LoadResult(c.m, c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// The world's counts (ukraine-2022 models the world) survive saving and
// loading, and shards saved, loaded and merged give the unsharded run's
// bytes, with worlds that did something.
func TestWorldResultShardsAndRoundTrip(t *testing.T) {
	sc, err := scenario.Builtin(scenario.DefaultID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	const n = 150
	whole := mc.Run(context.Background(), m, mc.Options{N: n, Seed: 4, Workers: 2})
	if whole.World == nil || whole.World.Any[0] == 0 {
		t.Fatalf("the default scenario's world did nothing in %d trajectories: %+v", n, whole.World)
	}
	wholeJSON, err := whole.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var merged *mc.Result
	for i := range 3 {
		part := mc.Run(context.Background(), m, mc.Options{N: n, Seed: 4, Workers: 2, Shard: i, Shards: 3})
		data, err := part.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		loaded, err := mc.LoadResult(m, data)
		if err != nil {
			t.Fatal(err)
		}
		if merged == nil {
			merged = loaded
		} else {
			merged.Merge(loaded)
		}
	}
	got, _ := merged.MarshalJSON()
	if !bytes.Equal(got, wholeJSON) {
		t.Error("3 shards merged save other bytes than one run")
	}
	if !bytes.Equal(summaryBytes(t, merged), summaryBytes(t, whole)) {
		t.Error("3 shards merged summarise differently from one run")
	}
	if !strings.Contains(string(summaryBytes(t, whole)), "The world around the war") {
		t.Error("the summary has no section on the world")
	}
}
