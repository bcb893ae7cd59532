package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"

	"brink/report"
	"brink/web"
)

const serveHelp = `
Serves a dashboard in the browser: the runs kept in the catalog, a run's
report, a scenario editor that checks the text as you type (the messages of
'brink check') and shows its variants, runs launched from it with their
progress and summary filling in live (a cancelled run keeps what finished,
marked partial), and a trace viewer for one trajectory.

It listens on 127.0.0.1:8080 unless -addr says otherwise. It has no
passwords: an address other machines can reach needs -public, and anyone who
can reach it can read the runs and start new ones. Runs are kept where
'brink run' keeps them ($BRINK_RUNS or ./brink-runs) and catalogued there.
Ctrl-C stops it; runs going are cancelled and their partial results kept.

Examples:
  brink serve                          # then open http://127.0.0.1:8080/
  brink serve -addr 127.0.0.1:9000
  brink serve -addr 0.0.0.0:8080 -public   # reachable from other machines
`

// defaultServeAddr is where brink serve listens unless told otherwise.
const defaultServeAddr = "127.0.0.1:8080"

func serveCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "serve", "[-addr HOST:PORT] [-public] [-max-runs N]", serveHelp)
	addr := fs.String("addr", defaultServeAddr, "listen on this `host:port`")
	public := fs.Bool("public", false, "allow an -addr that other machines can reach (there is no authentication)")
	maxRuns := fs.Int("max-runs", 2, "how many runs may go at once")
	maxN := fs.Int64("max-n", 1_000_000, "the most trajectories a run from the dashboard may ask for")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(fs, "takes no arguments, got %q", strings.Join(pos, " "))
	}
	if *maxRuns < 1 || *maxN < 1 {
		return usageError(fs, "-max-runs and -max-n must be at least 1")
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return usageError(fs, "-addr %q: expected host:port, e.g. %s", *addr, defaultServeAddr)
	}
	loopback := isLoopback(host)
	if !loopback && !*public {
		return usageError(fs, "-addr %s can be reached from other machines, and the dashboard has no passwords; add -public if that is what you want", *addr)
	}
	opt := web.Options{Report: report.Render, MaxRuns: *maxRuns, MaxTrajectories: *maxN,
		Logf: func(format string, args ...any) { fmt.Fprintf(env.Stderr, "brink serve: "+format+"\n", args...) }}
	if !loopback {
		// The names this machine may be reached by, besides its addresses.
		if host != "" && net.ParseIP(host) == nil {
			opt.Hosts = append(opt.Hosts, host)
		}
		if h, err := os.Hostname(); err == nil {
			opt.Hosts = append(opt.Hosts, h)
		}
	}
	srv, err := web.New(opt)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink serve: %v\n", err)
		return exitFail
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink serve: %v\n", err)
		return exitFail
	}
	if !loopback {
		fmt.Fprintf(env.Stderr, "brink serve: WARNING: listening on %s, which other machines can reach; anyone who can reach it can read the runs and start new ones\n", ln.Addr())
	}
	fmt.Fprintf(env.Stderr, "brink serve: the dashboard is at http://%s/ (Ctrl-C stops it)\n", ln.Addr())
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintf(env.Stderr, "brink serve: %v\n", err)
		return exitFail
	}
	fmt.Fprintln(env.Stderr, "brink serve: stopped")
	return exitOK
}

// isLoopback reports whether host names this machine only: localhost or a
// loopback address. An empty host (all interfaces) is not.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
