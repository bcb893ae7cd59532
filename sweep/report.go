package sweep

import (
	"encoding/json"
	"math"
	"strconv"
)

// Report is the result of a sweep as brink sweep prints and keeps it
// (sweep.json) and brink report reads it: the design, the outcome followed,
// its spread over the points, the sensitivity indices of the design, and
// the points themselves.
type Report struct {
	Scenario             string  `json:"scenario"`
	Title                string  `json:"title"`
	Variant              string  `json:"variant"`
	ScenarioHash         string  `json:"scenario_hash"`
	Seed                 uint64  `json:"seed"`
	Outcome              string  `json:"outcome"`
	OutcomeLabel         string  `json:"outcome_label"`
	Design               string  `json:"design"`
	BaseRows             int     `json:"base_rows,omitempty"`           // sobol: of the whole design
	MorrisTrajectories   int     `json:"morris_trajectories,omitempty"` // morris: of the whole design
	Levels               int     `json:"levels,omitempty"`              // morris, grid
	Points               int     `json:"points"`                        // of the whole design
	PointsUsed           int     `json:"points_used"`                   // that finished and enter the analysis
	TrajectoriesPerPoint int64   `json:"trajectories_per_point"`
	Partial              bool    `json:"partial"`
	Parameters           []Param `json:"parameters"`
	Y                    YStats  `json:"y"`
	// NoiseShare is the mean binomial variance of y, p(1−p)/n, as a share of
	// the variance of y over the points.
	NoiseShare Number      `json:"noise_share"`
	Sobol      []SobolRow  `json:"sobol,omitempty"`
	Morris     []MorrisRow `json:"morris,omitempty"`
	Regression *Regression `json:"regression,omitempty"`
	Note       string      `json:"note,omitempty"`
	Table      []PointRow  `json:"design_points,omitempty"`
}

// Param is a parameter varied by a sweep.
type Param struct {
	Path string `json:"path"`
	// Over is "range" (linear over Lo..Hi) or "distribution" (its quantiles).
	Over         string `json:"over"`
	Lo           Number `json:"lo"`
	Hi           Number `json:"hi"`
	Distribution string `json:"distribution,omitempty"`
}

// YStats is the spread of the outcome's probability y over the points.
type YStats struct {
	Mean Number `json:"mean"`
	SD   Number `json:"sd"`
	Min  Number `json:"min"`
	Max  Number `json:"max"`
}

// SobolRow is a parameter's Sobol indices with their bootstrap intervals.
type SobolRow struct {
	Parameter string `json:"parameter"`
	S1        Number `json:"s1"`
	S1Lo      Number `json:"s1_lo"`
	S1Hi      Number `json:"s1_hi"`
	ST        Number `json:"st"`
	STLo      Number `json:"st_lo"`
	STHi      Number `json:"st_hi"`
}

// MorrisRow is a parameter's elementary effects.
type MorrisRow struct {
	Parameter string `json:"parameter"`
	MuStar    Number `json:"mu_star"`
	Mu        Number `json:"mu"`
	Sigma     Number `json:"sigma"`
}

// Regression is a linear fit of y on the parameters over the design.
type Regression struct {
	R2   Number   `json:"r2"`
	Rows []SRCRow `json:"src"`
}

// SRCRow is a parameter's standardized regression coefficient.
type SRCRow struct {
	Parameter string `json:"parameter"`
	SRC       Number `json:"src"`
}

// PointRow is one point of the design: where it is (U in the unit cube, X
// in the parameters' units), and the probability it gave with its interval.
type PointRow struct {
	U     []float64 `json:"u"`
	X     []float64 `json:"x"`
	Y     float64   `json:"y"`
	Lo    float64   `json:"lo"`
	Hi    float64   `json:"hi"`
	Count int64     `json:"count"`
}

// Number is a float64 that is null in JSON when it is not finite (an index
// a degenerate design cannot estimate), and NaN when read back from null.
type Number float64

// MarshalJSON writes a finite number, or null.
func (x Number) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(f, 'g', -1, 64)), nil
}

// UnmarshalJSON reads a number, null as NaN.
func (x *Number) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*x = Number(math.NaN())
		return nil
	}
	var f float64
	err := json.Unmarshal(b, &f)
	*x = Number(f)
	return err
}

// OrZero is the number, or 0 if it is not finite: for drawing.
func (x Number) OrZero() float64 {
	if f := float64(x); !math.IsNaN(f) && !math.IsInf(f, 0) {
		return f
	}
	return 0
}
