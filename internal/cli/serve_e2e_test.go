package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"brink/mc"
	"brink/results"
)

// E2EEnv, when set (CI sets it), makes the browser test fail instead of skip
// when no Chromium is installed.
const e2eEnv = "BRINK_E2E"

// findChromium is the browser the end-to-end test drives: $BRINK_CHROMIUM,
// or Debian's chromium on the PATH.
func findChromium() string {
	if p := os.Getenv("BRINK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestServeInBrowser uses the dashboard as a person would, in headless
// Chromium: the list of runs, a run's page, the editor catching a mistake as
// it is typed, a run launched and watched to the end, and a trace. It saves a
// screenshot of each page in $BRINK_SCREENSHOTS (default: a temporary
// directory) to look at.
func TestServeInBrowser(t *testing.T) {
	browser := findChromium()
	if browser == "" {
		if os.Getenv(e2eEnv) != "" {
			t.Fatalf("%s is set but no Chromium was found (apt-get install chromium, or set BRINK_CHROMIUM)", e2eEnv)
		}
		t.Skipf("no Chromium: the browser test needs Debian's chromium (apt-get install chromium); set %s=1 to make this a failure", e2eEnv)
	}
	shots := os.Getenv("BRINK_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	// A run kept in the catalog, as brink run keeps it.
	runDir := filepath.Join(t.TempDir(), "cuba")
	wantCode(t, brink(t, "run", "cuba-1962", "-n", "2000", "-seed", "3", "-rows", "-out", runDir), exitOK)
	runID, err := results.RunID(runDir)
	if err != nil {
		t.Fatal(err)
	}
	settlement := figureOf(t, runDir, "settlement")

	base, stderr, stop := startServe(t, "-addr", "127.0.0.1:0")

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
		chromedp.Headless, chromedp.WindowSize(1280, 900), chromedp.Flag("disable-dev-shm-usage", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	ctx, cancelT := context.WithTimeout(ctx, 150*time.Second)
	defer cancelT()

	// Script errors and refused resources (the content security policy) fail
	// the test.
	var (
		mu       sync.Mutex
		problems []string
	)
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("starting %s: %v", browser, err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				mu.Lock()
				problems = append(problems, string(m.Type)+": "+m.Text+" ("+m.URL+")")
				mu.Unlock()
			}
		}
	}()
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			png, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
		})
	}
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v\n--- brink serve:\n%s", what, err, stderr)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("reading %s: %v", sel, err)
		}
		return s
	}
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }

	// The list of runs.
	step("opening the list of runs", chromedp.Navigate(base), chromedp.WaitVisible(css(`a[href="/runs/`+runID+`"]`)), shot("1-runs"))

	// A run's page: its headline figures are those of its summary.json.
	step("opening the run", chromedp.Click(css(`a[href="/runs/`+runID+`"]`)), chromedp.WaitVisible(css("#figures")))
	figures := text("#figures")
	if want := fmt.Sprintf("%.2f %%", 100*settlement.P); !strings.Contains(figures, "Negotiated settlement") || !strings.Contains(figures, want) ||
		!strings.Contains(figures, fmt.Sprintf("%.2f–%.2f %%", 100*settlement.Lo, 100*settlement.Hi)) {
		t.Errorf("the run's headline figures do not show settlement at %s with its interval:\n%s", want, figures)
	}
	if h := text("#headline"); !strings.Contains(h, "Cuban Missile Crisis") {
		t.Errorf("the run's headline is %q", h)
	}
	step("waiting for the report", chromedp.Sleep(300*time.Millisecond), shot("2-run"))

	// The editor, from the run's scenario: a mistake typed in is reported
	// with its line, and mending it clears the report.
	step("opening the editor", chromedp.Navigate(base+"/edit?run="+runID), chromedp.WaitVisible(css("#text")))
	if s := text("#status"); !strings.Contains(s, "No problems") {
		t.Errorf("the run's scenario is not reported valid: %q", s)
	}
	horizon, err := chromedp.Run(ctx, chromedp.Evaluate[string](selectHorizonJS))
	if err != nil {
		t.Fatal(err)
	}
	step("typing a mistake",
		chromedp.KeyEvent("soon"),
		chromedp.WaitVisible(css("#diagnostics .diag")))
	if horizon == "" {
		t.Fatal("found no horizon_days in the scenario to break")
	}
	diag := text("#diagnostics")
	if !regexp.MustCompile(`cuba-1962\.yaml:\d+:\d+: horizon_days: expected a whole number, got "soon"`).MatchString(diag) || !strings.Contains(diag, "^") {
		t.Errorf("the editor's message is not that of brink check:\n%s", diag)
	}
	step("looking at the mistake", chromedp.ScrollIntoView(css("#diagnostics")), shot("3-editor-error"))
	step("mending it",
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](selectSoonJS)(ctx, tg)
			return err
		}),
		chromedp.KeyEvent(horizon),
		chromedp.WaitNotPresent(css("#diagnostics .diag")))
	if s := text("#status"); !strings.Contains(s, "No problems") {
		t.Errorf("after mending, the status says %q", s)
	}

	// Launching a run and watching it to the end.
	step("launching a run",
		chromedp.SetValue(css("#n"), "20000"),
		chromedp.SetValue(css("#variant"), ""),
		chromedp.Click(css("#run")),
		chromedp.WaitVisible(css("#job")),
		chromedp.WaitVisible(css("#open-run")),
		chromedp.WaitVisible(css("#live-figures")))
	if s := text("#state"); !strings.Contains(s, "Finished: all 20,000 trajectories") {
		t.Errorf("the run's state at the end: %q", s)
	}
	if s := text("#summary"); !strings.Contains(s, "How it ends") || !strings.Contains(s, "negotiated settlement") {
		t.Errorf("the summary did not fill in:\n%s", s)
	}
	step("looking at the finished run", shot("4-run-finished"))
	step("opening the new run", chromedp.Click(css("#open-run")), chromedp.WaitVisible(css("#figures")))
	newRun, _ := chromedp.Run(ctx, chromedp.Location())
	if s := text(".lede"); !strings.Contains(s, "20,000 trajectories") {
		t.Errorf("the new run's page says %q", s)
	}

	// A comparison and a sweep launched from the editor, kept, listed with
	// the runs, and their reports.
	step("launching a comparison",
		chromedp.Navigate(base+"/edit?run="+runID), chromedp.WaitVisible(css("#text")),
		chromedp.SetValue(css("#n"), "2000"),
		chromedp.SetValue(css("#variant"), ""),
		chromedp.SetValue(css("#variants-field"), "all"),
		chromedp.Click(css("#compare")),
		chromedp.WaitVisible(css("#job")),
		chromedp.WaitVisible(css("#open-report")))
	if s := text("#report-text"); !strings.Contains(s, "no-arkhipov") || !strings.Contains(s, "baseline") {
		t.Errorf("the comparison's text:\n%.500s", s)
	}
	step("looking at the finished comparison", shot("6-compare-finished"))
	step("launching a sweep",
		chromedp.Navigate(base+"/edit?run="+runID), chromedp.WaitVisible(css("#text")),
		chromedp.SetValue(css("#n"), "200"),
		chromedp.SetValue(css("#variant"), ""),
		chromedp.SetValue(css("#params-field"), "actors.SOV.politics.resolve=0.3:0.9,actors.USA.politics.resolve=0.5:0.9"),
		chromedp.SetValue(css("#design-field"), "lhs"),
		chromedp.SetValue(css("#points-field"), "8"),
		chromedp.Click(css("#sweep")),
		chromedp.WaitVisible(css("#job")),
		chromedp.WaitVisible(css("#open-report")))
	if s := text("#report-text"); !strings.Contains(s, "Sweep of cuba-1962") || !strings.Contains(s, "actors.SOV.politics.resolve") {
		t.Errorf("the sweep's text:\n%.500s", s)
	}
	step("looking at the finished sweep", shot("7-sweep-finished"))
	step("listing the comparisons and sweeps",
		chromedp.Navigate(base), chromedp.WaitVisible(css("#experiments")),
		chromedp.ScrollIntoView(css("#experiments")), shot("8-experiments"))
	if s := text("#experiments"); !strings.Contains(s, "compare") || !strings.Contains(s, "sweep") {
		t.Errorf("the list of comparisons and sweeps:\n%s", s)
	}

	// A trace.
	step("tracing a trajectory",
		chromedp.Navigate(base+"/trace?src=run:"+runID+"&k=5"),
		chromedp.WaitVisible(css("#trace")), shot("5-trace"))
	if s := text("#trace"); !strings.Contains(s, "cuba-1962, seed 3, trajectory 5") || !strings.Contains(s, "End:") {
		t.Errorf("the trace:\n%.500s", s)
	}

	// Scenario discovery on the run's table of trajectories.
	step("discovering",
		chromedp.Navigate(base+"/runs/"+runID+"/discover?outcome=settlement"),
		chromedp.WaitVisible(css("#discover-answer")), chromedp.WaitVisible(css("#influence")), shot("6-discover"))
	if s := text("#discover-answer"); !strings.Contains(s, "negotiated settlement happens in") {
		t.Errorf("the discovery's answer: %q", s)
	}

	// The record beside the scenario: checked as it is typed, with the
	// position of a mistake, as brink validate -record reports it.
	step("opening the editor on cuba-1962", chromedp.Navigate(base+"/edit?scenario=cuba-1962"), chromedp.WaitVisible(css("#record")))
	if s := text("#record-status"); !strings.Contains(s, "observations") || !strings.Contains(s, "through 1962-12-15") {
		t.Errorf("the record's status: %q", s)
	}
	step("typing a mistake in the record",
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](selectThroughJS)(ctx, tg)
			return err
		}),
		chromedp.KeyEvent("soon"),
		chromedp.WaitVisible(css("#record-diagnostics .diag")))
	if d := text("#record-diagnostics"); !regexp.MustCompile(`record\.yaml:\d+:\d+: through: `).MatchString(d) || !strings.Contains(d, "^") {
		t.Errorf("the record's message is not positioned:\n%s", d)
	}
	step("looking at the record's mistake", shot("11-record-error"))
	step("mending the record",
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](selectThroughSoonJS)(ctx, tg)
			return err
		}),
		chromedp.KeyEvent("1962-12-15"),
		chromedp.WaitNotPresent(css("#record-diagnostics .diag")))

	// Infer launched from the editor, as a job: its report (Bayes factors,
	// forecast, prior against posterior) appears on the job's page.
	step("launching infer",
		chromedp.SetValue(css("#n"), "3000"),
		chromedp.Click(css(`input[name="hypothesis"][value="no-arkhipov"]`)),
		chromedp.Click(css("#infer")),
		chromedp.WaitVisible(css("#job")),
		chromedp.WaitVisible(css("#open-report")),
		chromedp.WaitVisible(css("#report-frame")))
	if s := text("#state"); !strings.Contains(s, "Finished: 3,000 trajectories per hypothesis") {
		t.Errorf("infer's state at the end: %q", s)
	}
	step("looking at the inference", chromedp.Sleep(500*time.Millisecond), shot("12-infer-job"))
	step("opening the inference's report", chromedp.Click(css("#open-report")), chromedp.WaitVisible(css("#hypotheses")), shot("13-infer-report"))
	if s := text("#hypotheses"); !strings.Contains(s, "no-arkhipov") || !strings.Contains(s, "Bayes factor") {
		t.Errorf("the inference's hypotheses:\n%.400s", s)
	}
	if s := text("main"); !strings.Contains(s, "Forecast after 1962-12-15") || !strings.Contains(s, "What the record says about the assumptions") {
		t.Errorf("the inference's report lacks the forecast or the parameters:\n%.600s", s)
	}

	// Validate, the same way.
	step("launching validate",
		chromedp.Navigate(base+"/edit?scenario=cuba-1962"), chromedp.WaitVisible(css("#record")),
		chromedp.SetValue(css("#n"), "2000"),
		chromedp.Click(css("#validate")),
		chromedp.WaitVisible(css("#report-frame")))
	step("opening the validation's report", chromedp.Click(css("#open-report")), chromedp.WaitVisible(css("#events")), shot("14-validate-report"))

	mu.Lock()
	for _, p := range problems {
		t.Errorf("in the browser: %s", p)
	}
	mu.Unlock()
	cancelB()
	if code := stop(); code != exitOK {
		t.Errorf("brink serve exited %d:\n%s", code, stderr)
	}
	t.Logf("screenshots in %s; the new run is %s", shots, newRun)
}

