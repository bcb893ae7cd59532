package mc

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"brink/sim"
)

// WriteTrace replays trajectory k of seed and tells it as a dated story: what
// it drew for the scenario's uncertain numbers, every event by day, how it
// ended, territory and losses. It is what 'brink trace' prints and what the
// dashboard's trace viewer shows.
func WriteTrace(out io.Writer, m *sim.Model, seed uint64, k int64) error {
	sc := m.Scenario
	o, events, w := Trace(m, seed, k)
	var b strings.Builder
	name := sc.ID
	if sc.Variant != "" {
		name += " [variant " + sc.Variant + "]"
	}
	fmt.Fprintf(&b, "%s, seed %d, trajectory %d\n\n", name, seed, k)
	if names := m.UncertainNames(); len(names) > 0 {
		// What this trajectory drew for the numbers the scenario leaves uncertain.
		fmt.Fprintf(&b, "Drawn for this trajectory:\n")
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for i, p := range names {
			fmt.Fprintf(tw, "  %s\t%.4g\n", p, w.Sampled()[i])
		}
		tw.Flush()
		b.WriteString("\n")
	}
	for _, e := range events {
		fmt.Fprintf(&b, "day %4d (%s): %s\n", e.Day, w.Date(e.Day).Format("2006-01-02"), e.Text)
	}
	fmt.Fprintf(&b, "\nEnd: %s after %d days; highest rung %d (%s); escalation path %s", o.End, o.Days, o.HighestRung, sc.Ladder[o.HighestRung].Name, o.PathString(o.PathLen))
	if o.NuclearUse {
		fmt.Fprintf(&b, "; first nuclear use on day %d by %s (%s)", o.FirstUseDay, m.Actors[o.FirstUseBy], o.FirstUseKind)
	}
	b.WriteString("\n")
	for i, t := range m.Theatres {
		fmt.Fprintf(&b, "Territory of %s held by %s's side: %.1f %%\n", t.ID, m.Actors[t.Actors[0][0]], 100*o.Territory[i])
	}
	nc := len(m.Categories)
	for a := range m.Actors {
		var parts []string
		for c := range nc {
			if l := o.Losses[a*nc+c]; l > 0 {
				parts = append(parts, fmt.Sprintf("%s %.0f", m.Categories[c], l))
			}
		}
		if len(parts) > 0 {
			fmt.Fprintf(&b, "Losses of %s: %s\n", m.Actors[a], strings.Join(parts, ", "))
		}
	}
	var killed []string
	for a, x := range o.Casualties {
		if x > 0 {
			killed = append(killed, fmt.Sprintf("%s %.3g", m.Actors[a], x))
		}
	}
	if len(killed) > 0 {
		fmt.Fprintf(&b, "Killed by nuclear strikes, millions: %s\n", strings.Join(killed, ", "))
	}
	if m.HasWorld() {
		writeWorldEnd(&b, m, w, o)
	}
	_, err := io.WriteString(out, b.String())
	return err
}

// writeWorldEnd tells where the world around the war stood at the end.
func writeWorldEnd(b *strings.Builder, m *sim.Model, w *sim.World, o *sim.Outcome) {
	if t := m.SanctionsTarget(); t >= 0 {
		fmt.Fprintf(b, "Sanctions coalition against %s: %d members at the end, %d at most\n", m.Actors[t], o.SanctionsSize, o.SanctionsMax)
	}
	var gdp []string
	for a := range m.Actors {
		if m.HasEconomy(a) && o.GDPLost[a] > 0 {
			now, base := w.GDP(a)
			gdp = append(gdp, fmt.Sprintf("%s %.3g (now %.0f %% below its path)", m.Actors[a], o.GDPLost[a], 100*(1-now/base)))
		}
	}
	if len(gdp) > 0 {
		fmt.Fprintf(b, "GDP lost, US$ trillions: %s\n", strings.Join(gdp, ", "))
	}
	als := m.Alliances()
	if o.End == sim.EndNuclearWar {
		b.WriteString("After the general nuclear war only the economies and the sanctions run on to the horizon; accessions, programmes and guarantees stand as the war left them\n")
	}
	for a := range m.Actors {
		if k := o.Joined[a]; k >= 0 {
			fmt.Fprintf(b, "%s joined %s on %s\n", m.Actors[a], als[k], w.Date(o.JoinDay[a]).Format("2006-01-02"))
		} else if k := o.Applied[a]; k >= 0 {
			fmt.Fprintf(b, "%s applied to %s; not yet admitted\n", m.Actors[a], als[k])
		}
		if o.Prolif[a] != sim.ProlifNone {
			fmt.Fprintf(b, "%s: nuclear programme begun on %s, at the end: %s\n", m.Actors[a], w.Date(o.ProgrammeDay[a]).Format("2006-01-02"), sim.ProlifStateName(o.Prolif[a]))
		}
		if o.RegimeChanges[a] > 0 {
			fmt.Fprintf(b, "%s: %d change(s) of leadership, the first a %s on %s\n", m.Actors[a], o.RegimeChanges[a], o.RegimeKind[a], w.Date(o.RegimeDay[a]).Format("2006-01-02"))
		}
	}
	for k, al := range als {
		fmt.Fprintf(b, "Credibility of %s's guarantee at the end: %.2f\n", al, o.Credibility[k])
	}
}
