package aibloc

// This file implements access, dependence and trade (M2, M3 of
// docs/model.md): restrictions R1–R3, the market split B1, purchases
// P1–P3, effective inputs and the partner's supply, capacity to use and
// imports A1–A3, and the contribution share C2.

import (
	"math"

	"github.com/minilateral/minilateral/agents"
)

// slot is one nation's inputs under one kind of action: 0 no deal (going
// alone or in the bloc), 1+s a deal with superpower s.
type slot struct {
	nation, kind int         // whose, and which kind of action
	x            [nf]float64 // national inputs used: endowment after controls, purchases, less the partner's supply
	feed         [nf]float64 // supplied to the deal partner within the round (φ of talent and capital)
	lost         [nf]float64 // lost to export controls
	q            [3]float64  // purchases of compute, hardware, capital (world shares)
	cost         float64     // Σ_f π_f·q_f, value per round
	h            float64     // chip restriction h_i (R2)
	y            float64     // Y(x), value per round
	sum          float64     // Y's inner sum at x (Σ α_f·x_f^ρ, or Σ α_f·log x_f at ρ = 0), where dok
	y1           float64     // Y(x) at γ = 1 (the pooling gain's complementarity part), where y1ok
	y1ok         bool
	acap         float64 // capacity to use frontier AI, a = C/(C + c_run) (A1)
	imp          float64 // import level max(O, ω·max_s F_s(1 − r_{s,i})) (A2)
	impQ         float64 // a deal not held: the import level its purchases are chosen at
	w            float64 // contribution index Σ_f α_f·x_f (C2)
	ok           bool    // current for the controls and endowments (not only the import level)
	// dirty: a deal the nation does not hold whose inputs are out of date;
	// slotOf computes it when something reads it
	dirty bool
	// dv: the purchase value's derivatives at q, where they exist (dok),
	// with the Hessian where hok; scW + ι·scA is the size of the value's
	// terms (holdGain's scale)
	dv       valueDerivs
	dok, hok bool
	scW, scA float64
	// concave: the purchase value is concave on the whole box (γ ≤ 1, or
	// the moved factors' share bound of P3 holds), so a local maximum is
	// the maximum and no corner need be compared
	concave bool
}

// restriction indexes: r_{s,i} of nation i under slot k is restr[(i*(S+1)+k)*S+s].
func (b *Model) rIdx(i, k, s int) int { return (i*(b.S+1)+k)*b.S + s }

// refreshPolicy recomputes what depends on the controls x only:
// restrictions (R1, R2), the market split σ (B1) and the superpowers'
// effective inputs (R3). Every slot's inputs are then recomputed at the
// next refresh (P3).
func (b *Model) refreshPolicy() {
	S, p := b.S, &b.par
	var base [maxS]float64
	for s := range S {
		base[s] = 1 - (1-b.x[s])*(1-b.modelR[s])
	}
	n := 0 // the restriction index rIdx(i, k, s), in order
	for i := range b.N {
		var ally [maxS]float64 // the treaty waiver, without a deal
		for s, al := range b.ally[i*S : i*S+S] {
			if al {
				ally[s] = b.allyW[s]
			}
		}
		for k := 0; k <= S; k++ {
			deal := k - 1
			h := 0.0
			restr := b.restr[n : n+S]
			for s := range restr {
				v := ally[s] // waiver, compounding (R1)
				pen := 0.0
				if deal == s {
					v = 1 - (1-v)*(1-b.dealW[s])
				} else if deal >= 0 {
					pen = p.rivalPen
				}
				restr[s] = clamp01(base[s]*(1-v) + pen)
				h += b.ch[s] * clamp01(b.x[s]*(1-v)+pen) // R2: weighted by chip supply
			}
			n += S
			sl := &b.sl[i*(S+1)+k]
			sl.h = clamp01(h)
			sl.ok = false
		}
	}
	b.refreshSplit()
	b.refreshSupers()
	b.policyOK = true
	b.version++
}

