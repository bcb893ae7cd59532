package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// -cpuprofile and -memprofile write pprof files (gzip-compressed protocol
// buffers) and leave the summary as it is; an unwritable profile is an error.
func TestRunProfiles(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	plain := brink(t, "run", "-n", "300", "-seed", "3", "-no-save")
	wantCode(t, plain, exitOK)
	r := brink(t, "run", "-n", "300", "-seed", "3", "-no-save", "-cpuprofile", cpu, "-memprofile", mem)
	wantCode(t, r, exitOK)
	if r.stdout != plain.stdout {
		t.Errorf("the summary changed with profiling\n%s\nwithout:\n%s", r.stdout, plain.stdout)
	}
	for _, f := range []string{cpu, mem} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
			t.Errorf("%s is not a gzip-compressed profile (%d bytes)", filepath.Base(f), len(b))
		}
	}
	r = brink(t, "run", "-n", "10", "-no-save", "-cpuprofile", filepath.Join(dir, "no", "such", "cpu.prof"))
	wantCode(t, r, exitFail)
	if !strings.Contains(r.stderr, "-cpuprofile") {
		t.Errorf("stderr should name the flag\n%s", r)
	}
	r = brink(t, "run", "-n", "10", "-no-save", "-memprofile", filepath.Join(dir, "no", "such", "mem.prof"))
	wantCode(t, r, exitFail)
	if !strings.Contains(r.stderr, "-memprofile") {
		t.Errorf("stderr should name the flag\n%s", r)
	}
}
