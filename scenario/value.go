package scenario

import (
	"encoding/json"
	"strconv"
)

// DistKind names the family of a Value: a constant or one of the distributions a
// scenario may give instead of a number.
type DistKind uint8

const (
	Const      DistKind = iota // P[0]
	Uniform                    // uniform(a, b): P = a, b
	Normal                     // normal(mean, sd): P = mean, sd
	LogNormal                  // lognormal(mu, sigma) of log-space, or "A to B" (90 % interval): P = mu, sigma
	Beta                       // beta(a, b): P = alpha, beta
	Triangular                 // triangular(min, mode, max): P = min, mode, max
	PERT                       // pert(min, mode, max): P = min, mode, max
)

// Value is a number of a scenario: a constant, or a distribution drawn once per
// trajectory. Text is what the file said; Pos where it said it.
type Value struct {
	Kind DistKind
	P    [3]float64
	Text string
	Pos  Pos
}

// Fixed returns the constant x as a Value.
func Fixed(x float64) Value {
	return Value{Kind: Const, P: [3]float64{x}, Text: strconv.FormatFloat(x, 'g', -1, 64)}
}

// unset reports whether v was neither read from a file nor set in code, so a
// default applies.
func (v Value) unset() bool { return v.Text == "" && v.Pos.Line == 0 }

// MarshalJSON writes what the value means — its family and parameters — and
// not how it was written, so "50%" and 0.5 are the same value.
func (v Value) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Kind DistKind   `json:"k"`
		P    [3]float64 `json:"p"`
	}{v.Kind, v.P})
}

// IsConst reports whether v is a plain number.
func (v Value) IsConst() bool { return v.Kind == Const }
