package report

import (
	"brink/scenario"
	"fmt"
	"slices"
	"strings"
	"time"

	"brink/discover"
	"brink/evidence"
	"brink/label"
	"brink/mc"
	"brink/results"
	"brink/sim"
)

// page is a report being written: its sections in order.
type page struct {
	man     results.Manifest
	m       *sim.Model
	title   string
	head    strings.Builder // question and answer
	body    strings.Builder // the sections
	charts  int             // for unique ids
	partial bool
	// discs are the scenario discoveries kept in the run's directory dir.
	discs []*discover.Result
	dir   string
}

func (p *page) id() string {
	p.charts++
	return fmt.Sprintf("c%d", p.charts)
}

func (p *page) start() time.Time { return p.m.Scenario.Start.Time }

func (p *page) horizon() int { return p.m.Scenario.HorizonDays }

// lastDate is the date of the last day of the horizon.
func (p *page) lastDate() string {
	return p.start().AddDate(0, 0, p.horizon()-1).Format("2006-01-02")
}

func (p *page) section(id, title, intro string) {
	fmt.Fprintf(&p.body, "<section id=\"%s\">\n<h2>%s</h2>\n", id, esc(title))
	if intro != "" {
		fmt.Fprintf(&p.body, "<p>%s</p>\n", intro)
	}
}

func (p *page) endSection() { p.body.WriteString("</section>\n") }

func (p *page) figure(svg, caption string) {
	fmt.Fprintf(&p.body, "<figure>\n%s<figcaption>%s</figcaption>\n</figure>\n", svg, caption)
}

// question writes the opening: the question, and the answer in one sentence.
func (p *page) question(q, a, basis string) {
	fmt.Fprintf(&p.head, "<p class=\"question\"><span class=\"tag\">Question</span> %s</p>\n", esc(q))
	fmt.Fprintf(&p.head, "<p class=\"answer\"><span class=\"tag\">Answer</span> %s</p>\n", esc(a))
	if basis != "" {
		fmt.Fprintf(&p.head, "<p class=\"basis\">%s</p>\n", basis)
	}
}

// scenarioName is the scenario's id, title and variant.
func (p *page) scenarioName(variant string) string {
	sc := p.m.Scenario
	s := sc.ID
	if sc.Title != "" {
		s += " — " + sc.Title
	}
	if variant != "" {
		s += " (variant " + variant + ")"
	}
	return s
}

func (p *page) useQuestion() string {
	return fmt.Sprintf("How likely is any use of nuclear weapons within %s of %s, that is by %s?",
		horizonWords(p.horizon()), p.start().Format("2006-01-02"), p.lastDate())
}

// run writes the report of a single run.
func (p *page) run(res *mc.Result) {
	sum := mc.Summarize(res)
	p.title = p.scenarioName(sum.Variant)
	p.partial = res.Partial
	use := findEstimate(sum.Events, "nuclear_use")
	p.question(p.useQuestion(),
		fmt.Sprintf("Probability of nuclear use within %s: %s", horizonWords(p.horizon()), pctCI(use.P, use.Lo, use.Hi)),
		fmt.Sprintf("From %s simulated trajectories of the scenario (seed %d). Intervals are 95 %% Wilson intervals of the Monte Carlo estimate: they measure the simulation's noise, not the uncertainty of the model's assumptions, which the scenario's distributions already draw over.",
			thousands(res.N), res.Seed))
	p.outcomes([]*mc.Summary{sum}, nil)
	p.survivalRun(res, sum)
	p.fans(res)
	p.paths(res, sum)
	p.signals([]*mc.Summary{sum}, nil)
	p.world(sum)
	p.afterUse([]*mc.Summary{sum}, nil, nil)
	p.discoveries(p.discs, p.dir)
	p.manifest(p.reproduceRun(), nil)
}

func findEstimate(es []mc.Estimate, name string) mc.Estimate {
	for _, e := range es {
		if e.Name == name {
			return e
		}
	}
	return mc.Estimate{Name: name}
}

