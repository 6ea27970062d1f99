package agents

import "math"

// Mode is a superpower's policy mode.
type Mode int

// The policy modes (M8 of docs/model.md).
const (
	// Fixed keeps the scenario's controls and makes no offers: the sweep mode.
	Fixed Mode = iota
	// Strategic may move its export controls (adapt_controls) and buy
	// bloc members with per-round subsidies (buy_members).
	Strategic
)

// ModeNames maps scenario names to modes. "adaptive" and "divide-and-rule"
// are the presets of version 1: strategic with adapt_controls, and
// strategic with buy_members (the scenario loader sets the switch).
var ModeNames = map[string]Mode{"fixed": Fixed, "strategic": Strategic, "adaptive": Strategic, "divide-and-rule": Strategic}

// AdaptControls is the adaptive superpower's rule: of x−Δ, x and x+Δ
// (clamped to [0,1]) it returns the one with the highest utility, keeping
// x unless another is better by more than Tol·|U(x)| (relative, so the
// choice is the same in any unit of value), and preferring
// x−Δ to x+Δ on a tie. utility must not draw random numbers.
func AdaptControls(x, step float64, utility func(x float64) float64) float64 {
	best, bestU := x, utility(x)
	for _, c := range [2]float64{x - step, x + step} {
		c = math.Min(1, math.Max(0, c))
		if c == x {
			continue
		}
		if u := utility(c); u > bestU+Tol*math.Abs(bestU) {
			best, bestU = c, u
		}
	}
	return best
}

// Buy is divide and rule's purchasing rule. Candidates idx are ranked by
// score (the damage their exit does to the bloc per unit of price), then
// by second (a tie-breaker, e.g. market per unit price), then by their
// order in idx; each is bought, in rank order, while its price fits what
// is left of budget. idx is reordered in place (insertion sort: stable,
// no allocation, n small); buy is called for each purchase. It returns
// the amount committed.
func Buy(idx []int, score, second, price []float64, budget float64, buy func(i int, price float64)) float64 {
	better := func(i, j int) bool { // does i rank above j?
		if d := score[i] - score[j]; math.Abs(d) > Tol {
			return d > 0
		}
		return second[i] > second[j]+Tol*math.Abs(second[j])
	}
	for x := 1; x < len(idx); x++ {
		for y := x; y > 0 && better(idx[y], idx[y-1]); y-- {
			idx[y-1], idx[y] = idx[y], idx[y-1]
		}
	}
	left := budget
	for _, i := range idx {
		if p := price[i]; p <= left {
			buy(i, p)
			left -= p
		}
	}
	return budget - left
}
