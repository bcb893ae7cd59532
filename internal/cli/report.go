package cli

import (
	"context"
	"fmt"
	"path/filepath"

	"brink/report"
)

const reportHelp = `
Writes the results directory DIR of a run, a comparison (brink compare -out)
or a sweep (brink sweep -out) as one self-contained HTML page, DIR/report.html:
the question and the answer in one sentence each, then the outcome
probabilities with their 95 % intervals (per variant side by side for a
comparison), the probability of a first nuclear use by date (deliberate and
inadvertent apart), fan charts of the escalation rung, territory and losses
over time, the commonest paths to nuclear use each with a traced example
trajectory, the sensitivity indices of a sweep as a tornado chart, and last
the manifest and the command that reproduces the run.

The page needs nothing else: its charts are inline SVG, its style is inline,
and it makes no request. The same directory gives the same bytes. Open it in
any browser, or print it.

Examples:
  brink run -n 20000 -out runs/base && brink report runs/base
  brink compare -variants bluff,heartland -out runs/cmp && brink report runs/cmp
  brink report brink-runs/20261126T183005Z-ukraine-2022-s1
`

func reportCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "report", "DIR", reportHelp)
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return usageError(fs, "expected one results directory, got %d", len(pos))
	}
	dir := pos[0]
	if err := report.Write(dir); err != nil {
		fmt.Fprintf(env.Stderr, "brink report: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(env.Stdout, "%s\n", filepath.Join(dir, report.File))
	return exitOK
}
