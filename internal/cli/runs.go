package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"brink/results"
)

const runsHelp = `
Lists the runs kept in the catalog, newest first: a small SQLite database that
indexes results directories (brink run -out DIR, brink merge -out DIR). The
catalog only copies what the directories hold, so 'brink runs rebuild'
recreates it from them if it is lost. A run's id is the first 12 hex digits of
the SHA-256 of its directory's absolute path; any unique prefix of 4 or more
digits will do.

The catalog is catalog.sqlite in ./brink-runs (or $BRINK_RUNS), or $BRINK_CATALOG, or -catalog.

  brink runs [-scenario ID] [-variant NAME] [-json]   list the runs
  brink runs show [-json] ID                          a run's manifest and summary
  brink runs rm [-files] ID...                        forget runs (-files: delete their directories)
  brink runs rebuild [DIR...]                         catalogue the results directories under DIR
                                                      (default ./brink-runs) afresh; runs catalogued
                                                      elsewhere stay, those whose directory is gone
                                                      are forgotten and named

Examples:
  brink runs
  brink runs -scenario ukraine-2022 -variant bluff -json
  brink runs show 3fa2c1
  brink runs rm -files 3fa2c1
  brink runs rebuild brink-runs /scratch/old-runs
  BRINK_CATALOG=/data/catalog.sqlite brink runs
`

func runsCmd(ctx context.Context, env *Env, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "show":
			return runsShowCmd(env, args[1:])
		case "rm":
			return runsRmCmd(env, args[1:])
		case "rebuild":
			return runsRebuildCmd(env, args[1:])
		case "list", "ls":
			args = args[1:]
		}
	}
	fs := newFlags(env, "runs", "[show|rm|rebuild] [-catalog PATH] [-json] ...", runsHelp)
	catalog := catalogFlag(fs)
	asJSON := fs.Bool("json", false, "print the runs as JSON")
	scen := fs.String("scenario", "", "only the runs of this scenario `id`")
	variant := fs.String("variant", "", "only the runs of this variant")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		switch pos[0] {
		case "show", "rm", "rebuild":
			return usageError(fs, "put %q first: brink runs %s [flags] ...", pos[0], pos[0])
		}
		return usageError(fs, "unknown subcommand %q (show, rm, rebuild)", pos[0])
	}
	c, code := openCatalogFor(env, "runs", *catalog, false)
	if c == nil {
		if code == exitOK && *asJSON {
			fmt.Fprintln(env.Stdout, "[]")
		}
		return code
	}
	defer c.Close()
	runs, err := c.List(results.Filter{Scenario: *scen, Variant: *variant})
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink runs: %v\n", err)
		return exitFail
	}
	if *asJSON {
		if runs == nil {
			runs = []*results.Run{}
		}
		return writeJSON(env, "runs", runs)
	}
	if len(runs) == 0 {
		fmt.Fprintf(env.Stderr, "brink runs: no runs in the catalog %s\n", c.Path())
		return exitOK
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "ID\tWHEN\tSCENARIO\tVARIANT\tSHARD\tN\tPARTIAL\tP(NUCLEAR USE) [95 %% INTERVAL]\n")
	for _, r := range runs {
		when := r.Finished
		if when.IsZero() {
			when = r.Started
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.ID, whenText(when), r.Scenario, orDash(r.Variant),
			shardText(r), r.Done, map[bool]string{true: "PARTIAL", false: "-"}[r.Partial], figureText(r.NuclearUse))
	}
	if err := tw.Flush(); err != nil {
		return exitFail
	}
	return exitOK
}

const runsShowHelp = `
Prints what the catalog records of a run (the fields of its manifest and the
headline figures) and then the run's summary.txt. ID is a run's id or a unique
prefix of it (4 digits or more), as 'brink runs' lists them.

Examples:
  brink runs show 3fa2c1
  brink runs show -json 3fa2c1d0e9b7
`