// refreshSplit recomputes the market split σ (B1) of the no-deal slots
// from the affinities and the restrictions; nothing else depends on the
// affinities. A deal's split, all on the partner's stack, never changes
// (dealSplit).
func (b *Model) refreshSplit() {
	S, p := b.S, &b.par
	for i := range b.N {
		aff, r0 := b.aff[i*S:i*S+S], b.rIdx(i, 0, 0)
		restr, sigma := b.restr[r0:r0+S], b.sigma[r0:r0+S]
		den := p.sov
		for s, a := range aff {
			den += a * (1 - restr[s])
		}
		for s, a := range aff {
			sg := 0.0
			if den > 0 {
				sg = a * (1 - restr[s]) / den
			}
			sigma[s] = sg
		}
	}
}

// dealSplit sets the market split of every deal: all of it on the
// partner's stack (B1).
func (b *Model) dealSplit() {
	for i := range b.N {
		for k := 1; k <= b.S; k++ {
			for s := range b.S {
				sg := 0.0
				if k-1 == s {
					sg = 1
				}
				b.sigma[b.rIdx(i, k, s)] = sg
			}
		}
	}
}

// refreshSupers recomputes the superpowers' effective inputs (R3): a
// superpower's compute is cut by its rivals' controls.
func (b *Model) refreshSupers() {
	S, p := b.S, &b.par
	for s := range S {
		h := 0.0
		for r := range S {
			if r != s {
				h += b.ch[r] * b.x[r]
			}
		}
		ee := b.es[s]
		ee[agents.Compute] *= 1 - p.bite*clamp01(h)
		b.effS[s] = ee
	}
}

// endowmentsMoved brings what depends on the endowments up to date after
// reinvestment (M9): the superpowers' effective inputs now; every slot's
// inputs at its held purchases at the next refresh, which then checks
// whether they are still worth holding (P3).
func (b *Model) endowmentsMoved() {
	b.refreshSupers()
	for n := range b.sl {
		b.sl[n].ok = false
	}
	b.version++
}

// openLevel is O, the open-weight level: a share o of the best frontier
// L rounds ago.
func (b *Model) openLevel() float64 { return b.par.open * b.maxF[0] }

// refreshInputs brings every slot up to date with the start-of-round
// frontiers, controls and endowments (P3): a slot whose controls or
// endowments moved is recomputed at its held purchases, and every slot
// whose inputs or import level moved keeps its purchases while
// re-choosing them would gain at most holdGain of its value (holds),
// and is re-chosen otherwise. Unchanged slots keep their inputs bit for
// bit, so the production caches stay valid in a steady state.
//
// The no-deal slot and the deal held are kept up to date whether or not
// a decision reads them. A deal not held is computed when read (slotOf),
// its purchases chosen from the no-deal ones by the same rule (P3): what
// a slot holds never depends on when it was read (Payoff is pure).
func (b *Model) refreshInputs() {
	b.work.Refreshes++
	if !b.policyOK {
		b.refreshPolicy()
	}
	S := b.S
	o := b.openLevel()
	var wf [maxS]float64 // ω·F_s, as A2 multiplies it out
	for s, f := range b.F {
		wf[s] = b.par.omega * f
	}
	changed := false
	for i := range b.N {
		cur := b.kind(b.act[i])
		base := false // the no-deal slot's purchases moved
		for k := 0; k <= S; k++ {
			imp := o
			r0 := b.rIdx(i, k, 0)
			for s, r := range b.restr[r0 : r0+S] {
				if v := wf[s] * (1 - r); v > imp {
					imp = v
				}
			}
			sl := &b.sl[i*(S+1)+k]
			moved := !sl.ok
			if k > 0 && k != cur {
				// a deal not held is chosen from the no-deal purchases when
				// read: it is out of date when they, its controls or its
				// endowments moved, or its import level drifted by more
				// than dealTol since it was chosen
				if moved || base || math.Abs(imp-sl.impQ) > dealTol*sl.impQ {
					sl.ok, sl.dirty = false, true
					sl.impQ = imp
					b.dropToggles(i)
				}
				sl.imp = imp
				continue
			}
			if !moved && imp == sl.imp {
				continue
			}
			sl.imp = imp
			q0 := sl.q
			if moved {
				b.chosen(i, k, sl, sl.q)
			}
			if !b.holds(i, sl) {
				b.search(i, k, sl, true)
			} else if !moved {
				continue // only the import level moved: the inputs are as they were
			}
			if k == 0 && !base {
				base = b.purchasesMoved(i, q0, sl.q)
			}
			// The committed profile's outputs change only with a member's
			// pooled inputs or a partner's supply; a loner's no-deal slot and
			// the deals not held enter only the outputs of the nation's
			// toggles.
			if (k == 0 && b.act[i] == 0) || (k > 0 && k == cur) {
				changed = true
			} else {
				b.dropToggles(i)
			}
		}
	}
	if changed {
		b.version++
	}
}

