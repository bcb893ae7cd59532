package mc

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"brink/sim"
)

// Time series and escalation paths, aggregated over the trajectories.
//
// Per sample day of sim.SeriesDays, a histogram of the principal rung (exact,
// one cell per rung), of the territory of each theatre (200 bins over 0..1)
// and of the cumulative losses of each actor × category (log bins, 20 per
// decade: coarser than the end-of-run histogram, since there are many of
// them). Every one is an integer count, so merges are exact and the fan
// bands (Fans) are the same bytes whatever the number of workers or shards.
//
// The paths to nuclear use count the trajectories with a nuclear use by the
// escalation path up to the first use (Outcome.PathString(PathAtUse)), the
// kind of that use and who made it; each keeps the lowest index of a
// trajectory that followed it, an example to replay with Trace. The minimum
// does not depend on the order of merges.

const (
	seriesTerritoryBins = 200
	seriesLossBins      = 20 // per decade, over 1..1e7 units; quantiles are interpolated within bins (Hist.QuantileSmooth)
)

// Series holds, per sample day, the distribution of the principal rung,
// territory and losses over all trajectories (an ended trajectory counts at
// its final state; see sim.Series).
type Series struct {
	Days      []int   // sim.SeriesDays of the horizon
	Rung      []*Hist // [day]: conflict rung of the principal relation
	Territory []*Hist // [day*NT + theatre]: share held by side a
	Losses    []*Hist // [day*len(Forces) + j]: cumulative units lost by force Forces[j]
	Forces    []int   // the forces followed: actor*NC + category, for every actor that fights in a theatre
	nf        int     // forces per day in sim.Series (actors × categories)
}

// seriesForces are the forces whose losses the series follow: every
// category of every actor on a side of some theatre. Others cannot lose
// anything, and following them would only cost time.
func seriesForces(m *sim.Model) []int {
	nc := len(m.Categories)
	in := make([]bool, len(m.Actors))
	for _, t := range m.Theatres {
		for s := range 2 {
			for _, a := range t.Actors[s] {
				in[a] = true
			}
		}
	}
	var f []int
	for a := range m.Actors {
		if in[a] {
			for c := range nc {
				f = append(f, a*nc+c)
			}
		}
	}
	return f
}

func newSeries(m *sim.Model) *Series {
	s := &Series{Days: sim.SeriesDays(m.Scenario.HorizonDays), Forces: seriesForces(m), nf: len(m.Actors) * len(m.Categories)}
	nt, nf := len(m.Theatres), len(s.Forces)
	for range s.Days {
		s.Rung = append(s.Rung, NewIntHist(m.Top))
		for range nt {
			s.Territory = append(s.Territory, NewLinearHist(0, 1, seriesTerritoryBins))
		}
		for range nf {
			s.Losses = append(s.Losses, NewLogHist(1, 1e7, seriesLossBins))
		}
	}
	return s
}

// N is the number of trajectories in the series: the result's, unless the
// result was loaded from a file saved before series were kept (then 0).
func (s *Series) N() int64 { return s.Rung[0].N() }

func (s *Series) add(o *sim.Series) {
	for i, x := range o.Rung {
		s.Rung[i].Add(float64(x))
	}
	for i, x := range o.Territory {
		s.Territory[i].Add(x)
	}
	nf := len(s.Forces)
	for i := range s.Days {
		for j, f := range s.Forces {
			s.Losses[i*nf+j].Add(o.Losses[i*s.nf+f])
		}
	}
}

// hists lists every histogram in a fixed order: rung, territory, losses.
func (s *Series) hists() [][]*Hist { return [][]*Hist{s.Rung, s.Territory, s.Losses} }

func (s *Series) merge(o *Series) {
	for j, hs := range s.hists() {
		for i, h := range hs {
			must(h.Merge(o.hists()[j][i]))
		}
	}
}

// PathKey is an escalation path to a first nuclear use: the rungs climbed
// (sim.Outcome.Path up to PathAtUse), the kind of the first use and the
// actor that made it. It is comparable, so counting allocates only for a
// path not seen before.
type PathKey struct {
	Rungs [sim.MaxPath]int8
	Len   int8
	Kind  sim.UseKind
	By    int32
}

// PathCount is how many trajectories followed a path, and the lowest index
// of one of them (-1 if none is known: counted by Add rather than AddAt).
type PathCount struct {
	Count   int64
	Example int64
}

// String writes the path as "6>7>9".
func (k PathKey) String() string {
	var b strings.Builder
	for i, r := range k.Rungs[:k.Len] {
		if i > 0 {
			b.WriteByte('>')
		}
		b.WriteString(strconv.Itoa(int(r)))
	}
	return b.String()
}

func pathKeyOf(o *sim.Outcome) PathKey {
	n := o.PathAtUse
	if n == 0 {
		n = o.PathLen
	}
	k := PathKey{Len: int8(n), Kind: o.FirstUseKind, By: int32(o.FirstUseBy)}
	copy(k.Rungs[:n], o.Path[:n])
	return k
}

