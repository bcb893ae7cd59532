package scenario

import (
	"fmt"
	"time"

	"github.com/goccy/go-yaml/ast"
)

// Scenario is a crisis as a user writes it: who the actors are, what they can
// do to each other (the escalation ladder), what they fight with, what they
// believe, and how long the simulation runs. Every number may be a distribution
// (see Value), drawn once per trajectory.
type Scenario struct {
	ID          string   `yaml:"id" required:"true" doc:"Short name of the scenario, used on the command line."`
	Title       string   `yaml:"title" doc:"One-line title shown in reports."`
	Description string   `yaml:"description" doc:"What the scenario represents and where its numbers come from."`
	Sources     []string `yaml:"sources" doc:"References for the numbers in the scenario."`

	Start             Date  `yaml:"start" required:"true" doc:"Calendar date of turn 0 (YYYY-MM-DD)."`
	HorizonDays       int   `yaml:"horizon_days" required:"true" min:"1" max:"36500" doc:"Length of a trajectory in days; a war still going at the horizon is a frozen conflict."`
	TurnDays          int   `yaml:"turn_days" min:"1" max:"30" doc:"Days per turn (default 1)."`
	DecisionEveryDays int   `yaml:"decision_every_days" min:"1" max:"365" doc:"Days between the decision epochs of the actors (default 7)."`
	CombatStepDays    int   `yaml:"combat_step_days" json:",omitempty" min:"1" max:"28" doc:"Days of combat whose losses (and learning) are drawn at once, on the first of them at its rates (tau-leaping: Gillespie 2001, J. Chem. Phys. 115:1716); a whole number of turns. The front, production, decisions and everything else still move every turn, and the power a leap's losses cost is spread over its days in the front's attrition rate. Counts on a date then include up to combat_step_days − 1 days of losses to come. Keep a leap short enough that it changes a side's forces little (the leap condition): a week in ukraine-2022. Default: one turn (losses drawn every turn)."`
	PlanningDays      Value `yaml:"planning_days" exclusive-min:"0" doc:"How far ahead, in days, actors weigh the costs and risks of a rung when they choose (default 180)."`
	CatastropheCost   Value `yaml:"catastrophe_cost" min:"0" doc:"Cost of general nuclear war to an actor, in units of the stakes (default 20)."`
	Inertia           Value `yaml:"inertia" min:"0" doc:"Cost, in units of the stakes, of changing posture at all rather than holding (status-quo bias; default 0.01)."`
	DefenceEffort     Value `yaml:"defence_effort" min:"0" max:"1" doc:"Least share of its committed forces an actor fights with when attacked, whatever rung it chose (default 0.25)."`
	// Drawn last where given (sim/params.go), so scenarios without it keep their hash and draws.
	CalledThreatWeight Value `yaml:"called_threat_weight" json:",omitzero" min:"0" doc:"Weight of a threat defied and not carried out in its target's evidence that the threatener bluffs, relative to the signal of the rung threatened (a threat made adds 0.2 of that signal to the evidence of resolve; the threatener learns that its target stood firm at half this weight). With the default 0.4 a threat repeated and never carried out loses its force, its target's belief tending to 1/3 (Sartori 2005); 0: threats are never judged by their follow-through."`
	// Drawn last where given, after called_threat_weight (sim/params.go).
	Hotline       Value  `yaml:"hotline" json:",omitzero" min:"0" max:"1" doc:"Chance that the victim of an unauthorised or accidental nuclear detonation believes the user's word, given at once over a hotline, that it was not ordered, and so neither answers it by its doctrine nor sees third parties intervene (sim/nuclearuse.go; the 1963 Moscow–Washington hotline and the 1971 Accidents Measures Agreement, art. 2; the 1999 Lahore memorandum, para. 4). Absent: 0, every detonation is answered as if ordered."`
	DecisionOrder string `yaml:"decision_order" json:",omitempty" enum:"in-turn|simultaneous" doc:"How the two sides of a relation choose at a decision epoch: in-turn, one after the other in an order drawn at each epoch, the second knowing the first's move (sim/decision.go); simultaneous, both on the state at the start of the epoch, which lets two sides that each match the other's rung swap rungs at every epoch forever (Huberman & Glance 1993; default in-turn)."`
	Ceasefire     string `yaml:"ceasefire" json:",omitempty" enum:"joint|nuclear|none" doc:"How a war between two parties other than the principals (a third state fighting one of them) can end short of general war: joint, both sides may offer a ceasefire at a decision epoch and step back together to the highest rung below combat when both do, but not while either stands on a nuclear-use rung (sim/ceasefire.go; Wittman 1979); nuclear, as joint, and a limited nuclear exchange between them can be stopped the same way once their answers to it are carried out (intra-war bargaining: Schelling 1966, Kahn 1965; contested by Ball 1981); none, each can only step down alone, rung by rung (default joint)."`

	Ladder     []Rung     `yaml:"ladder" doc:"The escalation ladder, lowest rung first. The default ladder (12 rungs, after Kahn) is used when absent."`
	Categories []Category `yaml:"categories" doc:"Equipment categories fought over in the theatres."`
	Actors     []Actor    `yaml:"actors" required:"true" doc:"States or blocs."`
	Relations  []Relation `yaml:"relations" required:"true" doc:"Pairs of actors in the crisis: the rung each holds toward the other, stakes and beliefs."`
	Theatres   []Theatre  `yaml:"theatres" doc:"Where coalitions fight conventionally."`
	Supply     []Supply   `yaml:"supply" doc:"Arms supplied by third parties to a belligerent."`
	RedLines   []RedLine  `yaml:"red_lines" doc:"Commitments to respond if a rung is crossed. A holder's lines against one actor over one party form a ladder: each is tested once, when its rung is reached, even if a lower one failed; a step over several is answered by the highest alone."`
	Sanctions  *Sanctions `yaml:"sanctions" json:",omitempty" doc:"A coalition cutting trade with a target."`
	Alliances  []Alliance `yaml:"alliances" json:",omitempty" doc:"Alliances with their guarantees, and patrons with their clients."`
	Events     []Event    `yaml:"events" json:",omitempty" doc:"Dated or triggered changes during a trajectory (injects): reinforcements, mobilisations, supply links, sanctions packages, accessions, overrides of parameters."`
	Record     *Record    `yaml:"record" json:"-" doc:"What history says happened: dated observations the scenario is judged by (brink validate) and conditioned on (brink infer). Not part of the model: it leaves the scenario's hash alone."`

	// The settlement of the principal relation (sim/bargaining.go).
	Bargaining *Bargaining `yaml:"bargaining" json:",omitempty" doc:"How the principal relation bargains over a settlement (default: complete information, protocol complete)."`

	AfterNuclearUse *AfterNuclearUse `yaml:"after_nuclear_use" json:",omitempty" doc:"Third parties' direct answers to a nuclear use (interventions)."`
	Variants        []Variant        `yaml:"variants" json:"-" doc:"Named sets of overrides of the parameters above."`

	At Pos `json:"-"`

	// Filled by Load: the file the scenario came from, its hash, and which
	// variant (if any) was applied.
	File    string   `yaml:"-" json:"-"`
	Hash    [32]byte `yaml:"-" json:"-"`
	Variant string   `yaml:"-" json:"-"`

	parsed *parsedFile
}

