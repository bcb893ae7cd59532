package cli

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brink/results"
	"brink/sweep"
)

// In testdata/sweep.yaml, EAST's alarm rate at alert 1 (uniform(0, 60)) drives
// nuclear use; SOUTH's optimism (uniform(-0.3, 0.3)) changes nothing.
const (
	sweepScenario = "testdata/sweep.yaml"
	alarmsParam   = "actors.EAST.nuclear.alarms_per_year[1]"
	inertParam    = "actors.SOUTH.politics.optimism"
)

// sweepJSON runs brink sweep with -json and decodes its report.
func sweepJSON(t *testing.T, args ...string) (sweep.Report, result) {
	t.Helper()
	r := brink(t, append([]string{"sweep", sweepScenario, "-json"}, args...)...)
	wantCode(t, r, exitOK)
	var rep sweep.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("the JSON report does not parse: %v\n%s", err, r)
	}
	return rep, r
}

func TestSweepSobolRanksTheInfluentialParameter(t *testing.T) {
	rep, _ := sweepJSON(t, "-params", alarmsParam+","+inertParam, "-points", "16", "-n", "200")
	if rep.Design != "sobol" || rep.BaseRows != 16 || rep.Points != 16*4 || rep.PointsUsed != 64 ||
		rep.TrajectoriesPerPoint != 200 || rep.Partial || rep.Outcome != "nuclear_use" {
		t.Fatalf("report header: %+v", rep)
	}
	if len(rep.Sobol) != 2 || rep.Sobol[0].Parameter != alarmsParam || rep.Sobol[1].Parameter != inertParam {
		t.Fatalf("want %s ranked first: %+v", alarmsParam, rep.Sobol)
	}
	top, inert := rep.Sobol[0], rep.Sobol[1]
	if top.ST < 0.5 || top.S1 < 0.3 || !(top.STLo > 0.1) {
		t.Errorf("the alarm rate should explain most of the variance: %+v", top)
	}
	if !(inert.ST < 0.05 || (inert.STLo <= 0 && inert.STHi >= 0)) {
		t.Errorf("the inert parameter should have ST ≈ 0: %+v", inert)
	}
	if top.ST-inert.ST < 0.4 {
		t.Errorf("ST of %s (%v) is not clearly above ST of %s (%v)", top.Parameter, top.ST, inert.Parameter, inert.ST)
	}
	if p := rep.Parameters[0]; p.Path != alarmsParam || p.Over != "distribution" || p.Distribution != "uniform(0, 60)" || p.Lo != 0 || p.Hi != 60 {
		t.Errorf("parameter: %+v", p)
	}
	if rep.Table != nil {
		t.Error("the JSON of a Sobol sweep should not list the points (sweep.json does)")
	}
}

func TestSweepMorrisAndRanges(t *testing.T) {
	rep, _ := sweepJSON(t, "-design", "morris", "-points", "6", "-n", "200",
		"-params", inertParam+"=-0.3:0.3", "-params", alarmsParam+"=0:60")
	if rep.Points != 6*3 || len(rep.Morris) != 2 || rep.Levels != 4 || rep.MorrisTrajectories != 6 {
		t.Fatalf("report: %+v", rep)
	}
	top, inert := rep.Morris[0], rep.Morris[1]
	if top.Parameter != alarmsParam || top.MuStar < 0.3 || top.Mu < 0.3 {
		t.Errorf("the alarm rate should come first with a large positive effect: %+v", top)
	}
	if inert.Parameter != inertParam || inert.MuStar > 0.02 {
		t.Errorf("the inert parameter should have μ* ≈ 0: %+v", inert)
	}
	if p := rep.Parameters[1]; p.Over != "range" || p.Lo != 0 || p.Hi != 60 {
		t.Errorf("a ranged parameter: %+v", p)
	}
}

