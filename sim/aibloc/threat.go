package aibloc

// This file implements the threat as the alternative and the bargaining
// over a surplus that exists (M5, M6, M11 of docs/model.md): T1–T3 and
// B2–B4, for the bloc and for any nation bargaining alone.

import (
	"math"

	"github.com/minilateral/minilateral/scenarios"
)

const maxS = scenarios.MaxSuperpowers

// outlook is what a profile produces this round before terms, and the
// bloc's bargaining outcome in it.
type outlook struct {
	fNext [maxS]float64 // F̃_s = (1−d)·F_s + Y(E_s): frontiers before terms
	yB    float64       // Y(E_B), the pool's output
	kb    float64       // K̃_B = (1−d)·K_B + Y(E_B)
	bloc  bargain       // the bloc's bargaining (zero without members)
}

// bargain is one group's bargaining with every superpower.
type bargain struct {
	alt   float64       // A_G, the sovereign alternative (T1)
	z, p  [maxS]float64 // alternative ratio and threat (T2, T3)
	v     [maxS]float64 // V_s, what the group's market on s's stack is worth to s (B2)
	tau   [maxS]float64 // terms τ_s (B3)
	total float64       // Σ_s τ_s
}

// logistic is L(z) = 1/(1+exp(−k(z−θ))).
func logistic(z, theta, k float64) float64 {
	return 1 / (1 + math.Exp(-k*(z-theta)))
}

// openRun is O·min(1, C/c_run): the open weights a group's compute can run.
func (b *Model) openRun(c float64) float64 {
	o := b.openLevel()
	switch {
	case c <= 0:
		return 0
	case b.par.cRun <= 0 || c >= b.par.cRun:
		return o
	}
	return o * c / b.par.cRun
}

// bargainWith fills the outcome of a group with sovereign alternative
// alt, market m, market-weighted restrictions mr[s] = Σ m_j·r_{s,j} and
// market on each stack msig[s] = Σ m_j·σ_{j,s}, facing frontiers fNext
// (T2, T3, B2–B4). collective false pays no terms.
func (b *Model) bargainWith(o *bargain, alt, m float64, mr, msig *[maxS]float64, fNext *[maxS]float64, pays bool) {
	p := &b.par
	o.alt, o.total = alt, 0
	var rs [maxS]float64
	for s := range b.S {
		rs[s] = fNext[s] * (1 - mr[s]/m) // R_s: what the group gets from s's stack
	}
	beta := p.beta + (1-p.beta)*math.Min(1, p.standards*m) // B4
	for s := range b.S {
		best := alt
		for r := range b.S {
			if r != s {
				best = math.Max(best, p.omega*rs[r])
			}
		}
		den := p.omega * rs[s]
		var z, pr float64
		switch {
		case !p.threatOn || p.c == 0:
			z = ratioZ(best, den)
		case den <= 0:
			z, pr = ratioZ(best, den), p.c
		default:
			z = best / den
			pr = p.c * (logistic(z, p.theta, p.k) - p.l0) / (1 - p.l0)
			pr = math.Min(p.c, math.Max(0, pr))
		}
		o.z[s], o.p[s] = z, pr
		o.v[s] = p.mu * msig[s]
		o.tau[s] = 0
		if pays {
			o.tau[s] = beta * pr * o.v[s]
		}
		o.total += o.tau[s]
	}
}

// ratioZ is the reported alternative ratio where ω·R_s = 0: capped, as
// the divergence ratios are, so outputs stay finite.
func ratioZ(num, den float64) float64 {
	if den > 0 {
		return num / den
	}
	if num > 0 {
		return MaxDivergence
	}
	return 0
}

// fillOutlook computes the outlook of profile g; with bloc set it also
// bargains for the bloc.
func (b *Model) fillOutlook(g *aggregate, o *outlook, bloc bool) {
	p := &b.par
	b.frontiers(g, o)
	o.yB = 0
	if g.nB > 0 {
		o.yB = b.yB(g)
	}
	o.kb = (1-p.d)*g.kbStart + o.yB
	o.bloc = bargain{}
	if !bloc || g.nB == 0 {
		return
	}
	if g.clubDirty {
		b.club(g)
	}
	alt := (g.mK+o.kb*g.mClub)/g.mB + b.openRun(g.cB)
	b.bargainWith(&o.bloc, alt, g.mB, &g.mR, &g.mSig, &o.fNext, p.collective)
}

// frontiers sets o.fNext, the frontiers before terms in profile g.
func (b *Model) frontiers(g *aggregate, o *outlook) {
	p := &b.par
	for s := range b.S {
		o.fNext[s] = (1-p.d)*b.F[s] + b.yS(g, s)
	}
}

// outlookFor fills what value reads of profile g's outlook for a nation
// taking action a there, and nothing more: the bloc reads all of it,
// going alone the frontiers (it bargains against them), a deal nothing
// (its terms are the deal's). Outputs a valuation does not read are not
// computed (they are left zero); the caches fill when something reads
// them, with the same bits.
func (b *Model) outlookFor(g *aggregate, o *outlook, a int) {
	if a == 0 {
		b.fillOutlook(g, o, true)
		return
	}
	*o = outlook{}
	if b.dealWith(a) < 0 {
		b.frontiers(g, o)
	}
}

// single fills the bargaining of nation i alone (a loner, or a member
// bargaining individually), with national stock before terms kt and
// club-good stock club (T1 for a group of one).
func (b *Model) single(o *bargain, i int, kt, club float64, fNext *[maxS]float64) {
	S := b.S
	var mr, msig [maxS]float64
	m := b.m[i]
	for s := range S {
		k := b.rIdx(i, 0, s)
		mr[s] = m * b.restr[k]
		msig[s] = m * b.sigma[k]
	}
	alt := kt + club + b.openRun(b.sl[i*(S+1)].x[computeF])
	b.bargainWith(o, alt, m, &mr, &msig, fNext, true)
}

// club recomputes Σ_j m_j·(c_j/Σc)^(1−ν) over g's members (after a
// claimant was toggled out).
func (b *Model) club(g *aggregate) {
	g.mClub = 0
	if g.sumC > 0 {
		for j, a := range b.act {
			if a == 0 && j != g.out && b.claim[j] > 0 {
				g.mClub += b.m[j] * pow(b.claim[j]/g.sumC, 1-b.par.nu)
			}
		}
	}
	g.clubDirty = false
}
