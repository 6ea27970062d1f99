package sweep

import (
	"runtime"
	"strings"
	"testing"

	"github.com/minilateral/minilateral/scenarios"
)

// FuzzSweep feeds arbitrary [sweep] tables and --set values to the loader
// and the planner. Whatever is accepted must have a bounded design whose
// plan (NewDesign, Estimate) allocates in proportion to the text, never
// to the design; small designs are prepared and must have as many points
// as planned. testdata/fuzz/FuzzSweep keeps every input that once hung or
// crashed it; make fuzz runs it.
func FuzzSweep(f *testing.F) {
	f.Add(grid, "")
	f.Add(grid, "bloc.threat_credibility=0.5")
	f.Add(grid, "superpowers.US.export_controls=nan")
	f.Add(grid, "rounds=1000000")
	f.Add(strings.Replace(grid, "steps = 3", "steps = 2000000000", 1), "")
	f.Add(strings.Replace(grid, "replications = 3", "replications = 2000000000000", 1), "")
	f.Add(strings.Replace(grid, "record = \"corners\"", "record = \"all\"", 1), "world.rho=-0.5")
	f.Add("\n[sweep]\ndesign = \"lhs\"\nsamples = 1000000000000\n[[sweep.parameter]]\nkey = \"bloc.threat_credibility\"\nfrom = 0\nto = 1\n", "")
	f.Add("\n[sweep]\ndesign = \"lhs\"\nsamples = 5\nrecord = [0, 4]\n[[sweep.parameter]]\nkey = \"bloc.exclusion_rounds\"\nfrom = 0\nto = 9\n", "bloc.pooling_share=0.2")
	f.Add("\n[[sweep.parameter]]\nkey = \"superpowers.US.export_controls\"\nfrom = 0\nto = 1\nsteps = 3000\n[[sweep.parameter]]\nkey = \"bloc.threat_credibility\"\nfrom = 0\nto = inf\nsteps = 3000\n", "")
	f.Fuzz(func(t *testing.T, table, set string) {
		src := []byte(world + table)
		var a, b runtime.MemStats
		runtime.ReadMemStats(&a)
		s, err := scenarios.Parse("fuzz.toml", src)
		if err != nil {
			return
		}
		if k, v, ok := strings.Cut(set, "="); ok {
			if scenarios.Set(s, strings.TrimSpace(k), v) != nil || s.Validate() != nil {
				return
			}
		}
		p, err := NewDesign(s, src)
		if err != nil {
			return
		}
		e, err := p.Estimate(EstimateOptions{Dir: ".", Workers: 2, Pilot: -1})
		runtime.ReadMemStats(&b)
		if limit := 16<<20 + 4096*uint64(len(src)+len(set)); b.TotalAlloc-a.TotalAlloc > limit {
			t.Fatalf("loading and planning %d bytes allocated %d bytes (limit %d)", len(src)+len(set), b.TotalAlloc-a.TotalAlloc, limit)
		}
		points, runs := s.DesignSize()
		if runs > scenarios.MaxDesignRuns || int64(p.Points) != points || int64(p.Runs()) != runs {
			t.Fatalf("design of %d points, %d runs; plan %d points, %d runs", points, runs, p.Points, p.Runs())
		}
		if err != nil {
			return
		}
		if e.Runs != runs || e.Output < e.RunsBytes || e.Peak < e.RunsBytes {
			t.Fatalf("estimate %+v of a design of %d runs", e, runs)
		}
		if p.Points <= 8 {
			if err := p.Prepare(nil); err != nil {
				return
			}
			n := 0
			for pt := range p.Points {
				n++
				if got := len(p.Values(pt, nil)); got != len(p.Params) {
					t.Fatalf("point %d has %d values, want %d", pt, got, len(p.Params))
				}
			}
			if n != p.Points {
				t.Fatalf("%d points, planned %d", n, p.Points)
			}
		}
	})
}
