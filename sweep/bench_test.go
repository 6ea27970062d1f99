package sweep

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

// benchPlan is the bundled default sweep without series; the benchmarks
// run its first shard of 20 (441 runs: 22 points × 20 replications).
func benchPlan(b *testing.B) *Plan {
	b.Helper()
	src, err := scenarios.BundledSource("export-controls-vs-threat")
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Replace(string(src), `record = "corners"`, `record = "none"`, 1)
	s, err := scenarios.Parse("bench.toml", []byte(text))
	if err != nil {
		b.Fatal(err)
	}
	p, err := NewPlan(s, []byte(text))
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkSingleRun is one run of the benchmark shard's points and
// replicates in turn, construction included: the work the runner adds
// overhead to.
func BenchmarkSingleRun(b *testing.B) {
	p := benchPlan(b)
	scen := make([]*scenarios.Scenario, 22)
	for i := range scen {
		scen[i], _ = p.Scenario(i)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r, err := sim.New(scen[i/20%22], sim.Stream(p.Master, uint64(i%20)))
		if err != nil {
			b.Fatal(err)
		}
		r.RunAll(nil)
	}
}

var benchShard = Shard{I: 1, N: 20}

// BenchmarkSweep runs the 441-run shard through the whole runner (pool,
// journal, final tables) per iteration; ns/run compares with
// BenchmarkSingleRun's ns/op.
func BenchmarkSweep(b *testing.B) {
	p := benchPlan(b)
	for _, j := range []int{1, 2} {
		b.Run(map[int]string{1: "j1", 2: "j2"}[j], func(b *testing.B) {
			dir := b.TempDir()
			lo, hi := benchShard.Range(p.Runs())
			runs := hi - lo
			i := 0
			for b.Loop() {
				i++
				out := filepath.Join(dir, strings.Repeat("x", i%3+1))
				if _, err := RunDir(context.Background(), p, Options{Dir: out, Workers: j, Shard: benchShard}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*runs), "ns/run")
		})
	}
}
