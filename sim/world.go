package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math/rand/v2"
	"time"
)

// Stream names one of a trajectory's independent random streams. Each
// mechanism draws from its own, so that a variant which changes, say, decisions
// leaves the false alarms of trajectory k exactly as they were (common random
// numbers across variants).
type Stream int

const (
	StreamParams      Stream = iota // parameter draws at the start of a trajectory
	StreamAlarm                     // false alarms and unauthorised use
	StreamDecision                  // choices, red lines
	StreamCombat                    // attrition
	StreamEscalate                  // spirals out of control
	StreamWorld                     // reserved for economy, alliances, proliferation, regime
	StreamRetaliation               // responses to nuclear use: doctrine branches, interventions
	numStreams
)

// World is the state of one trajectory. A worker owns one World and reuses it
// for every trajectory it runs: Reset redraws the parameters and the state in
// place, so the turn loop allocates nothing.
type World struct {
	M *Model

	Day  int     // days since the start
	dt   float64 // days per turn
	done bool

	src [numStreams]*rand.ChaCha8
	rng [numStreams]*rand.Rand

	hasher hash.Hash // SHA-256 of the trajectory key (Reset)
	keyBuf [32]byte  // the key, then its digest (Reset)

	lateSeeded bool // StreamRetaliation is seeded for this trajectory (lateStream)

	// lossBits hands out the combat stream's words 16 bits at a time to the
	// loss draws (drawLoss); reset with the stream.
	lossBits bitPool

	lossMean, lossCount []float64 // per category: scratch of attritOne

	// Each parameter is drawn from its own small generator, seeded by one
	// number taken from the parameter stream, so a variant that changes how
	// one value is drawn leaves every other value of trajectory k unchanged.
	paramSrc *rand.PCG
	paramRng *rand.Rand

	// Parameters drawn for this trajectory.
	planning  float64 // days of costs and risks an actor weighs
	catCost   float64 // cost of general nuclear war, in stakes
	inertia   float64 // cost of any change of posture, in stakes
	calledW   float64 // weight of a called bluff in its target's evidence (belief.go)
	hotline   float64 // chance an unauthorised detonation is believed to be one (nuclearuse.go)
	threats   int     // threats made since the last dueThreats
	judging   int     // threats set aside for judgeThreats
	defEffort float64 // least effort of an actor under attack
	// The last catastrophe chance utilityGiven worked out, 1 − e^−x, and its
	// x: the options of one choice mostly share it.
	pcatX, pcat float64
	rungs       []rungState
	catValue    []float64
	catMix      []float64

	act        []actorState
	fo         []forceState // [actor*NC + category]
	foActor    []int        // [actor*NC + category] → actor: no division in the daily loops
	producing  []int        // indices into fo of forces that refurbish or produce
	rel        []relState
	th         []theatreState
	sup        []float64        // units per day of each supply link
	supplyPow  []float64        // [relation*2 + side]: supplyPower of that side's actor where it faces the other
	supplyOn   []bool           // whether each supply link flows (cached, see refreshPosture)
	supFo      [][2]*forceState // per supply link: the supplier's and the recipient's forces of its category
	supBase    []float64        // units per day of each supply link when it flows (sup is 0 while it is dormant)
	supDormant []bool           // per supply link: stopped until an event starts it (events.go)

	ev      []eventState // per event of the scenario (events.go)
	evOrder []int        // the dated events by firing day
	evNext  int          // the next of evOrder to fire

	postureDirty bool  // a rung changed since refreshPosture
	effortsDirty bool  // forces arrived in a theatre since refreshPosture (deploy.go)
	signallers   []int // the actors whose signalDays is above 0, their threats running (decision.go)
	redLinesDue  bool  // a rung changed since the red lines were checked (see redLineMechanism)
	exchanging   bool  // the strikes of a general war are being launched (generalWar)
	terminalDue  bool  // a rung changed since termination looked for general nuclear war
	rl           []redLineState

	// The values drawn for the uncertain parameters, in draw order (see
	// sampled.go); labels, only while labelling, the Text of each such Value.
	sampled   []float64
	labelling bool
	pinned    []float64 // see pin.go
	labels    []string

	alarming     []int     // nuclear actors with false alarms or unauthorised use at some alert level (alarm.go)
	alertCalled  []int     // per actor: scratch of updateAlerts
	alertsSet    bool      // updateAlerts has set every actor's alert since Reset
	coalNuclear  []bool    // per coalition: some member holds warheads
	mutualRel    []bool    // per relation: both coalitions hold warheads (mutual)
	coalCINC     []float64 // per coalition: summed CINC (drawParameters)
	coalWarheads []float64 // per coalition: summed warheads

	ws  worldState // economy, sanctions, alliances, proliferation, regimes (worldstate.go)
	vin vintages   // storage profiles and supply qualities (vintage.go)

	barg bargainState // beliefs of the bargaining under private information (bargaining.go)
	rt   retState     // responses to nuclear use pending and held (retaliation.go)

	scratch decisionScratch

	snap *snapshots // losses recorded at chosen days, or nil (see snapshots.go)

	ser seriesState // position in Out.Series (see series.go)

	Out     Outcome
	tracing bool
	events  []Event
}

