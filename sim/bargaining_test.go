package sim_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"brink/sim"
)

// TestOptimalDemandClosedForm: with B's private cost uniform on [0, c̄]
// (K equally likely types at the quantiles), A's optimal take-it-or-leave-it
// demand is Fearon's x* = p + (c̄ − c_A)/2 clamped to [p, p + c̄], refused with
// probability (x* − p)/c̄, within c̄/K and 1/K.
func TestOptimalDemandClosedForm(t *testing.T) {
	const K = 2000
	for _, cbar := range []float64{0.1, 0.3, 0.4} {
		types := make([]float64, K)
		for i := range types {
			types[i] = cbar * (float64(i) + 0.5) / K
		}
		for _, p := range []float64{0.2, 0.5} {
			for _, cA := range []float64{0, 0.05, 0.09, 0.2, 0.5} {
				x, k, ok := sim.OptimalDemand(p-cA, p, 0, 0, types)
				want := p + min(max((cbar-cA)/2, 0), cbar)
				if !ok || math.Abs(x-want) > cbar/K+1e-12 {
					t.Errorf("c̄=%g p=%g c_A=%g: demand %v (ok %v), want %v", cbar, p, cA, x, ok, want)
				}
				if pw := float64(k) / K; math.Abs(pw-(want-p)/cbar) > 1.0/K+1e-12 {
					t.Errorf("c̄=%g p=%g c_A=%g: P(refused) %v, want %v", cbar, p, cA, pw, (want-p)/cbar)
				}
			}
		}
	}
	// A degenerate prior is complete information: the demand is the
	// receiver's reservation p + c0 + t, accepted by every type.
	x, k, ok := sim.OptimalDemand(0.5-0.1, 0.5+0.05, 0, 0, []float64{0.2, 0.2, 0.2})
	if !ok || math.Abs(x-0.75) > 1e-12 || k != 0 {
		t.Errorf("degenerate prior: demand %v, refused by %d types (ok %v); want 0.75 by none", x, k, ok)
	}
	// Minimum shares: the receiver's caps the demand, the proposer's floors it.
	if x, _, ok := sim.OptimalDemand(0.4, 0.5, 0, 0.4, []float64{0.2, 0.2}); !ok || math.Abs(x-0.6) > 1e-12 {
		t.Errorf("receiver's minimum share 0.4: demand %v (ok %v), want 0.6", x, ok)
	}
	if _, _, ok := sim.OptimalDemand(0.4, 0.5, 0.8, 0.4, []float64{0.2, 0.2}); ok {
		t.Error("proposer insists on 0.8, receiver on 0.4: no demand can be accepted, yet one was made")
	}
}