// Rung is one step of the escalation ladder.
type Rung struct {
	Name         string  `yaml:"name" required:"true" doc:"What the rung is, e.g. \"major conventional war\"."`
	Combat       bool    `yaml:"combat" doc:"Forces of the two actors fight each other directly at this rung."`
	Supply       bool    `yaml:"supply" doc:"An actor at this rung toward a belligerent's enemy supplies the belligerent with arms."`
	NuclearUse   bool    `yaml:"nuclear_use" doc:"Reaching this rung means a nuclear detonation."`
	Terminal     bool    `yaml:"terminal" doc:"General nuclear war: the trajectory ends."`
	Alert        int     `yaml:"alert" min:"0" max:"3" doc:"Nuclear alert level of an actor standing on this rung (0 peacetime … 3 maximum)."`
	Tension      Value   `yaml:"tension" min:"0" max:"1" doc:"How ready a leader is to believe a warning of attack at this rung (scales the leader's launch probability)."`
	Cost         Value   `yaml:"cost" min:"0" doc:"Cost per day of standing on this rung, in units of the stakes."`
	Effort       Value   `yaml:"effort" min:"0" max:"1" doc:"Share of its committed forces an actor standing on this rung brings to the fight (default: 1 on combat rungs, 0 elsewhere)."`
	Coercion     Value   `yaml:"coercion" min:"0" max:"1" doc:"Probability that an irresolute opponent yields to this rung."`
	Signal       Value   `yaml:"signal" min:"0" doc:"Weight of evidence about resolve that climbing to this rung gives the opponent (pseudo-observations)."`
	SpiralPerDay Value   `yaml:"spiral_per_day" min:"0" max:"1" doc:"Daily probability that a conflict at this rung slips out of control into general nuclear war (Schelling's threat that leaves something to chance)."`
	Damage       *Damage `yaml:"damage" json:",omitempty" doc:"What one nuclear use at this rung destroys on the struck side (nuclear-use rungs only)."`
	At           Pos     `json:"-"`
}

