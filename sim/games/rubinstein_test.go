package games

import (
	"fmt"
	"math"
	"testing"

	"github.com/minilateral/minilateral/sim"
)

// Rubinstein (1982): backward induction over a long horizon converges to
// the first-mover share x* = (1−δ2)/(1−δ1δ2); the error after H periods is
// at most (δ1δ2)^⌊H/2⌋. Tolerance: that bound plus 1e-12.
func TestRubinsteinBackwardInduction(t *testing.T) {
	for _, d := range [][2]float64{{0.9, 0.9}, {0.9, 0.8}, {0.5, 0.95}, {0.99, 0.99}, {0.3, 0.3}} {
		want := ClosedForm(d[0], d[1], 0)
		prevErr := math.Inf(1)
		for _, h := range []int{10, 100, 1000, 10000} {
			x := BackwardInduction(d[0], d[1], 0, h)[0]
			err := math.Abs(x - want)
			bound := math.Pow(d[0]*d[1], float64(h/2)) + 1e-12
			if err > bound {
				t.Errorf("δ=%v H=%d: share %v, closed form %v, error %v above %v", d, h, x, want, err, bound)
			}
			if err > prevErr+1e-15 {
				t.Errorf("δ=%v H=%d: error %v grew from %v", d, h, err, prevErr)
			}
			prevErr = err
		}
	}
}

// playRubinstein runs the lesson scenario on the engine with best response
// and returns the outcome.
func playRubinstein(t *testing.T, d1, d2, w float64) (period int, share [2]float64, opted bool, g *Rubinstein) {
	t.Helper()
	s := lesson(t, "lesson-rubinstein", fmt.Sprintf("game.rubinstein.delta1=%v", d1),
		fmt.Sprintf("game.rubinstein.delta2=%v", d2), fmt.Sprintf("game.rubinstein.outside_option=%v", w))
	e, err := sim.NewGame(s, sim.Stream(s.Seed, 0))
	if err != nil {
		t.Fatal(err)
	}
	g = e.Model.(*Rubinstein)
	for e.Round() < s.Rounds && e.Step() {
		if done, _, _, _ := g.Outcome(); done {
			break
		}
	}
	done, period, share, opted := g.Outcome()
	if !done {
		t.Fatalf("δ=%v,%v W=%v: no agreement in %d rounds", d1, d2, w, s.Rounds)
	}
	return period, share, opted, g
}

// Engine play with best response on the payoff module (each action valued
// at its subgame-perfect continuation) agrees in period 0 on the
// backward-induction share, up to the offer grid 1/G. With an outside
// option W for player 2 (Binmore, Shaked & Sutton 1989), the
// outside-option principle: the option changes nothing when W ≤ 1−x*
// (what player 2 gets without it); when W > 1−x*, player 2 gets exactly W.
func TestRubinsteinPlayAndOutsideOption(t *testing.T) {
	const grid = 1e-4 // the lesson's G = 10000
	for _, tc := range []struct{ d1, d2, w float64 }{
		{0.9, 0.8, 0}, {0.9, 0.9, 0}, {0.6, 0.95, 0},
		{0.9, 0.8, 0.2}, // 1−x* = 0.2857: not binding
		{0.9, 0.8, 0.6}, // binding
		{0.9, 0.9, 0.4}, // 1−x* = 0.4737: not binding
		{0.9, 0.9, 0.7}, // binding
	} {
		period, share, opted, g := playRubinstein(t, tc.d1, tc.d2, tc.w)
		xstar := (1 - tc.d2) / (1 - tc.d1*tc.d2)
		want := ClosedForm(tc.d1, tc.d2, tc.w)
		if period != 0 || opted {
			t.Errorf("%+v: ended in period %d (opted out %v), want agreement in period 0", tc, period, opted)
		}
		if math.Abs(g.FirstMoverShare()-want) > 1e-9 {
			t.Errorf("%+v: backward-induction share %v, want %v", tc, g.FirstMoverShare(), want)
		}
		if share[0] > want+1e-12 || share[0] < want-grid-1e-12 {
			t.Errorf("%+v: engine play gave player 1 %v, want %v within the grid %v", tc, share[0], want, grid)
		}
		p2 := math.Max(1-xstar, tc.w)
		if math.Abs(share[1]-p2) > grid+1e-12 {
			t.Errorf("%+v: player 2 got %v, outside-option principle says max(1−x*, W) = %v", tc, share[1], p2)
		}
	}
}