func runsShowCmd(env *Env, args []string) int {
	fs := newFlags(env, "runs show", "[-catalog PATH] [-json] ID", runsShowHelp)
	catalog := catalogFlag(fs)
	asJSON := fs.Bool("json", false, "print the catalog's record of the run as JSON, without the summary")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return usageError(fs, "expected one run id, got %d", len(pos))
	}
	c, code := openCatalogFor(env, "runs show", *catalog, false)
	if c == nil {
		if code == exitOK {
			fmt.Fprintf(env.Stderr, "brink runs show: no run %q: the catalog %s does not exist\n", pos[0], catalogPathOf(*catalog))
			return exitUsage
		}
		return code
	}
	defer c.Close()
	r, err := c.Get(pos[0])
	if err != nil {
		return runLookupError(env, "runs show", err)
	}
	if *asJSON {
		return writeJSON(env, "runs show", r)
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	field := func(name, format string, args ...any) {
		fmt.Fprintf(tw, "%s\t"+format+"\n", append([]any{name}, args...)...)
	}
	field("id", "%s", r.ID)
	field("directory", "%s", r.Dir)
	if r.Title != "" {
		field("scenario", "%s — %s", r.Scenario, r.Title)
	} else {
		field("scenario", "%s", r.Scenario)
	}
	field("scenario file", "%s", orDash(r.ScenarioFile))
	field("scenario hash", "%s", r.ScenarioHash)
	field("variant", "%s", orDash(r.Variant))
	field("seed", "%d", r.Seed)
	field("trajectories", "%d done of %d requested", r.Done, r.Trajectories)
	field("partial", "%s", map[bool]string{true: "yes", false: "no"}[r.Partial])
	field("shard", "%s", shardText(r))
	field("started", "%s", timeField(r.Started))
	field("finished", "%s", timeField(r.Finished))
	field("brink version", "%s", orDash(r.Brink))
	field("catalogued", "%s", timeField(r.Added))
	field("P(nuclear use)", "%s", figureText(r.NuclearUse))
	field("P(general nuclear war)", "%s", figureText(r.GeneralNuclearWar))
	field("P(settlement)", "%s", figureText(r.Settlement))
	field("P(direct war)", "%s", figureText(r.DirectWar))
	tw.Flush()
	b.WriteString("\n")
	fmt.Fprint(env.Stdout, b.String())
	text, err := os.ReadFile(filepath.Join(r.Dir, results.SummaryTextFile))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(env.Stderr, "brink runs show: %s has no %s: moved or deleted? ('brink runs rebuild' catalogues the directories that are there)\n", r.Dir, results.SummaryTextFile)
		} else {
			fmt.Fprintf(env.Stderr, "brink runs show: %v\n", err)
		}
		return exitFail
	}
	env.Stdout.Write(text)
	return exitOK
}

const runsRmHelp = `
Removes runs from the catalog. With -files their results directories are
deleted too, but only a directory that still holds a manifest and nothing but
the files of a results directory; a directory already gone is no error. Every
ID is looked up before anything is removed.

Examples:
  brink runs rm 3fa2c1
  brink runs rm -files 3fa2c1 77e0d4
`

func runsRmCmd(env *Env, args []string) int {
	fs := newFlags(env, "runs rm", "[-catalog PATH] [-files] ID...", runsRmHelp)
	catalog := catalogFlag(fs)
	files := fs.Bool("files", false, "delete the runs' results directories too")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return usageError(fs, "no run id given")
	}
	c, code := openCatalogFor(env, "runs rm", *catalog, false)
	if c == nil {
		if code == exitOK {
			fmt.Fprintf(env.Stderr, "brink runs rm: no run %q: the catalog %s does not exist\n", pos[0], catalogPathOf(*catalog))
			return exitUsage
		}
		return code
	}
	defer c.Close()
	var ids []string
	for _, id := range pos {
		r, err := c.Get(id)
		if err != nil {
			return runLookupError(env, "runs rm", err)
		}
		ids = append(ids, r.ID)
	}
	for _, id := range ids {
		r, err := c.Remove(id, *files)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink runs rm: %v\n", err)
			return exitFail
		}
		if *files {
			fmt.Fprintf(env.Stdout, "removed %s and deleted %s\n", r.ID, r.Dir)
		} else {
			fmt.Fprintf(env.Stdout, "removed %s (%s is left as it is)\n", r.ID, r.Dir)
		}
	}
	return exitOK
}

