package mc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"brink/mc"
	"brink/scenario"
	"brink/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

const goldenScenario = "testdata/golden.yaml"

// loadModel compiles the built-in default scenario (path "") or a scenario
// file, with an optional variant.
func loadModel(t testing.TB, path, variant string) *sim.Model {
	t.Helper()
	var (
		sc  *scenario.Scenario
		err error
	)
	if path == "" {
		sc, err = scenario.Builtin(scenario.DefaultID)
	} else {
		sc, err = scenario.LoadFile(path)
	}
	if err != nil {
		t.Fatal(err)
	}
	if variant != "" {
		if sc, err = sc.WithVariant(variant); err != nil {
			t.Fatal(err)
		}
	}
	m, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Models are compiled once per test binary; a Model is read-only.
var (
	modelsMu sync.Mutex
	models   = map[string]*sim.Model{}
)

func model(t testing.TB, path, variant string) *sim.Model {
	t.Helper()
	modelsMu.Lock()
	defer modelsMu.Unlock()
	key := path + "\x00" + variant
	if m, ok := models[key]; ok {
		return m
	}
	m := loadModel(t, path, variant)
	models[key] = m
	return m
}

func jsonOf(t testing.TB, r *mc.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := mc.Summarize(r).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func textOf(t testing.TB, r *mc.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := mc.Summarize(r).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// firstDiff describes where two outputs first differ, for a readable failure.
func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n  got:  %q\n  want: %q", i+1, x, y)
		}
	}
	return "no difference"
}

// copyOutcome deep-copies an outcome: a World reuses its Outcome's slices.
func copyOutcome(o *sim.Outcome) sim.Outcome {
	c := *o
	c.Territory = append([]float64(nil), o.Territory...)
	c.Losses = append([]float64(nil), o.Losses...)
	c.Active = append([]float64(nil), o.Active...)
	c.Series.Rung = append([]int(nil), o.Series.Rung...)
	c.Series.Territory = append([]float64(nil), o.Series.Territory...)
	c.Series.Losses = append([]float64(nil), o.Series.Losses...)
	return c
}

// runManual runs trajectories [from, to) on one reused World into a new
// Result, the way a worker of mc.Run does.
func runManual(m *sim.Model, seed uint64, from, to int64) *mc.Result {
	r := mc.NewResult(m)
	w := sim.NewWorld(m)
	for k := from; k < to; k++ {
		w.Reset(mc.StreamKey(m.Scenario.Hash, seed, k))
		r.AddAt(k, w.Run())
	}
	return r
}

// The same run gives the same bytes whatever the number of workers; another
// seed gives other bytes.
func TestDeterminismAcrossWorkers(t *testing.T) {
	for _, tc := range []struct {
		name, path string
		n          int64
	}{
		{"default", "", 300},
		{"golden", goldenScenario, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := model(t, tc.path, "")
			run := func(seed uint64, workers int) []byte {
				return jsonOf(t, mc.Run(context.Background(), m, mc.Options{N: tc.n, Seed: seed, Workers: workers}))
			}
			want := run(7, 1)
			for _, workers := range []int{2, 7, 7} {
				if got := run(7, workers); !bytes.Equal(got, want) {
					t.Errorf("seed 7, %d workers differs from 1 worker at %s", workers, firstDiff(got, want))
				}
			}
			if got := run(8, 3); bytes.Equal(got, want) {
				t.Error("seed 8 gives the same summary as seed 7")
			}
		})
	}
}

