package sim

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/minilateral/minilateral/agents"
)

// Model is the payoff part of the engine. The AI-bloc model is one
// implementation; the classic games are others. The engine owns the
// decision loop; a model owns its state, its payoffs and its settlement.
//
// Payoff, OneOff and Available must not draw random numbers nor change
// anything observable: the engine and observers call them freely.
type Model interface {
	// Players is the number of deciding players; Actions names the actions.
	Players() int
	Actions() []string
	// Join is the joining (bloc) action, or -1; Exclusion the rounds a
	// leaver is barred from it.
	Join() int
	Exclusion() int
	// Begin opens round t: environment and superpowers act. It may draw
	// from rng.
	Begin(t int, rng *rand.Rand)
	// Action is player i's current action; Realised its payoff last round.
	Action(i int) int
	Realised(i int) float64
	Available(i, a int) bool
	// Payoff is what i would get this round by taking a, every other
	// player's action held at its current value; OneOff is the part of it
	// paid only once.
	Payoff(i, a int) float64
	OneOff(i, a int) float64
	// Commit applies the players' choices (the model may refuse some, e.g.
	// entry by consensus) and settles the round: production, bargaining,
	// payoffs, stocks.
	Commit(t int, next []int)
}

// Coalitional is implemented by a model whose players can move jointly
// (M12 of docs/model.md). JointPayoff is what player i, a member of group,
// gets this round when every player in group takes action a, every other
// player's action held at its current value. Like Payoff it must not draw
// nor change anything observable. A model without it (the classic games)
// has no coalitional moves, and the engine refuses to run one with them.
type Coalitional interface {
	JointPayoff(group []int, a, i int) float64
}

// Coalitions configures coalitional moves (M12): each round, with
// probability Rate, a group of 2..MaxSize players drawn uniformly
// considers a joint move to one common action, and all move if each gains.
type Coalitions struct {
	Rate    float64
	MaxSize int
}

// Decision is what an observer sees: one player's revision, with the
// payoff every alternative would have given. Slices are valid only during
// the call.
type Decision struct {
	Round, Player int
	From, To      int
	Payoffs       []float64
	Available     []bool
	// Group, for a coalitional move, holds the players who moved together
	// (Player among them) and Joint the payoff Player gets in the joint
	// move; Group is nil for an individual revision.
	Group []int
	Joint float64
}

// Engine runs rounds of a Model with per-player decision rules.
type Engine struct {
	Model        Model
	Rules        []agents.Rule
	Rand         *rand.Rand
	Continuation float64 // probability of another round; 1 means fixed rounds
	// Observer, if set, is called for every revising player. It costs
	// nothing when nil and never touches the random stream.
	Observer func(*Decision)
	// Coalitions, when its Rate is positive, adds coalitional moves; the
	// model must then implement Coalitional (Step panics otherwise; sim.New
	// and NewGame check it).
	Coalitions Coalitions

	round   int
	stopped bool
	nA      int
	pay     []float64 // players × actions
	avail   []bool
	oneoff  []float64
	next    []int
	revised []bool
	imitate []bool
	learnU  []bool // the rule's Learn reads the round's payoffs
	learns  []bool // the rule's Learn does anything
	choice  agents.Choice
	dec     Decision
	scale   float64
	// coalitional moves (scratch)
	perm, group, movers []int
	joined              []bool
}

// Scaled is implemented by a model whose payoffs have a natural scale:
// decision rules compare payoffs within a tolerance relative to it.
type Scaled interface {
	PayoffScale() float64
}

// NewEngine prepares an engine; rules has one entry per player.
func NewEngine(m Model, rules []agents.Rule, rng *rand.Rand, continuation float64) *Engine {
	n, nA := m.Players(), len(m.Actions())
	if len(rules) != n {
		panic("sim: one rule per player needed")
	}
	e := &Engine{Model: m, Rules: rules, Rand: rng, Continuation: continuation, nA: nA,
		pay: make([]float64, n*nA), avail: make([]bool, n*nA), oneoff: make([]float64, n*nA),
		next: make([]int, n), revised: make([]bool, n), imitate: make([]bool, n), learnU: make([]bool, n), learns: make([]bool, n),
		perm: make([]int, n), group: make([]int, 0, n), movers: make([]int, 0, n), joined: make([]bool, n)}
	if sc, ok := m.(Scaled); ok {
		e.scale = sc.PayoffScale()
	}
	for i, r := range rules {
		_, e.imitate[i] = r.(*agents.Imitation)
		e.learnU[i], e.learns[i] = true, true
		if l, ok := r.(interface{ LearnsFromPayoffs() bool }); ok {
			e.learnU[i] = l.LearnsFromPayoffs()
		}
		if l, ok := r.(interface{ Learns() bool }); ok {
			e.learns[i] = l.Learns()
		}
	}
	return e
}

// payoffs fills player i's row of payoffs and one-off parts. The model's
// Payoff and OneOff are pure, so when in the round this happens does not
// matter, as long as it is before Commit.
func (e *Engine) payoffs(i int) {
	m, row := e.Model, i*e.nA
	for a := range e.nA {
		if e.avail[row+a] {
			e.pay[row+a] = m.Payoff(i, a)
			e.oneoff[row+a] = m.OneOff(i, a)
		} else {
			e.pay[row+a], e.oneoff[row+a] = 0, 0
		}
	}
}

// Round is the number of rounds played so far.
func (e *Engine) Round() int { return e.round }

// Stopped reports whether the random stopping rule has ended the game.
func (e *Engine) Stopped() bool { return e.stopped }

