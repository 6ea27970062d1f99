package aibloc

import "math"

// CES is the production function shared by every actor:
//
//	Y = A · [Σ_f α_f · x_f^ρ]^(γ/ρ)     (ρ ≠ 0)
//	Y = A · Π_f x_f^(γ·α_f)            (ρ = 0, the Cobb–Douglas limit)
//
// with weights α normalised to sum to one. With ρ < 0 a zero input whose
// weight is positive makes Y zero (the limit), never NaN or Inf; inputs
// with zero weight are ignored.
type CES struct {
	A, Rho, Gamma float64
	Alpha         [nf]float64 // normalised weights
}

const nf = 5

// NewCES normalises the weights. It panics if they do not sum to a
// positive number: scenarios validate that first.
func NewCES(a, rho, gamma float64, w [nf]float64) CES {
	sum := 0.0
	for _, v := range w {
		sum += v
	}
	if !(sum > 0) {
		panic("sim: CES weights must sum to a positive number")
	}
	c := CES{A: a, Rho: rho, Gamma: gamma}
	for f, v := range w {
		c.Alpha[f] = v / sum
	}
	return c
}

// Y returns output for inputs x (world shares, non-negative).
func (c *CES) Y(x *[nf]float64) float64 {
	s, st := c.inner(x)
	if st == sumOK && c.Rho != 0 && c.Rho != 1 && s > 0 { // outer's common case, inline
		return c.A * math.Exp(c.Gamma/c.Rho*math.Log(s))
	}
	return c.outer(x, s, st, c.Gamma)
}

// YPair returns Y(x) and, from the same inner sum, the output of the
// same inputs at returns to scale g: bit for bit what Y of a CES equal
// to c but for γ = g returns. The purchase search uses it for the
// no-deal slot's output at γ and at γ = 1.
func (c *CES) YPair(x *[nf]float64, g float64) (y, yg float64) {
	s, st := c.inner(x)
	return c.outer(x, s, st, c.Gamma), c.outer(x, s, st, g)
}

// The states of the inner sum.
const (
	sumOK   = iota
	sumZero // Y is zero: a factor of positive weight has no input (ρ ≤ 0)
	sumInf  // some x^ρ overflowed: compute Y by scaled
)

// inner returns Σ_f α_f·x_f^ρ (ρ ≠ 0) or Σ_f α_f·log x_f (ρ = 0) and its
// state.
func (c *CES) inner(x *[nf]float64) (s float64, st int) {
	switch {
	case c.Rho == 0:
		for f, a := range c.Alpha {
			if a == 0 {
				continue
			}
			if x[f] <= 0 {
				return 0, sumZero
			}
			s += a * math.Log(x[f])
		}
		return s, sumOK
	case c.Rho == 1:
		for f, a := range c.Alpha {
			s += a * x[f]
		}
		return s, sumOK
	case c.Rho == -0.5: // the default: x^−½ = 1/√x is several times cheaper than Pow
		for f, a := range c.Alpha {
			if a == 0 {
				continue
			}
			if x[f] <= 0 {
				return 0, sumZero
			}
			s += a / math.Sqrt(x[f])
		}
	default:
		for f, a := range c.Alpha {
			if a == 0 {
				continue
			}
			if x[f] <= 0 {
				if c.Rho < 0 {
					return 0, sumZero
				}
				continue
			}
			s += a * math.Exp(c.Rho*math.Log(x[f]))
		}
	}
	if math.IsInf(s, 1) {
		return s, sumInf
	}
	return s, sumOK
}

// cesTerm is α·x^ρ for x > 0 and ρ ≠ 0, bit for bit as inner adds it.
// The default ρ = −½ is handled inline (the hot loops call it for every
// factor); other ρ go through cesTermPow.
func cesTerm(rho, a, x float64) float64 {
	if rho == -0.5 {
		return a / math.Sqrt(x)
	}
	return cesTermPow(rho, a, x)
}

func cesTermPow(rho, a, x float64) float64 {
	if rho == 1 {
		return a * x
	}
	return a * math.Exp(rho*math.Log(x))
}

