package results

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileAtomicReplacesAndCleansUp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.json")
	for _, content := range []string{"first", "second"} {
		if err := WriteFileAtomic(p, []byte(content)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(p); string(got) != content {
			t.Errorf("file holds %q, want %q", got, content)
		}
	}
	// Onto a directory: fails, leaves nothing behind.
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	if err := WriteFileAtomic(sub, []byte("x")); err == nil {
		t.Error("writing onto a directory succeeded")
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	if err := WriteFileAtomic(filepath.Join(dir, "no", "such", "dir", "f"), nil); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

func TestReadRefusesWhatIsNotAResultsDirectory(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := Read(dir); err == nil || !strings.Contains(err.Error(), "not a results directory") {
		t.Errorf("empty directory: %v", err)
	}
	os.WriteFile(filepath.Join(dir, ManifestFile), []byte(`{"format":"other/9"}`), 0o644)
	if _, _, err := Read(dir); err == nil || !strings.Contains(err.Error(), "format") {
		t.Errorf("other format: %v", err)
	}
	os.WriteFile(filepath.Join(dir, ManifestFile), []byte(`{`), 0o644)
	if _, _, err := Read(dir); err == nil {
		t.Error("broken manifest accepted")
	}
}
