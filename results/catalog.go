package results

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"brink/mc"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// The catalog is an SQLite database listing results directories, so that runs
// can be found, compared and cleaned up without walking the disk. It only
// indexes: every figure in it is copied from a directory's manifest.json and
// summary.json, and Rebuild recreates it from the directories alone.
//
// A run's id is the first 12 hex digits of the SHA-256 of its directory's
// absolute path, symbolic links resolved. It is stable (the same directory
// always has the same id, in any catalog, and after a rebuild) and re-adding a
// directory updates its row. A directory that is moved gets a new id.

// DefaultCatalogPath is where the catalog lives unless BRINK_CATALOG or a flag
// says otherwise.
const DefaultCatalogPath = "brink-runs/catalog.sqlite"

// CatalogEnv names the environment variable that overrides DefaultCatalogPath.
const CatalogEnv = "BRINK_CATALOG"

// CatalogPath is the catalog to use: $BRINK_CATALOG if set, else
// catalog.sqlite in RunsRoot (DefaultCatalogPath when $BRINK_RUNS is unset).
func CatalogPath() string {
	if p := os.Getenv(CatalogEnv); p != "" {
		return p
	}
	return filepath.Join(RunsRoot(), "catalog.sqlite")
}

// RunsEnv names the environment variable that moves the default home of
// runs (and of the catalog) away from ./brink-runs.
const RunsEnv = "BRINK_RUNS"

// RunsRoot is where runs are kept by default: $BRINK_RUNS, or ./brink-runs.
func RunsRoot() string {
	if r := os.Getenv(RunsEnv); r != "" {
		return r
	}
	return "brink-runs"
}

// CatalogSchemaVersion is the version of the catalog's tables that this brink
// writes; it refuses a catalog of a later version.
const CatalogSchemaVersion = 1

const catalogSchema = `
CREATE TABLE schema_version (
	version INTEGER NOT NULL
);
CREATE TABLE runs (
	id            TEXT PRIMARY KEY,   -- sha256(absolute directory)[:6], in hex
	dir           TEXT NOT NULL UNIQUE,
	scenario      TEXT NOT NULL,
	title         TEXT NOT NULL,
	scenario_file TEXT NOT NULL,
	scenario_hash TEXT NOT NULL,
	variant       TEXT NOT NULL,      -- '' for the scenario as written
	seed          TEXT NOT NULL,      -- decimal: a uint64 does not fit an SQLite INTEGER
	trajectories  INTEGER NOT NULL,   -- requested, of the whole run (all shards)
	done          INTEGER NOT NULL,   -- finished, in this directory
	partial       INTEGER NOT NULL,   -- 0 or 1
	shard         INTEGER NOT NULL,
	shards        INTEGER NOT NULL,   -- 0 or 1: not sharded
	started       TEXT,               -- UTC, fixed width, so that text order is time order
	finished      TEXT,
	brink_version TEXT NOT NULL,
	nuclear_use_p         REAL, nuclear_use_lo         REAL, nuclear_use_hi         REAL,
	general_nuclear_war_p REAL, general_nuclear_war_lo REAL, general_nuclear_war_hi REAL,
	settlement_p          REAL, settlement_lo          REAL, settlement_hi          REAL,
	direct_war_p          REAL, direct_war_lo          REAL, direct_war_hi          REAL,
	added         TEXT NOT NULL       -- when the row was first written
);
CREATE INDEX runs_by_time ON runs (finished, started);
CREATE INDEX runs_by_scenario ON runs (scenario, variant);
`

// timeLayout stores times in UTC with a fixed width, so that sorting the text
// sorts the times.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// idLen is the length of a run's id, in hex digits.
const idLen = 12

// minPrefix is the shortest prefix of an id that Get accepts.
const minPrefix = 4

// Errors of Get and Remove, wrapped with the id and the catalog.
var (
	ErrNotFound  = errors.New("no such run in the catalog")
	ErrAmbiguous = errors.New("more than one run's id begins with it in the catalog")
)

// Figure is a probability with its 95 % interval, copied from summary.json.
type Figure struct {
	P  float64 `json:"p"`
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
}

