package discover

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/parquet-go/parquet-go"
)

// Table is the part of a table of trajectories that a discovery reads: some
// columns, as numbers (booleans 0 or 1, null NaN) or as strings (null "").
type Table struct {
	N    int
	Num  map[string][]float64
	Str  map[string][]string
	Cols []string // every column of the file, in order
}

// ReadColumns reads the named columns of the Parquet file at path; a column
// of strings comes in Str, any other in Num. An unknown name is an error
// that lists the file's columns.
func ReadColumns(path string, names []string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	leaves := pf.Schema().Columns()
	t := &Table{N: int(pf.NumRows()), Num: map[string][]float64{}, Str: map[string][]string{}}
	index := map[string]int{}
	for i, c := range leaves {
		name := c[len(c)-1]
		t.Cols = append(t.Cols, name)
		index[name] = i
	}
	// want[i] tells where column i goes: -1 nowhere.
	want := make([]int, len(leaves))
	for i := range want {
		want[i] = -1
	}
	type dest struct {
		num []float64
		str []string
	}
	var dests []*dest
	for _, name := range names {
		i, ok := index[name]
		if !ok {
			return nil, fmt.Errorf("%s: no column %q", path, name)
		}
		if want[i] >= 0 {
			continue
		}
		leaf, _ := pf.Schema().Lookup(name)
		d := &dest{}
		if leaf.Node.Type().Kind() == parquet.ByteArray {
			d.str = make([]string, 0, t.N)
		} else {
			d.num = make([]float64, 0, t.N)
		}
		want[i] = len(dests)
		dests = append(dests, d)
	}
	r := parquet.NewReader(pf)
	defer r.Close()
	buf := make([]parquet.Row, 256)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			for _, v := range row {
				c := v.Column()
				if c < 0 || c >= len(want) || want[c] < 0 {
					continue
				}
				d := dests[want[c]]
				if d.str != nil || (d.num == nil && v.Kind() == parquet.ByteArray) {
					if v.IsNull() {
						d.str = append(d.str, "")
					} else {
						d.str = append(d.str, string(v.ByteArray()))
					}
					continue
				}
				d.num = append(d.num, numberOf(v))
			}
		}
		if errors.Is(err, io.EOF) || (err == nil && n == 0) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
	}
	for _, name := range names {
		d := dests[want[index[name]]]
		if d.str != nil {
			if len(d.str) != t.N {
				return nil, fmt.Errorf("%s: column %q has %d values for %d rows", path, name, len(d.str), t.N)
			}
			t.Str[name] = d.str
		} else {
			if len(d.num) != t.N {
				return nil, fmt.Errorf("%s: column %q has %d values for %d rows", path, name, len(d.num), t.N)
			}
			t.Num[name] = d.num
		}
	}
	return t, nil
}

// numberOf reads a value as a number: a boolean as 0 or 1, null as NaN.
func numberOf(v parquet.Value) float64 {
	if v.IsNull() {
		return math.NaN()
	}
	switch v.Kind() {
	case parquet.Boolean:
		if v.Boolean() {
			return 1
		}
		return 0
	case parquet.Int32:
		return float64(v.Int32())
	case parquet.Int64:
		return float64(v.Int64())
	case parquet.Float:
		return float64(v.Float())
	case parquet.Double:
		return v.Double()
	}
	return math.NaN()
}
