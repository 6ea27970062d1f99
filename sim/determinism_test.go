package sim

import (
	"slices"
	"testing"

	"github.com/minilateral/minilateral/scenarios"
)

// TestDeterminism: the same scenario and stream give identical outputs
// (every per-round metric and nation value, bit for bit, and the
// outcome), run after run, for every variant; different streams differ.
func TestDeterminism(t *testing.T) {
	for _, v := range variants {
		s := variantScenario(t, v)
		first, _ := runPrint(t, s, 0)
		for range 3 {
			if got, _ := runPrint(t, variantScenario(t, v), 0); got != first {
				t.Errorf("%s: a repeated run differs", v.name)
			}
		}
	}
	// interleaving two runs (one engine does not share state with another)
	s := baseline(t)
	r1, r2 := newRun(t, s, 0), newRun(t, s, 0)
	f1, f2 := newFingerprint(), newFingerprint()
	for r1.Step() {
		f1.round(r1)
		r2.Step()
		f2.round(r2)
	}
	f1.outcome(r1.Finish())
	f2.outcome(r2.Finish())
	if f1.sum() != f2.sum() {
		t.Error("two interleaved runs of the same stream differ")
	}
	// streams matter where the rule draws
	s = variantScenario(t, variants[3]) // logit
	a, _ := runPrint(t, s, 0)
	b, _ := runPrint(t, s, 1)
	if a == b {
		t.Error("streams 0 and 1 of the logit variant are identical")
	}
}

// TestObserverChangesNothing: an observer that asks the model for every
// action's payoff at every decision leaves every output unchanged, the
// payoffs it is shown are those Payoff gives (for the chosen action
// too), and only available actions are chosen.
func TestObserverChangesNothing(t *testing.T) {
	for _, v := range variants {
		s := variantScenario(t, v)
		want, _ := runPrint(t, s, 0)

		r := newRun(t, s, 0)
		m := r.Engine.Model
		decisions := 0
		r.Engine.Observer = func(d *Decision) {
			decisions++
			if !d.Available[d.To] {
				t.Errorf("%s round %d: player %d chose unavailable action %d", v.name, d.Round, d.Player, d.To)
			}
			for a := range d.Payoffs {
				if !d.Available[a] {
					continue
				}
				if p := m.Payoff(d.Player, a); p != d.Payoffs[a] {
					t.Errorf("%s round %d player %d action %d: observer shown %v, Payoff %v", v.name, d.Round, d.Player, a, d.Payoffs[a], p)
				}
				m.OneOff(d.Player, a)
				m.Available(d.Player, a)
			}
			if p := m.Payoff(d.Player, d.To); p != d.Payoffs[d.To] {
				t.Errorf("%s: the chosen action's payoff %v differs from Payoff %v", v.name, d.Payoffs[d.To], p)
			}
		}
		f := newFingerprint()
		o := r.RunAll(f.round)
		f.outcome(o)
		if f.sum() != want {
			t.Errorf("%s: the observer changed the outputs", v.name)
		}
		if decisions == 0 {
			t.Errorf("%s: the observer saw no decision", v.name)
		}
	}
}

// TestUnreadRoundsMatch: a run whose state nothing reads between rounds
// (the slots wait for the next round's shocks) settles every round
// exactly as one read after every round (Margins, Payoff: the slots
// brought up to date provisionally), for every variant and for
// `compounding`, whose stocks move with no shock to force a refresh.
func TestUnreadRoundsMatch(t *testing.T) {
	comp, err := scenarios.Bundle("compounding")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range append(slices.Clone(variants), variant{name: "compounding"}) {
		s := comp
		if v.name != "compounding" {
			s = variantScenario(t, v)
		}
		var sums [2]uint64
		for k, read := range []bool{false, true} {
			r := newRun(t, s, 0)
			f := newFingerprint()
			o := r.RunAll(func(r *Run) {
				f.settled(r)
				if read {
					b := r.Bloc
					for i := range b.N {
						b.Margins(i)
						b.Payoff(i, 0)
					}
				}
			})
			f.outcome(o)
			sums[k] = f.sum()
		}
		if sums[0] != sums[1] {
			t.Errorf("%s: reading the state between rounds changed the outputs", v.name)
		}
	}
}

// TestPayoffIsPure: calling Payoff, OneOff and Available for every player
// and action between rounds, any number of times and in any order,
// changes no output.
func TestPayoffIsPure(t *testing.T) {
	for _, v := range variants {
		s := variantScenario(t, v)
		want, _ := runPrint(t, s, 0)
		r := newRun(t, s, 0)
		b := r.Bloc
		f := newFingerprint()
		poke := func() {
			for i := b.N - 1; i >= 0; i-- {
				for a := len(b.Actions()) - 1; a >= 0; a-- {
					b.Payoff(i, a)
					b.OneOff(i, a)
					b.Available(i, a)
				}
			}
		}
		f.round(r)
		for {
			poke()
			if !r.Step() {
				break
			}
			f.round(r)
		}
		f.outcome(r.Finish())
		if f.sum() != want {
			t.Errorf("%s: evaluating payoffs between rounds changed the outputs", v.name)
		}
	}
}
