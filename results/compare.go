package results

import (
	"bytes"
	"encoding/json"
	"os"
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