// outcomes writes the bar chart and table of how the runs end and what
// happens on the way; one bar per summary (variant), side by side.
func (p *page) outcomes(sums []*mc.Summary, groups []string) {
	p.section("outcomes", "How it ends, and what happens on the way",
		fmt.Sprintf("The probability of each ending within %s and of each event on the way, with its 95 %% interval.", horizonWords(p.horizon())))
	type row struct{ name, label string }
	var rows []row
	seen := map[string]bool{}
	for _, s := range sums {
		for _, e := range append(slices.Clone(s.Ends), s.Events...) {
			if !seen[e.Name] {
				seen[e.Name] = true
				rows = append(rows, row{e.Name, strings.TrimSpace(e.Label)})
			}
		}
	}
	var br []barRow
	for _, r := range rows {
		b := barRow{Label: r.label}
		for _, s := range sums {
			e := findEstimate(append(slices.Clone(s.Ends), s.Events...), r.name)
			b.Bars = append(b.Bars, bar{e.P, e.Lo, e.Hi})
		}
		br = append(br, b)
	}
	desc := "Horizontal bars of the probability of each outcome"
	if len(groups) > 1 {
		desc += ", one bar per variant (" + strings.Join(groups, ", ") + ")"
	}
	desc += ", with 95 % intervals as whiskers."
	p.barFigures("Outcome probabilities", desc, br, groups,
		"Bars: estimated probability; whiskers: 95 % Wilson interval. Endings are exclusive and add up to 100 %; events on the way are not.")
	// The table; with many variants, each cell on two lines, and the table
	// scrolls rather than run off the page.
	multi := len(sums) > 1
	if multi {
		p.body.WriteString("<div class=\"wide\">\n")
	}
	p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>outcome</th>")
	for i, s := range sums {
		name := "estimate"
		if len(groups) > 1 {
			name = groups[i]
		}
		_ = s
		fmt.Fprintf(&p.body, "<th>%s</th>", esc(name))
	}
	p.body.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range rows {
		fmt.Fprintf(&p.body, "<tr><td>%s</td>", esc(r.label))
		for _, s := range sums {
			e := findEstimate(append(slices.Clone(s.Ends), s.Events...), r.name)
			if multi {
				ci := pctNum(e.Lo) + "–" + pctNum(e.Hi)
				if e.Count == 0 && e.Hi == 0 {
					ci = "never" // not reported under this model: it never happened
				}
				fmt.Fprintf(&p.body, "<td class=\"num\">%s<span class=\"ci\">%s</span></td>", esc(pct(e.P)), esc(ci))
				continue
			}
			fmt.Fprintf(&p.body, "<td class=\"num\">%s <span class=\"count\">(%s)</span></td>", esc(pctCI(e.P, e.Lo, e.Hi)), thousands(e.Count))
		}
		p.body.WriteString("</tr>\n")
	}
	if multi {
		p.body.WriteString("</tbody>\n</table>\n</div>\n<p class=\"note\">Under each estimate: its 95 % Wilson interval, in %.</p>\n")
	} else {
		p.body.WriteString("</tbody>\n</table>\n<p class=\"note\">In brackets: the number of trajectories.</p>\n")
	}
	p.endSection()
}

