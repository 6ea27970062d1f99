package sim

import (
	"testing"

	"github.com/minilateral/minilateral/scenarios"
)

func baseline(tb testing.TB) *scenarios.Scenario {
	tb.Helper()
	s, err := scenarios.Bundle("baseline")
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkBaselineRun is one 80-round run of the calibrated baseline,
// construction included.
func BenchmarkBaselineRun(b *testing.B) {
	s := baseline(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r, err := New(s, Stream(s.Seed, uint64(i)))
		if err != nil {
			b.Fatal(err)
		}
		r.RunAll(nil)
	}
}

// BenchmarkRound is one steady-state round of the baseline.
func BenchmarkRound(b *testing.B) {
	s := baseline(b)
	r, err := New(s, Stream(s.Seed, 0))
	if err != nil {
		b.Fatal(err)
	}
	for range 50 {
		r.Engine.Step()
	}
	b.ReportAllocs()
	for b.Loop() {
		r.Engine.Step()
	}
}

// BenchmarkVariantRun is one 80-round run of the baseline with each
// policy mode, decision rule and code path switched on (see variants).
func BenchmarkVariantRun(b *testing.B) {
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			s := variantScenario(b, v)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				r, err := New(s, Stream(s.Seed, uint64(i)))
				if err != nil {
					b.Fatal(err)
				}
				r.RunAll(nil)
			}
		})
	}
}
