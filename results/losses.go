package results

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"

	"brink/sim"
)

// LossesFile is the losses of a run's trajectories as a long table, next to
// RowsFile (brink run -rows): one row per trajectory × actor × category the
// actor fields, in order of k, then of the actors and categories as the
// scenario lists them. Its columns:
//
//	variant     string   the variant run ("" for the scenario as written)
//	k           int64    the trajectory
//	actor       string   actor id, as in the scenario (RUS)
//	category    string   category id (tanks, personnel)
//	units_lost  double   units lost, in the category's unit (e.g. thousands of troops)
//
// It holds the same numbers as the losses_<actor>_<category> columns of
// RowsFile, in the shape that group-by queries and plotting libraries want.
// It is written from RowsFile, so its bytes too depend only on the run.
const LossesFile = "losses.parquet"

// lossRow is one row of LossesFile.
type lossRow struct {
	Variant   string  `parquet:"variant,dict"`
	K         int64   `parquet:"k"`
	Actor     string  `parquet:"actor,dict"`
	Category  string  `parquet:"category,dict"`
	UnitsLost float64 `parquet:"units_lost"`
}

// LossPairs are the actor × category pairs of model m that have a row in
// LossesFile: each actor with the categories it fields, as indices into
// m.Actors and m.Categories.
func LossPairs(m *sim.Model) [][2]int {
	cat := map[string]int{}
	for j, c := range m.Categories {
		cat[c] = j
	}
	var pairs [][2]int
	for i, id := range m.Actors {
		fields := map[int]bool{}
		for _, a := range m.Scenario.Actors {
			if a.ID != id {
				continue
			}
			for _, f := range a.Forces {
				if j, ok := cat[f.Category]; ok {
					fields[j] = true
				}
			}
		}
		for j := range m.Categories {
			if fields[j] {
				pairs = append(pairs, [2]int{i, j})
			}
		}
	}
	return pairs
}

// WriteLosses writes dir/LossesFile from dir/RowsFile, a table of
// trajectories of model m, through a temporary file renamed into place.
func WriteLosses(dir string, m *sim.Model) error {
	schema, err := rowsSchema(m)
	if err != nil {
		return err
	}
	f, err := os.Open(filepath.Join(dir, RowsFile))
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return fmt.Errorf("%s: %v", RowsFile, err)
	}
	if got, want := schemaText(pf.Schema()), schemaText(schema); got != want {
		return fmt.Errorf("%s: its columns are not those of the scenario's table of trajectories", RowsFile)
	}
	tmp, err := os.CreateTemp(dir, "."+LossesFile+".tmp-*")
	if err != nil {
		return err
	}
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	opts := []parquet.WriterOption{parquet.Compression(&parquet.Zstd)}
	for _, k := range []string{"brink.scenario", "brink.scenario_hash", "brink.variant", "brink.seed", "brink.trajectories"} {
		if v, ok := pf.Lookup(k); ok {
			opts = append(opts, parquet.KeyValueMetadata(k, v))
		}
	}
	opts = append(opts, parquet.KeyValueMetadata("brink.format", LossesFormat))
	w := parquet.NewGenericWriter[lossRow](tmp, opts...)
	pairs := LossPairs(m)
	first := numFixedCols + len(m.Theatres) // the first losses column
	nc := len(m.Categories)
	r := parquet.NewReader(pf)
	defer r.Close()
	buf := make([]parquet.Row, rowBatch)
	out := make([]lossRow, 0, rowBatch*len(pairs))
	var written int64
	for {
		n, rerr := r.ReadRows(buf)
		out = out[:0]
		for _, row := range buf[:n] {
			variant, k := row[colVariant].String(), row[colK].Int64()
			for _, p := range pairs {
				out = append(out, lossRow{Variant: variant, K: k, Actor: m.Actors[p[0]], Category: m.Categories[p[1]],
					UnitsLost: row[first+p[0]*nc+p[1]].Double()})
			}
		}
		if len(out) > 0 {
			if _, err := w.Write(out); err != nil {
				return fail(err)
			}
			written += int64(len(out))
			if written >= rowGroupRows*int64(max(1, len(pairs))) {
				if err := w.Flush(); err != nil {
					return fail(err)
				}
				written = 0
			}
		}
		if errors.Is(rerr, io.EOF) || (rerr == nil && n == 0) {
			break
		}
		if rerr != nil {
			return fail(fmt.Errorf("%s: %v", RowsFile, rerr))
		}
	}
	if err := w.Close(); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, LossesFile)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// LossesFormat is the value of the brink.format metadata key of a LossesFile.
const LossesFormat = "brink-losses/1"
