package games

import "math/rand/v2"

// Membership actions.
const (
	Join = 0 // be a member (sign the agreement)
	Out  = 1 // stay outside
)

var membershipActions = []string{"join", "out"}

// Membership is the engine's payoff module (sim.Model) for a coalition
// game: each round every player chooses to be a member (Join) or not
// (Out), and is paid the game's payoff for the resulting coalition. It
// wraps either a Symmetric game (any number of players) or a Coalitional
// one (at most 64 players). Everyone starts outside.
type Membership struct {
	sym  Symmetric
	coal Coalitional
	n    int

	act      []int
	k        int    // members
	mask     uint64 // members, Coalitional games only
	realised []float64
}

// NewSymmetricMembership returns the module for a symmetric game.
func NewSymmetricMembership(g Symmetric) *Membership {
	m := &Membership{sym: g, n: g.Players()}
	m.init()
	return m
}

// NewMembership returns the module for a coalitional game.
func NewMembership(g Coalitional) *Membership {
	if g.Players() > 64 {
		panic("games: a coalitional game has at most 64 players")
	}
	m := &Membership{coal: g, n: g.Players()}
	m.init()
	return m
}

func (m *Membership) init() {
	m.act = make([]int, m.n)
	m.realised = make([]float64, m.n)
	for i := range m.act {
		m.act[i] = Out
	}
	m.settle()
}

// Set puts the players in members (by index) in the coalition and
// everyone else out, and recomputes realised payoffs. It is for setting
// a starting point before a run.
func (m *Membership) Set(members []int) {
	for i := range m.act {
		m.act[i] = Out
	}
	for _, i := range members {
		m.act[i] = Join
	}
	m.settle()
}

// Size is the current number of members.
func (m *Membership) Size() int { return m.k }

// Members returns the current coalition as a bit set (Coalitional games
// and symmetric games with at most 64 players).
func (m *Membership) Members() uint64 {
	var s uint64
	for i, a := range m.act {
		if a == Join && i < 64 {
			s |= 1 << uint(i)
		}
	}
	return s
}

func (m *Membership) settle() {
	m.k, m.mask = 0, 0
	for i, a := range m.act {
		if a == Join {
			m.k++
			if m.coal != nil {
				m.mask |= 1 << uint(i)
			}
		}
	}
	for i := range m.act {
		m.realised[i] = m.Payoff(i, m.act[i])
	}
}

// Players implements sim.Model.
func (m *Membership) Players() int { return m.n }

// Actions implements sim.Model.
func (m *Membership) Actions() []string { return membershipActions }

// Join implements sim.Model.
func (m *Membership) Join() int { return Join }

// Exclusion implements sim.Model: leavers are never barred.
func (m *Membership) Exclusion() int { return 0 }

// Begin implements sim.Model; nothing happens before the players decide.
func (m *Membership) Begin(int, *rand.Rand) {}

// Action implements sim.Model.
func (m *Membership) Action(i int) int { return m.act[i] }

// Realised implements sim.Model.
func (m *Membership) Realised(i int) float64 { return m.realised[i] }

// Available implements sim.Model.
func (m *Membership) Available(int, int) bool { return true }

// Payoff implements sim.Model: i's payoff if it takes a, everyone else's
// membership held fixed.
func (m *Membership) Payoff(i, a int) float64 {
	if m.sym != nil {
		k := m.k
		if m.act[i] == Join {
			k--
		}
		if a == Join {
			return m.sym.Member(k + 1)
		}
		return m.sym.NonMember(k)
	}
	b := uint64(1) << uint(i)
	if a == Join {
		return m.coal.Payoff(m.mask|b, i)
	}
	return m.coal.Payoff(m.mask&^b, i)
}

// OneOff implements sim.Model: nothing is paid once.
func (m *Membership) OneOff(int, int) float64 { return 0 }

// Commit implements sim.Model.
func (m *Membership) Commit(_ int, next []int) {
	copy(m.act, next)
	m.settle()
}
