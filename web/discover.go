package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"brink/discover"
	"brink/results"
)

func init() {
	funcs["g4"] = func(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }
	funcs["pval"] = discover.FormatP
	funcs["hundred"] = func(x float64) float64 { return 100 * x }
	funcs["commas64"] = func(n int) string { return commas(int64(n)) }
	funcs["inc"] = func(i int) int { return i + 1 }
	// span draws a restriction within its assumption's range as a small SVG
	// (the pages' security policy allows no inline style).
	funcs["span"] = func(r discover.Restriction) template.HTML {
		const w = 160.0
		x0, x1 := 0.0, w
		if r.Max > r.Min {
			x0, x1 = w*(r.Lo-r.Min)/(r.Max-r.Min), w*(r.Hi-r.Min)/(r.Max-r.Min)
		}
		return template.HTML(fmt.Sprintf(`<svg width="%.0f" height="10" role="img" aria-label="%s"><rect width="%.0f" height="10" fill="#e6e6e6"/><rect x="%.1f" width="%.1f" height="10" fill="#0072b2"/></svg>`,
			w, template.HTMLEscapeString(r.Range()), w, x0, max(x1-x0, 1)))
	}
}

// discoverData is what the discovery page shows.
type discoverData struct {
	Title, Nav string
	Run        *results.Run
	Outcome    string
	HasRows    bool
	Error      string
	Result     *discover.Result
	Command    string
}

// discoverPage runs a scenario discovery (discover.Dir) on the table of
// trajectories of a kept run, for the outcome asked (nuclear use by
// default), and shows its boxes and ranking. It keeps nothing: brink
// discover does, for the report.
func (s *Server) discoverPage(w http.ResponseWriter, r *http.Request) {
	run := s.lookupRun(w, r.PathValue("id"))
	if run == nil {
		return
	}
	d := discoverData{Title: "Scenario discovery", Nav: "runs", Run: run, Outcome: r.URL.Query().Get("outcome"), HasRows: results.HasRows(run.Dir)}
	if d.Outcome == "" {
		d.Outcome = "nuclear_use"
	}
	d.Command = "brink discover " + run.Dir + " -outcome '" + d.Outcome + "'"
	if !d.HasRows {
		s.render(w, http.StatusOK, "discover", d)
		return
	}
	res, err := discover.Dir(run.Dir, d.Outcome, discover.Options{})
	if err != nil {
		d.Error = err.Error()
		s.render(w, http.StatusBadRequest, "discover", d)
		return
	}
	d.Result = res
	s.render(w, http.StatusOK, "discover", d)
}
