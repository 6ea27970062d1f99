package aibloc

// This file implements the superpowers (M7, M8 of docs/model.md): their
// utility U1, adaptive controls and per-round subsidies to bloc members
// (D1).

import (
	"math"

	"github.com/minilateral/minilateral/agents"
)

// actAt is nation i's action in profile g.
func (b *Model) actAt(g *aggregate, i int) int {
	if i == g.tog {
		return g.togTo
	}
	return b.act[i]
}

// singleTerms fills dst (N×S) with the terms every nation bargaining for
// itself gets in profile g with outlook o: loners, and members when the
// bloc does not bargain collectively (B3). Others get 0.
func (b *Model) singleTerms(g *aggregate, o *outlook, dst []float64) {
	b.singleTermsPV(g, o, dst, nil, nil)
}

// singleTermsPV is singleTerms, also recording each bargain's threat and
// market value when pv and vv are not nil.
func (b *Model) singleTermsPV(g *aggregate, o *outlook, dst, pv, vv []float64) {
	p := &b.par
	S := b.S
	for i := range b.N {
		row := dst[i*S : i*S+S]
		clear(row)
		if pv != nil {
			clear(pv[i*S : i*S+S])
			clear(vv[i*S : i*S+S])
		}
		a := b.actAt(g, i)
		if b.dealWith(a) >= 0 || (a == 0 && p.collective) {
			continue
		}
		var bg bargain
		sl := b.slotAt(i, a) // alone or in the bloc: the no-deal slot
		y, club := sl.y, 0.0
		stack := b.startStack(g, i, a)
		if a == 0 {
			y *= p.keep
			stack = b.K[i]
			if b.claim[i] > 0 && g.sumC > 0 {
				club = o.kb * pow(b.claim[i]/g.sumC, 1-p.nu)
			}
		}
		b.single(&bg, i, (1-p.d)*stack+y, club, &o.fNext)
		copy(row, bg.tau[:S])
		if pv != nil {
			copy(pv[i*S:i*S+S], bg.p[:S])
			copy(vv[i*S:i*S+S], bg.v[:S])
		}
	}
}

// utility is superpower s's utility in profile g with outlook o and the
// terms nations bargain for themselves single (N×S) (U1):
//
//	U_s = μ·(m_s + Σ_i m_i·σ_{i,s}) − Σ_G τ_{G,s} − Σ_{deal} η_{i,s}·T_s − Σ g_{s,i}
//	      + λ_L·d_c·(F_s' − max(K_B', max_{r≠s} F_r'))
//
// The lead is valued as the flow d_c·(lead), d_c = −ln(1−d), so halving
// the period halves it exactly (as in V1).
func (b *Model) utility(g *aggregate, o *outlook, s int, single []float64) float64 {
	p := &b.par
	S := b.S
	market, paid, deals := b.ms[s], o.bloc.tau[s], 0.0
	for i := range b.N {
		a := b.actAt(g, i)
		market += b.m[i] * b.sigma[b.rIdx(i, b.kind(a), s)]
		paid += single[i*S+s]
		if b.dealWith(a) == s {
			deals += b.aff[i*S+s]*b.transfer[s] + b.offer[s*b.N+i]
		}
	}
	rival := o.kb + o.bloc.total
	if g.nB == 0 {
		rival = 0
	}
	for r := range S {
		if r != s {
			rival = math.Max(rival, o.fNext[r])
		}
	}
	return p.mu*market - paid - deals + p.lead*p.dc*(o.fNext[s]-rival)
}

// utilityOf is s's utility in g, computing the outlook and the single
// terms into the model's scratch.
func (b *Model) utilityOf(g *aggregate, s int) float64 {
	var o outlook
	b.fillOutlook(g, &o, true)
	b.singleTerms(g, &o, b.scratch)
	return b.utility(g, &o, s, b.scratch)
}

// adapt moves x_s one step to whichever of x−Δ, x, x+Δ gives the highest
// utility with every nation's action held fixed (ties keep x).
func (b *Model) adapt(s int) {
	b.x[s] = agents.AdaptControls(b.x[s], b.step[s], func(x float64) float64 {
		b.x[s] = x
		b.refreshPolicy()
		b.refreshInputs()
		b.aggregateInto(&b.trial, b.act)
		b.trial.uncache = true
		return b.utilityOf(&b.trial, s)
	})
	b.refreshPolicy()
	b.refreshInputs()
	b.rebase()
}

// buy prices per-round subsidies to members and partners (D1): each
// candidate's subsidy is 1.01 times what it loses by holding a deal with
// s rather than its best other action, re-priced every round; s offers it
// only where the gain in U_s from the nation holding the deal exceeds the
// subsidy, best net gain per unit of subsidy first, within the per-round
// budget, which covers every subsidy offered (and so every one paid).
func (b *Model) buy(s int) {
	if !b.par.enabled || b.bud[s] <= 0 {
		return
	}
	deal := 1 + s
	b.cand = b.cand[:0]
	for i, a := range b.act {
		if a != 0 && a != deal {
			continue
		}
		ud := b.evaluate(i, deal).u
		alt, altU := -1, math.Inf(-1)
		for c := range b.actions {
			if c == deal || !b.Available(i, c) {
				continue
			}
			if u := b.evaluate(i, c).u; u > altU {
				alt, altU = c, u
			}
		}
		gap := altU - ud
		if alt < 0 || !(gap > 0) {
			continue // it holds the deal, or takes it, without a subsidy
		}
		price := 1.01 * gap
		gain := b.exitGain(s, i, alt, deal)
		if !(gain > price) {
			continue
		}
		b.price[i], b.gain[s*b.N+i] = price, gain
		b.score[i], b.second[i] = (gain-price)/price, b.m[i]/price
		b.cand = append(b.cand, i)
	}
	agents.Buy(b.cand, b.score, b.second, b.price, b.bud[s], func(i int, price float64) {
		b.offer[s*b.N+i] = price
	})
}

// exitGain is U_s with nation i holding the deal minus U_s with i at
// action alt, every other action held fixed, before any subsidy to i.
func (b *Model) exitGain(s, i, alt, deal int) float64 {
	u := [2]float64{}
	for k, a := range [2]int{deal, alt} {
		g := &b.trial
		copyAggregate(g, &b.agg)
		if a != b.act[i] {
			b.toggle(g, i, b.act[i], a)
		}
		u[k] = b.utilityOf(g, s)
	}
	return u[0] - u[1]
}

// OfferGain returns, for a subsidy offered to nation i by superpower s
// this round, the gain in U_s from i holding the deal (D1's test).
func (b *Model) OfferGain(s, i int) float64 { return b.gain[s*b.N+i] }

// Offer returns the subsidy superpower s offers nation i this round.
func (b *Model) Offer(s, i int) float64 { return b.offer[s*b.N+i] }
