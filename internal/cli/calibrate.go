package cli

import (
	"context"
	"flag"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"brink/calibrate"
	"brink/mc"
	"brink/results"
)

const calibrateHelp = `
Fits, in one calibration, the losses and the front of ukraine-2022: the
attrition coefficients (per equipment category and side) and their spread,
the front (its speed, the defence advantage, the fortification, the quiet
front's intensity, the spread of the fighting's tempo, how readily each side
attacks, the invader's surprise and, where the scenario gives one, the
attritional advance), and the learning and replenishment of RUS and UKR,
to the Oryx counts of tanks, armoured fighting
vehicles, artillery and aircraft (data/oryx-losses-monthly.csv) and the share
of Ukraine held by Russia (data/territory-2022-2025.csv), through the -split
date (2023-12-31 at most: later data judges the model, it is never fitted).
The scenario record's estimates of losses that no count confirms (values
"losses" with a lognormal observation model: ukraine-2022's two Western
estimates of Russia's killed and wounded) are fitted too, with the attrition
of their category, and printed apart; the time split judges the counts and
the front.

Oryx counts only what is photographed, so a count is modelled as a lower
bound: observed = true × u × e^N(0, 0.1²), u uniform in [0.6, 1] (the
observation model of ukraine-2022's record). Categories map to Oryx types as:
tanks = Tanks; afv = Armoured Fighting Vehicles + Infantry Fighting Vehicles +
Armoured Personnel Carriers; artillery = Towed Artillery + Self-Propelled
Artillery + Multiple Rocket Launchers; aircraft = Aircraft + Helicopters.

The objective is the mean continuous ranked probability score (CRPS, a
proper score) of the simulated values on a log scale over the observations
(a territory point weighs as much as all loss series at a date) and over the
front's moves between consecutive territory points (each trajectory's own
move against the record's, weighted as a territory point: the scores of the
dates alone cannot tell trajectories that each stand still from ones that
move as the front did), plus a weak prior keeping the front, learning and
replenishment near the scenario's judgement. A proper score fits the spread
with the location, so the bands come out as wide as the misses. The fit is
printed by kind of point: losses, territory, its moves, estimates. It is
minimised by line searches and Nelder–Mead in log space (below) on common
random numbers (N trajectories of seed S at every evaluation), so
the same flags give the same fit.

Prints the fit table of the losses, then the territory against the forecast,
the last in-sample point of each series (median against data), every
held-back point after -split with its PIT (the share of simulated values
below it) and whether the 50 % and 80 % bands cover it, the coverage by side,
category and for territory, and the fitted values as "path: value" lines
ready to paste into the scenario (written to FILE with -out). A held-back
point is forecast given the last in-sample point of its series (trajectories
weighted by its likelihood under the observation model), as a forecast made
at the split would be; the unconditioned coverage follows in brackets.

With -origins DATE,DATE,..., the forecast is judged from several origins
instead of one split (rolling-origin evaluation with refits, Tashman 2000):
the scenario is refitted at each origin on the record through it alone, and
forecasts the points of the -horizon days after it, as at a split. One split
judges the bands on a handful of independent points (a side's series over six
months move together); pooled over origins they rest on several times as
many. Prints each origin's fit and coverage, the pooled coverage by side,
category and for territory, and the histogram of the pooled PITs (flat if
the forecast is calibrated). Fit from the scenario's sourced values: each
origin's fit starts from the file.

With -sourced the fit starts from the values the file's fitted numbers were
fitted from, which each one's comment keeps ("fitted by brink calibrate ...;
was ..."), and draws the random numbers a file with those values would: a
refit must start there, or the prior, centred on the file's numbers, follows
the last fit. The numbers marked "fitted by" in ukraine-2022 are
  brink calibrate -sourced -seed 1 -n 300 -iterations 300 -split 2023-12-31

The search begins with a line search along each parameter in turn (golden
section over a factor of about 12 either way), then runs Nelder–Mead: from
the sourced values, which the fit moves by factors up to ten, a small simplex
in some twenty dimensions crawls. -scan=false skips the line searches.

Examples:
  brink calibrate -n 300 -iterations 100           # a quick look
  brink calibrate -seed 1 -n 2000 -iterations 600 -out fitted.yaml
  brink calibrate -split 2023-06-30                # fit through June 2023, forecast the rest of 2023
  brink calibrate -origins 2022-12-31,2023-03-31,2023-06-30,2023-09-30   # four origins, six months each
`

func calibrateCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "calibrate", "[FILE] [-n N] [-seed S] [-iterations I] [-split DATE | -origins DATE,... [-horizon DAYS]] [-sourced] [-scan=false] [-workers W] [-variant NAME] [-out FILE]", calibrateHelp)
	n := fs.Int("n", 1000, "trajectories per evaluation")
	seed := fs.Uint64("seed", 1, "master seed (the same trajectories at every evaluation)")
	iterations := fs.Int("iterations", 300, "Nelder–Mead iterations in all (0: only report the fit as written)")
	workers := fs.Int("workers", 0, "goroutines (0 = all CPUs); the result does not depend on it")
	variant := fs.String("variant", "", "calibrate the named variant of the scenario")
	out := fs.String("out", "", "write the fitted values, as YAML lines, to FILE")
	scanFlag := fs.Bool("scan", true, "begin with a line search along each parameter in turn (-scan=false: Nelder–Mead alone)")
	sourced := fs.Bool("sourced", false, "fit from the values the file's fitted numbers were fitted from (their comments' \"was …\"), as a refit must")
	splitText := fs.String("split", "2023-12-31", "fit the record through this date only; later points are held back and forecast")
	originsText := fs.String("origins", "", "judge the forecast from each of these dates (comma-separated, increasing), refitting at each")
	horizon := fs.Int("horizon", 184, "with -origins: days after each origin whose points judge its forecast")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if len(pos) > 1 {
		return usageError(fs, "expected at most one scenario, got %d", len(pos))
	}
	if *n < 20 {
		return usageError(fs, "-n must be at least 20, got %d", *n)
	}
	if *iterations < 0 {
		return usageError(fs, "-iterations must be 0 or more, got %d", *iterations)
	}
	arg := ""
	if len(pos) == 1 {
		arg = pos[0]
	}
	sc, err := loadScenario(arg, *variant)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitUsage
	}
	params, err := calibrate.DefaultParams(sc)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitUsage
	}
	if *sourced {
		if sc, err = calibrate.Sourced(sc, params); err != nil {
			fmt.Fprintln(env.Stderr, "calibrate: -sourced:", err)
			return exitUsage
		}
	}
	if *originsText != "" || set["horizon"] {
		if set["split"] || set["out"] {
			return usageError(fs, "-origins refits at each origin: it takes neither -split nor -out")
		}
		if *originsText == "" {
			return usageError(fs, "-horizon goes with -origins")
		}
		if *horizon < 1 {
			return usageError(fs, "-horizon must be at least 1 day, got %d", *horizon)
		}
		var origins []time.Time
		for _, f := range strings.Split(*originsText, ",") {
			o, err := time.Parse(time.DateOnly, strings.TrimSpace(f))
			if err != nil {
				return usageError(fs, "-origins: want dates YYYY-MM-DD separated by commas, got %q", f)
			}
			if o.After(date(2023, 12, 31)) {
				return usageError(fs, "-origins %s: the fit uses data through 2023-12-31 only; later data judges the model", f)
			}
			origins = append(origins, o)
		}
		if err := calibrate.ValidOrigins(sc, origins); err != nil {
			return usageError(fs, "-origins: %v", err)
		}
		p := calibrate.Problem{Base: sc, Params: params, Scan: *scanFlag,
			Sim: calibrate.Options{N: *n, Seed: *seed, Workers: *workers, Observe: calibrate.OryxVisibility}}
		cmdline := fmt.Sprintf("brink calibrate -seed %d -n %d -iterations %d -origins %s -horizon %d", *seed, *n, *iterations, *originsText, *horizon)
		if !*scanFlag {
			cmdline += " -scan=false"
		}
		if *sourced {
			cmdline += " -sourced"
		}
		return rollingOrigins(ctx, env, p, origins, *horizon, *iterations, cmdline)
	}
	split, err := time.Parse(time.DateOnly, *splitText)
	if err != nil {
		return usageError(fs, "-split: want a date YYYY-MM-DD, got %q", *splitText)
	}
	if split.After(date(2023, 12, 31)) {
		return usageError(fs, "-split %s: the fit uses data through 2023-12-31 only; later data judges the model", *splitText)
	}
	obs, err := calibrate.Record(sc.Start.Time, split, false)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitFail
	}
	// The record's casualty estimates are fitted too; the time split judges
	// the counts and the front, on the record without them (full).
	obs = calibrate.WithEstimates(obs, calibrate.Estimates(sc, split))
	full, err := calibrate.Record(sc.Start.Time, time.Time{}, true)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitFail
	}
	p := &calibrate.Problem{Base: sc, Params: params, Obs: obs, Scan: *scanFlag,
		Sim: calibrate.Options{N: *n, Seed: *seed, Workers: *workers, Observe: calibrate.OryxVisibility}}
	began := time.Now()
	progress := func(evals int, best float64) {
		if evals%25 == 0 {
			fmt.Fprintf(env.Stderr, "calibrate: %d evaluations, best objective %.5f (%s)\n", evals, best, time.Since(began).Round(time.Second))
		}
	}
	res, err := p.Run(ctx, *iterations, progress)
	if err != nil {
		fmt.Fprintln(env.Stderr, "calibrate:", err)
		return exitFail
	}
	extra := []time.Time{date(2024, 12, 31), date(2025, 2, 24)}
	rows, err := calibrate.Table(ctx, res.Scenario, obs, extra, p.Sim)
	if err != nil {
		fmt.Fprintln(env.Stderr, "calibrate:", err)
		return exitFail
	}

	var b strings.Builder
	name := sc.ID
	if sc.Variant != "" {
		name += " [variant " + sc.Variant + "]"
	}
	cmdline := fmt.Sprintf("brink calibrate -seed %d -n %d -iterations %d -split %s", *seed, *n, *iterations, split.Format(time.DateOnly))
	if !*scanFlag {
		cmdline += " -scan=false"
	}
	if *sourced {
		cmdline += " -sourced"
	}
	fmt.Fprintf(&b, "%s calibrated against Oryx (visually confirmed losses: observed = true × u × e^N(0, %.2g²), u uniform in [%.2g, 1]) and the share of Ukraine held\n",
		name, calibrate.OryxVisibility.SD, calibrate.OryxVisibility.MinFraction)
	fmt.Fprintf(&b, "%s: %d evaluations, %d iterations\n", cmdline, res.Evals, res.Iter)
	fmt.Fprintf(&b, "objective (mean CRPS on the log scale + prior): as written %.4f (%.4f + %.4f), fitted %.4f (%.4f + %.4f), rounded as below %.4f\n",
		res.Start.Total(), res.Start.Fit, res.Start.Prior, res.Final.Total(), res.Final.Fit, res.Final.Prior, res.Rounded.Total())
	fmt.Fprintf(&b, "the fit by kind of point (mean CRPS, share of the weight): as written %s; rounded %s\n\n", res.Start.Parts, res.Rounded.Parts)
	fmt.Fprintf(&b, "Cumulative losses as Oryx would count them, in the trajectories still at war (median and 80 %% band over them):\n")
	fmt.Fprintf(&b, "%-10s  %-9s  %-4s  %7s  %7s  %7s  %7s  %6s\n", "date", "category", "side", "data", "median", "10 %", "90 %", "at war")
	for _, r := range rows {
		if r.Series.Theatre != "" || r.Series.Estimate {
			continue // in the tables below
		}
		data := "-"
		if !math.IsNaN(r.Data) {
			data = fmt.Sprintf("%.0f", r.Data)
		}
		fmt.Fprintf(&b, "%-10s  %-9s  %-4s  %7s  %7s  %7s  %7s  %5.1f%%\n", r.Date.Format(time.DateOnly), r.Series.Category, r.Series.Actor,
			data, num0(r.Median), num0(r.P10), num0(r.P90), 100*float64(r.AtWar)/float64(*n))
	}
	writeEstimates(&b, rows, *n)
	held, cov, err := calibrate.HeldOut(ctx, res.Scenario, full, split, p.Sim)
	if err != nil {
		fmt.Fprintln(env.Stderr, "calibrate:", err)
		return exitFail
	}
	writeHeldOut(&b, held, cov, split)
	fmt.Fprintf(&b, "\nFitted factors (on the scenario's numbers):\n")
	for i, q := range params {
		fmt.Fprintf(&b, "  %-26s %s\n", q.Name, calibrate.FactorText(res.X[i]))
	}
	fmt.Fprintf(&b, "\nFitted values (path: value):\n")
	yaml := fittedYAML(cmdline, res.Lines)
	b.WriteString(yaml)
	fmt.Fprint(env.Stdout, b.String())
	if *out != "" {
		if err := results.WriteFileAtomic(*out, []byte(yaml)); err != nil {
			fmt.Fprintln(env.Stderr, "calibrate:", err)
			return exitFail
		}
	}
	return exitOK
}

