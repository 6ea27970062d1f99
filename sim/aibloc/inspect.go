package aibloc

// This file exports read-only views of the model's state for tests,
// outputs and analyses. None of them changes the model or draws.

import "github.com/minilateral/minilateral/agents"

// Account is one nation's use of each factor in the last settled round
// (property 9): Endowment + Purchased = Used + Supplied + Lost, where
// Used is what the nation's own production (and its pooled share) uses,
// Supplied what a deal partner's superpower uses within the round, and
// Lost what export controls withhold.
type Account struct {
	Endowment, Purchased, Used, Supplied, Lost [agents.NumFactors]float64
}

// Accounts returns nation i's factor accounts under its current action.
func (b *Model) Accounts(i int) Account {
	b.ensure()
	sl := b.slotOf(i, b.act[i])
	var a Account
	a.Endowment = b.e[i]
	for j, f := range tradable {
		a.Purchased[f] = sl.q[j]
	}
	a.Used, a.Supplied, a.Lost = sl.x, sl.feed, sl.lost
	return a
}

// Work counts what the purchase choice (P3) has done since the model was
// built: the cost of a round is mostly these.
type Work struct {
	Refreshes int // refreshes of the slots (one a round, more with a control change after a read)
	Slots     int // slots recomputed at given purchases (an evaluation of Y and its gradient)
	Lazy      int // of those, deals not held computed because something read them
	Searches  int // purchase searches (the held purchases no longer held)
}

// Work returns the purchase choice's work so far.
func (b *Model) Work() Work { return b.work }

// Restriction returns r_{s,i}, superpower s's model-access restriction on
// nation i when it takes action a (R1).
func (b *Model) Restriction(i, a, s int) float64 { return b.restr[b.rIdx(i, b.kind(a), s)] }

// ChipRestriction returns h_i, nation i's chip restriction under action a (R2).
func (b *Model) ChipRestriction(i, a int) float64 { return b.slotOf(i, a).h }

// MarketSplit returns σ_{i,s}, the share of nation i's market on s's stack
// under action a (B1).
func (b *Model) MarketSplit(i, a, s int) float64 { return b.sigma[b.rIdx(i, b.kind(a), s)] }

// Purchases returns what nation i buys each round under action a, as
// world shares of compute, hardware and capital (P1).
func (b *Model) Purchases(i, a int) [3]float64 {
	b.ensure()
	return b.slotOf(i, a).q
}

// ContributionShare returns member i's share of the bloc's contributions
// in the committed profile (C2); 0 for a non-member.
func (b *Model) ContributionShare(i int) float64 {
	b.ensure()
	if b.act[i] != 0 {
		return 0
	}
	return b.contribShare(&b.agg, i)
}

// SingleTerms returns the terms superpower s paid nation i last round
// when i bargained for itself (alone, or as a member when the bloc does
// not bargain collectively); 0 otherwise.
func (b *Model) SingleTerms(i, s int) float64 {
	b.ensure()
	return b.singleTau[i*b.S+s]
}

// SingleBargain returns the threat p and market value V nation i
// bargained with against superpower s last round, when it bargained for
// itself (B3: its terms are β_i·p·V).
func (b *Model) SingleBargain(i, s int) (p, v float64) {
	b.ensure()
	return b.singleP[i*b.S+s], b.singleV[i*b.S+s]
}

// Ceiling returns c, the threat's ceiling.
func (b *Model) Ceiling() float64 { return b.par.c }

// Budget returns superpower s's per-round subsidy budget.
func (b *Model) Budget(s int) float64 { return b.bud[s] }

// MarketValue returns μ.
func (b *Model) MarketValue() float64 { return b.par.mu }

// Market returns nation i's market (GDP) share.
func (b *Model) Market(i int) float64 { return b.m[i] }

// AnnuityWeight returns w_i, the weight of an action's flow against its
// stock in nation i's valuation (V2).
func (b *Model) AnnuityWeight(i int) float64 { return b.w[i] }

// PayBreakdown returns nation i's payoff in the last settled round by
// source; the parts sum to Realised(i) up to rounding.
func (b *Model) PayBreakdown(i int) Pay { return b.pays[i] }

// NationEndowment returns nation i's endowment shares now, in
// agents.FactorNames order. They move each round under reinvestment (M9).
func (b *Model) NationEndowment(i int) [agents.NumFactors]float64 { return b.e[i] }

// SuperpowerEndowment returns superpower s's endowment shares now, in
// agents.FactorNames order.
func (b *Model) SuperpowerEndowment(s int) [agents.NumFactors]float64 { return b.es[s] }
