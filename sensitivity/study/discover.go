package study

// This file implements scenario discovery over a sweep's runs: PRIM on
// the swept parameters, with the cases of interest given by a condition
// on one outcome column.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/sensitivity"
)

// Condition is a comparison of an outcome with a threshold, e.g. ">=7".
type Condition struct {
	Op    string // >=, <=, >, <, ==, !=
	Value float64
}

// ParseCondition reads ">=7", "< 0.5", "==3" and the like.
func ParseCondition(s string) (Condition, error) {
	t := strings.TrimSpace(s)
	for _, op := range []string{">=", "<=", "==", "!=", ">", "<", "="} {
		if rest, ok := strings.CutPrefix(t, op); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			if err != nil {
				break
			}
			if op == "=" {
				op = "=="
			}
			return Condition{Op: op, Value: v}, nil
		}
	}
	return Condition{}, fmt.Errorf("study: condition %q: want an operator (>=, <=, >, <, ==, !=) and a number, e.g. '>=7'", s)
}

// Holds reports whether v satisfies the condition.
func (c Condition) Holds(v float64) bool {
	switch c.Op {
	case ">=":
		return v >= c.Value
	case "<=":
		return v <= c.Value
	case ">":
		return v > c.Value
	case "<":
		return v < c.Value
	case "==":
		return v == c.Value
	}
	return v != c.Value
}

func (c Condition) String() string { return c.Op + strconv.FormatFloat(c.Value, 'g', -1, 64) }

// Discovery is the result of PRIM over a sweep directory.
type Discovery struct {
	Dir     string
	Outcome string
	Where   Condition
	Params  []string
	Runs    int // successful runs used
	Cases   int // runs satisfying the condition
	Prim    *sensitivity.PrimResult
}

// Discover runs PRIM over the successful runs of the sweep (or
// sensitivity analysis) in dir: the points are the runs' parameter values,
// the cases of interest those whose outcome satisfies where.
func Discover(dir, outcome string, where Condition, opt sensitivity.PrimOptions) (*Discovery, error) {
	var m results.Manifest
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("study: %s holds no sweep (no manifest.json): run 'minilateral sweep' first", dir)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("study: %s/manifest.json: %w", dir, err)
	}
	if m.Command != "sweep" && m.Command != "sensitivity" {
		return nil, fmt.Errorf("study: %s holds the output of 'minilateral %s', not a sweep", dir, m.Command)
	}
	f, err := os.Open(filepath.Join(dir, "runs.csv"))
	if err != nil {
		return nil, fmt.Errorf("study: %s holds no sweep: %w", dir, err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	line, err := r.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("study: %s/runs.csv: no header", dir)
	}
	head, err := results.SplitRow(trim(line))
	if err != nil {
		return nil, err
	}
	st := slices.Index(head, "status")
	if st < 4 {
		return nil, fmt.Errorf("study: %s/runs.csv: no status column: not a sweep's runs.csv", dir)
	}
	params := slices.Clone(head[4:st])
	if i := slices.Index(params, "dummy"); i >= 0 && m.Command == "sensitivity" {
		params = slices.Delete(params, i, i+1)
	}
	if len(params) == 0 {
		return nil, fmt.Errorf("study: the sweep in %s varies no parameter: nothing to discover", dir)
	}
	outs := results.OutcomesOf(head)
	oc := slices.Index(outs, outcome)
	if oc < 0 {
		return nil, fmt.Errorf("study: unknown outcome column %q (runs.csv has %s)", outcome, strings.Join(outs, ", "))
	}
	oc += st + 2
	var x [][]float64
	var y []bool
	cases := 0
	for k := 2; ; k++ {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			cells, cerr := results.SplitRow(trim(line))
			if cerr != nil || len(cells) != len(head) {
				return nil, fmt.Errorf("study: %s/runs.csv line %d: malformed row", dir, k)
			}
			if cells[st] == "ok" && cells[oc] != "" {
				v, perr := strconv.ParseFloat(cells[oc], 64)
				if perr != nil {
					return nil, fmt.Errorf("study: %s/runs.csv line %d: %s = %q is not a number", dir, k, outcome, cells[oc])
				}
				p := make([]float64, len(params))
				for j := range params {
					if p[j], perr = strconv.ParseFloat(cells[4+j], 64); perr != nil {
						return nil, fmt.Errorf("study: %s/runs.csv line %d: %s = %q is not a number", dir, k, params[j], cells[4+j])
					}
				}
				x = append(x, p)
				h := where.Holds(v)
				y = append(y, h)
				if h {
					cases++
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("study: %w", err)
		}
	}
	if len(x) == 0 {
		return nil, fmt.Errorf("study: %s/runs.csv has no successful run", dir)
	}
	if cases == 0 {
		return nil, fmt.Errorf("study: no run of %s has %s %s: nothing to discover", dir, outcome, where)
	}
	res, err := sensitivity.Prim(x, y, opt)
	if err != nil {
		return nil, err
	}
	return &Discovery{Dir: dir, Outcome: outcome, Where: where, Params: params, Runs: len(x), Cases: cases, Prim: res}, nil
}

// Write writes prim_trajectory.csv (one row per box: step, coverage,
// density, mass, n, pasted, then each parameter's low and high) and
// prim_box.csv (the chosen box: parameter, low, high, restricted) into
// out, atomically, and returns their paths.
func (d *Discovery) Write(out string) ([]string, error) {
	tr, err := results.Create(out, "prim_trajectory.csv")
	if err != nil {
		return nil, err
	}
	bx, err := results.Create(out, "prim_box.csv")
	if err != nil {
		tr.Abort()
		return nil, err
	}
	h := []string{"step", "coverage", "density", "mass", "n", "pasted", "chosen"}
	for _, p := range d.Params {
		h = append(h, p+"_low", p+"_high")
	}
	tr.Write(results.HeaderLine(h))
	var buf []byte
	for i, b := range d.Prim.Trajectory {
		buf = strconv.AppendInt(buf[:0], int64(i), 10)
		for _, v := range []float64{b.Coverage, b.Density, b.Mass} {
			buf = append(buf, ',')
			buf = results.AppendFloat(buf, v)
		}
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(b.N), 10)
		buf = append(buf, ',')
		buf = strconv.AppendBool(buf, b.Pasted)
		buf = append(buf, ',')
		buf = strconv.AppendBool(buf, i == d.Prim.Chosen)
		for j := range d.Params {
			buf = append(buf, ',')
			buf = results.AppendFloat(buf, b.Low[j])
			buf = append(buf, ',')
			buf = results.AppendFloat(buf, b.High[j])
		}
		tr.Write(append(buf, '\n'))
	}
	bx.Row("parameter", "low", "high", "restricted")
	c := d.Prim.Trajectory[d.Prim.Chosen]
	for j, p := range d.Params {
		buf = append(results.HeaderLine([]string{p}), ""...)
		buf = buf[:len(buf)-1]
		buf = append(buf, ',')
		buf = results.AppendFloat(buf, c.Low[j])
		buf = append(buf, ',')
		buf = results.AppendFloat(buf, c.High[j])
		buf = append(buf, ',')
		buf = strconv.AppendBool(buf, c.Restricted(j, d.Prim.Lo[j], d.Prim.Hi[j]))
		bx.Write(append(buf, '\n'))
	}
	var files []string
	for _, f := range []*results.File{tr, bx} {
		if _, err := f.Commit(); err != nil {
			tr.Abort()
			bx.Abort()
			return nil, err
		}
		files = append(files, filepath.Join(out, f.Name))
	}
	return files, nil
}
