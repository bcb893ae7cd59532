package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"

	"brink/label"
	"brink/mc"
	"brink/sim"
)

// RowsFile is the table of a run's trajectories in its results directory
// (brink run -rows): one row per trajectory, in order of k. Every column name
// is snake_case and needs no quoting in SQL or pandas; actor, theatre and
// category ids appear in lowercase (losses_rus_tanks). Its columns:
//
//	variant                   string   the variant run ("" for the scenario as written)
//	k                         int64    the trajectory (brink trace -k K replays it)
//	ending                    string   frozen, settlement, capitulation or general_nuclear_war
//	capitulating_actor        string?  the actor that capitulated, else null
//	duration_days             int32
//	highest_rung              int32    index into the ladder
//	escalation_path           string   the highest rung at the start, then each new highest rung, e.g. "6>7>9"
//	direct_war                bool
//	direct_war_day            int32?   null without direct war
//	nuclear_use               bool
//	first_use_day             int32?   null without nuclear use
//	first_use_by              string?  actor id
//	first_use_kind            string?  deliberate, false_alarm, unauthorised or loss_of_control
//	first_use_path            string?  the escalation path up to the first use
//	false_alarms              int32
//	threats                   int32    threats made by every actor toward every opponent (sim/belief.go)
//	threats_called            int32    of them, defied and not carried out: bluffs called
//	territory_<theatre>       double   share held by side a at the end, one per theatre
//	losses_<actor>_<category> double   units lost, one per actor and category
//	first_answer              string?  the first doctrine answer to a nuclear use (sim.BranchName), null if none
//	casualties_<actor>        double   millions killed by nuclear strikes, one per actor
//
// and, for a scenario that models the world around the war:
//
//	sanctions_size            int32    members of the sanctions coalition at the end
//	sanctions_max             int32    most members at any time
//	gdp_lost_<actor>          double   US$ trillions, one per actor with an economy
//	joined_<actor>            string?  alliance or patron joined, one per actor that seeks one
//	join_day_<actor>          int32?   day it was admitted
//	programme_<actor>         string   none, programme, weapon, abandoned or stopped, per latent proliferator
//	regime_changes_<actor>    int32    changes of leadership, one per actor with a regime block
//
// then:
//
//	p_<parameter>             double   the value drawn for each uncertain parameter, in draw
//	                                   order (sim.Model.UncertainNames), named by label.ParamColumn:
//	                                   actors.RUS.politics.resolve is p_rus_politics_resolve,
//	                                   actors.RUS.forces[0].effectiveness p_rus_tanks_effectiveness;
//	                                   the metadata key brink.parameter_paths maps each to its field path
//
// The file's bytes depend only on its rows (and its metadata: the scenario,
// its hash, variant, seed, trajectory count and shard): batches of rowBatch
// rows and row groups of rowGroupRows rows are cut at the same row numbers
// however the rows arrive, so the same run gives the same file for any
// number of workers, after an interruption and -resume, and from its shards
// merged.
const RowsFile = "trajectories.parquet"

// RowsFormat is the value of the brink.format metadata key of a RowsFile.
const RowsFormat = "brink-trajectories/2"

// rowBatch is how many rows are handed to the Parquet writer at once (it
// cuts pages only between calls).
const rowBatch = 64

// rowGroupRows is the number of rows per row group, a multiple of rowBatch.
// It is a constant but for tests, which make it small to cover many groups.
var rowGroupRows int64 = 1 << 14

// The fixed columns, in order; then territory, losses and parameters.
const (
	colVariant = iota
	colK
	colEnd
	colCapitulated
	colDays
	colRung
	colPath
	colDirectWar
	colDirectWarDay
	colNuclear
	colFirstUseDay
	colFirstUseBy
	colFirstUseKind
	colFirstUsePath
	colAlarms
	colThreats
	colThreatsCalled
	numFixedCols
)