// survivalRun draws the chance of a first nuclear use by each day: any,
// deliberate and inadvertent apart.
func (p *page) survivalRun(res *mc.Result, sum *mc.Summary) {
	h := p.horizon()
	p.section("first-use", "When the first nuclear use comes",
		"The probability that a first nuclear use has happened by each date: one minus the Kaplan–Meier survival curve of the time to first use. Every trajectory is followed to the horizon or to its end, after which no use can come, so the estimate is the plain proportion of trajectories with a use by that day, with a 95 % Wilson interval. Deliberate use (chosen by a leadership) and inadvertent use (false alarm, unauthorised use, loss of control) are shown apart; they add up to any use.")
	step := max(1, h/180)
	var days []int
	for d := 0; d < h; d += step {
		days = append(days, d)
	}
	if days[len(days)-1] != h-1 {
		days = append(days, h-1)
	}
	mk := func(name, color, dash string, inc *mc.Incidence, band bool) curve {
		c := curve{Name: name, Color: color, Dash: dash}
		for _, d := range days {
			pr := inc.Cumulative(d)
			c.X = append(c.X, float64(d))
			c.Y = append(c.Y, 100*pr.P())
			if band {
				lo, hi := pr.CI95()
				c.Lo, c.Hi = append(c.Lo, 100*lo), append(c.Hi, 100*hi)
			}
		}
		return c
	}
	curves := []curve{
		mk("any nuclear use", palette[0], "", res.FirstUse, true),
		mk("deliberate", palette[1], "6 3", res.FirstUseDeliberate, false),
		mk("inadvertent", palette[2], "2 3", res.FirstUseInadvertent, false),
	}
	yMax := 0.0
	for _, v := range curves[0].Hi {
		yMax = max(yMax, v)
	}
	p.figure(timeChart(p.id(), "Probability of a first nuclear use by date",
		fmt.Sprintf("Cumulative probability of a first nuclear use from %s to %s: any use %s by the end, deliberate %s, inadvertent %s.",
			p.start().Format("2006-01-02"), p.lastDate(), pct(res.FirstUse.At(h-1)), pct(res.FirstUseDeliberate.At(h-1)), pct(res.FirstUseInadvertent.At(h-1))),
		p.start(), h, curves, "P(first nuclear use by date), %", pctTick, max(yMax, 0.1)),
		"Lines: share of trajectories with a first nuclear use by each date; shaded: 95 % interval of any use.")
	// A short table at every quarter of the horizon.
	p.body.WriteString("<table class=\"numbers\">\n<thead><tr><th>by</th><th>any use</th><th>deliberate</th><th>inadvertent</th></tr></thead>\n<tbody>\n")
	for i, sp := range sum.Survival {
		if i != len(sum.Survival)-1 && (i+1)%3 != 0 {
			continue
		}
		fmt.Fprintf(&p.body, "<tr><td>%s (day %d)</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
			sp.Date, sp.Day, esc(pctCI(sp.Any.P, sp.Any.Lo, sp.Any.Hi)), esc(pctCI(sp.Deliberate.P, sp.Deliberate.Lo, sp.Deliberate.Hi)),
			esc(pctCI(sp.Inadvertent.P, sp.Inadvertent.Lo, sp.Inadvertent.Hi)))
	}
	p.body.WriteString("</tbody>\n</table>\n")
	p.endSection()
}

// theatreEvents are the scenario's events on a fixed date or day that
// change the parameters of theatre id (a path under theatres.id. in their
// set or scale: a side's posture, the front, attrition), as numbered marks
// for its fan chart, and the caption's sentence naming them.
func (p *page) theatreEvents(id string) ([]eventMark, string) {
	var marks []eventMark
	var names []string
	gated := false // some are skipped where an unless: condition holds
	prefix := "theatres." + id + "."
	for i, e := range p.m.Scenario.Events {
		if e.ID == "" {
			e.ID = fmt.Sprintf("events[%d]", i)
		}
		day := -1.0
		switch {
		case e.Date != nil:
			day = e.Date.Time.Sub(p.start()).Hours() / 24
		case e.Day.Given():
			if lo, hi := e.Day.Support(); lo == hi {
				day = lo
			}
		}
		if day < 0 || day > float64(p.horizon()) {
			continue
		}
		touches := false
		for _, paths := range []map[string]scenario.Value{e.Set, e.Scale} {
			for path := range paths {
				touches = touches || strings.HasPrefix(path, prefix)
			}
		}
		if !touches {
			continue
		}
		marks = append(marks, eventMark{day: day, n: len(marks) + 1})
		star := ""
		if len(e.Unless) > 0 {
			star, gated = "*", true
		}
		names = append(names, fmt.Sprintf("%d %s%s (%s)", len(marks), esc(e.ID), star, p.start().AddDate(0, 0, int(day)).Format("2006-01-02")))
	}
	if len(marks) == 0 {
		return nil, ""
	}
	caption := " Dashed lines: the scenario's dated events that change this theatre's parameters — " + strings.Join(names, "; ") + "."
	if gated {
		caption += " Those marked * do not fire in a trajectory where one of their unless: conditions holds on the day."
	}
	return marks, caption
}