// Run is one results directory as the catalog records it. A headline figure
// is nil when the summary did not report it.
type Run struct {
	ID           string    `json:"id"`
	Dir          string    `json:"dir"`
	Scenario     string    `json:"scenario"`
	Title        string    `json:"title"`
	ScenarioFile string    `json:"scenario_file"`
	ScenarioHash string    `json:"scenario_hash"`
	Variant      string    `json:"variant"`
	Seed         uint64    `json:"seed"`
	Trajectories int64     `json:"trajectories"` // requested, of the whole run
	Done         int64     `json:"done"`         // in this directory
	Partial      bool      `json:"partial"`
	Shard        int       `json:"shard"`
	Shards       int       `json:"shards"`
	Started      time.Time `json:"started"`
	Finished     time.Time `json:"finished"`
	Brink        string    `json:"brink_version"`
	Added        time.Time `json:"added"`

	NuclearUse        *Figure `json:"nuclear_use"`
	GeneralNuclearWar *Figure `json:"general_nuclear_war"`
	Settlement        *Figure `json:"settlement"`
	DirectWar         *Figure `json:"direct_war"`
}

// Catalog is an open catalog database.
type Catalog struct {
	db   *sql.DB
	path string
}

// OpenCatalog opens the catalog at path, creating it (and its directory) if
// it does not exist. Several processes may use one catalog at once: writers
// wait up to ten seconds for each other.
func OpenCatalog(path string) (*Catalog, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %v", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("catalog %s: %v", path, err)
	}
	// A file: URI, so that any character may appear in the path; the
	// driver reads the underscore keys, SQLite ignores them.
	// _txlock=immediate: a write transaction takes the write lock when it
	// begins, so two writers wait for each other instead of failing.
	dsn := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs),
		RawQuery: "_pragma=busy_timeout(10000)&_txlock=immediate"}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %v", path, err)
	}
	c := &Catalog{db: db, path: path}
	if err := c.init(); err != nil {
		db.Close()
		return nil, fmt.Errorf("catalog %s: %v", path, err)
	}
	return c, nil
}

// init creates the tables of a new catalog and checks the version of an
// existing one. It takes the write lock only when there is something to
// create, so that reading a catalog needs no write access.
func (c *Catalog) init() error {
	v, err := c.schemaVersion(c.db)
	if err != nil {
		return err
	}
	if v == 0 {
		tx, err := c.db.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		// Another process may have created it meanwhile.
		if v, err = c.schemaVersion(tx); err != nil {
			return err
		}
		if v == 0 {
			if _, err := tx.Exec(catalogSchema); err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO schema_version (version) VALUES (?)`, CatalogSchemaVersion); err != nil {
				return err
			}
			v = CatalogSchemaVersion
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	if v != CatalogSchemaVersion {
		return fmt.Errorf("schema version %d, this brink reads version %d", v, CatalogSchemaVersion)
	}
	return nil
}

type querier interface {
	QueryRow(query string, args ...any) *sql.Row
}

// schemaVersion is the catalog's schema version, 0 for an empty database.
func (c *Catalog) schemaVersion(q querier) (int, error) {
	var n int
	if err := q.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).Scan(&n); err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, nil
	}
	var v sql.NullInt64
	if err := q.QueryRow(`SELECT max(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, err
	}
	return int(v.Int64), nil
}

// Path is the path the catalog was opened with.
func (c *Catalog) Path() string { return c.path }

// Close closes the database.
func (c *Catalog) Close() error { return c.db.Close() }

// Register records the results directory dir in the catalog at catalogPath
// (CatalogPath() if empty), creating the catalog if needed. It is what a
// command calls after writing a results directory.
func Register(catalogPath, dir string) error {
	if catalogPath == "" {
		catalogPath = CatalogPath()
	}
	c, err := OpenCatalog(catalogPath)
	if err != nil {
		return err
	}
	_, err = c.Add(dir)
	if cerr := c.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("catalog %s: %v", catalogPath, cerr)
	}
	return err
}

// RunID is the id of the results directory dir: the first 12 hex digits of
// the SHA-256 of its absolute path, symbolic links resolved.
func RunID(dir string) (string, error) {
	abs, err := canonicalDir(dir)
	if err != nil {
		return "", err
	}
	return idOf(abs), nil
}

func idOf(absDir string) string {
	h := sha256.Sum256([]byte(absDir))
	return hex.EncodeToString(h[:])[:idLen]
}

// canonicalDir is dir as an absolute path with symbolic links resolved (as
// far as they resolve: a directory that is gone keeps its absolute path).
func canonicalDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("%s: %v", dir, err)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	return abs, nil
}

