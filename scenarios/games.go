package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/minilateral/minilateral/agents"
)

// Classic-game model names (the scenario's model key).
const (
	ModelCoalition  = "coalition"
	ModelBarrett    = "barrett"
	ModelPD         = "prisoners-dilemma"
	ModelRubinstein = "rubinstein"
)

// PDStrategies are the strategy names of the repeated prisoner's dilemma;
// a learning rule name (agents.RuleNames) is also accepted, and then the
// player follows the [decisions] rule on stage payoffs.
var PDStrategies = []string{"always-cooperate", "always-defect", "tit-for-tat", "grim", "random", "alternate"}

// Game holds the parameters of the classic payoff models (model =
// "coalition", "barrett", "prisoners-dilemma", "rubinstein"). It is
// ignored by the AI-bloc model. The equations are in docs/games.md.
type Game struct {
	Players    int        `toml:"players" range:"0,1000000" doc:"N, number of players of a coalition game (coalition, barrett; at least 2)"`
	Coalition  Coalition  `toml:"coalition"`
	Barrett    Barrett    `toml:"barrett"`
	PD         PD         `toml:"pd"`
	Rubinstein Rubinstein `toml:"rubinstein"`
	Ishigami   Ishigami   `toml:"ishigami"` // analytic test models (analytic.go)
	SobolG     SobolG     `toml:"sobol_g"`
}

// Coalition is the linear-benefit quadratic-cost game π_i = b_i·Q − c_i·q_i²/2.
type Coalition struct {
	Benefit float64 `toml:"benefit" range:"0,1e9" doc:"b, each player's benefit per unit of total abatement (symmetric game)"`
	Cost    float64 `toml:"cost" range:"0,1e9" doc:"c, slope of each player's marginal abatement cost, cost c·q²/2 (symmetric game)"`
	// Per-player values make the game asymmetric; both lists, of length
	// game.players, replace benefit and cost.
	Benefits []float64 `toml:"benefits" doc:"b_i per player (asymmetric game; with costs)"`
	Costs    []float64 `toml:"costs" doc:"c_i per player (asymmetric game; with benefits)"`
	Names    []string  `toml:"names" doc:"player names for reports (optional)"`
}

// Asymmetric reports whether per-player values are given.
func (c *Coalition) Asymmetric() bool { return len(c.Benefits) > 0 || len(c.Costs) > 0 }

// Barrett is Barrett's (1994) convex-damage game π_i = b·(a·e_i − e_i²/2) − c·E²/2.
type Barrett struct {
	A          float64 `toml:"a" range:"0,1e9" doc:"a, intercept of the marginal benefit of emissions (positive)"`
	B          float64 `toml:"b" range:"0,1e9" doc:"b, slope of the marginal benefit of emissions (positive)"`
	C          float64 `toml:"c" range:"0,1e9" doc:"c, slope of the marginal damage of total emissions (positive); γ = c/b"`
	Leadership string  `toml:"leadership" doc:"signatories act as nash players or as stackelberg leaders (default stackelberg)"`
	Emissions  string  `toml:"emissions" doc:"interior (Barrett 1994: first-order conditions, emissions may be negative) or constrained (Kuhn–Tucker, e ≥ 0; Rubio & Ulph 2006); default constrained"`
}

// PD is the repeated prisoner's dilemma; the continuation probability δ is
// world.continuation (the engine's random stopping rule).
type PD struct {
	T          float64  `toml:"temptation" range:"-1e9,1e9" doc:"T, payoff of defecting against a cooperator"`
	R          float64  `toml:"reward" range:"-1e9,1e9" doc:"R, payoff of mutual cooperation"`
	P          float64  `toml:"punishment" range:"-1e9,1e9" doc:"P, payoff of mutual defection"`
	S          float64  `toml:"sucker" range:"-1e9,1e9" doc:"S, payoff of cooperating against a defector"`
	Strategies []string `toml:"strategies" doc:"the two players' strategies: always-cooperate, always-defect, tit-for-tat, grim, random, alternate, or a learning rule name"`
	Random     float64  `toml:"random_cooperation" range:"0,1" doc:"probability that the random strategy cooperates"`
}

// Rubinstein is alternating-offers bargaining over a pie of size 1.
type Rubinstein struct {
	Delta1  float64 `toml:"delta1" range:"0,1" doc:"δ1, player 1's (the first proposer's) discount factor per period, in (0,1)"`
	Delta2  float64 `toml:"delta2" range:"0,1" doc:"δ2, player 2's discount factor per period, in (0,1)"`
	Outside float64 `toml:"outside_option" range:"0,0.999999" doc:"W, player 2's outside option as a share of the pie, taken by opting out after rejecting (0: none)"`
	Horizon int     `toml:"horizon" range:"0,1000000" doc:"H, bargaining periods of the backward induction (at least 1)"`
	Grid    int     `toml:"grid" range:"0,10000000" doc:"G, offers in engine play are multiples of 1/G (at least 1)"`
}

// DefaultGame holds the defaults of the classic games: the textbook
// parameter values of the lesson scenarios.
func DefaultGame() Game {
	return Game{
		Players:    5,
		Coalition:  Coalition{Benefit: 1, Cost: 1},
		Barrett:    Barrett{A: 1, B: 1, C: 1, Leadership: "stackelberg", Emissions: "constrained"},
		PD:         PD{T: 5, R: 3, P: 1, S: 0, Strategies: []string{"tit-for-tat", "tit-for-tat"}, Random: 0.5},
		Rubinstein: Rubinstein{Delta1: 0.9, Delta2: 0.9, Horizon: 1000, Grid: 10000},
		Ishigami:   defaultIshigami(),
		SobolG:     defaultSobolG(),
	}
}