// holds reports whether slot sl of nation i keeps its purchases (P3): at
// them the value's derivatives exist, the value is concave on the box
// (or γ ≤ 1), and the projected Newton step from them is nil or gains
// at most holdGain of the value's scale. By the envelope theorem that
// predicted gain is what holding costs, to second order.
func (b *Model) holds(i int, sl *slot) bool {
	if !sl.dok || !sl.concave {
		return false
	}
	dv := &sl.dv
	if sl.q == [3]float64{} && dv.gW[0]+sl.imp*dv.gA <= 0 && dv.gW[1] <= 0 && dv.gW[2] <= 0 {
		return true // at no purchases, every slope (valueDerivs.at's) points out of the box
	}
	if !sl.hok {
		return false // a slope has turned since the slot was computed
	}
	g, h := dv.at(sl.imp)
	d, newton := newtonStep(sl.q, b.depthBox(i), g, h)
	if d == ([3]float64{}) {
		return true
	}
	return newton && g[0]*d[0]+g[1]*d[1]+g[2]*d[2] <= 2*holdGain*(sl.scW+sl.scA*sl.imp)
}

// depthBox is nation i's purchase bounds λ_f·m_i (P1).
func (b *Model) depthBox(i int) (hi [3]float64) {
	for j := range 3 {
		hi[j] = b.par.depth[j] * b.m[i]
	}
	return hi
}

// slotOf returns nation i's inputs under action a: refreshInputs keeps
// the no-deal slot and the deal held up to date; a deal not held is
// computed here, when out of date (lazyDeal).
func (b *Model) slotOf(i, a int) *slot {
	sl := b.slotAt(i, a)
	if sl.dirty {
		b.lazyDeal(sl)
	}
	return sl
}

// slotAt is slotOf for a slot known to be current: the no-deal slot, a
// deal held, or a deal an entry point has brought up to date with slotOf
// (evaluate, JointPayoff, OneShot, PayoffWith, Commit). The valuation's
// inner loops read slots through it.
func (b *Model) slotAt(i, a int) *slot {
	return &b.sl[i*(b.S+1)+int(b.kinds[a])]
}

// lazyDeal brings deal k, which nation i does not hold, up to date (P3):
// its purchases are the no-deal slot's where holding those would cost at
// most holdGain, and are searched for from them otherwise. It depends on
// the round's state only, not on when it is called.
func (b *Model) lazyDeal(sl *slot) {
	i, k := sl.nation, sl.kind
	sl.dirty = false
	b.work.Lazy++
	imp := sl.imp
	sl.imp = sl.impQ // chosen at the import level it was marked out of date at
	b.chosen(i, k, sl, b.sl[i*(b.S+1)].q)
	if !b.holds(i, sl) {
		b.search(i, k, sl, true)
	}
	sl.imp = imp
}

