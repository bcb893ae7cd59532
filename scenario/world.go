package scenario

// The world around the war: each actor's economy, security outlook,
// proliferation latency and regime; the sanctions coalition; alliances and
// patronage. Every block is optional, and a scenario without them hashes and
// runs exactly as before (the blocks are pointers or lists omitted from the
// canonical JSON when absent).

// Economy is an actor's economy: its growth path, what war costs it, its trade
// and how much of its defence industry rests on imports.
type Economy struct {
	Growth           Value            `yaml:"growth" min:"-0.5" max:"0.5" doc:"Baseline real GDP growth per year without the crisis (0.02 = 2 %)."`
	Openness         Value            `yaml:"openness" min:"0" max:"5" doc:"Trade (exports plus imports) as a share of GDP."`
	Trade            map[string]Value `yaml:"trade" doc:"Per partner actor id: that partner's share of the actor's trade (the rest is with the rest of the world); the shares sum to at most 1."`
	WarCostPerYear   Value            `yaml:"war_cost_per_year" min:"0" max:"1" doc:"Share of GDP lost per year while the actor fights, scaled by the effort of its highest rung (1 on a major-war rung)."`
	TheatreCost      map[string]Value `yaml:"theatre_cost_per_year" doc:"Per theatre id: share of GDP lost per year while fighting goes on in that theatre (war on the actor's own soil)."`
	ImportDependence Value            `yaml:"import_dependence" min:"0" max:"1" doc:"Share of the defence industry's critical inputs that are imported: lost trade cuts production and refurbishment by up to this share."`
	IndustryLagDays  Value            `yaml:"industry_lag_days" exclusive-min:"0" doc:"Time constant, in days, with which industrial capacity follows GDP and imports (default 180)."`
	Weight           Value            `yaml:"weight" min:"0" doc:"Cost to the actor, in units of the stakes, of losing a whole year's GDP: how much economic pain weighs in its choices (default 1)."`
	At               Pos              `json:"-"`
}

// Security is how an actor reads threats and where it looks for protection.
type Security struct {
	ThreatenedBy      map[string]Value `yaml:"threatened_by" doc:"Per actor id: exposure to that actor as a threat, proximity × hostility on a 0–1 scale (Walt's balance of threat)."`
	Seeks             []string         `yaml:"seeks" doc:"Alliances or patrons (ids under alliances) the actor would apply to, in order of preference."`
	ApplyPerYear      Value            `yaml:"apply_per_year" min:"0" doc:"Rate per year at which the actor applies to the first alliance it seeks, at the threat it perceives at the start."`
	ThreatWeight      Value            `yaml:"threat_weight" min:"0" doc:"How steeply the application rate rises with threat: rate × exp(weight × (threat − threat at the start)) (default 5)."`
	SanctionsAffinity Value            `yaml:"sanctions_affinity" min:"-10" max:"10" doc:"Inclination to join the sanctions coalition (log-odds scale; alignment with the sanctioners, negative for partners of the target)."`
	At                Pos              `json:"-"`
}

// Proliferation is a state's latent capability and its propensity to build.
type Proliferation struct {
	YearsToWeapon   Value `yaml:"years_to_weapon" exclusive-min:"0" doc:"Latency: years from the start of a programme to a first weapon."`
	HazardPerYear   Value `yaml:"hazard_per_year" min:"0" doc:"Hazard per year of starting a programme in the situation at the start."`
	ThreatWeight    Value `yaml:"threat_weight" min:"0" doc:"Rise of the hazard with threat: × exp(weight × (threat − threat at the start)) (default 2)."`
	GuaranteeWeight Value `yaml:"guarantee_weight" min:"0" doc:"Rise of the hazard as the credibility of the actor's guarantee falls: × exp(weight × (credibility at the start − now)) (default 3)."`
	AfterNuclearUse Value `yaml:"after_nuclear_use" min:"1" doc:"Multiplier of the hazard once any state has used a nuclear weapon: the taboo is broken (default 10)."`
	AbandonPerYear  Value `yaml:"abandon_per_year" min:"0" doc:"Hazard per year that a running programme is abandoned."`
	ResponsePerYear Value `yaml:"response_per_year" min:"0" doc:"Hazard per year that a running programme draws a response (preventive strike or sanctions) that stops it."`
	At              Pos   `json:"-"`
}

