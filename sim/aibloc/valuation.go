package aibloc

// This file implements how a nation values an action (V1–V3 of
// docs/model.md) and the bookkeeping of action profiles it needs: the
// aggregate of a profile, one-nation toggles and the production cache.

import (
	"math"
	"slices"

	"github.com/minilateral/minilateral/agents"
)

const computeF = agents.Compute

// aggregate is the bloc's and the superpowers' inputs, and the members'
// market-weighted state, for one action profile.
type aggregate struct {
	EB                 [nf]float64 // pooled inputs κ·Σ x_j
	nB                 int
	mB, wB, cB         float64       // members' market, contribution index, effective compute
	mK, mClub          float64       // Σ m_j·K̃_j and Σ m_j·(c_j/Σc)^(1−ν) (T1)
	sumC, kbStart      float64       // members' claims and the reserve at the round's start
	mR, mSig           [maxS]float64 // Σ m_j·r_{s,j} and Σ m_j·σ_{j,s}
	ES                 [][nf]float64 // superpower inputs: own plus partners' supply
	tog, togTo, out    int           // nation toggled from the committed profile (−1: none), its action there; a claimant toggled out
	blocTog            bool          // the toggle changed the bloc's inputs
	sTog               [maxS]bool    // the toggle changed superpower s's inputs
	clubDirty, uncache bool          // mClub must be recomputed; outputs must not come from the cache
}

func newAggregate(S int) aggregate {
	return aggregate{ES: make([][nf]float64, S), tog: -1, out: -1}
}

func copyAggregate(dst, src *aggregate) {
	es := dst.ES
	*dst = *src
	dst.ES = es
	copy(dst.ES, src.ES)
}

// aggregateInto sums profile act (the committed one, or any other with
// uncache set by the caller).
func (b *Model) aggregateInto(g *aggregate, act []int) {
	es := g.ES
	*g = aggregate{ES: es, tog: -1, out: -1}
	copy(g.ES, b.effS)
	sum0 := -1.0 // the committed members' claims, summed when first needed
	g.kbStart = b.KB
	for i, a := range act {
		b.add(g, i, a, 1)
		switch {
		case a == 0:
			g.sumC += b.claim[i]
		case b.act[i] == 0 && b.claim[i] > 0:
			// a claimant outside the profile's bloc withdraws (C3)
			if sum0 < 0 {
				sum0 = b.sumClaims()
			}
			if sum0 > 0 {
				g.kbStart -= b.KB * b.claim[i] / sum0 * (1 - b.par.haircut)
			}
		}
	}
	if g.sumC > 0 {
		for j, a := range act {
			if a == 0 && b.claim[j] > 0 {
				g.mClub += b.m[j] * pow(b.claim[j]/g.sumC, 1-b.par.nu)
			}
		}
	}
}

// add adds (sign 1) or removes (sign −1) nation i taking action a.
func (b *Model) add(g *aggregate, i, a int, sign float64) {
	p := &b.par
	S := b.S
	if a == 0 {
		sl := &b.sl[i*(S+1)]
		mi := sign * b.m[i]
		g.nB += int(sign)
		g.mB += mi
		g.wB += sign * sl.w
		g.cB += sign * sl.x[computeF]
		g.mK += mi * ((1-p.d)*b.K[i] + p.keep*sl.y)
		for f := range nf {
			g.EB[f] += sign * p.kappa * sl.x[f]
		}
		k := b.rIdx(i, 0, 0)
		for s, r := range b.restr[k : k+S] {
			g.mR[s] += mi * r
			g.mSig[s] += mi * b.sigma[k+s]
		}
	} else if s := b.dealWith(a); s >= 0 {
		sl := b.slotAt(i, a)
		for f := range nf {
			g.ES[s][f] += sign * sl.feed[f]
		}
	}
}

// toggle moves nation i from action from to action to in g, a copy of
// the committed profile.
func (b *Model) toggle(g *aggregate, i, from, to int) {
	b.add(g, i, from, -1)
	b.add(g, i, to, 1)
	g.tog, g.togTo = i, to
	g.blocTog = from == 0 || to == 0
	if s := b.dealWith(from); s >= 0 {
		g.sTog[s] = true
	}
	if s := b.dealWith(to); s >= 0 {
		g.sTog[s] = true
	}
	if from == 0 && b.claim[i] > 0 && g.sumC > 0 {
		// a claimant leaves: it withdraws its part, less the haircut (C3)
		g.kbStart -= b.KB * b.claim[i] / b.sumC0 * (1 - b.par.haircut)
		g.sumC -= b.claim[i]
		g.out = i
		g.clubDirty = true
	}
	if g.nB == 0 { // clean up rounding when the last member leaves
		g.EB, g.mB, g.wB, g.cB, g.mK = [nf]float64{}, 0, 0, 0, 0
		g.mR, g.mSig = [maxS]float64{}, [maxS]float64{}
	}
}