// recordPoints are the observations of the scenario's record that keep,
// as points of a fan chart (values times scale).
func (p *page) recordPoints(keep func(*scenario.Observation) bool, scale float64) []obsPoint {
	rec := p.m.Scenario.Record
	if rec == nil {
		return nil
	}
	var pts []obsPoint
	for i := range rec.Observations {
		o := &rec.Observations[i]
		if o.Observed == nil || !keep(o) {
			continue
		}
		pt := obsPoint{day: o.Date.Time.Sub(p.start()).Hours() / 24, v: *o.Observed * scale, lower: o.Model == "lower_bound"}
		if o.Low != nil && o.High != nil {
			pt.lo, pt.hi = *o.Low*scale, *o.High*scale
		}
		pts = append(pts, pt)
	}
	return pts
}

// fans draws the fan charts of the principal rung, the territory of every
// theatre and the losses of the principal actors' main categories.
func (p *page) fans(res *mc.Result) {
	fans := mc.Fans(res)
	m := p.m
	p.section("over-time", "How the crisis develops",
		fmt.Sprintf("Fan charts over the horizon of %s: the median and the bands that hold the middle 50 %% and 90 %% of the trajectories, every %d days. A trajectory that ended (settlement, capitulation, general nuclear war) stays where it ended.",
			horizonWords(p.horizon()), sim.SeriesEvery(p.horizon())))
	if len(fans) == 0 {
		p.body.WriteString("<p class=\"note\">This result holds no time series (it was saved by an older brink); run it again to see them.</p>\n")
		p.endSection()
		return
	}
	rel := m.Relations[m.Principal]
	h := p.horizon()
	var names []string
	for _, r := range m.Scenario.Ladder {
		names = append(names, r.Name)
	}
	rf := fans[0]
	p.body.WriteString("<h3>Escalation</h3>\n")
	firstNuclear := -1
	for r, rung := range m.Scenario.Ladder {
		if rung.NuclearUse {
			firstNuclear = r
			break
		}
	}
	var counts [][]int64
	for _, hh := range res.Series.Rung {
		counts = append(counts, hh.Counts())
	}
	shares := rungShares(counts)
	pair := m.Actors[rel.A[0]] + "–" + m.Actors[rel.A[1]]
	med := int(rf.P50[len(rf.P50)-1])
	p.figure(rungAreaChart(p.id(), "Share of trajectories at each rung of "+pair+" over time",
		fmt.Sprintf("Stacked areas: the share of the trajectories at each rung of the conflict between %s and %s on each date; median rung at the horizon %d (%s).",
			m.Actors[rel.A[0]], m.Actors[rel.A[1]], med, names[med]),
		p.start(), h, res.Series.Days, shares, names, firstNuclear),
		fmt.Sprintf("The rung of the principal relation, %s: the higher of the two sides' rungs. A trajectory that ended stays at the rung where it ended.", esc(pair)))
	if tail := rungTailChart(p.id(), "Share of trajectories at or above each high rung, log scale",
		fmt.Sprintf("Lines on a logarithmic axis: the share of the trajectories at or above each rung above %d (%s) on each date, so that rungs reached by one trajectory in a thousand are seen.", med, names[med]),
		p.start(), h, res.Series.Days, shares, names, med+1, firstNuclear); tail != "" {
		p.figure(tail, "The rare high rungs, which the stacked areas above cannot show: each line is the share of trajectories at that rung or higher, on a logarithmic scale (1 = 1 %, 0.01 = one trajectory in 10,000).")
	}
	byName := map[string]mc.Fan{}
	for _, f := range fans {
		byName[f.Name] = f
	}
	p.body.WriteString("<h3>Territory</h3>\n")
	for _, th := range m.Theatres {
		f := byName["territory:"+th.ID]
		side := m.Actors[th.Actors[0][0]]
		last := len(f.P50) - 1
		title, _ := label.Quantity(m.Scenario, "territory:"+th.ID, "")
		marks, named := p.theatreEvents(th.ID)
		p.figure(fanChart(p.id(), title,
			fmt.Sprintf("Fan chart of the share of theatre %s held by %s's side: median %s at the start, %s at the horizon.", th.ID, side, pct(f.P50[0]), pct(f.P50[last])),
			p.start(), h, f.Days, scaleAll(f.P05, 100), scaleAll(f.P25, 100), scaleAll(f.P50, 100), scaleAll(f.P75, 100), scaleAll(f.P95, 100),
			"share held by "+label.ActorName(m.Scenario, side)+"'s side, %", pctTick, nil, palette[2],
			p.recordPoints(func(o *scenario.Observation) bool { return o.Value == "territory" && o.Theatre == th.ID }, 100),
			"record (range of the sources)", marks),
			fmt.Sprintf("Theatre %s: the share of its ground held by %s's side (at a resolution of 0.5 %%).%s", esc(th.ID), esc(side), named))
	}
	// Losses: for each principal actor, its categories with the largest
	// median losses at the horizon (at most three).
	p.body.WriteString("<h3>Losses</h3>\n")
	nc := len(m.Categories)
	drawn := 0
	for _, a := range rel.A {
		var fs []mc.Fan
		for c := range nc {
			if f, ok := byName["losses:"+m.Actors[a]+":"+m.Categories[c]]; ok {
				fs = append(fs, f)
			}
		}
		slices.SortStableFunc(fs, func(x, y mc.Fan) int {
			lx, ly := x.P50[len(x.P50)-1], y.P50[len(y.P50)-1]
			switch {
			case lx > ly:
				return -1
			case lx < ly:
				return 1
			}
			return 0
		})
		for _, f := range fs[:min(3, len(fs))] {
			cat := strings.TrimPrefix(f.Name, "losses:"+m.Actors[a]+":")
			last := len(f.P50) - 1
			title, unit := label.Quantity(m.Scenario, f.Name, "units")
			p.figure(fanChart(p.id(), title+", cumulative",
				fmt.Sprintf("Fan chart of the cumulative %s lost by %s: median %s %s by the horizon, 90 %% of trajectories between %s and %s.",
					cat, m.Actors[a], quantity(f.P50[last]), unit, quantity(f.P05[last]), quantity(f.P95[last])),
				p.start(), h, f.Days, f.P05, f.P25, f.P50, f.P75, f.P95, unit+" lost (cumulative)", quantity, nil, palette[1],
				p.recordPoints(func(o *scenario.Observation) bool {
					return o.Value == "losses" && o.Actor == m.Actors[a] && o.Category == cat
				}, 1), "record (▲: a count that is a lower bound)", nil),
				fmt.Sprintf("%s since the start, in %s (quantiles interpolated within bins of about 12 %%).", esc(title), esc(unit)))
			drawn++
		}
	}
	if drawn == 0 {
		p.body.WriteString("<p class=\"note\">The principal actors lose no units in at least 95 % of the trajectories.</p>\n")
	}
	p.endSection()
}

