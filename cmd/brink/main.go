// Command brink simulates crises between nuclear-armed states. See 'brink -h'.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"brink/internal/cli"
)

func main() {
	// SIGTERM (what Slurm and Kubernetes send before SIGKILL) stops a run
	// as Ctrl-C does: the partial result is kept, for -resume.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := os.Stderr.Stat()
	term := err == nil && st.Mode()&os.ModeCharDevice != 0
	// With stderr not a terminal (a batch job's log), a progress line every
	// few seconds; BRINK_PROGRESS_EVERY (e.g. 30s, or 0 for none) sets how often.
	every := cli.DefaultProgressEvery
	if v := os.Getenv("BRINK_PROGRESS_EVERY"); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d >= 0 {
			every = d
		}
	}
	code := cli.Main(ctx, os.Args[1:], &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, StderrIsTerminal: term,
		ProgressEvery: every})
	stop()
	os.Exit(code)
}
