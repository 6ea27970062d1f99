package sim_test

import (
	"fmt"

	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

// An 80-round (2026–2045) run of the calibrated baseline, as `minilateral run
// baseline` plays it (seed 1, stream 0).
func ExampleRun_RunAll() {
	s, err := scenarios.Bundle("baseline")
	if err != nil {
		panic(err)
	}
	r, err := sim.New(s, sim.Stream(s.Seed, 0))
	if err != nil {
		panic(err)
	}
	o := r.RunAll(nil)
	fmt.Printf("rounds %d, final bloc size %d, mean %.1f over the last %d\n", o.Rounds, o.FinalBlocSize, o.MeanBlocSize, s.World.Window)
	fmt.Printf("credible threat in %d rounds, highest %.2f\n", o.CredibleRounds, o.MaxThreat)
	// Output:
	// rounds 80, final bloc size 13, mean 13.0 over the last 20
	// credible threat in 80 rounds, highest 0.60
}

// With the switching threat's credibility at 0 the bloc earns no terms;
// on stream 0 it still ends with 11 members, the Gulf states in US deals
// (as in 9 of the first 10 seeds; which runs unravel depends on the first
// rounds' exits).
func ExampleRun_RunAll_noThreat() {
	s, _ := scenarios.Bundle("baseline")
	if err := scenarios.Set(s, "bloc.threat_credibility", "0"); err != nil {
		panic(err)
	}
	r, _ := sim.New(s, sim.Stream(s.Seed, 0))
	o := r.RunAll(nil)
	fmt.Printf("final bloc size %d, mean terms %.1f\n", o.FinalBlocSize, o.MeanTerms)
	// Output:
	// final bloc size 11, mean terms 0.0
}