func init() {
	RegisterModel(ModelCoalition, validateCoalition)
	RegisterModel(ModelBarrett, validateBarrett)
	RegisterModel(ModelPD, validatePD)
	RegisterModel(ModelRubinstein, validateRubinstein)
}

type keyErrors []KeyError

func (e *keyErrors) add(key, format string, args ...any) {
	*e = append(*e, KeyError{Key: key, Msg: fmt.Sprintf(format, args...)})
}

func checkPlayers(s *Scenario, errs *keyErrors) {
	if n := s.Game.Players; n < 2 {
		errs.add("game.players", "a coalition game needs at least 2 players, not %d", n)
	}
}

func positive(errs *keyErrors, key string, v float64) {
	if !(v > 0) {
		errs.add(key, "must be positive, not %s", fmtNum(v))
	}
}

func validateCoalition(s *Scenario) []KeyError {
	var errs keyErrors
	checkPlayers(s, &errs)
	c := &s.Game.Coalition
	n := s.Game.Players
	if !c.Asymmetric() {
		positive(&errs, "game.coalition.cost", c.Cost)
		if !(c.Benefit >= 0) {
			errs.add("game.coalition.benefit", "must be non-negative, not %s", fmtNum(c.Benefit))
		}
	} else {
		if len(c.Benefits) != n || len(c.Costs) != n {
			errs.add("game.coalition", "benefits and costs must both list game.players = %d values (got %d and %d)",
				n, len(c.Benefits), len(c.Costs))
		}
		for i, b := range c.Benefits {
			if !(b >= 0) || math.IsInf(b, 0) {
				errs.add("game.coalition.benefits", "benefit %d is %s; benefits must be finite and non-negative", i+1, fmtNum(b))
			}
		}
		for i, v := range c.Costs {
			if !(v > 0) || math.IsInf(v, 0) {
				errs.add("game.coalition.costs", "cost %d is %s; costs must be finite and positive", i+1, fmtNum(v))
			}
		}
		if n > 64 {
			errs.add("game.players", "an asymmetric coalition game has at most 64 players, not %d", n)
		}
	}
	if len(c.Names) > 0 && len(c.Names) != n {
		errs.add("game.coalition.names", "names must list game.players = %d names (got %d)", n, len(c.Names))
	}
	checkNoNations(s, &errs)
	return errs
}

func validateBarrett(s *Scenario) []KeyError {
	var errs keyErrors
	checkPlayers(s, &errs)
	b := &s.Game.Barrett
	positive(&errs, "game.barrett.a", b.A)
	positive(&errs, "game.barrett.b", b.B)
	positive(&errs, "game.barrett.c", b.C)
	if !slices.Contains([]string{"", "nash", "stackelberg"}, b.Leadership) {
		errs.add("game.barrett.leadership", "unknown value %q (want nash or stackelberg)", b.Leadership)
	}
	if !slices.Contains([]string{"", "interior", "constrained"}, b.Emissions) {
		errs.add("game.barrett.emissions", "unknown value %q (want interior or constrained)", b.Emissions)
	}
	checkNoNations(s, &errs)
	return errs
}

// checkNoNations rejects nations and superpowers, which classic games do not have.
func checkNoNations(s *Scenario, errs *keyErrors) {
	for _, id := range sortedKeys(s.Nations) {
		errs.add("nations."+id, "the %s model has no nations or superpowers; its players are set by game.players", s.Model)
	}
	for _, id := range sortedKeys(s.Superpowers) {
		errs.add("superpowers."+id, "the %s model has no nations or superpowers; its players are set by game.players", s.Model)
	}
}

func checkDelta(errs *keyErrors, key string, d float64) {
	if !(d > 0 && d < 1) {
		errs.add(key, "discount factor %s is outside (0,1)", fmtNum(d))
	}
}

func validatePD(s *Scenario) []KeyError {
	var errs keyErrors
	p := &s.Game.PD
	checkDelta(&errs, "world.continuation", s.World.Continuation)
	if !(p.T > p.R && p.R > p.P && p.P > p.S) {
		errs.add("game.pd", "T=%s, R=%s, P=%s, S=%s is not a prisoner's dilemma: need T > R > P > S",
			fmtNum(p.T), fmtNum(p.R), fmtNum(p.P), fmtNum(p.S))
	} else if !(2*p.R > p.T+p.S) {
		errs.add("game.pd", "T=%s, R=%s, S=%s is not a prisoner's dilemma: need 2R > T+S", fmtNum(p.T), fmtNum(p.R), fmtNum(p.S))
	}
	if len(p.Strategies) != 2 {
		errs.add("game.pd.strategies", "list exactly two strategies, one per player (got %d)", len(p.Strategies))
	}
	for _, st := range p.Strategies {
		if !slices.Contains(PDStrategies, st) && !slices.Contains(agents.RuleNames, st) {
			errs.add("game.pd.strategies", "unknown strategy %q (want one of %s, or a learning rule: %s)",
				st, strings.Join(PDStrategies, ", "), strings.Join(agents.RuleNames, ", "))
		}
	}
	checkNoNations(s, &errs)
	return errs
}

func validateRubinstein(s *Scenario) []KeyError {
	var errs keyErrors
	r := &s.Game.Rubinstein
	checkDelta(&errs, "game.rubinstein.delta1", r.Delta1)
	checkDelta(&errs, "game.rubinstein.delta2", r.Delta2)
	if r.Horizon < 1 {
		errs.add("game.rubinstein.horizon", "the horizon must be at least 1 period, not %d", r.Horizon)
	}
	if r.Grid < 1 {
		errs.add("game.rubinstein.grid", "the offer grid must be at least 1, not %d", r.Grid)
	}
	checkNoNations(s, &errs)
	return errs
}
