package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"brink/scenario"
)

const scenariosHelp = `
Lists the built-in scenarios with their variants. Use an id wherever a scenario
file is expected.

Examples:
  brink scenarios
  brink run ukraine-2022 -variant heartland
`

func scenariosCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "scenarios", "", scenariosHelp)
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(fs, "scenarios takes no arguments")
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "ID\tTITLE\tVARIANTS\n")
	for _, id := range scenario.BuiltinIDs() {
		sc, err := scenario.Builtin(id)
		if err != nil {
			fmt.Fprintln(env.Stderr, err)
			return exitFail
		}
		vs := ""
		for i, v := range sc.Variants {
			if i > 0 {
				vs += ", "
			}
			vs += v.ID
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", sc.ID, sc.Title, vs)
	}
	tw.Flush()
	return exitOK
}
