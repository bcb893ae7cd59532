package cli

import (
	"context"
	"fmt"

	"brink/scenario"
)

const schemaHelp = `
Prints the JSON Schema (draft 2020-12) of scenario files, so that editors can
validate and complete them. With the YAML language server, for example, put
this first line in a scenario file:

  # yaml-language-server: $schema=brink-scenario.schema.json

Examples:
  brink schema > brink-scenario.schema.json
`

func schemaCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "schema", "", schemaHelp)
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(fs, "schema takes no arguments")
	}
	b, err := scenario.Schema()
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitFail
	}
	env.Stdout.Write(b)
	return exitOK
}
