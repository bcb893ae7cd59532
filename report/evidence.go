package report

// The pages of brink validate and brink infer directories (package
// evidence): where reality fell in the simulated distribution, and what the
// record says about the assumptions.

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"brink/evidence"
	"brink/mc"
)

// validation writes the page of a validation.
func (p *page) validation(v *evidence.Validation) {
	p.title = p.scenarioName(v.Variant) + ": the model against its record"
	p.question("Does the model allow what happened?",
		fmt.Sprintf("%d of %d observations are misses; %s of %d values fall inside their central 80 %% band (about 80 %% if the spread is honest).",
			v.Misses, len(v.Lines), pct(v.Cover80), v.Values),
		fmt.Sprintf("From %s trajectories (seed %d), each read at the record's dates. %s", thousands(v.N), v.Seed, esc(v.Caveat)))
	if v.Events > 0 {
		p.section("events", "Events", "The probability the model gave to each event that happened (or did not), and the log score ln P(what happened): 0 is perfect. Verdicts: ok (P ≥ 10 %), tail (P ≥ 1 %), miss.")
		p.figure(eventChart("events-chart", v.Lines), "Each event's simulated probability of what happened: the further left, the less the model allowed history.")
		p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>observation</th><th>date</th><th>event</th><th>happened</th><th>P</th><th>log score</th><th>verdict</th></tr></thead>\n<tbody>\n")
		for _, l := range v.Lines {
			if e := l.Event; e != nil {
				fmt.Fprintf(&p.body, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%v</td><td class=\"num\">%s</td><td class=\"num\">%.2f</td><td>%s</td></tr>\n",
					esc(l.ID), l.Date, esc(l.Kind), e.Happened, pct(e.P), e.LogScore, verdict(l.Verdict))
			}
		}
		p.body.WriteString("</tbody>\n</table>\n")
		p.endSection()
	}
	if v.Values > 0 {
		p.section("values", "Values",
			"Each observed value against the simulated observations (the trajectories' values passed through the record's observation model): its percentile, the 80 % band, and the CRPS (in the value's units; lower is better). Verdicts: ok (inside the 10–90 % band), tail (1–99 %), miss.")
		p.figure(percentileChart("values-chart", v.Lines), "Points: the observation's percentile among the simulated observations. A calibrated model puts about half the points in the darkest band and four in five inside the middle one; points bunched to one side say the model runs high or low.")
		p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>observation</th><th>date</th><th>observed</th><th>10 %</th><th>median</th><th>90 %</th><th>percentile</th><th>CRPS</th><th>verdict</th></tr></thead>\n<tbody>\n")
		for _, l := range v.Lines {
			if s := l.Value; s != nil {
				fmt.Fprintf(&p.body, "<tr><td>%s</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td>%s</td></tr>\n",
					esc(l.ID), l.Date, quantity(s.Observed), quantity(s.P10), quantity(s.Median), quantity(s.P90), pct(s.Percentile), quantity(s.CRPS), verdict(l.Verdict))
			}
		}
		p.body.WriteString("</tbody>\n</table>\n")
		cal := ""
		if c := v.Calibrated; c != nil {
			cal = fmt.Sprintf(" A calibrated model on the same points (%d simulated histories standing in for the record): %s [%s–%s] and %s [%s–%s], the mean and the range of 90 %% of them; %s. Its 80 %% bands cover %s–%s of the points in %s of its histories.",
				c.Histories, pct(c.Mean50), pct(c.Lo50), pct(c.Hi50), pct(c.Mean80), pct(c.Lo80), pct(c.Hi80), esc(c.Verdict(v.Cover50, v.Cover80)), pct(mc.TargetLo80), pct(mc.TargetHi80), pct(c.Within80))
		}
		fmt.Fprintf(&p.body, "<p class=\"note\">Coverage: %s of the values inside their 50 %% band, %s inside their 80 %% band.%s</p>\n", pct(v.Cover50), pct(v.Cover80), cal)
		p.endSection()
	}
	if len(v.Moves) > 0 {
		p.section("moves", "Moves of the front",
			"Between consecutive territory observations of a theatre, the record's move (in points of the theatre) among the trajectories' own moves over the same days, and the share of trajectories whose front stood still (moved less than a tenth of the record's move). The levels above cannot tell a front that moves from trajectories each frozen at its own level; this can. Informational: no verdict, not in the coverage.")
		p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>theatre</th><th>from</th><th>to</th><th>record</th><th>10 %</th><th>median</th><th>90 %</th><th>percentile</th><th>still</th></tr></thead>\n<tbody>\n")
		pts := func(x float64) string { return fmt.Sprintf("%+.2f", 100*x) }
		for _, m := range v.Moves {
			fmt.Fprintf(&p.body, "<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
				esc(m.Theatre), m.From, m.To, pts(m.Observed), pts(m.P10), pts(m.Median), pts(m.P90), pct(m.Percentile), pct(m.Still))
		}
		p.body.WriteString("</tbody>\n</table>\n")
		p.endSection()
	}
	p.manifest(p.reproduceEvidence("validate"), nil)
}