// writeEstimates prints the true losses of the estimated series (the
// record's casualty estimates, fitted with their lognormal error) against the
// estimates, if there are any.
func writeEstimates(b *strings.Builder, rows []calibrate.Row, n int) {
	if !slices.ContainsFunc(rows, func(r calibrate.Row) bool { return r.Series.Estimate }) {
		return
	}
	fmt.Fprintf(b, "\nEstimated losses (the record's estimates, with a lognormal error; the model's true losses, in the trajectories still at war):\n")
	fmt.Fprintf(b, "%-10s  %-9s  %-4s  %7s  %5s  %7s  %7s  %7s  %6s\n", "date", "category", "side", "data", "sd", "median", "10 %", "90 %", "at war")
	for _, r := range rows {
		if !r.Series.Estimate {
			continue
		}
		data, sd := "-", "-"
		if !math.IsNaN(r.Data) {
			data, sd = fmt.Sprintf("%.0f", r.Data), fmt.Sprintf("%.2f", r.SD)
		}
		fmt.Fprintf(b, "%-10s  %-9s  %-4s  %7s  %5s  %7s  %7s  %7s  %5.1f%%\n", r.Date.Format(time.DateOnly), r.Series.Category, r.Series.Actor,
			data, sd, num0(r.Median), num0(r.P10), num0(r.P90), 100*float64(r.AtWar)/float64(n))
	}
}

