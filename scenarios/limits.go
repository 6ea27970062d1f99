package scenarios

import "math"

// Hard limits of a [sweep] table, checked when a scenario is loaded,
// before anything proportional to the design is allocated. They refuse
// only absurd designs: what a user may run is decided later, against the
// plan's estimates and the limits the user can raise (sweep's --max-runs
// and --max-output).
const (
	// MaxSteps bounds steps of a grid range.
	MaxSteps = 1_000_000_000
	// MaxSamples bounds samples of a Latin hypercube.
	MaxSamples = 1_000_000_000
	// MaxReplications bounds replications.
	MaxReplications = 1_000_000_000
	// MaxDesignRuns bounds points × replications: 10^12 runs would take
	// years on a large cluster.
	MaxDesignRuns = 1_000_000_000_000
	// MaxWholeSteps bounds steps of a range of a whole-number parameter
	// or a switch, whose every value is checked to be whole at load.
	MaxWholeSteps = 1 << 20
)

// GridLen returns the number of values of parameter p in a grid design
// without generating them: the length of its list, or its steps (1 when
// steps is not given, 0 when the range is incomplete or steps < 1).
func (p *SweepParam) GridLen() int64 {
	if p.Values != nil {
		return int64(len(p.Values))
	}
	if p.From == nil || p.To == nil {
		return 0
	}
	if p.Steps == nil {
		return 1
	}
	return max(*p.Steps, 0)
}

// GridAt returns value k (0 ≤ k < GridLen) of parameter p in a grid
// design: exactly Grid()[k], computed alone.
func (p *SweepParam) GridAt(k int64) float64 {
	if p.Values != nil {
		return p.Values[k]
	}
	n := p.GridLen()
	from, to := *p.From, *p.To
	switch {
	case n == 1 || k == 0:
		return from
	case k == n-1:
		return to
	}
	return from + (to-from)*float64(k)/float64(n-1)
}

// DesignSize returns the number of parameter points and of runs
// (points × replications) of s's sweep, computed from the table alone in
// O(parameters). Products saturate at math.MaxInt64, so an absurd table
// cannot overflow; a table that loaded has at most MaxDesignRuns runs.
// For an invalid table (an incomplete range) the sizes may be 0.
func (s *Scenario) DesignSize() (points, runs int64) {
	w := &s.Sweep
	if w.DesignName() == DesignLHS {
		points = 0
		if w.Samples != nil {
			points = max(*w.Samples, 0)
		}
	} else {
		points = 1
		for i := range w.Parameters {
			points = satMul(points, w.Parameters[i].GridLen())
		}
	}
	reps := int64(1)
	if w.Replications != nil {
		reps = max(*w.Replications, 0)
	}
	return points, satMul(points, reps)
}

// satMul multiplies non-negative a and b, saturating at math.MaxInt64.
func satMul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt64/b {
		return math.MaxInt64
	}
	return a * b
}
