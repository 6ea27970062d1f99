package scenarios

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Sweep is the [sweep] table: the design of a parameter sweep.
//
//	[sweep]
//	replications = 20          # runs per parameter point (default 1)
//	seed = 7                   # master seed (default: the scenario's seed)
//	design = "grid"            # grid (default) or lhs
//	samples = 100              # lhs only: number of points
//	seeding = "common"         # common (default) or independent
//	record = "corners"         # none (default), corners, all, or a list of point indices
//
//	[[sweep.parameter]]
//	key = "superpowers.US.export_controls"
//	from = 0
//	to = 1
//	steps = 21
//
//	[[sweep.parameter]]
//	key = "bloc.threat_credibility"
//	values = [0, 0.4, 0.8]
//
// The sweep's own numbers are int64 (or live in the parameter slice), a
// kind Keys does not walk, so they never appear among the scenario's
// parameters and cannot be swept themselves.
type Sweep struct {
	Parameters   []SweepParam `toml:"parameter,omitempty"`
	Replications *int64       `toml:"replications,omitempty"`
	Seed         *int64       `toml:"seed,omitempty"`
	Design       string       `toml:"design,omitempty"`
	Samples      *int64       `toml:"samples,omitempty"`
	Seeding      string       `toml:"seeding,omitempty"`
	Record       Record       `toml:"record,omitempty"`
}

// SweepParam is one swept parameter: a list of values or a range.
type SweepParam struct {
	Key    string    `toml:"key"`
	Values []float64 `toml:"values,omitempty"`
	From   *float64  `toml:"from,omitempty"`
	To     *float64  `toml:"to,omitempty"`
	Steps  *int64    `toml:"steps,omitempty"`
}

// Record says which parameter points get per-round and per-nation
// series: a mode (none, corners, all) or a list of point indices.
type Record struct {
	Mode   string  // "", "none", "corners" or "all"; empty when Points is used
	Points []int64 // point indices, when given as a list
	set    bool
}

// IsZero reports whether record was not given (for omitempty).
func (r Record) IsZero() bool { return !r.set && r.Mode == "" && r.Points == nil }

// UnmarshalTOML accepts a string mode or an array of point indices.
func (r *Record) UnmarshalTOML(v any) error {
	r.set = true
	switch x := v.(type) {
	case string:
		r.Mode = x
		return nil
	case []any:
		r.Points = make([]int64, 0, len(x))
		for _, e := range x {
			n, ok := e.(int64)
			if !ok {
				return fmt.Errorf("sweep.record: %v is not a point index (a whole number)", e)
			}
			r.Points = append(r.Points, n)
		}
		return nil
	}
	return fmt.Errorf("sweep.record: want none, corners, all or a list of point indices, not %v", v)
}

// MarshalTOML writes the mode as a string or the points as an array.
func (r Record) MarshalTOML() ([]byte, error) {
	if r.Points != nil {
		parts := make([]string, len(r.Points))
		for i, p := range r.Points {
			parts[i] = strconv.FormatInt(p, 10)
		}
		return []byte("[" + strings.Join(parts, ", ") + "]"), nil
	}
	return []byte(strconv.Quote(r.Mode)), nil
}

// Design names.
const (
	DesignGrid = "grid"
	DesignLHS  = "lhs"

	SeedingCommon      = "common"
	SeedingIndependent = "independent"
)

// Resolved defaults of a sweep.

// Reps returns the number of replications (default 1).
func (w *Sweep) Reps() int {
	if w.Replications == nil {
		return 1
	}
	return int(*w.Replications)
}

// DesignName returns the design, grid by default.
func (w *Sweep) DesignName() string {
	if w.Design == "" {
		return DesignGrid
	}
	return w.Design
}

// SeedingName returns the seeding, common by default.
func (w *Sweep) SeedingName() string {
	if w.Seeding == "" {
		return SeedingCommon
	}
	return w.Seeding
}

// MasterSeed returns the sweep's master seed: its own seed if given, else
// the scenario's.
func (s *Scenario) MasterSeed() uint64 {
	if s.Sweep.Seed != nil {
		return uint64(*s.Sweep.Seed)
	}
	return s.Seed
}

