package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"time"

	"brink/mc"
	"brink/scenario"
)

// CompareFormat is the manifest format of a kept comparison (brink compare).
const CompareFormat = "brink-compare/1"

// SweepFormat is the manifest format of a kept sweep (brink sweep).
const SweepFormat = "brink-sweep/1"

// KeepCompare writes the comparison's directory: manifest.json (the
// baseline's), compare.json (everything), summary.txt and, last,
// summary.json. It does not enter the run catalog, which holds single runs.
func KeepCompare(dir string, sc *scenario.Scenario, rep *mc.CompareReport, seed uint64, n int64, started time.Time) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	man := NewManifest(sc, seed, n, 0, 0, started)
	man.Format = CompareFormat
	man.Done, man.Partial = rep.Trajectories, rep.Partial
	mj, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return err
	}
	var cj, st, sj bytes.Buffer
	if err := rep.WriteJSON(&cj); err != nil {
		return err
	}
	if err := rep.WriteText(&st); err != nil {
		return err
	}
	short := *rep
	short.Summaries = nil
	if err := json.NewEncoder(&sj).Encode(struct {
		Manifest   Manifest          `json:"manifest"`
		Comparison *mc.CompareReport `json:"comparison"`
	}{man, &short}); err != nil {
		return err
	}
	return WriteFiles(dir, File{Name: ManifestFile, Data: append(mj, '\n')},
		File{Name: "compare.json", Data: cj.Bytes()},
		File{Name: SummaryTextFile, Data: st.Bytes()}, File{Name: SummaryFile, Data: sj.Bytes()})
}

// Experiment is a comparison or a sweep kept under a runs root: they are not
// in the catalog, which holds single runs.
type Experiment struct {
	Name     string // the directory's base name, unique under the root
	Dir      string
	Kind     string // compare or sweep
	Manifest Manifest
}

// ListExperiments lists the comparisons and sweeps kept in the directories
// directly under root, newest first; none if root does not exist. A
// directory that is not one, or whose manifest cannot be read, is skipped.
func ListExperiments(root string) ([]Experiment, error) {
	entries, err := os.ReadDir(root)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Experiment
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		mj, err := os.ReadFile(filepath.Join(dir, ManifestFile))
		if err != nil {
			continue
		}
		var man Manifest
		if json.Unmarshal(mj, &man) != nil {
			continue
		}
		kind := map[string]string{CompareFormat: "compare", SweepFormat: "sweep"}[man.Format]
		if kind == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, SummaryFile)); err != nil {
			continue // still being written
		}
		out = append(out, Experiment{Name: e.Name(), Dir: dir, Kind: kind, Manifest: man})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Manifest.Started.Equal(out[j].Manifest.Started) {
			return out[i].Manifest.Started.After(out[j].Manifest.Started)
		}
		return out[i].Name > out[j].Name
	})
	return out, nil
}
