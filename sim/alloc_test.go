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