// purchasesMoved reports whether the no-deal purchases moved from q0 to q
// by more than dealTol of their box: the deals a nation does not hold are
// then chosen afresh from them (P3).
func (b *Model) purchasesMoved(i int, q0, q [3]float64) bool {
	hi := b.depthBox(i)
	for j := range 3 {
		if math.Abs(q[j]-q0[j]) > dealTol*hi[j] {
			return true
		}
	}
	return false
}

// dealTol is how far (relative) the import level of a deal a nation does
// not hold may drift before its purchases are chosen again (P3): the
// envelope theorem makes holding them cost about dealTol² of the
// deal's value, while frontiers moving a little every round would
// otherwise re-choose every deal every round.
const dealTol = 1e-3

// dropToggles forgets the cached outputs of nation i's toggles.
func (b *Model) dropToggles(i int) {
	c := &b.cache
	c.hasBT[i] = false
	for s := range b.S {
		c.hasST[i*b.S+s] = false
	}
}

// capacity is a = C/(C + c_run) (A1); with c_run = 0 any compute suffices.
func (b *Model) capacity(c float64) float64 {
	if c <= 0 {
		return 0
	}
	if b.par.cRun <= 0 {
		return 1
	}
	return c / (c + b.par.cRun)
}

// setInputs fills sl's inputs, supply, losses, purchases and cost.
func (b *Model) setInputs(i, k int, sl *slot, q [3]float64) {
	p := &b.par
	e := b.e[i]
	h := sl.h
	var x, lost [nf]float64
	x = e
	x[agents.Compute] = e[agents.Compute]*(1-p.bite*h) + q[0]*(1-h)
	lost[agents.Compute] = e[agents.Compute]*p.bite*h + q[0]*h
	x[agents.Hardware] = e[agents.Hardware] + q[1]*(1-h)
	lost[agents.Hardware] = q[1] * h
	x[agents.Capital] = e[agents.Capital] + q[2]
	var feed [nf]float64
	if k > 0 { // a deal partner supplies φ of its talent and capital, used by s this round
		for _, f := range [2]agents.Factor{agents.Talent, agents.Capital} {
			feed[f] = p.feed * x[f]
			x[f] -= feed[f]
		}
	}
	sl.x, sl.feed, sl.lost, sl.q = x, feed, lost, q
	sl.cost = p.price[0]*q[0] + p.price[1]*q[1] + p.price[2]*q[2]
	w := 0.0
	for f, a := range b.prod.Alpha {
		w += a * x[f]
	}
	sl.w = w
}

// purchaseValue is the part of a nation's valuation that purchases move
// (P1): w·Y(x) + d_c·m_i·a(C)·imp − Σ π_f q_f.
func (b *Model) purchaseValue(i int, sl *slot) float64 {
	p := &b.par
	return b.w[i]*sl.y + p.dc*b.m[i]*sl.acap*sl.imp - sl.cost
}

// purchase chooses slot k's purchases to maximise purchaseValue within
// the depth limits λ_f·m_i (P1–P3) by projected Newton steps on all three
// purchases at once, from the slot's previous purchases (a warm start:
// in a slowly moving world one or two steps suffice), with a backtracking
// line search so every step raises the value, until the Newton step's
// gain is below what the value can resolve (newtonGain): that last step
// is taken unchecked. Where the Newton direction is not an ascent
// direction (γ > 1 can make the value non-concave) the step follows the
// projected gradient instead. With γ > 1 the result is compared with
// buying nothing and buying the most (but the one it started from,
// which every step it took has improved on), so a non-concave case
// cannot end on a worse local maximum than either corner.
func (b *Model) purchase(i, k int, sl *slot) { b.search(i, k, sl, false) }

