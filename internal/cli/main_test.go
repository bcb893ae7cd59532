package cli

import (
	"os"
	"testing"
)

// TestMain keeps the runs that the tests make (brink run saves every run by
// default) out of the repository.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "brink-cli-test-runs-")
	if err != nil {
		panic(err)
	}
	os.Setenv("BRINK_RUNS", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