const runsRebuildHelp = `
Recreates the catalog from the results directories themselves: it empties the
catalog and adds every directory holding manifest.json and summary.json found
under the DIRs, at any depth (default: ./brink-runs). Use it when the catalog
is lost or damaged, or after moving runs around. A directory that cannot be
read is reported and skipped (exit status 1); the others are catalogued.

Examples:
  brink runs rebuild
  brink runs rebuild -catalog /data/catalog.sqlite /data/runs /scratch/runs
`

func runsRebuildCmd(env *Env, args []string) int {
	fs := newFlags(env, "runs rebuild", "[-catalog PATH] [DIR...]", runsRebuildHelp)
	catalog := catalogFlag(fs)
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		pos = []string{results.RunsRoot()}
	}
	for _, d := range pos {
		st, err := os.Stat(d)
		if err != nil || !st.IsDir() {
			return usageError(fs, "%s: no such directory", d)
		}
	}
	c, code := openCatalogFor(env, "runs rebuild", *catalog, true)
	if c == nil {
		return code
	}
	defer c.Close()
	n, err := c.Rebuild(pos...)
	var rerr *results.RebuildError
	if err != nil && !errors.As(err, &rerr) {
		fmt.Fprintf(env.Stderr, "brink runs rebuild: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(env.Stdout, "catalogued %d run%s from %s and the catalog in %s\n", n, map[bool]string{true: "", false: "s"}[n == 1], strings.Join(pos, ", "), c.Path())
	if rerr != nil {
		fmt.Fprintf(env.Stderr, "brink runs rebuild: %v\n", rerr)
		if len(rerr.Skipped) > 0 {
			return exitFail
		}
	}
	return exitOK
}

func catalogFlag(fs *flag.FlagSet) *string {
	return fs.String("catalog", "", "the catalog `path` (default $"+results.CatalogEnv+", else ./"+results.DefaultCatalogPath+")")
}

// catalogPathOf is the catalog that -catalog names, or the default one.
func catalogPathOf(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	return results.CatalogPath()
}

// openCatalogFor opens the catalog for a command. Unless create is set, a
// catalog that does not exist is not created: it returns nil and exitOK, and
// the command says what that means for it.
func openCatalogFor(env *Env, cmd, flagValue string, create bool) (*results.Catalog, int) {
	path := catalogPathOf(flagValue)
	if !create {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			if cmd == "runs" {
				fmt.Fprintf(env.Stderr, "brink runs: no catalog at %s yet: no runs kept (brink run -out DIR keeps one; brink runs rebuild finds those kept)\n", path)
			}
			return nil, exitOK
		}
	}
	c, err := results.OpenCatalog(path)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink %s: %v\n", cmd, err)
		if create {
			fmt.Fprintf(env.Stderr, "(if the catalog is damaged, delete %s and run 'brink runs rebuild' again)\n", path)
		}
		return nil, exitFail
	}
	return c, exitOK
}

// runLookupError reports an id that is not in the catalog (exit status 2), or
// a failure to read the catalog (1).
func runLookupError(env *Env, cmd string, err error) int {
	fmt.Fprintf(env.Stderr, "brink %s: %v\n", cmd, err)
	if errors.Is(err, results.ErrNotFound) || errors.Is(err, results.ErrAmbiguous) {
		fmt.Fprintf(env.Stderr, "('brink runs' lists the runs and their ids)\n")
		return exitUsage
	}
	return exitFail
}

func writeJSON(env *Env, cmd string, v any) int {
	e := json.NewEncoder(env.Stdout)
	e.SetIndent("", "  ")
	if err := e.Encode(v); err != nil {
		fmt.Fprintf(env.Stderr, "brink %s: %v\n", cmd, err)
		return exitFail
	}
	return exitOK
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func shardText(r *results.Run) string {
	if r.Shards <= 1 {
		return "-"
	}
	return fmt.Sprintf("%d/%d", r.Shard, r.Shards)
}

func figureText(f *results.Figure) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprintf("%6.2f %% [%6.2f, %6.2f]", 100*f.P, 100*f.Lo, 100*f.Hi)
}

// whenText is a time for the list, in local time, to the minute.
func whenText(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func timeField(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04:05 MST")
}