// RowsColumns returns the column names of the table of trajectories of model
// m, in order.
func RowsColumns(m *sim.Model) []string {
	s, err := rowsSchema(m)
	if err != nil {
		return nil
	}
	cols := s.Columns()
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c[0]
	}
	return names
}

// rowsSchema is the schema of the table of trajectories of model m. An
// error means two columns would have the same name.
func rowsSchema(m *sim.Model) (*parquet.Schema, error) {
	str := parquet.Encoded(parquet.String(), &parquet.RLEDictionary)
	i32, i64 := parquet.Int(32), parquet.Int(64)
	boolean, double := parquet.Leaf(parquet.BooleanType), parquet.Leaf(parquet.DoubleType)
	g := orderedGroup{
		{"variant", str},
		{"k", i64},
		{"ending", str},
		{"capitulating_actor", parquet.Optional(str)},
		{"duration_days", i32},
		{"highest_rung", i32},
		{"escalation_path", str},
		{"direct_war", boolean},
		{"direct_war_day", parquet.Optional(i32)},
		{"nuclear_use", boolean},
		{"first_use_day", parquet.Optional(i32)},
		{"first_use_by", parquet.Optional(str)},
		{"first_use_kind", parquet.Optional(str)},
		{"first_use_path", parquet.Optional(str)},
		{"false_alarms", i32},
		{"threats", i32},
		{"threats_called", i32},
	}
	for _, t := range m.Theatres {
		g = append(g, &orderedField{"territory_" + label.Snake(t.ID), double})
	}
	for _, a := range m.Actors {
		for _, c := range m.Categories {
			g = append(g, &orderedField{"losses_" + label.Snake(a) + "_" + label.Snake(c), double})
		}
	}
	g = append(g, &orderedField{"first_answer", parquet.Optional(str)})
	for _, a := range m.Actors {
		g = append(g, &orderedField{"casualties_" + label.Snake(a), double})
	}
	if m.HasWorld() {
		g = append(g, &orderedField{"sanctions_size", i32}, &orderedField{"sanctions_max", i32})
		for i, a := range m.Actors {
			if m.HasEconomy(i) {
				g = append(g, &orderedField{"gdp_lost_" + label.Snake(a), double})
			}
		}
		for i, a := range m.Actors {
			if m.SeeksAlliance(i) {
				g = append(g, &orderedField{"joined_" + label.Snake(a), parquet.Optional(str)}, &orderedField{"join_day_" + label.Snake(a), parquet.Optional(i32)})
			}
		}
		for i, a := range m.Actors {
			if m.HasProliferation(i) {
				g = append(g, &orderedField{"programme_" + label.Snake(a), str})
			}
		}
		for i, a := range m.Actors {
			if m.HasRegime(i) {
				g = append(g, &orderedField{"regime_changes_" + label.Snake(a), i32})
			}
		}
	}
	taken := make(map[string]bool, len(g))
	for _, f := range g {
		taken[f.name] = true
	}
	for _, p := range ParamColumns(m, taken) {
		g = append(g, &orderedField{p, double})
	}
	seen := make(map[string]bool, len(g))
	for _, f := range g {
		if seen[f.name] {
			return nil, fmt.Errorf("two columns of the table of trajectories would be named %q", f.name)
		}
		seen[f.name] = true
	}
	return parquet.NewSchema("brink_trajectories", g), nil
}

// ParamColumns are the names of the columns of the uncertain parameters of
// model m, in the order of m.UncertainNames (label.ParamColumn), none of them
// among taken: a short name that collides takes its long form, and one that
// still collides a numeric suffix.
func ParamColumns(m *sim.Model, taken map[string]bool) []string {
	paths := m.UncertainNames()
	shorts := make([]string, len(paths))
	longs := make([]string, len(paths))
	count := map[string]int{}
	for i, p := range paths {
		shorts[i], longs[i] = label.ParamColumn(m.Scenario, p)
		count[shorts[i]]++
	}
	used := make(map[string]bool, len(taken)+len(paths))
	for k := range taken {
		used[k] = true
	}
	out := make([]string, len(paths))
	for i := range paths {
		name := shorts[i]
		if count[name] > 1 || used[name] {
			name = longs[i]
		}
		for n := 2; used[name]; n++ {
			name = longs[i] + "_" + strconv.Itoa(n)
		}
		used[name] = true
		out[i] = name
	}
	return out
}

