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
	x    [nf]float64 // national inputs used: endowment after controls, purchases, less the partner's supply
	feed [nf]float64 // supplied to the deal partner within the round (φ of talent and capital)
	lost [nf]float64 // lost to export controls
	q    [3]float64  // purchases of compute, hardware, capital (world shares)
	cost float64     // Σ_f π_f·q_f, value per round
	h    float64     // chip restriction h_i (R2)
	y    float64     // Y(x), value per round
	y1   float64     // Y(x) at γ = 1 (for the pooling gain's complementarity part)
	acap float64     // capacity to use frontier AI, a = C/(C + c_run) (A1)
	imp  float64     // import level max(O, ω·max_s F_s(1 − r_{s,i})) (A2)
	impQ float64     // the import level purchases were last chosen at
	w    float64     // contribution index Σ_f α_f·x_f (C2)
	eQ   [nf]float64 // the endowment purchases were last chosen at (M9 moves it)
	ok   bool        // computed for the current policy and import level
	// stale: the endowment moved (M9) by less than purchaseTol since the
	// purchases were chosen; the inputs must be recomputed at them.
	stale bool
}

// restriction indexes: r_{s,i} of nation i under slot k is restr[(i*(S+1)+k)*S+s].
func (b *Model) rIdx(i, k, s int) int { return (i*(b.S+1)+k)*b.S + s }

