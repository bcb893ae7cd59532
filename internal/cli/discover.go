package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"brink/discover"
)

const discoverHelp = `
Scenario discovery on the table of trajectories of a run (brink run -rows):
which region of the uncertain assumptions makes an outcome likely. DIR is the
run's results directory; -outcome names the outcome:

  an ending     frozen, settlement, capitulation, capitulation:ACTOR,
                general_nuclear_war
  an event      nuclear_use, direct_war, first_use_deliberate,
                first_use_false_alarm, first_use_unauthorised,
                first_use_loss_of_control
  a threshold   NAME OP VALUE on a column, OP one of < <= > >= = !=, e.g.
                'territory:ukraine<0.05', 'highest_rung>=9', first_use_by=RUS

It prints:

- a box found by PRIM (Friedman & Fisher 1999, as Bryant & Lempert 2010 use
  it for scenario discovery): peeling α of the rows at a time, pasting, the
  box chosen where its density is highest at the lower end of its 95 %
  interval; each restriction with its quasi-p-value (how likely the box's
  cases are with the restriction removed; restrictions at 0.05 or above are
  dropped as weak); its density (rate inside), coverage (share of all cases
  inside) and the peeling trajectory, the trade-off between them;
- a check: the box is fitted on the trajectories of even index and tested on
  those of odd index; a box that does not hold up there is called noise;
- a second box among the trajectories outside the first;
- the assumptions ranked by their influence on the outcome: the outcome's
  rate in each quintile of the assumption with a χ² test of equal rates.

Rare outcomes need many trajectories: a box needs at least -min-hits cases
among the trajectories it is fitted on. The discovery is kept in DIR as
discover-<outcome>.json (unless -no-save), and 'brink report DIR' adds it to
the run's report.

Examples:
  brink run -n 100000 -rows -out runs/base
  brink discover runs/base -outcome nuclear_use
  brink discover runs/base -outcome 'territory:ukraine<0.05'
  brink discover runs/base -outcome capitulation:UKR -json > boxes.json
`

func discoverCmd(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "discover", "DIR -outcome NAME [-alpha A] [-mass-min M] [-min-hits K] [-json] [-no-save]", discoverHelp)
	outcome := fs.String("outcome", "nuclear_use", "the outcome to explain: an ending, an event or a threshold `NAME`")
	alpha := fs.Float64("alpha", 0.05, "share of a box's rows each peel removes")
	massMin := fs.Float64("mass-min", 0.02, "least share of the trajectories a box holds")
	minHits := fs.Int("min-hits", 10, "least number of cases a box holds among the trajectories it is fitted on")
	asJSON := fs.Bool("json", false, "print the discovery as JSON")
	noSave := fs.Bool("no-save", false, "do not keep the discovery in DIR")
	pos, code, ok := parseFlags(fs, args, env)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return usageError(fs, "expected one results directory, got %d", len(pos))
	}
	if !(*alpha > 0 && *alpha < 0.5) {
		return usageError(fs, "-alpha must be in (0, 0.5), got %g", *alpha)
	}
	if !(*massMin > 0 && *massMin < 1) {
		return usageError(fs, "-mass-min must be in (0, 1), got %g", *massMin)
	}
	if *minHits < 1 {
		return usageError(fs, "-min-hits must be at least 1, got %d", *minHits)
	}
	res, err := discover.Dir(pos[0], *outcome, discover.Options{Alpha: *alpha, PasteAlpha: *alpha, MassMin: *massMin, MinHits: *minHits})
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink discover: %v\n", err)
		return exitFail
	}
	if *asJSON {
		e := json.NewEncoder(env.Stdout)
		e.SetIndent("", "  ")
		if err := e.Encode(res); err != nil {
			return exitFail
		}
	} else {
		fmt.Fprint(env.Stdout, res.Text())
	}
	if !*noSave {
		if err := discover.Save(pos[0], res); err != nil {
			fmt.Fprintf(env.Stderr, "brink discover: %v\n", err)
			return exitFail
		}
	}
	return exitOK
}
