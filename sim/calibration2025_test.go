package sim

import (
	"slices"
	"testing"
)

// TestDefaultWorld2025 checks the default world's initial state against
// the facts observed by 2025 (docs/calibration.md, F1–F4): at round 0 of
// baseline, before any revision, no nation ranks a China deal first (F3),
// so no US treaty ally does (F2); Saudi Arabia ranks the US deal first
// and the UAE ranks it above going alone (F1); the bloc holds its three
// founders only (F4). The UAE ranks the bloc first, by a margin of about
// 1% of its payoff: a miss of F1, reported in docs/calibration.md, not
// tuned away.
func TestDefaultWorld2025(t *testing.T) {
	r := newRun(t, baseline(t), 0)
	b := r.Bloc
	acts := b.Actions()
	idx := func(name string) int { return slices.Index(acts, name) }
	first := func(i int) int {
		best := -1
		for a := range acts {
			if b.Available(i, a) && (best < 0 || b.Payoff(i, a) > b.Payoff(i, best)) {
				best = a
			}
		}
		return best
	}
	for i, id := range b.NIDs {
		if a := first(i); a == idx("deal-CN") {
			t.Errorf("F3: %s ranks a China deal first at round 0", id)
		}
	}
	sa, ae := slices.Index(b.NIDs, "SA"), slices.Index(b.NIDs, "AE")
	if a := first(sa); a != idx("deal-US") {
		t.Errorf("F1: SA ranks %s first at round 0, want deal-US", acts[a])
	}
	if b.Payoff(ae, idx("deal-US")) <= b.Payoff(ae, idx("alone")) {
		t.Errorf("F1: AE ranks going alone above the US deal at round 0")
	}
	t.Logf("F1: AE at round 0: bloc %.4f, deal-US %.4f, alone %.4f", b.Payoff(ae, 0), b.Payoff(ae, idx("deal-US")), b.Payoff(ae, idx("alone")))
	var members []string
	for i, id := range b.NIDs {
		if b.Action(i) == 0 {
			members = append(members, id)
		}
	}
	if !slices.Equal(members, []string{"FR", "IN", "JP"}) {
		t.Errorf("F4: the bloc at round 0 is %v, want its founders FR, IN, JP", members)
	}
}