// The summary of a small fixed scenario is compared with testdata/golden.txt
// and testdata/golden.json; `go test ./mc -run TestGolden -update` rewrites
// them. A change here is a change of what brink reports for the same scenario
// and seed, and must be deliberate.
func TestGolden(t *testing.T) {
	m := model(t, goldenScenario, "")
	res := mc.Run(context.Background(), m, mc.Options{N: 500, Seed: 42, Workers: 3})
	for _, g := range []struct {
		file string
		got  []byte
	}{
		{"testdata/golden.txt", textOf(t, res)},
		{"testdata/golden.json", jsonOf(t, res)},
	} {
		if *update {
			if err := os.WriteFile(g.file, g.got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(g.file)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(g.got, want) {
			t.Errorf("%s differs (regenerate with -update if the change is intended) at %s", g.file, firstDiff(g.got, want))
		}
	}
}

// The golden scenario is worth its name only if every part of the summary is
// exercised: check that it still produces several endings and nuclear use.
func TestGoldenScenarioIsInformative(t *testing.T) {
	m := model(t, goldenScenario, "")
	s := mc.Summarize(mc.Run(context.Background(), m, mc.Options{N: 500, Seed: 42, Workers: 3}))
	nonzero := 0
	for _, e := range s.Ends {
		if e.Count > 0 {
			nonzero++
		}
	}
	if nonzero < 3 {
		t.Errorf("only %d endings occur in the golden scenario; want at least 3 so that the golden files mean something", nonzero)
	}
	if i := slices.IndexFunc(s.Events, func(e mc.Estimate) bool { return e.Name == "nuclear_use" }); i < 0 || s.Events[i].Count == 0 {
		t.Errorf("no nuclear use in the golden scenario: %+v", s.Events)
	}
}

// A variant keeps the scenario's hash (common random numbers) and changes the
// answer.
func TestVariantSharesStreams(t *testing.T) {
	base := model(t, goldenScenario, "")
	hawks := model(t, goldenScenario, "hawks")
	if base.Scenario.Hash != hawks.Scenario.Hash {
		t.Error("a variant changed the scenario hash, so it no longer shares random streams with the base")
	}
	opt := mc.Options{N: 300, Seed: 42, Workers: 2}
	a := mc.Summarize(mc.Run(context.Background(), base, opt))
	b := mc.Summarize(mc.Run(context.Background(), hawks, opt))
	if b.Variant != "hawks" || a.Variant != "" {
		t.Errorf("variant names: base %q, hawks %q", a.Variant, b.Variant)
	}
	if reflect.DeepEqual(a.Ends, b.Ends) && reflect.DeepEqual(a.Events, b.Events) && reflect.DeepEqual(a.Quantiles, b.Quantiles) {
		t.Error("the hawks variant gives exactly the same endings, events and quantiles as the base scenario")
	}
}

// Running trajectories 0..N-1 into one Result equals running the two halves
// into two Results and merging them, in either order, and equals mc.Run.
func TestMergeEqualsOneRun(t *testing.T) {
	for _, tc := range []struct {
		name, path string
		n          int64
	}{
		{"golden", goldenScenario, 600},
		{"default", "", 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := model(t, tc.path, "")
			const seed = 11
			finish := func(r *mc.Result) *mc.Result {
				r.Seed, r.Requested = seed, tc.n
				return r
			}
			whole := jsonOf(t, finish(runManual(m, seed, 0, tc.n)))

			h := tc.n/2 + 3 // not a multiple of the runner's chunk
			a, b := runManual(m, seed, 0, h), runManual(m, seed, h, tc.n)
			a.Merge(b)
			if got := jsonOf(t, finish(a)); !bytes.Equal(got, whole) {
				t.Errorf("first half merged with second differs from one run at %s", firstDiff(got, whole))
			}
			a, b = runManual(m, seed, 0, h), runManual(m, seed, h, tc.n)
			b.Merge(a)
			if got := jsonOf(t, finish(b)); !bytes.Equal(got, whole) {
				t.Errorf("second half merged with first differs from one run at %s", firstDiff(got, whole))
			}

			run := mc.Run(context.Background(), m, mc.Options{N: tc.n, Seed: seed, Workers: 3})
			if got := jsonOf(t, run); !bytes.Equal(got, whole) {
				t.Errorf("mc.Run differs from running the trajectories one by one at %s", firstDiff(got, whole))
			}
		})
	}
}

// Cancelling the context stops the run early; what finished is returned,
// marked partial, and the summary says so.
func TestCancellationGivesPartialResult(t *testing.T) {
	m := model(t, "", "")
	const n = 1_000_000
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		mu    sync.Mutex
		calls []int64
	)
	opt := mc.Options{N: n, Seed: 3, Workers: 2, ProgressEvery: time.Millisecond,
		Progress: func(done int64) {
			mu.Lock()
			calls = append(calls, done)
			mu.Unlock()
			if done >= 20 {
				cancel()
			}
		}}
	start := time.Now()
	res := mc.Run(ctx, m, opt)
	if el := time.Since(start); el > 30*time.Second {
		t.Errorf("the run took %v after being cancelled", el)
	}
	if !res.Partial || res.N <= 0 || res.N >= n || res.Requested != n {
		t.Fatalf("Partial %v, N %d, Requested %d; want a partial result with 0 < N < %d", res.Partial, res.N, res.Requested, n)
	}
	var ends int64
	for _, c := range res.Ends {
		ends += c
	}
	if ends != res.N {
		t.Errorf("the endings count %d trajectories, N is %d", ends, res.N)
	}
	mu.Lock()
	if len(calls) == 0 || calls[len(calls)-1] != res.N {
		t.Errorf("the last progress report should be the final count %d; got %v", res.N, calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i] < calls[i-1] {
			t.Errorf("progress went backwards: %v", calls)
			break
		}
	}
	mu.Unlock()

	s := mc.Summarize(res)
	if !s.Partial || s.Trajectories != res.N || s.Requested != n {
		t.Errorf("summary: partial %v, trajectories %d, requested %d", s.Partial, s.Trajectories, s.Requested)
	}
	text := string(textOf(t, res))
	if want := fmt.Sprintf("PARTIAL: interrupted after %d of %d", res.N, int64(n)); !strings.Contains(text, want) {
		t.Errorf("text summary lacks %q:\n%s", want, text[:min(len(text), 300)])
	}
	var js struct {
		Partial      bool  `json:"partial"`
		Trajectories int64 `json:"trajectories"`
		Requested    int64 `json:"requested"`
	}
	raw := jsonOf(t, res)
	if err := json.Unmarshal(raw, &js); err != nil {
		t.Fatal(err)
	}
	if !js.Partial || js.Trajectories != res.N || js.Requested != n || !bytes.Contains(raw, []byte(`"partial": true`)) {
		t.Errorf("JSON summary: %+v", js)
	}

	// A run that is not interrupted is not marked.
	full := mc.Run(context.Background(), m, mc.Options{N: 20, Seed: 3, Workers: 2})
	if full.Partial || full.N != 20 {
		t.Errorf("uninterrupted run: Partial %v, N %d", full.Partial, full.N)
	}
	if bytes.Contains(textOf(t, full), []byte("PARTIAL")) || !bytes.Contains(jsonOf(t, full), []byte(`"partial": false`)) {
		t.Error("an uninterrupted run is reported as partial")
	}

	// A context cancelled before the start gives an empty, partial result.
	dead, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if r := mc.Run(dead, m, mc.Options{N: 100, Seed: 3, Workers: 2}); r.N != 0 || !r.Partial {
		t.Errorf("cancelled before the start: N %d, Partial %v", r.N, r.Partial)
	}
}