// Category is a kind of equipment with its Lanchester law.
type Category struct {
	ID    string `yaml:"id" required:"true" doc:"Short name, e.g. tanks."`
	Name  string `yaml:"name" doc:"Readable name."`
	Unit  string `yaml:"unit" json:",omitempty" doc:"What one unit of the category counts, as reports show it, e.g. thousand troops (default: units)."`
	Law   string `yaml:"law" enum:"square|linear|mixed" doc:"Attrition law: square (aimed fire: losses depend on enemy strength), linear (area fire: losses also grow with own density), or mixed."`
	Mix   Value  `yaml:"mix" min:"0" max:"1" doc:"For law mixed: exponent m of own density in the loss rate (0 = square, 1 = linear)."`
	Value Value  `yaml:"value" min:"0" doc:"Combat value of one unit, relative to the other categories."`
	At    Pos    `json:"-"`
}

// Actor is a state or a bloc.
type Actor struct {
	ID         string        `yaml:"id" required:"true" doc:"Short name, e.g. RUS."`
	Name       string        `yaml:"name" doc:"Readable name."`
	Coalition  string        `yaml:"coalition" required:"true" doc:"Coalition (side) the actor belongs to; a direct war is combat between actors of different coalitions outside the principal dyad."`
	Capability Capability    `yaml:"capability" doc:"Material capabilities."`
	Politics   Politics      `yaml:"politics" doc:"Resolve, rationality and attitudes to cost and risk."`
	Doctrine   Doctrine      `yaml:"doctrine" doc:"Nuclear doctrine: when first use is allowed."`
	Nuclear    *NuclearForce `yaml:"nuclear" doc:"Nuclear force and its command and control; absent for non-nuclear states."`
	Forces     []Force       `yaml:"forces" doc:"Conventional equipment by category."`

	Economy       *Economy       `yaml:"economy" json:",omitempty" doc:"GDP path, war costs, trade and import dependence (see the sanctions and production mechanisms)."`
	Security      *Security      `yaml:"security" json:",omitempty" doc:"Threats the actor perceives, and the alliances or patrons it would turn to."`
	Proliferation *Proliferation `yaml:"proliferation" json:",omitempty" doc:"Latent capability to build nuclear weapons, for a state without them."`
	Regime        *Regime        `yaml:"regime" json:",omitempty" doc:"Hazard of a change of leadership, and the successor's politics."`
	At            Pos            `json:"-"`
}

// Capability is what the Correlates of War and national accounts measure.
type Capability struct {
	CINC  Value `yaml:"cinc" min:"0" max:"1" doc:"Composite Index of National Capability (share of the world total)."`
	GDP   Value `yaml:"gdp" min:"0" doc:"Gross domestic product, US$ trillions a year."`
	Milex Value `yaml:"milex" min:"0" doc:"Military expenditure, US$ billions a year."`
	// Population bounds the people a nuclear strike can kill (sim/damage.go).
	Population float64 `yaml:"population" json:",omitempty" min:"0" doc:"Population, millions: no more can be killed by nuclear strikes (default 0: unbounded)."`
	At         Pos     `json:"-"`
}

// Politics holds what an actor values and how it chooses.
type Politics struct {
	Resolve              Value `yaml:"resolve" min:"0" max:"1" doc:"How much the actor values the stakes (1 = existential)."`
	CostSensitivity      Value `yaml:"cost_sensitivity" min:"0" doc:"Weight of the costs of war against the stakes (1 = as the ladder says)."`
	RiskTolerance        Value `yaml:"risk_tolerance" min:"0" max:"1" doc:"Share of the catastrophe cost the actor discounts (0 = fully risk averse)."`
	Rationality          Value `yaml:"rationality" min:"0" doc:"Logit rationality lambda of the quantal-response choice (0 = random, large = best response)."`
	BluffPropensity      Value `yaml:"bluff_propensity" min:"0" max:"1" doc:"Inclination to threaten without intent to act (utility bonus for signalling, in units of the stakes)."`
	Optimism             Value `yaml:"optimism" min:"-0.5" max:"0.5" doc:"Bias added to the actor's own estimate of its chance to prevail."`
	OptimismHalfLifeDays Value `yaml:"optimism_half_life_days" exclusive-min:"0" doc:"Days of war after which half of the actor's optimism is gone: fighting reveals the balance (default 365)."`
	AudienceCost         Value `yaml:"audience_cost" json:",omitzero" min:"0" max:"1" doc:"Cost to the leadership, in units of its stakes, of stepping down unilaterally from the rung it stands on: the domestic audience punishes a leader who backs down from a public commitment (Fearon 1994; Tomz 2007). Not paid for an agreed settlement or ceasefire; a new leadership after a regime change owes nothing to its predecessor's commitments (Wolford 2007). Absent: 0."`
	At                   Pos   `json:"-"`
}