func TestSweepGridAndLHS(t *testing.T) {
	rep, _ := sweepJSON(t, "-design", "grid", "-points", "3", "-n", "100", "-params", alarmsParam+"=0:60,"+inertParam)
	if rep.Points != 9 || len(rep.Table) != 9 {
		t.Fatalf("a 3×3 grid has 9 points: %+v", rep)
	}
	// Levels at the midpoints of thirds: 10, 30, 50 for the range; the first
	// coordinate varies slowest.
	for i, want := range []float64{10, 10, 10, 30, 30, 30, 50, 50, 50} {
		if x := rep.Table[i].X[0]; math.Abs(x-want) > 1e-9 {
			t.Errorf("point %d: %s = %v, want %v", i+1, alarmsParam, x, want)
		}
	}
	if x := rep.Table[1].X[1]; math.Abs(x) > 1e-12 {
		t.Errorf("the middle level of uniform(-0.3, 0.3) should be its median 0, got %v", x)
	}
	// The inert parameter: equal outputs along it.
	if rep.Table[0].Y != rep.Table[1].Y || rep.Table[1].Y != rep.Table[2].Y || !(rep.Table[6].Y > rep.Table[0].Y) {
		t.Errorf("outputs along the grid: %+v", rep.Table)
	}
	if reg := rep.Regression; reg == nil || reg.Rows[0].Parameter != alarmsParam || reg.Rows[0].SRC < 0.8 || math.Abs(float64(reg.Rows[1].SRC)) > 0.05 {
		t.Errorf("regression: %+v", rep.Regression)
	}

	rep, _ = sweepJSON(t, "-design", "lhs", "-points", "12", "-n", "100", "-params", alarmsParam+","+inertParam)
	if rep.Points != 12 || len(rep.Table) != 12 || rep.Regression == nil || rep.Regression.Rows[0].Parameter != alarmsParam {
		t.Fatalf("lhs report: %+v", rep)
	}
	for _, p := range rep.Table {
		if p.X[0] < 0 || p.X[0] > 60 || p.Count < 0 || p.Count > 100 || p.Y != float64(p.Count)/100 || !(p.Lo <= p.Y && p.Y <= p.Hi) {
			t.Errorf("lhs point: %+v", p)
		}
	}
}

// The same sweep twice, and with other numbers of workers, prints the same
// bytes; on a terminal the progress bar goes to stderr only.
func TestSweepDeterministic(t *testing.T) {
	args := []string{"sweep", sweepScenario, "-params", alarmsParam + "," + inertParam, "-points", "8", "-n", "100"}
	first := brink(t, append(args, "-workers", "1")...)
	wantCode(t, first, exitOK)
	for _, w := range []string{"1", "3", "8"} {
		r := brink(t, append(args, "-workers", w)...)
		wantCode(t, r, exitOK)
		if r.stdout != first.stdout {
			t.Errorf("-workers %s changed the output:\n%s\nvs\n%s", w, r.stdout, first.stdout)
		}
	}
	for _, want := range []string{"Sweep of sweep-test", "Outcome: nuclear_use (any nuclear use)",
		"Design: sobol (Saltelli), 8 base rows × 4 = 32 points; 100 trajectories per point, seed 1",
		alarmsParam + "  uniform(0, 60)", "Sorted by ST", "Monte Carlo noise in y inflates every ST and deflates every S1"} {
		if !strings.Contains(first.stdout, want) {
			t.Errorf("the report lacks %q:\n%s", want, first.stdout)
		}
	}
	if strings.Index(first.stdout, alarmsParam) > strings.Index(first.stdout, inertParam) {
		t.Errorf("the table is not sorted by ST:\n%s", first.stdout)
	}
	term := brinkCtx(t, context.Background(), true, append(args, "-workers", "2")...)
	wantCode(t, term, exitOK)
	if term.stdout != first.stdout {
		t.Error("the progress bar changed stdout")
	}
	bar, keptLine, _ := strings.Cut(term.stderr, "brink sweep: kept in ")
	if !strings.Contains(bar, "\r\033[K[") || !strings.Contains(bar, "3,200/3,200") || !strings.HasSuffix(bar, "\r\033[K") || !strings.HasSuffix(keptLine, "writes its HTML page)\n") {
		t.Errorf("stderr should show the bar up to 3,200 trajectories and clear it: %q", term.stderr)
	}
	// Another seed gives other numbers.
	other := brink(t, append(args, "-seed", "2")...)
	wantCode(t, other, exitOK)
	if other.stdout == first.stdout {
		t.Error("-seed 2 gave the output of seed 1")
	}
}

func TestSweepOutDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sw")
	r := brink(t, "sweep", sweepScenario, "-variant", "calm", "-params", alarmsParam+","+inertParam,
		"-points", "4", "-n", "50", "-outcome", "first_use_false_alarm", "-out", dir)
	wantCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "(variant calm)") || !strings.Contains(r.stdout, "Outcome: first_use_false_alarm (first use on a false alarm)") {
		t.Errorf("report:\n%s", r.stdout)
	}
	if got := strings.Join(listDir(t, dir), " "); got != "manifest.json summary.json summary.txt sweep.json" {
		t.Fatalf("the directory holds %s", got)
	}
	txt, _ := os.ReadFile(filepath.Join(dir, "summary.txt"))
	if string(txt) != r.stdout {
		t.Error("summary.txt is not what was printed")
	}
	var man results.Manifest
	mj, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err := json.Unmarshal(mj, &man); err != nil {
		t.Fatal(err)
	}
	if man.Format != "brink-sweep/1" || man.Scenario != "sweep-test" || man.Variant != "calm" || man.Seed != 1 ||
		man.Trajectories != 16*50 || man.Done != 16*50 || man.Partial || !strings.Contains(man.ScenarioText, "alarms_per_year") {
		t.Errorf("manifest: %+v", man)
	}
	var sw sweep.Report
	sj, _ := os.ReadFile(filepath.Join(dir, "sweep.json"))
	if err := json.Unmarshal(sj, &sw); err != nil {
		t.Fatal(err)
	}
	if len(sw.Table) != 16 || len(sw.Sobol) != 2 || len(sw.Table[0].U) != 2 || sw.Variant != "calm" {
		t.Errorf("sweep.json: %d points, %d indices", len(sw.Table), len(sw.Sobol))
	}
	var sum struct {
		Manifest results.Manifest `json:"manifest"`
		Sweep    *sweep.Report    `json:"sweep"`
	}
	sj, _ = os.ReadFile(filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(sj, &sum); err != nil || sum.Sweep == nil || sum.Manifest.Format != "brink-sweep/1" || len(sum.Sweep.Sobol) != 2 {
		t.Errorf("summary.json: %v %+v", err, sum)
	}
	// A sweep is not a run: the catalog does not take it.
	if err := results.Register(filepath.Join(t.TempDir(), "c.sqlite"), dir); err == nil || !strings.Contains(err.Error(), "brink-sweep/1") {
		t.Errorf("the catalog should refuse a sweep directory, got %v", err)
	}
}

// Ctrl-C: a sweep cancelled at once reports nothing and exits 1; one
// cancelled midway prints a PARTIAL report of whole base rows and exits 1.
func TestSweepInterrupted(t *testing.T) {
	dead, cancel := context.WithCancel(context.Background())
	cancel()
	r := brinkCtx(t, dead, false, "sweep", sweepScenario, "-params", alarmsParam, "-n", "100", "-points", "4")
	wantCode(t, r, exitFail)
	if r.stdout != "" || !strings.Contains(r.stderr, "interrupted before the first base row of the design finished") {
		t.Errorf("a sweep interrupted at once:\n%s", r)
	}

	// Midway (how far it gets depends on the machine).
	ctx, cancel := context.WithTimeout(context.Background(), 600*time.Millisecond)
	defer cancel()
	start := time.Now()
	r = brinkCtx(t, ctx, false, "sweep", sweepScenario, "-params", alarmsParam+","+inertParam, "-n", "1000", "-points", "64",
		"-workers", "2", "-json")
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("the interrupted sweep took %v", el)
	}
	wantCode(t, r, exitFail)
	if r.stdout == "" {
		if !strings.Contains(r.stderr, "interrupted before the first base row") {
			t.Errorf("an interrupted sweep with no output:\n%s", r)
		}
		return
	}
	var rep sweep.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Partial || rep.PointsUsed%4 != 0 || rep.PointsUsed >= rep.Points || !strings.Contains(r.stderr, "PARTIAL") {
		t.Errorf("a partial sweep: partial %v, %d of %d points\n%s", rep.Partial, rep.PointsUsed, rep.Points, r.stderr)
	}
	if rep.PointsUsed >= 8 && (len(rep.Sobol) != 2 || rep.Sobol[0].Parameter != alarmsParam) {
		t.Errorf("a partial sweep of %d base rows: %+v", rep.PointsUsed/4, rep.Sobol)
	}
	t.Logf("interrupted after %d of %d points", rep.PointsUsed, rep.Points)
}

func TestSweepUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{}, "no parameters"},
		{[]string{"-params", alarmsParam, "-design", "random"}, `unknown design "random"`},
		{[]string{"-params", alarmsParam, "-points", "1"}, "-points must be at least 2 for the sobol design"},
		{[]string{"-params", alarmsParam, "-design", "morris", "-points", "-1"}, "-points must be at least 1"},
		{[]string{"-params", alarmsParam, "-n", "0"}, "-n must be at least 1"},
		{[]string{"-params", alarmsParam, "-workers", "0"}, "-workers must be at least 1"},
		{[]string{"-params", alarmsParam + "=5"}, "expected a range lo:hi after ="},
		{[]string{"-params", alarmsParam + "=5:1"}, "needs lo < hi"},
		{[]string{"-params", alarmsParam + "=a:b"}, "expected a range of two numbers"},
		{[]string{"-params", alarmsParam + "," + alarmsParam + "=0:1"}, "is given twice"},
		{[]string{"-params", "actors.WEST.politics.optimism"}, "is the constant 0.1 at testdata/sweep.yaml:29:58; give a range: actors.WEST.politics.optimism=lo:hi"},
		{[]string{"-params", "actors.WEST.politics.cost_sensitivity"}, "(by default); give a range"},
		{[]string{"-params", alarmsParam, "-outcome", "doom"}, `unknown outcome "doom"; expected one of frozen, settlement`},
		{[]string{"-params", alarmsParam, "extra.yaml"}, "expected at most one scenario, got 2"},
	} {
		args := append([]string{"sweep", sweepScenario}, tc.args...)
		r := brink(t, args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "Usage: brink sweep") || r.stdout != "" {
			t.Errorf("%q: want exit 2 with %q and the usage on stderr\n%s", args, tc.want, r)
		}
	}
	// Problems with the scenario: positioned, exit 2, no usage text.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-params", "actors.WST.politics.optimism=0:0.1"},
			`testdata/sweep.yaml:15:3: actors.WST.politics.optimism: no element with id "WST" in actors; did you mean "WEST"?`},
		{[]string{"-params", "actors.EAST.politics.optimsm=0:0.1"},
			`testdata/sweep.yaml:17:15: actors.EAST.politics.optimsm: no field "optimsm" in actors.EAST.politics; did you mean "optimism"?`},
		{[]string{"-params", "actors.WEST.nuclear.leader_launch=0:1"}, "actors.WEST.nuclear is not set"},
		{[]string{"-params", "relations.EAST-WEST.sides.EAST.rung=0:6"}, "is a whole number, not a number that may be a distribution"},
		{[]string{"-params", "actors.WEST.politics.optimism=0:0.9"},
			"at the high end of their ranges:\ntestdata/sweep.yaml:29:58: actors.WEST.politics.optimism: must be within [-0.5, 0.5], got 0.9"},
		{[]string{"-params", alarmsParam, "-variant", "wild"}, `has no variant "wild"`},
		// The file has no ladder: the default one can be read but not set.
		{[]string{"-params", "ladder[7].cost=0:0.01"}, "ladder[7].cost is not in the scenario file (a default applies); write it out in the file to vary it"},
		{[]string{"-params", alarmsParam, "no/such.yaml"}, "no such file"},
	} {
		args := append([]string{"sweep"}, tc.args...)
		if tc.args[len(tc.args)-1] != "no/such.yaml" {
			args = append(args, sweepScenario)
		}
		r := brink(t, args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("%q: want exit 2 with %q on stderr\n%s", args, tc.want, r)
		}
	}
	// More parameters than a Saltelli design takes.
	var many []string
	for _, a := range []string{"EAST", "WEST", "SOUTH"} {
		for _, f := range []string{"resolve", "cost_sensitivity", "risk_tolerance", "rationality", "bluff_propensity",
			"optimism", "optimism_half_life_days"} {
			many = append(many, "actors."+a+".politics."+f+"=0.1:0.2")
		}
	}
	r := brink(t, "sweep", sweepScenario, "-params", strings.Join(many, ","), "-n", "1")
	if r.code != exitUsage || !strings.Contains(r.stderr, "at most 20 inputs") {
		t.Errorf("21 parameters in a Sobol design: want exit 2\n%s", r)
	}
}

func TestSweepHelp(t *testing.T) {
	r := brink(t, "sweep", "-h")
	wantCode(t, r, exitOK)
	for _, flag := range []string{"-params", "-design", "-points", "-n", "-seed", "-outcome", "-variant", "-out", "-json", "-workers"} {
		if !strings.Contains(r.stdout, "\n  "+flag+" ") && !strings.Contains(r.stdout, "\n  "+flag+"\n") {
			t.Errorf("sweep -h does not describe %s", flag)
		}
	}
}

// A sweep can follow an outcome of the world: here the chance of a Russian
// change of leadership rises with its hazard, and the count at each point is
// the run's (the same summary a run reports).
func TestSweepWorldOutcome(t *testing.T) {
	rr := brink(t, "sweep", "-params", "actors.RUS.regime.hazard_per_year=0.01:2", "-design", "grid", "-points", "2",
		"-n", "200", "-outcome", "regime_change:RUS", "-no-save", "-json")
	wantCode(t, rr, exitOK)
	var out struct {
		Points []struct {
			Count int64 `json:"count"`
		} `json:"design_points"`
	}
	if err := json.Unmarshal([]byte(rr.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, rr.stdout)
	}
	if len(out.Points) != 2 || out.Points[1].Count <= out.Points[0].Count+20 {
		t.Errorf("changes of leadership at the lower and higher hazard: %+v; want clearly more at the higher", out.Points)
	}
	rr = brink(t, "sweep", "-params", "sanctions.depth", "-outcome", "regime_change:ZZZ", "-n", "10", "-no-save")
	wantCode(t, rr, exitUsage)
}