// Trace replays trajectory k exactly as mc.Run simulated it. A worker of
// mc.Run reuses its World for trajectory after trajectory, so trajectory k is
// simulated three ways: on a World that has just run trajectories 0..k-1 (as
// in mc.Run with one worker), on a fresh World, and by Trace (a fresh World
// with the event log on). All outcomes must be equal: a difference between
// the first two means World.Reset leaves some state of the previous
// trajectory behind; between the last two, that tracing changes the draws.
func TestTraceReproducesRun(t *testing.T) {
	for _, tc := range []struct {
		name, path, variant string
		n                   int64
	}{
		{"golden", goldenScenario, "", 400},
		{"golden-hawks", goldenScenario, "hawks", 200},
		{"default", "", "", 30},
		{"default-bluff", "", "bluff", 60},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := model(t, tc.path, tc.variant)
			const seed = 5
			reused := sim.NewWorld(m)
			fromTraces := mc.NewResult(m)
			fromTraces.Seed, fromTraces.Requested = seed, tc.n
			bad := 0
			for k := range tc.n {
				key := mc.StreamKey(m.Scenario.Hash, seed, k)
				reused.Reset(key)
				inRun := copyOutcome(reused.Run())
				fresh := sim.NewWorld(m)
				fresh.Reset(key)
				alone := copyOutcome(fresh.Run())
				o, events, _ := mc.Trace(m, seed, k)
				traced := copyOutcome(o)
				if !reflect.DeepEqual(alone, inRun) && bad < 3 {
					bad++
					t.Errorf("trajectory %d on a World that ran trajectory %d before differs from a fresh World: World.Reset leaves state behind\n  reused: %+v\n  fresh:  %+v", k, k-1, inRun, alone)
				}
				if !reflect.DeepEqual(traced, alone) && bad < 3 {
					bad++
					t.Errorf("trajectory %d: Trace differs from the untraced run: tracing changes the draws\n  traced:   %+v\n  untraced: %+v", k, traced, alone)
				}
				fromTraces.AddAt(k, o)
				if len(events) == 0 {
					t.Fatalf("trajectory %d: Trace recorded no events", k)
				}
				for i := 1; i < len(events); i++ {
					if events[i].Day < events[i-1].Day {
						t.Fatalf("trajectory %d: events out of order: day %d after day %d", k, events[i].Day, events[i-1].Day)
					}
				}
				if last := events[len(events)-1]; last.Day != o.Days {
					t.Errorf("trajectory %d: the last event (%q) is on day %d, the trajectory ended on day %d", k, last.Text, last.Day, o.Days)
				}
			}
			run := mc.Run(context.Background(), m, mc.Options{N: tc.n, Seed: seed, Workers: 1})
			if got, want := jsonOf(t, fromTraces), jsonOf(t, run); !bytes.Equal(got, want) {
				t.Errorf("the traces of trajectories 0..%d add up to another summary than mc.Run at %s", tc.n-1, firstDiff(got, want))
			}
		})
	}
}

