package aibloc

// This file implements compounding, the divergence engine (M9 of
// docs/model.md): each round a share ψ of the modelled world's compute
// and capital, and a share ψ_T of its talent, moves among the actors in
// proportion to the output each produced (G1, G2). Totals are conserved.

import (
	"math"

	"github.com/minilateral/minilateral/agents"
)

// reallocated are the factors M9 can move, in the order they are moved.
var reallocated = [3]agents.Factor{agents.Talent, agents.Compute, agents.Capital}

// credit fills yAct with the output each actor produced in the committed
// profile this round (G1): a superpower's Y(E_s), its own inputs plus its
// partners' supply; a nation's own output — the part it kept, if a
// member — plus, for a member, its contribution share of the pool's
// output Y(E_B). The credits sum to the world's output.
func (b *Model) credit(g *aggregate, o *outlook) {
	p := &b.par
	if p.psi == 0 && p.psiT == 0 {
		return
	}
	S := b.S
	for s := range S {
		b.yAct[s] = b.yS(g, s)
	}
	for i, a := range b.act {
		y := b.slotAt(i, a).y // the action held: current
		if a == 0 {
			y = p.keep*y + b.contribShare(g, i)*o.yB
		}
		b.yAct[S+i] = y
	}
}

// reinvest moves a share ψ_f of each reallocated factor's world total to
// the actors in proportion to the output credited to them (G2):
//
//	e'_{a,f} = (1 − ψ_f)·e_{a,f} + ψ_f·E_f·Y_a / Σ_b Y_b,   E_f = Σ_a e_{a,f}
//
// with ψ_f = ψ_T for talent and ψ for compute and capital, which conserves
// every E_f. Nothing moves in a round in which nothing is produced.
func (b *Model) reinvest() {
	p := &b.par
	if p.psi == 0 && p.psiT == 0 {
		return
	}
	tot := 0.0
	for _, y := range b.yAct {
		tot += y
	}
	if !(tot > 0) || math.IsInf(tot, 0) {
		return
	}
	S := b.S
	for _, f := range reallocated {
		psi := p.psi
		if f == agents.Talent {
			psi = p.psiT
		}
		if psi == 0 {
			continue
		}
		E := 0.0
		for s := range b.es {
			E += b.es[s][f]
		}
		for i := range b.e {
			E += b.e[i][f]
		}
		k := psi * E / tot
		for s := range b.es {
			b.es[s][f] = (1-psi)*b.es[s][f] + k*b.yAct[s]
		}
		for i := range b.e {
			b.e[i][f] = (1-psi)*b.e[i][f] + k*b.yAct[S+i]
		}
	}
	b.endowmentsMoved()
}