func scaleAll(v []float64, k float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = k * x
	}
	return out
}

// maxTraced is how many of the top paths get a traced example.
const maxTraced = 5

// maxStory bounds the events of a traced example shown before the first use.
const maxStory = 30

// pathText writes a path with its rung names: "6 major conventional war → 9 …".
func pathText(ps mc.PathShare) string {
	parts := strings.Split(ps.Path, ">")
	var out []string
	for i, r := range ps.Rungs {
		out = append(out, parts[i]+" "+r)
	}
	return strings.Join(out, " → ")
}

// paths lists the commonest escalation paths to a first nuclear use, and
// tells the story of the first trajectory that followed each.
func (p *page) paths(res *mc.Result, sum *mc.Summary) {
	p.section("paths", "Paths to nuclear use",
		"The commonest sequences of escalation rungs climbed before a first nuclear use (the highest rung of any relation at the start, then each new highest rung), with how the first use came and who made it. The share is of all trajectories with a nuclear use.")
	if res.NuclearUse == 0 {
		p.body.WriteString("<p class=\"note\">No trajectory of this run led to nuclear use.</p>\n")
		p.endSection()
		return
	}
	if len(sum.Paths) == 0 {
		p.body.WriteString("<p class=\"note\">This result holds no paths (it was saved by an older brink); run it again to see them.</p>\n")
		p.endSection()
		return
	}
	p.pathTable(sum.Paths, true)
	if len(res.Paths) > len(sum.Paths) {
		fmt.Fprintf(&p.body, "<p class=\"note\">%d rarer paths are not listed.</p>\n", len(res.Paths)-len(sum.Paths))
	}
	for i, ps := range sum.Paths[:min(maxTraced, len(sum.Paths))] {
		if ps.Example < 0 {
			continue
		}
		p.story(i+1, ps, res.Seed)
	}
	p.endSection()
}