// Step plays one round. It returns false, doing nothing, once the game has
// stopped. Random numbers are drawn in a fixed order: the model's Begin,
// then, with coalitional moves on, the coalition draws (see coalition),
// then for each player in index order that did not move jointly its
// revision draw, its peer draw (imitation only) and its choice draws,
// then the continuation draw.
//
// A player's payoffs are computed only when something reads them: when it
// revises (or must, its action being unavailable), and before Commit for
// a rule whose Learn reads them (an optional LearnsFromPayoffs method; see agents). This
// changes no result: payoffs are pure functions of the round's state.
func (e *Engine) Step() bool {
	if e.stopped {
		return false
	}
	t := e.round
	m := e.Model
	m.Begin(t, e.Rand)
	n, nA := len(e.next), e.nA
	join, excl := m.Join(), m.Exclusion()
	for i := range n {
		row := i * nA
		for a := range nA {
			e.avail[row+a] = m.Available(i, a)
		}
	}
	c := &e.choice
	clear(e.joined)
	if e.Coalitions.Rate > 0 {
		e.coalition(t)
	}
	for i := range n {
		if e.joined[i] {
			continue
		}
		row := i * nA
		cur := m.Action(i)
		e.next[i] = cur
		e.revised[i] = false
		if !e.Rules[i].Revises(e.Rand) && e.avail[row+cur] {
			if e.learnU[i] {
				e.payoffs(i)
			}
			continue
		}
		e.fill(c, i, cur, join, excl)
		e.payoffs(i)
		if e.imitate[i] && n > 1 {
			p := e.Rand.IntN(n - 1)
			if p >= i {
				p++
			}
			c.Peer = m.Action(p)
			c.PeerGain = m.Realised(p) - c.Own
		}
		e.next[i] = e.Rules[i].Choose(c, e.Rand)
		e.revised[i] = true
		if e.Observer != nil {
			e.dec = Decision{Round: t, Player: i, From: cur, To: e.next[i],
				Payoffs: e.pay[row : row+nA], Available: e.avail[row : row+nA]}
			e.Observer(&e.dec)
		}
	}
	m.Commit(t, e.next)
	for i := range n {
		if !e.learns[i] {
			continue // its Learn does nothing
		}
		e.fill(c, i, e.next[i], join, excl)
		e.Rules[i].Learn(m.Action(i), m.Realised(i), c)
	}
	e.round++
	if e.Continuation < 1 && e.Rand.Float64() >= e.Continuation {
		e.stopped = true
	}
	return true
}

func (e *Engine) fill(c *agents.Choice, i, cur, join, excl int) {
	row := i * e.nA
	*c = agents.Choice{Current: cur, Payoffs: e.pay[row : row+e.nA], Avail: e.avail[row : row+e.nA],
		OneOff: e.oneoff[row : row+e.nA], Join: join, Exclude: excl, Own: e.Model.Realised(i), Peer: -1, Scale: e.scale}
}

// coalition runs one round's coalitional move (M12, J1–J2). It draws one
// uniform (is a move considered, with probability Rate); then the group's
// size g, uniform on 2..min(MaxSize, n) (one IntN), and its members (g
// IntN draws of a partial Fisher–Yates shuffle). Every common action a is
// then considered in index order: the movers are the group's players not
// at a; a is feasible when it is available to all of them, at least two
// move, and each mover's joint payoff exceeds its current payoff beyond
// the tie tolerance. Of the feasible actions the one with the largest
// smallest gain is taken (the first on ties); its movers take it and make
// no individual revision this round. Nothing else is drawn.
func (e *Engine) coalition(t int) {
	m := e.Model
	n, nA := len(e.next), e.nA
	if e.Rand.Float64() >= e.Coalitions.Rate {
		return
	}
	gmax := min(e.Coalitions.MaxSize, n)
	if gmax < 2 {
		return
	}
	cm, ok := m.(Coalitional)
	if !ok {
		panic("sim: coalitional moves need a model that implements Coalitional")
	}
	size := 2 + e.Rand.IntN(gmax-1)
	for k := range e.perm {
		e.perm[k] = k
	}
	for k := range size {
		j := k + e.Rand.IntN(n-k)
		e.perm[k], e.perm[j] = e.perm[j], e.perm[k]
	}
	e.group = append(e.group[:0], e.perm[:size]...)
	slices.Sort(e.group)
	for _, i := range e.group {
		e.payoffs(i)
	}
	best, bestGain := -1, 0.0
	for a := range nA {
		e.movers = e.movers[:0]
		feasible := true
		for _, i := range e.group {
			if m.Action(i) == a {
				continue
			}
			if !e.avail[i*nA+a] {
				feasible = false
				break
			}
			e.movers = append(e.movers, i)
		}
		if !feasible || len(e.movers) < 2 {
			continue
		}
		least := math.Inf(1)
		for _, i := range e.movers {
			u := e.pay[i*nA+m.Action(i)]
			g := cm.JointPayoff(e.movers, a, i) - u
			if !(g > agents.Tol*math.Max(e.scale, math.Abs(u))) {
				least = math.Inf(-1)
				break
			}
			least = min(least, g)
		}
		if least > bestGain {
			best, bestGain = a, least
		}
	}
	if best < 0 {
		return
	}
	e.movers = e.movers[:0]
	for _, i := range e.group {
		if m.Action(i) != best {
			e.movers = append(e.movers, i)
		}
	}
	for _, i := range e.movers {
		cur := m.Action(i)
		e.next[i], e.revised[i], e.joined[i] = best, true, true
		if e.Observer != nil {
			row := i * nA
			e.dec = Decision{Round: t, Player: i, From: cur, To: best,
				Payoffs: e.pay[row : row+nA], Available: e.avail[row : row+nA],
				Group: e.movers, Joint: cm.JointPayoff(e.movers, best, i)}
			e.Observer(&e.dec)
		}
	}
}
