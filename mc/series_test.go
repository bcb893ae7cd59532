package mc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"regexp"
	"testing"

	"brink/mc"
)

// The series and the paths to nuclear use are counts: the saved result, the
// fans and the top paths are the same bytes for any number of workers, and
// for shards saved, loaded and merged.
func TestSeriesDeterministic(t *testing.T) {
	m := goldenModel(t, "")
	const n = 401
	bytesOf := func(r *mc.Result) []byte {
		data, err := r.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		fans, _ := json.Marshal(mc.Fans(r))
		paths, _ := json.Marshal(mc.TopPaths(r, 0))
		return append(append(data, fans...), paths...)
	}
	// The first seed whose run has at least two paths to nuclear use (the
	// model decides how rare they are; the test needs some to compare).
	seed := uint64(0)
	run := func(workers, shard, shards int) *mc.Result {
		return mc.Run(context.Background(), m, mc.Options{N: n, Seed: seed, Workers: workers, Shard: shard, Shards: shards})
	}
	var one *mc.Result
	for seed = 1; seed <= 40; seed++ {
		if one = run(1, 0, 0); len(mc.Fans(one)) >= 3 && len(one.Paths) >= 2 {
			break
		}
	}
	want := bytesOf(one)
	if len(mc.Fans(one)) < 3 || len(one.Paths) < 2 {
		t.Fatalf("test set-up: %d fans and %d paths after 40 seeds; want a richer run", len(mc.Fans(one)), len(one.Paths))
	}
	for _, w := range []int{2, 5} {
		if got := bytesOf(run(w, 0, 0)); !bytes.Equal(got, want) {
			t.Errorf("%d workers: series or paths differ from 1 worker at %s", w, firstDiff(got, want))
		}
	}
	var merged *mc.Result
	for i := range 3 {
		data, _ := run(2, i, 3).MarshalJSON()
		part, err := mc.LoadResult(m, data)
		if err != nil {
			t.Fatal(err)
		}
		if merged == nil {
			merged = part
		} else {
			merged.Merge(part)
		}
	}
	if got := bytesOf(merged); !bytes.Equal(got, want) {
		t.Errorf("3 shards merged: series or paths differ from one run at %s", firstDiff(got, want))
	}
}

// Each path's example is the lowest trajectory that followed it, and the
// counts are those of the trajectories one by one.
func TestPathExamples(t *testing.T) {
	m := goldenModel(t, "")
	const n = 300
	r := mc.Run(context.Background(), m, mc.Options{N: n, Seed: 4, Workers: 3})
	type seen struct {
		count int64
		first int64
	}
	byPath := map[string]*seen{}
	for k := range int64(n) {
		o, _, _ := mc.Trace(m, 4, k)
		if !o.NuclearUse {
			continue
		}
		key := o.PathString(o.PathAtUse) + " " + o.FirstUseKind.String() + " " + m.Actors[o.FirstUseBy]
		if s := byPath[key]; s != nil {
			s.count++
		} else {
			byPath[key] = &seen{1, k}
		}
	}
	top := mc.TopPaths(r, 0)
	if len(top) != len(byPath) || len(top) == 0 {
		t.Fatalf("%d paths, want %d (> 0)", len(top), len(byPath))
	}
	var total int64
	for i, p := range top {
		s := byPath[p.Path+" "+p.Kind+" "+p.By]
		if s == nil || s.count != p.Count || s.first != p.Example {
			t.Errorf("path %s %s %s: count %d example %d, want %+v", p.Path, p.Kind, p.By, p.Count, p.Example, s)
		}
		if i > 0 && p.Count > top[i-1].Count {
			t.Errorf("paths not sorted by count: %d after %d", p.Count, top[i-1].Count)
		}
		total += p.Count
	}
	if total != r.NuclearUse {
		t.Errorf("paths count %d trajectories, nuclear use %d", total, r.NuclearUse)
	}
}

