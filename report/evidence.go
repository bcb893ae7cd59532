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
		p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>observation</th><th>date</th><th>observed</th><th>10 %</th><th>median</th><th>90 %</th><th>percentile</th><th>CRPS</th><th>verdict</th></tr></thead>\n<tbody>\n")
		for _, l := range v.Lines {
			if s := l.Value; s != nil {
				fmt.Fprintf(&p.body, "<tr><td>%s</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td>%s</td></tr>\n",
					esc(l.ID), l.Date, quantity(s.Observed), quantity(s.P10), quantity(s.Median), quantity(s.P90), pct(s.Percentile), quantity(s.CRPS), verdict(l.Verdict))
			}
		}
		p.body.WriteString("</tbody>\n</table>\n")
		fmt.Fprintf(&p.body, "<p class=\"note\">Coverage: %s of the values inside their 50 %% band, %s inside their 80 %% band.</p>\n", pct(v.Cover50), pct(v.Cover80))
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
		if h.Unweightable {
			answers = append(answers, h.Variant+": no trajectory matches the record")
			continue
		}
		answers = append(answers, fmt.Sprintf("%s %.2f (Bayes factor %.3g ± %.2g)", h.Variant, h.PostProb, h.BayesFactor, h.BFError))
	}
	p.question("Which hypothesis does the record favour?", "Posterior probabilities with equal priors: "+strings.Join(answers, "; ")+".",
		fmt.Sprintf("From %s trajectories per hypothesis (seed %d), on common random numbers, weighted by the likelihood of %d observations. %s",
			thousands(r.N), r.Seed, len(r.Conditioned), esc(r.Caveat)))
	for _, h := range r.Hypotheses {
		p.section("h-"+h.Variant, h.Variant, fmt.Sprintf("Effective sample size %.1f; mean likelihood %.4g.", h.ESS, h.MeanLik))
		if h.Warning != "" {
			fmt.Fprintf(&p.body, "<p class=\"partial\">%s</p>\n", esc(h.Warning))
		}
		if h.Unweightable {
			p.endSection()
			continue
		}
		p.body.WriteString("<h3>Forecast after the record</h3>\n<table class=\"numbers\">\n<tbody>\n")
		for _, k := range sortedKeys(h.Nuclear) {
			q := h.Nuclear[k]
			v := "beyond the horizon"
			if !q.Beyond {
				v = pctCI(q.P, q.Lo, q.Hi)
			}
			fmt.Fprintf(&p.body, "<tr><th>nuclear use within %s</th><td class=\"num\">%s</td></tr>\n", esc(k), v)
		}
		for _, k := range sortedKeys(h.Ends) {
			q := h.Ends[k]
			fmt.Fprintf(&p.body, "<tr><th>end: %s</th><td class=\"num\">%s</td></tr>\n", esc(k), pctCI(q.P, q.Lo, q.Hi))
		}
		p.body.WriteString("</tbody>\n</table>\n<h3>Parameters: prior against posterior</h3>\n")
		p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>parameter</th><th>prior median [5 %, 95 %]</th><th>posterior median [5 %, 95 %]</th><th>posterior density of the prior CDF</th></tr></thead>\n<tbody>\n")
		for _, q := range h.Params {
			fmt.Fprintf(&p.body, "<tr><td>%s</td><td class=\"num\">%s [%s, %s]</td><td class=\"num\">%s [%s, %s]</td><td>%s</td></tr>\n", esc(q.Name),
				quantity(q.Prior.P50), quantity(q.Prior.P5), quantity(q.Prior.P95), quantity(q.Posterior.P50), quantity(q.Posterior.P5), quantity(q.Posterior.P95), spark(q.Density))
		}
		p.body.WriteString("</tbody>\n</table>\n<p class=\"note\">The small chart is the posterior density of u = F(x), the prior's CDF at the parameter: flat at 1 (the dashed line) if the record says nothing about it.</p>\n")
		p.endSection()
	}
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
