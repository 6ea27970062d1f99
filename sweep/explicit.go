package sweep

// This file implements explicit designs: the points of a sensitivity
// analysis (Saltelli blocks, Morris trajectories), given point by point,
// run by the same runner as grids and Latin hypercubes.

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/minilateral/minilateral/scenarios"
)

// DummyKey names the dummy parameter of an explicit design.
const DummyKey = "dummy"

// NewDesignPlan builds the plan of an explicit design: points[i] holds
// point i's values of params (in order), design names it in the manifest
// (e.g. "sobol"), each point runs reps replications from master. When
// dummy ≥ 0, params[dummy] is a dummy parameter: it sets nothing in the
// scenario, and streams[i] chooses the random streams of point i's runs
// (see dummyStream), so that rows differing only in the dummy differ only
// in their noise. Without a dummy (dummy < 0, streams nil) replicate r of
// every point draws stream r: common random numbers. Every point of the
// ai-bloc model is applied to the scenario and validated (cross-table
// rules may fail inside valid ranges).
func NewDesignPlan(s *scenarios.Scenario, params []Param, points [][]float64, design string, reps int, master uint64, dummy int, streams []uint64) (*Plan, error) {
	fn, isFunc := funcModel(s.Model)
	if s.Model != "ai-bloc" && !isFunc {
		return nil, fmt.Errorf("sweep: scenario %s uses model %q; the runner runs the ai-bloc model and the analytic test models", s.Name, s.Model)
	}
	if reps < 1 {
		return nil, fmt.Errorf("sweep: %d replications: want at least 1", reps)
	}
	if int64(len(points))*int64(reps) > math.MaxInt32 {
		return nil, fmt.Errorf("sweep: %d points × %d replications is too many runs", len(points), reps)
	}
	if dummy >= 0 && len(streams) != len(points) {
		panic("sweep: NewDesignPlan: a dummy parameter needs one stream key per point")
	}
	for i, pt := range points {
		if len(pt) != len(params) {
			panic(fmt.Sprintf("sweep: NewDesignPlan: point %d has %d values for %d parameters", i, len(pt), len(params)))
		}
	}
	p := &Plan{Base: s, Params: params, Design: design, Seeding: scenarios.SeedingCommon, Master: master,
		Reps: reps, Points: len(points), lhs: points, fn: fn, dummy: dummy, streams: streams, prepared: true}
	for id := range s.Superpowers {
		p.SIDs = append(p.SIDs, id)
	}
	slices.Sort(p.SIDs)
	var errs []error
	check := p.Points
	if fn != nil {
		// A function model has no rules across parameters, and every
		// value lies in its key's valid range (the caller checked the
		// ranges): validating the first point suffices.
		check = min(check, 1)
	}
	for pt := range check {
		if _, err := p.Scenario(pt); err != nil {
			for _, e := range unwrapAll(err) {
				errs = append(errs, fmt.Errorf("sweep: point %d (%s): %w", pt, p.describe(pt), e))
			}
			if len(errs) >= 5 {
				break
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// dummyStream is the stream of replicate rep at point pt of a design
// with a dummy parameter: a hash of the point's stream key plus the
// replicate. Points sharing a key share their streams, as common random
// numbers.
func (p *Plan) dummyStream(pt, rep int) uint64 {
	x := p.streams[pt] + 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	x ^= x >> 31
	return x + uint64(rep)
}

// Explicit reports whether the plan's points were given (not a grid or
// a Latin hypercube).
func (p *Plan) Explicit() bool {
	return p.Design != scenarios.DesignGrid && p.Design != scenarios.DesignLHS
}
