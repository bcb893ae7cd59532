package label

import (
	"strconv"
	"strings"

	"brink/scenario"
)

// Quantity is the human label and the unit of a quantity of a run's summary
// (mc.Quantiles, a fan chart), named as the summary names it: "duration",
// "highest_rung", "territory:ukraine", "losses:RUS:personnel",
// "gdp_lost:NATO", "credibility:nato", "casualties:RUS", … . Actors, theatres,
// categories and alliances are called by their names in the scenario, and a
// category's losses are in its unit (units by default). For a name it does
// not know it returns the name and the unit given.
func Quantity(sc *scenario.Scenario, name, unit string) (text, unitOut string) {
	kind, rest, _ := strings.Cut(name, ":")
	switch kind {
	case "duration":
		return "Duration of the crisis", unit
	case "highest_rung":
		return "Highest rung reached", unit
	case "territory":
		side := ""
		for _, t := range sc.Theatres {
			if t.ID == rest && len(t.A.Actors) > 0 {
				side = t.A.Actors[0].Actor
			}
		}
		return "Share of " + theatreName(sc, rest) + " held by " + possessive(ActorName(sc, side)) + " side", "share, 0 to 1"
	case "losses":
		actor, cat, _ := strings.Cut(rest, ":")
		name, u := Category(sc, cat)
		return possessive(ActorName(sc, actor)) + " losses: " + name, u
	case "gdp_lost":
		return ActorName(sc, rest) + " GDP lost", unit
	case "sanctions_coalition":
		return "Sanctions coalition against " + ActorName(sc, rest) + " at the end", unit
	case "sanctions_coalition_max":
		return "Sanctions coalition against " + ActorName(sc, rest) + " at its largest", unit
	case "credibility":
		return "Credibility of " + possessive(allianceName(sc, rest)) + " guarantee at the end", unit
	case "sanctions_growth":
		return "Growth of the sanctions coalition against " + ActorName(sc, rest) + " after the use", unit
	case "gdp_lost_after_use":
		return ActorName(sc, rest) + " GDP lost after the use", unit
	case "gdp_lost_no_use":
		return ActorName(sc, rest) + " GDP lost, trajectories without a use", unit
	case "casualties":
		return "Killed in " + ActorName(sc, rest), unit
	case "casualties_coalition":
		return "Killed in coalition " + rest, unit
	}
	return name, unit
}

// ActorName is the actor's name in the scenario, or its id.
func ActorName(sc *scenario.Scenario, id string) string {
	for _, a := range sc.Actors {
		if a.ID == id && a.Name != "" {
			return a.Name
		}
	}
	return id
}

func theatreName(sc *scenario.Scenario, id string) string {
	for _, t := range sc.Theatres {
		if t.ID == id && t.Name != "" {
			return t.Name
		}
	}
	return id
}

func allianceName(sc *scenario.Scenario, id string) string {
	for _, a := range sc.Alliances {
		if a.ID == id && a.Name != "" {
			return a.Name
		}
	}
	return id
}

// Category is the readable name of a category and the unit its numbers
// count: its unit in the scenario; else a closing parenthesis of its name
// ("troops (thousands)": troops, in thousands); else "units".
func Category(sc *scenario.Scenario, id string) (name, unit string) {
	name, unit = id, "units"
	for _, c := range sc.Categories {
		if c.ID != id {
			continue
		}
		if c.Name != "" {
			name = c.Name
		}
		if c.Unit != "" {
			unit = c.Unit
		} else if open := strings.LastIndex(name, " ("); open > 0 && strings.HasSuffix(name, ")") {
			name, unit = name[:open], name[open+2:len(name)-1]
		}
	}
	return name, unit
}

// Rung is "6 (name of rung 6)" for a rung of the scenario's ladder (the
// default ladder if it has none), or the number alone.
func Rung(sc *scenario.Scenario, r int) string {
	ladder := sc.Ladder
	if len(ladder) == 0 {
		ladder = scenario.DefaultLadder()
	}
	s := strconv.Itoa(r)
	if r >= 0 && r < len(ladder) && ladder[r].Name != "" {
		s += " (" + ladder[r].Name + ")"
	}
	return s
}

// possessive is name's possessive: "Russia's", "the United States'".
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// FalseAlarms explains the false-alarm figures of a summary.
const FalseAlarms = "False alarms are warnings of a nuclear attack that is not happening, seen by the " +
	"early-warning systems of the nuclear actors: a Poisson process whose rate grows with the alert level " +
	"(Wallace, Crissey & Sennott 1986). Most are dismissed as sensor faults or caught by procedure; the " +
	"few that reach the leadership are the ones that can lead to a launch."

// Threats explains the threat figures of a summary.
const Threats = "A threat is a move up the ladder announced and not made, by any actor toward any opponent. " +
	"It is judged once the moves of the next decision epoch are made: carried out, heeded (the target " +
	"stepped down), or called " +
	"(defied and not carried out), which tells the target the threatener may be bluffing " +
	"(called_threat_weight; Sartori 2005)."

// Event is the human label of an outcome or event of a run's summary
// (mc.Estimate) whose label names an actor or an alliance by its id: the
// same label with the scenario's names ("IRN admitted to china": "Iran
// admitted to Chinese patronage"), its leading indentation kept. Names it
// does not know keep their label.
func Event(sc *scenario.Scenario, name, text string) string {
	kind, rest, found := strings.Cut(name, ":")
	if !found {
		if ActorName(sc, name) != name && text == name {
			return ActorName(sc, name) // first use by an actor
		}
		return text
	}
	id, sub, _ := strings.Cut(rest, ":")
	switch kind {
	case "capitulation", "applied", "programme", "weapon":
	case "joined":
		text = replaceWord(text, sub, allianceName(sc, sub))
	case "regime_change":
		if sub != "" {
			return text // "first by coup": no id in it
		}
	default:
		return text
	}
	return replaceWord(text, id, ActorName(sc, id))
}

// replaceWord replaces the first occurrence of the word w in s (bounded by
// the ends, spaces or a colon) by r.
func replaceWord(s, w, r string) string {
	if w == "" || w == r {
		return s
	}
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return s
		}
		j += i
		end := j + len(w)
		before := j == 0 || s[j-1] == ' '
		after := end == len(s) || s[end] == ' ' || s[end] == ':'
		if before && after {
			return s[:j] + r + s[end:]
		}
		i = end
	}
}
