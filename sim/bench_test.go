package sim

import (
	"testing"

	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim/aibloc"
)

func baseline(tb testing.TB) *scenarios.Scenario {
	tb.Helper()
	s, err := scenarios.Bundle("baseline")
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkBaselineRun is one 80-round run of the calibrated baseline
// with its moving parts off (reinvestment, shocks, coalitional moves:
// issue 8's target), construction included.
func BenchmarkBaselineRun(b *testing.B) { benchRuns(b, stillBaseline(b)) }

// benchRuns times whole runs of s, one stream per iteration.
func benchRuns(b *testing.B, s *scenarios.Scenario) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r, err := New(s, Stream(s.Seed, uint64(i)))
		if err != nil {
			b.Fatal(err)
		}
		r.RunAll(nil)
	}
}

// BenchmarkRound is one steady-state round of the still baseline.
func BenchmarkRound(b *testing.B) {
	s := stillBaseline(b)
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
		b.Run(v.name, func(b *testing.B) { benchRuns(b, variantScenario(b, v)) })
	}
}

// BenchmarkMovingRun is one 80-round run of the baseline as bundled, its
// world moving (reinvestment, shocks, coalitional moves), construction
// included.
func BenchmarkMovingRun(b *testing.B) { benchRuns(b, baseline(b)) }

// BenchmarkMovingRound is the mean round over rounds 21–80 of the moving
// baseline (issue 9's target): each iteration plays those 60 rounds of a
// fresh run (its first 20 rounds untimed), and the reported time is per
// round.
func BenchmarkMovingRound(b *testing.B) {
	s := baseline(b)
	b.ReportAllocs()
	rounds := 0
	var work aibloc.Work // over the timed rounds
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		r, err := New(s, Stream(s.Seed, uint64(i)))
		if err != nil {
			b.Fatal(err)
		}
		for range 20 {
			r.Step()
		}
		w0 := r.Bloc.Work()
		b.StartTimer()
		for r.Step() {
			rounds++
		}
		w := r.Bloc.Work()
		work.Slots += w.Slots - w0.Slots
		work.Lazy += w.Lazy - w0.Lazy
		work.Searches += w.Searches - w0.Searches
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(rounds), "ns/round")
	b.ReportMetric(float64(work.Slots)/float64(rounds), "slots/round")
	b.ReportMetric(float64(work.Lazy)/float64(rounds), "lazy/round")
	b.ReportMetric(float64(work.Searches)/float64(rounds), "searches/round")
}