// selectHorizonJS selects the number after horizon_days: in the editor and
// returns it, so that typing replaces it.
const selectHorizonJS = `(() => {
  const t = document.getElementById("text");
  const m = /horizon_days: *(\d+)/.exec(t.value);
  if (!m) return "";
  const at = m.index + m[0].length - m[1].length;
  t.focus();
  t.setSelectionRange(at, at + m[1].length);
  return m[1];
})()`

const selectSoonJS = `(() => {
  const t = document.getElementById("text");
  const at = t.value.indexOf("horizon_days: soon") + "horizon_days: ".length;
  t.focus();
  t.setSelectionRange(at, at + 4);
  return true;
})()`

// selectThroughJS selects the date after through: in the record box, so
// that typing replaces it.
const selectThroughJS = `(() => {
  const t = document.getElementById("record");
  const m = /through: *(\d{4}-\d\d-\d\d)/.exec(t.value);
  if (!m) return false;
  const at = m.index + m[0].length - m[1].length;
  t.focus();
  t.setSelectionRange(at, at + m[1].length);
  return true;
})()`

const selectThroughSoonJS = `(() => {
  const t = document.getElementById("record");
  const at = t.value.indexOf("through: soon") + "through: ".length;
  t.focus();
  t.setSelectionRange(at, at + 4);
  return true;
})()`

// figureOf reads an estimate from a results directory's summary.json.
func figureOf(t *testing.T, dir, name string) mc.Estimate {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, results.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Summary mc.Summary `json:"summary"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	for _, e := range append(s.Summary.Ends, s.Summary.Events...) {
		if e.Name == name {
			return e
		}
	}
	t.Fatalf("%s: no %s in the summary", dir, name)
	return mc.Estimate{}
}