// orderedGroup is a Parquet group whose columns keep the order given
// (parquet.Group sorts them by name).
type orderedGroup []*orderedField

type orderedField struct {
	name string
	parquet.Node
}

func (f *orderedField) Name() string { return f.name }

func (f *orderedField) Value(base reflect.Value) reflect.Value {
	if base.Kind() == reflect.Map {
		return base.MapIndex(reflect.ValueOf(f.name))
	}
	return reflect.Value{}
}

func (g orderedGroup) ID() int                     { return 0 }
func (g orderedGroup) Type() parquet.Type          { return parquet.Group{}.Type() }
func (g orderedGroup) Optional() bool              { return false }
func (g orderedGroup) Repeated() bool              { return false }
func (g orderedGroup) Required() bool              { return true }
func (g orderedGroup) Leaf() bool                  { return false }
func (g orderedGroup) Encoding() encoding.Encoding { return nil }
func (g orderedGroup) Compression() compress.Codec { return nil }
func (g orderedGroup) GoType() reflect.Type        { return reflect.TypeFor[map[string]any]() }

func (g orderedGroup) Fields() []parquet.Field {
	fs := make([]parquet.Field, len(g))
	for i, f := range g {
		fs[i] = f
	}
	return fs
}

func (g orderedGroup) String() string {
	var b strings.Builder
	parquet.PrintSchema(&b, "", g)
	return b.String()
}

// RowsWriter writes a table of trajectories. It is an mc.RowWriter: give it
// to mc.Options.Rows. Rows must come in increasing k, each once; when it
// resumes a table (CreateRows with resume), that table's rows are merged in
// by k. It buffers one batch of rows and one row group, whatever N.
type RowsWriter struct {
	m      *sim.Model
	schema *parquet.Schema
	pw     *parquet.Writer
	params int // parameter columns

	variant []byte
	ends    [sim.NumEnds][]byte
	uses    [sim.NumUseKinds][]byte
	answers [sim.NumBranches][]byte
	actors  [][]byte

	batch []parquet.Row // rows not yet handed to pw; batch[:nb] hold values
	nb    int
	rows  int64 // rows in the file, batched or not
	lastK int64 // k of the last row, or -1

	prev *rowsReader // an earlier table whose rows are merged in, or nil
	err  error       // the first error; every call after it returns it
	done bool
}

// NewRowsWriter starts a table of the trajectories of model m on out. man
// gives the metadata (scenario, hash, variant, seed, trajectories, shard);
// its times are not written, so that the same run gives the same bytes.
func NewRowsWriter(out io.Writer, m *sim.Model, man Manifest) (*RowsWriter, error) {
	schema, err := rowsSchema(m)
	if err != nil {
		return nil, err
	}
	opts := []parquet.WriterOption{schema, parquet.Compression(&parquet.Zstd)}
	for k, v := range rowsMetadata(man) {
		opts = append(opts, parquet.KeyValueMetadata(k, v))
	}
	paths := map[string]string{}
	fields := schema.Fields()
	names := m.UncertainNames()
	for i, p := range names {
		paths[fields[len(fields)-len(names)+i].Name()] = p
	}
	pj, err := json.Marshal(paths)
	if err != nil {
		return nil, err
	}
	opts = append(opts, parquet.KeyValueMetadata(ParamPathsKey, string(pj)))
	cfg, err := parquet.NewWriterConfig(opts...)
	if err != nil {
		return nil, err
	}
	rw := &RowsWriter{m: m, schema: schema, pw: parquet.NewWriter(out, cfg),
		params: len(m.UncertainNames()), variant: []byte(m.Scenario.Variant), lastK: -1}
	for e := range rw.ends {
		rw.ends[e] = []byte(sim.EndKind(e).String())
	}
	for b := range rw.answers {
		rw.answers[b] = []byte(sim.BranchName(b))
	}
	for u := range rw.uses {
		rw.uses[u] = []byte(sim.UseKind(u).String())
	}
	for _, a := range m.Actors {
		rw.actors = append(rw.actors, []byte(a))
	}
	rw.batch = make([]parquet.Row, rowBatch)
	return rw, nil
}