// The survival curve is a cumulative incidence: non-decreasing, inside its
// interval, reported at every 30 days and the last day; the endings and the
// kinds of first use partition the trajectories exactly.
func TestSummaryConsistency(t *testing.T) {
	m := model(t, goldenScenario, "")
	res := mc.Run(context.Background(), m, mc.Options{N: 500, Seed: 42, Workers: 3})
	s := mc.Summarize(res)
	n := s.Trajectories
	if n != 500 || s.Partial {
		t.Fatalf("trajectories %d, partial %v", n, s.Partial)
	}

	checkEstimate := func(where string, e mc.Estimate) {
		t.Helper()
		if e.Count < 0 || e.Count > n {
			t.Errorf("%s: count %d of %d", where, e.Count, n)
		}
		if p := float64(e.Count) / float64(n); e.P != p {
			t.Errorf("%s: p %v, want %d/%d = %v", where, e.P, e.Count, n, p)
		}
		lo, hi := mc.Wilson(e.Count, n, mc.Z95)
		if e.Lo != lo || e.Hi != hi {
			t.Errorf("%s: interval [%v, %v], Wilson gives [%v, %v]", where, e.Lo, e.Hi, lo, hi)
		}
		if !(0 <= e.Lo && e.Lo <= e.P && e.P <= e.Hi && e.Hi <= 1) {
			t.Errorf("%s: p %v outside [%v, %v] or the interval outside [0, 1]", where, e.P, e.Lo, e.Hi)
		}
	}

	var ends int64
	var psum float64
	for _, e := range s.Ends {
		checkEstimate("ends "+e.Name, e)
		ends += e.Count
		psum += e.P
	}
	if ends != n {
		t.Errorf("the endings count %d trajectories of %d", ends, n)
	}
	if d := psum - 1; d > 1e-12 || d < -1e-12 {
		t.Errorf("the endings' probabilities sum to %v", psum)
	}

	ev := map[string]int64{}
	for _, e := range s.Events {
		checkEstimate("events "+e.Name, e)
		ev[e.Name] = e.Count
	}
	use := ev["nuclear_use"]
	if k := ev["first_use_deliberate"] + ev["first_use_false_alarm"] + ev["first_use_unauthorised"] + ev["first_use_loss_of_control"]; k != use {
		t.Errorf("the kinds of first use count %d, nuclear use %d", k, use)
	}
	var by int64
	for _, e := range s.FirstUseBy {
		checkEstimate("first use by "+e.Name, e)
		by += e.Count
	}
	if by != use {
		t.Errorf("first use by actor counts %d, nuclear use %d", by, use)
	}
	if len(s.FirstUseBy) != len(m.Actors) {
		t.Errorf("first use by: %d entries for %d actors", len(s.FirstUseBy), len(m.Actors))
	}

	h := m.Scenario.HorizonDays
	if len(s.Survival) == 0 || s.Survival[len(s.Survival)-1].Day != h-1 {
		t.Fatalf("the survival curve should end on the last day of the horizon, %d: %+v", h-1, s.Survival)
	}
	for i, p := range s.Survival {
		where := fmt.Sprintf("survival day %d", p.Day)
		if i < len(s.Survival)-1 && p.Day != 29+30*i {
			t.Errorf("%s: point %d should be day %d", where, i, 29+30*i)
		}
		if want := m.Scenario.Start.AddDate(0, 0, p.Day).Format("2006-01-02"); p.Date != want {
			t.Errorf("%s: date %s, want %s", where, p.Date, want)
		}
		for _, e := range []mc.Estimate{p.Any, p.Deliberate, p.Inadvertent} {
			checkEstimate(where+" "+e.Name, e)
		}
		if p.Any.Count != p.Deliberate.Count+p.Inadvertent.Count {
			t.Errorf("%s: any %d ≠ deliberate %d + inadvertent %d", where, p.Any.Count, p.Deliberate.Count, p.Inadvertent.Count)
		}
		if i > 0 {
			q := s.Survival[i-1]
			if p.Day <= q.Day || p.Any.Count < q.Any.Count || p.Deliberate.Count < q.Deliberate.Count || p.Inadvertent.Count < q.Inadvertent.Count {
				t.Errorf("%s: the curve decreases from day %d (%+v → %+v)", where, q.Day, q, p)
			}
		}
	}
	// Every first use happens before the horizon, so the curve ends at the
	// share of trajectories with nuclear use.
	last := s.Survival[len(s.Survival)-1]
	if last.Any.Count != use || last.Deliberate.Count != ev["first_use_deliberate"] {
		t.Errorf("on the last day the curve counts %d uses (%d deliberate); the run had %d (%d)", last.Any.Count, last.Deliberate.Count, use, ev["first_use_deliberate"])
	}

	for _, q := range s.Quantiles {
		if !(q.P05 <= q.P25 && q.P25 <= q.P50 && q.P50 <= q.P75 && q.P75 <= q.P95) {
			t.Errorf("quantiles of %s out of order: %+v", q.Name, q)
		}
	}
	if q := s.Quantiles[0]; q.Name != "duration" || q.P95 > float64(h) || q.P05 < 0 {
		t.Errorf("duration quantiles outside 0..%d: %+v", h, q)
	}
}

