package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"brink/mc"
	"brink/results"
	"brink/scenario"
	"brink/sim"
)

const compareHelp = `
Runs the scenario as written (the baseline) and some of its variants on common
random numbers — trajectory k of every variant draws the same random numbers
as trajectory k of the baseline — and prints, for every outcome (how it ends,
and what happens on the way), each variant's probability with its 95 %
interval and its difference from the baseline with a 95 % interval paired on
the trajectories. FILE is a scenario file or the id of a built-in scenario
(default: ukraine-2022); -variants names the variants, or all (the default).

The difference is p(variant) − p(baseline) in percentage points. Its interval
uses the pairs: when a variant changes the outcome of few trajectories, the
difference is known far more precisely than from independent runs of the same
size. The interval is Newcombe's method 10 for paired proportions (Newcombe
1998, Statistics in Medicine 17:2635-2650); * marks a difference whose
interval excludes 0. p is McNemar's two-sided mid-p test on the discordant
trajectories (Fagerland, Lydersen & Laake 2013, BMC Medical Research
Methodology 13:91); "discordant" gives their counts, baseline only / variant
only. With many outcomes and variants, expect some p below 0.05 by chance.

The same scenario, variants, seed and trajectory count give the same output,
byte for byte, whatever the number of workers; each variant's own figures are
those of 'brink run -variant NAME' with the same seed and -n. Ctrl-C stops the
comparison and prints what has finished, marked PARTIAL.

The comparison is kept in a results directory — a new one under ./brink-runs
(or $BRINK_RUNS), or -out DIR; -no-save keeps nothing: manifest.json (the
baseline's scenario, seed and count; format brink-compare/1), compare.json
(the variants compared, every paired count, and each model's own summary),
summary.json and summary.txt. 'brink runs' does not list comparisons.

Examples:
  brink compare
  brink compare -variants bluff -n 20000
  brink compare ukraine-2022 -variants bluff,heartland -seed 7 -json > cmp.json
  brink compare my-crisis.yaml -variants all -n 5000 -out runs/cmp
`

// compareFormat names the layout of a comparison's manifest.
const compareFormat = "brink-compare/1"

func compareCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "compare", "[FILE] [-variants a,b,c | all] [-n N] [-seed S] [-workers W] [-json] [-out DIR | -no-save]", compareHelp)
	variants := fs.String("variants", "all", "the variants to compare with the baseline, `a,b,c`, or all")
	n := fs.Int64("n", 10000, "number of trajectories, under the baseline and under each variant")
	seed := fs.Uint64("seed", 1, "master seed")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "worker goroutines")
	asJSON := fs.Bool("json", false, "print the comparison as JSON")
	dir := fs.String("out", "", "keep the comparison in this results directory (default: a new one under $BRINK_RUNS or ./brink-runs)")
	noSave := fs.Bool("no-save", false, "do not keep the comparison in a results directory")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) > 1 {
		return usageError(fs, "expected at most one scenario, got %d", len(pos))
	}
	if *n < 1 {
		return usageError(fs, "-n must be at least 1, got %d", *n)
	}
	if *workers < 1 {
		return usageError(fs, "-workers must be at least 1, got %d", *workers)
	}
	if *noSave && *dir != "" {
		return usageError(fs, "-out and -no-save exclude each other")
	}
	arg := ""
	if len(pos) == 1 {
		arg = pos[0]
	}
	sc, err := loadScenario(arg, "")
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitUsage
	}
	names, err := compareVariants(sc, *variants)
	if err != nil {
		return usageError(fs, "%v", err)
	}
	models := make([]*sim.Model, 0, 1+len(names))
	for i, name := range append([]string{""}, names...) {
		s := sc
		if i > 0 {
			if s, err = sc.WithVariant(name); err != nil {
				fmt.Fprintln(env.Stderr, err)
				return exitUsage
			}
		}
		m, err := sim.Compile(s)
		if err != nil {
			fmt.Fprintln(env.Stderr, err)
			return exitUsage
		}
		models = append(models, m)
	}
	if err := mc.Comparable(models); err != nil {
		fmt.Fprintf(env.Stderr, "brink compare: %v\n", err)
		return exitUsage
	}
	opt := mc.Options{N: *n, Seed: *seed, Workers: *workers}
	started := time.Now().UTC()
	bar := newProgress(env, "brink compare", *n)
	if bar != nil {
		opt.Progress = bar.update
	}
	cmp := mc.Compare(ctx, models, opt)
	if bar != nil {
		bar.finish()
	}
	if cmp.Results[0].N == 0 {
		fmt.Fprintln(env.Stderr, "brink compare: interrupted before any trajectory finished")
		return exitFail
	}
	rep := cmp.Report()
	var buf bytes.Buffer
	if *asJSON {
		err = writeCompareJSON(&buf, rep)
	} else {
		err = writeCompareText(&buf, rep)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitFail
	}
	if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
		return exitFail
	}
	if !*noSave {
		auto := *dir == ""
		if auto {
			if *dir, err = newRunDir(sc, *seed, 0, 0, started, "compare"); err != nil {
				fmt.Fprintf(env.Stderr, "brink compare: %v\n", err)
				return exitFail
			}
		}
		if err := keepCompare(*dir, sc, rep, *seed, *n, started); err != nil {
			fmt.Fprintf(env.Stderr, "brink compare: %v\n", err)
			return exitFail
		}
		if auto {
			kept(env, "brink compare", *dir)
		}
	}
	if rep.Partial {
		fmt.Fprintf(env.Stderr, "brink compare: interrupted; the result above is PARTIAL (%d of %d trajectories)\n", rep.Trajectories, rep.Requested)
		return exitFail
	}
	return exitOK
}

