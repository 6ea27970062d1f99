package games

// This file registers the analytic test models of the sensitivity
// analysis (scenarios/analytic.go) with the sweep runner: each run
// evaluates the function once at the scenario's inputs, outcome y.

import (
	"math/rand/v2"

	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sensitivity"
	runner "github.com/minilateral/minilateral/sweep"
)

func init() {
	runner.RegisterFunc(scenarios.ModelIshigami, runner.FuncModel{Outcomes: []string{"y"},
		Eval: func(s *scenarios.Scenario, _ *rand.Rand, out []float64) error {
			g := &s.Game.Ishigami
			out[0] = sensitivity.Ishigami(g.X1, g.X2, g.X3, g.A, g.B)
			return nil
		}})
	runner.RegisterFunc(scenarios.ModelSobolG, runner.FuncModel{Outcomes: []string{"y"},
		Eval: func(s *scenarios.Scenario, _ *rand.Rand, out []float64) error {
			g := &s.Game.SobolG
			out[0] = sensitivity.SobolG(g.Xs(), g.As())
			return nil
		}})
}