// Memory does not grow with the number of trajectories: a Result is a fixed
// set of integer counts, and a run allocates per worker, not per trajectory.
//
// Measuring the heap is noisy, so the test measures two things that are not:
//   - the number of heap allocations made by mc.Run, which must not depend on
//     N (the counts are exact, whatever else the process does, as long as no
//     other test runs in parallel; a tolerance of a few allocations per extra
//     hundred trajectories absorbs the runtime's own bookkeeping);
//   - the live heap retained by the returned Result, after a forced GC, which
//     must be the same for N = 200 and N = 5000 within 64 KiB: if a Result kept
//     even 16 bytes per trajectory, the larger run would retain 75 KiB more.
//
// Result.Add must not allocate at all.
func TestMemoryIndependentOfN(t *testing.T) {
	m := model(t, goldenScenario, "")
	measure := func(n int64) (mallocs uint64, retained int64) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		res := mc.Run(context.Background(), m, mc.Options{N: n, Seed: 9, Workers: 2})
		runtime.ReadMemStats(&after)
		mallocs = after.Mallocs - before.Mallocs
		runtime.GC()
		runtime.ReadMemStats(&after)
		retained = int64(after.HeapAlloc) - int64(before.HeapAlloc)
		if res.N != n {
			t.Fatalf("ran %d of %d", res.N, n)
		}
		runtime.KeepAlive(res)
		return mallocs, retained
	}
	measure(200) // warm up: lazily initialised state of the runtime and packages
	ms, rs := measure(200)
	ml, rl := measure(5000)
	t.Logf("N=200: %d allocations, %d bytes retained; N=5000: %d allocations, %d bytes retained", ms, rs, ml, rl)
	if ml > ms+50 {
		t.Errorf("mc.Run allocates with N: %d allocations for 200 trajectories, %d for 5000", ms, ml)
	}
	if d := rl - rs; d > 64<<10 || d < -64<<10 {
		t.Errorf("the Result of 5000 trajectories retains %d bytes more than that of 200", d)
	}

	r := mc.NewResult(m)
	w := sim.NewWorld(m)
	w.Reset(mc.StreamKey(m.Scenario.Hash, 1, 0))
	o := w.Run()
	if a := testing.AllocsPerRun(100, func() { r.Add(o) }); a != 0 {
		t.Errorf("Result.Add allocates %v times per call", a)
	}
}

// BenchmarkRun measures whole runs of the default scenario on all cores.
func BenchmarkRun(b *testing.B) {
	m := model(b, "", "")
	const n = 200
	workers := runtime.GOMAXPROCS(0)
	var runs int
	for b.Loop() {
		res := mc.Run(context.Background(), m, mc.Options{N: n, Seed: uint64(runs), Workers: workers})
		if res.N != n {
			b.Fatalf("ran %d of %d", res.N, n)
		}
		runs++
	}
	b.ReportMetric(float64(runs*n)/b.Elapsed().Seconds(), "trajectories/s")
}

// BenchmarkTrace measures the replay of one trajectory with its story.
func BenchmarkTrace(b *testing.B) {
	m := model(b, "", "")
	var k int64
	for b.Loop() {
		mc.Trace(m, 1, k)
		k++
	}
}
