package scenarios

// This file implements the priors file: the plausible range and
// distribution of structural parameters, shared by uncertainty sweeps
// and sensitivity analyses (docs/sensitivity.md).

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"gonum.org/v1/gonum/stat/distuv"
)

// Distributions of a prior.
const (
	DistUniform    = "uniform"
	DistLogUniform = "loguniform"
	DistTriangular = "triangular"
)

// Prior is the range and distribution of one parameter:
//
//	["world.depreciation"]
//	low = 0.05
//	high = 0.2
//	dist = "uniform"      # uniform (default), loguniform or triangular
//	mode = 0.1            # triangular only
//	source = "docs/calibration.md: ..."
//
// In a [[sensitivity.parameter]] table the key is given as key = "...".
type Prior struct {
	Key    string   `toml:"key,omitempty"`
	Low    *float64 `toml:"low,omitempty"`
	High   *float64 `toml:"high,omitempty"`
	Dist   string   `toml:"dist,omitempty"`
	Mode   *float64 `toml:"mode,omitempty"`
	Source string   `toml:"source,omitempty"`
}

// DistName returns the distribution, uniform by default.
func (p *Prior) DistName() string {
	if p.Dist == "" {
		return DistUniform
	}
	return p.Dist
}

// Quantile maps u in [0, 1] to the prior's value with the same
// cumulative probability (the inverse of its distribution function), so
// that a design in the unit cube becomes a sample of the priors.
func (p *Prior) Quantile(u float64) float64 {
	lo, hi := *p.Low, *p.High
	var v float64
	switch p.DistName() {
	case DistLogUniform:
		v = math.Exp(math.Log(lo) + u*(math.Log(hi)-math.Log(lo)))
	case DistTriangular:
		v = distuv.NewTriangle(lo, hi, *p.Mode, nil).Quantile(u)
	default:
		v = lo + u*(hi-lo)
	}
	return min(max(v, lo), hi)
}

// Priors is a priors file: one prior per dotted key, in file order.
type Priors struct {
	File   string
	List   []Prior
	Source []byte
}

// Lookup returns the prior of key.
func (ps *Priors) Lookup(key string) (*Prior, bool) {
	for i := range ps.List {
		if ps.List[i].Key == key {
			return &ps.List[i], true
		}
	}
	return nil, false
}

// The bundled priors file lives beside the bundled scenarios (Bundled
// skips it).
const bundledPriors = "priors"

// BundledPriorsName names the bundled priors file in messages.
const BundledPriorsName = "bundled:priors.toml"

// BundledPriorsSource returns the text of the bundled priors file.
func BundledPriorsSource() []byte {
	b, err := bundled.ReadFile("bundled/" + bundledPriors + ".toml")
	if err != nil {
		panic(err) // the embedded tree is part of the binary
	}
	return b
}

// OpenPriors reads a priors file, or the bundled one when file is "",
// and checks it against scenario s (its keys and their valid ranges).
func OpenPriors(file string, s *Scenario) (*Priors, error) {
	if file == "" {
		return ParsePriors(BundledPriorsName, BundledPriorsSource(), s)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	return ParsePriors(file, b, s)
}

// ParsePriors decodes and checks priors text. file names it in errors,
// each of which gives the line and key.
func ParsePriors(file string, data []byte, s *Scenario) (*Priors, error) {
	lines := indexLines(data)
	errAt := func(key, format string, args ...any) *Error {
		return &Error{File: file, Line: lines.find(key), Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	var raw map[string]Prior
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{File: file, Line: pe.Position.Line, Col: pe.Position.Col, Msg: pe.Message}
		}
		return nil, &Error{File: file, Msg: err.Error()}
	}
	var errs []error
	for _, k := range md.Undecoded() {
		key := strings.Join(k, ".")
		if len(k) == 2 && k[1] == "key" {
			errs = append(errs, errAt(key, "the table name is the key; drop key = ..."))
			continue
		}
		errs = append(errs, errAt(key, "unknown field (want low, high, dist, mode, source)"))
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	// File order: by the line of each table.
	slices.SortFunc(keys, func(a, b string) int {
		if la, lb := lines.find(a), lines.find(b); la != lb {
			return la - lb
		}
		return strings.Compare(a, b)
	})
	ps := &Priors{File: file, Source: data}
	for _, k := range keys {
		p := raw[k]
		p.Key = k
		for _, e := range s.checkPrior(&p) {
			errs = append(errs, errAt(k+e.field, "%s", e.msg))
		}
		ps.List = append(ps.List, p)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return ps, nil
}

// priorProblem is one problem of a prior; field (".low" etc. or "")
// locates it.
type priorProblem struct{ field, msg string }

// checkPrior returns the problems of prior p for scenario s: an unknown
// or non-numeric key, a missing or inverted range, a range outside the
// key's valid range, an unknown distribution or a bad mode.
func (s *Scenario) checkPrior(p *Prior) []priorProblem {
	var out []priorProblem
	add := func(field, format string, args ...any) {
		out = append(out, priorProblem{field, fmt.Sprintf(format, args...)})
	}
	info, msg := s.sweepKey(p.Key, nil)
	if msg != "" {
		add("", "%s", msg)
		return out
	}
	if info.Kind == "bool" {
		add("", "%s is a switch (true or false); a prior needs a numeric range", p.Key)
		return out
	}
	if p.Low == nil || p.High == nil {
		add("", "%s has no range: give low and high", p.Key)
		return out
	}
	lo, hi := *p.Low, *p.High
	for _, c := range []struct {
		f string
		v float64
	}{{".low", lo}, {".high", hi}} {
		if m := info.check(c.v); m != "" && !(info.Kind == "int" && strings.Contains(m, "whole number")) {
			add(c.f, "%s: %s (the valid range of %s)", p.Key, m, p.Key)
			return out
		}
	}
	if !(lo < hi) {
		add(".low", "%s: low %s is not below high %s", p.Key, fmtNum(lo), fmtNum(hi))
		return out
	}
	switch p.DistName() {
	case DistUniform, DistLogUniform:
		if p.Mode != nil {
			add(".mode", "%s: mode is for dist = \"triangular\"", p.Key)
		}
		if p.DistName() == DistLogUniform && !(lo > 0) {
			add(".low", "%s: a log-uniform prior needs low > 0, not %s", p.Key, fmtNum(lo))
		}
	case DistTriangular:
		if p.Mode == nil {
			add(".dist", "%s: a triangular prior needs a mode", p.Key)
		} else if m := *p.Mode; !(m >= lo && m <= hi) {
			add(".mode", "%s: mode %s is outside [low, high] = [%s, %s]", p.Key, fmtNum(m), fmtNum(lo), fmtNum(hi))
		}
	default:
		add(".dist", "%s: unknown distribution %q (want uniform, loguniform or triangular)", p.Key, p.Dist)
	}
	return out
}
