package study

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sensitivity"
	"github.com/minilateral/minilateral/sweep"
)

// Param is one analysed parameter: its key, range and distribution.
type Param struct {
	Key  string   `json:"key"`
	Low  float64  `json:"low"`
	High float64  `json:"high"`
	Dist string   `json:"dist"`
	Mode *float64 `json:"mode,omitempty"`
	Kind string   `json:"kind"` // float or int
}

func (p *Param) prior() *scenarios.Prior {
	return &scenarios.Prior{Key: p.Key, Low: &p.Low, High: &p.High, Dist: p.Dist, Mode: p.Mode}
}

// Setup is a sensitivity analysis: everything its design depends on.
type Setup struct {
	Method   string   `json:"method"` // sobol or morris
	N        int      `json:"n,omitempty"`
	R        int      `json:"trajectories,omitempty"`
	Levels   int      `json:"levels,omitempty"`
	Reps     int      `json:"replications"`
	Seed     uint64   `json:"seed,string"`
	Dummy    bool     `json:"dummy"`
	Params   []Param  `json:"parameters"`
	Outcomes []string `json:"outcomes"`
	Priors   string   `json:"priors,omitempty"` // the priors file the ranges came from, if any
}

// FromScenario reads the setup of scenario s's [sensitivity] table. When
// the table lists no parameters, every prior of priors is analysed (the
// scenario's table is then filled in, so that the scenario's hash covers
// the ranges). Outcomes default to every outcome column of the model.
func FromScenario(s *scenarios.Scenario, priors *scenarios.Priors, outcomes []string) (*Setup, error) {
	t := &s.Sensitivity
	fromPriors := false
	if len(t.Parameters) == 0 {
		fromPriors = true
		if priors == nil || len(priors.List) == 0 {
			return nil, fmt.Errorf("study: scenario %s: no parameters: list them in [[sensitivity.parameter]] tables or give a priors file", s.Name)
		}
		t.Parameters = slices.Clone(priors.List)
	}
	if err := s.ValidateSensitivity(nil); err != nil {
		return nil, err
	}
	st := &Setup{Method: t.MethodName(), Reps: t.Reps(), Seed: s.MasterSeed(), Dummy: t.Dummy.On(true),
		Outcomes: slices.Clone(t.Outcomes)}
	if t.Seed != nil {
		st.Seed = uint64(*t.Seed)
	}
	if fromPriors {
		st.Priors = priors.File
	}
	if st.Method == scenarios.MethodSobol {
		st.N = t.BaseSamples()
	} else {
		st.R, st.Levels = t.TrajectoryCount(), t.LevelCount()
	}
	kinds := map[string]string{}
	for _, k := range scenarios.Keys(s) {
		kinds[k.Path] = k.Kind
	}
	for _, p := range t.Parameters {
		st.Params = append(st.Params, Param{Key: p.Key, Low: *p.Low, High: *p.High, Dist: p.DistName(), Mode: p.Mode, Kind: kinds[p.Key]})
	}
	if len(outcomes) > 0 {
		st.Outcomes = slices.Clone(outcomes)
	}
	return st, nil
}

// D is the number of design factors: the parameters and the dummy.
func (st *Setup) D() int {
	if st.Dummy {
		return len(st.Params) + 1
	}
	return len(st.Params)
}

// Names returns the factors' names: the parameters' keys, then "dummy".
func (st *Setup) Names() []string {
	var out []string
	for _, p := range st.Params {
		out = append(out, p.Key)
	}
	if st.Dummy {
		out = append(out, sweep.DummyKey)
	}
	return out
}

// Rows returns the design in the unit cube.
func (st *Setup) Rows() ([]sensitivity.Row, error) {
	if st.Method == scenarios.MethodSobol {
		return sensitivity.Saltelli(st.N, st.D())
	}
	// The trajectories' own generator: from the seed, never from a worker.
	return sensitivity.Morris(st.R, st.Levels, st.D(), rand.New(rand.NewPCG(st.Seed, 0x6d6f72726973)))
}

