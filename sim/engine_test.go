package sim

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/minilateral/minilateral/agents"
)

// toy is a two-action model whose payoffs change every round: player i
// gets (t+1)·(i+1) for action 1 and i−t for action 0. It counts Payoff
// calls per player and records the payoffs of each round.
type toy struct {
	n, t   int
	act    []int
	calls  []int
	begun  int
	commit [][]int
}

func (m *toy) Players() int              { return m.n }
func (m *toy) Actions() []string         { return []string{"zero", "one"} }
func (m *toy) Join() int                 { return -1 }
func (m *toy) Exclusion() int            { return 0 }
func (m *toy) Begin(t int, _ *rand.Rand) { m.t = t; m.begun++ }
func (m *toy) Action(i int) int          { return m.act[i] }
func (m *toy) Realised(i int) float64    { return m.pay(i, m.act[i], m.t) }
func (m *toy) Available(i, a int) bool   { return true }
func (m *toy) OneOff(int, int) float64   { return 0 }
func (m *toy) Commit(t int, next []int) {
	copy(m.act, next)
	m.commit = append(m.commit, slices.Clone(next))
}
func (m *toy) pay(i, a, t int) float64 {
	return []float64{float64(i - t), float64((t + 1) * (i + 1))}[a]
}
func (m *toy) Payoff(i, a int) float64 { m.calls[i]++; return m.pay(i, a, m.t) }
func newToy(n int) *toy                { return &toy{n: n, act: make([]int, n), calls: make([]int, n)} }

// recorder is a rule that never revises and records what Learn is shown.
type recorder struct {
	seen [][]float64
}

func (*recorder) Name() string                              { return "recorder" }
func (*recorder) Revises(*rand.Rand) bool                   { return false }
func (*recorder) Choose(c *agents.Choice, _ *rand.Rand) int { return c.Current }
func (r *recorder) Learn(_ int, _ float64, c *agents.Choice) {
	r.seen = append(r.seen, slices.Clone(c.Payoffs))
}

// learner is a recorder whose Learn reads the payoffs (it does not
// implement LearnsFromPayoffs, so the engine must assume it does).
type learner struct{ recorder }

// passive says its Learn ignores payoffs.
type passive struct{ recorder }

func (*passive) LearnsFromPayoffs() bool { return false }

// TestEngineLazyPayoffs: a non-revising player's payoffs are computed
// only if its rule's Learn reads them, and then they are the round's
// payoffs at decision time; revising players always see them.
func TestEngineLazyPayoffs(t *testing.T) {
	m := newToy(3)
	rules := []agents.Rule{&learner{}, &passive{}, mustRule(t, agents.Params{Rule: "best-response", Revision: 1, Tie: "stay"})}
	e := NewEngine(m, rules, rand.New(rand.NewPCG(1, 1)), 1)
	for range 4 {
		before := slices.Clone(m.calls)
		e.Step()
		if d := m.calls[1] - before[1]; d != 0 {
			t.Errorf("round %d: %d Payoff calls for a passive non-reviser", m.t, d)
		}
		if d := m.calls[0] - before[0]; d < 2 {
			t.Errorf("round %d: %d Payoff calls for a learner (want its whole row)", m.t, d)
		}
	}
	l := rules[0].(*learner)
	for tt, row := range l.seen {
		if want := []float64{m.pay(0, 0, tt), m.pay(0, 1, tt)}; !slices.Equal(row, want) {
			t.Errorf("round %d: learner shown %v, want %v", tt, row, want)
		}
	}
	// the best responder moved to action 1 in the first round
	if m.act[2] != 1 {
		t.Errorf("best response chose %d", m.act[2])
	}
}

func mustRule(t *testing.T, p agents.Params) agents.Rule {
	t.Helper()
	r, err := agents.New(p, 2)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestEngineContinuation: with continuation probability δ_c the game
// stops after a geometric number of rounds (mean 1/(1−δ_c)); after it
// stops Step does nothing. δ_c = 1 never stops and draws nothing for it.
func TestEngineContinuation(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const games = 20000
	total := 0
	for range games {
		m := newToy(1)
		e := NewEngine(m, []agents.Rule{&passive{}}, rng, 0.75)
		for e.Step() {
		}
		if !e.Stopped() || e.Step() || m.begun != e.Round() {
			t.Fatalf("stopped=%v rounds=%d begun=%d", e.Stopped(), e.Round(), m.begun)
		}
		total += e.Round()
	}
	if mean := float64(total) / games; mean < 3.9 || mean > 4.1 {
		t.Errorf("mean length %v, want 4 ± 0.1", mean)
	}
	m := newToy(1)
	e := NewEngine(m, []agents.Rule{&passive{}}, rand.New(noDraws{}), 1)
	for range 100 {
		if !e.Step() {
			t.Fatal("a fixed-rounds game stopped")
		}
	}
}

type noDraws struct{}

func (noDraws) Uint64() uint64 { panic("drew a number") }

// TestEngineObserverSeesRevisers: the observer is called once per
// revising player, with that player's payoff row.
func TestEngineObserverSeesRevisers(t *testing.T) {
	m := newToy(2)
	rules := []agents.Rule{&passive{}, mustRule(t, agents.Params{Rule: "best-response", Revision: 1, Tie: "stay"})}
	e := NewEngine(m, rules, rand.New(rand.NewPCG(1, 2)), 1)
	seen := 0
	e.Observer = func(d *Decision) {
		seen++
		if d.Player != 1 {
			t.Errorf("observer saw non-revising player %d", d.Player)
		}
		if want := []float64{m.pay(1, 0, d.Round), m.pay(1, 1, d.Round)}; !slices.Equal(d.Payoffs, want) {
			t.Errorf("round %d: observer shown %v, want %v", d.Round, d.Payoffs, want)
		}
	}
	for range 5 {
		e.Step()
	}
	if seen != 5 {
		t.Errorf("observer called %d times, want 5", seen)
	}
}