// Grid returns parameter p's values in a grid design: its list, or steps
// evenly spaced values from From to To inclusive (the last exactly To).
// It allocates them all; GridLen and GridAt do not.
func (p *SweepParam) Grid() []float64 {
	if p.Values != nil {
		return p.Values
	}
	n := p.GridLen()
	if n < 1 {
		return nil
	}
	out := make([]float64, n)
	for k := range n {
		out[k] = p.GridAt(k)
	}
	return out
}

// SweepKeyInfo is what a sweep needs to know about one swept parameter.
type SweepKeyInfo struct {
	Key  string
	Kind string // float, int or bool
	Min  float64
	Max  float64
}

// sweepLines locates each [[sweep.parameter]] table and the keys inside
// it in source text: element i's dotted keys map to lines.
func sweepLines(src []byte) []map[string]int { return arrayLines(src, "sweep.parameter") }

// ValidateSweep checks the [sweep] table against the scenario and returns
// every problem, each naming its key and line. src, the scenario's source
// text, locates problems inside [[sweep.parameter]] tables; without it they
// point at the first such table. It returns, per parameter, what kind of
// value the key takes.
func (s *Scenario) ValidateSweep(src []byte) ([]SweepKeyInfo, error) {
	w := &s.Sweep
	var errs []*Error
	var lines []map[string]int
	if src != nil {
		lines = sweepLines(src)
	}
	add := func(key string, line int, format string, args ...any) {
		e := s.errorf(key, format, args...)
		if line > 0 {
			e.Line = line
		}
		errs = append(errs, e)
	}
	lineOf := func(i int, field string) int {
		if i < len(lines) {
			if n, ok := lines[i][field]; ok {
				return n
			}
			return lines[i][""]
		}
		return 0
	}
	if w.Replications != nil && *w.Replications < 1 {
		add("sweep.replications", 0, "%d replications: want at least 1", *w.Replications)
	}
	if w.Replications != nil && *w.Replications > MaxReplications {
		add("sweep.replications", 0, "%d replications: at most %d", *w.Replications, int64(MaxReplications))
	}
	if w.Seed != nil && *w.Seed < 0 {
		add("sweep.seed", 0, "seed %d is negative", *w.Seed)
	}
	design := w.DesignName()
	switch design {
	case DesignGrid:
		if w.Samples != nil {
			add("sweep.samples", 0, "samples is for design = \"lhs\"; a grid runs every combination")
		}
	case DesignLHS:
		if w.Samples == nil || *w.Samples < 1 {
			n := int64(0)
			if w.Samples != nil {
				n = *w.Samples
			}
			add("sweep.samples", 0, "design = \"lhs\" needs samples ≥ 1 (got %d)", n)
		} else if *w.Samples > MaxSamples {
			add("sweep.samples", 0, "samples = %d: at most %d", *w.Samples, int64(MaxSamples))
		}
	default:
		add("sweep.design", 0, "unknown design %q (want grid or lhs)", w.Design)
	}
	if sd := w.SeedingName(); sd != SeedingCommon && sd != SeedingIndependent {
		add("sweep.seeding", 0, "unknown seeding %q (want common or independent)", w.Seeding)
	}
	switch w.Record.Mode {
	case "", "none", "all":
	case "corners":
		if design == DesignLHS {
			add("sweep.record", 0, "record = \"corners\" needs a grid design; give point indices for lhs")
		}
	default:
		add("sweep.record", 0, "unknown record %q (want none, corners, all or a list of point indices)", w.Record.Mode)
	}

	infos := make([]SweepKeyInfo, len(w.Parameters))
	var known map[string]Key // the scenario's parameters, walked once
	seen := map[string]int{}
	for i, p := range w.Parameters {
		key := "sweep.parameter.key"
		at := func(field string) (string, int) { return "sweep.parameter." + field, lineOf(i, field) }
		k, l := at("key")
		if p.Key == "" {
			add(k, lineOf(i, ""), "parameter %d has no key", i+1)
			continue
		}
		if j, dup := seen[p.Key]; dup {
			add(k, l, "%s is swept twice (parameters %d and %d)", p.Key, j+1, i+1)
		}
		seen[p.Key] = i
		if known == nil {
			known = map[string]Key{}
			for _, k := range Keys(s) {
				known[k.Path] = k
			}
		}
		info, err := s.sweepKey(p.Key, known)
		if err != "" {
			add(k, l, "%s", err)
			continue
		}
		infos[i] = info
		key = p.Key
		hasRange := p.From != nil || p.To != nil || p.Steps != nil
		switch {
		case p.Values != nil && hasRange:
			k, l := at("values")
			add(k, l, "%s: give either values or from/to/steps, not both", key)
			continue
		case p.Values != nil:
			if len(p.Values) == 0 {
				k, l := at("values")
				add(k, l, "%s: empty value list", key)
				continue
			}
			for _, v := range p.Values {
				if msg := info.check(v); msg != "" {
					k, l := at("values")
					add(k, l, "%s: %s", key, msg)
					break
				}
			}
		default:
			if p.From == nil || p.To == nil {
				k, l := at("key")
				add(k, l, "%s: give values = [...] or a range with from and to", key)
				continue
			}
			if *p.From > *p.To {
				k, l := at("from")
				add(k, l, "%s: from %s exceeds to %s", key, fmtNum(*p.From), fmtNum(*p.To))
				continue
			}
			if design == DesignGrid {
				if p.Steps == nil {
					k, l := at("key")
					add(k, l, "%s: a grid range needs steps", key)
					continue
				}
				if *p.Steps < 1 {
					k, l := at("steps")
					add(k, l, "%s: steps = %d: want at least 1", key, *p.Steps)
					continue
				}
				if *p.Steps > MaxSteps {
					k, l := at("steps")
					add(k, l, "%s: steps = %d: at most %d", key, *p.Steps, int64(MaxSteps))
					continue
				}
			} else if p.Steps != nil {
				k, l := at("steps")
				add(k, l, "%s: steps is for grid designs; lhs samples the range continuously", key)
				continue
			}
			ends := []float64{*p.From, *p.To}
			for i, v := range ends {
				if msg := info.check(v); msg != "" {
					k, l := at([]string{"from", "to"}[i])
					add(k, l, "%s: %s", key, msg)
					ends = nil
					break
				}
			}
			// A grid's inner values must be valid too: a whole-number
			// parameter or a switch would otherwise run rounded values
			// that its rows do not record.
			// A whole-number range holds at most to−from+1 whole values,
			// so more steps put a fraction between two of them: refused
			// without generating them. The values of a float range lie
			// between its valid ends.
			if ends != nil && design == DesignGrid && info.Kind != "float" {
				n := *p.Steps
				if n > 1 && (float64(n-1) > *p.To-*p.From || n > MaxWholeSteps) {
					k, l := at("steps")
					add(k, l, "%s: steps = %d: %s (choose steps so that every value is valid, or list the values)", key, n,
						wholeProblem(info.check(p.GridAt(1)), n))
					continue
				}
				for i := range n {
					if msg := info.check(p.GridAt(i)); msg != "" {
						k, l := at("steps")
						add(k, l, "%s: steps = %d: %s (choose steps so that every value is valid, or list the values)", key, n, msg)
						break
					}
				}
			}
		}
	}
	if len(errs) == 0 {
		// The design's size, from the table alone: nothing proportional
		// to it is allocated before the user has seen it.
		points, runs := s.DesignSize()
		if runs > MaxDesignRuns {
			key := "sweep.replications"
			if design == DesignLHS {
				key = "sweep.samples"
			} else if w.Replications == nil {
				key = "sweep.parameter.steps"
			}
			add(key, 0, "the design has %s points × %d replications = %s runs: at most %d",
				fmtCount(points), w.Reps(), fmtCount(runs), int64(MaxDesignRuns))
		}
		for _, p := range w.Record.Points {
			if p < 0 || p >= points {
				add("sweep.record", 0, "point %d does not exist (the design has points 0 to %d)", p, points-1)
			}
		}
	}
	slices.SortStableFunc(errs, func(a, b *Error) int { return a.Line - b.Line })
	if len(errs) == 0 {
		return infos, nil
	}
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return nil, errors.Join(out...)
}

