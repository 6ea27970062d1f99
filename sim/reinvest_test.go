package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/minilateral/minilateral/agents"
)

// TestReallocationConserves checks M9's conservation on random scenarios
// (property 9's second half): every round, each factor's endowment shares
// summed over all actors (superpowers and nations) equal their round-0
// sum within 1e-12 relative, every share stays non-negative, and factors
// M9 does not move (hardware, energy) do not move at all.
func TestReallocationConserves(t *testing.T) {
	n := 200
	if testing.Short() {
		n = 20
	}
	rng := rand.New(rand.NewPCG(2026, 9))
	moved := 0
	for k := range n {
		src := randomTOML(rng)
		s := parse(t, src)
		s.World.Reinvestment = 0.05 + 0.45*rng.Float64()
		if k%2 == 0 {
			s.World.TalentMobility = 0.3 * rng.Float64()
		}
		r := newRun(t, s, uint64(k))
		b := r.Bloc
		total := func() (tot [agents.NumFactors]float64) {
			for i := range b.N {
				e := b.NationEndowment(i)
				for f := range tot {
					tot[f] += e[f]
				}
			}
			for j := range b.S {
				e := b.SuperpowerEndowment(j)
				for f := range tot {
					tot[f] += e[f]
				}
			}
			return tot
		}
		e0 := total()
		first := fmt.Sprint(b.NationEndowment(0))
		for r.Step() {
			got := total()
			for f := range got {
				if math.Abs(got[f]-e0[f]) > 1e-12*e0[f] {
					t.Fatalf("scenario %d round %d: %s shares sum to %v, want %v\n%s",
						k, b.Metrics.Round, agents.FactorNames[f], got[f], e0[f], src)
				}
				if f == int(agents.Hardware) || f == int(agents.Energy) {
					if got[f] != e0[f] {
						// summed in the same order: unmoved shares give the same bits
						t.Fatalf("scenario %d: %s moved", k, agents.FactorNames[f])
					}
				}
			}
			for i := range b.N {
				for f, v := range b.NationEndowment(i) {
					if !(v >= 0) {
						t.Fatalf("scenario %d: nation %d's %s share %v", k, i, agents.FactorNames[f], v)
					}
				}
			}
		}
		if fmt.Sprint(b.NationEndowment(0)) != first {
			moved++
		}
	}
	if moved < n/2 {
		t.Errorf("endowments moved in only %d of %d scenarios", moved, n)
	}
}
