package games

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/minilateral/minilateral/agents"
	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

func init() {
	sim.RegisterModel(scenarios.ModelCoalition, coalitionFactory)
	sim.RegisterModel(scenarios.ModelBarrett, barrettFactory)
	sim.RegisterModel(scenarios.ModelPD, pdFactory)
	sim.RegisterModel(scenarios.ModelRubinstein, rubinsteinFactory)
}

// decisionParams are the scenario's [decisions] defaults as agents.Params.
func decisionParams(s *scenarios.Scenario) agents.Params {
	d := s.Decisions
	return agents.Params{Rule: d.Rule, Revision: d.Revision, Tie: d.Tie, Lambda: d.Lambda,
		Forgetting: d.Forgetting, Experiment: d.Experiment, Initial: d.Initial, Beta: d.Beta, Discount: d.Discount}
}

func rulesFor(s *scenarios.Scenario, n, nActions int) ([]agents.Rule, error) {
	rules := make([]agents.Rule, n)
	for i := range rules {
		r, err := agents.New(decisionParams(s), nActions)
		if err != nil {
			return nil, fmt.Errorf("games: %w", err)
		}
		rules[i] = r
	}
	return rules, nil
}

// CoalitionGame builds the coalition model's game from a scenario: a
// LinearQuadratic game when symmetric, an Abatement game when per-player
// benefits and costs are given.
func CoalitionGame(s *scenarios.Scenario) (sym Symmetric, asym *Abatement, err error) {
	c := &s.Game.Coalition
	if !c.Asymmetric() {
		if s.Game.Players < 2 {
			return nil, nil, fmt.Errorf("games: a coalition game needs at least 2 players, not %d", s.Game.Players)
		}
		if !(c.Cost > 0) || !(c.Benefit >= 0) {
			return nil, nil, fmt.Errorf("games: coalition game needs benefit ≥ 0 and cost > 0")
		}
		return LinearQuadratic{N: s.Game.Players, B: c.Benefit, C: c.Cost}, nil, nil
	}
	g, err := NewAbatement(c.Benefits, c.Costs)
	return nil, g, err
}

// BarrettGame builds Barrett's game from a scenario (leadership defaults
// to stackelberg, emissions to constrained).
func BarrettGame(s *scenarios.Scenario) (Barrett, error) {
	b := s.Game.Barrett
	g := Barrett{N: s.Game.Players, A: b.A, B: b.B, C: b.C,
		Stackelberg: b.Leadership != "nash", Constrained: b.Emissions != "interior"}
	return g, g.Validate()
}

func coalitionFactory(s *scenarios.Scenario) (sim.Model, []agents.Rule, error) {
	sym, asym, err := CoalitionGame(s)
	if err != nil {
		return nil, nil, err
	}
	var m *Membership
	if sym != nil {
		m = NewSymmetricMembership(sym)
	} else {
		m = NewMembership(asym)
	}
	rules, err := rulesFor(s, m.Players(), 2)
	return m, rules, err
}

func barrettFactory(s *scenarios.Scenario) (sim.Model, []agents.Rule, error) {
	g, err := BarrettGame(s)
	if err != nil {
		return nil, nil, err
	}
	m := NewSymmetricMembership(g)
	rules, err := rulesFor(s, m.Players(), 2)
	return m, rules, err
}

func pdFactory(s *scenarios.Scenario) (sim.Model, []agents.Rule, error) {
	p := s.Game.PD
	g, err := NewPD(p.T, p.R, p.P, p.S)
	if err != nil {
		return nil, nil, err
	}
	if len(p.Strategies) != 2 {
		return nil, nil, fmt.Errorf("games: the prisoner's dilemma needs two strategies, not %d", len(p.Strategies))
	}
	rules := make([]agents.Rule, 2)
	for i, name := range p.Strategies {
		if slices.Contains(agents.RuleNames, name) {
			par := decisionParams(s)
			par.Rule = name
			rules[i], err = agents.New(par, 2)
		} else {
			rules[i], err = NewStrategy(name, g, i, p.Random)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("games: player %d: %w", i+1, err)
		}
	}
	return g, rules, nil
}