// refreshPolicy recomputes what depends on the controls x only:
// restrictions (R1, R2), the market split σ (B1) and the superpowers'
// effective inputs (R3). Purchases are then recomputed for every slot.
func (b *Model) refreshPolicy() {
	S, p := b.S, &b.par
	for i := range b.N {
		for k := 0; k <= S; k++ {
			deal := k - 1
			h := 0.0
			for s := range S {
				v := 0.0 // waiver, compounding (R1)
				if b.ally[i*S+s] {
					v = b.allyW[s]
				}
				if deal == s {
					v = 1 - (1-v)*(1-b.dealW[s])
				}
				pen := 0.0
				if deal >= 0 && deal != s {
					pen = p.rivalPen
				}
				base := 1 - (1-b.x[s])*(1-b.modelR[s])
				b.restr[b.rIdx(i, k, s)] = clamp01(base*(1-v) + pen)
				h += b.ch[s] * clamp01(b.x[s]*(1-v)+pen) // R2: weighted by chip supply
			}
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

// refreshSplit recomputes the market split σ (B1) from the affinities and
// the restrictions; nothing else depends on the affinities.
func (b *Model) refreshSplit() {
	S, p := b.S, &b.par
	for i := range b.N {
		for k := 0; k <= S; k++ {
			deal := k - 1
			den := p.sov
			for s := range S {
				den += b.aff[i*S+s] * (1 - b.restr[b.rIdx(i, k, s)])
			}
			for s := range S {
				sg := 0.0
				switch {
				case deal >= 0:
					if deal == s {
						sg = 1
					}
				case den > 0:
					sg = b.aff[i*S+s] * (1 - b.restr[b.rIdx(i, k, s)]) / den
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
// reinvestment (M9): the superpowers' effective inputs now; a slot's
// purchases are re-chosen when any endowment share moved by more than
// purchaseTol of itself since they were chosen (P3), otherwise its
// inputs are recomputed at the purchases held, at the next refresh.
func (b *Model) endowmentsMoved() {
	b.refreshSupers()
	for i := range b.N {
		e := &b.e[i]
		for k := 0; k <= b.S; k++ {
			sl := &b.sl[i*(b.S+1)+k]
			if !sl.ok {
				continue
			}
			sl.stale = true
			for f := range nf {
				if math.Abs(e[f]-sl.eQ[f]) > purchaseTol*sl.eQ[f] {
					sl.ok = false
					break
				}
			}
		}
	}
	b.version++
}

// openLevel is O, the open-weight level: a share o of the best frontier
// L rounds ago.
func (b *Model) openLevel() float64 { return b.par.open * b.maxF[0] }

// refreshInputs brings every slot's import level up to date with the
// start-of-round frontiers and re-optimises purchases where the import
// level or the policy changed. Unchanged slots keep their inputs bit for
// bit, so the production caches stay valid in a steady state.
func (b *Model) refreshInputs() {
	if !b.policyOK {
		b.refreshPolicy()
	}
	S, p := b.S, &b.par
	o := b.openLevel()
	changed := false
	for i := range b.N {
		cur := b.kind(b.act[i])
		for k := 0; k <= S; k++ {
			imp := o
			for s := range S {
				if v := p.omega * b.F[s] * (1 - b.restr[b.rIdx(i, k, s)]); v > imp {
					imp = v
				}
			}
			sl := &b.sl[i*(S+1)+k]
			sl.imp = imp
			switch {
			case sl.due():
				b.choose(i, k, sl)
			case sl.stale:
				b.chosen(i, k, sl, sl.q)
			default:
				continue
			}
			// Every slot is kept up to date now, whether or not a decision
			// reads it, so that what a slot holds never depends on when it
			// was read (Payoff is pure). The committed profile's outputs
			// change only with a member's pooled inputs or a partner's
			// supply; a loner's no-deal slot and the deals not held enter
			// only the outputs of the nation's toggles.
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

// due reports whether the slot's purchases must be re-chosen: the policy
// changed, or the import level has moved by more than purchaseTol of
// itself since they were chosen (P3).
func (sl *slot) due() bool {
	return !sl.ok || math.Abs(sl.imp-sl.impQ) > purchaseTol*sl.impQ
}

// choose re-chooses slot k's purchases at its current import level.

func (b *Model) choose(i, k int, sl *slot) {
	if k > 0 && !sl.ok && sl.q == [3]float64{} {
		// a deal's first choice starts from the no-deal purchases: the
		// same nation, mostly the same prices of access
		sl.q = b.sl[i*(b.S+1)].q
	}
	sl.impQ = sl.imp
	sl.eQ = b.e[i]
	b.purchase(i, k, sl)
	sl.ok = true
}

// slotOf returns nation i's inputs under action a. refreshInputs keeps
// every slot up to date.
func (b *Model) slotOf(i, a int) *slot {
	return &b.sl[i*(b.S+1)+b.kind(a)]
}

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
func (b *Model) purchase(i, k int, sl *slot) {
	p := &b.par
	var hi [3]float64
	anyTrade := false
	for j := range 3 {
		hi[j] = p.depth[j] * b.m[i]
		anyTrade = anyTrade || hi[j] > 0
	}
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
	val, ok := pe.eval(&q)
	var g [3]float64
	var h [3][3]float64
	if ok {
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
	b.chosen(i, k, sl, q)
	if b.prod.Gamma > 1 { // the value may not be concave: compare the corners
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
			b.chosen(i, k, sl, best)
		}
	}
}

// chosen sets slot k's inputs, output and capacity at purchases q, and
// for the no-deal slot its output at γ = 1: the slot is current.
func (b *Model) chosen(i, k int, sl *slot, q [3]float64) {
	b.setInputs(i, k, sl, q)
	sl.stale = false
	sl.acap = b.capacity(sl.x[agents.Compute])
	sl.y1 = 0
	if k == 0 {
		sl.y, sl.y1 = b.prod.YPair(&sl.x, b.prod1.Gamma)
	} else {
		sl.y = b.prod.Y(&sl.x)
	}
}

// purchaseTol is how far (relative) the import level may move before a
// nation re-chooses its purchases. Between re-choices it keeps them; by
// the envelope theorem that costs it a second-order amount, at most about
// purchaseTol² of its valuation (1e-8 here), while frontiers relaxing
// after a deal would otherwise make every nation re-optimise every round.
const purchaseTol = 1e-3

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