// prodCache holds the outputs Y of the committed profile and of its
// one-nation toggles. They depend on the profile and the slots' inputs
// (the version) only, not on the stocks, so a steady state evaluates no
// CES at all. Cached values are computed by the same expressions as
// uncached ones: results are bit-for-bit the same.
type prodCache struct {
	filled  bool
	act     []int
	version int
	yB, yB1 float64 // Y(E_B), and at γ = 1
	yS      []float64
	yBTog   []float64 // N: Y of the pool with nation i toggled
	hasBT   []bool
	ySTog   []float64 // N×S: Y of s's inputs with nation i toggled
	hasST   []bool
}

func newProdCache(N, S int) prodCache {
	return prodCache{act: make([]int, N), yS: make([]float64, S), yBTog: make([]float64, N),
		hasBT: make([]bool, N), ySTog: make([]float64, N*S), hasST: make([]bool, N*S)}
}

// yB is Y(E_B) of g.
func (b *Model) yB(g *aggregate) float64 {
	c := &b.cache
	switch {
	case g.uncache:
		return b.prod.Y(&g.EB)
	case g.tog < 0 || !g.blocTog:
		return c.yB
	case c.hasBT[g.tog]:
		return c.yBTog[g.tog]
	}
	y := 0.0
	if g.nB > 0 {
		y = b.prod.Y(&g.EB)
	}
	c.yBTog[g.tog], c.hasBT[g.tog] = y, true
	return y
}

// yS is Y(E_s) of g.
func (b *Model) yS(g *aggregate, s int) float64 {
	c := &b.cache
	switch {
	case g.uncache:
		return b.prod.Y(&g.ES[s])
	case g.tog < 0 || !g.sTog[s]:
		return c.yS[s]
	}
	k := g.tog*b.S + s
	if !c.hasST[k] {
		c.ySTog[k], c.hasST[k] = b.prod.Y(&g.ES[s]), true
	}
	return c.ySTog[k]
}

// roundBase is the committed profile's outlook at the current stocks.
type roundBase struct {
	o outlook
}

// rebase refreshes the committed profile's aggregate, its outputs (from
// the cache while the profile and the inputs are unchanged) and its
// outlook at the current stocks.
func (b *Model) rebase() {
	if !b.policyOK {
		b.refreshInputs()
	}
	b.sumC0 = b.sumClaims()
	b.aggregateInto(&b.agg, b.act)
	c := &b.cache
	if !c.filled || c.version != b.version || !slices.Equal(c.act, b.act) {
		copy(c.act, b.act)
		c.version = b.version
		for s := range b.S {
			c.yS[s] = b.prod.Y(&b.agg.ES[s])
		}
		c.yB, c.yB1 = 0, 0
		if b.agg.nB > 0 {
			c.yB = b.prod.Y(&b.agg.EB)
			c.yB1 = b.prod1.Y(&b.agg.EB) // the pooling gain's γ = 1 part (O3)
		}
		clear(c.hasBT)
		clear(c.hasST)
		c.filled = true
	}
	b.fillOutlook(&b.agg, &b.base.o, true)
	b.singleTermsPV(&b.agg, &b.base.o, b.singleTau, b.singleP, b.singleV)
}

// valuation is a nation's value of an action and its parts.
type valuation struct {
	u                   float64 // V1: (1−w)·d_c·K̂ + w·Ŷ + flows
	usable, stack       float64 // K̂ and the stack part of it
	yhat, flows         float64
	terms               float64 // terms the nation bargains for itself (alone, or individually)
	imports             float64 // Î
	own                 float64 // its own output this round
	clubStock, clubFlow float64 // the reserve's club good: its stock share and its inflow share
	costs, deal         float64 // purchases and bloc costs (≤ 0); a deal's transfer
	subsidy             float64 // a subsidy for holding a deal
}

// Pay is a nation's payoff broken into its sources (V1): they sum to
// the payoff (up to rounding).
type Pay struct {
	Stack   float64 // its national stack and its own output, with the terms it bargained for itself
	Club    float64 // the reserve: its claim's club good and its share of the inflow (output and terms)
	Imports float64 // imported capability, d_c·Î
	Costs   float64 // purchases, contribution and coordination (≤ 0)
	Deal    float64 // a deal's transfer
	Subsidy float64 // a superpower's subsidy for holding a deal
}

// pay splits valuation v of nation i.
func (b *Model) pay(i int, v *valuation) Pay {
	w, dc := b.w[i], b.par.dc
	return Pay{
		Stack:   (1-w)*dc*(v.stack-v.clubStock) + w*(v.own+v.terms),
		Club:    (1-w)*dc*v.clubStock + w*v.clubFlow,
		Imports: dc * v.imports,
		Costs:   v.costs, Deal: v.deal, Subsidy: v.subsidy,
	}
}