func verdict(v string) string {
	if v == evidence.VerdictMiss {
		return "<strong>" + esc(v) + "</strong>"
	}
	return esc(v)
}

// inference writes the page of an inference.
func (p *page) inference(r *evidence.Inference) {
	p.title = p.scenarioName("") + ": what the record up to " + r.Until + " says"
	var answers []string
	for _, h := range r.Hypotheses {
		switch {
		case h.Unweightable && (h.SMC == nil || h.SMC.Error != ""):
			answers = append(answers, h.Variant+": no trajectory matches the record")
		case r.Hypotheses[0].MeanLik == 0 && h.SMC != nil && h.SMC.BayesFactor > 0:
			answers = append(answers, fmt.Sprintf("%s: Bayes factor %.3g by resample-and-move", h.Variant, h.SMC.BayesFactor))
		case r.Hypotheses[0].MeanLik == 0:
			answers = append(answers, h.Variant+": undefined (the baseline has no weight)")
		case h.Variant == "baseline":
			answers = append(answers, fmt.Sprintf("baseline %.2f", h.PostProb))
		default:
			answers = append(answers, fmt.Sprintf("%s %.2f (Bayes factor against the baseline %.3g ± %.2g)", h.Variant, h.PostProb, h.BayesFactor, h.BFError))
		}
	}
	p.question("Which hypothesis does the record favour?", "Posterior probabilities with equal priors: "+strings.Join(answers, "; ")+".",
		fmt.Sprintf("From %s trajectories per hypothesis (seed %d), on common random numbers, weighted by the likelihood of %d observations. %s",
			thousands(r.N), r.Seed, len(r.Conditioned), esc(r.Caveat)))
	p.section("hypotheses", "Hypotheses against the baseline",
		"A Bayes factor is the ratio of the mean likelihoods of the record under the hypothesis and under the baseline, on the same random numbers: above 1 the record is likelier under the hypothesis. "+
			"It compares the hypotheses only as the model states them, and only on the observations conditioned on; the effective sample size (ESS) says on how many trajectories each rests.")
	if len(r.Hypotheses) > 1 {
		p.figure(bfChart("bf", r.Hypotheses), "Points: Bayes factor by importance sampling; whiskers: ± 1.96 Monte Carlo standard errors (paired ratio, delta method). Diamonds: the resample-and-move estimate, when it was run. The grey side favours the baseline.")
	}
	smc := r.Hypotheses[0].SMC != nil
	p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>hypothesis</th><th>mean likelihood</th><th>ESS</th><th>posterior probability</th><th>Bayes factor ± s.e.</th>")
	if smc {
		p.body.WriteString("<th>SMC: distinct trajectories</th><th>SMC Bayes factor</th>")
	}
	p.body.WriteString("</tr></thead>\n<tbody>\n")
	for _, h := range r.Hypotheses {
		bf := "–"
		if r.Hypotheses[0].MeanLik > 0 {
			bf = fmt.Sprintf("%.3g ± %.2g", h.BayesFactor, h.BFError)
		}
		fmt.Fprintf(&p.body, "<tr><td>%s</td><td class=\"num\">%.4g</td><td class=\"num\">%.1f</td><td class=\"num\">%s</td><td class=\"num\">%s</td>",
			esc(h.Variant), h.MeanLik, h.ESS, pct(h.PostProb), bf)
		if s := h.SMC; s != nil {
			sbf := "–"
			if s.BayesFactor > 0 || r.Hypotheses[0].SMC.MeanLik > 0 {
				sbf = fmt.Sprintf("%.3g", s.BayesFactor)
			}
			if s.Error != "" {
				sbf = "stopped"
			}
			fmt.Fprintf(&p.body, "<td class=\"num\">%s</td><td class=\"num\">%s</td>", thousands(int64(s.Distinct)), sbf)
		}
		p.body.WriteString("</tr>\n")
	}
	p.body.WriteString("</tbody>\n</table>\n")
	var warn strings.Builder
	for _, h := range r.Hypotheses {
		if h.Warning != "" {
			fmt.Fprintf(&warn, "<li><b>%s</b>: %s</li>\n", esc(h.Variant), esc(h.Warning))
		}
		if h.SMC != nil && h.SMC.Error != "" {
			fmt.Fprintf(&warn, "<li><b>%s</b>, resample-and-move: %s</li>\n", esc(h.Variant), esc(h.SMC.Error))
		}
	}
	if warn.Len() > 0 {
		fmt.Fprintf(&p.body, "<ul class=\"warnings\">\n%s</ul>\n", warn.String())
	}
	p.endSection()

	var usable []evidence.Hypothesis
	var groups []string
	for _, h := range r.Hypotheses {
		if !h.Unweightable && h.Nuclear != nil {
			usable = append(usable, h)
			groups = append(groups, h.Variant)
		}
	}
	if len(usable) > 0 {
		p.section("forecast", "Forecast after "+r.Until+", given the record",
			"What the trajectories that agree with the record do next: each figure is a weighted share of them (the posterior predictive), with a 95 % interval whose width comes from the effective sample size.")
		var rows []barRow
		for _, m := range []string{"6 months", "12 months", "24 months"} {
			row := barRow{Label: "nuclear use within " + m}
			skip := false
			for _, h := range usable {
				q := h.Nuclear[m]
				skip = skip || q.Beyond
				row.Bars = append(row.Bars, bar{q.P, q.Lo, q.Hi})
			}
			if !skip {
				rows = append(rows, row)
			}
		}
		if len(rows) > 0 {
			p.figure(barChart("forecast-nuclear", "Nuclear use after the record", "Probability of a first nuclear use within 6, 12 and 24 months after "+r.Until+", given the record, per hypothesis.", rows, groups),
				"Bars: posterior predictive probability; whiskers: 95 % interval. A window that reaches past the scenario's horizon is left out.")
		} else {
			p.body.WriteString("<p class=\"note\">The forecast windows reach past the scenario's horizon.</p>\n")
		}
		rows = nil
		allEnded := true
		for _, h := range usable {
			allEnded = allEnded && h.Ends["ended_before"].P > 0.999
		}
		for _, k := range []string{"settlement", "capitulation", "frozen", "general_nuclear_war", "ended_before"} {
			if allEnded {
				p.body.WriteString("<p class=\"note\">Every trajectory that agrees with the record had ended by its last date: there is nothing after it to forecast.</p>\n")
				break
			}
			label := map[string]string{"settlement": "negotiated settlement", "capitulation": "capitulation", "frozen": "still going at the horizon",
				"general_nuclear_war": "general nuclear war", "ended_before": "ended before the record's end"}[k]
			row := barRow{Label: label}
			for _, h := range usable {
				q := h.Ends[k]
				row.Bars = append(row.Bars, bar{q.P, q.Lo, q.Hi})
			}
			rows = append(rows, row)
		}
		if !allEnded {
			p.figure(barChart("forecast-ends", "How the war ends, given the record", "Probability of each ending after "+r.Until+", given the record, per hypothesis.", rows, groups),
				"Endings are exclusive and add up to 100 %.")
		}
		if len(usable[0].Territory)+len(usable[0].Losses) > 0 {
			p.body.WriteString("<table class=\"numbers\">\n<caption class=\"note\">At the end of each trajectory: the posterior median, and under it the 90 % interval (5–95 %).</caption>\n<thead><tr><th>quantity at the end</th>")
			for _, g := range groups {
				fmt.Fprintf(&p.body, "<th class=\"num\">%s</th>", esc(g))
			}
			p.body.WriteString("</tr></thead>\n<tbody>\n")
			for _, t := range sortedKeys(usable[0].Territory) {
				fmt.Fprintf(&p.body, "<tr><td>territory of %s held by side a</td>", esc(t))
				for _, h := range usable {
					q := h.Territory[t]
					fmt.Fprintf(&p.body, "<td class=\"num\">%s<br><span class=\"count\">%s–%s</span></td>", pct(q.P50), pct(q.P5), pct(q.P95))
				}
				p.body.WriteString("</tr>\n")
			}
			for _, k := range sortedKeys(usable[0].Losses) {
				fmt.Fprintf(&p.body, "<tr><td>losses: %s</td>", esc(k))
				for _, h := range usable {
					q := h.Losses[k]
					fmt.Fprintf(&p.body, "<td class=\"num\">%s<br><span class=\"count\">%s–%s</span></td>", quantity(math.Round(q.P50)), quantity(math.Round(q.P5)), quantity(math.Round(q.P95)))
				}
				p.body.WriteString("</tr>\n")
			}
			p.body.WriteString("</tbody>\n</table>\n")
		}
		p.endSection()
	}

	for hi, h := range usable {
		if len(h.Params) == 0 {
			continue
		}
		color := palette[hi%len(palette)]
		p.section("params-"+h.Variant, "What the record says about the assumptions: "+h.Variant,
			"Each uncertain parameter's posterior against its prior. The record moves a parameter when the trajectories that agree with it drew that parameter from one part of its range more often than the prior does; a parameter it says nothing about keeps its prior.")
		sc := p.m.Scenario
		if h.Variant != "baseline" {
			if v, err := sc.WithVariant(h.Variant); err == nil {
				sc = v
			}
		}
		ord := moved(h.Params)
		if hi == 0 {
			// Densities in the parameters' own units: Russia's resolve and
			// bluff if the scenario has them, then the most moved.
			var pick []evidence.ParamPosterior
			for _, q := range h.Params {
				if strings.HasSuffix(q.Name, "politics.resolve") || strings.HasSuffix(q.Name, "politics.bluff_propensity") {
					if len(pick) < 4 {
						pick = append(pick, q)
					}
				}
			}
			for _, q := range ord {
				if len(pick) >= 6 {
					break
				}
				if !slices.ContainsFunc(pick, func(o evidence.ParamPosterior) bool { return o.Name == q.Name }) {
					pick = append(pick, q)
				}
			}
			p.body.WriteString("<div class=\"grid2\">\n")
			for j, q := range pick {
				v, err := sc.ValueAt(q.Name)
				if err != nil {
					continue
				}
				if c := densityChart(fmt.Sprintf("dens-%d", j), q, v, h.ESS, color); c != "" {
					p.body.WriteString(c)
				}
			}
			fmt.Fprintf(&p.body, "</div>\n<p class=\"note\">Dashed grey: the prior density; coloured: the posterior's, the prior reweighted by the record, smoothed with a Gaussian kernel of %.2g in prior quantiles (Silverman's rule for an effective sample size of %.0f). With a small effective sample size, what looks like a move may be noise.</p>\n", bandwidth(h.ESS), h.ESS)
		}
		top := ord[:min(len(ord), 20)]
		p.figure(ridgeChart("ridge-"+h.Variant, top, h.ESS, color),
			fmt.Sprintf("The %d parameters the record moves most, of %d. Each row: the posterior density of the parameter's prior quantile (flat, at the dashed line, if the record says nothing), the posterior 90 %% interval (bar) and median (circle); under the name, prior median → posterior median.", len(top), len(ord)))
		p.body.WriteString("<details><summary>Every parameter: prior and posterior quantiles</summary>\n<table class=\"numbers\">\n<thead><tr><th>parameter</th><th>prior median [5 %, 95 %]</th><th>posterior median [5 %, 95 %]</th><th>shift</th><th>posterior density of the prior CDF</th></tr></thead>\n<tbody>\n")
		for _, q := range ord {
			fmt.Fprintf(&p.body, "<tr><td>%s</td><td class=\"num\">%s [%s, %s]</td><td class=\"num\">%s [%s, %s]</td><td class=\"num\">%.2f</td><td>%s</td></tr>\n", esc(q.Name),
				quantity(round3(q.Prior.P50)), quantity(round3(q.Prior.P5)), quantity(round3(q.Prior.P95)), quantity(round3(q.Posterior.P50)), quantity(round3(q.Posterior.P5)), quantity(round3(q.Posterior.P95)), q.Shift, spark(q.Density))
		}
		p.body.WriteString("</tbody>\n</table>\n<p class=\"note\">Shift: the prior CDF at the posterior median, 0.5 if the record does not move the parameter.</p>\n</details>\n")
		for _, rg := range h.Regions {
			fmt.Fprintf(&p.body, "<p>Region <code>%s</code>: prior %s → posterior %s; Bayes factor against its complement %.3g.</p>\n", esc(rg.Region), pct(rg.Prior), pct(rg.Posterior), rg.BayesFactor)
		}
		p.endSection()
	}
	p.section("limits", "What these numbers do not say",
		"A posterior is only as good as the model. The weights say which trajectories of this model agree best with the observations listed, under the observation models stated; "+
			"if the model cannot produce what happened (see brink validate: its misses), they pick the least wrong trajectories, not the right assumptions. "+
			"A Bayes factor compares hypotheses as the variants state them, on the record conditioned on, and says nothing about hypotheses nobody wrote down. "+
			"The forecast is this model's, conditioned on the past: it inherits every mechanism the model lacks.")
	fmt.Fprintf(&p.body, "<p class=\"note\">Conditioned on: %s.", esc(strings.Join(r.Conditioned, ", ")))
	if len(r.NotUsed) > 0 {
		fmt.Fprintf(&p.body, " Not used: %s.", esc(strings.Join(r.NotUsed, ", ")))
	}
	p.body.WriteString("</p>\n")
	p.endSection()
	p.manifest(p.reproduceEvidence("infer"), nil)
}