// Add records the results directory dir (its manifest.json and summary.json),
// or updates its row if it is already there, and returns its id.
func (c *Catalog) Add(dir string) (string, error) {
	r, err := readRun(dir)
	if err != nil {
		return "", err
	}
	tx, err := c.db.Begin()
	if err != nil {
		return "", fmt.Errorf("catalog %s: adding %s: %v", c.path, dir, err)
	}
	defer tx.Rollback()
	if err := c.put(tx, r, time.Now()); err != nil {
		return "", fmt.Errorf("catalog %s: adding %s: %v", c.path, dir, err)
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("catalog %s: adding %s: %v", c.path, dir, err)
	}
	return r.ID, nil
}

// readRun reads what the catalog records of a results directory.
func readRun(dir string) (*Run, error) {
	abs, err := canonicalDir(dir)
	if err != nil {
		return nil, err
	}
	man, err := readManifest(abs)
	if err != nil {
		return nil, err
	}
	sp := filepath.Join(abs, SummaryFile)
	sj, err := os.ReadFile(sp)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: incomplete results directory (no %s)", abs, SummaryFile)
		}
		return nil, err
	}
	var s struct {
		Manifest Manifest    `json:"manifest"`
		Summary  *mc.Summary `json:"summary"`
	}
	if err := json.Unmarshal(sj, &s); err != nil {
		return nil, fmt.Errorf("%s: %v", sp, err)
	}
	if s.Summary == nil {
		return nil, fmt.Errorf("%s: no summary in it", sp)
	}
	if m := s.Manifest; m.ScenarioHash != man.ScenarioHash || m.Variant != man.Variant || m.Seed != man.Seed ||
		m.Done != man.Done || m.Shard != man.Shard || !m.Started.Equal(man.Started) {
		return nil, fmt.Errorf("%s: %s and %s describe different runs (is a run writing into it?)", abs, ManifestFile, SummaryFile)
	}
	r := &Run{
		ID: idOf(abs), Dir: abs, Scenario: man.Scenario, Title: s.Summary.Title, ScenarioFile: man.ScenarioFile,
		ScenarioHash: man.ScenarioHash, Variant: man.Variant, Seed: man.Seed, Trajectories: man.Trajectories,
		Done: man.Done, Partial: man.Partial, Shard: man.Shard, Shards: man.Shards,
		Started: man.Started, Finished: man.Finished, Brink: man.Brink,
	}
	find := func(name string) *Figure {
		for _, list := range [][]mc.Estimate{s.Summary.Events, s.Summary.Ends} {
			for _, e := range list {
				if e.Name == name {
					return &Figure{P: e.P, Lo: e.Lo, Hi: e.Hi}
				}
			}
		}
		return nil
	}
	r.NuclearUse = find("nuclear_use")
	r.GeneralNuclearWar = find("general_nuclear_war")
	r.Settlement = find("settlement")
	r.DirectWar = find("direct_war")
	return r, nil
}

// readManifest reads and checks the manifest of a results directory.
func readManifest(dir string) (Manifest, error) {
	var man Manifest
	p := filepath.Join(dir, ManifestFile)
	mj, err := os.ReadFile(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return man, fmt.Errorf("%s: not a results directory (no %s)", dir, ManifestFile)
		}
		return man, err
	}
	if err := json.Unmarshal(mj, &man); err != nil {
		return man, fmt.Errorf("%s: %v", p, err)
	}
	if man.Format != ManifestFormat {
		return man, fmt.Errorf("%s: manifest format %q, this brink reads %q", dir, man.Format, ManifestFormat)
	}
	return man, nil
}

const runColumns = `id, dir, scenario, title, scenario_file, scenario_hash, variant, seed,
	trajectories, done, partial, shard, shards, started, finished, brink_version,
	nuclear_use_p, nuclear_use_lo, nuclear_use_hi,
	general_nuclear_war_p, general_nuclear_war_lo, general_nuclear_war_hi,
	settlement_p, settlement_lo, settlement_hi,
	direct_war_p, direct_war_lo, direct_war_hi, added`

