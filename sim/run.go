package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/minilateral/minilateral/agents"
	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim/aibloc"
)

// Bloc is the AI-bloc payoff model (package aibloc).
type Bloc = aibloc.Model

// RoundMetrics is what one round of the AI-bloc model records.
type RoundMetrics = aibloc.RoundMetrics

// MaxDivergence caps the divergence ratios (see aibloc.MaxDivergence).
const MaxDivergence = aibloc.MaxDivergence

// Run is one simulation run of a scenario: the model, the nations' rules
// and the engine, plus the running per-run outcomes.
type Run struct {
	Scenario *scenarios.Scenario
	Bloc     *Bloc // the AI-bloc model (nil for other models)
	Engine   *Engine
	Out      Outcome

	sizes   []int   // ring of the last W bloc sizes
	changed []bool  // per round: did membership change
	terms   float64 // running sum of total terms
	welfare float64 // running sum of welfare
}

// Outcome is the per-run summary of an AI-bloc run.
type Outcome struct {
	Rounds         int     // rounds played
	FinalBlocSize  int     // members after the last round
	MeanBlocSize   float64 // mean over the last W rounds
	SettleRound    int     // first round after which membership changed in at most a fraction of the rest; -1: never
	CredibleRounds int     // rounds where some superpower faced p ≥ credible_threat
	MaxThreat      float64 // highest credibility reached
	MeanTerms      float64 // mean total terms per round
	FinalDivOwn    float64
	FinalDivUsable float64
	FinalTheil     float64
	MeanWelfare    float64
	FinalWelfare   float64
	FinalKB        float64
	FinalControls  []float64 // per superpower
	FinalUtility   []float64
}

// New builds a run of scenario s drawing from rng. The scenario must have
// been validated (Parse does that).
func New(s *scenarios.Scenario, rng *rand.Rand) (*Run, error) {
	if s.Model != "ai-bloc" {
		return nil, fmt.Errorf("sim: model %q is not the ai-bloc model; use NewGame", s.Model)
	}
	ids := sortedIDs(s.Nations)
	rules := make([]agents.Rule, len(ids))
	nA := len(s.Superpowers) + 2
	for i, id := range ids {
		p := RuleParams(s, id)
		r, err := agents.New(p, nA)
		if err != nil {
			return nil, fmt.Errorf("sim: nation %s: %w", id, err)
		}
		rules[i] = r
	}
	b, err := aibloc.New(s)
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	r := &Run{Scenario: s, Bloc: b, Engine: NewEngine(b, rules, rng, s.World.Continuation)}
	r.Engine.Coalitions = Coalitions{Rate: s.Decisions.CoalitionRate, MaxSize: s.Decisions.CoalitionSize}
	r.sizes = make([]int, 0, s.World.Window)
	r.changed = make([]bool, 0, s.Rounds)
	r.Out.FinalControls = make([]float64, b.S)
	r.Out.FinalUtility = make([]float64, b.S)
	r.Out.SettleRound = -1
	return r, nil
}

// Factory builds a payoff model and one rule per player from a scenario.
type Factory func(s *scenarios.Scenario) (Model, []agents.Rule, error)

var factories = map[string]Factory{}

// RegisterModel makes a payoff model available to NewGame under name. It is
// called from init functions (package sim/games registers the classic
// games); registering a name twice is a programming error.
func RegisterModel(name string, f Factory) {
	if _, dup := factories[name]; dup || name == "ai-bloc" {
		panic("sim: model " + name + " registered twice")
	}
	factories[name] = f
}

// NewGame builds an engine for any registered model (ai-bloc included).
func NewGame(s *scenarios.Scenario, rng *rand.Rand) (*Engine, error) {
	if s.Model == "ai-bloc" {
		r, err := New(s, rng)
		if err != nil {
			return nil, err
		}
		return r.Engine, nil
	}
	f, ok := factories[s.Model]
	if !ok {
		return nil, fmt.Errorf("sim: unknown model %q", s.Model)
	}
	if s.Decisions.CoalitionRate > 0 {
		return nil, fmt.Errorf("sim: the %s model has no coalitional moves; decisions.coalition_rate must be 0", s.Model)
	}
	m, rules, err := f(s)
	if err != nil {
		return nil, err
	}
	return NewEngine(m, rules, rng, s.World.Continuation), nil
}