// spark is a small inline SVG of a density over [0, 1], with the flat prior
// dashed.
func spark(d []float64) string {
	const w, h = 120.0, 24.0
	top := 2.0
	for _, x := range d {
		top = max(top, x)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" width="%g" height="%g" viewBox="0 0 %g %g">`, w, h, w, h)
	fmt.Fprintf(&b, `<line x1="0" x2="%g" y1="%.1f" y2="%.1f" stroke="#888" stroke-dasharray="2,2"/>`, w, h-h/top, h-h/top)
	b.WriteString(`<polyline fill="none" stroke="#0072b2" stroke-width="1.2" points="`)
	for i, x := range d {
		if math.IsNaN(x) {
			x = 0
		}
		fmt.Fprintf(&b, "%.1f,%.1f ", (float64(i)+0.5)*w/float64(len(d)), h-h*x/top)
	}
	b.WriteString(`"/></svg>`)
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	k := make([]string, 0, len(m))
	for x := range m {
		k = append(k, x)
	}
	slices.Sort(k)
	return k
}

// reproduceEvidence is the command that runs a validation or an inference
// again (its other flags, if any, are in its JSON).
func (p *page) reproduceEvidence(cmd string) string {
	man := p.man
	c := fmt.Sprintf("brink %s %s -n %d -seed %d", cmd, scenarioArg(man), man.Trajectories, man.Seed)
	if man.Variant != "" && cmd == "validate" {
		c += " -variant " + shellQuote(man.Variant)
	}
	return c
}