// Doctrine constrains the decision to use nuclear weapons first.
type Doctrine struct {
	NoFirstUse        bool         `yaml:"no_first_use" doc:"Never use nuclear weapons first."`
	ForceRatioBelow   Value        `yaml:"first_use_force_ratio_below" min:"0" doc:"First use allowed when own side's combat power in a theatre falls below this multiple of the enemy's."`
	TerritoryBelow    Value        `yaml:"first_use_territory_below" min:"0" max:"1" doc:"First use allowed when the share of a theatre held by own side is below this, or would fall below it within four weeks at the present rate of loss; ground below this line is valued as existential (sim/firstuse.go)."`
	UnderDirectAttack bool         `yaml:"first_use_under_direct_attack" doc:"First use allowed when a nuclear-armed coalition fights the actor directly."`
	HeldGroundFrom    *Date        `yaml:"first_use_defends_held_ground_from" doc:"From this date (YYYY-MM-DD) the actor counts the ground it holds in its theatres as its own territory (an annexation): losing it by force opens the first-use envelope, and the ground at risk is valued as existential (sim/firstuse.go)."`
	Retaliation       *Retaliation `yaml:"retaliation" json:",omitempty" doc:"How the actor answers a nuclear use against its territory, forces or allies (needs a nuclear force)."`
	AlertDwellDays    Value        `yaml:"alert_min_dwell_days" min:"0" doc:"Days the actor keeps a raised nuclear alert before lowering it, and a lowered one before a threat raises it again (default 30)."`
	AlertAfterUse     int          `yaml:"alert_after_nuclear_use" json:",omitempty" min:"0" max:"3" doc:"Nuclear alert (0-3) the actor holds at least from the day a state of another coalition uses a nuclear weapon, against anyone (default 0: its rungs alone decide; sim/alarm.go)."`
	At                Pos          `json:"-"`
}

// NuclearForce is a nuclear arsenal and the chain that could fire it by mistake.
type NuclearForce struct {
	Warheads            Value   `yaml:"warheads" min:"0" doc:"Total warhead inventory."`
	AlarmsPerYear       []Value `yaml:"alarms_per_year" doc:"Rate of false alarms of attack at alert levels 0, 1, 2, 3 (four values)."`
	SeriousShare        []Value `yaml:"serious_share" doc:"Share of false alarms that look like a real attack at alert levels 0, 1, 2, 3 (severity grows with alert)."`
	ProcedureCatch      Value   `yaml:"procedure_catch" min:"0" max:"1" doc:"Probability that procedures (cross-checks, second sensors) catch a false alarm."`
	CommandRobustness   Value   `yaml:"command_robustness" min:"0" max:"1" doc:"Probability that the officer on duty refuses to pass on an erroneous warning that got through procedure."`
	LeaderLaunch        Value   `yaml:"leader_launch" min:"0" max:"1" doc:"Probability that the leadership launches on a warning that reaches it, at tension 1."`
	UnauthorisedPerYear []Value `yaml:"unauthorised_per_year" doc:"Rate of unauthorised or accidental detonations at alert levels 0, 1, 2, 3."`
	InadvertentRung     int     `yaml:"inadvertent_rung" min:"0" doc:"Rung reached by a launch on a false warning (default: two rungs above the first nuclear-use rung — limited strategic strikes on the default ladder)."`
	At                  Pos     `json:"-"`
}

// Force is an actor's equipment of one category.
type Force struct {
	Category         string `yaml:"category" required:"true" doc:"Category id."`
	Active           Value  `yaml:"active" min:"0" doc:"Units in service."`
	Storage          Value  `yaml:"storage" min:"0" doc:"Units in storage that can be refurbished."`
	RefurbishPerDay  Value  `yaml:"refurbish_per_day" min:"0" doc:"Units returned from storage to service per day."`
	ProductionPerDay Value  `yaml:"production_per_day" min:"0" doc:"New units per day."`
	Effectiveness    Value  `yaml:"effectiveness" min:"0" doc:"Initial effectiveness multiplier of a unit."`
	EffectivenessMax Value  `yaml:"effectiveness_max" min:"0" doc:"Ceiling that effectiveness learns toward in combat."`
	LearningPerDay   Value  `yaml:"learning_per_day" min:"0" max:"1" doc:"Rate at which effectiveness closes the gap to its ceiling per day of combat."`
	// Vintages (sim/vintage.go): quality multiplies effectiveness. All optional;
	// a force without them has quality 1 throughout, as before they existed
	// (and they are left out of the scenario's hash when absent).
	Quality           *Value    `yaml:"quality" json:",omitempty" min:"0" doc:"Mean quality of the units in service at the start, multiplying effectiveness (default 1)."`
	ProductionQuality *Value    `yaml:"production_quality" json:",omitempty" min:"0" doc:"Quality of newly produced units (default 1)."`
	StorageQuality    []Value   `yaml:"storage_quality" json:",omitempty" min:"0" doc:"Quality of storage drawn best first: [first, last], the quality of the first and of the last unit drawn from the initial store, linear in between (default: 1 throughout). Refurbished units enter with the quality of what is left."`
	StorageTranches   []Tranche `yaml:"storage_tranches" json:",omitempty" doc:"Quality of storage as tranches drawn in order, best first, instead of storage_quality: each {units, quality}; what is drawn beyond the last tranche has the last tranche's quality."`
	At                Pos       `json:"-"`
}

