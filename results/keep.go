package results

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"time"

	"brink/mc"
	"brink/scenario"
	"brink/sim"
)

// What every command that keeps a run does — brink run, compare, sweep, merge
// and the runs launched from brink serve — in one place: describe the run,
// make its directory, write it and catalogue it.

// NewManifest describes a run of sc for its results directory. Finished is
// now; Write fills in Done and Partial from the result.
func NewManifest(sc *scenario.Scenario, seed uint64, n int64, shard, shards int, started time.Time) Manifest {
	return Manifest{Brink: Version(), Scenario: sc.ID, ScenarioFile: sc.File,
		ScenarioHash: hex.EncodeToString(sc.Hash[:]), ScenarioText: string(sc.Source()), Variant: sc.Variant,
		Seed: seed, Trajectories: n, Shard: shard, Shards: shards, Started: started, Finished: time.Now().UTC()}
}

// Version is brink's module version and, when built from a checkout, its
// commit.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
		if s.Key == "vcs.modified" && s.Value == "true" {
			v += " (modified)"
		}
	}
	return v
}

// NewRunDir creates a new, empty results directory under root named for
// when and what was run, e.g. 20261126T183005Z-ukraine-2022-bluff-s1.
func NewRunDir(root string, sc *scenario.Scenario, seed uint64, shard, shards int, started time.Time, suffix string) (string, error) {
	name := started.UTC().Format("20060102T150405Z") + "-" + sc.ID
	if sc.Variant != "" {
		name += "-" + sc.Variant
	}
	name += "-s" + strconv.FormatUint(seed, 10)
	if shards > 1 {
		name += fmt.Sprintf("-shard%dof%d", shard, shards)
	}
	if suffix != "" {
		name += "-" + suffix
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	for i := 1; ; i++ {
		dir := filepath.Join(root, name)
		if i > 1 {
			dir += "-" + strconv.Itoa(i)
		}
		err := os.Mkdir(dir, 0o755)
		if err == nil {
			return dir, nil
		}
		if !os.IsExist(err) {
			return "", err
		}
	}
}

// Keep writes a results directory and records it in the catalog at
// catalogPath (CatalogPath() if empty). A catalog that cannot be written (a
// read-only or shared disk) loses nothing: the directory is complete, and
// 'brink runs rebuild' finds it later.
func Keep(catalogPath, dir string, man Manifest, res *mc.Result) error {
	if err := Write(dir, man, res); err != nil {
		return err
	}
	if err := Register(catalogPath, dir); err != nil {
		return fmt.Errorf("%s is complete, but the run catalog was not updated (brink runs rebuild will find it): %v", dir, err)
	}
	return nil
}

// ModelOf rebuilds the model of a run from the scenario text its manifest
// keeps, checking that it is the scenario that was run.
func ModelOf(man Manifest) (*sim.Model, error) {
	sc, err := scenario.Parse(man.ScenarioFile, []byte(man.ScenarioText))
	if err == nil && man.Variant != "" {
		sc, err = sc.WithVariant(man.Variant)
	}
	if err != nil {
		return nil, err
	}
	if h := hex.EncodeToString(sc.Hash[:]); h != man.ScenarioHash {
		return nil, fmt.Errorf("the scenario text hashes to %.12s…, the manifest says %.12s…", h, man.ScenarioHash)
	}
	return sim.Compile(sc)
}

// KeepEvidence writes a validation or an inference as a results directory
// that brink report reads: manifest.json (of format), the report as JSON in
// file, and summary.txt.
func KeepEvidence(dir string, sc *scenario.Scenario, seed uint64, n int64, started time.Time, format, file string, rep any, text string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	man := NewManifest(sc, seed, n, 0, 0, started)
	man.Format, man.Done = format, n
	mj, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return err
	}
	rj, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return WriteFiles(dir, File{Name: ManifestFile, Data: append(mj, '\n')},
		File{Name: file, Data: append(rj, '\n')}, File{Name: SummaryTextFile, Data: []byte(text)})
}
