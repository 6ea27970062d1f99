package sim

import (
	"testing"

	"github.com/minilateral/minilateral/scenarios"
)

// variant is the baseline with one of the code paths switched on: the
// superpower policy modes, each decision rule, consensus entry and the
// other sharing rules.
type variant struct {
	name  string
	apply func(s *scenarios.Scenario)
}

var variants = []variant{
	{"baseline", func(*scenarios.Scenario) {}},
	{"adaptive", func(s *scenarios.Scenario) {
		s.Superpowers["US"].Mode = "adaptive"
		s.Superpowers["CN"].Mode = "adaptive"
	}},
	{"divide", func(s *scenarios.Scenario) {
		s.Superpowers["US"].Mode, s.Superpowers["US"].Budget = "divide-and-rule", 0.5
		s.Superpowers["CN"].Mode, s.Superpowers["CN"].Budget = "divide-and-rule", 0.3
	}},
	{"logit", func(s *scenarios.Scenario) { s.Decisions.Rule = "logit" }},
	{"roth-erev", func(s *scenarios.Scenario) { s.Decisions.Rule = "roth-erev" }},
	{"imitation", func(s *scenarios.Scenario) { s.Decisions.Rule = "imitation" }},
	{"forward-looking", func(s *scenarios.Scenario) { s.Decisions.Rule = "forward-looking" }},
	{"consensus", func(s *scenarios.Scenario) {
		s.Bloc.Entry, s.Bloc.ContributionRule = "consensus", "endowment"
		s.Bloc.Standards = 2
	}},
	{"shocks", func(s *scenarios.Scenario) {
		s.World.Shocks.OpenRate, s.World.Shocks.AffinitySigma = 0.8, 0.05
		s.Superpowers["US"].ControlUpRate, s.Superpowers["US"].ControlDownRate = 0.4, 0.15
		s.Superpowers["CN"].ControlUpRate, s.Superpowers["CN"].ControlJump = 0.2, 0.1
	}},
	// the baseline held still: no reinvestment, shocks nor coalitional moves
	{"still", func(s *scenarios.Scenario) { still(s) }},
	// no founders, frequent coalitional moves in groups up to 4, talent moving too
	{"coalitions", func(s *scenarios.Scenario) {
		s.Bloc.Founders = nil
		s.Decisions.CoalitionRate, s.Decisions.CoalitionSize = 0.4, 4
		s.World.TalentMobility = 0.05
	}},
	{"individual", func(s *scenarios.Scenario) { s.Bloc.Collective, s.Bloc.ContributionRule = false, "equal" }},
	{"cobb-douglas", func(s *scenarios.Scenario) { s.World.Rho, s.Decisions.Tie = 0, "random" }},
}

// variantScenario returns a fresh baseline with variant v applied.
func variantScenario(tb testing.TB, v variant) *scenarios.Scenario {
	tb.Helper()
	s := baseline(tb)
	v.apply(s)
	if err := s.Validate(); err != nil {
		tb.Fatalf("variant %s: %v", v.name, err)
	}
	return s
}