// Tranche is a part of a force's storage of one quality (see Force.StorageTranches).
type Tranche struct {
	Units   Value `yaml:"units" required:"true" min:"0" doc:"Units in the tranche."`
	Quality Value `yaml:"quality" required:"true" min:"0" doc:"Quality of its units, multiplying effectiveness."`
	At      Pos   `json:"-"`
}

// Relation is a pair of actors in the crisis.
type Relation struct {
	ID        string          `yaml:"id" doc:"Name of the relation (default: the two ids joined by '-')."`
	Between   []string        `yaml:"between" required:"true" doc:"The two actors."`
	Principal bool            `yaml:"principal" doc:"The dyad whose settlement or capitulation ends the war."`
	Sides     map[string]Side `yaml:"sides" required:"true" doc:"Per actor id: its rung toward the other, stakes and beliefs."`
	At        Pos             `json:"-"`
}

// Side is one actor's standing in a relation.
type Side struct {
	Rung           int   `yaml:"rung" min:"0" doc:"Rung the actor stands on toward the other at the start."`
	MaxRung        *int  `yaml:"max_rung" min:"0" doc:"Highest rung the actor will climb toward the other unless a red line or a nuclear use lifts it (default: the top)."`
	Stakes         Value `yaml:"stakes" min:"0" max:"1" doc:"Value of the dispute to the actor (multiplied by its resolve)."`
	BeliefResolute Value `yaml:"belief_resolute" min:"0" max:"1" doc:"Initial belief that the other side is resolute (mean of a Beta distribution)."`
	BeliefStrength Value `yaml:"belief_strength" exclusive-min:"0" doc:"Pseudo-observations behind that belief (alpha + beta)."`
	MinShare       Value `yaml:"min_share" min:"0" max:"1" doc:"Smallest share of the stakes the actor will settle for, whatever the bargaining range (indivisible stakes; default 0)."`
	WarAim         Value `yaml:"war_aim" min:"0" max:"1" doc:"Smallest share of the stakes the actor will settle for when the fighting begins, before the war has revealed the balance; it converges toward min_share as the fighting goes on (bargaining.aims_half_life_epochs; sim/warending.go). Default: min_share."`
	PrivateCost    Value `yaml:"private_cost" min:"0" doc:"The actor's private cost of continuing the war, in units of its stakes over the planning horizon, added to the public cost of its rung. Drawn per trajectory and known only to the actor; the other side knows only this distribution (default 0)."`
	At             Pos   `json:"-"`
}

// Bargaining is how the principal relation bargains (sim/bargaining.go).
type Bargaining struct {
	Protocol              string  `yaml:"protocol" enum:"complete|take-it-or-leave-it|alternating" doc:"complete: both know each other's costs and settle at the middle of the bargaining range when both offer; take-it-or-leave-it: one proposer demands, each decision epoch, the share that maximises its expected utility given its belief about the receiver's private cost, and the receiver accepts iff it beats war for its true cost; alternating: the same, with the sides taking turns to propose (default complete)."`
	Proposer              string  `yaml:"proposer" doc:"Actor of the principal relation who proposes (take-it-or-leave-it) or proposes first (alternating); default the first actor of its between."`
	Types                 int     `yaml:"types" min:"2" max:"4096" doc:"Number of equally likely types (quantiles of private_cost) the proposer's belief about the receiver is discretised into (default 64)."`
	AimsHalfLife          float64 `yaml:"aims_half_life_epochs" min:"0" doc:"Decision epochs of fighting after which each side's least acceptable share has moved half-way from its war_aim to its min_share (sim/warending.go; default 0: aims are min_share from the start)."`
	PauseAfterNuclearUse  int     `yaml:"pause_after_nuclear_use_days" min:"0" doc:"Days after a nuclear detonation during which the principals do not bargain, unless the draw of resume_after_nuclear_use lets them (sim/warending.go; default 0)."`
	ResumeAfterNuclearUse float64 `yaml:"resume_after_nuclear_use" min:"0" max:"1" doc:"Chance, at each decision epoch of the pause after a nuclear detonation, that the principals bargain all the same (default 0)."`
	At                    Pos     `json:"-"`
}

