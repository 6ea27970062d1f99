package games

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/minilateral/minilateral/agents"
)

// Prisoner's dilemma actions.
const (
	Cooperate = 0
	Defect    = 1
)

var pdActions = []string{"cooperate", "defect"}

// PD is the repeated prisoner's dilemma as an engine payoff module: two
// players, stage payoffs T (defect against cooperate), R (both cooperate),
// P (both defect) and S (cooperate against defect). The engine's random
// stopping rule (sim.Engine.Continuation = δ) ends the game after each
// round with probability 1−δ, so a player's expected total payoff equals
// its payoff discounted by δ.
type PD struct {
	T, R, P, S float64

	act      [2]int
	last     [2]int // −1 before the first round
	defected [2]bool
	realised [2]float64
	total    [2]float64
	rounds   int
}

// NewPD returns the game. It requires T > R > P > S and 2R > T + S.
func NewPD(t, r, p, s float64) (*PD, error) {
	if err := CheckPD(t, r, p, s); err != nil {
		return nil, err
	}
	return &PD{T: t, R: r, P: p, S: s, last: [2]int{-1, -1}}, nil
}

// CheckPD returns an error unless T > R > P > S and 2R > T + S.
func CheckPD(t, r, p, s float64) error {
	if !(t > r && r > p && p > s) {
		return fmt.Errorf("games: payoffs T=%v R=%v P=%v S=%v are not a prisoner's dilemma: need T > R > P > S", t, r, p, s)
	}
	if !(2*r > t+s) {
		return fmt.Errorf("games: payoffs T=%v R=%v P=%v S=%v are not a prisoner's dilemma: need 2R > T+S (mutual cooperation beats alternating exploitation)", t, r, p, s)
	}
	return nil
}

// Stage is the stage payoff of playing a against b.
func (g *PD) Stage(a, b int) float64 {
	switch {
	case a == Cooperate && b == Cooperate:
		return g.R
	case a == Cooperate:
		return g.S
	case b == Cooperate:
		return g.T
	}
	return g.P
}

// GrimThreshold is the smallest δ at which grim trigger against itself is
// a subgame-perfect equilibrium: (T−R)/(T−P).
func (g *PD) GrimThreshold() float64 { return (g.T - g.R) / (g.T - g.P) }

// TFTThreshold is Axelrod's (1984) condition for tit-for-tat to be
// collectively stable: w ≥ max((T−R)/(T−P), (T−R)/(R−S)).
func (g *PD) TFTThreshold() float64 {
	return max((g.T-g.R)/(g.T-g.P), (g.T-g.R)/(g.R-g.S))
}

// Last is player i's action last round, −1 before the first round.
func (g *PD) Last(i int) int { return g.last[i] }

// EverDefected reports whether player i has defected in any round so far.
func (g *PD) EverDefected(i int) bool { return g.defected[i] }

// Rounds is the number of rounds played.
func (g *PD) Rounds() int { return g.rounds }

// Total is player i's total payoff over the rounds played.
func (g *PD) Total(i int) float64 { return g.total[i] }

// Players implements sim.Model.
func (g *PD) Players() int { return 2 }

// Actions implements sim.Model.
func (g *PD) Actions() []string { return pdActions }

// Join implements sim.Model: the game has no joining action.
func (g *PD) Join() int { return -1 }

// Exclusion implements sim.Model.
func (g *PD) Exclusion() int { return 0 }

// Begin implements sim.Model.
func (g *PD) Begin(int, *rand.Rand) {}

// Action implements sim.Model: last round's action (cooperate before the first).
func (g *PD) Action(i int) int { return g.act[i] }

// Realised implements sim.Model: last round's stage payoff.
func (g *PD) Realised(i int) float64 { return g.realised[i] }

// Available implements sim.Model.
func (g *PD) Available(int, int) bool { return true }

// Payoff implements sim.Model: the stage payoff of a against the
// opponent's last action.
func (g *PD) Payoff(i, a int) float64 { return g.Stage(a, g.act[1-i]) }

// OneOff implements sim.Model.
func (g *PD) OneOff(int, int) float64 { return 0 }

// Commit implements sim.Model.
func (g *PD) Commit(_ int, next []int) {
	for i := range 2 {
		g.act[i] = next[i]
		g.last[i] = next[i]
		if next[i] == Defect {
			g.defected[i] = true
		}
	}
	for i := range 2 {
		g.realised[i] = g.Stage(g.act[i], g.act[1-i])
		g.total[i] += g.realised[i]
	}
	g.rounds++
}

// Strategies lists the repeated-game strategies, in a fixed order.
var Strategies = []string{"always-cooperate", "always-defect", "tit-for-tat", "grim", "random", "alternate"}

// Strategy is a repeated-game strategy as an agents.Rule. It reads the
// history from the game it is bound to and revises every round without
// drawing a random number; only random draws one number per round.
//
//   - always-cooperate, always-defect: constant;
//   - tit-for-tat: cooperate first, then copy the opponent's last action;
//   - grim: cooperate until either player has defected, then defect
//     forever (Friedman's trigger strategy);
//   - random: cooperate with probability Coop;
//   - alternate: defect, cooperate, defect, … (the deviation against
//     tit-for-tat in Axelrod's second condition).
type Strategy struct {
	Kind string
	Coop float64 // cooperation probability of random
	g    *PD
	self int
}

// NewStrategy binds strategy kind to player self of g.
func NewStrategy(kind string, g *PD, self int, coop float64) (*Strategy, error) {
	if !slices.Contains(Strategies, kind) {
		return nil, fmt.Errorf("games: unknown strategy %q (want one of %v)", kind, Strategies)
	}
	if self != 0 && self != 1 {
		panic("games: a prisoner's dilemma player is 0 or 1")
	}
	return &Strategy{Kind: kind, Coop: coop, g: g, self: self}, nil
}

// Name implements agents.Rule.
func (s *Strategy) Name() string { return s.Kind }

// Revises implements agents.Rule: always, without a draw.
func (s *Strategy) Revises(*rand.Rand) bool { return true }

// Choose implements agents.Rule.
func (s *Strategy) Choose(_ *agents.Choice, rng *rand.Rand) int {
	opp := 1 - s.self
	switch s.Kind {
	case "always-cooperate":
		return Cooperate
	case "always-defect":
		return Defect
	case "tit-for-tat":
		if l := s.g.Last(opp); l >= 0 {
			return l
		}
		return Cooperate
	case "grim":
		if s.g.EverDefected(0) || s.g.EverDefected(1) {
			return Defect
		}
		return Cooperate
	case "random":
		if rng.Float64() < s.Coop {
			return Cooperate
		}
		return Defect
	case "alternate":
		if s.g.Rounds()%2 == 0 {
			return Defect
		}
		return Cooperate
	}
	panic("games: unknown strategy " + s.Kind)
}

// Learn implements agents.Rule; strategies do not learn.
func (s *Strategy) Learn(int, float64, *agents.Choice) {}
