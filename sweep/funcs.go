package sweep

// This file lets the runner evaluate models that are plain functions of
// the scenario (the analytic test models of the sensitivity analysis)
// instead of the ai-bloc engine: same design, streams, journal, shards
// and tables, with the model's own outcome columns.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

// FuncModel is a model whose run is one call: Eval writes one value per
// outcome column into out, drawing any randomness from rng.
type FuncModel struct {
	Outcomes []string
	Eval     func(s *scenarios.Scenario, rng *rand.Rand, out []float64) error
}

var funcModels = map[string]FuncModel{}

// RegisterFunc registers a function model under a scenario model name
// (from an init function; registering a name twice is a programming
// error).
func RegisterFunc(model string, m FuncModel) {
	if _, dup := funcModels[model]; dup {
		panic("sweep: function model " + model + " registered twice")
	}
	funcModels[model] = m
}

// funcModel returns the function model of a model name, if any.
func funcModel(model string) (*FuncModel, bool) {
	m, ok := funcModels[model]
	if !ok {
		return nil, false
	}
	return &m, true
}

// Outcomes returns the plan's outcome columns, in runs.csv order.
func (p *Plan) Outcomes() []string {
	if p.fn != nil {
		return slices.Clone(p.fn.Outcomes)
	}
	return results.OutcomeColumns(p.SIDs)
}

// runFunc evaluates run r of a function model.
func (w *worker) runFunc(p *Plan, res *Result) {
	res.fn = true
	res.Vals = make([]float64, len(p.fn.Outcomes))
	if err := p.fn.Eval(w.s, sim.Stream(p.Master, res.Stream), res.Vals); err != nil {
		res.Err = err
		return
	}
	for i, v := range res.Vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			res.Err = fmt.Errorf("outcome %s is %v", p.fn.Outcomes[i], v)
			return
		}
	}
}