// evaluate values nation i's action a with every other action fixed.
func (b *Model) evaluate(i, a int) valuation {
	if a == b.act[i] {
		return b.value(&b.agg, i, a, &b.base.o)
	}
	b.slotOf(i, a) // a deal not held is computed now (P3)
	g := &b.trial
	copyAggregate(g, &b.agg)
	b.toggle(g, i, b.act[i], a)
	var o outlook
	b.outlookFor(g, &o, a)
	return b.value(g, i, a, &o)
}

// evalTerms is the outlook of g with the bloc's bargaining.
func (b *Model) evalTerms(g *aggregate) *outlook {
	if g == &b.agg {
		return &b.base.o
	}
	o := new(outlook)
	b.fillOutlook(g, o, true)
	return o
}

// value is nation i's valuation of action a in profile g, which must
// already hold i at a, with g's outlook o (V1–V3).
func (b *Model) value(g *aggregate, i, a int, o *outlook) valuation {
	p := &b.par
	sl := b.slotAt(i, a)
	var v valuation
	// V2: the start-of-round stack under a.
	stack := b.startStack(g, i, a)
	v.imports = sl.acap * b.m[i] * sl.imp // A3
	v.stack = stack
	v.usable = stack + v.imports
	y := sl.y
	if a == 0 {
		y *= p.keep
	}
	v.yhat = y + p.dc*v.imports
	v.flows = -sl.cost
	v.own, v.costs = y, -sl.cost
	switch s := b.dealWith(a); {
	case a == 0:
		share := b.contribShare(g, i)
		v.clubFlow = (o.yB + o.bloc.total) * pow(share, 1-p.nu)
		v.clubStock = stack - b.K[i]
		v.yhat += v.clubFlow
		if !p.collective && g == &b.agg {
			v.terms = b.singleTotal(i)
		} else if !p.collective {
			club := 0.0
			if b.claim[i] > 0 && g.sumC > 0 {
				club = o.kb * pow(b.claim[i]/g.sumC, 1-p.nu)
			}
			var bg bargain
			b.single(&bg, i, (1-p.d)*b.K[i]+y, club, &o.fNext)
			v.terms = bg.total
		}
		total := p.c0 * float64(g.nB) // K1, K2
		switch p.contribRule {
		case 0:
			v.flows -= p.c0
		case 1:
			v.flows -= total * b.m[i] / g.mB
		case 2:
			v.flows -= total * share
		}
		v.flows -= p.chi * float64(g.nB-1)
		v.costs = v.flows
	case s >= 0:
		v.deal, v.subsidy = b.aff[i*b.S+s]*b.transfer[s], b.offer[s*b.N+i]
		v.flows += v.deal + v.subsidy
	case g == &b.agg: // alone, in the committed profile: bargained in rebase
		v.terms = b.singleTotal(i)
	default: // alone: bargains for itself
		var bg bargain
		b.single(&bg, i, (1-p.d)*stack+y, 0, &o.fNext)
		v.terms = bg.total
	}
	v.yhat += v.terms
	v.u = (1-b.w[i])*p.dc*v.usable + b.w[i]*v.yhat + v.flows
	return v
}

// singleTotal is Σ_s τ_{i,s} nation i bargained for itself in the
// committed profile (rebase).
func (b *Model) singleTotal(i int) float64 {
	t := 0.0
	for _, v := range b.singleTau[i*b.S : i*b.S+b.S] {
		t += v
	}
	return t
}

// startStack is nation i's stack at the start of the round under action
// a (V2): a member keeps its claim's club good; a member who leaves
// withdraws its part less the haircut; a joiner has no claim yet.
func (b *Model) startStack(g *aggregate, i, a int) float64 {
	p := &b.par
	stack := b.K[i]
	if b.claim[i] > 0 {
		switch {
		case a == 0 && g.sumC > 0:
			stack += g.kbStart * pow(b.claim[i]/g.sumC, 1-p.nu)
		case a != 0 && b.act[i] == 0 && b.sumC0 > 0:
			stack += b.KB * b.claim[i] / b.sumC0 * (1 - p.haircut)
		}
	}
	return stack
}

// pow is x^g for x ≥ 0, with the common exponents computed exactly.
// The common case (ν = ½ in shares) is inline; the rest is powSlow.
func pow(x, g float64) float64 {
	if g == 0.5 && x > 0 {
		return math.Sqrt(x)
	}
	return powSlow(x, g)
}

func powSlow(x, g float64) float64 {
	switch {
	case g == 1:
		return x
	case x <= 0:
		return 0
	case g == 0.5:
		return math.Sqrt(x)
	case g == 0:
		return 1
	}
	return math.Pow(x, g)
}
