// Package report writes the results directory of a run, a comparison or a
// sweep as one self-contained HTML page: the question and the answer first,
// then the outcome probabilities with their intervals, the chance of a first
// nuclear use over time, fan charts of the escalation rung, territory and
// losses, the commonest paths to nuclear use each with a traced example, the
// sensitivity indices of a sweep, and last the manifest and the command that
// reproduces the run.
//
// The page makes no request: its charts are inline SVG written here, its
// style is inline, it has no script. The same directory gives the same
// bytes.
package report

import (
	"brink/sweep"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"brink/discover"
	"brink/evidence"
	"brink/mc"
	"brink/results"
	"brink/scenario"
	"brink/sim"
)

// File is the name of the report in a results directory.
const File = "report.html"

// Formats of the manifests of the directories a report reads.
const (
	compareFormat = "brink-compare/1"
	sweepFormat   = "brink-sweep/1"
)

// Write renders the report of dir into dir/report.html, atomically.
func Write(dir string) error {
	var b bytes.Buffer
	if err := Render(&b, dir); err != nil {
		return err
	}
	return results.WriteFiles(dir, results.File{Name: File, Data: b.Bytes()})
}

// Render writes the report of the results directory dir: a run (or a merged
// or resumed run), a comparison (brink compare) or a sweep (brink sweep).
func Render(w io.Writer, dir string) error {
	man, err := readManifest(dir)
	if err != nil {
		return err
	}
	m, err := modelOf(man)
	if err != nil {
		return fmt.Errorf("%s: the scenario kept in %s: %v", dir, results.ManifestFile, err)
	}
	p := &page{man: man, m: m}
	switch man.Format {
	case results.ManifestFormat:
		_, data, err := results.Read(dir)
		if err != nil {
			return err
		}
		res, err := mc.LoadResult(m, data)
		if err != nil {
			return fmt.Errorf("%s: %v", filepath.Join(dir, results.ResultFile), err)
		}
		if p.discs, err = discover.Saved(dir); err != nil {
			return err
		}
		p.dir = filepath.Base(dir)
		p.run(res)
	case compareFormat:
		var rep mc.CompareReport
		if err := readJSON(dir, "compare.json", &rep); err != nil {
			return err
		}
		if len(rep.Summaries) == 0 {
			return fmt.Errorf("%s: compare.json holds no summaries", dir)
		}
		p.compare(&rep)
	case sweepFormat:
		var rep sweep.Report
		if err := readJSON(dir, "sweep.json", &rep); err != nil {
			return err
		}
		p.sweep(&rep)
	case evidence.ValidateFormat:
		var v evidence.Validation
		if err := readJSON(dir, evidence.ValidateFile, &v); err != nil {
			return err
		}
		p.validation(&v)
	case evidence.InferFormat:
		var r evidence.Inference
		if err := readJSON(dir, evidence.InferFile, &r); err != nil {
			return err
		}
		p.inference(&r)
	default:
		return fmt.Errorf("%s: manifest format %q: not a run, comparison or sweep this brink reads", dir, man.Format)
	}
	_, err = io.WriteString(w, p.html())
	return err
}

// readManifest reads dir/manifest.json, of any of the formats.
func readManifest(dir string) (results.Manifest, error) {
	var man results.Manifest
	st, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return man, fmt.Errorf("%s: no such directory", dir)
		}
		return man, err
	}
	if !st.IsDir() {
		return man, fmt.Errorf("%s: not a directory (give the results directory of a run, comparison or sweep)", dir)
	}
	data, err := os.ReadFile(filepath.Join(dir, results.ManifestFile))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return man, fmt.Errorf("%s: not a results directory (no %s)", dir, results.ManifestFile)
		}
		return man, err
	}
	if err := json.Unmarshal(data, &man); err != nil {
		return man, fmt.Errorf("%s: %v", filepath.Join(dir, results.ManifestFile), err)
	}
	return man, nil
}

func readJSON(dir, name string, v any) error {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %v", filepath.Join(dir, name), err)
	}
	return nil
}

// modelOf compiles the scenario kept in a manifest, with its variant, and
// checks it is the one that was run.
func modelOf(man results.Manifest) (*sim.Model, error) {
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

// scenarioArg is how the reproduce command names the scenario: a built-in by
// its id when the kept text is the built-in's, else the file it was read from.
func scenarioArg(man results.Manifest) string {
	if scenario.IsBuiltin(man.Scenario) && man.ScenarioFile == man.Scenario+".yaml" {
		if src, err := scenario.BuiltinSource(man.Scenario); err == nil && string(src) == man.ScenarioText {
			return man.Scenario
		}
	}
	return shellQuote(man.ScenarioFile)
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