// Regime is the hazard that an actor's leadership changes, and who follows.
type Regime struct {
	HazardPerYear   Value     `yaml:"hazard_per_year" min:"0" doc:"Hazard per year of a change of leadership (coup, resignation, revolution) without losses or economic pain."`
	Cohesion        Value     `yaml:"cohesion" min:"0" max:"1" doc:"Elite cohesion: losses and pain raise the hazard by exp((1 − cohesion) × (loss_weight × losses + pain_weight × pain)) (default 0.5)."`
	LossWeight      Value     `yaml:"loss_weight" min:"0" doc:"Weight of the share of combat power lost (default 3)."`
	PainWeight      Value     `yaml:"pain_weight" min:"0" doc:"Weight of the shortfall of GDP below its path without the crisis (default 10)."`
	CoupShare       Value     `yaml:"coup_share" min:"0" max:"1" doc:"Share of changes that are coups (default 0.4); revolution_share more are revolutions, the rest resignations or successions."`
	RevolutionShare Value     `yaml:"revolution_share" min:"0" max:"1" doc:"Share of changes that are revolutions (default 0.2)."`
	Successor       Successor `yaml:"successor" doc:"What the new leadership values: drawn once per trajectory, applied if the change comes."`
	At              Pos       `json:"-"`
}

// Successor is the politics and doctrine of a new leadership. Unset fields
// keep the predecessor's value.
type Successor struct {
	Resolve         Value `yaml:"resolve" min:"0" max:"1" doc:"Resolve of the new leadership."`
	CostSensitivity Value `yaml:"cost_sensitivity" min:"0" doc:"Cost sensitivity of the new leadership."`
	RiskTolerance   Value `yaml:"risk_tolerance" min:"0" max:"1" doc:"Risk tolerance of the new leadership."`
	BluffPropensity Value `yaml:"bluff_propensity" min:"0" max:"1" doc:"Bluff propensity of the new leadership."`
	NoFirstUse      *bool `yaml:"no_first_use" doc:"Doctrine of the new leadership: never use nuclear weapons first (true), or keep the first-use conditions below (false)."`
	ForceRatioBelow Value `yaml:"first_use_force_ratio_below" min:"0" doc:"The new leadership's first-use threshold on the force ratio (see doctrine)."`
	TerritoryBelow  Value `yaml:"first_use_territory_below" min:"0" max:"1" doc:"The new leadership's first-use threshold on territory held (see doctrine)."`
	At              Pos   `json:"-"`
}