// RuleParams resolves nation id's decision parameters: the scenario's
// [decisions] defaults overridden by [nations.ID.decision].
func RuleParams(s *scenarios.Scenario, id string) agents.Params {
	d := s.Decisions
	p := agents.Params{Rule: d.Rule, Revision: d.Revision, Tie: d.Tie, Lambda: d.Lambda,
		Forgetting: d.Forgetting, Experiment: d.Experiment, Initial: d.Initial, Beta: d.Beta, Discount: d.Discount}
	o := s.Nations[id].Decision
	setS := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	setF := func(dst *float64, v *float64) {
		if v != nil {
			*dst = *v
		}
	}
	setS(&p.Rule, o.Rule)
	setS(&p.Tie, o.Tie)
	setF(&p.Revision, o.Revision)
	setF(&p.Lambda, o.Lambda)
	setF(&p.Forgetting, o.Forgetting)
	setF(&p.Experiment, o.Experiment)
	setF(&p.Initial, o.Initial)
	setF(&p.Beta, o.Beta)
	setF(&p.Discount, o.Discount)
	return p
}

// Step plays one round and updates the outcomes; false once the run is over.
func (r *Run) Step() bool {
	if r.Engine.Round() >= r.Scenario.Rounds || !r.Engine.Step() {
		return false
	}
	m := &r.Bloc.Metrics
	w := r.Scenario.World.Window
	if len(r.sizes) < w {
		r.sizes = append(r.sizes, m.BlocSize)
	} else {
		copy(r.sizes, r.sizes[1:])
		r.sizes[w-1] = m.BlocSize
	}
	r.changed = append(r.changed, m.Moved > 0)
	maxP, tot := 0.0, 0.0
	for s := range m.Threat {
		maxP = math.Max(maxP, m.Threat[s])
		tot += m.Terms[s]
	}
	if maxP >= r.Scenario.World.CredibleThreat && maxP > 0 {
		r.Out.CredibleRounds++
	}
	r.Out.MaxThreat = math.Max(r.Out.MaxThreat, maxP)
	r.terms += tot
	r.welfare += m.Welfare
	return true
}

// Finish computes the remaining outcomes after the last Step.
func (r *Run) Finish() *Outcome {
	o := &r.Out
	m := &r.Bloc.Metrics
	T := len(r.changed)
	o.Rounds = T
	o.FinalBlocSize = m.BlocSize
	sum := 0
	for _, v := range r.sizes {
		sum += v
	}
	if len(r.sizes) > 0 {
		o.MeanBlocSize = float64(sum) / float64(len(r.sizes))
	}
	if T > 0 {
		o.MeanTerms, o.MeanWelfare = r.terms/float64(T), r.welfare/float64(T)
	}
	o.SettleRound = settleRound(r.changed, r.Scenario.World.SettleTolerance)
	o.FinalDivOwn, o.FinalDivUsable, o.FinalTheil = m.DivOwn, m.DivUsable, m.Theil
	o.FinalWelfare, o.FinalKB = m.Welfare, m.KB
	copy(o.FinalControls, m.Controls)
	copy(o.FinalUtility, m.Utility)
	return o
}

// settleRound is the first t (rounds completed) such that membership
// changed in at most a fraction tol of the remaining rounds t+1..T; -1 if
// there is none (the last round changed membership and tol·1 < 1).
func settleRound(changed []bool, tol float64) int {
	total := 0
	for _, c := range changed {
		if c {
			total++
		}
	}
	T, before := len(changed), 0
	for t := range T {
		if float64(total-before) <= tol*float64(T-t) {
			return t
		}
		if changed[t] {
			before++
		}
	}
	return -1
}

// RunAll plays a whole run and returns its outcomes; each round is
// reported to onRound (which may be nil) after it is played, and once
// before the first round with the initial state.
func (r *Run) RunAll(onRound func(*Run)) *Outcome {
	if onRound != nil {
		onRound(r)
	}
	for r.Step() {
		if onRound != nil {
			onRound(r)
		}
	}
	return r.Finish()
}

func sortedIDs[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
