package aibloc

// This file implements a world that moves (M10 of docs/model.md): random
// open-weight releases, control changes of fixed-mode superpowers and
// affinity walks, each off at rate 0 and each mean-reverting or
// two-sided so that long runs do not freeze at a bound (W1–W3).

import (
	"math/rand/v2"

	"github.com/minilateral/minilateral/agents"
	"github.com/minilateral/minilateral/scenarios"
)

// shocks holds the shock parameters and the initial affinities the walk
// reverts to.
type shocks struct {
	openRate, openJump, openRev, openMean float64
	affSigma, affRev                      float64
	up, down, jump                        []float64 // per superpower; 0 for strategic ones
	aff0                                  []float64 // N×S initial affinities
}

func (b *Model) initShocks(s *scenarios.Scenario) {
	w := s.World.Shocks
	k := &b.shk
	k.openRate, k.openJump, k.openRev, k.openMean = w.OpenRate, w.OpenJump, w.OpenReversion, w.OpenMean
	k.affSigma, k.affRev = w.AffinitySigma, w.AffinityRev
	k.up, k.down, k.jump = make([]float64, b.S), make([]float64, b.S), make([]float64, b.S)
	for j, id := range b.SIDs {
		sp := s.Superpowers[id]
		if agents.ModeNames[sp.Mode] == agents.Fixed {
			k.up[j], k.down[j], k.jump[j] = sp.ControlUpRate, sp.ControlDownRate, sp.ControlJump
		}
	}
	k.aff0 = append([]float64(nil), b.aff...)
}

// shock draws this round's events from rng, in this fixed order (the
// documented draw order of docs/model.md): the open-weight release (one
// uniform, only when λ_O > 0); each fixed-mode superpower's control change
// in id order (one uniform each, only when its rates are not both 0);
// each affinity's step, nation by nation in id order and superpower by
// superpower (one normal each, only when σ_η > 0). It reports whether
// the controls and whether the affinities changed.
//
//	W1  o' = clamp(o + κ_o·(ō − o) + Δ_o·J),  J ~ Bernoulli(λ_O)
//	W2  x' = clamp(x + Δ_x) with probability λ_x⁺, clamp(x − Δ_x) with λ_x⁻
//	W3  η' = clamp(η + θ_η·(η₀ − η) + σ_η·ε),  ε ~ N(0, 1)
func (b *Model) shock(rng *rand.Rand) (controls, affinities bool) {
	k := &b.shk
	p := &b.par
	if k.openRate > 0 {
		j := 0.0
		if rng.Float64() < k.openRate {
			j = k.openJump
		}
		p.open = clamp01(p.open + k.openRev*(k.openMean-p.open) + j)
	}
	for s := range b.S {
		if k.up[s] == 0 && k.down[s] == 0 {
			continue
		}
		u := rng.Float64()
		switch {
		case u < k.up[s]:
			b.x[s] = clamp01(b.x[s] + k.jump[s])
			controls = true
		case u < k.up[s]+k.down[s]:
			b.x[s] = clamp01(b.x[s] - k.jump[s])
			controls = true
		}
	}
	if k.affSigma > 0 {
		for n := range b.aff {
			b.aff[n] = clamp01(b.aff[n] + k.affRev*(k.aff0[n]-b.aff[n]) + k.affSigma*rng.NormFloat64())
		}
		affinities = true
	}
	return controls, affinities
}

// OpenShare returns the open-weight share o now (it moves with W1).
func (b *Model) OpenShare() float64 { return b.par.open }
