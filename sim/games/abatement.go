package games

import (
	"fmt"
	"math"
)

// Abatement is the linear-benefit quadratic-cost coalition game of
// international environmental agreements (Carraro & Siniscalco 1993;
// Finus 2001). Player i abates q_i at cost c_i·q_i²/2 and gains b_i per
// unit of total abatement Q = Σ_j q_j:
//
//	π_i = b_i·Q − c_i·q_i²/2.
//
// A non-member's dominant strategy is q_i = b_i/c_i; members maximise
// their joint payoff, so each abates q_i = B_S/c_i with B_S = Σ_{j∈S} b_j.
// A coalition of one is the same as no coalition.
type Abatement struct {
	B, C  []float64
	base  float64   // Σ_j b_j/c_j: total abatement with no coalition
	inv   []float64 // 1/c_i
	bOver []float64 // b_i/c_i
}

// NewAbatement returns the game with benefits b and cost slopes c (one of
// each per player, b ≥ 0, c > 0, at most 64 players).
func NewAbatement(b, c []float64) (*Abatement, error) {
	n := len(b)
	if n != len(c) {
		return nil, fmt.Errorf("games: %d benefits but %d costs", len(b), len(c))
	}
	if n < 2 || n > 64 {
		return nil, fmt.Errorf("games: the asymmetric abatement game needs 2 to 64 players, not %d", n)
	}
	g := &Abatement{B: append([]float64(nil), b...), C: append([]float64(nil), c...),
		inv: make([]float64, n), bOver: make([]float64, n)}
	for i := range n {
		if !(b[i] >= 0) || math.IsInf(b[i], 0) || !(c[i] > 0) || math.IsInf(c[i], 0) {
			return nil, fmt.Errorf("games: player %d: benefit %v must be ≥ 0 and cost %v > 0 (finite)", i, b[i], c[i])
		}
		g.inv[i] = 1 / c[i]
		g.bOver[i] = b[i] / c[i]
		g.base += g.bOver[i]
	}
	return g, nil
}

// Players implements Coalitional.
func (g *Abatement) Players() int { return len(g.B) }

// Abatements fills q with every player's abatement for coalition s and
// returns Q.
func (g *Abatement) Abatements(s uint64, q []float64) float64 {
	bs := 0.0
	for i, b := range g.B {
		if s&(1<<uint(i)) != 0 {
			bs += b
		}
	}
	tot := 0.0
	for i := range g.B {
		if s&(1<<uint(i)) != 0 {
			q[i] = bs * g.inv[i]
		} else {
			q[i] = g.bOver[i]
		}
		tot += q[i]
	}
	return tot
}

// Payoff implements Coalitional, straight from the definition.
func (g *Abatement) Payoff(s uint64, i int) float64 {
	var buf [64]float64
	q := buf[:len(g.B)]
	tot := g.Abatements(s, q)
	return g.B[i]*tot - g.C[i]*q[i]*q[i]/2
}

// Compare implements Comparer in O(n) from three coalition sums:
// B_S = Σ_S b_j, H_S = Σ_S 1/c_j and F_S = Σ_{j∉S} b_j/c_j, with
// Q = B_S·H_S + F_S.
func (g *Abatement) Compare(s uint64, in, out []float64) {
	var bs, hs, fs float64
	for i, b := range g.B {
		if s&(1<<uint(i)) != 0 {
			bs += b
			hs += g.inv[i]
		} else {
			fs += g.bOver[i]
		}
	}
	for i, b := range g.B {
		c := g.C[i]
		if s&(1<<uint(i)) != 0 {
			qi := bs * g.inv[i]
			in[i] = b*(bs*hs+fs) - c*qi*qi/2
			b2, h2 := bs-b, hs-g.inv[i]
			qo := g.bOver[i]
			out[i] = b*(b2*h2+fs+qo) - c*qo*qo/2
		} else {
			qo := g.bOver[i]
			out[i] = b*(bs*hs+fs) - c*qo*qo/2
			b2, h2 := bs+b, hs+g.inv[i]
			qi := b2 * g.inv[i]
			in[i] = b*(b2*h2+fs-qo) - c*qi*qi/2
		}
	}
}

// LinearQuadratic is the symmetric abatement game with N players,
// benefit b and cost c: with k members,
//
//	member:     q = k·b/c,  π_s(k) = (b²/c)·(k²/2 + N − k),
//	non-member: q = b/c,    π_n(k) = (b²/c)·(k² + N − k − 1/2).
//
// So π_s(k) − π_n(k−1) = −(b²/c)(k−1)(k−3)/2: the coalition of 3 is
// internally stable with an exact tie, and the coalition of 2 externally
// stable with an exact tie (Carraro & Siniscalco 1993; Barrett 1994).
type LinearQuadratic struct {
	N    int
	B, C float64
}

// Players implements Symmetric.
func (g LinearQuadratic) Players() int { return g.N }

func (g LinearQuadratic) payoff(k int, q float64) float64 {
	kf := float64(k)
	tot := kf*kf*g.B/g.C + float64(g.N-k)*g.B/g.C
	return g.B*tot - g.C*q*q/2
}

// Member implements Symmetric.
func (g LinearQuadratic) Member(k int) float64 { return g.payoff(k, float64(k)*g.B/g.C) }

// NonMember implements Symmetric.
func (g LinearQuadratic) NonMember(k int) float64 { return g.payoff(k, g.B/g.C) }
