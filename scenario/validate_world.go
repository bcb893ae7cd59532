package scenario

import (
	"fmt"
	"sort"
)

// Defaults of the world blocks (see world.go). Judgements, stated once.
const (
	defaultIndustryLagDays  = 180
	defaultThreatWeightApp  = 5
	defaultProlifThreat     = 2
	defaultProlifGuarantee  = 3
	defaultProlifAfterUse   = 10
	defaultRegimeCohesion   = 0.5
	defaultRegimeLossWeight = 3
	defaultRegimePainWeight = 10
	defaultCoupShare        = 0.4
	defaultRevolutionShare  = 0.2
	defaultSanctionDepth    = 0.6
	defaultDepthAfterUse    = 0.95
	defaultDiversion        = 0.5
	defaultDiversionCost    = 0.3
	defaultGDPPerTradeLost  = 0.3
	defaultJoinPerYear      = 0.5
	defaultLeavePerYear     = 0.5
	defaultOutrage          = 1
	defaultOutrageAfterUse  = 4
	defaultCostWeight       = 20
	defaultCredGain         = 0.2
	defaultCredLoss         = 0.4
	defaultAdmissionDays    = 300
)

// world applies the defaults of the world blocks and checks their references.
func (c *checker) world(s *Scenario, actors map[string]int) {
	theatres := map[string]int{}
	for i, t := range s.Theatres {
		theatres[t.ID] = i
	}
	alliances := map[string]int{}
	for i := range s.Alliances {
		al := &s.Alliances[i]
		if al.At.Line == 0 {
			continue
		}
		f := "alliances." + al.ID
		if j, dup := alliances[al.ID]; dup {
			c.addAt(al.At, f, "duplicate alliance id %q (first at line %d)", al.ID, s.Alliances[j].At.Line)
		}
		alliances[al.ID] = i
		if _, ok := actors[al.Leader]; !ok {
			c.add(al.At, f+".leader", "unknown actor %q; expected one of: %s", al.Leader, keys(actors))
		}
		c.actorList(al.Members, al.At, f+".members", actors)
		if al.Guarantee == "" {
			al.Guarantee = "automatic"
			if al.Patronage {
				al.Guarantee = "discretionary"
			}
		}
		if al.Guarantee == "automatic" {
			def(&al.Credibility, 0.9)
		} else {
			def(&al.Credibility, 0.6)
		}
		def(&al.CredibilityGain, defaultCredGain)
		def(&al.CredibilityLoss, defaultCredLoss)
		def(&al.AdmissionDays, defaultAdmissionDays)
		def(&al.Concession, 0)
		def(&al.PriceAfterUse, 0)
		if !al.Patronage && !(al.PriceAfterUse.IsConst() && al.PriceAfterUse.P[0] == 0) {
			c.add(al.PriceAfterUse.Pos, f+".price_after_nuclear_use", "a price for reopening trade belongs to a patronage (patronage: true)")
		}
		if al.Patronage && len(al.Vetoes) > 0 {
			c.add(al.At, f+".vetoes", "a patronage has no vetoes: the patron alone admits its clients")
		}
		if !al.Patronage && !al.Concession.unset() && !(al.Concession.IsConst() && al.Concession.P[0] == 0) {
			c.add(al.Concession.Pos, f+".concession", "concessions belong to a patronage (patronage: true)")
		}
		for j := range al.Vetoes {
			v := &al.Vetoes[j]
			def(&v.Probability, 1)
			def(&v.DelayDays, 0)
		}
	}
	for i := range s.Actors {
		a := &s.Actors[i]
		if a.At.Line == 0 {
			continue
		}
		f := "actors." + a.ID
		if e := a.Economy; e != nil {
			def(&e.Growth, 0)
			def(&e.Openness, 0)
			def(&e.WarCostPerYear, 0)
			def(&e.ImportDependence, 0)
			def(&e.IndustryLagDays, defaultIndustryLagDays)
			def(&e.Weight, 1)
			sum := 0.0
			for _, id := range sortedKeys(e.Trade) {
				v := e.Trade[id]
				ff := f + ".economy.trade." + id
				if _, ok := actors[id]; !ok {
					c.add(v.Pos, ff, "unknown actor %q; expected one of: %s", id, keys(actors))
				} else if id == a.ID {
					c.add(v.Pos, ff, "an actor does not trade with itself")
				}
				lo, hi := v.Support()
				if lo < 0 || hi > 1 {
					c.add(v.Pos, ff, "a trade share must be within [0, 1], got %s", v)
				}
				sum += hi
			}
			if sum > 1+1e-9 {
				c.add(e.At, f+".economy.trade", "the trade shares sum to %.3g (at their largest); they must sum to at most 1, the rest being trade with the rest of the world", sum)
			}
			for _, id := range sortedKeys(e.TheatreCost) {
				v := e.TheatreCost[id]
				if _, ok := theatres[id]; !ok {
					c.add(v.Pos, f+".economy.theatre_cost_per_year."+id, "unknown theatre %q; expected one of: %s", id, keys(theatres))
				}
				if lo, hi := v.Support(); lo < 0 || hi > 1 {
					c.add(v.Pos, f+".economy.theatre_cost_per_year."+id, "a share of GDP per year must be within [0, 1], got %s", v)
				}
			}
			if a.Capability.GDP.IsConst() && a.Capability.GDP.P[0] == 0 {
				c.add(e.At, f+".capability.gdp", "an actor with an economy needs its GDP (capability.gdp, US$ trillions)")
			}
		}
		if sec := a.Security; sec != nil {
			def(&sec.ApplyPerYear, 0)
			def(&sec.ThreatWeight, defaultThreatWeightApp)
			def(&sec.SanctionsAffinity, 0)
			for _, id := range sortedKeys(sec.ThreatenedBy) {
				v := sec.ThreatenedBy[id]
				ff := f + ".security.threatened_by." + id
				if _, ok := actors[id]; !ok {
					c.add(v.Pos, ff, "unknown actor %q; expected one of: %s", id, keys(actors))
				} else if id == a.ID {
					c.add(v.Pos, ff, "an actor is not a threat to itself")
				}
				if lo, hi := v.Support(); lo < 0 || hi > 1 {
					c.add(v.Pos, ff, "an exposure must be within [0, 1], got %s", v)
				}
			}
			for j, id := range sec.Seeks {
				if _, ok := alliances[id]; !ok {
					c.add(sec.At, fmt.Sprintf("%s.security.seeks[%d]", f, j), "unknown alliance %q; expected one of: %s", id, keys(alliances))
				}
			}
		}
		if p := a.Proliferation; p != nil {
			if p.YearsToWeapon.unset() {
				c.add(p.At, f+".proliferation.years_to_weapon", "latency is required: the years from the start of a programme to a first weapon")
			}
			def(&p.HazardPerYear, 0)
			def(&p.ThreatWeight, defaultProlifThreat)
			def(&p.GuaranteeWeight, defaultProlifGuarantee)
			def(&p.AfterNuclearUse, defaultProlifAfterUse)
			def(&p.AbandonPerYear, 0)
			def(&p.ResponsePerYear, 0)
			if a.Nuclear != nil {
				c.add(p.At, f+".proliferation", "%s already has a nuclear force; proliferation is for states without one", a.ID)
			}
		}
		if r := a.Regime; r != nil {
			def(&r.HazardPerYear, 0)
			def(&r.Cohesion, defaultRegimeCohesion)
			def(&r.LossWeight, defaultRegimeLossWeight)
			def(&r.PainWeight, defaultRegimePainWeight)
			def(&r.CoupShare, defaultCoupShare)
			def(&r.RevolutionShare, defaultRevolutionShare)
			if r.CoupShare.IsConst() && r.RevolutionShare.IsConst() && r.CoupShare.P[0]+r.RevolutionShare.P[0] > 1+1e-9 {
				c.add(r.At, f+".regime.revolution_share", "coup_share + revolution_share = %g; they must sum to at most 1", r.CoupShare.P[0]+r.RevolutionShare.P[0])
			}
			sc := &r.Successor
			keep := func(v *Value, old Value) {
				if v.unset() {
					p := v.Pos
					*v = old
					v.Pos = p
				}
			}
			keep(&sc.Resolve, a.Politics.Resolve)
			keep(&sc.CostSensitivity, a.Politics.CostSensitivity)
			keep(&sc.RiskTolerance, a.Politics.RiskTolerance)
			keep(&sc.BluffPropensity, a.Politics.BluffPropensity)
			keep(&sc.ForceRatioBelow, a.Doctrine.ForceRatioBelow)
			keep(&sc.TerritoryBelow, a.Doctrine.TerritoryBelow)
			if sc.NoFirstUse == nil {
				nfu := a.Doctrine.NoFirstUse
				sc.NoFirstUse = &nfu
			}
		}
	}
	if sa := s.Sanctions; sa != nil {
		f := "sanctions"
		if _, ok := actors[sa.Target]; !ok {
			c.add(sa.At, f+".target", "unknown actor %q; expected one of: %s", sa.Target, keys(actors))
		}
		c.actorList(sa.Members, sa.At, f+".members", actors)
		for j, id := range sa.Members {
			if id == sa.Target {
				c.add(sa.At, fmt.Sprintf("%s.members[%d]", f, j), "the target (%s) cannot sanction itself", id)
			}
		}
		def(&sa.Depth, defaultSanctionDepth)
		def(&sa.DepthAfterUse, defaultDepthAfterUse)
		def(&sa.Evasion, 0)
		def(&sa.Diversion, defaultDiversion)
		def(&sa.DiversionCost, defaultDiversionCost)
		def(&sa.Secondary, 0)
		def(&sa.GDPPerTradeLost, defaultGDPPerTradeLost)
		def(&sa.JoinPerYear, defaultJoinPerYear)
		def(&sa.LeavePerYear, defaultLeavePerYear)
		def(&sa.Outrage, defaultOutrage)
		def(&sa.OutrageAfterUse, defaultOutrageAfterUse)
		def(&sa.CostWeight, defaultCostWeight)
		if t, ok := actors[sa.Target]; ok && s.Actors[t].Economy == nil {
			c.add(sa.At, f+".target", "the target %s needs an economy block (its trade shares are what the sanctions cut)", sa.Target)
		}
	}
}

// actorList checks that every id of a list names an actor, once.
func (c *checker) actorList(ids []string, at Pos, field string, actors map[string]int) {
	seen := map[string]bool{}
	for j, id := range ids {
		ff := fmt.Sprintf("%s[%d]", field, j)
		if _, ok := actors[id]; !ok {
			c.add(at, ff, "unknown actor %q; expected one of: %s", id, keys(actors))
		}
		if seen[id] {
			c.add(at, ff, "%s is listed twice", id)
		}
		seen[id] = true
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