// search is purchase; current says that sl is current at its purchases
// (chosen has just computed it, and only its import level may have moved
// since), so the search starts from the value and derivatives it holds
// instead of evaluating them again.
func (b *Model) search(i, k int, sl *slot, current bool) {
	b.work.Searches++
	hi := b.depthBox(i)
	anyTrade := hi != [3]float64{}
	q := sl.q // warm start
	for j := range 3 {
		q[j] = clampBox(q[j], hi[j])
	}
	q0 := q
	if !anyTrade {
		b.chosen(i, k, sl, [3]float64{})
		return
	}
	var pe purchaseEval
	pe.init(b, i, k, sl)
	var val float64
	var ok bool
	var g [3]float64
	var h [3][3]float64
	if current && sl.dok && sl.hok && q == sl.q {
		// eval's and derivs' numbers at q, as chosen left them
		val, ok = b.purchaseValue(i, sl), true
		g, h = sl.dv.at(sl.imp)
		pe.scale = b.w[i]*sl.y + b.par.dc*b.m[i]*sl.acap*sl.imp + sl.cost
	} else if val, ok = pe.eval(&q); ok {
		g, h = pe.derivs()
	}
	for range maxNewton {
		if !ok { // an infinite slope at a zero input: step inside first
			nq := q
			for j := range 3 {
				if nq[j] == 0 && hi[j] > 0 {
					nq[j] = hi[j] / 2
				}
			}
			if nq == q {
				break
			}
			q, q0 = nq, [3]float64{-1, -1, -1} // not a climb from q0
			if val, ok = pe.eval(&q); ok {
				g, h = pe.derivs()
			}
			continue
		}
		d, newton := newtonStep(q, hi, g, h)
		if newton && newtonDone(&g, &d, pe.scale) {
			// the quadratic model's gain is below what the value can
			// resolve: take its maximum and stop
			for j := range 3 {
				q[j] = clampBox(q[j]+d[j], hi[j])
			}
			break
		}
		// backtracking: halve until the value rises (or the step vanishes);
		// the accepted point's derivatives serve the next step
		t, moved := 1.0, false
		for range 40 {
			var nq [3]float64
			for j := range 3 {
				nq[j] = clampBox(q[j]+t*d[j], hi[j])
				if nq[j] == 0 && q[j] > 0 && pe.essential[j] {
					// a factor the nation has none of: approach the
					// bound, where its output vanishes, geometrically
					nq[j] = q[j] / 2
				}
			}
			if nq == q {
				break
			}
			if v, nok := pe.eval(&nq); v > val {
				q, val, ok, moved = nq, v, nok, true
				if ok {
					g, h = pe.derivs()
				}
				break
			}
			t /= 2
		}
		if !moved {
			break
		}
		small := true
		for j := range 3 {
			small = small && math.Abs(t*d[j]) <= 1e-12*hi[j]
		}
		if small {
			break
		}
	}
	b.chosenWith(&pe, i, k, sl, q)
	if !sl.concave { // the value may not be concave: compare the corners
		val, best := b.purchaseValue(i, sl), q
		for _, cq := range [2][3]float64{{}, hi} {
			// not the corner the search climbed from
			if cq != q && cq != q0 {
				if v := pe.corner(&cq); v > val {
					best, val = cq, v
				}
			}
		}
		if best != q {
			b.chosenWith(&pe, i, k, sl, best)
		}
	}
}

// chosen sets slot k's inputs, output (for the no-deal slot also its
// output at γ = 1), capacity and the purchase value's derivatives at
// purchases q: the slot is current.
func (b *Model) chosen(i, k int, sl *slot, q [3]float64) { b.chosenWith(nil, i, k, sl, q) }