// Points maps the design rows to parameter values (the dummy keeps its
// unit coordinate).
func (st *Setup) Points(rows []sensitivity.Row) [][]float64 {
	d := st.D()
	flat := make([]float64, len(rows)*d)
	out := make([][]float64, len(rows))
	priors := make([]*scenarios.Prior, len(st.Params))
	for j := range st.Params {
		priors[j] = st.Params[j].prior()
	}
	for i, r := range rows {
		pt := flat[i*d : (i+1)*d : (i+1)*d]
		for j, u := range r.Unit {
			if j >= len(st.Params) {
				pt[j] = u
				continue
			}
			v := priors[j].Quantile(u)
			if st.Params[j].Kind == "int" {
				v = math.Round(v)
			}
			pt[j] = v
		}
		out[i] = pt
	}
	return out
}

// Plan builds the sweep plan of the setup for scenario s, checking the
// outcome columns against the model's. It returns the design rows too.
func (st *Setup) Plan(s *scenarios.Scenario) (*sweep.Plan, []sensitivity.Row, error) {
	rows, err := st.Rows()
	if err != nil {
		return nil, nil, err
	}
	var params []sweep.Param
	for _, p := range st.Params {
		params = append(params, sweep.Param{Key: p.Key, Kind: p.Kind, From: p.Low, To: p.High})
	}
	dummy := -1
	var streams []uint64
	if st.Dummy {
		dummy = len(params)
		params = append(params, sweep.Param{Key: sweep.DummyKey, Kind: "float", From: 0, To: 1})
		streams = dummyStreams(rows, dummy)
	}
	p, err := sweep.NewDesignPlan(s, params, st.Points(rows), st.Method, st.Reps, st.Seed, dummy, streams)
	if err != nil {
		return nil, nil, err
	}
	have := p.Outcomes()
	if len(st.Outcomes) == 0 {
		st.Outcomes = have
	}
	for _, o := range st.Outcomes {
		if !slices.Contains(have, o) {
			return nil, nil, fmt.Errorf("study: unknown outcome column %q (the %s model's runs.csv has %s)", o, s.Model, strings.Join(have, ", "))
		}
	}
	return p, rows, nil
}

// Record returns the setup as the manifest records it.
func (st *Setup) Record() map[string]any {
	b, err := json.Marshal(st)
	if err != nil {
		panic(err) // a Setup always marshals
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	return map[string]any{"sensitivity": m}
}

// FromManifest reads the setup a manifest records.
func FromManifest(m *results.Manifest) (*Setup, error) {
	raw, ok := m.Extra["sensitivity"]
	if !ok {
		return nil, fmt.Errorf("study: the manifest records no sensitivity design (made by %q)", m.Command)
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, fmt.Errorf("study: %w", err)
	}
	var st Setup
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("study: the manifest's sensitivity record: %w", err)
	}
	return &st, nil
}

// dummyStreams gives each design row the key of its random streams: the
// dummy's "value" is which streams a row draws. In a Saltelli design the
// rows taking the dummy from A (A and AB_j of every real factor) share
// sample i's A streams, those taking it from B (B and AB_dummy) its B
// streams; so AB_dummy differs from A only in its noise. In a Morris
// trajectory the streams change at the step that moves the dummy.
func dummyStreams(rows []sensitivity.Row, dummy int) []uint64 {
	out := make([]uint64, len(rows))
	moved := map[int]bool{} // Morris: trajectories whose dummy has moved
	for k, r := range rows {
		var src uint64
		switch r.Block {
		case sensitivity.BlockB:
			src = 1
		case sensitivity.BlockAB:
			if r.Factor == dummy {
				src = 1
			}
		case sensitivity.BlockStep:
			if r.Factor == dummy {
				moved[r.Sample] = true
			}
			if moved[r.Sample] {
				src = 1
			}
		}
		out[k] = uint64(r.Sample)<<1 | src
	}
	return out
}
