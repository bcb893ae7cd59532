// Command brink simulates crises between nuclear-armed states. See 'brink -h'.
package main

import (
	"context"
	"os"
	"os/signal"

	"brink/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	st, err := os.Stderr.Stat()
	term := err == nil && st.Mode()&os.ModeCharDevice != 0
	code := cli.Main(ctx, os.Args[1:], &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, StderrIsTerminal: term})
	stop()
	os.Exit(code)
}
