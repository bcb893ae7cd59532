package sim

// Read-only views of a trajectory's state part-way through, for scoring a
// model against a dated record (package evidence): a caller steps the World
// to a date (RunUntil) and reads what a record can observe there. Nothing
// here draws, writes or allocates, so observing leaves the trajectory exactly
// as brink run simulates it.

// Done reports whether the trajectory has ended.
func (w *World) Done() bool { return w.done }

// RungToward returns the rung actor a stands on toward actor b, or −1 if the
// two are not in a relation.
func (w *World) RungToward(a, b int) int {
	r := w.M.Rel(a, b)
	if r < 0 {
		return -1
	}
	rel := w.M.Relations[r]
	side := 0
	if rel.A[1] == a {
		side = 1
	}
	return w.rel[r].rung[side]
}

// TerritoryNow returns the share of theatre t held by side a now.
func (w *World) TerritoryNow(t int) float64 { return w.th[t].territory }

// LostNow returns the cumulative units of category c that actor a has lost.
func (w *World) LostNow(a, c int) float64 { return w.fo[a*len(w.M.Categories)+c].lost }

// AppliedNow returns the alliance (index in Model.Alliances) that actor a has
// applied to in this trajectory, or −1.
func (w *World) AppliedNow(a int) int {
	if a >= len(w.ws.sec) {
		return -1
	}
	return w.ws.sec[a].applied
}

// MemberNow reports whether actor a is a member of alliance k now.
func (w *World) MemberNow(a, k int) bool {
	nal := len(w.M.W.alliances)
	if k < 0 || k >= nal || a*nal+k >= len(w.ws.member) {
		return false
	}
	return w.ws.member[a*nal+k]
}
