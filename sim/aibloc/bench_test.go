package aibloc

import (
	"testing"

	"github.com/minilateral/minilateral/scenarios"
)

// BenchmarkNew is the construction of the baseline model: policy,
// purchases of every nation under every kind of action, initial stocks.
func BenchmarkNew(b *testing.B) {
	s, err := scenarios.Bundle("baseline")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(s); err != nil {
			b.Fatal(err)
		}
	}
}