// Theatre is a place where two sides fight conventionally.
type Theatre struct {
	ID               string      `yaml:"id" required:"true" doc:"Short name."`
	Name             string      `yaml:"name" doc:"Readable name."`
	AreaKm2          Value       `yaml:"area_km2" min:"0" doc:"Area fought over, km2 (for reports)."`
	Territory        Value       `yaml:"territory" min:"0" max:"1" doc:"Share of the theatre held by side a at the start."`
	FrontSpeed       Value       `yaml:"front_speed" min:"0" max:"1" doc:"Largest share of the theatre an attack can take in a day (the advance rate at an overwhelming force ratio)."`
	DefenceAdvantage Value       `yaml:"defence_advantage" min:"0" doc:"Force ratio at which an attack on a hasty defence advances at half the largest speed: Dupuy's defensive posture factor over the local concentration an attacker can achieve (below 1 where an attacker concentrates on a wide front)."`
	Front            Front       `yaml:"front" doc:"How the front moves: operations, culmination, fatigue, fortification and breakthroughs (sim/front.go)."`
	A                TheatreSide `yaml:"a" required:"true" doc:"First side (its territory share is 'territory')."`
	B                TheatreSide `yaml:"b" required:"true" doc:"Second side."`
	At               Pos         `json:"-"`
}

// TheatreSide is one side of a theatre.
type TheatreSide struct {
	Actors                   []Commitment     `yaml:"actors" required:"true" doc:"Actors that fight here when at a combat rung toward the other side."`
	Attrition                map[string]Value `yaml:"attrition" doc:"Per category: daily losses per unit of enemy combat power (Lanchester coefficient)."`
	CapitulateBelow          Value            `yaml:"capitulate_below" min:"0" max:"1" doc:"The side capitulates when its combat power falls below this share of its initial power."`
	CapitulateTerritoryBelow Value            `yaml:"capitulate_territory_below" min:"0" max:"1" doc:"The side capitulates when the share of the theatre it holds falls below this (default 0: never)."`
	WithdrawsOnCapitulation  bool             `yaml:"withdraws_on_capitulation" json:",omitempty" doc:"Capitulating, the side withdraws from all the ground it holds in the theatre, so its share ends at 0 (an intruder's withdrawal, as Pakistan's behind the Line of Control in 1999); default false: the front stays where it stood."`
	Surprise                 Value            `yaml:"surprise" min:"1" doc:"Multiplier of the side's combat power at the start, from surprise, fading with the front's surprise_days (Dupuy: substantial surprise doubles combat power, complete surprise triples it; default 1)."`
	AttackAbove              Value            `yaml:"attack_above" min:"0" doc:"Ratio of the side's effective combat power to the enemy's defence (force ratio over the defence advantage) at which it is as likely to attack as not at a decision epoch (default 0.5)."`
	WithdrawAttrition        Value            `yaml:"withdraw_attrition" min:"0" max:"1" doc:"Share of its combat power lost per day above which the side, attacked, withdraws to trade ground for attrition (Epstein 1985; default 0.01)."`
	WithdrawSupplyBelow      Value            `yaml:"withdraw_supply_below" min:"0" max:"1" doc:"Supply factor below which the side, over-extended, pulls back toward its bases (default 0: never)."`
	FortifiesFrom            *Date            `yaml:"fortifies_from" json:",omitempty" doc:"Date (YYYY-MM-DD) from which the side builds prepared defences; before it its line stays a hasty one however long it holds (default: from the start)."`
	At                       Pos              `json:"-"`
}

