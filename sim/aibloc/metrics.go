package aibloc

// This file implements what a round records (the metrics of
// docs/model.md §8): the bloc's bargaining, the superpowers' utilities,
// divergence, inequality and the pooling gain.

import "math"

// RoundMetrics is what one round records, beside per-nation values.
// Slices have one entry per superpower, in SIDs order.
type RoundMetrics struct {
	Round          int
	Year           float64 // rounds / rounds_per_year
	BlocSize       int
	KB             float64   // the reserve after the round
	Threat         []float64 // p_s the bloc faces s with (T3)
	Terms          []float64 // τ_s s pays the bloc (B3)
	MarketValue    []float64 // V_s of the bloc's market (B2)
	AltRatio       []float64 // z_s of the bloc (T2)
	TermsAlone     []float64 // Σ τ_s s pays nations bargaining for themselves
	Controls       []float64 // x_s
	Utility        []float64 // U_s (U1)
	Frontier       []float64 // F_s after the round
	Offers         []float64 // subsidies s paid this round
	BlocMarket     float64   // m_B
	PoolingGain    float64   // Y(Σ_B κx)/Σ_B Y(κx); 0 without members
	PoolingGainCRS float64   // the same at γ = 1: the complementarity part
	DivOwn         float64
	DivUsable      float64
	Theil          float64
	TheilBetween   float64 // the part of Theil between the superpowers and the middle powers
	TheilWithin    float64 // the part within the two groups
	Welfare        float64
	Churn          int // nations whose action changed this round
	Moved          int // nations that joined or left the bloc this round
	OpenWeight     float64
}

func newRoundMetrics(S int) RoundMetrics {
	f := func() []float64 { return make([]float64, S) }
	return RoundMetrics{Threat: f(), Terms: f(), MarketValue: f(), AltRatio: f(), TermsAlone: f(),
		Controls: f(), Utility: f(), Frontier: f(), Offers: f()}
}

// recordBargaining records the bloc's and the single bargainers' terms.
func (b *Model) recordBargaining(g *aggregate, o *outlook) {
	mt := &b.Metrics
	S := b.S
	for s := range S {
		mt.Threat[s], mt.Terms[s] = o.bloc.p[s], o.bloc.tau[s]
		mt.MarketValue[s], mt.AltRatio[s] = o.bloc.v[s], o.bloc.z[s]
		t := 0.0
		for i := range b.N {
			t += b.singleTau[i*S+s]
		}
		mt.TermsAlone[s] = t
	}
	mt.BlocMarket = g.mB
	if g.nB == 0 {
		mt.BlocMarket = 0
	}
}

// poolingGain is Y(Σ_B κx_i)/Σ_B Y(κx_i) and its γ = 1 part. By
// homogeneity Y(κx) = κ^γ·Y(x).
func (b *Model) poolingGain(g *aggregate) (gain, crs float64) {
	if g.nB == 0 {
		return 0, 0
	}
	p := &b.par
	sum, sum1 := 0.0, 0.0
	for i, a := range b.act {
		if a == 0 {
			sl := &b.sl[i*(b.S+1)]
			sum += sl.y
			sum1 += b.y1(sl)
		}
	}
	if sum > 0 {
		gain = b.cache.yB / (p.kappaG * sum)
	}
	if sum1 > 0 {
		crs = b.cache.yB1 / (p.kappa * sum1)
	}
	return gain, crs
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// MaxDivergence caps the divergence and alternative ratios when their
// denominator is zero (a degenerate world), so outputs stay finite.
const MaxDivergence = 1e12

func ratio(a, b float64) float64 {
	switch {
	case b <= 0 && a <= 0:
		return 1
	case b <= 0 || a/b > MaxDivergence:
		return MaxDivergence
	}
	return a / b
}

// theilAll is the Theil T index of the pooled values of a and b and its
// decomposition into the part between the two groups and the part within
// them, from one logarithm per value: with S_g = Σ_g x, L_g = Σ_g x·ln x
// and μ the pooled mean,
//
//	T = (L − S·ln μ)/S,  T_g = (L_g − S_g·ln μ_g)/S_g,
//	between = Σ_g (S_g/S)·ln(μ_g/μ),  within = Σ_g (S_g/S)·T_g.
func theilAll(a, b []float64) (t, between, within float64) {
	var sg, lg [2]float64
	for g, xs := range [2][]float64{a, b} {
		for _, v := range xs {
			if v > 0 {
				sg[g] += v
				lg[g] += v * math.Log(v)
			}
		}
	}
	S := sg[0] + sg[1]
	n := float64(len(a) + len(b))
	if !(S > 0) {
		return 0, 0, 0
	}
	lnMu := math.Log(S / n)
	t = (lg[0] + lg[1] - S*lnMu) / S
	for g, xs := range [2][]float64{a, b} {
		if !(sg[g] > 0) {
			continue
		}
		lnMuG := math.Log(sg[g] / float64(len(xs)))
		share := sg[g] / S
		between += share * (lnMuG - lnMu)
		within += share * (lg[g] - sg[g]*lnMuG) / sg[g]
	}
	return t, between, within
}
