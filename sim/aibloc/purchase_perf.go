package aibloc

// This file is the inner loop of the purchase search (P3 of
// docs/model.md): the purchase value of one slot, and its gradient and
// Hessian in the three purchases, at trial purchases q. It computes the
// same numbers, bit for bit, as setInputs, capacity, CES.Hessian (or
// CES.Y where the Hessian does not exist) and purchaseValue would, but
//
//   - writes nothing to the slot (purchase sets the slot once, at the
//     purchases it chooses),
//   - computes the terms α_g·x_g^ρ of the factors purchases do not move
//     (talent, energy) once per search instead of once per trial, and
//   - computes the gradient and Hessian only at trial points the line
//     search accepts (derivs), not at the rejected ones.
//
// TestPurchaseEvalMatches checks it against the reference path.

import (
	"math"

	"github.com/minilateral/minilateral/agents"
)

// purchaseEval evaluates one slot's purchase value. Its fields are fixed
// for one search (set by init); the rest describe the last point eval
// was called at.
type purchaseEval struct {
	c    *CES
	w    float64    // the nation's annuity weight w_i
	dcm  float64    // d_c·m_i
	imp  float64    // the slot's import level
	cRun float64    // c_run
	pr   [3]float64 // prices π_f
	mult [3]float64 // ∂x_f/∂q_j (μ_j of P3)
	ce   float64    // e_c·(1 − ξ·h): the compute endowment left after controls
	omh  float64    // 1 − h
	feed float64    // φ in a deal, else 0 (and deal false)
	deal bool
	e    [nf]float64
	term [nf]float64 // α_g·x_g^ρ of the factors purchases do not move (0 where α_g = 0)
	tlog [nf]float64 // α_g·log x_g of the same, for ρ = 0
	fix  bool        // every unmoved factor of positive weight has a positive input

	// essential[j]: without purchase j the nation has none of factor j,
	// which has a positive weight, and ρ < 1, so the output's slope in
	// q_j is infinite at q_j = 0 (and with ρ ≤ 0 the output is zero there)
	essential [3]bool

	// the last point
	x     [nf]float64
	pw    [nf]float64 // x_g^ρ
	s     float64     // Σ α_g x_g^ρ (1 at ρ = 0)
	y     float64
	ok    bool    // the Hessian exists at x (as CES.Hessian's ok)
	scale float64 // w·Y + d_c·m_i·a(C)·ι + Σ π_f q_f: the size of the value's terms
}

// moved reports whether purchases move factor g's input.
func moved(g int) bool {
	return g == int(agents.Compute) || g == int(agents.Hardware) || g == int(agents.Capital)
}

// init prepares the evaluation of slot k of nation i.
func (pe *purchaseEval) init(b *Model, i, k int, sl *slot) {
	p := &b.par
	c := &b.prod
	pe.c = c
	pe.w, pe.dcm, pe.imp, pe.cRun, pe.pr = b.w[i], p.dc*b.m[i], sl.imp, p.cRun, p.price
	h := sl.h
	pe.mult = [3]float64{1 - h, 1 - h, 1}
	pe.deal, pe.feed = k > 0, 0
	if k > 0 {
		pe.mult[2] = 1 - p.feed
		pe.feed = p.feed
	}
	pe.e = b.e[i]
	pe.ce = pe.e[agents.Compute] * (1 - p.bite*h)
	pe.omh = 1 - h
	base := [3]float64{pe.ce, pe.e[agents.Hardware], pe.e[agents.Capital]}
	for j, f := range tradable {
		pe.essential[j] = base[j] <= 0 && c.Alpha[f] > 0 && c.Rho < 1
	}
	// the unmoved inputs, as setInputs computes them
	x := pe.e
	if pe.deal {
		x[agents.Talent] -= p.feed * x[agents.Talent]
	}
	pe.x = x
	pe.fix = true
	pe.term, pe.tlog = [nf]float64{}, [nf]float64{}
	for g, ag := range c.Alpha {
		if ag == 0 || moved(g) {
			continue
		}
		if x[g] <= 0 {
			if c.Rho <= 0 {
				pe.fix = false
			}
			continue
		}
		switch c.Rho {
		case 0:
			pe.tlog[g] = ag * math.Log(x[g])
		default:
			pe.pw[g] = cesPow(c.Rho, x[g])
			pe.term[g] = ag * pe.pw[g]
		}
	}
}

// cesPow is x^ρ as CES.Hessian computes it (x > 0, ρ ≠ 0).
func cesPow(rho, x float64) float64 {
	switch rho {
	case 1:
		return x
	case -0.5:
		return 1 / math.Sqrt(x)
	}
	return math.Exp(rho * math.Log(x))
}

// eval returns the purchase value at purchases q (purchaseValue after
// setInputs, capacity and CES.Hessian, or CES.Y where the Hessian does
// not exist) and whether the Hessian exists there.
func (pe *purchaseEval) eval(q *[3]float64) (val float64, ok bool) {
	cost, acap := pe.inputs(q)
	pe.ok = pe.fix && pe.cesY()
	y := pe.y
	if !pe.ok {
		y = pe.c.Y(&pe.x)
	}
	pe.scale = pe.w*y + pe.dcm*acap*pe.imp + cost
	return pe.w*y + pe.dcm*acap*pe.imp - cost, pe.ok
}

