package games

import (
	"fmt"
	"math"
)

// Barrett is Barrett's (1994) coalition game with convex damages, in the
// emissions form used by Rubio & Ulph (2006) and Diamantoudi & Sartzetakis
// (2006). Each of N countries emits e_i ≥ 0 and
//
//	π_i = b·(a·e_i − e_i²/2) − (c/2)·E²,   E = Σ_j e_j,   γ = c/b.
//
// With k signatories (members) choosing a common e_s to maximise their
// joint payoff and N−k non-signatories best-responding,
//
//	non-signatory: e_n = a − γE (its reaction function)
//	Nash:          e_s = a − kγE (signatories take e_n as given)
//	Stackelberg:   e_s = a − kγφE, φ = 1/(1+γ(N−k)) = dE/dK (signatories
//	               lead, anticipating e_n(K) with K = k·e_s).
//
// Interior solves these first-order conditions as equations, so emissions
// may be negative (Barrett's numerical treatment); constrained imposes
// e ≥ 0 through the Kuhn–Tucker conditions (Rubio & Ulph 2006). A
// "coalition" of one is a single country acting by the signatories' rule:
// under Nash that is the same as no coalition; under Stackelberg it is a
// lone leader.
type Barrett struct {
	N           int
	A, B, C     float64
	Stackelberg bool // signatories lead (true) or play Nash (false)
	Constrained bool // emissions constrained to be non-negative (Kuhn–Tucker)
}

// Validate checks the parameters.
func (g Barrett) Validate() error {
	if g.N < 2 {
		return fmt.Errorf("games: Barrett's game needs at least 2 countries, not %d", g.N)
	}
	for _, p := range [...]struct {
		name string
		v    float64
	}{{"a", g.A}, {"b", g.B}, {"c", g.C}} {
		if !(p.v > 0) || math.IsInf(p.v, 0) {
			return fmt.Errorf("games: Barrett's parameter %s = %v must be a positive number", p.name, p.v)
		}
	}
	return nil
}

// Players implements Symmetric.
func (g Barrett) Players() int { return g.N }

// Equilibrium returns each signatory's and each non-signatory's emissions
// and the total when k countries have signed (0 ≤ k ≤ N).
func (g Barrett) Equilibrium(k int) (es, en, total float64) {
	a, gam := g.A, g.C/g.B
	n, kf := float64(g.N), float64(k)
	m := n - kf // non-signatories
	if !g.Stackelberg {
		// Nash: e_s = a − kγE, e_n = a − γE.
		total = n * a / (1 + gam*(kf*kf+m))
		es, en = a-kf*gam*total, a-gam*total
		if g.Constrained && es < 0 {
			// signatories at the corner e_s = 0; e_n = a − γE stays positive
			total = m * a / (1 + gam*m)
			es, en = 0, a-gam*total
		}
		return es, en, total
	}
	// Stackelberg: the non-signatories' reaction to K = k·e_s is
	// e_n(K) = (a − γK)/(1+γm) while positive, else 0.
	phi := 1 / (1 + gam*m)
	if !g.Constrained || k == 0 {
		es = a * (1 - kf*m*gam*phi*phi) / (1 + kf*kf*gam*phi*phi)
		if k == 0 {
			es = 0
		}
		en = (a - gam*kf*es) * phi
		return es, en, kf*es + m*en
	}
	// Kuhn–Tucker: maximise W(e) = k·b·(a·e − e²/2) − k·(c/2)·E(k·e)² on
	// e ∈ [0, a], where E(K) = φ(K + m·a) for K < a/γ and E = K beyond
	// (non-signatories at zero). W is concave on each piece; take the best
	// of the pieces' constrained maxima.
	w := func(e float64) float64 {
		K := kf * e
		E := K
		if gam*K < a {
			E = phi * (K + m*a)
		}
		return kf*g.B*(a*e-e*e/2) - kf*g.C/2*E*E
	}
	lim := math.Min(a, a/(gam*kf)) // piece 1: e ∈ [0, lim]
	// piece 1 stationary point: b(a − e) = c·k·φ²(k·e + m·a)
	e1 := (a - kf*gam*phi*phi*m*a) / (1 + kf*kf*gam*phi*phi)
	e1 = math.Min(math.Max(e1, 0), lim)
	best := e1
	if lim < a {
		// piece 2: E = k·e, stationary point b(a − e) = c·k²·e
		e2 := math.Min(math.Max(a/(1+gam*kf*kf), lim), a)
		if w(e2) > w(best) {
			best = e2
		}
	}
	es = best
	en = math.Max(0, (a-gam*kf*es)*phi)
	return es, en, kf*es + m*en
}

func (g Barrett) payoff(e, total float64) float64 {
	return g.B*(g.A*e-e*e/2) - g.C/2*total*total
}

// Member implements Symmetric.
func (g Barrett) Member(k int) float64 {
	es, _, total := g.Equilibrium(k)
	return g.payoff(es, total)
}

// NonMember implements Symmetric.
func (g Barrett) NonMember(k int) float64 {
	_, en, total := g.Equilibrium(k)
	return g.payoff(en, total)
}

// FullCooperation is each country's payoff when all N maximise their joint
// payoff; NoCooperation when none cooperates. Barrett's measure of the
// gain an agreement can bring is their difference.
func (g Barrett) FullCooperation() float64 { return g.Member(g.N) }

// NoCooperation is each country's payoff in the non-cooperative equilibrium.
func (g Barrett) NoCooperation() float64 { return g.NonMember(0) }

// MinEmission is the lowest emission of any country over coalition sizes
// 0..N under the interior solution: negative means the interior solution
// is infeasible somewhere, the case Rubio & Ulph (2006) discuss.
func (g Barrett) MinEmission() float64 {
	h := g
	h.Constrained = false
	lo := math.Inf(1)
	for k := 0; k <= g.N; k++ {
		es, en, _ := h.Equilibrium(k)
		if k > 0 {
			lo = math.Min(lo, es)
		}
		if k < g.N {
			lo = math.Min(lo, en)
		}
	}
	return lo
}