// The fan bands are the quantiles of known distributions, at bin resolution.
func TestFanQuantiles(t *testing.T) {
	ints := mc.NewIntHist(99)
	lin := mc.NewLinearHist(0, 1, 200)
	logh := mc.NewLogHist(1, 1e7, 20)
	for i := range 1000 {
		u := (float64(i) + 0.5) / 1000 // uniform on (0, 1)
		ints.Add(float64(i / 10))      // 0..99, ten each
		lin.Add(u)
		logh.Add(math.Pow(10, 1+4*u)) // log-uniform on 10..1e5
	}
	f := mc.FanOf("x", "", []int{0, 14, 28}, []*mc.Hist{ints, lin, logh})
	qs := []float64{0.05, 0.25, 0.5, 0.75, 0.95}
	for j, q := range qs {
		got := [][]float64{f.P05, f.P25, f.P50, f.P75, f.P95}[j]
		if want := math.Ceil(q*100) - 1; got[0] != want {
			t.Errorf("integer q%.2f = %v, want %v", q, got[0], want)
		}
		if math.Abs(got[1]-q) > 0.5/200+1e-9 {
			t.Errorf("linear q%.2f = %v, want %v within half a bin", q, got[1], q)
		}
		want := math.Pow(10, 1+4*q)
		if r := got[2] / want; r < math.Pow(10, -1.0/20) || r > math.Pow(10, 1.0/20) {
			t.Errorf("log q%.2f = %v, want %v within a bin", q, got[2], want)
		}
	}
	for i := range 3 {
		if !(f.P05[i] <= f.P25[i] && f.P25[i] <= f.P50[i] && f.P50[i] <= f.P75[i] && f.P75[i] <= f.P95[i]) {
			t.Errorf("bands out of order at %d: %v %v %v %v %v", i, f.P05[i], f.P25[i], f.P50[i], f.P75[i], f.P95[i])
		}
	}
}

// The rung fan starts where the scenario starts, and the series of a run
// holds every trajectory.
func TestFansOfRun(t *testing.T) {
	m := goldenModel(t, "")
	r := mc.Run(context.Background(), m, mc.Options{N: 200, Seed: 1})
	if r.Series.N() != r.N {
		t.Fatalf("series holds %d trajectories, result %d", r.Series.N(), r.N)
	}
	fans := mc.Fans(r)
	if fans[0].Name != "rung" || fans[1].Name != "territory:"+m.Theatres[0].ID {
		t.Fatalf("fans in the wrong order: %s, %s", fans[0].Name, fans[1].Name)
	}
	last := len(fans[0].Days) - 1
	if fans[0].Days[last] != m.Scenario.HorizonDays {
		t.Errorf("last sample day %d, want the horizon %d", fans[0].Days[last], m.Scenario.HorizonDays)
	}
	// The territory at the horizon is the end-of-run territory.
	end := r.Territory[0]
	if d := math.Abs(fans[1].P50[last] - end.Quantile(0.5)); d > 1.0/200 {
		t.Errorf("territory median at the horizon %v, end-of-run median %v", fans[1].P50[last], end.Quantile(0.5))
	}
}

// A result saved before series and paths were kept still loads, with none.
func TestLoadResultWithoutSeries(t *testing.T) {
	m := goldenModel(t, "")
	r := mc.Run(context.Background(), m, mc.Options{N: 50, Seed: 2})
	data, _ := r.MarshalJSON()
	old := regexp.MustCompile(`,"series":.*$`).ReplaceAll(data, []byte("}"))
	if bytes.Equal(old, data) {
		t.Fatal("test set-up: no series in the saved result")
	}
	back, err := mc.LoadResult(m, old)
	if err != nil {
		t.Fatal(err)
	}
	if back.Series.N() != 0 || len(back.Paths) != 0 || mc.Fans(back) != nil {
		t.Errorf("an old result loads with series of %d trajectories and %d paths, want none", back.Series.N(), len(back.Paths))
	}
	if !bytes.Equal(jsonOf(t, back)[:200], jsonOf(t, r)[:200]) {
		t.Error("an old result summarises differently")
	}
}
