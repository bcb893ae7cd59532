// Package results keeps the results of runs on disk: one directory per run
// (or per shard of a run) holding the manifest that says how to reproduce it,
// the summary a person reads, and every count needed to merge shards exactly.
// Every file is written atomically: a temporary file, then a rename.
package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"brink/mc"
)

// Files of a results directory.
const (
	ManifestFile    = "manifest.json" // how the run was made
	ResultFile      = "result.json"   // every count (mc.Result), for merging shards
	SummaryFile     = "summary.json"  // the figures, with the manifest
	SummaryTextFile = "summary.txt"   // the figures as the terminal shows them
)

// Manifest says what was run, so that anyone can run it again: the scenario's
// full text and hash, the variant, seed, trajectory count and shard, and the
// version of brink.
type Manifest struct {
	Format       string    `json:"format"`
	Brink        string    `json:"brink_version"`
	Scenario     string    `json:"scenario"`
	ScenarioFile string    `json:"scenario_file"`
	ScenarioHash string    `json:"scenario_hash"`
	ScenarioText string    `json:"scenario_text"`
	Variant      string    `json:"variant"`
	Seed         uint64    `json:"seed"`
	Trajectories int64     `json:"trajectories"` // of the whole run, all shards together
	Shard        int       `json:"shard"`
	Shards       int       `json:"shards"` // 0 or 1: not sharded
	Done         int64     `json:"done"`   // trajectories in this directory
	Partial      bool      `json:"partial"`
	Started      time.Time `json:"started"`
	Finished     time.Time `json:"finished"`
}

// ManifestFormat names the layout of a manifest.
const ManifestFormat = "brink-run/1"

// Write stores a run (or a shard of one) in dir, creating it if needed. The
// summary is written last, so a directory with a summary is complete.
func Write(dir string, man Manifest, res *mc.Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	man.Format = ManifestFormat
	man.Done, man.Partial = res.N, res.Partial
	mj, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return err
	}
	rj, err := res.MarshalJSON()
	if err != nil {
		return err
	}
	sum := mc.Summarize(res)
	var sj, st bytes.Buffer
	if err := json.NewEncoder(&sj).Encode(struct {
		Manifest Manifest    `json:"manifest"`
		Summary  *mc.Summary `json:"summary"`
	}{man, sum}); err != nil {
		return err
	}
	if err := sum.WriteText(&st); err != nil {
		return err
	}
	return WriteFiles(dir, File{ManifestFile, append(mj, '\n')}, File{ResultFile, rj},
		File{SummaryTextFile, st.Bytes()}, File{SummaryFile, sj.Bytes()})
}

// Read loads the manifest and the saved counts of a results directory.
func Read(dir string) (Manifest, []byte, error) {
	var man Manifest
	mj, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return man, nil, fmt.Errorf("%s: not a results directory (no %s)", dir, ManifestFile)
		}
		return man, nil, err
	}
	if err := json.Unmarshal(mj, &man); err != nil {
		return man, nil, fmt.Errorf("%s: %v", filepath.Join(dir, ManifestFile), err)
	}
	if man.Format != ManifestFormat {
		return man, nil, fmt.Errorf("%s: manifest format %q, this brink reads %q", dir, man.Format, ManifestFormat)
	}
	rj, err := os.ReadFile(filepath.Join(dir, ResultFile))
	if err != nil {
		return man, nil, err
	}
	return man, rj, nil
}

// File is one file of a results directory.
type File struct {
	Name string
	Data []byte
}

// WriteFiles writes the files into dir, each atomically, in the order given:
// put the file that marks the directory complete (the summary) last.
func WriteFiles(dir string, files ...File) error {
	for _, f := range files {
		if err := WriteFileAtomic(filepath.Join(dir, f.Name), f.Data); err != nil {
			return err
		}
	}
	return nil
}

// WriteFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so a reader never sees a half-written file, and an
// interrupted write leaves the old file (or none) in place.
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