type rungState struct {
	tension, cost, coercion, signal, spiral, effort float64
	alert                                           int
	combat, supply, nuclear, terminal               bool
	open                                            bool         // below the nuclear alerts and uses: open to anyone (permitted)
	fight                                           float64      // max(effort, defEffort) (refreshFightEffort)
	dmg                                             damageParams // damage.go

	// pcat = 1 − e^−pcatX, pcatX = spiral × planning horizon: the rung's own
	// chance of general war over the horizon, fixed for the trajectory
	// (utilityGiven), computed once by drawParameters.
	pcatX, pcat float64

	// slip = 1 − e^(−slipH·Δt): the daily chance of slipping out of control
	// at spiral rate slipH, the rung's as drawn (spiral.go), computed once.
	slipH, slip float64
}

type actorState struct {
	resolve, costSens, riskTol, lambda, bluff, optimism float64
	optimismHalfLife                                    float64
	optimismDecay                                       float64 // ln 2 / optimismHalfLife: optimism today is optimism·e^(−decay·day)
	audience                                            float64 // cost of stepping down, in units of the stakes (decision.go)
	optimismNow                                         float64 // see refreshEstimates

	nfu               bool
	forceRatioBelow   float64
	territoryBelow    float64
	underDirectAttack bool
	heldFrom          int // day from which it counts the ground it holds as its own (firstuse.go; MaxInt: never)

	nuclear      bool
	warheads     float64
	alarms       [4]float64 // per year
	alarmClock   float64    // Exp(1) hazard left before the next false alarm
	serious      [4]float64
	procCatch    float64
	robust       float64
	leaderLaunch float64
	unauth       [4]float64 // per year
	unauthClock  float64    // Exp(1) hazard left before the next unauthorised use
	alarmTurn    [4]float64 // alarms/365·Δt: the false-alarm hazard of a turn at each alert level (drawParameters)
	unauthTurn   [4]float64 // unauth/365·Δt: the same for unauthorised use
	inadvRung    int

	cinc, gdp, milex float64

	alert              int
	prevAlert          int
	alertSince         int     // day the alert last changed (alarm.go)
	alertDwell         float64 // days an alert is kept before it changes back
	alertOnUse         int     // the alert held at least after another coalition's nuclear use (alarm.go)
	signalDays         int
	retaliate          bool // a nuclear weapon was used against this actor's coalition
	struckInGeneralWar bool // struck at the terminal rung: general war's damage is counted once (damage.go)

	ret retaliationParams // its doctrine's answer to nuclear use (retaliation.go)
}

// mutual reports whether both coalitions of relation r hold nuclear weapons:
// only then can a conflict between them become general nuclear war. Fixed
// for the trajectory (drawParameters).
func (w *World) mutual(r int) bool { return w.mutualRel[r] }

