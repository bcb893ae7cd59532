package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"brink/mc"
)

const traceHelp = `
Replays one trajectory of a run — trajectory K of seed S, exactly as 'brink run'
simulated it — and tells it as a dated story: what each actor chose and with
what probability, false alarms and how far up the chain they got, red lines
crossed, fighting, and how it ended.

Examples:
  brink trace -seed 1 -k 42
  brink trace -variant incompetence -seed 3 -k 0
  brink trace my-crisis.yaml -seed 1 -k 7
`

func traceCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "trace", "[FILE] -seed S -k K [-variant NAME]", traceHelp)
	seed := fs.Uint64("seed", 1, "master seed of the run")
	k := fs.Int64("k", 0, "index of the trajectory (0-based)")
	variant := fs.String("variant", "", "apply the named variant of the scenario")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) > 1 {
		return usageError(fs, "expected at most one scenario, got %d", len(pos))
	}
	if *k < 0 {
		return usageError(fs, "-k must be 0 or more, got %d", *k)
	}
	sc, m, ok := loadModel(env, pos, *variant)
	if !ok {
		return exitUsage
	}
	o, events, w := mc.Trace(m, *seed, *k)
	var b strings.Builder
	name := sc.ID
	if sc.Variant != "" {
		name += " [variant " + sc.Variant + "]"
	}
	fmt.Fprintf(&b, "%s, seed %d, trajectory %d\n\n", name, *seed, *k)
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
	fmt.Fprint(env.Stdout, b.String())
	return exitOK
}
