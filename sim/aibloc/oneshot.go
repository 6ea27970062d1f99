package aibloc

// This file implements the one-shot membership game at a round's state,
// for exact stability analysis (games.Coalitional and games.Comparer).

import (
	"sync"
)

// OneShot is the AI-bloc model as a one-shot membership game at the
// state the Model holds now (for a fresh Model, the scenario's starting
// state; for a run, the state after its last round): members take the
// bloc action, and each nation is paid its valuation of its action (the
// engine's Payoff). An outsider takes its best non-bloc action — a deal
// with either superpower or going alone — valued with every other
// outsider alone; members' payoffs are computed with every outsider
// alone, so the superpowers' frontiers before terms are the same for
// every coalition and an outsider's payoff does not depend on the
// coalition. Claimants outside a coalition withdraw their claims, as
// leavers do.
//
// Compare caches the pool's inflow (output plus terms) and its stock for
// all 2^N coalitions (16·2^N bytes) on first use, so it is for N ≤ 24;
// Payoff computes from scratch. A OneShot is safe for concurrent use
// once the cache is built; it does not change the Model.
type OneShot struct {
	b     *Model
	o     outlook   // the outlook with nobody in the bloc (frontiers)
	alone []float64 // each nation's payoff outside: its best non-bloc action
	best  []int     // that action
	sum0  float64   // claims at the state's start
	once  sync.Once
	flow  []float64 // cached inflow Y(E_B) + Σ τ per coalition
	kb    []float64 // cached K̃_B per coalition
}

// OneShot returns the one-shot membership game of b at its current state.
func (b *Model) OneShot() *OneShot {
	if b.N > 64 {
		panic("aibloc: OneShot needs at most 64 nations")
	}
	b.ensure()
	o := &OneShot{b: b, alone: make([]float64, b.N), best: make([]int, b.N), sum0: b.sumClaims()}
	g := newAggregate(b.S)
	act := b.allAlone()
	b.aggregateInto(&g, act)
	g.uncache = true
	b.fillOutlook(&g, &o.o, false)
	for i := range b.N {
		o.alone[i], o.best[i] = b.value(&g, i, b.alone(), &o.o).u, b.alone()
		for a := 1; a <= b.S; a++ { // deals, valued with the others alone
			act[i] = a
			b.slotOf(i, a) // a deal not held is computed now (P3)
			var ga aggregate
			ga = newAggregate(b.S)
			b.aggregateInto(&ga, act)
			ga.uncache = true
			var oa outlook
			b.fillOutlook(&ga, &oa, false)
			if u := b.value(&ga, i, a, &oa).u; u > o.alone[i] {
				o.alone[i], o.best[i] = u, a
			}
		}
		act[i] = b.alone()
	}
	return o
}

func (b *Model) allAlone() []int {
	act := make([]int, b.N)
	for i := range act {
		act[i] = b.alone()
	}
	return act
}

// Outside returns nation i's best non-bloc action in the one-shot game.
func (o *OneShot) Outside(i int) string { return o.b.actions[o.best[i]] }

// Members returns the coalition of the Model's current bloc (bit i:
// nation i is a member).
func (b *Model) Members() uint64 {
	var s uint64
	for i, a := range b.act {
		if a == 0 {
			s |= 1 << uint(i)
		}
	}
	return s
}

// Players is the number of nations.
func (o *OneShot) Players() int { return o.b.N }

// Names returns the nation ids, in player order.
func (o *OneShot) Names() []string { return o.b.NIDs }

// PayoffWith is nation i's payoff when exactly the nations with
// members[j] true are in the bloc, computed through the engine's own
// payoff code (the reference for OneShot): a member's in the bloc with
// every outsider alone; an outsider's at its best non-bloc action, with
// every other outsider alone.
func (b *Model) PayoffWith(members []bool, i int) float64 {
	b.ensure()
	act := b.allAlone()
	for j, in := range members {
		if in {
			act[j] = 0
		}
	}
	eval := func() float64 {
		g := newAggregate(b.S)
		b.aggregateInto(&g, act)
		g.uncache = true
		var o outlook
		b.fillOutlook(&g, &o, true)
		return b.value(&g, i, act[i], &o).u
	}
	if members[i] {
		return eval()
	}
	best := eval()
	for a := 1; a <= b.S; a++ {
		act[i] = a
		b.slotOf(i, a) // a deal not held is computed now (P3)
		best = max(best, eval())
	}
	return best
}

// coalition sums the aggregate of coalition s (bit j: nation j is a
// member) into g, in index order as the engine does.
func (o *OneShot) coalition(s uint64, g *aggregate) {
	b := o.b
	act := make([]int, b.N)
	for i := range act {
		act[i] = b.alone()
		if s&(1<<uint(i)) != 0 {
			act[i] = 0
		}
	}
	b.aggregateInto(g, act)
	g.uncache = true
}

// Payoff is nation i's payoff for coalition s (bit j: nation j is a member).
func (o *OneShot) Payoff(s uint64, i int) float64 {
	if s&(1<<uint(i)) == 0 {
		return o.alone[i]
	}
	b := o.b
	g := newAggregate(b.S)
	o.coalition(s, &g)
	var out outlook
	b.fillOutlook(&g, &out, true)
	return b.value(&g, i, 0, &out).u
}

func (o *OneShot) build() {
	b := o.b
	n := uint64(1) << uint(b.N)
	o.flow, o.kb = make([]float64, n), make([]float64, n)
	g := newAggregate(b.S)
	var out outlook
	for s := range n {
		o.coalition(s, &g)
		b.fillOutlook(&g, &out, true)
		o.flow[s], o.kb[s] = out.yB+out.bloc.total, out.kb
	}
}

// Compare fills in[i] and out[i] with nation i's payoff inside s ∪ {i}
// and outside s \ {i}.
func (o *OneShot) Compare(s uint64, in, out []float64) {
	o.once.Do(o.build)
	b := o.b
	g := newAggregate(b.S)
	for i := range b.N {
		bit := uint64(1) << uint(i)
		out[i] = o.alone[i]
		t := s | bit
		o.coalition(t, &g)
		oo := o.o
		oo.yB, oo.kb = o.flow[t], o.kb[t]
		in[i] = b.value(&g, i, 0, &oo).u
	}
}
