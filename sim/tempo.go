package sim

import (
	"math"
	"math/rand/v2"
)

// The tempo of the fighting: a multiplier of both sides' losses in a theatre
// that wanders as offensives wax and wane (Bakhmut, Avdiivka), so that loss
// rates are over-dispersed in time as the record is, not only across
// trajectories. Daily casualty rates of a front vary several-fold with the
// intensity of operations (Dupuy 1990, "Attrition: Forecasting Battle
// Casualties and Equipment Losses in Modern War", ch. 4–5). The log tempo η
// is an Ornstein–Uhlenbeck process (Uhlenbeck & Ornstein 1930) observed at
// the decision epochs, Δ days apart:
//
//	η' = ρ·η + s·√(1−ρ²)·z,  ρ = e^(−Δ/τ),  z ~ N(0, 1),
//
// stationary N(0, s²) from the start, and the loss multiplier is
// e^(η − s²/2), of mean 1, so the tempo spreads the losses in time without
// changing their expected total. s is tempo_sd, τ tempo_days.

// startTempo draws η from its stationary law (0 without a tempo: no draw).
func (fp *frontParams) startTempo(r *rand.Rand) float64 {
	if fp.tempoSD <= 0 {
		return 0
	}
	return fp.tempoSD * r.NormFloat64()
}

// stepTempo moves η over an epoch of dt days.
func (fp *frontParams) stepTempo(r *rand.Rand, eta, dt float64) float64 {
	if fp.tempoSD <= 0 {
		return 0
	}
	rho := 0.0
	if fp.tempoDays > 0 {
		rho = math.Exp(-dt / fp.tempoDays)
	}
	return rho*eta + fp.tempoSD*math.Sqrt(1-rho*rho)*r.NormFloat64()
}

// tempoFactor is the loss multiplier e^(η − s²/2).
func (fp *frontParams) tempoFactor(eta float64) float64 {
	if fp.tempoSD <= 0 {
		return 1
	}
	return math.Exp(eta - fp.tempoSD*fp.tempoSD/2)
}
