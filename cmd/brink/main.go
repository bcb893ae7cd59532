// Command brink simulates crises between nuclear-armed states. See 'brink -h'.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"brink/internal/cli"
)

func main() {
	// SIGTERM (what Slurm and Kubernetes send before SIGKILL) stops a run
	// as Ctrl-C does: the partial result is kept, for -resume.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := os.Stderr.Stat()
	term := err == nil && st.Mode()&os.ModeCharDevice != 0
	code := cli.Main(ctx, os.Args[1:], &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, StderrIsTerminal: term})
	stop()
	os.Exit(code)
}
