// Package scenario reads, checks and describes brink scenario files.
//
// A scenario is YAML: actors with their capabilities, politics, doctrine,
// nuclear forces and conventional forces; relations between pairs of actors
// (the rung each stands on toward the other, stakes, beliefs); theatres where
// coalitions fight; arms supply; red lines; an escalation ladder (DefaultLadder
// when absent); and variants, named sets of overrides. Any number may be a
// distribution (see ParseValue), drawn once per trajectory.
//
// Every problem is reported with its file, line, column and field, the line
// itself and a caret (Diagnostic), all at once (Errors). The JSON Schema of the
// format comes from the same Go types (Schema), so the two cannot disagree.
//
//	sc, err := scenario.LoadFile("crisis.yaml") // or scenario.Builtin("ukraine-2022")
//	if err != nil {
//		log.Fatal(err) // file:line:col: field: message, with the line and a caret
//	}
//	bluff, err := sc.WithVariant("bluff")
package scenario
