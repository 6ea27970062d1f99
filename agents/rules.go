package agents

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Factor indexes the inputs of production. Endowments are world shares.
type Factor int

// The five factors, in the order every endowment array uses.
const (
	Talent Factor = iota
	Compute
	Capital
	Hardware
	Energy
	NumFactors
)

// FactorNames lists the factor keys used in scenario files, in Factor order.
var FactorNames = [NumFactors]string{"talent", "compute", "capital", "hardware", "energy"}

// Tie selects how best response breaks exact (within Tol) ties.
type Tie int

// Tie rules.
const (
	TieStay    Tie = iota // keep the current action if it is among the best, else the lowest index
	TieJoin               // prefer the joining action (Choice.Join) if among the best, else as TieStay
	TieOutside            // prefer any action other than Choice.Join, else as TieStay
	TieRandom             // uniform among the best (draws one number)
)

// TieNames maps scenario names to tie rules.
var TieNames = map[string]Tie{"stay": TieStay, "join": TieJoin, "outside": TieOutside, "random": TieRandom}

// Tol is the tolerance within which two payoffs count as equal.
const Tol = 1e-9

// Choice is what a rule sees when it decides. Slices have one entry per
// action and are owned by the engine: rules must not keep them.
type Choice struct {
	Current  int       // the action held now
	Payoffs  []float64 // payoff of each action, others' actions held fixed
	Avail    []bool    // whether each action may be taken this round
	OneOff   []float64 // part of Payoffs paid only once (e.g. a sign-on offer)
	Join     int       // the joining action (the bloc), or -1 if the model has none
	Exclude  int       // rounds a player leaving Join is barred from it (0: none)
	Own      float64   // own realised payoff last round
	Peer     int       // a peer's current action, drawn by the engine (-1: none)
	PeerGain float64   // the peer's realised payoff last round minus Own
	Scale    float64   // payoff scale ties are relative to (0: 1); see Tied
}

// Tied reports whether v is within the tie tolerance of the best value m:
// v ≥ m − Tol·max(scale, |m|), with scale the model's payoff scale (1 if
// the model gives none). A scale that moves with the numéraire keeps
// ties the same in any unit.
func (c *Choice) Tied(v, m float64) bool {
	s := c.Scale
	if s <= 0 {
		s = 1
	}
	return v >= m-Tol*math.Max(s, math.Abs(m))
}

// Rule is a decision rule. Implementations hold per-player learning state.
type Rule interface {
	// Name is the rule's scenario name.
	Name() string
	// Revises reports whether the player revises this round; it draws at
	// most one number from rng.
	Revises(rng *rand.Rand) bool
	// Choose returns the action to take. It may draw from rng.
	Choose(c *Choice, rng *rand.Rand) int
	// Learn is told the action taken, its realised payoff and the
	// payoffs every action would have given this round.
	Learn(taken int, realised float64, c *Choice)
}

// Params are the parameters of every rule family; each rule reads its own.
type Params struct {
	Rule       string  // rule name
	Revision   float64 // q: probability of revising in a round, (0,1]
	Tie        string  // best response tie rule
	Lambda     float64 // logit rationality λ ≥ 0
	Forgetting float64 // Roth–Erev forgetting φ in [0,1]
	Experiment float64 // Roth–Erev experimentation ε in [0,1)
	Initial    float64 // Roth–Erev initial propensity > 0
	Beta       float64 // Fermi imitation intensity β ≥ 0
	Discount   float64 // forward-looking discount factor δ in [0,1)
}

// RuleNames lists the rules in a fixed order.
var RuleNames = []string{"best-response", "logit", "roth-erev", "imitation", "forward-looking"}

// New returns a fresh rule for a player with nActions actions.
func New(p Params, nActions int) (Rule, error) {
	if nActions < 1 {
		panic("agents: New needs at least one action")
	}
	if !(p.Revision > 0 && p.Revision <= 1) {
		return nil, fmt.Errorf("agents: revision probability %v outside (0,1]", p.Revision)
	}
	base := revision{q: p.Revision}
	switch p.Rule {
	case "best-response":
		t, ok := TieNames[p.Tie]
		if !ok {
			return nil, fmt.Errorf("agents: unknown tie rule %q (want stay, join, outside or random)", p.Tie)
		}
		return &BestResponse{revision: base, Tie: t}, nil
	case "logit":
		if p.Lambda < 0 || math.IsNaN(p.Lambda) {
			return nil, fmt.Errorf("agents: logit lambda %v < 0", p.Lambda)
		}
		return &Logit{revision: base, Lambda: p.Lambda, prob: make([]float64, nActions)}, nil
	case "roth-erev":
		if p.Forgetting < 0 || p.Forgetting > 1 || p.Experiment < 0 || p.Experiment >= 1 || !(p.Initial > 0) {
			return nil, fmt.Errorf("agents: roth-erev needs forgetting in [0,1], experimentation in [0,1), initial propensity > 0")
		}
		q := make([]float64, nActions)
		for i := range q {
			q[i] = p.Initial
		}
		return &RothErev{revision: base, Forgetting: p.Forgetting, Experiment: p.Experiment, Propensity: q}, nil
	case "imitation":
		if p.Beta < 0 || math.IsNaN(p.Beta) {
			return nil, fmt.Errorf("agents: imitation beta %v < 0", p.Beta)
		}
		return &Imitation{revision: base, Beta: p.Beta}, nil
	case "forward-looking":
		if p.Discount < 0 || p.Discount >= 1 {
			return nil, fmt.Errorf("agents: discount factor %v outside [0,1)", p.Discount)
		}
		return &ForwardLooking{revision: base, Discount: p.Discount}, nil
	}
	return nil, fmt.Errorf("agents: unknown decision rule %q (want one of %v)", p.Rule, RuleNames)
}