func (p *page) pathTable(paths []mc.PathShare, examples bool) {
	p.body.WriteString("<table class=\"paths\">\n<thead><tr><th>#</th><th>path of rungs</th><th>first use</th><th>by</th><th>trajectories</th><th>share of uses</th>")
	if examples {
		p.body.WriteString("<th>example</th>")
	}
	p.body.WriteString("</tr></thead>\n<tbody>\n")
	for i, ps := range paths {
		fmt.Fprintf(&p.body, "<tr><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>",
			i+1, esc(pathText(ps)), esc(strings.ReplaceAll(ps.Kind, "_", " ")), esc(ps.By), thousands(ps.Count), esc(pct(ps.Share)))
		if examples {
			if i < maxTraced && ps.Example >= 0 {
				fmt.Fprintf(&p.body, "<td><a href=\"#path-%d\">trajectory %d</a></td>", i+1, ps.Example)
			} else if ps.Example >= 0 {
				fmt.Fprintf(&p.body, "<td>trajectory %d</td>", ps.Example)
			} else {
				p.body.WriteString("<td></td>")
			}
		}
		p.body.WriteString("</tr>\n")
	}
	p.body.WriteString("</tbody>\n</table>\n")
}

// story replays the example trajectory of a path and tells it up to the
// first nuclear use, then how it ended.
func (p *page) story(rank int, ps mc.PathShare, seed uint64) {
	o, events, w := mc.Trace(p.m, seed, ps.Example)
	fmt.Fprintf(&p.body, "<article class=\"story\" id=\"path-%d\">\n<h3>Path %d, traced: trajectory %d</h3>\n", rank, rank, ps.Example)
	fmt.Fprintf(&p.body, "<p class=\"path\">%s; first use %s by %s.</p>\n", esc(pathText(ps)), esc(strings.ReplaceAll(ps.Kind, "_", " ")), esc(ps.By))
	useDay := o.FirstUseDay
	var before, after []sim.Event
	for _, e := range events {
		if e.Day <= useDay {
			before = append(before, e)
		} else {
			after = append(after, e)
		}
	}
	if len(before) > maxStory {
		fmt.Fprintf(&p.body, "<p class=\"note\">%d earlier events are left out; <code>%s</code> tells the whole story.</p>\n", len(before)-maxStory, esc(p.traceCommand(ps.Example)))
		before = before[len(before)-maxStory:]
	}
	p.body.WriteString("<ol class=\"events\">\n")
	line := func(e sim.Event) {
		cls := ""
		if strings.Contains(e.Text, "crosses into nuclear use") { // the use itself (sim/nuclearuse.go), not a threat or a red line naming a rung
			cls = " class=\"use\""
		}
		fmt.Fprintf(&p.body, "<li%s><time datetime=\"%s\">%s</time> <span class=\"day\">day %d</span> %s</li>\n",
			cls, w.Date(e.Day).Format("2006-01-02"), w.Date(e.Day).Format("2006-01-02"), e.Day, esc(e.Text))
	}
	for _, e := range before {
		line(e)
	}
	if len(after) > 1 {
		fmt.Fprintf(&p.body, "<li class=\"gap\">… %d more events …</li>\n", len(after)-1)
	}
	if len(after) > 0 {
		line(after[len(after)-1])
	}
	p.body.WriteString("</ol>\n")
	fmt.Fprintf(&p.body, "<p class=\"note\">Ended: %s after %d days, highest rung %d (%s). Replay it with <code>%s</code>.</p>\n</article>\n",
		esc(strings.ReplaceAll(o.End.String(), "_", " ")), o.Days, o.HighestRung, esc(p.m.Scenario.Ladder[o.HighestRung].Name), esc(p.traceCommand(ps.Example)))
}