// writeHeldOut prints the territory record against the forecast, the last
// in-sample point of each series, and every held-back point (after split)
// with its PIT and the coverage of the 50 % and 80 % bands.
func writeHeldOut(b *strings.Builder, rows []calibrate.HeldRow, cov []calibrate.Coverage, split time.Time) {
	val := func(r calibrate.HeldRow, x float64) string {
		if r.Series.Theatre != "" {
			return fmt.Sprintf("%.3f", x)
		}
		return num0(x)
	}
	line := func(r calibrate.HeldRow) {
		in := ""
		if r.In50 {
			in = "50 80"
		} else if r.In80 {
			in = "   80"
		}
		fmt.Fprintf(b, "%-10s  %-15s  %7s  %7s  %7s  %7s  %7s  %7s  %5.2f  %s\n", r.Date.Format(time.DateOnly), r.Series,
			val(r, r.Data), val(r, r.Median), val(r, r.P10), val(r, r.P25), val(r, r.P75), val(r, r.P90), r.PIT, in)
	}
	head := func() {
		fmt.Fprintf(b, "%-10s  %-15s  %7s  %7s  %7s  %7s  %7s  %7s  %5s  %s\n", "date", "series", "data", "median", "10 %", "25 %", "75 %", "90 %", "PIT", "in band")
	}
	fmt.Fprintf(b, "\nShare of Ukraine held by RUS's side (every trajectory; fitted through %s, later points held back):\n", split.Format(time.DateOnly))
	head()
	for _, r := range rows {
		if r.Series.Theatre != "" {
			line(r)
		}
	}
	fmt.Fprintf(b, "\nLast in-sample point of each series (median against the data):\n")
	last := map[string]calibrate.HeldRow{}
	var order []string
	for _, r := range rows {
		if r.InSample {
			if _, ok := last[r.Series.String()]; !ok {
				order = append(order, r.Series.String())
			}
			last[r.Series.String()] = r
		}
	}
	for _, k := range order {
		r := last[k]
		fmt.Fprintf(b, "  %-10s  %-15s  data %7s  median %7s  (%+.0f %%)\n", r.Date.Format(time.DateOnly), r.Series, val(r, r.Data), val(r, r.Median), 100*(r.Median/r.Data-1))
	}
	fmt.Fprintf(b, "\nHeld-back points (after %s), forecast by the fit given the record at the split:\n", split.Format(time.DateOnly))
	head()
	for _, r := range rows {
		if !r.InSample {
			line(r)
		}
	}
	fmt.Fprintf(b, "\nCoverage of the held-back points (nominal 50 %% and 80 %%), forecast given the record at %s", split.Format(time.DateOnly))
	if len(cov) > 0 {
		fmt.Fprintf(b, " (the trajectories weighted by the likelihood of the series' last in-sample point; least effective sample %.0f; the counts' log error drifting with an sd of %.3g and a correlation time of %s, both chosen by rolling-origin forecasts of the in-sample record)", cov[len(cov)-1].ESS, cov[len(cov)-1].DriftSD, days(cov[len(cov)-1].ErrorDays))
	}
	fmt.Fprintf(b, ", and without it (the fan chart's bands, in brackets):\n")
	for _, c := range cov {
		fmt.Fprintf(b, "  %-10s  %3d points  50 %% band %3.0f %% [%3.0f %%]  80 %% band %3.0f %% [%3.0f %%]  mean PIT %.2f [%.2f]\n", c.Group, c.N,
			100*c.Share50, 100*c.Prior50, 100*c.Share80, 100*c.Prior80, c.MeanPIT, c.PriorMeanPIT)
	}
	calibratedCoverage(b, cov)
}