// rowsMetadata is the key/value metadata of a table of trajectories.
func rowsMetadata(man Manifest) map[string]string {
	md := map[string]string{
		"brink.format":        RowsFormat,
		"brink.scenario":      man.Scenario,
		"brink.scenario_hash": man.ScenarioHash,
		"brink.variant":       man.Variant,
		"brink.seed":          strconv.FormatUint(man.Seed, 10),
		"brink.trajectories":  strconv.FormatInt(man.Trajectories, 10),
	}
	if man.Shards > 1 {
		md[shardKey] = fmt.Sprintf("%d/%d", man.Shard, man.Shards)
	}
	return md
}

// ParamPathsKey is the metadata key of a table of trajectories that maps
// each parameter column to its field path, as a JSON object.
const ParamPathsKey = "brink.parameter_paths"

// shardKey is the metadata key of a shard's table: "i/N".
const shardKey = "brink.shard"

// WriteRows adds rows, in increasing k, after (or, with an earlier table,
// among) those written before.
func (rw *RowsWriter) WriteRows(rows []mc.Row) error {
	for i := range rows {
		r := &rows[i]
		if rw.prev != nil {
			if err := rw.copyPrev(r.K); err != nil {
				return err
			}
		}
		if err := rw.order(r.K); err != nil {
			return err
		}
		if len(r.Sampled) != rw.params || len(r.Out.Territory) != len(rw.m.Theatres) ||
			len(r.Out.Losses) != len(rw.m.Actors)*len(rw.m.Categories) {
			return rw.fail(fmt.Errorf("trajectory %d does not fit the table of trajectories of scenario %s", r.K, rw.m.Scenario.ID))
		}
		rw.batch[rw.nb] = rw.fill(rw.batch[rw.nb][:0], r)
		if err := rw.added(); err != nil {
			return err
		}
	}
	return nil
}

