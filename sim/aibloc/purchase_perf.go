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
	term [nf]float64 // α_g·x_g^ρ (the unmoved factors' fixed for the search; 0 where α_g = 0 or x_g = 0)
	tlog [nf]float64 // α_g·log x_g of the unmoved factors, for ρ = 0
	fix  bool        // every unmoved factor of positive weight has a positive input

	// essential[j]: without purchase j the nation has none of factor j,
	// which has a positive weight, and ρ < 1, so the output's slope in
	// q_j is infinite at q_j = 0 (and with ρ ≤ 0 the output is zero there)
	essential [3]bool

	// the last point
	x     [nf]float64
	s     float64 // Σ α_g x_g^ρ (1 at ρ = 0)
	lg    float64 // Σ α_g log x_g at ρ = 0
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
			pe.term[g] = cesTerm(c.Rho, ag, x[g])
		}
	}
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

// cesY sets pe.term, pe.s and pe.y at pe.x for the moved factors as
// CES.Hessian does (y is then CES.Y's bits), and reports whether the
// Hessian exists (pe.fix assumed).
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
			pe.term[g] = 0
			continue
		}
		if c.Rho == 0 {
			lg += ag * math.Log(x[g])
			continue
		}
		pe.term[g] = cesTerm(c.Rho, ag, x[g])
		s += pe.term[g]
	}
	y, s, ok := c.yOfSum(s, lg)
	if !ok {
		return false
	}
	pe.s, pe.lg, pe.y = s, lg, y
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

// valueDerivs is the gradient and Hessian of a slot's purchase value in
// its three purchases, split by the import level ι, which enters the
// value only through d_c·m_i·a(C)·ι (A1, A3):
//
//	g = gW + ι·gA·e₀,   H = hW + ι·hA·e₀e₀ᵀ
//
// so that when only the import level moves the derivatives at held
// purchases cost no evaluation of Y (P3).
type valueDerivs struct {
	gW     [3]float64
	hW     [3][3]float64
	gA, hA float64 // ∂a/∂q_c and ∂²a/∂q_c² times d_c·m_i
}

// at returns the gradient and Hessian at import level imp.
func (v *valueDerivs) at(imp float64) (g [3]float64, h [3][3]float64) {
	g, h = v.gW, v.hW
	g[0] += imp * v.gA
	h[0][0] += imp * v.hA
	return g, h
}

// derivs returns the gradient and Hessian of the purchase value at the
// point eval was last called at, where it reported ok.
func (pe *purchaseEval) derivs() (g [3]float64, h [3][3]float64) {
	v := pe.parts(true)
	return v.at(pe.imp)
}

// gA is valueDerivs.gA at the point eval was last called at.
func (pe *purchaseEval) gA() float64 {
	if pe.cRun <= 0 {
		return 0
	}
	return capSlope(pe.dcm, pe.cRun, pe.mult[0], pe.x[agents.Compute])
}

// capSlope is d_c·m_i·∂a/∂q_c per unit import level, a(C) = C/(C + c_run)
// (A1): dcm·c_run·μ_c/(C + c_run)² at effective compute xc.
func capSlope(dcm, cRun, mult, xc float64) float64 {
	sc := xc + cRun
	return dcm * cRun * mult / (sc * sc)
}

// parts returns the derivatives of the purchase value at the point eval
// was last called at, where it reported ok, split by the import level;
// the Hessian only if hess.
func (pe *purchaseEval) parts(hess bool) (v valueDerivs) {
	c := pe.c
	x := &pe.x
	y, s := pe.y, pe.s
	var u, gy [3]float64
	for k, f := range tradable {
		a := c.Alpha[f]
		if a == 0 {
			continue
		}
		switch c.Rho {
		case 0:
			u[k] = a / x[f]
		case 1: // x^(ρ−1) = 1
			u[k] = a
		default:
			u[k] = pe.term[f] / x[f]
		}
		gy[k] = c.Gamma * y * u[k] / s
	}
	for a := range 3 {
		v.gW[a] = pe.w*gy[a]*pe.mult[a] - pe.pr[a]
	}
	v.gA = pe.gA()
	if !hess {
		return v
	}
	for k, f := range tradable {
		for l := range 3 {
			hk := (c.Gamma - c.Rho) * u[k] * u[l] / s
			if k == l && u[k] != 0 && x[f] > 0 { // (ρ−1)·u/x is 0 at ρ = 1
				hk += (c.Rho - 1) * u[k] / x[f]
			}
			v.hW[k][l] = pe.w * (c.Gamma * y / s * hk) * pe.mult[k] * pe.mult[l]
		}
	}
	if pe.cRun > 0 { // imports through capacity to use a(C) (A1)
		sc := x[agents.Compute] + pe.cRun
		v.hA = -2 * pe.dcm * pe.cRun * pe.mult[0] * pe.mult[0] / (sc * sc * sc)
	}
	return v
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