// Sanctions is a coalition that cuts trade with a target.
type Sanctions struct {
	Target          string   `yaml:"target" required:"true" doc:"Actor sanctioned."`
	Members         []string `yaml:"members" doc:"Actors in the coalition at the start."`
	Depth           Value    `yaml:"depth" min:"0" max:"1" doc:"Share of its trade with the target a member cuts (default 0.6)."`
	DepthAfterUse   Value    `yaml:"depth_after_nuclear_use" min:"0" max:"1" doc:"Depth once the target's coalition has used a nuclear weapon (default 0.95)."`
	Evasion         Value    `yaml:"evasion" min:"0" max:"1" doc:"Share of a member's cut trade that leaks through evasion (re-export, shadow fleets) at zero pressure to sanction; a member pressed hard evades less, a reluctant one up to twice as much."`
	Diversion       Value    `yaml:"diversion" min:"0" max:"1" doc:"Share of the cut trade the target redirects to partners that do not sanction (default 0.5)."`
	DiversionCost   Value    `yaml:"diversion_cost" min:"0" max:"1" doc:"Share of the diverted trade's value lost to discounts and intermediaries (default 0.3)."`
	Secondary       Value    `yaml:"secondary" min:"0" max:"1" doc:"Secondary sanctions: share of a non-member's trade with the members put at risk by its trade with the target (0 = none)."`
	GDPPerTradeLost Value    `yaml:"gdp_per_trade_lost" min:"0" max:"1" doc:"Share of the value of lost trade that is lost from GDP (default 0.3)."`
	JoinPerYear     Value    `yaml:"join_per_year" min:"0" doc:"Rate per year at which a third party at zero pressure joins (default 0.5); the rate is × exp(pressure)."`
	LeavePerYear    Value    `yaml:"leave_per_year" min:"0" doc:"Rate per year at which a member at zero pressure leaves (default 0.5); the rate is × exp(−pressure)."`
	Outrage         Value    `yaml:"outrage" min:"0" doc:"Pressure to sanction while the target fights at a combat rung (default 1)."`
	OutrageAfterUse Value    `yaml:"outrage_after_nuclear_use" min:"0" doc:"Pressure added once the target's coalition has used a nuclear weapon (default 4)."`
	CostWeight      Value    `yaml:"cost_weight" min:"0" doc:"Pressure lost per unit of a third party's GDP at stake in its trade with the target (default 20)."`
	At              Pos      `json:"-"`
}

// Alliance is an alliance with a guarantee, or a patron and its clients.
type Alliance struct {
	ID              string   `yaml:"id" required:"true" doc:"Short name, used in security.seeks."`
	Name            string   `yaml:"name" doc:"Readable name."`
	Leader          string   `yaml:"leader" required:"true" doc:"Actor whose forces and warheads back the guarantee (the patron of a patronage)."`
	Members         []string `yaml:"members" doc:"Members (or clients) at the start, the leader included or not."`
	Patronage       bool     `yaml:"patronage" doc:"A patron and its clients: clients trade concessions for protection, and there are no vetoes."`
	Guarantee       string   `yaml:"guarantee" enum:"automatic|discretionary" doc:"Whether an attack on a member commits the others (automatic, like Article 5) or leaves them to decide (discretionary); it sets the default credibility. The response itself is a red line (red_lines), whose keeping or breaking moves the credibility."`
	Credibility     Value    `yaml:"credibility" min:"0" max:"1" doc:"Credibility of the guarantee at the start (default 0.9 automatic, 0.6 discretionary)."`
	CredibilityGain Value    `yaml:"credibility_gain" min:"0" max:"1" doc:"Share of the gap to 1 the credibility gains when a member's guarantee is honoured (default 0.2)."`
	CredibilityLoss Value    `yaml:"credibility_loss" min:"0" max:"1" doc:"Share of the credibility lost when a member's guarantee fails (default 0.4)."`
	AdmissionDays   Value    `yaml:"admission_days" min:"0" doc:"Days from application to membership without vetoes (default 300)."`
	Vetoes          []Veto   `yaml:"vetoes" doc:"Members that may hold up an admission."`
	Concession      Value    `yaml:"concession" min:"0" max:"1" doc:"For a patronage: share of a client's GDP per year conceded to the patron."`
	PriceAfterUse   Value    `yaml:"price_after_nuclear_use" min:"0" max:"1" doc:"For a patronage whose leader sanctions the target: share of the target's GDP a year the patron demands to reopen its trade once the target's coalition has used a nuclear weapon; the target accepts, and becomes a client, when the trade regained is worth more (default 0: no offer)."`
	At              Pos      `json:"-"`
}

// Veto is a member that may hold up admissions.
type Veto struct {
	By          string `yaml:"by" required:"true" doc:"Who holds the veto (an actor id or a name, e.g. Hungary)."`
	Probability Value  `yaml:"probability" min:"0" max:"1" doc:"Probability that it holds up an admission."`
	DelayDays   Value  `yaml:"delay_days" min:"0" doc:"Days it holds it up for."`
	At          Pos    `json:"-"`
}