func (p *page) traceCommand(k int64) string {
	c := fmt.Sprintf("brink trace %s -seed %d -k %d", scenarioArg(p.man), p.man.Seed, k)
	if p.man.Variant != "" {
		c += " -variant " + shellQuote(p.man.Variant)
	}
	return c
}

func (p *page) reproduceRun() string {
	man := p.man
	c := fmt.Sprintf("brink run %s -n %d -seed %d", scenarioArg(man), man.Trajectories, man.Seed)
	if man.Variant != "" {
		c += " -variant " + shellQuote(man.Variant)
	}
	if man.Shards > 1 {
		c += fmt.Sprintf(" -shard %d/%d", man.Shard, man.Shards)
	}
	return c
}

// manifest writes what was run and how to run it again.
func (p *page) manifest(cmd string, extra [][2]string) {
	man := p.man
	p.section("manifest", "What was run, and how to run it again", "")
	p.body.WriteString("<table class=\"manifest\">\n<tbody>\n")
	row := func(k, v string) {
		fmt.Fprintf(&p.body, "<tr><th>%s</th><td>%s</td></tr>\n", esc(k), esc(v))
	}
	row("scenario", joinNonEmpty(" — ", man.Scenario, p.m.Scenario.Title))
	row("scenario file", man.ScenarioFile)
	row("scenario hash (SHA-256)", man.ScenarioHash)
	row("variant", orNone(man.Variant))
	row("seed", fmt.Sprint(man.Seed))
	row("trajectories", fmt.Sprintf("%s requested, %s done", thousands(man.Trajectories), thousands(man.Done)))
	if man.Shards > 1 {
		row("shard", fmt.Sprintf("%d of %d", man.Shard, man.Shards))
	}
	for _, kv := range extra {
		row(kv[0], kv[1])
	}
	row("start and horizon", fmt.Sprintf("%s, %d days (%s), to %s", p.start().Format("2006-01-02"), p.horizon(), horizonWords(p.horizon()), p.lastDate()))
	row("brink version", man.Brink)
	row("started", man.Started.UTC().Format("2006-01-02 15:04:05 UTC"))
	row("finished", man.Finished.UTC().Format("2006-01-02 15:04:05 UTC"))
	row("format", man.Format)
	p.body.WriteString("</tbody>\n</table>\n")
	fmt.Fprintf(&p.body, "<p>To reproduce it, byte for byte, with the same version of brink:</p>\n<pre class=\"command\"><code>%s</code></pre>\n", esc(cmd))
	p.body.WriteString("<p class=\"note\">The scenario's full text, from which the hash above is computed, is kept in the results directory's manifest.json and below.</p>\n")
	fmt.Fprintf(&p.body, "<details class=\"scenario\"><summary>Scenario text (%s)</summary>\n<pre>%s</pre>\n</details>\n", esc(man.ScenarioFile), esc(man.ScenarioText))
	p.endSection()
}

func orNone(s string) string {
	if s == "" {
		return "none (the scenario as written)"
	}
	return s
}

// html assembles the page.
func (p *page) html() string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
	fmt.Fprintf(&b, "<title>%s — brink report</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", esc(p.title), style)
	fmt.Fprintf(&b, "<header>\n<p class=\"kicker\">brink report · %s</p>\n<h1>%s</h1>\n", esc(p.kind()), esc(p.title))
	if p.partial {
		b.WriteString("<p class=\"partial\">PARTIAL: the run was interrupted; these figures are of the trajectories that finished.</p>\n")
	}
	b.WriteString(p.head.String())
	b.WriteString("</header>\n")
	b.WriteString(p.body.String())
	b.WriteString("<footer><p>Written by brink from the results directory alone: no file or font is fetched to show this page.</p></footer>\n")
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.String()
}