type revision struct{ q float64 }

// Revises draws one uniform number unless q = 1, in which case it draws none.
func (r revision) Revises(rng *rand.Rand) bool {
	if r.q >= 1 {
		return true
	}
	return rng.Float64() < r.q
}

func (revision) Learn(int, float64, *Choice) {}

// LearnsFromPayoffs reports whether Learn reads the Choice's payoffs. A
// rule whose Learn does not (every rule here but Roth–Erev) lets the engine
// skip computing the payoffs of a player that does not revise. Rules that
// do not implement it are assumed to read them.
func (revision) LearnsFromPayoffs() bool { return false }

// Learns reports whether Learn does anything at all. A rule whose Learn is
// a no-op (every rule here but Roth–Erev) lets the engine skip preparing
// its Choice after each round. Rules that do not implement it are assumed
// to learn.
func (revision) Learns() bool { return false }

// best returns the index of the best available value under tie rule t.
// values may be payoffs or any other score.
func best(values []float64, c *Choice, t Tie, rng *rand.Rand) int {
	m := math.Inf(-1)
	for a, v := range values {
		if c.Avail[a] && v > m {
			m = v
		}
	}
	tied := func(a int) bool { return c.Avail[a] && c.Tied(values[a], m) }
	switch t {
	case TieJoin:
		if c.Join >= 0 && tied(c.Join) {
			return c.Join
		}
	case TieOutside:
		if tied(c.Current) && c.Current != c.Join {
			return c.Current
		}
		for a := range values {
			if a != c.Join && tied(a) {
				return a
			}
		}
	case TieRandom:
		n := 0
		for a := range values {
			if tied(a) {
				n++
			}
		}
		k := rng.IntN(n)
		for a := range values {
			if tied(a) {
				if k == 0 {
					return a
				}
				k--
			}
		}
	}
	if c.Current >= 0 && c.Current < len(values) && tied(c.Current) {
		return c.Current
	}
	for a := range values {
		if tied(a) {
			return a
		}
	}
	panic("agents: no available action")
}

// BestResponse is asynchronous myopic best response.
type BestResponse struct {
	revision
	Tie Tie
}

// Name implements Rule.
func (*BestResponse) Name() string { return "best-response" }

// Choose implements Rule.
func (r *BestResponse) Choose(c *Choice, rng *rand.Rand) int { return best(c.Payoffs, c, r.Tie, rng) }

// Logit is quantal response: P(a) = exp(λu_a)/Σ_b exp(λu_b) over available actions.
type Logit struct {
	revision
	Lambda float64
	prob   []float64
}

// Name implements Rule.
func (*Logit) Name() string { return "logit" }

// Probabilities fills p with the logit choice probabilities for c. It is
// computed with the maximum payoff subtracted, so it never overflows.
func Probabilities(p []float64, c *Choice, lambda float64) {
	m := math.Inf(-1)
	for a, u := range c.Payoffs {
		if c.Avail[a] && u > m {
			m = u
		}
	}
	sum := 0.0
	for a, u := range c.Payoffs {
		p[a] = 0
		if c.Avail[a] {
			p[a] = math.Exp(lambda * (u - m))
			sum += p[a]
		}
	}
	for a := range p {
		p[a] /= sum
	}
}

// Choose implements Rule; it draws one number.
func (r *Logit) Choose(c *Choice, rng *rand.Rand) int {
	Probabilities(r.prob, c, r.Lambda)
	return draw(r.prob, c, rng.Float64())
}

// draw picks an action by inverse CDF from u in [0,1).
func draw(p []float64, c *Choice, u float64) int {
	last := -1
	for a, pa := range p {
		if !c.Avail[a] || pa <= 0 {
			continue
		}
		last = a
		if u < pa {
			return a
		}
		u -= pa
	}
	if last < 0 {
		panic("agents: no available action")
	}
	return last
}