// wholeProblem explains refused steps of a whole-number range: the
// problem of its second value, or the limit on steps.
func wholeProblem(msg string, n int64) string {
	if n > MaxWholeSteps {
		if msg != "" {
			msg += "; "
		}
		msg += fmt.Sprintf("a whole-number range takes at most %d steps", MaxWholeSteps)
	}
	return msg
}

// fmtCount writes n, or "more than 9.2e18" when it saturated.
func fmtCount(n int64) string {
	if n == math.MaxInt64 {
		return "more than 9.2e18"
	}
	return strconv.FormatInt(n, 10)
}

// check returns why v cannot be the value of the parameter, or "".
func (k SweepKeyInfo) check(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Sprintf("%v is not a finite number", v)
	case v < k.Min || v > k.Max:
		return fmt.Sprintf("%s is outside [%s, %s]", fmtNum(v), fmtNum(k.Min), fmtNum(k.Max))
	case k.Kind == "int" && v != math.Trunc(v):
		return fmt.Sprintf("%s is not a whole number", fmtNum(v))
	case k.Kind == "bool" && v != 0 && v != 1:
		return fmt.Sprintf("%s is not 0 or 1 (a switch)", fmtNum(v))
	}
	return ""
}

// sweepKey checks that key names a numeric parameter and describes it.
// known holds the scenario's parameters by path; a key not among them is
// looked up on a copy, since setting an unset per-nation override creates
// it.
func (s *Scenario) sweepKey(key string, known map[string]Key) (SweepKeyInfo, string) {
	if strings.HasPrefix(key, "sweep.") || key == "sweep" {
		return SweepKeyInfo{}, fmt.Sprintf("%s: the sweep's own settings cannot be swept", key)
	}
	if k, ok := known[key]; ok {
		return SweepKeyInfo{Key: key, Kind: k.Kind, Min: k.Min, Max: k.Max}, ""
	}
	c := s.Clone()
	sl, err := lookup(reflect.ValueOf(c).Elem(), key, strings.Split(key, "."))
	if err != nil {
		return SweepKeyInfo{}, strings.TrimPrefix(err.Error(), "scenarios: ")
	}
	switch sl.kind() {
	case reflect.Float64, reflect.Int, reflect.Uint64, reflect.Bool:
	case reflect.String:
		return SweepKeyInfo{}, fmt.Sprintf("%s is not a numeric parameter (it takes text)", key)
	default:
		return SweepKeyInfo{}, fmt.Sprintf("%s is not a numeric parameter", key)
	}
	for _, k := range Keys(c) {
		if k.Path == key {
			return SweepKeyInfo{Key: key, Kind: k.Kind, Min: k.Min, Max: k.Max}, ""
		}
	}
	return SweepKeyInfo{}, fmt.Sprintf("%s is not a numeric parameter", key)
}