// outer returns the output at returns to scale g from inner's sum.
func (c *CES) outer(x *[nf]float64, s float64, st int, g float64) float64 {
	switch {
	case st == sumZero:
		return 0
	case c.Rho == 0:
		return c.A * math.Exp(g*s)
	case c.Rho == 1:
		return c.A * pow(s, g)
	case st == sumInf:
		// Some x^ρ overflowed (tiny x, very negative ρ): the output is
		// finite and about min x, so compute it scaled by that minimum.
		return c.scaled(x, g)
	case s <= 0:
		return 0
	}
	return c.A * math.Exp(g/c.Rho*math.Log(s))
}

// scaled is the ρ < 0 output at returns to scale g computed as
// A·m^g·[Σ α_f (x_f/m)^ρ]^(g/ρ) with m the smallest input of positive
// weight: every (x_f/m)^ρ lies in (0, 1], so nothing overflows however
// small the inputs. Y calls it only when the direct sum overflows, so
// ordinary results keep their bits.
func (c *CES) scaled(x *[nf]float64, g float64) float64 {
	m := math.Inf(1)
	for f, a := range c.Alpha {
		if a > 0 {
			m = math.Min(m, x[f])
		}
	}
	s := 0.0
	for f, a := range c.Alpha {
		if a > 0 {
			s += a * math.Exp(c.Rho*math.Log(x[f]/m))
		}
	}
	return c.A * math.Exp(g*(math.Log(m)+math.Log(s)/c.Rho))
}

// yOfSum is Y from the inner sum s = Σ α_f·x_f^ρ, or at ρ = 0 from
// lg = Σ α_f·log x_f (the sum is then 1, as Hessian's formulas read it).
// ok is false where the sum is not positive and finite (ρ ≠ 0, 1): the
// Hessian's formulas do not apply there.
func (c *CES) yOfSum(s, lg float64) (y, sum float64, ok bool) {
	switch {
	case c.Rho == 0:
		return c.A * math.Exp(c.Gamma*lg), 1, true
	case c.Rho == 1:
		return c.A * pow(s, c.Gamma), s, true
	case !(s > 0) || math.IsInf(s, 1):
		return 0, s, false
	}
	return c.A * math.Exp(c.Gamma/c.Rho*math.Log(s)), s, true
}

// Hessian returns Y, the gradient and the Hessian of Y in the factors fs
// at x (used by the purchase choice, P3). With u_f = α_f·x_f^(ρ−1) and
// S = Σ_g α_g·x_g^ρ:
//
//	∂Y/∂x_f       = γ·Y·u_f/S
//	∂²Y/∂x_f∂x_g  = γ·Y/S·[(γ−ρ)·u_f·u_g/S + [f = g]·(ρ−1)·u_f/x_f]
//
// (at ρ = 0, S = 1). ok is false where a factor in fs is zero with ρ < 1
// (an infinite slope) or Y is zero because another input is.
func (c *CES) Hessian(x *[nf]float64, fs *[3]int) (y float64, grad [3]float64, hess [3][3]float64, ok bool) {
	var u [3]float64
	s, lg := 0.0, 0.0
	var t [nf]float64 // α_g·x_g^ρ, as inner computes it (so y is Y's bits)
	for g, ag := range c.Alpha {
		if ag == 0 {
			continue
		}
		if x[g] <= 0 {
			if c.Rho <= 0 {
				return 0, grad, hess, false
			}
			continue
		}
		if c.Rho == 0 {
			lg += ag * math.Log(x[g])
			continue
		}
		t[g] = cesTerm(c.Rho, ag, x[g])
		s += t[g]
	}
	y, s, ok = c.yOfSum(s, lg)
	if !ok {
		return 0, grad, hess, false
	}
	if !(y > 0) {
		return y, grad, hess, false
	}
	for k, f := range fs {
		a := c.Alpha[f]
		if a == 0 {
			continue
		}
		if x[f] <= 0 && c.Rho < 1 {
			return y, grad, hess, false
		}
		switch c.Rho {
		case 0:
			u[k] = a / x[f]
		case 1: // x^(ρ−1) = 1
			u[k] = a
		default:
			u[k] = t[f] / x[f]
		}
		grad[k] = c.Gamma * y * u[k] / s
	}
	for k, f := range fs {
		for l := range fs {
			h := (c.Gamma - c.Rho) * u[k] * u[l] / s
			if k == l && u[k] != 0 && x[f] > 0 { // (ρ−1)·u/x is 0 at ρ = 1
				h += (c.Rho - 1) * u[k] / x[f]
			}
			hess[k][l] = c.Gamma * y / s * h
		}
	}
	return y, grad, hess, true
}
