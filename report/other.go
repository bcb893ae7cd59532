package report

import (
	"brink/sweep"
	"fmt"
	"slices"
	"strings"

	"brink/mc"
)

// compare writes the report of a comparison of variants (brink compare).
func (p *page) compare(rep *mc.CompareReport) {
	sums := rep.Summaries
	groups := []string{"baseline"}
	for _, v := range rep.Variants {
		groups = append(groups, v)
	}
	p.title = p.scenarioName("") + ": baseline and " + plural(len(rep.Variants), "variant")
	p.partial = rep.Partial
	var answers []string
	for i, s := range sums {
		e := findEstimate(s.Events, "nuclear_use")
		answers = append(answers, groups[i]+" "+pctCI(e.P, e.Lo, e.Hi))
	}
	var useCmp, delibCmp *mc.OutcomeComparison
	for i := range rep.Outcomes {
		switch rep.Outcomes[i].Name {
		case "nuclear_use":
			useCmp = &rep.Outcomes[i]
		case "first_use_deliberate":
			delibCmp = &rep.Outcomes[i]
		}
	}
	answer := fmt.Sprintf("Probability of nuclear use within %s: %s.", horizonWords(p.horizon()), strings.Join(answers, "; "))
	if useCmp != nil {
		answer = rankedAnswer(*useCmp, "any nuclear use", 3)
	}
	basis := fmt.Sprintf("From %s trajectories under each model (seed %d), on common random numbers: trajectory k of every variant draws the random numbers of trajectory k of the baseline. Differences in percentage points (pp), with 95 %% intervals paired on the trajectories; a variant \"cannot be told from the baseline\" when its interval contains 0.",
		thousands(rep.Trajectories), rep.Seed)
	if delibCmp != nil && (delibCmp.Baseline.Count > 0 || slices.ContainsFunc(delibCmp.Variants, func(v mc.VariantDiff) bool { return v.Estimate.Count > 0 })) {
		basis += " Deliberate first use: " + esc(compareAnswer(*delibCmp, "deliberate first use"))
	}
	p.question(fmt.Sprintf("How does the probability of any nuclear use within %s (by %s) change from the baseline under each variant?", horizonWords(p.horizon()), p.lastDate()),
		answer, basis)
	p.outcomes(sums, groups)
	// Paired differences: a forest plot per outcome.
	p.section("differences", "Differences from the baseline",
		"Each variant's probability minus the baseline's, in percentage points, with its 95 % interval from the paired trajectories ("+esc(rep.IntervalMethod)+"). A filled point: the interval excludes 0; an open one: the variant cannot be told from the baseline with these trajectories. Each chart has its own scale.")
	for _, oc := range rep.Outcomes {
		var rows []forestRow
		seen := oc.Baseline.Count > 0
		for i, v := range oc.Variants {
			seen = seen || v.Estimate.Count > 0
			rows = append(rows, forestRow{Label: v.Variant, Color: groupColor(i + 1), Diff: 100 * v.Diff, Lo: 100 * v.Lo, Hi: 100 * v.Hi, Significant: v.Significant && !v.Identical})
		}
		label := strings.TrimSpace(oc.Label)
		if !seen {
			fmt.Fprintf(&p.body, "<p class=\"note\"><strong>%s</strong>: under no model (%s).</p>\n", esc(label), esc(pct(0)))
			continue
		}
		fmt.Fprintf(&p.body, "<h3>%s</h3>\n", esc(label))
		p.figure(forestChart(p.id(), "Paired difference from the baseline: "+label,
			fmt.Sprintf("Forest plot of each variant's difference from the baseline in the probability of %s, in percentage points, with 95 %% paired intervals; baseline %s.", label, pct(oc.Baseline.P)),
			rows, fmt.Sprintf("difference from the baseline (%s), percentage points", pct(oc.Baseline.P))),
			esc(compareAnswer(oc, label)))
	}
	p.body.WriteString("<details><summary>All the differences as a table, with McNemar's p</summary>\n")
	p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>outcome</th><th>variant</th><th>difference</th><th>95 % interval</th><th>p</th></tr></thead>\n<tbody>\n")
	for _, oc := range rep.Outcomes {
		for _, v := range oc.Variants {
			d := "0 pp (the baseline itself)"
			ci, pv := "", ""
			if !v.Identical {
				d = fmt.Sprintf("%+.2f pp", 100*v.Diff)
				ci = fmt.Sprintf("%+.2f to %+.2f pp", 100*v.Lo, 100*v.Hi)
				pv = fmt.Sprintf("%.4f", v.PValue)
				if v.PValue < 0.0001 {
					pv = "<0.0001"
				}
				if v.Significant {
					d = "<strong>" + d + "</strong>"
				}
			}
			fmt.Fprintf(&p.body, "<tr><td>%s</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
				esc(oc.Label), esc(v.Variant), d, ci, esc(pv))
		}
	}
	p.body.WriteString("</tbody>\n</table>\n</details>\n<p class=\"note\">p: " + esc(rep.TestMethod) + ". With many outcomes and variants, expect some small p, and some intervals that exclude 0, by chance.</p>\n")
	p.endSection()
	// First use over time, per variant.
	p.section("first-use", "When the first nuclear use comes",
		"The probability that a first nuclear use has happened by each date (one minus the Kaplan–Meier survival curve of the time to first use), under the baseline and each variant, every 30 days.")
	var curves []curve
	yMax := 0.0
	for i, s := range sums {
		c := curve{Name: groups[i], Color: groupColor(i), X: []float64{0}, Y: []float64{0}, EndLabel: groups[i]}
		if i > 0 {
			c.Dash = []string{"6 3", "2 3", "8 2 2 2"}[(i-1)%3]
		}
		for _, sp := range s.Survival {
			c.X = append(c.X, float64(sp.Day))
			c.Y = append(c.Y, 100*sp.Any.P)
			yMax = max(yMax, 100*sp.Any.P)
		}
		curves = append(curves, c)
	}
	p.figure(timeChart(p.id(), "Probability of a first nuclear use by date, per variant",
		"Cumulative probability of a first nuclear use by date under the baseline and each variant: "+strings.Join(answers, "; ")+".",
		p.start(), p.horizon(), curves, "P(first nuclear use by date), %", pctTick, max(yMax*1.1, 0.1)),
		"Lines: share of trajectories with a first nuclear use by each date.")
	p.endSection()
	// Paths per model.
	p.section("paths", "Paths to nuclear use",
		"The commonest sequences of escalation rungs climbed before a first nuclear use under each model, with how it came and who made it; replay an example with the brink trace command given. The share is of the model's trajectories with a nuclear use.")
	for i, s := range sums {
		fmt.Fprintf(&p.body, "<h3>%s</h3>\n", esc(groups[i]))
		if len(s.Paths) == 0 {
			p.body.WriteString("<p class=\"note\">No paths recorded (no nuclear use, or a comparison saved by an older brink).</p>\n")
			continue
		}
		p.pathTable(s.Paths, false)
		ex := s.Paths[0]
		if ex.Example >= 0 {
			c := fmt.Sprintf("brink trace %s -seed %d -k %d", scenarioArg(p.man), rep.Seed, ex.Example)
			if i > 0 {
				c += " -variant " + shellQuote(groups[i])
			}
			fmt.Fprintf(&p.body, "<p class=\"note\">The first trajectory on path 1: <code>%s</code></p>\n", esc(c))
		}
	}
	p.endSection()
	cmd := fmt.Sprintf("brink compare %s -variants %s -n %d -seed %d", scenarioArg(p.man), shellQuote(strings.Join(rep.Variants, ",")), p.man.Trajectories, p.man.Seed)
	p.signals(sums, groups)
	p.afterUse(sums, groups, rep.AfterUse)
	p.manifest(cmd, [][2]string{{"variants compared", strings.Join(rep.Variants, ", ")}})
}