// calibratedCoverage prints what a calibrated forecast would show on the
// points of cov (mc.CoverageSpread) and whether the observed coverage
// lies inside its range.
func calibratedCoverage(b *strings.Builder, cov []calibrate.Coverage) {
	if len(cov) == 0 || cov[len(cov)-1].Calibrated.Histories == 0 {
		return
	}
	fmt.Fprintf(b, "\nWhat a calibrated forecast would show on the same points: %d simulated histories (trajectories at war through the record's last date, seen through the same observation models) forecast as the record is, from the same splits; the mean coverage and, in brackets, the range of 90 %% of them. A coverage inside its range says nothing against the bands' width; outside it, the bands are too wide or too narrow for these points:\n", cov[len(cov)-1].Calibrated.Histories)
	for _, c := range cov {
		r := c.Calibrated
		verdict := r.Verdict(c.Share50, c.Share80)
		if strings.HasPrefix(verdict, "off-centre") {
			verdict += fmt.Sprintf(" (mean PIT %.2f)", c.MeanPIT)
		}
		fmt.Fprintf(b, "  %-10s  50 %% band %3.0f %% [%3.0f–%3.0f %%]  80 %% band %3.0f %% [%3.0f–%3.0f %%]  observed %3.0f %% and %3.0f %%: %s; in %.0f–%.0f %% in %3.0f %% of histories\n", c.Group,
			100*r.Mean50, 100*r.Lo50, 100*r.Hi50, 100*r.Mean80, 100*r.Lo80, 100*r.Hi80, 100*c.Share50, 100*c.Share80, verdict, 100*mc.TargetLo80, 100*mc.TargetHi80, 100*r.Within80)
	}
	met, groups := 0, 0
	for _, c := range cov {
		if calibrate.LossGroup(c.Group) && c.N > 0 {
			groups++
			if mc.WithinTarget80(c.Share80) {
				met++
			}
		}
	}
	fmt.Fprintf(b, "  The 80 %% bands cover %.0f–%.0f %% of the held-back points in %d of the %d sides and categories of losses here; a calibrated forecast covers %.0f–%.0f %% in all of them at once in %.0f %% of its histories (the points of a series move together, so they judge a band on a few independent points).\n",
		100*mc.TargetLo80, 100*mc.TargetHi80, met, groups, 100*mc.TargetLo80, 100*mc.TargetHi80, 100*cov[len(cov)-1].JointWithin80)
}

