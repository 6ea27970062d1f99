package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sweep"
)

// defaultPriorSamples is the number of prior samples per grid point of
// an uncertainty sweep when --priors is given without --prior-samples.
const defaultPriorSamples = 20

// withPriors turns a grid sweep into an uncertainty sweep: every
// parameter of the priors file (the bundled one, or file) is sampled at
// every grid point.
func withPriors(g *sweep.Plan, s *scenarios.Scenario, file string, m int) (*sweep.Plan, error) {
	if m == 0 {
		m = defaultPriorSamples
	}
	if m < 1 {
		return nil, fmt.Errorf("sweep: --prior-samples %d: want at least 1: %w", m, errUsage)
	}
	ps, err := scenarios.OpenPriors(file, s)
	if err != nil {
		return nil, err
	}
	kinds := map[string]string{}
	for _, k := range scenarios.Keys(s) {
		kinds[k.Path] = k.Kind
	}
	var params []sweep.PriorParam
	for i := range ps.List {
		p := &ps.List[i]
		params = append(params, sweep.PriorParam{Key: p.Key, Kind: kinds[p.Key], Quantile: p.Quantile})
	}
	sum := sha256.Sum256(ps.Source)
	return sweep.WithPriors(g, params, m, hex.EncodeToString(sum[:]))
}
