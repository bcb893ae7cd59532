package sweep

import (
	"bytes"
	"encoding/json"
	"os"
	"time"

	"brink/results"
	"brink/scenario"
)

// Keep writes the sweep's directory: manifest.json, sweep.json (every
// point), summary.txt and, last, summary.json.
func Keep(dir string, sc *scenario.Scenario, rep *Report, seed uint64, n int64, started time.Time) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	man := results.NewManifest(sc, seed, int64(rep.Points)*n, 0, 0, started)
	man.Format = Format
	man.Done, man.Partial = int64(rep.PointsUsed)*n, rep.Partial
	mj, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return err
	}
	var sw, st, sj bytes.Buffer
	if err := rep.WriteJSON(&sw, true); err != nil {
		return err
	}
	if err := rep.WriteText(&st); err != nil {
		return err
	}
	c := *rep
	c.Table = nil
	if err := json.NewEncoder(&sj).Encode(struct {
		Manifest results.Manifest `json:"manifest"`
		Sweep    *Report          `json:"sweep"`
	}{man, &c}); err != nil {
		return err
	}
	return results.WriteFiles(dir, results.File{Name: results.ManifestFile, Data: append(mj, '\n')},
		results.File{Name: "sweep.json", Data: sw.Bytes()},
		results.File{Name: results.SummaryTextFile, Data: st.Bytes()}, results.File{Name: results.SummaryFile, Data: sj.Bytes()})
}
