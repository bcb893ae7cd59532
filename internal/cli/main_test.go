package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"testing"
)

// TestMain keeps the runs that the tests make (brink run saves every run by
// default) out of the repository.
//
// With BRINK_CLI_EXEC=1 the test binary is brink itself (as cmd/brink, SIGINT
// and SIGTERM included), for the tests that kill a real process.
func TestMain(m *testing.M) {
	if os.Getenv("BRINK_CLI_EXEC") == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := Main(ctx, os.Args[1:], &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
		stop()
		os.Exit(code)
	}
	dir, err := os.MkdirTemp("", "brink-cli-test-runs-")
	if err != nil {
		panic(err)
	}
	os.Setenv("BRINK_RUNS", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
