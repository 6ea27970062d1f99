package scenarios

// This file implements the [sensitivity] table.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strings"
)

// Sensitivity is the [sensitivity] table: a global sensitivity analysis
// of the scenario (minilateral sensitivity, docs/sensitivity.md).
//
//	[sensitivity]
//	method = "sobol"          # sobol (default) or morris
//	n = 1024                  # sobol: base samples, a power of two (default 1024)
//	trajectories = 20         # morris: r (default 20)
//	levels = 4                # morris: p, even (default 4)
//	replications = 5          # runs per design point, averaged (default 1)
//	seed = 7                  # master seed (default: the scenario's seed)
//	outcomes = ["mean_bloc_size", "final_welfare"]
//	dummy = true              # add a dummy parameter showing the noise floor (default true)
//
//	[[sensitivity.parameter]]
//	key = "bloc.threat_threshold"
//	low = 0.01
//	high = 0.2
//	dist = "uniform"          # uniform (default), loguniform or triangular (with mode)
//
// Without parameters, every key of the priors file is analysed. Its own
// numbers are int64 or live in the parameter list, kinds Keys does not
// walk, so they are never parameters of the scenario.
type Sensitivity struct {
	Method       string   `toml:"method,omitempty"`
	N            *int64   `toml:"n,omitempty"`
	Trajectories *int64   `toml:"trajectories,omitempty"`
	Levels       *int64   `toml:"levels,omitempty"`
	Replications *int64   `toml:"replications,omitempty"`
	Seed         *int64   `toml:"seed,omitempty"`
	Outcomes     []string `toml:"outcomes,omitempty"`
	Dummy        Switch   `toml:"dummy,omitempty"`
	Parameters   []Prior  `toml:"parameter,omitempty"`
}

// Switch is an optional true/false setting that Keys does not list.
type Switch struct {
	set, on bool
}

// NewSwitch returns a set switch.
func NewSwitch(on bool) Switch { return Switch{set: true, on: on} }

// On returns the switch's value, def when unset.
func (w Switch) On(def bool) bool {
	if !w.set {
		return def
	}
	return w.on
}

// IsZero reports whether the switch was not set (for omitempty).
func (w Switch) IsZero() bool { return !w.set }

// UnmarshalTOML reads true or false.
func (w *Switch) UnmarshalTOML(v any) error {
	b, ok := v.(bool)
	if !ok {
		return fmt.Errorf("want true or false, not %v", v)
	}
	*w = Switch{set: true, on: b}
	return nil
}

// MarshalTOML writes true or false.
func (w Switch) MarshalTOML() ([]byte, error) {
	if w.on {
		return []byte("true"), nil
	}
	return []byte("false"), nil
}

// Sensitivity methods.
const (
	MethodSobol  = "sobol"
	MethodMorris = "morris"
)

// MethodName returns the method, sobol by default.
func (t *Sensitivity) MethodName() string {
	if t.Method == "" {
		return MethodSobol
	}
	return t.Method
}

func orDefault(p *int64, def int) int {
	if p == nil {
		return def
	}
	return int(*p)
}

// BaseSamples returns n (default 1024).
func (t *Sensitivity) BaseSamples() int { return orDefault(t.N, 1024) }

// TrajectoryCount returns r (default 20).
func (t *Sensitivity) TrajectoryCount() int { return orDefault(t.Trajectories, 20) }

// LevelCount returns p (default 4).
func (t *Sensitivity) LevelCount() int { return orDefault(t.Levels, 4) }

// Reps returns the replications (default 1).
func (t *Sensitivity) Reps() int { return orDefault(t.Replications, 1) }

// ValidateSensitivity checks the [sensitivity] table, naming the file,
// line and key of every problem. src, the scenario's source text, locates
// problems inside [[sensitivity.parameter]] tables (it may be nil).
func (s *Scenario) ValidateSensitivity(src []byte) error {
	t := &s.Sensitivity
	var errs []*Error
	var lines []map[string]int
	if src != nil {
		lines = arrayLines(src, "sensitivity.parameter")
	}
	add := func(key string, line int, format string, args ...any) {
		e := s.errorf(key, format, args...)
		if line > 0 {
			e.Line = line
		}
		errs = append(errs, e)
	}
	switch t.MethodName() {
	case MethodSobol:
		if n := t.BaseSamples(); n < 2 || bits.OnesCount(uint(n)) != 1 {
			add("sensitivity.n", 0, "n = %d is not a power of two (≥ 2): the Sobol' sequence is balanced only on power-of-two prefixes", n)
		}
	case MethodMorris:
		if r := t.TrajectoryCount(); r < 2 {
			add("sensitivity.trajectories", 0, "%d trajectories: want at least 2", r)
		}
		if p := t.LevelCount(); p < 2 || p%2 != 0 {
			add("sensitivity.levels", 0, "%d levels: want an even number ≥ 2", p)
		}
	default:
		add("sensitivity.method", 0, "unknown method %q (want sobol or morris)", t.Method)
	}
	if r := t.Reps(); r < 1 {
		add("sensitivity.replications", 0, "%d replications: want at least 1", r)
	}
	if t.Seed != nil && *t.Seed < 0 {
		add("sensitivity.seed", 0, "seed %d is negative", *t.Seed)
	}
	seen := map[string]int{}
	for i := range t.Parameters {
		p := &t.Parameters[i]
		lineOf := func(field string) int {
			if i < len(lines) {
				if n, ok := lines[i][field]; ok {
					return n
				}
				return lines[i][""]
			}
			return 0
		}
		if p.Key == "" {
			add("sensitivity.parameter.key", lineOf(""), "parameter %d has no key", i+1)
			continue
		}
		if j, dup := seen[p.Key]; dup {
			add("sensitivity.parameter.key", lineOf("key"), "%s is analysed twice (parameters %d and %d)", p.Key, j+1, i+1)
		}
		seen[p.Key] = i
		for _, e := range s.checkPrior(p) {
			f := strings.TrimPrefix(e.field, ".")
			if f == "" {
				f = "key"
			}
			add("sensitivity.parameter."+f, lineOf(f), "%s", e.msg)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	slices.SortStableFunc(errs, func(a, b *Error) int { return a.Line - b.Line })
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return errors.Join(out...)
}

// arrayLines locates each [[table]] element and the keys inside it in
// source text: element i's keys map to lines ("" to its header).
func arrayLines(src []byte, table string) []map[string]int {
	var out []map[string]int
	in := false
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := stripComment(sc.Text())
		if m := headerRE.FindStringSubmatch(line); m != nil {
			in = strings.HasPrefix(strings.TrimSpace(line), "[[") && normKey(m[1]) == table
			if in {
				out = append(out, map[string]int{"": n})
			}
			continue
		}
		if !in {
			continue
		}
		if m := keyRE.FindStringSubmatch(line); m != nil {
			out[len(out)-1][normKey(m[1])] = n
		}
	}
	return out
}