func rubinsteinFactory(s *scenarios.Scenario) (sim.Model, []agents.Rule, error) {
	r := s.Game.Rubinstein
	g, err := NewRubinstein(r.Delta1, r.Delta2, r.Outside, r.Horizon, r.Grid)
	if err != nil {
		return nil, nil, err
	}
	rules, err := rulesFor(s, 2, len(g.Actions()))
	return g, rules, err
}

// Report is the stability analysis of a scenario's payoff model.
type Report struct {
	Scenario  string
	Model     string
	Players   int
	Names     []string // player names, in player order
	Symmetric bool     // analysed by size (Sizes) rather than by coalition (Result)
	Options   Options
	Sizes     []SizeRow
	Result    *Result

	// ai-bloc at a round of a run (Options.Round)
	Round        int      // the round the state was taken after
	Actual       uint64   // the run's bloc then (bit i: player i)
	ActualStable bool     // whether that bloc is among the stable coalitions
	Outside      []string // each player's best non-bloc action
}

// Analyse runs the exact stability analysis for a scenario's payoff model:
// by size for the symmetric coalition and Barrett games, over all 2^n
// coalitions for the asymmetric coalition game and for the one-shot
// AI-bloc model at the scenario's starting stocks (sim.OneShot). Games
// without coalitions (prisoner's dilemma, Rubinstein) are refused.
func Analyse(s *scenarios.Scenario, o Options) (*Report, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	rep := &Report{Scenario: s.Name, Model: s.Model, Options: o}
	names := func(n int, given []string) []string {
		if len(given) == n {
			return slices.Clone(given)
		}
		out := make([]string, n)
		for i := range out {
			out[i] = strconv.Itoa(i + 1)
		}
		return out
	}
	var coal Coalitional
	switch s.Model {
	case scenarios.ModelCoalition:
		sym, asym, err := CoalitionGame(s)
		if err != nil {
			return nil, err
		}
		if sym != nil {
			return rep.bySize(sym, s.Game.Coalition.Names)
		}
		coal = asym
		rep.Names = names(asym.Players(), s.Game.Coalition.Names)
	case scenarios.ModelBarrett:
		g, err := BarrettGame(s)
		if err != nil {
			return nil, err
		}
		return rep.bySize(g, nil)
	case "ai-bloc":
		if n := len(s.Nations); n > MaxPlayers {
			return nil, fmt.Errorf("games: %d nations is above the limit of %d players for checking all 2^n coalitions", n, MaxPlayers)
		}
		r, err := sim.New(s, sim.Stream(s.Seed, 0))
		if err != nil {
			return nil, fmt.Errorf("games: %w", err)
		}
		if o.Round > s.Rounds {
			return nil, fmt.Errorf("games: round %d is past the scenario's %d rounds", o.Round, s.Rounds)
		}
		for r.Engine.Round() < o.Round && r.Step() {
		}
		os := r.Bloc.OneShot()
		coal = os
		rep.Names = slices.Clone(os.Names())
		rep.Round, rep.Actual = r.Engine.Round(), r.Bloc.Members()
		for i := range os.Players() {
			rep.Outside = append(rep.Outside, os.Outside(i))
		}
	default:
		return nil, fmt.Errorf("games: model %q has no coalitions to analyse (stability applies to coalition, barrett and ai-bloc)", s.Model)
	}
	res, err := Enumerate(coal, o)
	if err != nil {
		return nil, err
	}
	rep.Players, rep.Result = coal.Players(), res
	if s.Model == "ai-bloc" {
		for _, c := range res.Stable {
			rep.ActualStable = rep.ActualStable || c.Members == rep.Actual
		}
	}
	return rep, nil
}

func (rep *Report) bySize(g Symmetric, names []string) (*Report, error) {
	rows, err := BySize(g, rep.Options)
	if err != nil {
		return nil, err
	}
	if len(names) != g.Players() {
		names = nil
	}
	rep.Players, rep.Names, rep.Symmetric, rep.Sizes = g.Players(), slices.Clone(names), true, rows
	return rep, nil
}
