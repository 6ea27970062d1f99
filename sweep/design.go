package sweep

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

// Param is one swept parameter of a plan.
type Param struct {
	Key    string
	Kind   string    // float, int or bool
	Values []float64 // grid values, or the list an lhs samples from; nil for an lhs range
	From   float64   // lhs range
	To     float64
}

// Plan is a validated sweep: the base scenario, the design and its runs.
type Plan struct {
	Base    *scenarios.Scenario // scenario with overrides, before the swept values
	Params  []Param
	Design  string // grid or lhs
	Seeding string // common or independent
	Master  uint64
	Reps    int
	Points  int
	SIDs    []string // superpower ids, sorted
	Record  []int    // recorded points, sorted (filled by Prepare)

	lhs     [][]float64 // lhs or an explicit design: point × parameter
	fn      *FuncModel  // a function model, or nil for the ai-bloc engine
	dummy   int         // index of the dummy parameter (explicit designs), or −1
	streams []uint64    // with a dummy: each point's stream key

	grid    *Plan  // an uncertainty sweep's grid (priors.go), or nil
	samples int    // prior samples per grid point
	salt    string // enters the plan's identity (the priors' digest)

	prepared bool // Prepare has generated and checked the points
}

// NewPlan builds the plan of scenario s's [sweep] table. src, the
// scenario's source, locates errors (it may be nil). Every point is
// applied to the scenario and validated, so a plan that builds runs
// without input errors. It is NewDesign followed by Prepare.
func NewPlan(s *scenarios.Scenario, src []byte) (*Plan, error) {
	p, err := NewDesign(s, src)
	if err != nil {
		return nil, err
	}
	if err := p.Prepare(nil); err != nil {
		return nil, err
	}
	return p, nil
}

// NewDesign checks scenario s's [sweep] table and returns its plan
// without generating its points: its size (Points, Reps, Runs) and
// Estimate need time and memory in proportion to the number of swept
// parameters only. Prepare must be called before the plan is run.
func NewDesign(s *scenarios.Scenario, src []byte) (*Plan, error) {
	fn, isFunc := funcModel(s.Model)
	if s.Model != "ai-bloc" && !isFunc {
		return nil, fmt.Errorf("sweep: scenario %s uses model %q; sweep runs the ai-bloc model and the analytic test models", s.Name, s.Model)
	}
	infos, err := s.ValidateSweep(src)
	if err != nil {
		return nil, err
	}
	w := &s.Sweep
	p := &Plan{Base: s, Design: w.DesignName(), Seeding: w.SeedingName(), Master: s.MasterSeed(), Reps: w.Reps(), fn: fn, dummy: -1}
	for id := range s.Superpowers {
		p.SIDs = append(p.SIDs, id)
	}
	slices.Sort(p.SIDs)
	points, runs := s.DesignSize()
	if runs > math.MaxInt32 {
		return nil, fmt.Errorf("sweep: %d points × %d replications = %d runs: at most %d runs in one sweep", points, p.Reps, runs, math.MaxInt32)
	}
	p.Points = int(points)
	for i := range w.Parameters {
		sp := &w.Parameters[i]
		q := Param{Key: sp.Key, Kind: infos[i].Kind}
		if p.Design == scenarios.DesignLHS {
			q.Values = sp.Values
			if sp.From != nil {
				q.From, q.To = *sp.From, *sp.To
			}
		}
		p.Params = append(p.Params, q)
	}
	return p, nil
}

// Prepare generates the design's values, the Latin hypercube's points and
// the recorded points, then validates every point (a swept value may
// break a cross-table rule, e.g. endowment shares summing above 1),
// calling progress, when not nil, after each point. It allocates in
// proportion to the design: call it once the user has agreed to the plan.
// Preparing a prepared plan does nothing.
func (p *Plan) Prepare(progress func(done, total int)) error {
	if p.prepared {
		return nil
	}
	w := &p.Base.Sweep
	if p.Design == scenarios.DesignGrid {
		for i := range p.Params {
			p.Params[i].Values = w.Parameters[i].Grid()
		}
	} else {
		p.lhs = latinHypercube(p.Params, p.Points, p.Master)
	}
	switch {
	case w.Record.Points != nil:
		for _, x := range w.Record.Points {
			p.Record = append(p.Record, int(x))
		}
		slices.Sort(p.Record)
		p.Record = slices.Compact(p.Record)
	case w.Record.Mode == "all":
		p.Record = make([]int, p.Points)
		for i := range p.Record {
			p.Record[i] = i
		}
	case w.Record.Mode == "corners":
		p.Record = p.corners()
	}
	for pt := range p.Points {
		if _, err := p.Scenario(pt); err != nil {
			var errs []error
			for _, e := range unwrapAll(err) {
				errs = append(errs, fmt.Errorf("sweep: point %d (%s): %w", pt, p.describe(pt), e))
			}
			return errors.Join(errs...)
		}
		if progress != nil {
			progress(pt+1, p.Points)
		}
	}
	p.prepared = true
	return nil
}