// chosenWith is chosen with pe, where not nil, the search's evaluator of
// the same slot (init depends on the slot's controls and import level
// only, which the search does not move), so it is not prepared again.
func (b *Model) chosenWith(pe *purchaseEval, i, k int, sl *slot, q [3]float64) {
	b.work.Slots++
	b.setInputs(i, k, sl, q)
	sl.ok = true
	sl.acap = b.capacity(sl.x[agents.Compute])
	sl.scA = b.par.dc * b.m[i] * sl.acap
	if q == ([3]float64{}) && useAtNothing && b.atNothing(i, k, sl) {
		return
	}
	var own purchaseEval
	if pe == nil {
		pe = &own
		pe.init(b, i, k, sl)
	}
	pe.inputs(&q)
	c := &b.prod
	sl.dok = pe.fix && pe.cesY()
	sl.hok, sl.y1ok = false, false
	switch {
	case !sl.dok:
		sl.dv = valueDerivs{}
		sl.y = c.Y(&sl.x)
	default:
		sl.y = pe.y // Y's bits (cesY)
		sl.sum = pe.s
		if c.Rho == 0 {
			sl.sum = pe.lg
		}
		// the Hessian only where a purchase may be free to move (holds)
		sl.hok = q != [3]float64{}
		sl.dv = pe.parts(sl.hok)
		if !sl.hok {
			g, _ := sl.dv.at(sl.imp)
			sl.hok = g[0] > 0 || g[1] > 0 || g[2] > 0
			if sl.hok {
				sl.dv = pe.parts(true)
			}
		}
	}
	sl.scW = b.w[i]*sl.y + sl.cost
	sl.concave = b.concave(pe, q)
}

// useAtNothing switches chosen's common case on (tests compare it with
// the general path).
var useAtNothing = true

// atNothing is chosen's common case, a slot that buys nothing, for ρ < 0
// and every input of positive weight positive: the output, its inner sum,
// the gradient (purchaseEval's bits: the same terms, in the same order)
// and the concavity bound at no purchases, in one pass over the factors.
// It reports false, having set nothing chosen reads, where it does not
// apply or where a slope is positive (the Hessian is then needed).
func (b *Model) atNothing(i, k int, sl *slot) bool {
	c := &b.prod
	if !(c.Rho < 0) {
		return false
	}
	var t [nf]float64
	s, m, u := 0.0, 0.0, 0.0
	for f, a := range c.Alpha {
		if a == 0 {
			continue
		}
		xf := sl.x[f]
		if !(xf > 0) {
			return false
		}
		t[f] = cesTerm(c.Rho, a, xf)
		s += t[f]
		if moved(f) {
			m += t[f]
		} else {
			u += t[f]
		}
	}
	if !(s > 0) || math.IsInf(s, 1) {
		return false
	}
	y := c.A * math.Exp(c.Gamma/c.Rho*math.Log(s))
	if !(y > 0) {
		return false
	}
	p := &b.par
	mult := [3]float64{1 - sl.h, 1 - sl.h, 1}
	if k > 0 {
		mult[2] = 1 - p.feed
	}
	var dv valueDerivs
	w := b.w[i]
	for j, f := range tradable {
		gy := 0.0
		if t[f] != 0 {
			gy = c.Gamma * y * (t[f] / sl.x[f]) / s
		}
		dv.gW[j] = w*gy*mult[j] - p.price[j]
	}
	if p.cRun > 0 {
		dv.gA = capSlope(p.dc*b.m[i], p.cRun, mult[0], sl.x[agents.Compute])
	}
	if dv.gW[0]+sl.imp*dv.gA > 0 || dv.gW[1] > 0 || dv.gW[2] > 0 { // the slopes of valueDerivs.at
		return false
	}
	sl.y, sl.sum, sl.dv = y, s, dv
	sl.dok, sl.hok, sl.y1ok = true, false, false
	sl.scW = w*sl.y + sl.cost
	sl.concave = c.Gamma <= 1 || concaveShare(c, m, u)
	return true
}

// y1 is the slot's output at γ = 1 (for the pooling gain's
// complementarity part, O3), bit for bit CES.YPair's, computed once per
// change of the slot's inputs.
func (b *Model) y1(sl *slot) float64 {
	if !sl.y1ok {
		b.setY1(sl)
	}
	return sl.y1
}