// rollingOrigins refits p at each origin and prints how its forecasts of the
// next horizon days fared: each origin's objective and coverage, then the
// coverage of all of them pooled and the histogram of their PITs.
func rollingOrigins(ctx context.Context, env *Env, p calibrate.Problem, origins []time.Time, horizon, iterations int, cmdline string) int {
	// The record through 2023-12-31 only: the fit never goes past it, and
	// the points it is judged on here stop there too.
	record, err := calibrate.Record(p.Base.Start.Time, date(2023, 12, 31), false)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitFail
	}
	began := time.Now()
	progress := func(o time.Time, evals int, best float64) {
		if evals%25 == 0 {
			fmt.Fprintf(env.Stderr, "calibrate: origin %s, %d evaluations, best objective %.5f (%s)\n", o.Format(time.DateOnly), evals, best, time.Since(began).Round(time.Second))
		}
	}
	fcs, pooled, err := calibrate.RollingOrigins(ctx, p, record, origins, horizon, iterations, progress)
	if err != nil {
		fmt.Fprintln(env.Stderr, "calibrate:", err)
		return exitFail
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: rolling-origin evaluation with refits (each origin fitted on the record through it alone, judged on the %d days after it, through 2023-12-31)\n", p.Base.ID, horizon)
	fmt.Fprintf(&b, "%s\n\n", cmdline)
	fmt.Fprintf(&b, "%-10s  %9s  %6s  %9s  %9s  %8s\n", "origin", "objective", "points", "50 % band", "80 % band", "mean PIT")
	for _, f := range fcs {
		all := calibrate.Coverage{}
		for _, c := range f.Coverage {
			if c.Group == "all" {
				all = c
			}
		}
		fmt.Fprintf(&b, "%-10s  %9.4f  %6d  %7.0f %%  %7.0f %%  %8.2f\n", f.Origin.Format(time.DateOnly), f.Fit.Rounded.Total(), all.N, 100*all.Share50, 100*all.Share80, all.MeanPIT)
	}
	fmt.Fprintf(&b, "\nCoverage of the held-back points of all origins, pooled (nominal 50 %% and 80 %%; unconditioned, the fan chart's bands, in brackets):\n")
	for _, c := range pooled {
		fmt.Fprintf(&b, "  %-10s  %3d points  50 %% band %3.0f %% [%3.0f %%]  80 %% band %3.0f %% [%3.0f %%]  mean PIT %.2f [%.2f]\n", c.Group, c.N,
			100*c.Share50, 100*c.Prior50, 100*c.Share80, 100*c.Prior80, c.MeanPIT, c.PriorMeanPIT)
	}
	calibratedCoverage(&b, pooled)
	var hist [10]int
	total := 0
	for _, f := range fcs {
		for _, r := range f.Rows {
			hist[min(int(r.PIT*10), 9)]++
			total++
		}
	}
	fmt.Fprintf(&b, "\nPooled PITs by tenth (flat, about %.1f a tenth, if the forecast is calibrated):\n ", float64(total)/10)
	for i, h := range hist {
		fmt.Fprintf(&b, " %.1f–%.1f: %d", float64(i)/10, float64(i+1)/10, h)
	}
	b.WriteString("\n")
	fmt.Fprint(env.Stdout, b.String())
	return exitOK
}

// fittedYAML is the fitted values as YAML lines with a comment saying how
// they were made.
func fittedYAML(cmdline string, lines []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# fitted by `%s` against Oryx losses and the territory series\n", cmdline)
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// days writes a number of days (an infinite one: never).
func days(x float64) string {
	if math.IsInf(x, 1) {
		return "infinity (no drift)"
	}
	return fmt.Sprintf("%.0f days", x)
}

func num0(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.0f", x)
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