// sweep writes the report of a sensitivity sweep (brink sweep).
func (p *page) sweep(rep *sweep.Report) {
	p.title = p.scenarioName(rep.Variant) + ": what drives " + rep.OutcomeLabel
	p.partial = rep.Partial
	label := rep.OutcomeLabel
	if label == "" {
		label = rep.Outcome
	}
	q := fmt.Sprintf("Which of the %s varied drive the probability of %s within %s?", plural(len(rep.Parameters), "assumption"), label, horizonWords(p.horizon()))
	var a string
	switch {
	case len(rep.Sobol) > 0:
		top := rep.Sobol[0]
		s1, st := sweep.ShareOf(top.S1, top.S1Lo, top.S1Hi), sweep.ShareOf(top.ST, top.STLo, top.STHi)
		switch {
		case st.Noise:
			a = fmt.Sprintf("No assumption can be told from noise with this design: even %s, whose total Sobol index is the largest (%.2f), has a 95 %% interval that reaches 0 (%.2f–%.2f). More points or more trajectories per point are needed.",
				top.Parameter, st.Value, st.Lo, st.Hi)
		case s1.Noise:
			a = fmt.Sprintf("%s matters most, through its interactions: with them it explains %.0f %% of the variance of the probability over the design (total Sobol index, 95 %% interval %.0f–%.0f %%); alone its share cannot be told from 0.",
				top.Parameter, 100*st.Value, 100*st.Lo, 100*st.Hi)
		default:
			a = fmt.Sprintf("%s matters most: alone it explains %.0f %% of the variance of the probability over the design (95 %% interval %.0f–%.0f %%), with its interactions %.0f %% (%.0f–%.0f %%).",
				top.Parameter, 100*s1.Value, 100*s1.Lo, 100*s1.Hi, 100*st.Value, 100*st.Lo, 100*st.Hi)
		}
		if ns := rep.NoiseShare.OrZero(); ns >= 0.25 {
			a += fmt.Sprintf(" Caution: Monte Carlo noise is %.0f %% of the variance over the design, so these shares are rough.", 100*ns)
		}
	case len(rep.Morris) > 0:
		a = fmt.Sprintf("%s matters most: its mean absolute elementary effect μ* is %.3g.", rep.Morris[0].Parameter, rep.Morris[0].MuStar.OrZero())
	case rep.Regression != nil && len(rep.Regression.Rows) > 0:
		rows := slices.Clone(rep.Regression.Rows)
		slices.SortStableFunc(rows, func(x, y sweep.SRCRow) int {
			ax, ay := abs(x.SRC.OrZero()), abs(y.SRC.OrZero())
			switch {
			case ax > ay:
				return -1
			case ax < ay:
				return 1
			}
			return 0
		})
		a = fmt.Sprintf("%s matters most: its standardized regression coefficient is %+.2f (R² %.2f).", rows[0].Parameter, rows[0].SRC.OrZero(), rep.Regression.R2.OrZero())
	default:
		a = "No index could be computed: " + rep.Note
	}
	p.question(q, a, fmt.Sprintf("Over %d points of a %s design, %s trajectories each (seed %d); the probability varies from %s to %s over the points, mean %s. Monte Carlo noise is %s of its variance.",
		rep.PointsUsed, rep.Design, thousands(rep.TrajectoriesPerPoint), rep.Seed, pct(rep.Y.Min.OrZero()), pct(rep.Y.Max.OrZero()), pct(rep.Y.Mean.OrZero()), pct(rep.NoiseShare.OrZero())))
	p.section("sensitivity", "Which assumptions matter", "")
	p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>parameter</th><th>varied over</th></tr></thead>\n<tbody>\n")
	for _, par := range rep.Parameters {
		over := fmt.Sprintf("%s to %s", trimFloat(par.Lo.OrZero()), trimFloat(par.Hi.OrZero()))
		if par.Over == "distribution" {
			over = "its distribution " + par.Distribution
		}
		fmt.Fprintf(&p.body, "<tr><td><code>%s</code></td><td>%s</td></tr>\n", esc(par.Path), esc(over))
	}
	p.body.WriteString("</tbody>\n</table>\n")
	switch {
	case len(rep.Sobol) > 0:
		var rows []tornadoRow
		for _, s := range rep.Sobol {
			s1, st := sweep.ShareOf(s.S1, s.S1Lo, s.S1Hi), sweep.ShareOf(s.ST, s.STLo, s.STHi)
			rows = append(rows, tornadoRow{Label: s.Parameter, Bars: []bar{{s1.Value, s1.Lo, s1.Hi}, {st.Value, st.Lo, st.Hi}}})
		}
		p.figure(tornadoChart(p.id(), "Sobol indices of the probability of "+label,
			"Tornado chart of the first-order and total Sobol indices of each parameter, largest total first, with 95 % bootstrap intervals, clamped to [0, 1].",
			rows, []string{"first-order index S1", "total index ST"}, "share of the variance of P("+label+")"),
			"First-order index: the share of the variance explained by the parameter alone; total index: with all its interactions. Whiskers: 95 % bootstrap intervals, clamped to [0, 1]. Noise inflates ST and deflates S1.")
		p.body.WriteString("<div class=\"wide\">\n<table class=\"numbers\">\n<thead><tr><th>parameter</th><th>S1 [95 % interval]</th><th>ST [95 % interval]</th><th>as estimated</th></tr></thead>\n<tbody>\n")
		for _, s := range rep.Sobol {
			s1, st := sweep.ShareOf(s.S1, s.S1Lo, s.S1Hi), sweep.ShareOf(s.ST, s.STLo, s.STHi)
			raw := ""
			if s1.Clamped || st.Clamped {
				raw = esc(fmt.Sprintf("S1 %.2f [%.2f, %.2f]", float64(s.S1), float64(s.S1Lo), float64(s.S1Hi))) + "<br/>" +
					esc(fmt.Sprintf("ST %.2f [%.2f, %.2f]", float64(s.ST), float64(s.STLo), float64(s.STHi)))
			}
			fmt.Fprintf(&p.body, "<tr><td><code>%s</code></td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
				esc(s.Parameter), esc(s1.String()), esc(st.String()), raw)
		}
		p.body.WriteString("</tbody>\n</table>\n</div>\n<p class=\"note\">" + esc(sweep.Explain) + "</p>\n")
	case len(rep.Morris) > 0:
		var rows []tornadoRow
		for _, s := range rep.Morris {
			rows = append(rows, tornadoRow{Label: s.Parameter, Bars: []bar{{s.MuStar.OrZero(), s.MuStar.OrZero(), s.MuStar.OrZero()}, {s.Sigma.OrZero(), s.Sigma.OrZero(), s.Sigma.OrZero()}}})
		}
		p.figure(tornadoChart(p.id(), "Morris elementary effects on the probability of "+label,
			"Tornado chart of the mean absolute elementary effect μ* and its standard deviation σ per parameter, largest μ* first.",
			rows, []string{"μ* (mean absolute effect)", "σ (spread of the effects)"}, "change of P("+label+") over the parameter's range"),
			"μ*: how much the parameter moves the probability on average; σ: how much that depends on the other parameters (interactions or non-linearity).")
	case rep.Regression != nil:
		var rows []tornadoRow
		for _, s := range rep.Regression.Rows {
			rows = append(rows, tornadoRow{Label: s.Parameter, Bars: []bar{{s.SRC.OrZero(), s.SRC.OrZero(), s.SRC.OrZero()}}})
		}
		p.figure(tornadoChart(p.id(), "Standardized regression coefficients for the probability of "+label,
			"Tornado chart of the standardized regression coefficients of each parameter.",
			rows, []string{"standardized regression coefficient"}, "standardized regression coefficient"),
			fmt.Sprintf("A linear fit of the probability on the parameters over the design; R² %.2f.", rep.Regression.R2.OrZero()))
	}
	if rep.Note != "" {
		fmt.Fprintf(&p.body, "<p class=\"note\">%s</p>\n", esc(rep.Note))
	}
	p.endSection()
	var params []string
	for _, par := range rep.Parameters {
		s := par.Path
		if par.Over == "range" {
			s += "=" + trimFloat(par.Lo.OrZero()) + ":" + trimFloat(par.Hi.OrZero())
		}
		params = append(params, s)
	}
	points := rep.Points
	switch rep.Design {
	case "sobol":
		points = rep.BaseRows
	case "morris":
		points = rep.MorrisTrajectories
	case "grid":
		points = rep.Levels
	}
	cmd := fmt.Sprintf("brink sweep %s -params %s -design %s -points %d -n %d -seed %d -outcome %s", scenarioArg(p.man),
		shellQuote(strings.Join(params, ",")), rep.Design, points, rep.TrajectoriesPerPoint, rep.Seed, shellQuote(rep.Outcome))
	if rep.Variant != "" {
		cmd += " -variant " + shellQuote(rep.Variant)
	}
	p.manifest(cmd, [][2]string{{"design", fmt.Sprintf("%s, %d of %d points used", rep.Design, rep.PointsUsed, rep.Points)}, {"outcome", label}})
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