func (b *Model) setY1(sl *slot) {
	if sl.dok {
		sl.y1 = b.prod.outer(&sl.x, sl.sum, sumOK, b.prod1.Gamma)
	} else {
		_, sl.y1 = b.prod.YPair(&sl.x, b.prod1.Gamma)
	}
	sl.y1ok = true
}

// concave reports whether slot pe's purchase value is concave on its
// whole box (P3). With γ ≤ 1 it is. Otherwise, for ρ < 1 the Hessian of Y
// in the moved inputs, γY/S·[(γ−ρ)/S·uuᵀ − diag((1−ρ)u/x)] with
// u_f = α_f·x_f^(ρ−1), is negative semi-definite exactly when the moved
// factors' share M/S of S = Σ α_g·x_g^ρ is at most (1−ρ)/(γ−ρ); for
// ρ < 0 that share is largest at no purchases, for ρ = 0 it is Σ α over
// the moved factors. Imports a(C) are concave and costs linear, and the
// inputs are affine in the purchases. Where the bound fails (or ρ > 0)
// the value may have several maxima and the search compares the corners.
func (b *Model) concave(pe *purchaseEval, q [3]float64) bool {
	c := &b.prod
	if c.Gamma <= 1 {
		return true
	}
	switch {
	case c.Rho == 0:
		m := 0.0
		for _, f := range tradable {
			m += c.Alpha[f]
		}
		return c.Gamma*m <= 1
	case c.Rho > 0:
		return false
	}
	if !pe.fix {
		return false
	}
	x0 := pe.e // the moved inputs at no purchases, as inputs sets them
	x0[agents.Compute] = pe.ce
	if pe.deal {
		x0[agents.Capital] -= pe.feed * x0[agents.Capital]
	}
	m, u := 0.0, 0.0
	for g, ag := range c.Alpha {
		switch {
		case ag == 0:
		case !moved(g):
			u += pe.term[g]
		case x0[g] <= 0:
			return false // an infinite share at no purchases
		case q == [3]float64{} && pe.term[g] != 0:
			m += pe.term[g] // cesY's, at these very inputs
		default:
			m += cesTerm(c.Rho, ag, x0[g])
		}
	}
	return concaveShare(c, m, u)
}

// concaveShare is the bound P3b for ρ < 0: with m the moved factors' part
// of the CES sum at no purchases and u the rest, (γ−ρ)·m ≤ (1−ρ)·(m+u).
func concaveShare(c *CES, m, u float64) bool {
	return (c.Gamma-c.Rho)*m <= (1-c.Rho)*(m+u)
}

// holdGain is the gain from re-choosing, relative to the scale of the
// value's terms, below which a nation keeps its purchases (P3): one part
// in 10⁸ of what it values, far below anything a table reports, while
// frontiers, endowments and the open level moving a little every round
// would otherwise make every nation re-optimise every round.
const holdGain = 1e-8

// maxNewton bounds the Newton steps of purchase.
const maxNewton = 50

