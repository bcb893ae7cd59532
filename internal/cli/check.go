package cli

import (
	"context"
	"fmt"

	"brink/mc"
)

const checkHelp = `
Validates scenario files without running them: the format, every reference
between sections, and every variant. Each problem is reported with file, line,
column and field, the line itself with a caret, and what was expected. Exits 2
if any file has a problem.

Examples:
  brink check my-crisis.yaml
  brink check scenarios/*.yaml
  brink check ukraine-2022        # a built-in
`

func checkCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "check", "FILE...", checkHelp)
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return usageError(fs, "no scenario file given")
	}
	status := exitOK
	for _, p := range pos {
		if err := checkOne(p); err != nil {
			fmt.Fprintln(env.Stderr, err)
			status = exitUsage
			continue
		}
		fmt.Fprintf(env.Stdout, "%s: ok\n", p)
	}
	return status
}

// checkOne loads a scenario and every one of its variants, and compiles them
// as brink run does.
func checkOne(p string) error {
	sc, err := loadScenario(p, "")
	if err != nil {
		return err
	}
	return mc.Check(sc)
}