// RothErev is the three-parameter reinforcement rule of Erev & Roth (1998):
//
//	q_a ← (1−φ)·q_a + R·(1−ε)       for the action taken,
//	q_a ← (1−φ)·q_a + R·ε/(n−1)     for every other action,
//
// with R = u − min_b u_b the realised payoff shifted by the worst
// alternative of the round, so R ≥ 0. Actions are drawn with probability
// q_a/Σq over available actions.
type RothErev struct {
	revision
	Forgetting, Experiment float64
	Propensity             []float64
}

// Name implements Rule.
func (*RothErev) Name() string { return "roth-erev" }

// Choose implements Rule; it draws one number.
func (r *RothErev) Choose(c *Choice, rng *rand.Rand) int {
	sum := 0.0
	for a, q := range r.Propensity {
		if c.Avail[a] {
			sum += q
		}
	}
	if !(sum > 0) {
		return best(c.Payoffs, c, TieStay, rng)
	}
	u := rng.Float64() * sum
	last := -1
	for a, q := range r.Propensity {
		if !c.Avail[a] {
			continue
		}
		last = a
		if u < q {
			return a
		}
		u -= q
	}
	return last
}

// LearnsFromPayoffs is true: Learn shifts by the round's worst payoff.
func (*RothErev) LearnsFromPayoffs() bool { return true }

// Learns is true: Roth–Erev updates its propensities.
func (*RothErev) Learns() bool { return true }

// Learn implements Rule.
func (r *RothErev) Learn(taken int, realised float64, c *Choice) {
	lo := realised
	for a, u := range c.Payoffs {
		if c.Avail[a] && u < lo {
			lo = u
		}
	}
	R := realised - lo
	n := len(r.Propensity)
	for a := range r.Propensity {
		r.Propensity[a] *= 1 - r.Forgetting
		switch {
		case a == taken:
			r.Propensity[a] += R * (1 - r.Experiment)
		case n > 1:
			r.Propensity[a] += R * r.Experiment / float64(n-1)
		}
	}
}

// Imitation is the Fermi rule: copy the peer's action with probability
// 1/(1+exp(−β·(u_peer − u_own))), using last round's realised payoffs.
type Imitation struct {
	revision
	Beta float64
}

// Name implements Rule.
func (*Imitation) Name() string { return "imitation" }

// Fermi is the imitation probability for payoff gain d at intensity beta.
func Fermi(beta, d float64) float64 {
	x := beta * d
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// Choose implements Rule; it draws one number when a peer is given.
func (r *Imitation) Choose(c *Choice, rng *rand.Rand) int {
	if c.Peer < 0 {
		return c.Current
	}
	copyIt := rng.Float64() < Fermi(r.Beta, c.PeerGain)
	if copyIt && c.Avail[c.Peer] {
		return c.Peer
	}
	if c.Avail[c.Current] {
		return c.Current
	}
	return best(c.Payoffs, c, TieStay, rng)
}

// ForwardLooking values each action as a discounted stream. For an action
// a with per-round payoff u_a of which o_a is paid once,
//
//	V(a) = o_a + (u_a − o_a)/(1−δ).
//
// A member that leaves the joining action is barred from it for P rounds,
// after which it may return:
//
//	V(a) = u_a + Σ_{t=1..P} δ^t·(u_a − o_a) + δ^{P+1}/(1−δ)·max(u_a − o_a, u_J).
//
// It chooses the highest V, ties kept by the stay rule.
type ForwardLooking struct {
	revision
	Discount float64
	v        []float64
}

// Name implements Rule.
func (*ForwardLooking) Name() string { return "forward-looking" }

// Values fills v with the discounted value of each action of c.
func (r *ForwardLooking) Values(v []float64, c *Choice) {
	d := r.Discount
	for a, u := range c.Payoffs {
		o := 0.0
		if c.OneOff != nil {
			o = c.OneOff[a]
		}
		leaving := c.Join >= 0 && c.Current == c.Join && a != c.Join && c.Exclude > 0
		if !leaving {
			v[a] = o + (u-o)/(1-d)
			continue
		}
		// Σ_{t=1..P} δ^t = δ(1−δ^P)/(1−δ)
		dp := math.Pow(d, float64(c.Exclude))
		v[a] = u + d*(1-dp)/(1-d)*(u-o) + d*dp/(1-d)*math.Max(u-o, c.Payoffs[c.Join])
	}
}

// Choose implements Rule.
func (r *ForwardLooking) Choose(c *Choice, rng *rand.Rand) int {
	if len(r.v) != len(c.Payoffs) {
		r.v = make([]float64, len(c.Payoffs))
	}
	r.Values(r.v, c)
	return best(r.v, c, TieStay, rng)
}
