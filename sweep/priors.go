package sweep

// This file implements uncertainty sweeps: at every point of a grid, the
// structural parameters of a priors file are sampled by a Latin
// hypercube, so that a phase diagram over the grid becomes a probability
// map over the prior ranges.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"

	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

// PriorParam is a parameter sampled from its prior at every grid point.
type PriorParam struct {
	Key      string
	Kind     string                  // float or int
	Quantile func(u float64) float64 // the prior's inverse distribution function
}

// WithPriors returns the uncertainty sweep of grid plan g: at every grid
// point, m samples of the prior parameters. The samples are one Latin
// hypercube of m points, drawn once (parameter j from its own generator
// sim.Stream(master, 2^64−2^32−j), as the lhs design does) and used at
// every grid point, so that grid points differ only in their grid
// values. Point p is sample p mod m of grid point ⌊p/m⌋. Recorded grid
// points record their first sample. id, a digest of the priors' text,
// enters the plan's identity, so that a resume with other priors is
// refused.
func WithPriors(g *Plan, priors []PriorParam, m int, id string) (*Plan, error) {
	if g.Design != scenarios.DesignGrid {
		return nil, fmt.Errorf("sweep: sampling the priors needs a grid design, not %q", g.Design)
	}
	if m < 1 {
		return nil, fmt.Errorf("sweep: %d prior samples: want at least 1", m)
	}
	if int64(g.Points)*int64(m)*int64(g.Reps) > math.MaxInt32 {
		return nil, fmt.Errorf("sweep: %d points × %d prior samples × %d replications is too many runs", g.Points, m, g.Reps)
	}
	keys := g.Keys()
	p := *g
	p.Params = slices.Clone(g.Params)
	for _, q := range priors {
		if slices.Contains(keys, q.Key) {
			return nil, fmt.Errorf("sweep: %s is both swept by the grid and sampled from the priors; drop it from one of them", q.Key)
		}
		p.Params = append(p.Params, Param{Key: q.Key, Kind: q.Kind})
	}
	samples := make([][]float64, m)
	for i := range samples {
		samples[i] = make([]float64, len(priors))
	}
	for j, q := range priors {
		rng := sim.Stream(g.Master, math.MaxUint64-1<<32-uint64(j))
		perm := rng.Perm(m)
		for i := range m {
			u := (float64(perm[i]) + rng.Float64()) / float64(m)
			v := q.Quantile(u)
			if q.Kind == "int" {
				v = math.Round(v)
			}
			samples[i][j] = v
		}
	}
	p.Points = g.Points * m
	p.lhs = make([][]float64, p.Points)
	for pt := range p.Points {
		p.lhs[pt] = append(g.Values(pt/m, nil), samples[pt%m]...)
	}
	p.Record = nil
	for _, r := range g.Record {
		p.Record = append(p.Record, r*m)
	}
	p.grid, p.samples = g, m
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\n%d\n", id, m)))
	p.salt = hex.EncodeToString(sum[:])
	for pt := range p.Points {
		if _, err := p.Scenario(pt); err != nil {
			return nil, fmt.Errorf("sweep: point %d (%s): %w", pt, p.describe(pt), err)
		}
	}
	return &p, nil
}

// Integrated returns the keys sampled from the priors (empty for a plain
// sweep).
func (p *Plan) Integrated() []string {
	if p.grid == nil {
		return nil
	}
	return p.Keys()[len(p.grid.Params):]
}

// PriorSamples returns the prior samples per grid point (0 for a plain
// sweep).
func (p *Plan) PriorSamples() int { return p.samples }