func (p *page) kind() string {
	switch p.man.Format {
	case compareFormat:
		return "comparison of variants"
	case sweepFormat:
		return "sensitivity sweep"
	case evidence.ValidateFormat:
		return "validation against the record"
	case evidence.InferFormat:
		return "inference from the record"
	}
	return "run"
}

const style = `:root { --ink: #1a1a1a; --muted: #5a5a5a; --rule: #d8d8d8; --accent: #0072b2; --warn: #b00020; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 820px; margin: 0 auto; padding: 24px 20px 48px; }
header { border-bottom: 2px solid var(--ink); margin-bottom: 24px; padding-bottom: 12px; }
.kicker { color: var(--muted); text-transform: uppercase; letter-spacing: .06em; font-size: 12px; margin: 0; }
h1 { font-size: 24px; line-height: 1.25; margin: 4px 0 16px; }
h2 { font-size: 19px; margin: 36px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 24px 0 6px; }
.question { font-size: 17px; margin: 8px 0; }
.answer { font-size: 22px; font-weight: 650; margin: 8px 0; }
.tag { display: inline-block; min-width: 5.5em; font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .05em; color: var(--accent); vertical-align: middle; }
.basis, .note, figcaption { color: var(--muted); font-size: 13px; }
.partial { color: var(--warn); font-weight: 700; }
figure { margin: 16px 0 20px; }
svg.chart { display: block; max-width: 100%; height: auto; font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg .grid { stroke: #ececec; stroke-width: 1; }
svg .axis { stroke: #333; stroke-width: 1; }
svg .whisker { stroke: #1a1a1a; stroke-width: 1.3; }
svg .tick { fill: #444; font-size: 11px; }
svg .tick.sub { fill: #888; font-size: 10px; }
svg .label { fill: #1a1a1a; font-size: 12px; }
svg .label.head { font-weight: 600; }
svg .value { fill: #333; font-size: 11px; }
svg .legend { fill: #1a1a1a; font-size: 12px; }
svg .axis-title { fill: #333; font-size: 12px; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { border-bottom: 1.5px solid var(--ink); font-weight: 600; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.count { color: var(--muted); }
.wide { overflow-x: auto; }
.wide table { width: auto; min-width: 100%; }
td .ci { display: block; color: var(--muted); font-size: 12px; }
table.manifest th { width: 13em; font-weight: 600; }
table.manifest td { word-break: break-all; }
.story { border-left: 3px solid var(--rule); padding-left: 12px; margin: 16px 0; }
.story .path { font-weight: 600; }
ol.events { list-style: none; padding: 0; margin: 8px 0; font-size: 13px; }
ol.events li { padding: 2px 0; }
ol.events li.use { font-weight: 700; color: var(--warn); }
ol.events li.gap { color: var(--muted); font-style: italic; }
ol.events time { font-variant-numeric: tabular-nums; color: var(--muted); }
ol.events .day { display: inline-block; min-width: 5.5em; color: var(--muted); }
pre { background: #f6f6f6; padding: 10px 12px; overflow-x: auto; font-size: 12.5px; border-radius: 3px; }
pre.command { font-size: 14px; }
details.scenario pre { max-height: 32em; }
ul.warnings { color: var(--warn); font-size: 13px; padding-left: 18px; }
td.part { padding-left: 24px; }
.grid2 { display: flex; flex-wrap: wrap; gap: 8px 20px; }
.grid2 svg.chart { flex: 0 1 370px; }
details > summary { cursor: pointer; color: var(--accent); margin: 8px 0; }
footer { margin-top: 40px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 12px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, table, .story { break-inside: avoid; }
  details.scenario { display: none; }
  a { color: inherit; text-decoration: none; }
}
`
