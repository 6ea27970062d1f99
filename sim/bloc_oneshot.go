package sim

import (
	"math"
	"sync"
)

// OneShot is the AI-bloc model as a one-shot membership game at the
// stocks the Bloc holds now (for a fresh Bloc, the scenario's starting
// stocks): members take the bloc action, every other nation goes alone,
// and each nation is paid what one round would pay it (the Payoff of the
// engine). No deals are struck, so the superpowers' next-round stocks are
// the same for every coalition and an outsider's payoff does not depend
// on the coalition. It implements the games.Coalitional and games.Comparer
// interfaces (players are the nations in sorted-id order, bit i for
// nation NIDs[i]).
//
// Compare caches the bloc's next-round stock and its total terms for all
// 2^N coalitions (16·2^N bytes) on first use, so it is for N ≤ 24; Payoff
// computes from scratch. A OneShot is safe for concurrent use once the
// cache is built; it does not change the Bloc.
type OneShot struct {
	b     *Bloc
	fNext []float64 // superpower stocks next round (no partners)
	alone []float64 // each nation's payoff alone
	base  []float64 // a member's payoff before the club good, terms and costs
	once  sync.Once
	kb    []float64 // cached K_B' per coalition
	tot   []float64 // cached total terms per coalition
}

// OneShot returns the one-shot membership game of b at its current state.
func (b *Bloc) OneShot() *OneShot {
	if b.N > 64 {
		panic("sim: OneShot needs at most 64 nations")
	}
	o := &OneShot{b: b}
	g := &b.trial
	b.aggregateInto(g, b.allAlone())
	o.fNext = b.fNextAll(g, make([]float64, 0, b.S))
	kb := b.kbNext(g)
	o.alone = make([]float64, b.N)
	o.base = make([]float64, b.N)
	for i := range b.N {
		o.alone[i], _, _ = b.value(g, i, b.alone(), o.fNext, kb)
		// a member's usable capability without the club good: own stock
		// after pooling plus the imported capability (access slot 0 is
		// shared by the bloc and going alone)
		imp := b.openLevel()
		row := i * (b.S + 1) * b.S
		for s := range b.S {
			imp = math.Max(imp, o.fNext[s]*(1-b.restr[row+s]))
		}
		o.base[i] = b.ownNext(i, 0) + b.omega*imp
	}
	return o
}

func (b *Bloc) allAlone() []int {
	act := make([]int, b.N)
	for i := range act {
		act[i] = b.alone()
	}
	return act
}

// Players is the number of nations.
func (o *OneShot) Players() int { return o.b.N }

// Names returns the nation ids, in player order.
func (o *OneShot) Names() []string { return o.b.NIDs }

// PayoffWith is nation i's one-round payoff when exactly the nations with
// members[j] true are in the bloc and the others go alone, computed
// through the engine's own payoff code (the reference for OneShot).
func (b *Bloc) PayoffWith(members []bool, i int) float64 {
	act := b.allAlone()
	for j, in := range members {
		if in {
			act[j] = 0
		}
	}
	g := newAggregate(b.S)
	b.aggregateInto(&g, act)
	fNext := b.fNextAll(&g, make([]float64, 0, b.S))
	u, _, _ := b.value(&g, i, act[i], fNext, b.kbNext(&g))
	return u
}

// Payoff is nation i's payoff for coalition s (bit j: nation j is a member).
func (o *OneShot) Payoff(s uint64, i int) float64 {
	if s&(1<<uint(i)) == 0 {
		return o.alone[i]
	}
	kb, tot, nB, mB, wB := o.coalition(s)
	return o.member(i, kb, tot, nB, mB, wB)
}

// coalition computes the bloc's stock next round, total terms and size,
// market and endowment index for coalition s, summing in index order as
// the engine does.
func (o *OneShot) coalition(s uint64) (kb, tot float64, nB int, mB, wB float64) {
	b := o.b
	var eb [nf]float64
	for i := range b.N {
		if s&(1<<uint(i)) == 0 {
			continue
		}
		nB++
		mB += b.m[i]
		wB += b.w[i]
		ee := &b.effE[i*(b.S+1)]
		for f := range nf {
			eb[f] += b.kappa * ee[f]
		}
	}
	kb = (1 - b.d) * b.KB
	if nB > 0 {
		kb += b.prod.Y(&eb)
	}
	for sp := range b.S {
		tot += b.terms(b.credibility(kb, o.fNext[sp], nB), mB)
	}
	return kb, tot, nB, mB, wB
}

// member is equation-for-equation the member branch of Bloc.value.
func (o *OneShot) member(i int, kb, tot float64, nB int, mB, wB float64) float64 {
	b := o.b
	u := o.base[i] + kb*math.Pow(b.w[i]/wB, 1-b.nu)
	if b.termsEqual == 1 {
		u += tot / float64(nB)
	} else {
		u += tot * b.m[i] / mB
	}
	total := b.c0 * float64(nB)
	switch b.contribRule {
	case 0:
		u -= b.c0
	case 1:
		u -= total * b.m[i] / mB
	case 2:
		u -= total * b.w[i] / wB
	}
	return u - b.chi*float64(nB-1)
}

func (o *OneShot) build() {
	n := uint64(1) << uint(o.b.N)
	o.kb, o.tot = make([]float64, n), make([]float64, n)
	for s := range n {
		o.kb[s], o.tot[s], _, _, _ = o.coalition(s)
	}
}

// Compare fills in[i] and out[i] with nation i's payoff inside s ∪ {i}
// and outside s \ {i}.
func (o *OneShot) Compare(s uint64, in, out []float64) {
	o.once.Do(o.build)
	b := o.b
	var nB int
	var mB, wB float64
	for i := range b.N {
		if s&(1<<uint(i)) != 0 {
			nB++
			mB += b.m[i]
			wB += b.w[i]
		}
	}
	for i := range b.N {
		bit := uint64(1) << uint(i)
		out[i] = o.alone[i]
		if s&bit != 0 {
			in[i] = o.member(i, o.kb[s], o.tot[s], nB, mB, wB)
		} else {
			t := s | bit
			in[i] = o.member(i, o.kb[t], o.tot[t], nB+1, mB+b.m[i], wB+b.w[i])
		}
	}
}