// refreshFightEffort sets each rung's fight, max(effort, defEffort): what an
// actor on it engages where it fights, at least the defence effort.
func (w *World) refreshFightEffort() {
	for i := range w.rungs {
		w.rungs[i].fight = max(w.rungs[i].effort, w.defEffort)
	}
}

type forceState struct {
	active, storage       float64
	refurb, prod          float64 // per day
	refurbDay, prodDay    float64 // k·refurb·Δt and k·prod·Δt at the actor's industrial capacity k: a turn's (refreshRates)
	eff, effMax, learn    float64
	lost, supplied, built float64 // cumulative: losses, received from third parties (net), newly produced
	refurbished           float64 // cumulative: moved from storage to service
	added                 float64 // cumulative: added by events (reinforcements, overrides of the stock)

	// Vintages (vintage.go).
	q, qProd float64 // mean quality of the units in service; quality of new production
	drawn    float64 // units drawn from storage so far: the position in the storage profile
	seg      int     // the segment of the storage profile at that position
	aged     bool    // its quality can move: the scenario gives it vintages, or it receives units of quality ≠ 1
}

type relState struct {
	rung      [2]int
	maxRung   [2]int
	stakes    [2]float64 // resolve × stakes of each side
	rawStakes [2]float64 // the stakes before resolve (a new leader brings a new resolve)
	minShare  [2]float64
	aim       [2]float64 // war aim: the least share at the start of the fighting (warending.go)
	privCost  [2]float64 // each side's private cost of war, in units of its stakes (bargaining.go)
	alpha     [2]float64 // side s's Beta belief that the other is resolute
	beta      [2]float64
	offer     [2]bool
	threat    [2]int // the rung side s threatened at the last epoch, 0 if none (belief.go)
	threatOpp [2]int // the other side's rung when s threatened
	judging   [2]int // the threat being judged this epoch (threat, moved by dueThreats)
	judgeOpp  [2]int
}

// belief is side s's mean belief that the other side is resolute, α/(α+β).
func (rs *relState) belief(s int) float64 { return rs.alpha[s] / (rs.alpha[s] + rs.beta[s]) }

type theatreState struct {
	territory, speed, defAdv float64
	fp                       frontParams  // the front's parameters (front.go)
	sec                      *sectorFront // the front's sectors, nil for a single front (sectors.go)
	front                    frontState
	capitulate               [2]float64
	capitulateHeld           [2]float64
	withdrawsOnCapitulation  [2]bool      // capitulating, the side gives up all it holds (termination.go)
	attrition                [2][]float64 // per category
	commit                   [2][]float64 // per actor of the side
	effort                   [2][]float64 // per actor of the side: share of its committed forces engaged (cached, see refreshPosture)
	unit                     [2][]float64 // per actor of the side: its combat power at full effort (see refreshPower)
	p0                       [2]float64   // combat power when fighting began
	n0                       [2][]float64 // committed units per category when fighting began
	fighters                 [2][]fighter // the side's actors with effort > 0 (cached, see refreshPosture)
	deployK                  [2][]float64 // per actor of the side: 1 − e^−Δt/τ of its deploy_days τ (1: at once; deploy.go), fixed for the model
	arrived                  [2][]float64 // per actor of the side: share of its committed forces in the theatre
	deploying                bool         // an actor fights here with forces still on their way
	power                    [2]float64
	started, active          bool
	ground                   frontMemory // territory at the last decision epochs (firstuse.go)
}

type redLineState struct {
	cred  float64
	fired bool
}