// put inserts or updates the row of r, inside tx.
func (c *Catalog) put(tx *sql.Tx, r *Run, now time.Time) error {
	var other string
	err := tx.QueryRow(`SELECT dir FROM runs WHERE id = ?`, r.ID).Scan(&other)
	switch {
	case err == nil && other != r.Dir:
		return fmt.Errorf("id %s is already that of %s (two paths with the same hash prefix)", r.ID, other)
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return err
	}
	args := []any{r.ID, r.Dir, r.Scenario, r.Title, r.ScenarioFile, r.ScenarioHash, r.Variant,
		strconv.FormatUint(r.Seed, 10), r.Trajectories, r.Done, r.Partial, r.Shard, r.Shards,
		timeText(r.Started), timeText(r.Finished), r.Brink}
	for _, f := range []*Figure{r.NuclearUse, r.GeneralNuclearWar, r.Settlement, r.DirectWar} {
		if f == nil {
			args = append(args, nil, nil, nil)
		} else {
			args = append(args, f.P, f.Lo, f.Hi)
		}
	}
	args = append(args, timeText(now))
	_, err = tx.Exec(`INSERT INTO runs (`+runColumns+`) VALUES (`+strings.Repeat("?, ", len(args)-1)+`?)
		ON CONFLICT (id) DO UPDATE SET
		dir = excluded.dir, scenario = excluded.scenario, title = excluded.title,
		scenario_file = excluded.scenario_file, scenario_hash = excluded.scenario_hash,
		variant = excluded.variant, seed = excluded.seed, trajectories = excluded.trajectories,
		done = excluded.done, partial = excluded.partial, shard = excluded.shard, shards = excluded.shards,
		started = excluded.started, finished = excluded.finished, brink_version = excluded.brink_version,
		nuclear_use_p = excluded.nuclear_use_p, nuclear_use_lo = excluded.nuclear_use_lo, nuclear_use_hi = excluded.nuclear_use_hi,
		general_nuclear_war_p = excluded.general_nuclear_war_p, general_nuclear_war_lo = excluded.general_nuclear_war_lo,
		general_nuclear_war_hi = excluded.general_nuclear_war_hi,
		settlement_p = excluded.settlement_p, settlement_lo = excluded.settlement_lo, settlement_hi = excluded.settlement_hi,
		direct_war_p = excluded.direct_war_p, direct_war_lo = excluded.direct_war_lo, direct_war_hi = excluded.direct_war_hi`, args...)
	return err
}

// timeText is t as stored, NULL for the zero time.
func timeText(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	return time.Parse(timeLayout, s.String)
}

type scanner interface {
	Scan(dest ...any) error
}

func scanRun(s scanner) (*Run, error) {
	var (
		r                        Run
		seed                     string
		started, finished, added sql.NullString
		f                        [12]sql.NullFloat64
	)
	dest := []any{&r.ID, &r.Dir, &r.Scenario, &r.Title, &r.ScenarioFile, &r.ScenarioHash, &r.Variant, &seed,
		&r.Trajectories, &r.Done, &r.Partial, &r.Shard, &r.Shards, &started, &finished, &r.Brink}
	for i := range f {
		dest = append(dest, &f[i])
	}
	dest = append(dest, &added)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	var err error
	if r.Seed, err = strconv.ParseUint(seed, 10, 64); err != nil {
		return nil, fmt.Errorf("run %s: seed %q: %v", r.ID, seed, err)
	}
	for _, t := range []struct {
		dst *time.Time
		src sql.NullString
	}{{&r.Started, started}, {&r.Finished, finished}, {&r.Added, added}} {
		if *t.dst, err = parseTime(t.src); err != nil {
			return nil, fmt.Errorf("run %s: %v", r.ID, err)
		}
	}
	for i, dst := range []**Figure{&r.NuclearUse, &r.GeneralNuclearWar, &r.Settlement, &r.DirectWar} {
		if p, lo, hi := f[3*i], f[3*i+1], f[3*i+2]; p.Valid && lo.Valid && hi.Valid {
			*dst = &Figure{P: p.Float64, Lo: lo.Float64, Hi: hi.Float64}
		}
	}
	return &r, nil
}

// Filter selects runs for List; its zero value selects them all.
type Filter struct {
	Scenario string // only the runs of this scenario id
	Variant  string // only the runs of this variant
	Limit    int    // at most this many runs (the newest); 0: no limit
}

