package games_test

import (
	"fmt"

	"github.com/minilateral/minilateral/sim/games"
)

// The linear-benefit quadratic-cost game with 5 players: the coalition of
// 3 is stable when indifferent players prefer membership.
func ExampleBySize() {
	g := games.LinearQuadratic{N: 5, B: 1, C: 1}
	for _, tie := range []games.Tie{games.PreferMembership, games.StatusQuo, games.PreferOutside} {
		rows, err := games.BySize(g, games.Options{Tol: games.DefaultTol, Tie: tie})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-10s stable sizes %v\n", tie, games.StableSizes(rows))
	}
	// Output:
	// membership stable sizes [3]
	// status-quo stable sizes [0 2 3]
	// outside    stable sizes [0 2]
}

// Rubinstein's first-mover share, by backward induction over 1000 periods
// and in closed form, without and with a binding outside option.
func ExampleBackwardInduction() {
	for _, w := range []float64{0, 0.6} {
		x := games.BackwardInduction(0.9, 0.8, w, 1000)[0]
		fmt.Printf("W=%.1f: backward induction %.6f, closed form %.6f\n", w, x, games.ClosedForm(0.9, 0.8, w))
	}
	// Output:
	// W=0.0: backward induction 0.714286, closed form 0.714286
	// W=0.6: backward induction 0.400000, closed form 0.400000
}

// The critical discount factors of the repeated prisoner's dilemma.
func ExamplePD_TFTThreshold() {
	g, err := games.NewPD(5, 3, 1, 0)
	if err != nil {
		panic(err)
	}
	fmt.Printf("grim %.4f, tit-for-tat %.4f\n", g.GrimThreshold(), g.TFTThreshold())
	// Output:
	// grim 0.5000, tit-for-tat 0.6667
}

// Exact stability over all coalitions of an asymmetric game.
func ExampleEnumerate() {
	g, err := games.NewAbatement([]float64{1.0, 1.2, 0.9, 1.1}, []float64{1.0, 0.7, 1.4, 0.9})
	if err != nil {
		panic(err)
	}
	res, err := games.Enumerate(g, games.Options{Tol: games.DefaultTol, Tie: games.PreferMembership})
	if err != nil {
		panic(err)
	}
	fmt.Println("checked", res.Checked, "coalitions")
	for _, c := range res.Stable {
		fmt.Printf("members %04b, margins %.3f\n", c.Members, c.Margin)
	}
	// Output:
	// checked 16 coalitions
	// members 1100, margins [0.175 0.229 0.468 0.414]
}
