// Package cli is the brink command line: one file per subcommand, each with its
// own flag set and help text with examples.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"brink/scenario"
	"brink/sim"
)

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1 // the run failed (I/O, interrupted before anything finished)
	exitUsage = 2 // misuse of the command line, or an invalid scenario
)

// Env is what a command sees of the world.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// StderrIsTerminal turns the progress bar on.
	StderrIsTerminal bool
	// ProgressEvery, when stderr is not a terminal, is how often a long
	// command writes a progress line (done, rate, ETA); 0: never.
	ProgressEvery time.Duration
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) int
}

func commands() []command {
	return []command{
		{"run", "run a scenario many times and report outcome probabilities", runCmd},
		{"trace", "tell one trajectory as a dated story", traceCmd},
		{"merge", "merge the results of the shards of a run", mergeCmd},
		{"compare", "compare variants with the baseline on common random numbers", compareCmd},
		{"report", "write a results directory as one self-contained HTML page", reportCmd},
		{"calibrate", "fit combat, learning and production parameters to observed losses", calibrateCmd},
		{"validate", "score a scenario against its record of what happened", validateCmd},
		{"infer", "weigh a scenario's assumptions by its record: posteriors, Bayes factors, forecasts", inferCmd},
		{"sweep", "vary parameters over a design and rank their influence on an outcome", sweepCmd},
		{"discover", "find the region of the assumptions where an outcome is likely (PRIM), from a run's rows", discoverCmd},
		{"plan", "print a Slurm job array or a Kubernetes Job that runs the shards", planCmd},
		{"runs", "list, show and remove the runs kept in the catalog", runsCmd},
		{"serve", "serve a dashboard in the browser: runs, reports, an editor, live runs, traces", serveCmd},
		{"check", "validate scenario files without running them", checkCmd},
		{"schema", "print the JSON Schema of scenario files", schemaCmd},
		{"scenarios", "list the built-in scenarios", scenariosCmd},
		{"version", "print brink's version", versionCmd},
	}
}

const usageHead = `brink simulates crises between nuclear-armed states, many times over,
and reports how likely each outcome is, with error bars.

Usage:
  brink <command> [flags] [arguments]

Commands:
`

const usageTail = `
Examples:
  brink run                          # the built-in ukraine-2022 scenario, 10,000 trajectories
  brink run -n 100000 -variant bluff # one of its variants
  brink trace -seed 1 -k 42          # the story of trajectory 42
  brink check my-crisis.yaml
  brink run -n 1000000 -shard 3/10 -out runs/s3   # one shard of ten, on a cluster node
  brink merge runs/s*                             # the ten shards, as if run together
  brink plan slurm -n 1000000 -shards 10 > s.sh   # the same, as a Slurm job array
  brink runs                                      # the runs kept, newest first
  brink calibrate -n 2000 -iterations 600 -out fit.yaml      # fit ukraine-2022 to Oryx losses
  brink sweep -params actors.RUS.politics.resolve,theatres.ukraine.defence_advantage   # which matters more
  brink compare -variants bluff,heartland -n 20000   # variants against the baseline, paired
  brink validate cuba-1962                         # the scenario against its historical record
  brink infer -variants bluff,heartland            # which assumptions the record of 2022-23 favours
  brink discover runs/base -outcome nuclear_use   # which assumptions make nuclear use likely (run -rows)
  brink report brink-runs/<dir>                    # the run as one HTML page, report.html
  brink serve                                        # a dashboard at http://127.0.0.1:8080/

Run 'brink <command> -h' for the flags of a command.
`

func usage(w io.Writer) {
	fmt.Fprint(w, usageHead)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, usageTail)
}

// Main runs the command line and returns the exit status.
func Main(ctx context.Context, args []string, env *Env) int {
	if len(args) == 0 {
		usage(env.Stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(env.Stdout)
		return exitOK
	case "-version", "--version":
		return versionCmd(ctx, env, nil)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	fmt.Fprintf(env.Stderr, "brink: unknown command %q\n", args[0])
	if s := suggest(args[0]); s != "" {
		fmt.Fprintf(env.Stderr, "Did you mean 'brink %s'?\n", s)
	}
	fmt.Fprintln(env.Stderr)
	usage(env.Stderr)
	return exitUsage
}

// newFlags makes a flag set whose -h prints the command's help with examples.
func newFlags(env *Env, name, synopsis, help string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\n\n%s\n", strings.TrimSpace("Usage: brink "+name+" "+synopsis), strings.TrimSpace(help))
		var any bool
		fs.VisitAll(func(*flag.Flag) { any = true })
		if any {
			fmt.Fprintf(fs.Output(), "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args, allowing flags after the positional arguments too
// (brink run my.yaml -n 1000). It returns the positional arguments, or an exit
// status when it has already answered (help or misuse).
func parseFlags(fs *flag.FlagSet, args []string, env *Env) ([]string, int, bool) {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(env.Stdout) // asked-for help goes to stdout, errors to stderr
			break
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usageError prints a message and the command's usage, for exit status 2.
func usageError(fs *flag.FlagSet, format string, args ...any) int {
	fmt.Fprintf(fs.Output(), "brink %s: %s\n\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return exitUsage
}

// loadModel loads the scenario named by the command's positional argument
// (none: the default built-in), applies the variant and compiles it. On a
// problem it prints it and returns ok false: the command exits 2.
func loadModel(env *Env, pos []string, variant string) (sc *scenario.Scenario, m *sim.Model, ok bool) {
	arg := ""
	if len(pos) == 1 {
		arg = pos[0]
	}
	sc, err := loadScenario(arg, variant)
	if err == nil {
		m, err = sim.Compile(sc)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return nil, nil, false
	}
	return sc, m, true
}

// loadScenario opens a scenario file, or a built-in by its id; the default
// built-in when arg is empty. It applies the variant if one is named.
func loadScenario(arg, variant string) (*scenario.Scenario, error) {
	var (
		sc  *scenario.Scenario
		err error
	)
	switch {
	case arg == "":
		sc, err = scenario.Builtin(scenario.DefaultID)
	case fileExists(arg):
		sc, err = scenario.LoadFile(arg)
	case scenario.IsBuiltin(arg):
		sc, err = scenario.Builtin(arg)
	case strings.ContainsAny(arg, `/\`) || filepath.Ext(arg) != "":
		return nil, fmt.Errorf("%s: no such file", arg)
	default:
		return nil, fmt.Errorf("%q is neither a file nor a built-in scenario (built-ins: %s)", arg, strings.Join(scenario.BuiltinIDs(), ", "))
	}
	if err != nil {
		return nil, err
	}
	if variant != "" {
		return sc.WithVariant(variant)
	}
	return sc, nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
