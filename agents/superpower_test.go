package agents

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestAdaptControls(t *testing.T) {
	peak := func(at float64) func(float64) float64 {
		return func(x float64) float64 { return -math.Abs(x - at) }
	}
	tests := []struct {
		name        string
		x, step     float64
		utility     func(float64) float64
		want        float64
		evaluations int
	}{
		{"climbs up", 0.5, 0.1, peak(0.9), 0.6, 3},
		{"climbs down", 0.5, 0.1, peak(0.1), 0.4, 3},
		{"stays at the peak", 0.5, 0.1, peak(0.5), 0.5, 3},
		{"clamped at 1: x+Δ is x", 1, 0.1, peak(2), 1, 2},
		{"clamped at 0", 0.05, 0.1, peak(-1), 0, 3},
		{"flat keeps x", 0.3, 0.1, func(float64) float64 { return 7 }, 0.3, 3},
		{"tie between the steps prefers x−Δ", 0.5, 0.1, func(x float64) float64 { return math.Abs(x - 0.5) }, 0.4, 3},
		{"gain within tolerance keeps x", 0.5, 0.1, func(x float64) float64 { return 1e6 + x*1e-6 }, 0.5, 3},
		{"zero step", 0.5, 0, peak(1), 0.5, 1},
	}
	for _, tc := range tests {
		n := 0
		got := AdaptControls(tc.x, tc.step, func(x float64) float64 { n++; return tc.utility(x) })
		if math.Abs(got-tc.want) > 1e-12 || n != tc.evaluations {
			t.Errorf("%s: AdaptControls = %v after %d evaluations, want %v after %d", tc.name, got, n, tc.want, tc.evaluations)
		}
	}
}

func TestBuy(t *testing.T) {
	// Five members: scores (damage per unit price), tie-breakers and prices.
	score := []float64{1, 3, 3, 0.5, 2}
	second := []float64{0, 1, 2, 0, 0}
	price := []float64{1, 2, 2, 0.5, 4}
	tests := []struct {
		name   string
		budget float64
		bought []int
		order  []int
	}{
		{"nothing affordable", 0.4, nil, []int{2, 1, 4, 0, 3}},
		{"best first, tie by second", 2, []int{2}, []int{2, 1, 4, 0, 3}},
		{"skips what no longer fits, buys cheaper later", 5.5, []int{2, 1, 0, 3}, []int{2, 1, 4, 0, 3}},
		{"everything", 100, []int{2, 1, 4, 0, 3}, []int{2, 1, 4, 0, 3}},
	}
	for _, tc := range tests {
		idx := []int{0, 1, 2, 3, 4}
		var bought []int
		spent := Buy(idx, score, second, price, tc.budget, func(i int, p float64) {
			if p != price[i] {
				t.Errorf("%s: bought %d at %v, its price is %v", tc.name, i, p, price[i])
			}
			bought = append(bought, i)
		})
		want := 0.0
		for _, i := range tc.bought {
			want += price[i]
		}
		if !slices.Equal(bought, tc.bought) || !slices.Equal(idx, tc.order) || spent != want || spent > tc.budget {
			t.Errorf("%s: bought %v (order %v, spent %v), want %v (order %v, spent %v)", tc.name, bought, idx, spent, tc.bought, tc.order, want)
		}
	}
	// Exact ties keep the candidates' order: stable.
	idx := []int{3, 1, 2}
	Buy(idx, []float64{0, 1, 1, 1}, []float64{0, 0, 0, 0}, []float64{1, 1, 1, 1}, 0, func(int, float64) {})
	if !slices.Equal(idx, []int{3, 1, 2}) {
		t.Errorf("ties reordered: %v", idx)
	}
}

func ExampleAdaptControls() {
	// A superpower whose utility peaks at controls 0.72 moves towards it
	// one step of 0.1 per round.
	u := func(x float64) float64 { return -(x - 0.72) * (x - 0.72) }
	x := 0.3
	for range 6 {
		x = AdaptControls(x, 0.1, u)
		fmt.Printf("%.1f ", x)
	}
	fmt.Println()
	// Output: 0.4 0.5 0.6 0.7 0.7 0.7
}
