package scenario

// DefaultLadder is the escalation ladder used when a scenario gives none: twelve
// rungs condensed from Herman Kahn's 44 (On Escalation, 1965). Costs are per day
// in units of the stakes; coercion is the chance that an irresolute opponent
// yields to the rung; signal is the weight of evidence (Beta pseudo-observations)
// that climbing to it gives about resolve; effort is the share of committed
// forces engaged at the rung — costly moves weigh more than talk
// (Fearon 1997, "Signaling Foreign Policy Interests"); spiral_per_day is the
// daily chance that a conflict at the rung between two nuclear-armed coalitions
// slips into general nuclear war (Schelling 1960, "the threat that leaves
// something to chance"). The numbers
// are judgements, ordered so that each rung is costlier, more coercive and
// riskier than the one below; scenarios override them.
func DefaultLadder() []Rung {
	r := func(name string, alert int, tension, cost, coercion, signal, spiral float64) Rung {
		return Rung{Name: name, Alert: alert, Tension: Fixed(tension), Cost: Fixed(cost),
			Coercion: Fixed(coercion), Signal: Fixed(signal), SpiralPerDay: Fixed(spiral)}
	}
	l := []Rung{
		r("normal relations", 0, 0, 0, 0, 0, 0),
		r("diplomatic crisis", 0, 0.05, 0.00001, 0.02, 0.2, 0),
		r("economic coercion", 0, 0.1, 0.00005, 0.04, 0.5, 0),
		r("mobilisation, show of force", 0, 0.2, 0.0001, 0.06, 1, 0),
		r("proxy war, arms supply", 0, 0.3, 0.00012, 0.08, 1, 0),
		r("limited conventional war", 1, 0.4, 0.0004, 0.1, 2, 0.00002),
		r("major conventional war", 1, 0.5, 0.0008, 0.12, 2, 0.00005),
		r("nuclear signalling: alert raised, explicit threats", 2, 0.7, 0.001, 0.15, 1, 0.0001),
		r("demonstration shot", 3, 0.9, 0.0015, 0.3, 4, 0.0005),
		r("limited tactical nuclear use", 3, 1, 0.002, 0.4, 6, 0.002),
		r("limited strategic strikes", 3, 1, 0.005, 0.5, 8, 0.02),
		r("general nuclear war", 3, 1, 0.01, 1, 10, 0),
	}
	l[4].Supply = true
	for i := 5; i <= 11; i++ {
		l[i].Combat = true
		l[i].Supply = true
		l[i].Effort = Fixed(1)
	}
	l[5].Effort = Fixed(0.5) // a limited war engages half the forces committed
	for i := 8; i <= 11; i++ {
		l[i].NuclearUse = true
	}
	l[11].Terminal = true
	// Damage per use on the struck side (damage.go in package sim): central
	// values of the published ranges, constants so that a scenario of
	// constants stays one (give a distribution in a scenario's own ladder to
	// carry the range). Casualties in millions killed:
	//  8  a demonstration shot over the sea or an empty test site kills next
	//     to no one: 100 (judgement).
	//  9  a few low-yield weapons on forces in the field, away from cities:
	//     thousands to tens of thousands killed (0.005–0.1 million; 0.02),
	//     far below the 70,000–140,000 killed in Hiroshima by one 15 kt
	//     weapon on a city (Toon et al. 2007, Atmos. Chem. Phys.
	//     7:1973–2002, on a 15 kt weapon per megacity); 1–5 % of the units
	//     engaged destroyed (3 %; judgement).
	// 10  limited strategic strikes on the homeland: OTA (1979, The Effects
	//     of Nuclear War, ch. IV) finds ~5 million US dead from ten missiles
	//     on oil refineries (case 2, 64 % of US refining destroyed) and 1–20
	//     million from a counterforce attack (case 3): 5 million; GDP 5–20 %
	//     (10 %), industrial capacity 10–35 % (20 %) and trade 10–30 % (20 %)
	//     destroyed are judgements from those cases.
	// 11  general nuclear war: OTA (1979, case 4) 20–165 million US dead
	//     across the executive-branch studies it reviews, 100–165 million in
	//     an attack on cities; Xia et al. (2022, Nature Food 3:586–596) 360
	//     million direct deaths in a US–Russia war with 4,400 100-kt weapons,
	//     before the famine that follows: 100 million per side struck; GDP
	//     (70 %), capacity (75 %) and trade (70 %) mostly gone (OTA: whether
	//     the US "would ever recover its position as an organized, industrial,
	//     and powerful country"; judgement on the shares), half the engaged
	//     units.
	dmg := func(cas, gdp, capacity, forces, trade float64, homeland bool) *Damage {
		return &Damage{Casualties: Fixed(cas), GDP: Fixed(gdp), Capacity: Fixed(capacity), Forces: Fixed(forces), Trade: Fixed(trade), Homeland: homeland}
	}
	l[8].Damage = dmg(0.0001, 0, 0, 0, 0, false)
	l[9].Damage = dmg(0.02, 0.002, 0, 0.03, 0, false)
	l[10].Damage = dmg(5, 0.1, 0.2, 0.05, 0.2, true)
	l[11].Damage = dmg(100, 0.7, 0.75, 0.5, 0.7, true)
	return l
}
