package sim

import "testing"

// TestSteadyStateRoundAllocates0: after 50 rounds, a round of the baseline
// allocates nothing, nor does it with adaptive controls, divide and rule,
// consensus entry, Cobb–Douglas production or any decision rule.
func TestSteadyStateRoundAllocates0(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("allocation counts are not meaningful under -cover")
	}
	for _, v := range variants {
		s := variantScenario(t, v)
		s.Rounds = 1 << 20
		r := newRun(t, s, 0)
		for range 50 {
			r.Step()
		}
		if n := testing.AllocsPerRun(100, func() { r.Step() }); n != 0 {
			t.Errorf("%s: %v allocations per round", v.name, n)
		}
	}
}

// TestStillSteadyStateChoosesNothing: once the still baseline has settled
// (nothing moves: no reinvestment, no shocks), a round recomputes no slot
// and searches no purchase (P3: held purchases are re-checked only when
// what they depend on moves). A rule that re-chose every round, as the
// drift rule came to in a moving world, fails it.
func TestStillSteadyStateChoosesNothing(t *testing.T) {
	s := stillBaseline(t)
	s.Rounds = 200
	for stream := range uint64(4) {
		r := newRun(t, s, stream)
		for range 120 {
			r.Step()
		}
		w0 := r.Bloc.Work()
		for range 40 {
			r.Step()
		}
		w := r.Bloc.Work()
		if d := w.Slots - w0.Slots; d != 0 {
			t.Errorf("stream %d: rounds 121–160 recomputed %d slots (%d searches), want none", stream, d, w.Searches-w0.Searches)
		}
	}
}
