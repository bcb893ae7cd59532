package discover

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"brink/results"
)

// FilePrefix starts the name of the file a discovery keeps in a results
// directory: discover-<outcome>.json.
const FilePrefix = "discover-"

// FileName is the file that keeps the discovery of outcome in a results
// directory.
func FileName(outcome string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(outcome) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_' || r == '.' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	return FilePrefix + b.String() + ".json"
}

// Dir runs a discovery of outcome on the table of trajectories kept in the
// results directory dir (brink run -rows).
func Dir(dir, outcome string, opt Options) (*Result, error) {
	man, _, err := results.Read(dir)
	if err != nil {
		return nil, err
	}
	if !results.HasRows(dir) {
		return nil, fmt.Errorf("%s: no table of trajectories (%s); run with -rows to keep one", dir, results.RowsFile)
	}
	m, err := results.ModelOf(man)
	if err != nil {
		return nil, fmt.Errorf("%s: the scenario kept in %s: %v", dir, results.ManifestFile, err)
	}
	l := results.LayoutOfRows(m)
	var theatres []string
	for _, t := range m.Theatres {
		theatres = append(theatres, t.ID)
	}
	o, err := ParseOutcome(outcome, l, theatres)
	if err != nil {
		return nil, err
	}
	names := m.UncertainNames()
	if len(names) != len(l.Params) {
		return nil, fmt.Errorf("%s: %d uncertain parameters, %d parameter columns", dir, len(names), len(l.Params))
	}
	t, err := ReadColumns(filepath.Join(dir, results.RowsFile), append(slices.Clone(o.Columns()), l.Params...))
	if err != nil {
		return nil, err
	}
	d := Data{Names: names, Columns: l.Params, Y: o.Hits(t)}
	for _, c := range l.Params {
		d.X = append(d.X, t.Num[c])
	}
	return Run(d, o.Spec, o.Label, opt)
}

// Save keeps r in dir as FileName(r.Outcome).
func Save(dir string, r *Result) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return results.WriteFiles(dir, results.File{Name: FileName(r.Outcome), Data: append(b, '\n')})
}

// Saved reads the discoveries kept in dir, in order of file name.
func Saved(dir string) ([]*Result, error) {
	paths, err := filepath.Glob(filepath.Join(dir, FilePrefix+"*.json"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var out []*Result
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			return nil, err
		}
		var r Result
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, fmt.Errorf("%s: %v", p, err)
		}
		if r.Format != Format {
			return nil, fmt.Errorf("%s: format %q, want %q", p, r.Format, Format)
		}
		out = append(out, &r)
	}
	return out, nil
}