// NewWorld allocates the buffers of one worker for model m.
func NewWorld(m *Model) *World {
	na, nc := len(m.Actors), len(m.Categories)
	w := &World{M: m,
		rungs:      make([]rungState, len(m.Scenario.Ladder)),
		catValue:   make([]float64, nc),
		catMix:     make([]float64, nc),
		lossMean:   make([]float64, nc),
		lossCount:  make([]float64, nc),
		act:        make([]actorState, na),
		fo:         make([]forceState, na*nc),
		foActor:    make([]int, na*nc),
		producing:  make([]int, 0, na*nc),
		rel:        make([]relState, len(m.Relations)),
		th:         make([]theatreState, len(m.Theatres)),
		sup:        make([]float64, len(m.Supply)),
		supplyPow:  make([]float64, 2*len(m.Relations)),
		supplyOn:   make([]bool, len(m.Supply)),
		supBase:    make([]float64, len(m.Supply)),
		supDormant: make([]bool, len(m.Supply)),
		ev:         make([]eventState, len(m.events)),
		evOrder:    make([]int, 0, len(m.events)),
		rl:         make([]redLineState, len(m.RedLines)),

		coalNuclear:  make([]bool, len(m.Coalitions)),
		mutualRel:    make([]bool, len(m.Relations)),
		alarming:     make([]int, 0, na),
		signallers:   make([]int, 0, na),
		alertCalled:  make([]int, na),
		coalCINC:     make([]float64, len(m.Coalitions)),
		coalWarheads: make([]float64, len(m.Coalitions)),
	}
	for i := range w.foActor {
		w.foActor[i] = i / nc
	}
	w.supFo = make([][2]*forceState, len(m.Supply))
	for k, sp := range m.Supply {
		w.supFo[k] = [2]*forceState{&w.fo[sp.from], &w.fo[sp.to]}
	}
	for i := range w.th {
		for s := range 2 {
			w.th[i].attrition[s] = make([]float64, nc)
			w.th[i].commit[s] = make([]float64, len(m.Theatres[i].Actors[s]))
			w.th[i].effort[s] = make([]float64, len(m.Theatres[i].Actors[s]))
			w.th[i].unit[s] = make([]float64, len(m.Theatres[i].Actors[s]))
			w.th[i].n0[s] = make([]float64, nc)
			w.th[i].fighters[s] = make([]fighter, 0, len(m.Theatres[i].Actors[s]))
			w.th[i].arrived[s] = make([]float64, len(m.Theatres[i].Actors[s]))
		}
		w.th[i].sec = newSectorFront(&m.Theatres[i])
		w.th[i].deployK = deploySteps(m.Theatres[i].spec, float64(m.Scenario.TurnDays))
	}
	for i := range w.src {
		w.src[i] = rand.NewChaCha8([32]byte{})
		w.rng[i] = rand.New(w.src[i])
	}
	w.hasher = sha256.New()
	w.paramSrc = rand.NewPCG(0, 0)
	w.paramRng = rand.New(w.paramSrc)
	w.Out.init(m)
	w.scratch.init(m)
	w.ws.init(m)
	w.rt.init(m)
	w.initViews()
	for i := range w.ev {
		w.ev[i].set = make([]float64, len(m.events[i].sets))
	}
	return w
}

// Trace turns the event log on or off. Off, the turn loop records nothing and
// allocates nothing.
func (w *World) Trace(on bool) { w.tracing = on }

// Events returns the log of the last trajectory when tracing was on.
func (w *World) Events() []Event { return w.events }

// Event is one line of a trajectory's story.
type Event struct {
	Day  int
	Text string
}

// logf records an event. Call it only under `if w.tracing`, so that the
// arguments are not boxed when tracing is off.
func (w *World) logf(format string, args ...any) {
	w.events = append(w.events, Event{Day: w.Day, Text: fmt.Sprintf(format, args...)})
}

// Date returns the calendar date of a day of the trajectory.
func (w *World) Date(day int) time.Time { return w.M.Scenario.Start.AddDate(0, 0, day) }

