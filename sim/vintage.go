package sim

import (
	"strconv"

	"brink/scenario"
)

// Vintages: equipment that ages. Each force carries the mean quality q of its
// units in service, a multiplier of effectiveness in combat power (combat.go,
// unitPower: value·eff·q·units). Storage is drawn best first along a quality
// profile q_s(x) of the position x of a unit in the order of drawing — linear
// from the first to the last unit of the initial store S (storage_quality:
// [q₁, q₀], q_s(x) = q₁ − (q₁−q₀)·x/S), or a step per tranche
// (storage_tranches) — so what is refurbished gets older and worse as the store
// empties. New production enters with its own (modern) quality q_p, arms
// supplied by a third party with the quality of the supply entry. Refurbishing
// R units from position x brings in
//
//	∫ₓ^{x+R} q_s(u) du     quality-units, so from a fresh linear store a mean of q₁ − (q₁−q₀)·R/(2S),
//
// and the mean in service is kept as a running average over the inflows:
//
//	q ← q + Σᵢ nᵢ·(qᵢ − q) / (N + Σᵢ nᵢ)
//
// for inflows nᵢ of quality qᵢ into N units in service. Losses and shipments
// to others are taken proportionally across vintages, so they leave q as it
// is. The state is a few numbers per force, O(1) per day; with no quality given
// every q is 1 and every update adds exactly 0, so a scenario without these
// fields runs exactly as before.
//
// Why: Russia fought 2022–2023 by refurbishing Soviet stock. The best-kept
// vehicles (in heated or covered storage) went first; open-air parks hold the
// oldest and worst, many stripped for parts (Moscow Times, Aug. 2023, from
// satellite images of Vagzhanovo: ~3,840 vehicles in Sept. 2021, ~2,600 in
// Nov. 2022, ~2,270 in May 2023, about half the tanks left without turrets);
// T-62s came out from mid-2022 and T-54/55s from March 2023 (Conflict
// Intelligence Team, 2023-03-22, from Arsenyev); by early 2024 open-source
// counts had 25–40 % of the open-air tank reserves gone, the best first (ISW,
// 2024-03-09, citing D. Massicot). IISS (The Military Balance 2024) put the
// tanks added in 2023 at 1,000–1,500, more than 200 new and the rest
// refurbished: Russia "traded quality for quantity", restocking "even if at
// lower technical standard". The quality numbers themselves are judgement.

// vintages holds the drawn storage profiles of a World's forces, allocated
// once per World (on its first Reset) and redrawn in place.
type vintages struct {
	segs [][]vintageSeg // per force (actor × category): its storage profile, best first
	supQ []float64      // per supply link: quality of the units supplied
}

// vintageSeg is a part of a storage profile: units from position start to
// start+len, whose quality runs linearly from q0 to q1 (q0 = q1 for a
// tranche); slope is (q1−q0)/len, or 0.
type vintageSeg struct {
	start, len, q0, q1, slope float64
}

func newSeg(start, n, q0, q1 float64) vintageSeg {
	s := vintageSeg{start: start, len: n, q0: q0, q1: q1}
	if n > 0 {
		s.slope = (q1 - q0) / n
	}
	return s
}

// integral is ∫ₐᵇ q_s(u) du within the segment (start ≤ a ≤ b ≤ start+len).
func (s *vintageSeg) integral(a, b float64) float64 {
	return (b - a) * (s.q0 + s.slope*((a+b)/2-s.start))
}