// compareVariants reads -variants: "all" (every variant of the scenario, in
// file order) or a comma-separated list of distinct names.
func compareVariants(sc *scenario.Scenario, arg string) ([]string, error) {
	var all []string
	for _, v := range sc.Variants {
		all = append(all, v.ID)
	}
	if strings.TrimSpace(arg) == "all" {
		if len(all) == 0 {
			return nil, fmt.Errorf("scenario %s has no variants to compare", sc.ID)
		}
		return all, nil
	}
	var names []string
	seen := map[string]bool{}
	for _, name := range strings.Split(arg, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			return nil, fmt.Errorf("-variants %q: expected a,b,c or all", arg)
		}
		if seen[name] {
			return nil, fmt.Errorf("-variants: %s is named twice", name)
		}
		seen[name] = true
		known := false
		for _, v := range all {
			known = known || v == name
		}
		if !known {
			if len(all) == 0 {
				return nil, fmt.Errorf("scenario %s has no variants; %q is not one", sc.ID, name)
			}
			return nil, fmt.Errorf("scenario %s has no variant %q; its variants are: %s", sc.ID, name, strings.Join(all, ", "))
		}
		names = append(names, name)
	}
	return names, nil
}

// writeCompareJSON writes the full comparison, every model's own summary
// included, as indented JSON.
func writeCompareJSON(w io.Writer, rep *mc.CompareReport) error {
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	return e.Encode(rep)
}