// fill appends the values of row r to dst.
func (rw *RowsWriter) fill(dst parquet.Row, r *mc.Row) parquet.Row {
	o := &r.Out
	col := 0
	req := func(v parquet.Value) {
		dst = append(dst, v.Level(0, 0, col))
		col++
	}
	opt := func(present bool, v func() parquet.Value) {
		if present {
			dst = append(dst, v().Level(0, 1, col))
		} else {
			dst = append(dst, parquet.NullValue().Level(0, 0, col))
		}
		col++
	}
	bytesOf := func(b []byte) func() parquet.Value { return func() parquet.Value { return parquet.ByteArrayValue(b) } }
	int32Of := func(x int) func() parquet.Value { return func() parquet.Value { return parquet.Int32Value(int32(x)) } }
	req(parquet.ByteArrayValue(rw.variant))
	req(parquet.Int64Value(r.K))
	req(parquet.ByteArrayValue(rw.ends[o.End]))
	capitulated := o.End == sim.EndCapitulation && o.EndActor >= 0
	opt(capitulated, func() parquet.Value { return parquet.ByteArrayValue(rw.actors[o.EndActor]) })
	req(parquet.Int32Value(int32(o.Days)))
	req(parquet.Int32Value(int32(o.HighestRung)))
	req(parquet.ByteArrayValue([]byte(o.PathString(o.PathLen))))
	req(parquet.BooleanValue(o.DirectWar))
	opt(o.DirectWar && o.DirectWarDay >= 0, int32Of(o.DirectWarDay))
	req(parquet.BooleanValue(o.NuclearUse))
	opt(o.NuclearUse && o.FirstUseDay >= 0, int32Of(o.FirstUseDay))
	opt(o.NuclearUse && o.FirstUseBy >= 0, func() parquet.Value { return parquet.ByteArrayValue(rw.actors[o.FirstUseBy]) })
	opt(o.NuclearUse && o.FirstUseKind != sim.UseNone, bytesOf(rw.uses[o.FirstUseKind]))
	opt(o.NuclearUse && o.PathAtUse > 0, func() parquet.Value { return parquet.ByteArrayValue([]byte(o.PathString(o.PathAtUse))) })
	req(parquet.Int32Value(int32(o.Alarms)))
	req(parquet.Int32Value(int32(o.Threats)))
	req(parquet.Int32Value(int32(o.ThreatsCalled)))
	for _, x := range o.Territory {
		req(parquet.DoubleValue(x))
	}
	for _, x := range o.Losses {
		req(parquet.DoubleValue(x))
	}
	opt(o.Response >= 0, bytesOf(rw.answers[max(0, o.Response)]))
	for _, x := range o.Casualties {
		req(parquet.DoubleValue(x))
	}
	if m := rw.m; m.HasWorld() {
		req(parquet.Int32Value(int32(o.SanctionsSize)))
		req(parquet.Int32Value(int32(o.SanctionsMax)))
		for i := range m.Actors {
			if m.HasEconomy(i) {
				req(parquet.DoubleValue(o.GDPLost[i]))
			}
		}
		als := m.Alliances()
		for i := range m.Actors {
			if m.SeeksAlliance(i) {
				k := o.Joined[i]
				opt(k >= 0, func() parquet.Value { return parquet.ByteArrayValue([]byte(als[k])) })
				opt(k >= 0, int32Of(o.JoinDay[i]))
			}
		}
		for i := range m.Actors {
			if m.HasProliferation(i) {
				req(parquet.ByteArrayValue([]byte(sim.ProlifStateName(o.Prolif[i]))))
			}
		}
		for i := range m.Actors {
			if m.HasRegime(i) {
				req(parquet.Int32Value(int32(o.RegimeChanges[i])))
			}
		}
	}
	for _, x := range r.Sampled {
		req(parquet.DoubleValue(x))
	}
	return dst
}

// order checks that k comes after the last row.
func (rw *RowsWriter) order(k int64) error {
	if rw.err != nil {
		return rw.err
	}
	if rw.done {
		return rw.fail(errors.New("table of trajectories: write after close"))
	}
	if k <= rw.lastK {
		return rw.fail(fmt.Errorf("table of trajectories: trajectory %d after %d; rows must come in increasing k, each once", k, rw.lastK))
	}
	rw.lastK = k
	return nil
}

// added counts the row just put in the batch, hands the batch to the
// Parquet writer when it is full, and ends the row group every rowGroupRows
// rows. The cuts fall on row numbers of the file, not on how rows arrive.
func (rw *RowsWriter) added() error {
	rw.nb++
	rw.rows++
	if rw.nb < rowBatch {
		return nil
	}
	return rw.flushBatch()
}

func (rw *RowsWriter) flushBatch() error {
	if rw.nb > 0 {
		if _, err := rw.pw.WriteRows(rw.batch[:rw.nb]); err != nil {
			return rw.fail(err)
		}
		rw.nb = 0
	}
	if rw.rows%rowGroupRows == 0 && rw.rows > 0 {
		if err := rw.pw.Flush(); err != nil {
			return rw.fail(err)
		}
	}
	return nil
}