// Front is how the front of a theatre moves (sim/front.go). Every field has a
// default, so a theatre without the block gets a front that moves with the
// force ratio, culminates, tires and digs in.
type Front struct {
	AdvanceElasticity   Value    `yaml:"advance_elasticity" min:"0" doc:"Exponent b of the advance rate v = v_max·q^b/(1+q^b) in q, the force ratio over the defence advantage (default 2)."`
	Fortification       Value    `yaml:"fortification" min:"0" doc:"Gain of the defence advantage on a line held long enough to be fortified: d·(1 + gain·f), f from 0 to 1 (default 1; Dupuy: a fortified defence is about twice a hasty one)."`
	FortificationDays   Value    `yaml:"fortification_days" min:"0" doc:"Time constant of digging in, days (default 60)."`
	FortifiedAtStart    Value    `yaml:"fortified_at_start" min:"0" max:"1" doc:"How dug in the line is at the start, 0 (a hasty defence, as against a surprise attack) to 1 (default 1)."`
	FortifiedDepth      Value    `yaml:"fortified_depth" min:"0" max:"1" doc:"Depth of the defensive belt, as a share of the theatre: an advance of this depth breaks e^-1 of the fortification (default 0.005)."`
	SupplyReach         Value    `yaml:"supply_reach" min:"0" doc:"Depth beyond its railheads, as a share of the theatre, over which an attacker's power falls by e^-1 (culmination; default 0.1)."`
	SupplyCatchUpDays   Value    `yaml:"supply_catch_up_days" min:"0" doc:"Time constant of moving the railheads up behind an advance, days (default 90)."`
	FatigueDays         Value    `yaml:"fatigue_days" min:"0" doc:"Days of continuous attack that wear an attacker's power down by e^-1 (default 120)."`
	RecoveryDays        Value    `yaml:"recovery_days" min:"0" doc:"Time constant of recovering from fatigue when not attacking, days (default 30)."`
	BreakthroughPerYear Value    `yaml:"breakthrough_per_year" min:"0" doc:"Rate of breakthroughs of an attack at force ratio equal to the defence advantage, per year; it scales as q^b (default 1)."`
	BreakthroughDays    Value    `yaml:"breakthrough_days" min:"0" doc:"Days a breakthrough is exploited (default 10)."`
	BreakthroughBoost   Value    `yaml:"breakthrough_boost" min:"0" doc:"Added multiple of the advance rate while a breakthrough is exploited (default 3)."`
	SurpriseDays        Value    `yaml:"surprise_days" min:"0" doc:"Time constant, days, over which the sides' surprise fades (default 14)."`
	QuietIntensity      Value    `yaml:"quiet_intensity" min:"0" doc:"Intensity of attrition when neither side attacks, relative to an attack (default 0.3)."`
	AttackerLosses      Value    `yaml:"attacker_losses" min:"0" doc:"Multiple of its losses a side pays while it attacks (default 1.5)."`
	TempoSD             Value    `yaml:"tempo_sd" min:"0" doc:"Standard deviation of the log of the fighting's tempo, a multiplier of both sides' losses that wanders as offensives wax and wane (an Ornstein-Uhlenbeck process with mean 1; default 0, a steady tempo)."`
	TempoDays           Value    `yaml:"tempo_days" min:"0" doc:"Correlation time of the tempo, days (default 60)."`
	WithdrawalSpeed     Value    `yaml:"withdrawal_speed" min:"0" max:"1" doc:"Largest speed of a withdrawal, as a share of front_speed (an army pulling back under pressure gives ground more slowly than a war of movement takes it; default 1)."`
	Compaction          Value    `yaml:"compaction" min:"0" doc:"Exponent κ of a side's defence as it is pushed back behind the ground it held at the start: its defence is multiplied by (h₀/h)^κ for a held share h below its starting h₀, the front shortening and the defender concentrating (force-to-space; default 0: none)."`
	CompactionFrom      string   `yaml:"compaction_from" json:",omitempty" enum:"start|furthest" doc:"The line compaction counts from: the ground a side held at the start (start, the default) or the most it has held so far (furthest: a side pushed back from its furthest line defends a shorter front)."`
	PostureDays         Value    `yaml:"posture_days" min:"0" doc:"Days a side keeps an attack or a defence it has chosen before it reconsiders, unless over-extension or attrition forces it to withdraw (default 0: reconsidered at every decision epoch)."`
	AttritionalAdvance  Value    `yaml:"attritional_advance" json:",omitzero" min:"0" doc:"Ground an attack buys at a poor ratio beyond the S-curve's: the advance rate is v_max·(q^b/(1+q^b) + a·min(q, 1)·f), a this field and f how dug in the defender's line is (0 to 1): positional assaults on a prepared line the attacker cannot break still take ground in proportion to the ratio, as Bakhmut and Avdiivka did (default 0: none)."`
	ConcentrationSD     Value    `yaml:"concentration_sd" json:",omitzero" min:"0" doc:"Spread σ of the attacker's concentration: at each decision epoch a side may open an offensive at a point where its local force ratio is c times the theatre's, c = e^(σ·z) with z standard normal, and it attacks on the local ratio and advances at it while the operation runs (default 0: every attack at the theatre's ratio)."`
	Sectors             []Sector `yaml:"sectors" json:",omitempty" doc:"The front divided into sectors, each with its own line, fortifications, railheads and share of each side's power (sim/sectors.go; experimental). Widths sum to 1 and the shares held by side a, weighted by width, to the theatre's territory. Default none: one front."`
	MainEffort          Value    `yaml:"main_effort" json:",omitzero" min:"0" doc:"With sectors: the concentration φ of an attacking side at its point of main effort, the sector where its local ratio is best: it puts a share (w + φ)/(1 + φ) of its power in that sector of width w and 1/(1 + φ) of its width's share in each other (default 0.5)."`
	ReserveDays         Value    `yaml:"reserve_days" json:",omitzero" min:"0" doc:"With sectors: time constant, days, over which a side not attacking moves its reserves to match the enemy's main effort, or back along its line when the enemy stops attacking (default 21)."`
	At                  Pos      `json:"-"`
}