// newtonStep is the projected Newton direction for maximising a function
// with gradient g and Hessian h at q in the box [0, hi]: purchases at a
// bound whose slope points out of the box are held; the rest solve
// h_FF·d_F = −g_F when −h_FF is positive definite, else d follows the
// gradient scaled by the largest bound.
func newtonStep(q, hi, g [3]float64, h [3][3]float64) (d [3]float64, newton bool) {
	var free [3]bool
	var idx []int
	var buf [3]int
	idx = buf[:0]
	for j := range 3 {
		free[j] = hi[j] > 0 && !(q[j] <= 0 && g[j] <= 0) && !(q[j] >= hi[j] && g[j] >= 0)
		if free[j] {
			idx = append(idx, j)
		}
	}
	n := len(idx)
	if n == 0 {
		return d, false
	}
	if n == 1 { // the loops below for one free purchase, operation for operation
		j := idx[0]
		sc, hjj := 1.0, math.Abs(h[j][j])
		if hjj > 0 && !math.IsInf(hjj, 0) {
			_, e := math.Frexp(hjj)
			sc = math.Ldexp(1, -e)
		}
		if a := -h[j][j] * sc; a > 0 {
			l := math.Sqrt(a)
			d[j] = g[j] * sc / l / l
			return d, true
		}
		if norm := math.Abs(g[j]); norm > 0 {
			d[j] = g[j] / norm * math.Max(0, hi[j])
		}
		return d, false
	}
	// Cholesky of A = −h_FF, scaled by a power of two so that a change
	// of numéraire (which scales g and h alike) leaves every bit of d
	// unchanged (property 7)
	var a, l [3][3]float64
	big := 0.0
	for _, j := range idx {
		big = math.Max(big, math.Abs(h[j][j]))
	}
	sc := 1.0
	if big > 0 && !math.IsInf(big, 0) {
		_, e := math.Frexp(big)
		sc = math.Ldexp(1, -e)
	}
	for r := range n {
		for c := range n {
			a[r][c] = -h[idx[r]][idx[c]] * sc
		}
	}
	pd := true
	for r := 0; r < n && pd; r++ {
		for c := 0; c <= r; c++ {
			s := a[r][c]
			for m := range c {
				s -= l[r][m] * l[c][m]
			}
			if r == c {
				if !(s > 0) {
					pd = false
					break
				}
				l[r][r] = math.Sqrt(s)
			} else {
				l[r][c] = s / l[c][c]
			}
		}
	}
	if !pd {
		scale := 0.0
		for _, j := range idx {
			scale = math.Max(scale, hi[j])
		}
		norm := 0.0
		for _, j := range idx {
			norm = math.Max(norm, math.Abs(g[j]))
		}
		if norm > 0 {
			for _, j := range idx {
				d[j] = g[j] / norm * scale
			}
		}
		return d, false
	}
	// solve L·Lᵀ·x = g_F (d = A⁻¹·g = −h⁻¹·g)
	var y, x [3]float64
	for r := range n {
		s := g[idx[r]] * sc
		for m := range r {
			s -= l[r][m] * y[m]
		}
		y[r] = s / l[r][r]
	}
	for r := n - 1; r >= 0; r-- {
		s := y[r]
		for m := r + 1; m < n; m++ {
			s -= l[m][r] * x[m]
		}
		x[r] = s / l[r][r]
	}
	for r, j := range idx {
		d[j] = x[r]
	}
	return d, true
}

// newtonGain is the gain, relative to the scale of the value's terms,
// below which the purchase search takes the Newton step without
// evaluating it and stops. A gain that small is within a few hundred
// roundings of the value, where comparing values no longer tells a
// better point from a worse one: the search used to spend most of its
// evaluations there, rejecting steps on rounding noise, and to stop
// wherever that left it (about 3e-8 of the box from the optimum). The
// quadratic model is exact to rounding over so short a step, so the
// point it leads to is the optimum to within about 1e-12 of the box
// (TestPurchaseAccuracy).
const newtonGain = 1e-13

// newtonDone reports whether a Newton direction d at gradient g gains
// at most newtonGain of the value's scale.
func newtonDone(g, d *[3]float64, scale float64) bool {
	return g[0]*d[0]+g[1]*d[1]+g[2]*d[2] <= 2*newtonGain*scale
}

// contribShare is member i's contribution share w_i/w(B) in g (C2);
// members who contribute nothing at all split equally.
func (b *Model) contribShare(g *aggregate, i int) float64 {
	if g.wB <= 0 {
		return 1 / float64(g.nB)
	}
	return b.sl[i*(b.S+1)].w / g.wB
}

// clamp01 is math.Min(1, math.Max(0, v)) with NaN kept and −0 made +0.
func clamp01(v float64) float64 {
	switch {
	case v != v:
		return v
	case !(v > 0):
		return 0
	case v >= 1:
		return 1
	}
	return v
}