// drawVintages draws the qualities of the scenario, after every other
// parameter (see drawParameters), so that the other parameters keep their
// streams. It takes one number from the parameter stream whatever the
// scenario says; each quality value is then drawn from a generator seeded by
// that number and the value's place (force, field), so that a variant which
// adds or removes a quality field of one force leaves the others' draws as
// they were.
func (w *World) drawVintages(base uint64) {
	m, sc := w.M, w.M.Scenario
	nc := len(m.Categories)
	v := &w.vin
	if v.segs == nil {
		v.segs = make([][]vintageSeg, len(w.fo))
		v.supQ = make([]float64, len(m.Supply))
		for i := range sc.Actors {
			for _, f := range sc.Actors[i].Forces {
				n := len(f.StorageTranches)
				if len(f.StorageQuality) == 2 {
					n = 1
				}
				v.segs[i*nc+w.catIndex(f.Category)] = make([]vintageSeg, 0, n)
			}
		}
	}
	d := func(val scenario.Value, slot, field int) float64 {
		if val.IsConst() {
			return val.P[0]
		}
		w.paramSrc.Seed(mix64(base^uint64(slot)<<16^uint64(field)), paramStreamTweak)
		x := w.pin(val.Draw(w.paramRng))
		w.sampled = append(w.sampled, x)
		if w.labelling {
			w.labels = append(w.labels, val.Text)
		}
		return x
	}
	for i := range w.fo {
		f := &w.fo[i]
		f.q, f.qProd, f.drawn, f.seg, f.aged = 1, 1, 0, 0, false
		v.segs[i] = v.segs[i][:0]
	}
	for i := range sc.Actors {
		for _, fs := range sc.Actors[i].Forces {
			k := i*nc + w.catIndex(fs.Category)
			f := &w.fo[k]
			if fs.Quality != nil {
				f.q, f.aged = d(*fs.Quality, k, 0), true
			}
			if fs.ProductionQuality != nil {
				f.qProd, f.aged = d(*fs.ProductionQuality, k, 1), true
			}
			if len(fs.StorageQuality) == 2 {
				f.aged = true
				v.segs[k] = append(v.segs[k], newSeg(0, f.storage, d(fs.StorageQuality[0], k, 2), d(fs.StorageQuality[1], k, 3)))
			}
			at := 0.0
			for j, t := range fs.StorageTranches {
				f.aged = true
				n, q := d(t.Units, k, 4+2*j), d(t.Quality, k, 5+2*j)
				if n <= 0 && j < len(fs.StorageTranches)-1 {
					continue
				}
				v.segs[k] = append(v.segs[k], newSeg(at, n, q, q))
				at += n
			}
		}
	}
	for k := range sc.Supply {
		v.supQ[k] = 1
		if q := sc.Supply[k].Quality; q != nil {
			v.supQ[k] = d(*q, len(w.fo)+k, 0)
		}
	}
	// A force that receives units of another quality than 1 tracks its mean
	// too; the rest keep quality 1 and skip the updates (which would add 0).
	for k, sp := range m.Supply {
		if v.supQ[k] != 1 {
			w.fo[sp.to].aged = true
		}
	}
}

// mix64 is the SplitMix64 finaliser (Steele, Lea & Flood 2014): a seed per
// value from the base number and the value's place.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// drawStore takes n units from force k's storage profile, best first, and
// returns their summed quality (∫ q_s over the units drawn). It advances the
// force's position in the profile; it reports whether a later segment (a
// worse tranche) was entered. Past the end of the profile the last quality
// holds; a force without a profile draws quality 1.
func (w *World) drawStore(k int, n float64) (sum float64, crossed bool) {
	f := &w.fo[k]
	segs := w.vin.segs[k]
	if len(segs) == 0 {
		f.drawn += n
		return n, false
	}
	for n > 0 {
		s := &segs[f.seg]
		end := s.start + s.len
		x := f.drawn
		if f.seg == len(segs)-1 || x+n <= end {
			b := min(x+n, end)
			if x < end {
				sum += s.integral(x, b)
			} else {
				b = x
			}
			sum += (x + n - b) * s.q1 // beyond the last segment
			f.drawn += n
			return sum, crossed
		}
		sum += s.integral(x, end)
		n -= end - x
		f.drawn = end
		f.seg++
		crossed = true
	}
	return sum, crossed
}

// ageInflow updates force k's mean quality in service for moved units
// refurbished from its store and made new ones, before they join it.
func (w *World) ageInflow(k int, moved, made float64) {
	f := &w.fo[k]
	sum, crossed := w.drawStore(k, moved)
	f.q = mixIn(f.q, f.active, moved+made, sum+made*f.qProd)
	if crossed && w.tracing {
		w.traceVintage(k, ": refurbishment reaches a worse tranche of storage")
	}
}

// mixIn adds n units of summed quality sum (n·quality) to the n0 units in
// service of mean quality q, and returns the new mean: q + (sum − n·q)/(n0+n).
// When what comes in is of quality q, it returns q exactly.
func mixIn(q, n0, n, sum float64) float64 {
	if t := n0 + n; t > 0 {
		return q + (sum-n*q)/t
	}
	return q
}

// traceVintage writes force k's units in service, their mean quality and
// what is left in storage, when tracing.
func (w *World) traceVintage(k int, why string) {
	f := &w.fo[k]
	nc := len(w.M.Categories)
	w.logf("%s %s in service: %s of mean quality %.2f (storage left %s)%s",
		w.actorName(k/nc), w.M.Categories[k%nc], groupThousands(f.active), f.q, groupThousands(f.storage), why)
}

// traceVintages writes, when tracing and once a quarter (91 days), the units
// in service and mean quality of every force that ages or has fought.
func (w *World) traceVintages() {
	td := w.M.Scenario.TurnDays
	if w.Day == 0 || w.Day/91 == (w.Day-td)/91 {
		return
	}
	for k := range w.fo {
		if f := &w.fo[k]; f.aged || f.lost > 0 {
			w.traceVintage(k, "")
		}
	}
}

// groupThousands writes x rounded to a whole number with commas between
// groups of three digits: 6400 → "6,400".
func groupThousands(x float64) string {
	s := strconv.FormatFloat(x, 'f', 0, 64)
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}

// Quality returns the mean quality of the units in service of actor a's
// category c (1 unless the scenario gives vintages).
func (w *World) Quality(a, c int) float64 { return w.fo[a*len(w.M.Categories)+c].q }
