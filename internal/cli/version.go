package cli

import (
	"context"
	"fmt"
	"runtime"

	"brink/results"
)

const versionHelp = `
Prints brink's version: the module version and, for a binary built from a
git checkout, its commit (marked modified if the checkout had changes), then
the Go version it was built with. Every results directory records the same
version in its manifest.json.

Examples:
  brink version
`

func versionCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "version", "", versionHelp)
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(fs, "expected no arguments, got %q", pos[0])
	}
	fmt.Fprintf(env.Stdout, "brink %s (%s)\n", results.Version(), runtime.Version())
	return exitOK
}

// suggest is the command nearest to a mistyped one — within two edits, or
// one it begins — or "" if none is near.
func suggest(name string) string {
	best, bestD := "", 3
	for _, c := range commands() {
		d := editDistance(name, c.name)
		if len(name) >= 2 && len(name) < len(c.name) && c.name[:len(name)] == name {
			d = min(d, 1)
		}
		if d < bestD {
			best, bestD = c.name, d
		}
	}
	if bestD > 1 && len(name) <= 3 {
		return "" // two edits of a short word can reach anything
	}
	return best
}

// editDistance is the Levenshtein distance between a and b (insertions,
// deletions and substitutions of bytes; a swap of two neighbours counts as
// one, after Damerau).
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
