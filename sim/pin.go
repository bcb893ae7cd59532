package sim

// Pinned parameters: evidence's resample-and-move (sequential Monte Carlo,
// Chopin 2002; Del Moral, Doucet & Jasra 2006) moves a trajectory's uncertain
// parameters with a Metropolis–Hastings kernel and re-simulates the
// trajectory at the proposed values. Pin sets those values: at the next
// Reset, the i-th uncertain parameter (in the order of Model.UncertainNames
// and World.Sampled) takes x[i] instead of its draw. The parameter stream is
// read exactly as without pinning (each value still takes its seed), so every
// other mechanism's numbers are those of the unpinned trajectory of the same
// key: only the parameters differ.

// Pin makes the next Resets use x for the uncertain parameters (nil: draw
// them). x must have one value per Model.UncertainNames entry; the World
// keeps x (not a copy) until the next Pin.
func (w *World) Pin(x []float64) { w.pinned = x }

// pin returns the value of the uncertain parameter about to be appended to
// w.sampled: its pinned value if any, else its draw x.
func (w *World) pin(x float64) float64 {
	if i := len(w.sampled); w.pinned != nil && i < len(w.pinned) {
		return w.pinned[i]
	}
	return x
}