// inputs sets pe.x for purchases q as setInputs does (P2) and returns
// their cost and the capacity to use they give (A1, as capacity).
func (pe *purchaseEval) inputs(q *[3]float64) (cost, acap float64) {
	x := &pe.x
	x[agents.Compute] = pe.ce + q[0]*pe.omh
	x[agents.Hardware] = pe.e[agents.Hardware] + q[1]*pe.omh
	x[agents.Capital] = pe.e[agents.Capital] + q[2]
	if pe.deal {
		x[agents.Capital] -= pe.feed * x[agents.Capital]
	}
	cost = pe.pr[0]*q[0] + pe.pr[1]*q[1] + pe.pr[2]*q[2]
	if xc := x[agents.Compute]; xc > 0 {
		acap = 1
		if pe.cRun > 0 {
			acap = xc / (xc + pe.cRun)
		}
	}
	return cost, acap
}

// corner returns the purchase value at corner q as inputs and
// purchaseValue would compute it.
func (pe *purchaseEval) corner(q *[3]float64) float64 {
	cost, acap := pe.inputs(q)
	return pe.w*pe.c.Y(&pe.x) + pe.dcm*acap*pe.imp - cost
}

// cesY sets pe.pw, pe.s and pe.y at pe.x for the moved factors as
// CES.Hessian does, and reports whether the Hessian exists (pe.fix
// assumed).
func (pe *purchaseEval) cesY() bool {
	c := pe.c
	x := &pe.x
	s, lg := 0.0, 0.0
	for g, ag := range c.Alpha {
		if ag == 0 {
			continue
		}
		if !moved(g) {
			s += pe.term[g]
			lg += pe.tlog[g]
			continue
		}
		if x[g] <= 0 {
			if c.Rho <= 0 {
				return false
			}
			pe.pw[g] = 0
			continue
		}
		if c.Rho == 0 {
			lg += ag * math.Log(x[g])
			continue
		}
		pe.pw[g] = cesPow(c.Rho, x[g])
		s += ag * pe.pw[g]
	}
	var y float64
	switch {
	case c.Rho == 0:
		s = 1
		y = c.A * math.Exp(c.Gamma*lg)
	case c.Rho == 1:
		y = c.A * pow(s, c.Gamma)
	case !(s > 0) || math.IsInf(s, 1):
		return false
	default:
		if e := c.Gamma / c.Rho; e == -2 {
			y = c.A / (s * s)
		} else {
			y = c.A * math.Exp(e*math.Log(s))
		}
	}
	pe.s, pe.y = s, y
	if !(y > 0) {
		return false
	}
	if c.Rho < 1 {
		for _, f := range tradable {
			if c.Alpha[f] != 0 && x[f] <= 0 {
				return false
			}
		}
	}
	return true
}

// derivs returns the gradient and Hessian of the purchase value at the
// point eval was last called at, where it reported ok (purchaseDerivs).
func (pe *purchaseEval) derivs() (g [3]float64, h [3][3]float64) {
	c := pe.c
	x := &pe.x
	y, s := pe.y, pe.s
	var u, gy [3]float64
	for k, f := range tradable {
		a := c.Alpha[f]
		if a == 0 {
			continue
		}
		switch {
		case c.Rho == 0:
			u[k] = a / x[f]
		case x[f] <= 0: // ρ = 1: x^(ρ−1) = 1
			u[k] = a
		default:
			u[k] = a * pe.pw[f] / x[f]
		}
		gy[k] = c.Gamma * y * u[k] / s
	}
	for a := range 3 {
		g[a] = pe.w*gy[a]*pe.mult[a] - pe.pr[a]
	}
	for k, f := range tradable {
		for l := range 3 {
			hk := (c.Gamma - c.Rho) * u[k] * u[l] / s
			if k == l && u[k] != 0 && x[f] > 0 { // (ρ−1)·u/x is 0 at ρ = 1
				hk += (c.Rho - 1) * u[k] / x[f]
			}
			h[k][l] = pe.w * (c.Gamma * y / s * hk) * pe.mult[k] * pe.mult[l]
		}
	}
	if pe.cRun > 0 { // imports through capacity to use a(C) (A1)
		cc := x[agents.Compute]
		sc := cc + pe.cRun
		v := pe.dcm * pe.imp
		g[0] += v * pe.cRun * pe.mult[0] / (sc * sc)
		h[0][0] -= 2 * v * pe.cRun * pe.mult[0] * pe.mult[0] / (sc * sc * sc)
	}
	return g, h
}

// clampBox is math.Min(hi, math.Max(0, v)) for hi ≥ 0 (NaN kept, −0
// made +0) without the calls.
func clampBox(v, hi float64) float64 {
	switch {
	case v != v:
		return v
	case !(v > 0):
		return 0
	case v > hi:
		return hi
	}
	return v
}