// Reset prepares the world for the trajectory whose stream key is key: it seeds
// one stream per mechanism from the key, draws the scenario's parameters, and
// sets the initial state.
func (w *World) Reset(key [32]byte) {
	// One SHA-256 of the key, through the world's own hasher and buffers:
	// sha256.Sum256 may allocate its digest, depending on inlining.
	w.keyBuf = key
	w.hasher.Reset()
	w.hasher.Write(w.keyBuf[:])
	h := (*[32]byte)(w.hasher.Sum(w.keyBuf[:0])) // the digest, kept in keyBuf for lateStream
	for i := range w.src {
		switch Stream(i) {
		case StreamCombat:
			if len(w.M.Theatres) == 0 {
				continue // nothing draws from it: no seeding (a ChaCha8 block)
			}
		case StreamRetaliation:
			w.lateSeeded = false // seeded by lateStream, at its first draw: most trajectories see no nuclear use
			continue
		}
		w.src[i].Seed(substreamKey(h, Stream(i)))
	}
	w.lossBits = bitPool{}
	w.Day, w.done = 0, false
	w.threats, w.judging = 0, 0     // no threat outstanding (belief.go)
	w.signallers = w.signallers[:0] // drawParameters starts every actor without a threat running
	w.events = w.events[:0]
	clear(w.scratch.prevOff)
	w.Out.reset()
	w.ser.reset()
	w.drawParameters(w.src[StreamParams])
	for i := range w.act {
		w.act[i].alarmClock = w.rng[StreamAlarm].ExpFloat64()
		w.act[i].unauthClock = w.rng[StreamAlarm].ExpFloat64()
	}
	w.Out.HighestRung = w.conflictRungMax()
	w.Out.Path[0], w.Out.PathLen = int8(w.Out.HighestRung), 1
}

// lateStream returns the retaliation stream, seeding it at its first use in
// the trajectory from the key's digest (Reset leaves it unseeded): the same
// stream as if it had been seeded by Reset, without a ChaCha8 block for the
// trajectories that never draw from it.
func (w *World) lateStream() *rand.Rand {
	if !w.lateSeeded {
		w.src[StreamRetaliation].Seed(substreamKey(&w.keyBuf, StreamRetaliation))
		w.lateSeeded = true
	}
	return w.rng[StreamRetaliation]
}

// substreamKey derives the key of one mechanism's stream from h, the SHA-256
// digest of the trajectory key: each 64-bit word of h XOR a word that depends
// on the stream and the word's place only, the SplitMix64 finaliser of
// (stream, place) (Steele, Lea & Flood 2014, "Fast splittable pseudorandom
// number generators", OOPSLA). The streams' keys differ in every word and are
// unrelated to other trajectories' (that would take two digests differing by
// exactly those words), and ChaCha8 is a pseudorandom function of its key, so
// the streams are independent; one hash per trajectory instead of one per
// stream.
func substreamKey(h *[32]byte, s Stream) [32]byte {
	var k [32]byte
	for j := range 4 {
		x := binary.LittleEndian.Uint64(h[8*j:])
		binary.LittleEndian.PutUint64(k[8*j:], x^splitmix64(uint64(s)<<2|uint64(j)))
	}
	return k
}