// Sector is one sector of a theatre's front (sim/sectors.go).
type Sector struct {
	ID    string  `yaml:"id" required:"true" doc:"Short name."`
	Width float64 `yaml:"width" min:"0" max:"1" doc:"Share of the theatre (its line and the ground behind it) the sector covers; the widths sum to 1."`
	Held  float64 `yaml:"held" min:"0" max:"1" doc:"Share of the sector held by side a at the start."`
	At    Pos     `json:"-"`
}

// Commitment is an actor's share of its forces fighting in a theatre.
type Commitment struct {
	Actor  string `yaml:"actor" required:"true" doc:"Actor id."`
	Commit Value  `yaml:"commit" min:"0" max:"1" doc:"Share of the actor's active forces committed here when it fights."`
	// DeployDays is a fact of logistics, not drawn (no random number taken).
	DeployDays float64 `yaml:"deploy_days" json:",omitempty" min:"0" max:"3650" doc:"Time constant, in days, over which the committed forces reach the theatre once the actor enters the fight there: after t days of fighting 1 − e^(−t/τ) of them are engaged (default 0: at once; forces fighting on the first day are in place; sim/deploy.go)."`
	At         Pos     `json:"-"`
}

// Supply is a flow of arms from a third party.
type Supply struct {
	From     string `yaml:"from" required:"true" doc:"Supplier id."`
	To       string `yaml:"to" required:"true" doc:"Recipient id."`
	Category string `yaml:"category" required:"true" doc:"Category id."`
	PerDay   Value  `yaml:"per_day" min:"0" doc:"Units per day while the supplier stands on a supply rung toward the recipient's enemy."`
	Dormant  bool   `yaml:"dormant" json:",omitempty" doc:"The link does not flow until an event starts it (events: supply: {action: start})."`
	Quality  *Value `yaml:"quality" json:",omitempty" min:"0" doc:"Quality of the units supplied, multiplying effectiveness (default 1; see sim/vintage.go)."`
	At       Pos    `json:"-"`
}

// RedLine is a commitment by Holder to respond if Against crosses Rung toward Protects.
type RedLine struct {
	Holder      string `yaml:"holder" required:"true" doc:"Actor that holds the red line."`
	Against     string `yaml:"against" required:"true" doc:"Actor it is drawn against."`
	Protects    string `yaml:"protects" doc:"Actor whose attack triggers it (default: the holder)."`
	Rung        int    `yaml:"rung" min:"0" doc:"Crossing: Against reaches this rung or higher toward Protects."`
	Response    int    `yaml:"response" min:"0" doc:"Rung the holder climbs to toward Against."`
	Credibility Value  `yaml:"credibility" min:"0" max:"1" doc:"Probability that the holder carries the response out."`
	HoldDays    int    `yaml:"hold_days" min:"0" max:"3650" doc:"Days after carrying the response out during which the holder does not step down below it (default 0: it decides each epoch)."`
	At          Pos    `json:"-"`
}

// Variant is a named set of overrides: paths into the scenario and new values.
type Variant struct {
	ID          string   `yaml:"id" required:"true" doc:"Name used with -variant."`
	Description string   `yaml:"description" doc:"What the variant encodes."`
	Set         ast.Node `yaml:"set" doc:"Overrides: a path into the scenario (actors.RUS.politics.resolve, ladder[7].cost, relations.RUS-UKR.sides.RUS.stakes) and its new value."`
	At          Pos      `json:"-"`
}

// Date is a calendar day.
type Date struct {
	time.Time
	Pos Pos `json:"-"`
}

// UnmarshalScalar reads YYYY-MM-DD.
func (d *Date) UnmarshalScalar(text string) error {
	t, err := time.Parse("2006-01-02", text)
	if err != nil {
		return fmt.Errorf("expected a date as YYYY-MM-DD, got %q", text)
	}
	d.Time = t
	return nil
}

// DayOf is the day of date d counted from start (day 0), rounded.
func (d Date) DayOf(start Date) int {
	return int(d.Sub(start.Time).Hours()/24 + 0.5)
}

// MarshalJSON writes the date as YYYY-MM-DD.
func (d Date) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.Format("2006-01-02") + `"`), nil
}

// JSONSchema describes a Date.
func (Date) JSONSchema() map[string]any {
	return map[string]any{"type": "string", "format": "date", "description": "YYYY-MM-DD"}
}
