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
	_, err := io.WriteString(out, b.String())
	return err
}
