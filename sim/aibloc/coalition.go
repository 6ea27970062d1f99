package aibloc

// This file implements the joint-move payoff of coalitional moves (M12
// of docs/model.md, J1): the engine draws the group and decides; the model
// only values a profile in which a group of nations moves together.

// JointPayoff implements sim.Coalitional: what nation i, a member of
// group, gets this round when every nation in group takes action a, every
// other nation's action held (J1). The profile is valued as a whole, with
// its withdrawals (C3), its pool and its bargaining, exactly as Payoff
// values a one-nation move: JointPayoff of a group of one is Payoff up
// to rounding.
func (b *Model) JointPayoff(group []int, a, i int) float64 {
	b.ensure()
	prof := b.joint
	copy(prof, b.act)
	for _, j := range group {
		prof[j] = a
		b.slotOf(j, a) // a deal not held is computed now (P3)
	}
	g := &b.trial
	b.aggregateInto(g, prof)
	g.uncache = true
	o := &b.jointO
	b.outlookFor(g, o, a)
	return b.value(g, i, a, o).u
}