// writeCompareText writes the comparison as a table for a terminal: per
// outcome a block, the baseline then each variant.
func writeCompareText(w io.Writer, rep *mc.CompareReport) error {
	var b strings.Builder
	title := rep.Scenario
	if rep.Title != "" {
		title += " — " + rep.Title
	}
	fmt.Fprintf(&b, "%s\n", title)
	status := ""
	if rep.Partial {
		status = fmt.Sprintf("  PARTIAL: interrupted after %d of %d", rep.Trajectories, rep.Requested)
	}
	fmt.Fprintf(&b, "baseline and %s on common random numbers: %d trajectories each, seed %d, scenario %s%s\n",
		plural(len(rep.Variants), "variant"), rep.Trajectories, rep.Seed, rep.ScenarioHash[:12], status)
	fmt.Fprintf(&b, "difference: variant − baseline, in percentage points, paired on the trajectories;\n"+
		"  its 95 %% interval by Newcombe's method 10 for paired proportions (Stat Med 17:2635, 1998),\n"+
		"  * when it excludes 0; p: McNemar's two-sided mid-p; discordant: baseline only / variant only\n\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\tP\t95 %% interval\tdifference\t95 %% interval\t\tp\tdiscordant\n")
	for i, oc := range rep.Outcomes {
		if i > 0 {
			fmt.Fprintf(tw, "\t\t\t\t\t\t\t\n")
		}
		fmt.Fprintf(tw, "%s\t\t\t\t\t\t\t\n", oc.Label)
		e := oc.Baseline
		fmt.Fprintf(tw, "  baseline\t%6.2f %%\t[%6.2f, %6.2f]\t\t\t\t\t\n", 100*e.P, 100*e.Lo, 100*e.Hi)
		for _, v := range oc.Variants {
			e := v.Estimate
			fmt.Fprintf(tw, "  %s\t%6.2f %%\t[%6.2f, %6.2f]\t", v.Variant, 100*e.P, 100*e.Lo, 100*e.Hi)
			if v.Identical {
				fmt.Fprintf(tw, "%+7.2f pp\t(the baseline itself)\t\t\t\n", 0.0)
				continue
			}
			mark := ""
			if v.Significant {
				mark = "*"
			}
			fmt.Fprintf(tw, "%+7.2f pp\t[%+6.2f, %+6.2f]\t%s\t%s\t%d / %d\n", 100*v.Diff, 100*v.Lo, 100*v.Hi, mark,
				formatP(v.PValue), v.Paired.BaseOnly, v.Paired.VariantOnly)
		}
	}
	tw.Flush()
	// What follows a first nuclear use, per model: conditional on a use, so
	// not paired (the trajectories with a use differ between models).
	for i, s := range rep.Summaries {
		if s == nil || s.AfterUse == nil {
			continue
		}
		name := "baseline"
		if i > 0 {
			name = s.Variant
		}
		fmt.Fprintf(&b, "\n%s:", name)
		b.WriteString(s.AfterUse.Text())
	}
	for _, c := range rep.AfterUse {
		if c.Pairs == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s − baseline, paired over the %d trajectories with a nuclear use under both\n", c.Variant, c.Pairs)
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, o := range c.Outcomes {
			fmt.Fprintf(tw, "  %s\t%+7.2f pp\t[%+6.2f, %+6.2f]\t%d / %d\n", o.Label, 100*o.Diff, 100*o.Lo, 100*o.Hi, o.Paired.BaseOnly, o.Paired.VariantOnly)
		}
		for _, m := range c.Measures {
			fmt.Fprintf(tw, "  %s (%s)\t%+.4g\t[%+.4g, %+.4g]\t\n", m.Name, m.Unit, m.Diff, m.Lo, m.Hi)
		}
		tw.Flush()
	}
	// The table's empty cells leave blanks at the ends of lines.
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n"))
	return err
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// formatP prints a p-value with four decimals, or as <0.0001.
func formatP(p float64) string {
	if p < 0.0001 {
		return "<0.0001"
	}
	return fmt.Sprintf("%.4f", p)
}

// keepCompare writes the comparison's directory: manifest.json (the
// baseline's), compare.json (everything), summary.txt and, last,
// summary.json. It does not enter the run catalog, which holds single runs.
func keepCompare(dir string, sc *scenario.Scenario, rep *mc.CompareReport, seed uint64, n int64, started time.Time) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	man := results.NewManifest(sc, seed, n, 0, 0, started)
	man.Format = compareFormat
	man.Done, man.Partial = rep.Trajectories, rep.Partial
	mj, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return err
	}
	var cj, st, sj bytes.Buffer
	if err := writeCompareJSON(&cj, rep); err != nil {
		return err
	}
	if err := writeCompareText(&st, rep); err != nil {
		return err
	}
	short := *rep
	short.Summaries = nil
	if err := json.NewEncoder(&sj).Encode(struct {
		Manifest   results.Manifest  `json:"manifest"`
		Comparison *mc.CompareReport `json:"comparison"`
	}{man, &short}); err != nil {
		return err
	}
	return results.WriteFiles(dir, results.File{Name: results.ManifestFile, Data: append(mj, '\n')},
		results.File{Name: "compare.json", Data: cj.Bytes()},
		results.File{Name: results.SummaryTextFile, Data: st.Bytes()}, results.File{Name: results.SummaryFile, Data: sj.Bytes()})
}