func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// describe names a point's values: key=value, ...
func (p *Plan) describe(pt int) string {
	var b []byte
	for j, v := range p.Values(pt, nil) {
		if j > 0 {
			b = append(b, ", "...)
		}
		b = append(b, p.Params[j].Key...)
		b = append(b, '=')
		b = results.AppendFloat(b, v)
	}
	return string(b)
}

// Runs is the number of runs, points × replications.
func (p *Plan) Runs() int { return p.Points * p.Reps }

// Keys returns the swept parameters' dotted keys in sweep order.
func (p *Plan) Keys() []string {
	out := make([]string, len(p.Params))
	for i, q := range p.Params {
		out[i] = q.Key
	}
	return out
}

// Values appends point pt's parameter values, in sweep order, to dst.
func (p *Plan) Values(pt int, dst []float64) []float64 {
	if p.lhs != nil {
		return append(dst, p.lhs[pt]...)
	}
	n := len(dst)
	dst = append(dst, make([]float64, len(p.Params))...)
	for j := len(p.Params) - 1; j >= 0; j-- {
		vs := p.Params[j].Values
		dst[n+j] = vs[pt%len(vs)]
		pt /= len(vs)
	}
	return dst
}

// Distinct returns, per parameter, the distinct values the design uses,
// in grid order (grid) or ascending (lhs).
func (p *Plan) Distinct() [][]float64 {
	out := make([][]float64, len(p.Params))
	for j, q := range p.Params {
		if p.lhs == nil {
			out[j] = slices.Clone(q.Values)
			continue
		}
		vs := make([]float64, p.Points)
		for i := range vs {
			vs[i] = p.lhs[i][j]
		}
		slices.Sort(vs)
		out[j] = slices.Compact(vs)
	}
	return out
}

// Scenario returns the scenario of point pt: a copy of the base with the
// swept values set, validated.
func (p *Plan) Scenario(pt int) (*scenarios.Scenario, error) {
	s, err := p.apply(pt)
	if err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// apply returns a copy of the base with point pt's values set, without
// validating it (NewPlan validated every point).
func (p *Plan) apply(pt int) (*scenarios.Scenario, error) {
	s := p.Base.Clone()
	for j, v := range p.Values(pt, nil) {
		if j == p.dummy {
			continue // the dummy parameter only chooses random streams
		}
		if err := scenarios.SetNumber(s, p.Params[j].Key, v); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Run describes run k of the plan.
type Run struct {
	Index, Point, Replicate int
	Stream                  uint64 // the run's generator is sim.Stream(master, Stream)
}

// Run returns run k's place in the design and its random stream.
func (p *Plan) Run(k int) Run {
	r := Run{Index: k, Point: k / p.Reps, Replicate: k % p.Reps}
	switch {
	case p.dummy >= 0:
		r.Stream = p.dummyStream(r.Point, r.Replicate)
	case p.Seeding == scenarios.SeedingIndependent:
		r.Stream = uint64(k)
	default:
		r.Stream = uint64(r.Replicate)
	}
	return r
}

// Recorded reports whether point pt's runs record series.
func (p *Plan) Recorded(pt int) bool {
	_, ok := slices.BinarySearch(p.Record, pt)
	return ok
}

// corners returns the grid points where every parameter is at its first
// or last value.
func (p *Plan) corners() []int {
	out := []int{0}
	for _, q := range p.Params {
		n := len(q.Values)
		next := make([]int, 0, 2*len(out))
		for _, c := range out {
			next = append(next, c*n)
			if n > 1 {
				next = append(next, c*n+n-1)
			}
		}
		out = next
	}
	slices.Sort(out)
	return out
}

// latinHypercube draws the lhs design described in the package comment.
func latinHypercube(params []Param, n int, master uint64) [][]float64 {
	pts := make([][]float64, n)
	flat := make([]float64, n*len(params))
	for i := range pts {
		pts[i] = flat[i*len(params) : (i+1)*len(params) : (i+1)*len(params)]
	}
	for j, q := range params {
		rng := sim.Stream(master, math.MaxUint64-uint64(j))
		perm := rng.Perm(n)
		for i := range n {
			u := (float64(perm[i]) + rng.Float64()) / float64(n)
			var v float64
			if q.Values != nil {
				v = q.Values[min(int(u*float64(len(q.Values))), len(q.Values)-1)]
			} else {
				v = q.From + u*(q.To-q.From)
				if q.Kind == "int" || q.Kind == "bool" {
					v = math.Round(v)
				}
				v = min(max(v, q.From), q.To)
			}
			pts[i][j] = v
		}
	}
	return pts
}
