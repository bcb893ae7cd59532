// Package sim simulates one trajectory of a scenario: one possible history of
// the crisis, turn by turn (a day by default), until a settlement, a
// capitulation, general nuclear war or the horizon.
//
// The world state (World) holds the actors' drawn parameters, the rung each
// actor stands on toward each opponent, beliefs, alert levels, forces and
// territory. Mechanisms, each a type with a Step method, step it in the
// fixed order World.Step calls them in, each in its own file with its
// equation and reference:
//
//	events.go       dated and triggered injects
//	alarm.go        false alarms and inadvertent or unauthorised use; alert dwell
//	decision.go     choices by expected utility and logit choice
//	firstuse.go     the pressure of losing ground on the choice of first use
//	bargaining.go   settlement: Fearon's range, demands under private information
//	ceasefire.go    a war beside the principal one ended jointly: both step back below combat
//	warending.go    war aims converging with the fighting, shifting power, no peace path
//	                just after a nuclear use or beside a war of nuclear coalitions
//	belief.go       Bayesian beliefs about resolve
//	redline.go      commitments to respond when a rung is crossed
//	retaliation.go  answers to a nuclear use by doctrine; general war as an exchange
//	damage.go       what a nuclear use destroys
//	production.go   refurbishment, production, arms supply
//	vintage.go      the quality of what comes out of storage
//	deploy.go       forces reaching a theatre over time once an actor joins the fight
//	combat.go       Lanchester attrition, learning
//	tempo.go        the tempo of the fighting, wandering as offensives wax and wane
//	front.go        operational postures and the ground they win or give up
//	sectors.go      a front in sectors (experimental): a main effort, thinned lines, reserves that follow
//	spiral.go       loss of control between nuclear-armed coalitions
//	termination.go  general nuclear war, capitulation
//
// and, for a scenario that models the world around the war (worldstate.go
// steps them weekly):
//
//	sanctions.go      a sanctions coalition over the target's trade
//	economy.go        GDP paths, war costs, industrial capacity
//	alliance.go       threat perception, applications, admissions, guarantees
//	proliferation.go  the hazard of starting a nuclear weapons programme
//	regime.go         the hazard of a change of leadership, and its successor
//
// README.md's table of mechanisms lists the same files (doc_test.go).
//
// A World is reused across trajectories: Reset(key) reseeds one random stream
// per mechanism from the trajectory's key and redraws every parameter in place,
// so the turn loop allocates nothing.
package sim