// addPath counts trajectory k's path to nuclear use, if it had one.
func addPath(paths map[PathKey]PathCount, o *sim.Outcome, k int64) {
	if !o.NuclearUse {
		return
	}
	key := pathKeyOf(o)
	c, ok := paths[key]
	if !ok {
		c.Example = -1
	}
	c.Count++
	c.Example = minExample(c.Example, k)
	paths[key] = c
}

// minExample is the lower of two trajectory indices, -1 standing for none.
func minExample(a, b int64) int64 {
	switch {
	case a < 0:
		return b
	case b < 0:
		return a
	}
	return min(a, b)
}

func mergePaths(dst, src map[PathKey]PathCount) {
	for key, c := range src {
		d, ok := dst[key]
		if !ok {
			d.Example = -1
		}
		d.Count += c.Count
		d.Example = minExample(d.Example, c.Example)
		dst[key] = d
	}
}

// sortedPaths lists the paths, the most frequent first; ties by path, kind
// and actor, so the order depends only on the counts.
func sortedPaths(paths map[PathKey]PathCount) []PathKey {
	keys := make([]PathKey, 0, len(paths))
	for k := range paths {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b PathKey) int {
		if c := cmp.Compare(paths[b].Count, paths[a].Count); c != 0 {
			return c
		}
		return comparePathKeys(a, b)
	})
	return keys
}

func comparePathKeys(a, b PathKey) int {
	if c := slices.Compare(a.Rungs[:a.Len], b.Rungs[:b.Len]); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	return cmp.Compare(a.By, b.By)
}

// PathShare is one path to nuclear use in a summary.
type PathShare struct {
	Path    string   `json:"path"`  // rung indices, "6>7>9"
	Rungs   []string `json:"rungs"` // their names
	Kind    string   `json:"kind"`  // of the first use
	By      string   `json:"by"`    // the actor that made it
	Count   int64    `json:"count"`
	Share   float64  `json:"share"`   // of the trajectories with a nuclear use
	Example int64    `json:"example"` // lowest index of a trajectory that followed it; -1 unknown
}

// MaxPathsInSummary bounds the paths a summary lists.
const MaxPathsInSummary = 10

// TopPaths lists the n most frequent paths to nuclear use of r (all if n ≤ 0).
func TopPaths(r *Result, n int) []PathShare {
	m := r.Model
	keys := sortedPaths(r.Paths)
	if n > 0 && len(keys) > n {
		keys = keys[:n]
	}
	var out []PathShare
	for _, k := range keys {
		c := r.Paths[k]
		ps := PathShare{Path: k.String(), Kind: k.Kind.String(), Count: c.Count, Example: c.Example}
		if int(k.By) >= 0 && int(k.By) < len(m.Actors) {
			ps.By = m.Actors[k.By]
		}
		for _, x := range k.Rungs[:k.Len] {
			ps.Rungs = append(ps.Rungs, m.Scenario.Ladder[x].Name)
		}
		if r.NuclearUse > 0 {
			ps.Share = float64(c.Count) / float64(r.NuclearUse)
		}
		out = append(out, ps)
	}
	return out
}

// Fan is the distribution of one quantity over the sample days: its 5, 25,
// 50, 75 and 95 % quantiles from the histograms of Series (at their bin
// resolution: exact for the rung, 1/200 for territory, 12 % for losses).
type Fan struct {
	Name string    `json:"name"`
	Unit string    `json:"unit"`
	Days []int     `json:"days"`
	P05  []float64 `json:"p05"`
	P25  []float64 `json:"p25"`
	P50  []float64 `json:"p50"`
	P75  []float64 `json:"p75"`
	P95  []float64 `json:"p95"`
}

// FanOf computes the fan of one histogram per sample day.
func FanOf(name, unit string, days []int, hs []*Hist) Fan {
	f := Fan{Name: name, Unit: unit, Days: days}
	for _, h := range hs {
		f.P05 = append(f.P05, h.QuantileSmooth(0.05))
		f.P25 = append(f.P25, h.QuantileSmooth(0.25))
		f.P50 = append(f.P50, h.QuantileSmooth(0.5))
		f.P75 = append(f.P75, h.QuantileSmooth(0.75))
		f.P95 = append(f.P95, h.QuantileSmooth(0.95))
	}
	return f
}

// Fans are the fans of the principal rung ("rung"), of the territory of
// every theatre ("territory:ID") and of the losses of every actor ×
// category that lost anything by the horizon in at least 5 % of the
// trajectories ("losses:ACTOR:CATEGORY"), in that order. None if the series
// is empty.
func Fans(r *Result) []Fan {
	s, m := r.Series, r.Model
	if s == nil || s.N() == 0 {
		return nil
	}
	nd, nt, nc := len(s.Days), len(m.Theatres), len(m.Categories)
	nf := len(s.Forces)
	pick := func(all []*Hist, stride, j int) []*Hist {
		hs := make([]*Hist, nd)
		for i := range hs {
			hs[i] = all[i*stride+j]
		}
		return hs
	}
	fans := []Fan{FanOf("rung", "rung", s.Days, s.Rung)}
	for t, th := range m.Theatres {
		fans = append(fans, FanOf("territory:"+th.ID, "share held by "+m.Actors[th.Actors[0][0]]+"'s side", s.Days, pick(s.Territory, nt, t)))
	}
	for j, f := range s.Forces {
		a, c := f/nc, f%nc
		hs := pick(s.Losses, nf, j)
		if hs[nd-1].Quantile(0.95) == 0 {
			continue
		}
		fans = append(fans, FanOf("losses:"+m.Actors[a]+":"+m.Categories[c], "units", s.Days, hs))
	}
	return fans
}

