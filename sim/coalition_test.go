package sim

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/minilateral/minilateral/agents"
)

// stag is a stag hunt of n players: "hare" (0) pays 1; "stag" (1) pays 3
// when at least two hunt stag and 0 otherwise. From everyone at hare no
// player gains alone, but any two gain together: only a coalitional move
// can leave the equilibrium.
type stag struct{ act []int }

func (m *stag) Players() int              { return len(m.act) }
func (m *stag) Actions() []string         { return []string{"hare", "stag"} }
func (m *stag) Join() int                 { return -1 }
func (m *stag) Exclusion() int            { return 0 }
func (m *stag) Begin(int, *rand.Rand)     {}
func (m *stag) Action(i int) int          { return m.act[i] }
func (m *stag) Available(int, int) bool   { return true }
func (m *stag) OneOff(int, int) float64   { return 0 }
func (m *stag) Commit(_ int, next []int)  { copy(m.act, next) }
func (m *stag) Realised(i int) float64    { return m.Payoff(i, m.act[i]) }
func (m *stag) Payoff(i, a int) float64   { return m.value(m.act, i, a) }
func (m *stag) hunters(act []int) (n int) { return count(act, 1) }
func count(act []int, a int) (n int) {
	for _, b := range act {
		if b == a {
			n++
		}
	}
	return n
}
func (m *stag) value(act []int, i, a int) float64 {
	if a == 0 {
		return 1
	}
	n := m.hunters(act)
	if act[i] != 1 {
		n++
	}
	if n >= 2 {
		return 3
	}
	return 0
}
func (m *stag) JointPayoff(group []int, a, i int) float64 {
	act := slices.Clone(m.act)
	for _, j := range group {
		act[j] = a
	}
	return m.value(act, i, a)
}

func stagEngine(n int, rate float64, max int, seed uint64) (*stag, *Engine) {
	m := &stag{act: make([]int, n)}
	e := NewEngine(m, bestResponders(n), rand.New(rand.NewPCG(seed, 1)), 1)
	e.Coalitions = Coalitions{Rate: rate, MaxSize: max}
	return m, e
}

// bestResponders are n best responders revising every round (tie: stay).
func bestResponders(n int) []agents.Rule {
	rules := make([]agents.Rule, n)
	for i := range rules {
		r, err := agents.New(agents.Params{Rule: "best-response", Revision: 1, Tie: "stay"}, 2)
		if err != nil {
			panic(err)
		}
		rules[i] = r
	}
	return rules
}

// TestCoalitionalMove: best response alone never leaves the hare
// equilibrium; with coalitional moves a group moves to stag, the
// observer sees the group, and the rest follow by best response.
func TestCoalitionalMove(t *testing.T) {
	m, e := stagEngine(5, 0, 2, 1)
	for range 20 {
		e.Step()
	}
	if m.hunters(m.act) != 0 {
		t.Fatalf("without coalitional moves %d players hunt stag", m.hunters(m.act))
	}
	m, e = stagEngine(5, 1, 2, 1)
	var groups [][]int
	e.Observer = func(d *Decision) {
		if d.Group != nil {
			groups = append(groups, slices.Clone(d.Group))
			if d.To != 1 || d.Joint != 3 || d.Payoffs[1] != 0 {
				t.Errorf("joint move %+v: want to stag, joint payoff 3, own payoff 0", d)
			}
		}
	}
	e.Step()
	if h := m.hunters(m.act); h != 2 {
		t.Fatalf("after one round with rate 1 and groups of 2: %d hunters, want 2", h)
	}
	if len(groups) != 2 || !slices.Equal(groups[0], groups[1]) || len(groups[0]) != 2 {
		t.Errorf("observed groups %v, want the same pair twice", groups)
	}
	e.Step()
	if h := m.hunters(m.act); h != 5 {
		t.Errorf("after a second round: %d hunters, want all 5 (best response follows)", h)
	}
}

// TestCoalitionDraws: the coalition draws come from the run's stream in
// the documented order only: the same seed gives the same moves, and a
// rate of 0 draws nothing (the stream matches an engine without them).
func TestCoalitionDraws(t *testing.T) {
	run := func(rate float64, seed uint64) ([]int, uint64) {
		m, e := stagEngine(7, rate, 3, seed)
		e.Step()
		return slices.Clone(m.act), e.Rand.Uint64()
	}
	a1, r1 := run(0.5, 3)
	a2, r2 := run(0.5, 3)
	if !slices.Equal(a1, a2) || r1 != r2 {
		t.Error("the same seed gave different coalitional moves")
	}
	_, r0 := run(0, 3)
	e := NewEngine(&stag{act: make([]int, 7)}, bestResponders(7), rand.New(rand.NewPCG(3, 1)), 1)
	e.Step()
	if r0 != e.Rand.Uint64() {
		t.Error("a coalition rate of 0 drew from the stream")
	}
}

// TestCoalitionNeedsModel: a model without JointPayoff cannot be run with
// coalitional moves, and a classic game refuses a coalition rate.
func TestCoalitionNeedsModel(t *testing.T) {
	e := NewEngine(newToy(3), []agents.Rule{&recorder{}, &recorder{}, &recorder{}}, rand.New(rand.NewPCG(1, 1)), 1)
	e.Coalitions = Coalitions{Rate: 1, MaxSize: 2}
	defer func() {
		if recover() == nil {
			t.Error("a model without Coalitional ran with coalitional moves")
		}
	}()
	e.Step()
}
