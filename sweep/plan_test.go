package sweep

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/minilateral/minilateral/scenarios"
)

// TestPlanOfHugeDesign plans a design of 10^9 points and 2·10^9 runs:
// sizes, estimate and refusal come in bounded memory, without generating
// a point. Beyond 2^31−1 runs the runner cannot go: NewDesign says so.
func TestPlanOfHugeDesign(t *testing.T) {
	huge := strings.Replace(grid, "steps = 3", "steps = 500000000", 1)
	over := []byte(world + huge)
	s, err := scenarios.Parse("t.toml", over)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewDesign(s, over); err == nil || !strings.Contains(err.Error(), "3000000000 runs: at most 2147483647 runs") {
		t.Errorf("3·10^9 runs: %v", err)
	}
	src := []byte(world + strings.Replace(huge, "replications = 3", "replications = 2", 1))
	s, err = scenarios.Parse("t.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	p, err := NewDesign(s, src)
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Estimate(EstimateOptions{Dir: t.TempDir(), Workers: 2, Pilot: 1})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&b)
	if alloc := b.TotalAlloc - a.TotalAlloc; alloc > 50<<20 {
		t.Errorf("planning 10^9 points allocated %d bytes", alloc)
	}
	if e.Points != 1_000_000_000 || e.Runs != 2_000_000_000 {
		t.Errorf("estimate of %d points, %d runs", e.Points, e.Runs)
	}
	err = e.Check(Limits{})
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "pass --max-runs 2000000000") {
		t.Errorf("Check: %v", err)
	}
	if e.Pilot != 1 || e.PerRun <= 0 || e.RunsBytes <= 0 || e.SeriesBytes <= 0 {
		t.Errorf("pilot not measured: %+v", e)
	}
}

// TestPrepareProgress reports every point, in order, with the total.
func TestPrepareProgress(t *testing.T) {
	src := []byte(world + grid)
	s, err := scenarios.Parse("t.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewDesign(s, src)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	if err := p.Prepare(func(done, total int) {
		if total != p.Points {
			t.Errorf("total %d, want %d", total, p.Points)
		}
		got = append(got, done)
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != p.Points || got[0] != 1 || got[len(got)-1] != p.Points {
		t.Errorf("progress %v for %d points", got, p.Points)
	}
	q := plan(t, grid)
	for pt := range p.Points {
		if a, b := p.Values(pt, nil), q.Values(pt, nil); len(a) != len(b) || a[0] != b[0] || a[1] != b[1] {
			t.Errorf("point %d: %v, NewPlan's %v", pt, a, b)
		}
	}
}