// List returns the runs that f selects, newest first (by the time they
// finished, then started).
func (c *Catalog) List(f Filter) ([]*Run, error) {
	q := `SELECT ` + runColumns + ` FROM runs`
	var (
		where []string
		args  []any
	)
	if f.Scenario != "" {
		where, args = append(where, "scenario = ?"), append(args, f.Scenario)
	}
	if f.Variant != "" {
		where, args = append(where, "variant = ?"), append(args, f.Variant)
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY finished DESC, started DESC, dir"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := c.db.Query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %v", c.path, err)
	}
	defer rows.Close()
	var runs []*Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("catalog %s: %v", c.path, err)
		}
		runs = append(runs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("catalog %s: %v", c.path, err)
	}
	return runs, nil
}

// Get returns the run with this id, or with an id that begins with it (at
// least 4 hex digits, and only one run's). An id that no run has gives an
// error that wraps ErrNotFound; a prefix of several, one that wraps
// ErrAmbiguous.
func (c *Catalog) Get(id string) (*Run, error) {
	return c.get(c.db, id)
}

type rowQuerier interface {
	querier
	Query(query string, args ...any) (*sql.Rows, error)
}

func (c *Catalog) get(q rowQuerier, id string) (*Run, error) {
	r, err := scanRun(q.QueryRow(`SELECT `+runColumns+` FROM runs WHERE id = ?`, id))
	if err == nil {
		return r, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("catalog %s: run %s: %v", c.path, id, err)
	}
	if len(id) < minPrefix || len(id) >= idLen || strings.Trim(id, "0123456789abcdef") != "" {
		return nil, fmt.Errorf("run %q: %w %s", id, ErrNotFound, c.path)
	}
	rows, err := q.Query(`SELECT `+runColumns+` FROM runs WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 2`, len(id), id)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: run %s: %v", c.path, id, err)
	}
	defer rows.Close()
	var found []*Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("catalog %s: %v", c.path, err)
		}
		found = append(found, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("catalog %s: run %s: %v", c.path, id, err)
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("run %q: %w %s", id, ErrNotFound, c.path)
	case 1:
		return found[0], nil
	default:
		return nil, fmt.Errorf("run %q: %w %s (%s, %s, ...): give more of the id", id, ErrAmbiguous, c.path, found[0].ID, found[1].ID)
	}
}

