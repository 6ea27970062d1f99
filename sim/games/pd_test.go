package games

import (
	"math"
	"testing"

	"github.com/minilateral/minilateral/agents"
	"github.com/minilateral/minilateral/sim"
)

// meanTotal plays row against column reps times under the engine's random
// stopping rule with continuation delta and returns the row player's mean
// total payoff. Replicate r uses sim.Stream(seed, r) for every δ and every
// pairing (common random numbers: deterministic strategies draw nothing,
// so a replicate's game length is the same across pairings and rises with δ).
func meanTotal(t testing.TB, pay [4]float64, row, col string, delta float64, reps int, seed uint64) float64 {
	t.Helper()
	sum := 0.0
	for r := range reps {
		g, err := NewPD(pay[0], pay[1], pay[2], pay[3])
		if err != nil {
			t.Fatal(err)
		}
		a, err := NewStrategy(row, g, 0, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		b, err := NewStrategy(col, g, 1, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		e := sim.NewEngine(g, []agents.Rule{a, b}, sim.Stream(seed, uint64(r)), delta)
		for e.Step() {
		}
		sum += g.Total(0)
	}
	return sum / float64(reps)
}

// sweep returns the smallest δ on the grid lo, lo+step, … ≤ hi at which
// the incumbent pairing's mean total is at least every deviation's.
func sweep(t testing.TB, pay [4]float64, incumbent string, deviations []string, lo, hi, step float64, reps int) float64 {
	for k := 0; ; k++ {
		d := lo + float64(k)*step
		if d > hi+1e-12 {
			return math.NaN()
		}
		v := meanTotal(t, pay, incumbent, incumbent, d, reps, 11)
		ok := true
		for _, dev := range deviations {
			if meanTotal(t, pay, dev, incumbent, d, reps, 11) > v {
				ok = false
				break
			}
		}
		if ok {
			return d
		}
	}
}

// The critical discount factors of the repeated prisoner's dilemma,
// recovered from simulated play by sweeping δ in steps of 0.005:
//   - grim trigger is subgame perfect iff δ ≥ (T−R)/(T−P) (Friedman 1971):
//     the profitable deviation against grim is always-defect (after a
//     defection grim's punishment is itself a best response);
//   - tit-for-tat is collectively stable iff w ≥ max((T−R)/(T−P),
//     (T−R)/(R−S)) (Axelrod 1984): the deviations are always-defect and
//     alternating defection and cooperation.
//
// Tolerance 0.01 on δ; 4000 replicates per δ (from δ = 0.05) and pairing.
func TestPDCriticalDiscountFactors(t *testing.T) {
	reps := 4000
	if testing.Short() {
		reps = 2000
	}
	for _, pay := range [][4]float64{{5, 3, 1, 0}, {6, 4, 1, 0}, {4, 3, 0, -1}} {
		g, err := NewPD(pay[0], pay[1], pay[2], pay[3])
		if err != nil {
			t.Fatal(err)
		}
		grim := sweep(t, pay, "grim", []string{"always-defect"}, 0.05, 0.95, 0.005, reps)
		if math.Abs(grim-g.GrimThreshold()) > 0.01 {
			t.Errorf("T,R,P,S=%v: grim's critical δ from play %.3f, theory %.4f", pay, grim, g.GrimThreshold())
		} else {
			t.Logf("T,R,P,S=%v: grim's critical δ from play %.3f, theory %.4f", pay, grim, g.GrimThreshold())
		}
		tft := sweep(t, pay, "tit-for-tat", []string{"always-defect", "alternate"}, 0.05, 0.95, 0.005, reps)
		if math.Abs(tft-g.TFTThreshold()) > 0.01 {
			t.Errorf("T,R,P,S=%v: tit-for-tat's critical δ from play %.3f, Axelrod %.4f", pay, tft, g.TFTThreshold())
		} else {
			t.Logf("T,R,P,S=%v: tit-for-tat's critical δ from play %.3f, Axelrod %.4f", pay, tft, g.TFTThreshold())
		}
	}
}

// Strategies behave as their definitions say, through the engine built
// from the lesson scenario.
func TestPDStrategies(t *testing.T) {
	for _, tc := range []struct {
		row, col string
		want     [2][]int // first rounds' actions
	}{
		{"tit-for-tat", "always-defect", [2][]int{{0, 1, 1, 1}, {1, 1, 1, 1}}},
		{"grim", "alternate", [2][]int{{0, 1, 1, 1}, {1, 0, 1, 0}}},
		{"tit-for-tat", "alternate", [2][]int{{0, 1, 0, 1}, {1, 0, 1, 0}}},
		{"always-cooperate", "grim", [2][]int{{0, 0, 0, 0}, {0, 0, 0, 0}}},
	} {
		s := lesson(t, "lesson-pd")
		s.Game.PD.Strategies = []string{tc.row, tc.col}
		s.World.Continuation = 0.999999
		e, err := sim.NewGame(s, sim.Stream(1, 0))
		if err != nil {
			t.Fatal(err)
		}
		g := e.Model.(*PD)
		for r := range 4 {
			e.Step()
			for i := range 2 {
				if got := g.Action(i); got != tc.want[i][r] {
					t.Errorf("%s vs %s round %d player %d: action %d, want %d", tc.row, tc.col, r, i, got, tc.want[i][r])
				}
			}
		}
	}
	// random cooperates with its probability
	g, _ := NewPD(5, 3, 1, 0)
	st, _ := NewStrategy("random", g, 0, 0.3)
	rng := sim.Stream(3, 0)
	coop := 0
	for range 20000 {
		if st.Choose(nil, rng) == Cooperate {
			coop++
		}
	}
	if f := float64(coop) / 20000; math.Abs(f-0.3) > 0.015 {
		t.Errorf("random with p=0.3 cooperated %.3f of the time", f)
	}
}
