package results

import "brink/sim"

// RowsLayout names the columns of a table of trajectories (RowsFile) by what
// they hold, so that a reader (brink discover) finds them whatever they are
// called.
type RowsLayout struct {
	End, Capitulated, HighestRung, DirectWar, NuclearUse, FirstUseDay, FirstUseBy, FirstUseKind string
	// Territory holds the column of each theatre, in the model's order.
	Territory []string
	// Params holds the column of each uncertain parameter, in the order of
	// m.UncertainNames (the last columns of the table).
	Params []string
	// All is every column, in order.
	All []string
}

// LayoutOfRows returns the layout of the table of trajectories of model m.
func LayoutOfRows(m *sim.Model) RowsLayout {
	cols := RowsColumns(m)
	if len(cols) < numFixedCols {
		return RowsLayout{}
	}
	l := RowsLayout{End: cols[colEnd], Capitulated: cols[colCapitulated], HighestRung: cols[colRung], DirectWar: cols[colDirectWar],
		NuclearUse: cols[colNuclear], FirstUseDay: cols[colFirstUseDay], FirstUseBy: cols[colFirstUseBy], FirstUseKind: cols[colFirstUseKind], All: cols}
	nt := len(m.Theatres)
	if numFixedCols+nt <= len(cols) {
		l.Territory = cols[numFixedCols : numFixedCols+nt]
	}
	np := len(m.UncertainNames())
	if np <= len(cols) {
		l.Params = cols[len(cols)-np:]
	}
	return l
}
