package aibloc

import (
	"math"
	"testing"

	"github.com/minilateral/minilateral/scenarios"
)

// TestProductivityTarget: the default A makes the modelled actors' output
// at their endowments equal world private AI investment in 2024 per
// quarter, US$150.8B / 4 = 37.7 (docs/calibration.md, F8), within 1%.
func TestProductivityTarget(t *testing.T) {
	s, err := scenarios.Bundle("baseline")
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for s := range b.S {
		sum += b.prod.Y(&b.es[s])
	}
	for i := range b.N {
		sum += b.prod.Y(&b.e[i])
	}
	const target = 150.8 / 4
	if math.Abs(sum-target) > 0.01*target {
		t.Errorf("ΣY = %.3f per quarter at A = %v, want %.3f ± 1%%: recalibrate world.productivity (A = %.4g)",
			sum, b.prod.A, target, b.prod.A*target/sum)
	}
}
