package sim

// productionMechanism: stocks in service are replenished from storage
// (refurbishment) and by new production, and third parties supply arms.
//
//	active += min(storage, ρ·Δt) + π·Δt + supply,   storage −= min(storage, ρ·Δt)
//
// A supplier ships while it stands on a supply rung (proxy war or above)
// toward any enemy of the recipient, drawing on its storage first and then its
// units in service. Every unit is accounted for: for each actor and category,
// active + storage = initial + built − lost + received − sent, where built
// counts new production only (checked by a conservation test). Refurbishment and
// production run at the rates given times the actor's industrial capacity,
// which GDP and lost imports set (economy.go): ρ and π above are k·ρ₀, k·π₀.
// Each inflow also brings its quality (vintage.go): refurbished units that of
// what is left in store, new units the force's production quality, supplied
// units the supply entry's.
type productionMechanism struct{}

func (productionMechanism) Step(w *World) {
	w.refreshPosture()
	dt := w.dt
	for _, i := range w.producing {
		f := &w.fo[i]
		moved := min(f.storage, f.refurbDay) // at the industrial capacity (economy.go)
		f.storage -= moved
		made := f.prodDay
		if f.aged {
			w.ageInflow(i, moved, made) // vintage.go: the quality of what comes in
		}
		f.active += moved + made
		f.built += made
		f.refurbished += moved
	}
	if w.tracing {
		w.traceVintages()
	}
	for k, on := range w.supplyOn {
		if !on {
			continue
		}
		from, to := w.supFo[k][0], w.supFo[k][1]
		amt := min(w.sup[k]*dt, from.storage+from.active)
		fromStore := min(amt, from.storage)
		from.storage -= fromStore
		if from.aged {
			w.drawStore(w.M.Supply[k].from, fromStore) // the store is drawn best first whoever takes from it
		}
		from.active -= amt - fromStore // proportionally across vintages: its mean quality stays
		from.supplied -= amt
		if to.aged {
			to.q = mixIn(to.q, to.active, amt, amt*w.vin.supQ[k])
		}
		to.active += amt
		to.supplied += amt
	}
}

// refreshRates works out what a turn refurbishes and produces, at most, in
// each force that does: k·ρ·Δt and k·π·Δt at its actor's industrial capacity
// k. Capacity moves weekly (economyStep) or with a strike (damage), the
// rates with events (noteProducing): each of them calls this, and the daily
// step reads the products instead of working them out every day.
func (w *World) refreshRates() {
	dt := w.dt
	for _, i := range w.producing {
		f := &w.fo[i]
		k := w.capacity(w.foActor[i])
		f.refurbDay, f.prodDay = k*f.refurb*dt, k*f.prod*dt
	}
}

// supplying reports whether the supplier stands on a supply rung toward an
// enemy of the recipient.
func (w *World) supplying(sp *SupplySpec) bool {
	for _, e := range sp.Enemies {
		if q := w.M.Rel(sp.From, e); q >= 0 && w.rungs[w.rel[q].rung[w.sideOf(q, sp.From)]].supply {
			return true
		}
	}
	return false
}