// savedSeries is Series as written in result.json: the sample days, and
// every histogram as sparse cells, in the order of Series.
type savedSeries struct {
	Days      []int    `json:"days"`
	Rung      []sparse `json:"rung"`
	Territory []sparse `json:"territory"`
	Losses    []sparse `json:"losses"`
}

// savedPath is one path to nuclear use in result.json.
type savedPath struct {
	Path    string `json:"path"` // "6>7>9"
	Kind    string `json:"kind"`
	By      int    `json:"by"` // actor index
	Count   int64  `json:"count"`
	Example int64  `json:"example"`
}

func saveSeries(r *Result) (*savedSeries, []savedPath) {
	s := &savedSeries{Days: r.Series.Days}
	for j, hs := range r.Series.hists() {
		for _, h := range hs {
			sp := toSparse(h.counts)
			switch j {
			case 0:
				s.Rung = append(s.Rung, sp)
			case 1:
				s.Territory = append(s.Territory, sp)
			default:
				s.Losses = append(s.Losses, sp)
			}
		}
	}
	keys := slices.SortedFunc(maps.Keys(r.Paths), comparePathKeys)
	paths := make([]savedPath, 0, len(keys))
	for _, k := range keys {
		c := r.Paths[k]
		paths = append(paths, savedPath{Path: k.String(), Kind: k.Kind.String(), By: int(k.By), Count: c.Count, Example: c.Example})
	}
	return s, paths
}

// loadSeries fills r's series and paths from a saved result; nil (a file
// saved before they were kept) leaves them empty.
func loadSeries(r *Result, s *savedSeries, paths []savedPath) error {
	m := r.Model
	if s != nil {
		if !slices.Equal(s.Days, r.Series.Days) || len(s.Rung) != len(r.Series.Rung) ||
			len(s.Territory) != len(r.Series.Territory) || len(s.Losses) != len(r.Series.Losses) {
			return fmt.Errorf("saved result: its time series do not match the layout of scenario %s", m.Scenario.ID)
		}
		for j, hs := range r.Series.hists() {
			saved := [][]sparse{s.Rung, s.Territory, s.Losses}[j]
			for i, h := range hs {
				if err := saved[i].into(h.counts, "series histogram"); err != nil {
					return err
				}
				h.n = 0
				for _, c := range h.counts {
					h.n += c
				}
				if h.n != r.N {
					return fmt.Errorf("saved result is inconsistent: a series histogram holds %d trajectories, the result %d", h.n, r.N)
				}
			}
		}
	}
	var total int64
	for _, p := range paths {
		k, err := parsePathKey(m, p)
		if err != nil {
			return fmt.Errorf("saved result: path to nuclear use %q: %v", p.Path, err)
		}
		if _, dup := r.Paths[k]; dup || p.Count < 1 || p.Example < -1 {
			return fmt.Errorf("saved result: path to nuclear use %q (%s by %d) is repeated or has a bad count", p.Path, p.Kind, p.By)
		}
		r.Paths[k] = PathCount{Count: p.Count, Example: p.Example}
		total += p.Count
	}
	if len(paths) > 0 && total != r.NuclearUse {
		return fmt.Errorf("saved result is inconsistent: its paths to nuclear use count %d trajectories, its nuclear uses %d", total, r.NuclearUse)
	}
	return nil
}

func parsePathKey(m *sim.Model, p savedPath) (PathKey, error) {
	var k PathKey
	parts := strings.Split(p.Path, ">")
	if len(parts) > sim.MaxPath {
		return k, fmt.Errorf("longer than %d rungs", sim.MaxPath)
	}
	for i, s := range parts {
		x, err := strconv.Atoi(s)
		if err != nil || x < 0 || x > m.Top {
			return k, fmt.Errorf("%q is not a rung of the ladder", s)
		}
		k.Rungs[i] = int8(x)
	}
	k.Len = int8(len(parts))
	kind := -1
	for u := range sim.NumUseKinds {
		if u.String() == p.Kind {
			kind = int(u)
		}
	}
	if kind <= 0 {
		return k, fmt.Errorf("unknown kind of use %q", p.Kind)
	}
	if p.By < 0 || p.By >= len(m.Actors) {
		return k, fmt.Errorf("actor %d out of range", p.By)
	}
	k.Kind, k.By = sim.UseKind(kind), int32(p.By)
	return k, nil
}