func (rw *RowsWriter) fail(err error) error {
	if rw.err == nil {
		rw.err = err
	}
	return rw.err
}

// copyRows adds the rows of r with k < until, as they are.
func (rw *RowsWriter) copyRows(r *rowsReader, until int64) error {
	for {
		row, err := r.peek()
		if err != nil {
			return rw.fail(err)
		}
		if row == nil {
			return nil
		}
		k := row[colK].Int64()
		if k >= until {
			return nil
		}
		if err := rw.order(k); err != nil {
			return err
		}
		dst := rw.batch[rw.nb][:0]
		for _, v := range row {
			dst = append(dst, v.Clone())
		}
		rw.batch[rw.nb] = dst
		r.next()
		if err := rw.added(); err != nil {
			return err
		}
	}
}

// copyPrev adds the rows of the earlier table that come before trajectory k,
// which must not be among them.
func (rw *RowsWriter) copyPrev(k int64) error {
	if err := rw.copyRows(rw.prev, k); err != nil {
		return err
	}
	if row, err := rw.prev.peek(); err != nil {
		return rw.fail(err)
	} else if row != nil && row[colK].Int64() == k {
		return rw.fail(fmt.Errorf("table of trajectories: trajectory %d is already in %s", k, rw.prev.path))
	}
	return nil
}

// Close adds what is left of an earlier table, writes the last batch and the
// footer, and returns the first error of the writer.
func (rw *RowsWriter) Close() error {
	if rw.done {
		return rw.err
	}
	if rw.prev != nil && rw.err == nil {
		rw.copyRows(rw.prev, math.MaxInt64)
	}
	if rw.err == nil {
		rw.flushBatch()
	}
	rw.done = true
	if rw.err == nil {
		if err := rw.pw.Close(); err != nil {
			rw.fail(err)
		}
	}
	return rw.err
}

// Rows is the number of rows written so far.
func (rw *RowsWriter) Rows() int64 { return rw.rows }

// rowsReader reads the rows of a table of trajectories in order.
type rowsReader struct {
	path string
	f    *os.File
	r    *parquet.Reader
	n    int64 // rows in the file
	buf  []parquet.Row
	i, j int // buf[i:j] are read and not yet taken
	eof  bool
}

// openRows opens the table of trajectories at path and checks that it has
// the columns of schema and is of the run that man describes (any shard).
func openRows(path string, schema *parquet.Schema, man Manifest) (*rowsReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if v, _ := pf.Lookup("brink.format"); v != RowsFormat {
		f.Close()
		return nil, fmt.Errorf("%s: not a table of trajectories of this brink (format %q, want %q)", path, v, RowsFormat)
	}
	for k, want := range rowsMetadata(man) {
		if k == shardKey {
			continue
		}
		if got, _ := pf.Lookup(k); got != want {
			f.Close()
			return nil, fmt.Errorf("%s: not a table of this run (%s is %q, want %q)", path, k, got, want)
		}
	}
	if got, want := schemaText(pf.Schema()), schemaText(schema); got != want {
		f.Close()
		return nil, fmt.Errorf("%s: its columns are not those of the scenario's table of trajectories", path)
	}
	return &rowsReader{path: path, f: f, r: parquet.NewReader(pf), n: pf.NumRows(), buf: make([]parquet.Row, rowBatch)}, nil
}

// schemaText describes the columns of s: names, types and whether they may
// be null.
func schemaText(s *parquet.Schema) string {
	var b strings.Builder
	for _, f := range s.Fields() {
		fmt.Fprintf(&b, "%q %s %v\n", f.Name(), f.Type(), f.Optional())
	}
	return b.String()
}