// SetNumber assigns v to the numeric parameter at key (an int parameter
// takes v rounded to the nearest whole number; a switch is on for v ≥ 0.5).
func SetNumber(s *Scenario, key string, v float64) error {
	sl, err := lookup(reflect.ValueOf(s).Elem(), key, strings.Split(key, "."))
	if err != nil {
		return err
	}
	switch sl.kind() {
	case reflect.Float64:
		sl.set(reflect.ValueOf(v))
	case reflect.Int:
		sl.set(reflect.ValueOf(int(math.Round(v))))
	case reflect.Uint64:
		sl.set(reflect.ValueOf(uint64(math.Round(v))))
	case reflect.Bool:
		sl.set(reflect.ValueOf(v >= 0.5))
	default:
		return fmt.Errorf("scenarios: %s is not a numeric parameter", key)
	}
	return nil
}

// Clone returns a deep copy of s: maps, slices and pointers are copied, so
// changing the copy never changes s.
func (s *Scenario) Clone() *Scenario {
	c := new(Scenario)
	deepCopy(reflect.ValueOf(c).Elem(), reflect.ValueOf(s).Elem())
	return c
}

// deepCopy copies src into dst (addressable, same type), duplicating
// exported maps, slices and pointers. Unexported fields (the source
// location index, which is never modified) are copied shallowly.
func deepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		p := reflect.New(src.Type().Elem())
		deepCopy(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Map:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			v := reflect.New(src.Type().Elem()).Elem()
			deepCopy(v, it.Value())
			m.SetMapIndex(it.Key(), v)
		}
		dst.Set(m)
	case reflect.Slice:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		sl := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			deepCopy(sl.Index(i), src.Index(i))
		}
		dst.Set(sl)
	case reflect.Struct:
		dst.Set(src) // unexported fields shallowly
		t := src.Type()
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				deepCopy(dst.Field(i), src.Field(i))
			}
		}
	default:
		dst.Set(src)
	}
}