// Remove deletes the run with this id (or unique prefix of it) from the
// catalog and returns it. With deleteFiles it deletes its results directory
// too, but only if the directory still holds a manifest and nothing but the
// files of a results directory; a directory already gone is no error.
func (c *Catalog) Remove(id string, deleteFiles bool) (*Run, error) {
	tx, err := c.db.Begin()
	if err != nil {
		return nil, fmt.Errorf("catalog %s: removing %s: %v", c.path, id, err)
	}
	defer tx.Rollback()
	r, err := c.get(tx, id)
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(`DELETE FROM runs WHERE id = ?`, r.ID); err != nil {
		return nil, fmt.Errorf("catalog %s: removing %s: %v", c.path, r.ID, err)
	}
	if deleteFiles {
		if err := removeResultsDir(r.Dir); err != nil {
			return nil, fmt.Errorf("run %s: %v (the catalog still lists it)", r.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("catalog %s: removing %s: %v", c.path, r.ID, err)
	}
	return r, nil
}

// removeResultsDir deletes a results directory, refusing one that holds
// anything else (a catalog row can outlive its directory, and the path can
// since have been reused).
func removeResultsDir(dir string) error {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := readManifest(dir); err != nil {
		return fmt.Errorf("not deleting %s: %v", dir, err)
	}
	var other []string
	for _, e := range ents {
		switch n := e.Name(); {
		case !e.Type().IsRegular():
			other = append(other, n)
		case n == ManifestFile || n == ResultFile || n == SummaryFile || n == SummaryTextFile:
		case strings.HasPrefix(n, ".") && strings.Contains(n, ".tmp-"): // left by an interrupted write
		default:
			other = append(other, n)
		}
	}
	if len(other) > 0 {
		if len(other) > 3 {
			other = append(other[:3], "...")
		}
		return fmt.Errorf("not deleting %s: it holds more than a run's results (%s); delete it by hand", dir, strings.Join(other, ", "))
	}
	return os.RemoveAll(dir)
}

// RebuildError lists the directories that Rebuild skipped because they could
// not be read, and the runs it forgot because their directory is gone; the
// catalog holds all the others.
type RebuildError struct {
	Skipped []error
	Dropped []string // directories of the runs forgotten
}

func (e *RebuildError) Error() string {
	var b strings.Builder
	if len(e.Skipped) > 0 {
		fmt.Fprintf(&b, "%d results director", len(e.Skipped))
		if len(e.Skipped) == 1 {
			b.WriteString("y")
		} else {
			b.WriteString("ies")
		}
		b.WriteString(" skipped:")
		for _, err := range e.Skipped {
			b.WriteString("\n  " + err.Error())
		}
	}
	if len(e.Dropped) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%d run(s) forgotten, their directory gone:", len(e.Dropped))
		for _, d := range e.Dropped {
			b.WriteString("\n  " + d)
		}
	}
	return b.String()
}

func (e *RebuildError) Unwrap() []error { return e.Skipped }

// Rebuild catalogues every results directory (one holding manifest.json and
// summary.json) found under the roots, at any depth, afresh from its files,
// and merges them with what the catalog held: a run catalogued before, outside
// the roots (kept with -out elsewhere), stays, read afresh if its directory
// is still there; one whose directory is gone is forgotten and named in a
// *RebuildError (Dropped). It returns how many runs the catalog then holds.
// A root that does not exist is an error and changes nothing; directories
// that cannot be read are skipped and listed in a *RebuildError (Skipped),
// after the others are catalogued.
func (c *Catalog) Rebuild(roots ...string) (int, error) {
	if len(roots) == 0 {
		return 0, errors.New("rebuild: no directory to search")
	}
	var (
		runs    []*Run
		skipped []error
	)
	for _, root := range roots {
		st, err := os.Stat(root)
		if err != nil {
			return 0, fmt.Errorf("rebuild: %v", err)
		}
		if !st.IsDir() {
			return 0, fmt.Errorf("rebuild: %s is not a directory", root)
		}
		abs, err := canonicalDir(root)
		if err != nil {
			return 0, fmt.Errorf("rebuild: %v", err)
		}
		err = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				skipped = append(skipped, err)
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() || !isFile(filepath.Join(p, ManifestFile)) || !isFile(filepath.Join(p, SummaryFile)) {
				return nil
			}
			r, err := readRun(p)
			if err != nil {
				skipped = append(skipped, err)
				return nil
			}
			runs = append(runs, r)
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("rebuild: %s: %v", root, err)
		}
	}
	// Runs catalogued before and not found under the roots: kept if their
	// directory still holds a run (read afresh; as they were if it cannot
	// be read), forgotten, by name, if it is gone.
	found := map[string]bool{}
	for _, r := range runs {
		found[r.Dir] = true
	}
	old, err := c.List(Filter{})
	if err != nil {
		return 0, fmt.Errorf("catalog %s: rebuild: %v", c.path, err)
	}
	var dropped []string
	for _, r := range old {
		if found[r.Dir] {
			continue
		}
		if !isFile(filepath.Join(r.Dir, ManifestFile)) || !isFile(filepath.Join(r.Dir, SummaryFile)) {
			dropped = append(dropped, r.Dir)
			continue
		}
		if fresh, err := readRun(r.Dir); err == nil {
			r = fresh
		} else {
			skipped = append(skipped, fmt.Errorf("%v (kept as catalogued)", err))
		}
		runs = append(runs, r)
	}
	// The same directory under two roots is catalogued once.
	seen := map[string]bool{}
	now := time.Now()
	tx, err := c.db.Begin()
	if err != nil {
		return 0, fmt.Errorf("catalog %s: rebuild: %v", c.path, err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`DELETE FROM runs`); err != nil {
		return 0, fmt.Errorf("catalog %s: rebuild: %v", c.path, err)
	}
	n := 0
	for _, r := range runs {
		if seen[r.Dir] {
			continue
		}
		seen[r.Dir] = true
		if err := c.put(tx, r, now); err != nil {
			skipped = append(skipped, fmt.Errorf("%s: %v", r.Dir, err))
			continue
		}
		n++
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("catalog %s: rebuild: %v", c.path, err)
	}
	if len(skipped) > 0 || len(dropped) > 0 {
		return n, &RebuildError{Skipped: skipped, Dropped: dropped}
	}
	return n, nil
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