// peek returns the next row, or nil at the end. The row is valid until next.
func (r *rowsReader) peek() (parquet.Row, error) {
	if r.i < r.j {
		return r.buf[r.i], nil
	}
	if r.eof {
		return nil, nil
	}
	n, err := r.r.ReadRows(r.buf)
	r.i, r.j = 0, n
	if errors.Is(err, io.EOF) {
		r.eof = true
	} else if err != nil {
		return nil, fmt.Errorf("%s: %v", r.path, err)
	}
	if n == 0 {
		r.eof = true
		return nil, nil
	}
	return r.buf[0], nil
}

func (r *rowsReader) next() { r.i++ }

func (r *rowsReader) close() error {
	r.r.Close()
	return r.f.Close()
}

// Rows is a table of trajectories being written into a results directory:
// a temporary file there until Commit renames it to RowsFile.
type Rows struct {
	*RowsWriter
	dir  string
	f    *os.File
	prev *rowsReader
	over bool // committed or aborted
}

// CreateRows starts the table of trajectories of a run in dir for model m,
// with the metadata of man. With resume, the table already in dir (from an
// interrupted run) is kept: its rows are merged in order of k with the rows
// written, and the rest of them added at Commit, so the resumed table is the
// one an uninterrupted run writes; PrevRows tells how many it holds.
func CreateRows(dir string, m *sim.Model, man Manifest, resume bool) (*Rows, error) {
	f, err := os.CreateTemp(dir, "."+RowsFile+".tmp-*")
	if err != nil {
		return nil, err
	}
	rs := &Rows{dir: dir, f: f}
	rw, err := NewRowsWriter(f, m, man)
	if err != nil {
		rs.Abort()
		return nil, err
	}
	rs.RowsWriter = rw
	if resume {
		if rs.prev, err = openRows(filepath.Join(dir, RowsFile), rw.schema, man); err != nil {
			rs.Abort()
			return nil, err
		}
		rw.prev = rs.prev
	}
	return rs, nil
}

// PrevRows is the number of rows of the table being resumed (0 if none).
func (rs *Rows) PrevRows() int64 {
	if rs.prev == nil {
		return 0
	}
	return rs.prev.n
}

// Commit finishes the table and puts it in place as dir/RowsFile, then
// writes the long table of losses, dir/LossesFile, from it. On error in the
// first step nothing is put in place.
func (rs *Rows) Commit() error {
	if rs.over {
		return errors.New("table of trajectories: committed or aborted already")
	}
	rs.over = true
	err := rs.RowsWriter.Close()
	if rs.prev != nil {
		rs.prev.close()
	}
	if err == nil {
		err = rs.f.Sync()
	}
	if cerr := rs.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(rs.f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(rs.f.Name(), filepath.Join(rs.dir, RowsFile))
	}
	if err != nil {
		os.Remove(rs.f.Name())
		return err
	}
	return WriteLosses(rs.dir, rs.m)
}

// Abort drops the table: the temporary file is removed, and a table already
// in dir is left as it was. After Commit it does nothing.
func (rs *Rows) Abort() {
	if rs.over {
		return
	}
	rs.over = true
	if rs.prev != nil {
		rs.prev.close()
	}
	rs.f.Close()
	os.Remove(rs.f.Name())
}

// HasRows reports whether the results directory dir holds a table of
// trajectories.
func HasRows(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, RowsFile))
	return err == nil && st.Mode().IsRegular()
}

// MergeRows writes into dir the table of trajectories of a run from the
// tables of its shards, given in shard order: their rows one after the other,
// which for a complete run is the table one unsharded run writes, byte for
// byte (man is the merged run's manifest).
func MergeRows(dir string, m *sim.Model, man Manifest, shardDirs []string) error {
	rs, err := CreateRows(dir, m, man, false)
	if err != nil {
		return err
	}
	for _, d := range shardDirs {
		r, err := openRows(filepath.Join(d, RowsFile), rs.schema, man)
		if err == nil {
			err = rs.copyRows(r, math.MaxInt64)
			r.close()
		}
		if err != nil {
			rs.Abort()
			return err
		}
	}
	return rs.Commit()
}
