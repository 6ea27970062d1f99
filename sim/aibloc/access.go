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
	w    float64     // contribution index Σ_f α_f·x_f (C2)
	ok   bool        // computed for the current policy and import level
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
			h, den := 0.0, p.sov
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
				r := clamp01(base*(1-v) + pen)
				b.restr[b.rIdx(i, k, s)] = r
				h += b.ch[s] * clamp01(b.x[s]*(1-v)+pen) // R2: weighted by chip supply
				den += b.aff[i*S+s] * (1 - r)
			}
			for s := range S { // B1
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
			sl := &b.sl[i*(S+1)+k]
			sl.h = clamp01(h)
			sl.ok = false
		}
	}
	for s := range S { // R3: a superpower's compute is cut by its rivals' controls
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
	b.policyOK = true
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
		for k := 0; k <= S; k++ {
			imp := o
			for s := range S {
				if v := p.omega * b.F[s] * (1 - b.restr[b.rIdx(i, k, s)]); v > imp {
					imp = v
				}
			}
			sl := &b.sl[i*(S+1)+k]
			if sl.ok && sl.imp == imp {
				continue
			}
			sl.imp = imp
			b.purchase(i, k, sl)
			sl.ok = true
			changed = true
		}
	}
	if changed {
		b.version++
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

// inputs fills sl's inputs for purchases q (P2, R2, M9's partner supply)
// and the output and capacity they give.
func (b *Model) inputs(i, k int, sl *slot, q [3]float64) {
	b.setInputs(i, k, sl, q)
	sl.y = b.prod.Y(&sl.x)
	sl.acap = b.capacity(sl.x[agents.Compute])
	sl.y1 = 0
	if k == 0 {
		sl.y1 = b.prod1.Y(&sl.x)
	}
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

// maxPasses bounds the coordinate passes of purchase.
const maxPasses = 12

// purchase chooses slot k's purchases to maximise purchaseValue within
// the depth limits λ_f·m_i (P1–P3): coordinate passes over compute,
// hardware and capital until no purchase moves by more than 1e-10 of its
// limit (at most maxPasses), each a safeguarded Newton search on the
// derivative. With γ ≤ 1 the objective is concave in each purchase, so
// the root (or the bound the slope points to) is the maximum; with γ > 1
// it may not be, and the search also compares the value at both bounds.
func (b *Model) purchase(i, k int, sl *slot) {
	p := &b.par
	var q [3]float64
	anyTrade := false
	for j := range 3 {
		anyTrade = anyTrade || (p.depth[j] > 0 && b.m[i] > 0)
	}
	if anyTrade {
		for range maxPasses {
			moved := false
			for j := range 3 {
				hi := p.depth[j] * b.m[i]
				if hi <= 0 {
					continue
				}
				v := b.lineSearch(i, k, sl, q, j, hi)
				moved = moved || math.Abs(v-q[j]) > 1e-10*hi
				q[j] = v
			}
			if !moved {
				break
			}
		}
	}
	b.inputs(i, k, sl, q)
}

// lineSearch maximises purchaseValue over q_j ∈ [0, hi], the other
// purchases fixed.
func (b *Model) lineSearch(i, k int, sl *slot, q [3]float64, j int, hi float64) float64 {
	slope := func(v float64) (g, g2 float64) {
		q[j] = v
		b.setInputs(i, k, sl, q)
		return b.purchaseSlope(i, k, sl, j)
	}
	if g, _ := slope(hi); g >= 0 {
		return b.bestOf(i, k, sl, q, j, hi)
	}
	if g, _ := slope(0); !(g > 0) {
		return b.bestOf(i, k, sl, q, j, 0)
	}
	lo, up, x := 0.0, hi, hi/2
	for range 60 {
		g, g2 := slope(x)
		if g > 0 {
			lo = x
		} else {
			up = x
		}
		nx := x - g/g2
		if !(g2 < 0) || !(nx > lo && nx < up) {
			nx = (lo + up) / 2
		}
		if nx == x || up-lo <= 1e-14*hi {
			break
		}
		x = nx
	}
	return b.bestOf(i, k, sl, q, j, x)
}

// bestOf returns x, or with γ > 1 whichever of x and the bounds of q_j
// gives the highest value.
func (b *Model) bestOf(i, k int, sl *slot, q [3]float64, j int, x float64) float64 {
	if b.prod.Gamma <= 1 {
		return x
	}
	hi := b.par.depth[j] * b.m[i]
	best, bestV := x, math.Inf(-1)
	for _, v := range [3]float64{x, 0, hi} {
		q[j] = v
		b.inputs(i, k, sl, q)
		if u := b.purchaseValue(i, sl); u > bestV {
			best, bestV = v, u
		}
	}
	return best
}

// purchaseSlope is the first and second derivative of purchaseValue in
// purchase j at the slot's current inputs.
func (b *Model) purchaseSlope(i, k int, sl *slot, j int) (g, g2 float64) {
	p := &b.par
	f := tradable[j]
	mult := 1.0
	switch {
	case f == agents.Compute || f == agents.Hardware:
		mult = 1 - sl.h
	case f == agents.Capital && k > 0:
		mult = 1 - p.feed
	}
	dy, d2y := b.prod.Partial(&sl.x, int(f))
	g = b.w[i]*dy*mult - p.price[j]
	g2 = b.w[i] * d2y * mult * mult
	if f == agents.Compute && p.cRun > 0 {
		c := sl.x[agents.Compute]
		s := c + p.cRun
		v := p.dc * b.m[i] * sl.imp
		g += v * p.cRun * mult / (s * s)
		g2 -= 2 * v * p.cRun * mult * mult / (s * s * s)
	}
	return g, g2
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