// splitmix64 is output x+1 of the SplitMix64 generator started at 0.
func splitmix64(x uint64) uint64 {
	x = (x + 1) * 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Run simulates the trajectory to its end and returns its outcome.
func (w *World) Run() *Outcome {
	sc := w.M.Scenario
	for !w.done {
		w.Step()
		if !w.done && w.Day >= sc.HorizonDays {
			w.end(EndFrozen, -1)
		}
	}
	return &w.Out
}

// Step advances the world by one turn.
func (w *World) Step() {
	if w.done {
		return
	}
	w.snap.record(w)
	if w.Day >= w.ser.nextDay {
		w.takeSeries()
	}
	// The turn order. Events first: what lands on day d fights on day d
	// (events.go). The mechanisms of the wider world (economy and sanctions,
	// alliances, proliferation, regime) take their place between combat and
	// termination, drawing from StreamWorld. Each mechanism is a type with a
	// Step(w *World) method (and a due(w) check for those idle most days),
	// called here directly, in this order.
	if len(w.M.events) > 0 && (eventMechanism{}).due(w) {
		if (eventMechanism{}).Step(w); w.done {
			return
		}
	}
	if (alarmMechanism{}).Step(w); w.done {
		return
	}
	// A rung reached since the last check — by an unauthorised or false-alarm
	// use just now, an answer carried out yesterday, an event — is tested
	// against the red lines before anyone chooses: a line is crossed by the
	// step that crosses it, not by a later step back down onto its rung.
	if (redLineMechanism{}).due(w) {
		if (redLineMechanism{}).Step(w); w.done {
			return
		}
	}
	if (decisionMechanism{}).due(w) {
		if (decisionMechanism{}).Step(w); w.done {
			return
		}
	}
	if (redLineMechanism{}).due(w) {
		if (redLineMechanism{}).Step(w); w.done {
			return
		}
	}
	if (retaliationMechanism{}).due(w) {
		if (retaliationMechanism{}).Step(w); w.done {
			return
		}
	}
	if (productionMechanism{}).Step(w); w.done {
		return
	}
	if (combatMechanism{}).Step(w); w.done {
		return
	}
	if (spiralMechanism{}).Step(w); w.done {
		return
	}
	if (worldMechanism{}).due(w) {
		if (worldMechanism{}).Step(w); w.done {
			return
		}
	}
	if (terminationMechanism{}).Step(w); w.done {
		return
	}
	w.Day += w.M.Scenario.TurnDays
}

func (w *World) end(e EndKind, who int) {
	if w.done {
		return
	}
	w.done = true
	w.Out.End = e
	w.Out.EndActor = who
	w.Out.Days = w.Day
	for i := range w.th {
		w.Out.Territory[i] = w.th[i].territory
	}
	for i := range w.fo {
		w.Out.Losses[i] = w.fo[i].lost
		w.Out.Active[i] = w.fo[i].active
		w.Out.Quality[i] = w.fo[i].q
	}
	w.finishSeries()
	if w.tracing {
		w.logf("%s", w.Out.endText(w.M))
	}
	w.worldAfterWar()
}

// conflictRung is the rung of a relation: the higher of the two sides'.
func (w *World) conflictRung(r int) int {
	return max(w.rel[r].rung[0], w.rel[r].rung[1])
}

func (w *World) conflictRungMax() int {
	h := 0
	for r := range w.rel {
		h = max(h, w.conflictRung(r))
	}
	return h
}

// fighting reports whether actors a and b stand at a combat rung in their relation.
func (w *World) fighting(a, b int) bool {
	r := w.M.Rel(a, b)
	return r >= 0 && w.rungs[w.conflictRung(r)].combat
}

// setRung moves actor a to rung t toward b in relation r, recording nuclear use.
func (w *World) setRung(r, side, t int, kind UseKind) {
	if w.done {
		return
	}
	rs := &w.rel[r]
	old := rs.rung[side]
	if t == old || t < old && w.held(r, side, t) {
		// A step down chosen in the epoch a strike is answered (the choices
		// of an epoch are applied together) waits out the hold (retaliation.go).
		return
	}
	rs.rung[side] = t
	w.postureDirty, w.redLinesDue, w.terminalDue = true, true, true
	if t < old {
		w.steppedDown(r, side)
	}
	believed := false
	if t > old && w.rungs[t].nuclear && !w.rungs[old].nuclear {
		believed = w.nuclearUse(r, side, kind)
	}
	if t > old && w.rungs[t].nuclear {
		w.strike(r, side, t, believed)
	}
	if c := w.conflictRung(r); c > w.Out.HighestRung {
		w.Out.HighestRung = c
		if w.Out.PathLen < MaxPath {
			w.Out.Path[w.Out.PathLen] = int8(c)
			w.Out.PathLen++
		}
	}
	if w.Out.NuclearUse && w.Out.PathAtUse == 0 {
		w.Out.PathAtUse = w.Out.PathLen
	}
	if w.rungs[t].terminal && !w.exchanging {
		// General nuclear war cannot be stepped back from in the same turn.
		w.generalWar()
	}
	if believed {
		// Disowned, and believed: the user's leadership stands where it
		// stood before the detonation it did not order (nuclearuse.go).
		rs.rung[side] = old
		if w.tracing {
			w.logf("%s stands again on %q toward %s", w.actorName(w.M.Relations[r].A[side]), w.rungName(old), w.actorName(w.M.Relations[r].A[1-side]))
		}
	}
}

func (w *World) actorName(i int) string { return w.M.Actors[i] }

func (w *World) rungName(r int) string { return w.M.Scenario.Ladder[r].Name }