// TestFearonClosedForm (testdata/fearon.yaml): A (p = 1/2, c_A = 0.09)
// proposes to B, whose cost is uniform on [0, 0.4]. The first demand is
// x* = 0.655 and war follows with P = 0.3875; after a refusal A demands
// 0.5325, accepted with P ≈ 0.790.
func TestFearonClosedForm(t *testing.T) {
	const n = 20000
	m := compile(t, loadTestdata(t, "fearon.yaml", ""))
	const p, cA, cbar = 0.5, 0.09, 0.4
	x1 := p + (cbar-cA)/2
	x2 := p + (x1-p-cA)/2
	w := sim.NewWorld(m)
	w.Trace(true)
	w.Reset(trajKey(11, 0))
	w.Run()
	d := demands(w.Events())
	if len(d) == 0 || math.Abs(d[0]-x1) > cbar/1000+1e-9 {
		t.Fatalf("first demand %v, want %.4f", d, x1)
	}
	t.Logf("first demand %.4f (closed form %.4f)", d[0], x1)
	refused, second, settledSecond := 0, 0, 0
	w.Trace(false)
	for k := range n {
		w.Reset(trajKey(11, k))
		out := w.Run()
		if out.End == sim.EndSettlement && out.Days == 0 {
			continue
		}
		refused++
		if out.End == sim.EndSettlement && out.Days == 7 {
			settledSecond++
		}
		second++
	}
	checkProportion(t, "P(war): the first demand refused", refused, n, (x1-p)/cbar)
	checkProportion(t, "P(the second demand accepted | the first refused)", settledSecond, second, 1-(x2-p)/(x1-p))
	// The second demand, from a refused trajectory's trace.
	w.Trace(true)
	for k := range 50 {
		w.Reset(trajKey(11, k))
		w.Run()
		if d := demands(w.Events()); len(d) >= 2 {
			t.Logf("second demand %.4f (closed form %.4f)", d[1], x2)
			// Two steps of the type grid: the truncation at x* − p falls
			// between two types.
			if math.Abs(d[1]-x2) > 2*cbar/1000+1e-9 {
				t.Errorf("second demand %.4f, want %.4f", d[1], x2)
			}
			break
		}
	}
	t.Run("alternating", func(t *testing.T) {
		m := compile(t, loadTestdata(t, "fearon.yaml", "alternating"))
		w := sim.NewWorld(m)
		w.Trace(true)
		first := 0
		for k := range 200 {
			w.Reset(trajKey(11, k))
			out := w.Run()
			if out.End == sim.EndSettlement && out.Days == 0 {
				first++
				continue
			}
			x, ok := settlementShare(w.Events())
			if out.End != sim.EndSettlement || out.Days != 7 || !ok || math.Abs(x-0.41) > 0.005 {
				t.Fatalf("trajectory %d: refused on day 0, B's demand on day 7 must be A's reservation and accepted (A's share 0.41); got %v on day %d, share %v", k, out.End, out.Days, x)
			}
		}
		if first == 0 || first == 200 {
			t.Errorf("%d of 200 trajectories settled on A's first demand; want some, not all", first)
		}
	})
	t.Run("complete information", func(t *testing.T) {
		m := compile(t, loadTestdata(t, "fearon.yaml", "complete"))
		w := sim.NewWorld(m)
		for k := range 200 {
			w.Reset(trajKey(11, k))
			out := w.Run()
			if out.End != sim.EndSettlement || out.Days != 0 {
				t.Fatalf("trajectory %d: with B's cost known, A's demand of B's reservation must be accepted at once; got %v on day %d", k, out.End, out.Days)
			}
		}
		w.Trace(true)
		w.Reset(trajKey(11, 0))
		w.Run()
		if x, ok := settlementShare(w.Events()); !ok || math.Abs(x-0.7) > 0.005 {
			t.Errorf("settlement share %v (found %v), want 0.70", x, ok)
		}
	})
}

// demands reads the demands made in a trace, in order.
func demands(ev []sim.Event) []float64 {
	var d []float64
	for _, e := range ev {
		_, rest, ok := strings.Cut(e.Text, " demands ")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if x, err := strconv.ParseFloat(f[0], 64); err == nil {
			d = append(d, x)
		}
	}
	return d
}

// OptimalDemand, which starts its search at the first type whose demand
// reaches mP, gives what the plain search over every type gives (ties,
// duplicate types and least shares on either side of every demand included).
func TestOptimalDemandBisection(t *testing.T) {
	plain := func(war, base, mP, mR float64, types []float64) (x float64, k int, ok bool) {
		best, cap := war, 1-mR
		for i := range types {
			if i > 0 && types[i] == types[i-1] {
				continue
			}
			d := min(base+types[i], cap)
			if d < mP {
				continue
			}
			acc := float64(len(types)-i) / float64(len(types))
			if u := acc*d + (1-acc)*war; u > best || (!ok && u >= war) {
				best, x, k, ok = u, d, i, true
			}
			if d == cap {
				break
			}
		}
		return x, k, ok
	}
	r := rand.New(rand.NewPCG(16, 3))
	for n := 1; n <= 40; n++ {
		for range 200 {
			types := make([]float64, n)
			for i := range types {
				types[i] = 0.05 * float64(r.IntN(8)) // duplicates are common
			}
			slices.Sort(types)
			war, base := r.Float64()-0.2, r.Float64()
			mP, mR := 0.8*r.Float64(), 0.5*r.Float64()
			if r.IntN(4) == 0 {
				mP = min(base+types[r.IntN(n)], 1-mR) // exactly a demand
			}
			x, k, ok := sim.OptimalDemand(war, base, mP, mR, types)
			px, pk, pok := plain(war, base, mP, mR, types)
			if x != px || k != pk || ok != pok {
				t.Fatalf("types %v, war %g, base %g, mP %g, mR %g: (%g, %d, %v), plain search (%g, %d, %v)",
					types, war, base, mP, mR, x, k, ok, px, pk, pok)
			}
		}
	}
}
