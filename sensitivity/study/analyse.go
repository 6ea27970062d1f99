package study

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sensitivity"
)

// Options control an analysis.
type Options struct {
	Resamples int // bootstrap resamples (default 1000)
	Workers   int // goroutines for the bootstrap (the result does not depend on them)
}

// OutcomeResult holds the indices of one outcome.
type OutcomeResult struct {
	Outcome     string
	Sobol       *sensitivity.SobolResult  // method sobol
	Morris      *sensitivity.MorrisResult // method morris
	Convergence []Step                    // N/8, N/4, N/2, N (or r/8 … r), those with at least 2 samples
}

// Step is the analysis of a prefix of the design.
type Step struct {
	Size   int
	Sobol  *sensitivity.SobolResult
	Morris *sensitivity.MorrisResult
}

// Report is the analysis of a directory.
type Report struct {
	Dir      string
	Setup    *Setup
	Names    []string // the factors, dummy last
	Outcomes []OutcomeResult
	Warnings []string // "outcome: message"
	Rows     []sensitivity.Row
}

// BootstrapSeed is the fixed seed of the bootstrap intervals: the same
// directory always gives the same intervals.
const BootstrapSeed = 20100101

// Analyse computes the indices of the sensitivity analysis in dir (a
// finished sensitivity directory, or a merge of its shards).
func Analyse(dir string, opt Options) (*Report, error) {
	var m results.Manifest
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		if _, serr := os.Stat(filepath.Join(dir, ".sweep")); serr == nil {
			return nil, fmt.Errorf("study: %s holds an unfinished analysis: resume it with --resume first", dir)
		}
		return nil, fmt.Errorf("study: %s: no manifest.json: not the output of 'minilateral sensitivity'", dir)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("study: %s/manifest.json: %w", dir, err)
	}
	if m.Command != "sensitivity" {
		return nil, fmt.Errorf("study: %s was made by 'minilateral %s', not 'minilateral sensitivity'", dir, m.Command)
	}
	if sh, _ := m.Extra["shard"].(string); sh != "" {
		return nil, fmt.Errorf("study: %s holds shard %s only: merge the shards first ('minilateral merge')", dir, sh)
	}
	st, err := FromManifest(&m)
	if err != nil {
		return nil, err
	}
	rows, err := st.Rows()
	if err != nil {
		return nil, err
	}
	points := st.Points(rows)
	y, warn, err := readOutputs(filepath.Join(dir, "runs.csv"), st, points)
	if err != nil {
		return nil, err
	}
	rep := &Report{Dir: dir, Setup: st, Names: st.Names(), Warnings: warn, Rows: rows}
	d := st.D()
	for o, name := range st.Outcomes {
		res := OutcomeResult{Outcome: name}
		sopt := sensitivity.Options{Resamples: opt.Resamples, Seed: BootstrapSeed, Workers: opt.Workers}
		var ws []string
		if st.Method == scenarios.MethodSobol {
			mat, w, err := sensitivity.NewMatrix(rows, y[o], d)
			if err != nil {
				return nil, err
			}
			ws = append(ws, w...)
			res.Sobol = sensitivity.Sobol(mat, sopt)
			ws = append(ws, res.Sobol.Warnings...)
			for _, f := range []int{8, 4, 2, 1} {
				n := st.N / f
				if n < 2 || n > mat.N() {
					continue
				}
				res.Convergence = append(res.Convergence, Step{Size: n, Sobol: sensitivity.Sobol(mat.Prefix(n), sopt)})
			}
		} else {
			res.Morris, err = sensitivity.MorrisEffects(rows, y[o], d, sopt)
			if err != nil {
				return nil, err
			}
			ws = append(ws, res.Morris.Warnings...)
			for _, f := range []int{8, 4, 2, 1} {
				r := st.R / f
				if r < 2 {
					continue
				}
				k := r * (d + 1)
				mr, err := sensitivity.MorrisEffects(rows[:k], y[o][:k], d, sopt)
				if err != nil {
					return nil, err
				}
				res.Convergence = append(res.Convergence, Step{Size: r, Morris: mr})
			}
		}
		for _, w := range ws {
			rep.Warnings = append(rep.Warnings, name+": "+w)
		}
		rep.Outcomes = append(rep.Outcomes, res)
	}
	return rep, nil
}

// readOutputs reads runs.csv and returns, per outcome and design point,
// the mean over the point's successful replications (NaN when none
// succeeded or the value is empty). Every row's parameter values must be
// those of its design point.
func readOutputs(path string, st *Setup, points [][]float64) ([][]float64, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("study: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	line, err := r.ReadBytes('\n')
	if err != nil {
		return nil, nil, fmt.Errorf("study: %s: no header", path)
	}
	head, err := results.SplitRow(trim(line))
	if err != nil {
		return nil, nil, fmt.Errorf("study: %s: %w", path, err)
	}
	names := st.Names()
	nk := len(names)
	if len(head) < 6+nk || !slices.Equal(head[4:4+nk], names) {
		return nil, nil, fmt.Errorf("study: %s: the parameter columns are not those of the recorded design (%v)", path, names)
	}
	outs := results.OutcomesOf(head)
	col := make([]int, len(st.Outcomes))
	for i, o := range st.Outcomes {
		j := slices.Index(outs, o)
		if j < 0 {
			return nil, nil, fmt.Errorf("study: %s: no outcome column %q", path, o)
		}
		col[i] = 4 + nk + 2 + j
	}
	np := len(points)
	sum := make([][]float64, len(col))
	cnt := make([][]int32, len(col))
	for i := range col {
		sum[i] = make([]float64, np)
		cnt[i] = make([]int32, np)
	}
	rowsRead, failed := 0, 0
	for k := 1; ; k++ {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			if line[len(line)-1] != '\n' {
				return nil, nil, fmt.Errorf("study: %s: line %d is incomplete", path, k+1)
			}
			cells, err := results.SplitRow(trim(line))
			if err != nil {
				return nil, nil, fmt.Errorf("study: %s line %d: %w", path, k+1, err)
			}
			if len(cells) != len(head) {
				return nil, nil, fmt.Errorf("study: %s line %d: %d cells, want %d", path, k+1, len(cells), len(head))
			}
			pt, err := strconv.Atoi(cells[1])
			if err != nil || pt < 0 || pt >= np {
				return nil, nil, fmt.Errorf("study: %s line %d: point %q is not a point of the design (0 to %d)", path, k+1, cells[1], np-1)
			}
			for j := range nk {
				v, err := strconv.ParseFloat(cells[4+j], 64)
				if err != nil || v != points[pt][j] {
					return nil, nil, fmt.Errorf("study: %s line %d: %s = %s, but design point %d has %s: the rows are not those of the recorded design",
						path, k+1, names[j], cells[4+j], pt, strconv.FormatFloat(points[pt][j], 'g', -1, 64))
				}
			}
			rowsRead++
			if cells[4+nk] != "ok" {
				failed++
				continue
			}
			for i, c := range col {
				if cells[c] == "" {
					continue
				}
				v, err := strconv.ParseFloat(cells[c], 64)
				if err != nil {
					return nil, nil, fmt.Errorf("study: %s line %d: %s = %q is not a number", path, k+1, st.Outcomes[i], cells[c])
				}
				sum[i][pt] += v
				cnt[i][pt]++
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("study: %w", err)
		}
	}
	if want := np * st.Reps; rowsRead != want {
		return nil, nil, fmt.Errorf("study: %s holds %d runs; the design has %d", path, rowsRead, want)
	}
	var warn []string
	if failed > 0 {
		warn = append(warn, fmt.Sprintf("%d of %d runs failed; their points average the others, or are dropped", failed, rowsRead))
	}
	y := make([][]float64, len(col))
	for i := range col {
		y[i] = make([]float64, np)
		for p := range np {
			if cnt[i][p] == 0 {
				y[i][p] = math.NaN()
				continue
			}
			y[i][p] = sum[i][p] / float64(cnt[i][p])
		}
	}
	return y, warn, nil
}

func trim(line []byte) []byte {
	for len(line) > 0 && (line[len(line)-1] == '\n' || line[len(line)-1] == '\r') {
		line = line[:len(line)-1]
	}
	return line
}

// Write writes indices.csv, convergence.csv and design.csv into the report's
// directory (atomically) and returns their paths.
func (rep *Report) Write() ([]string, error) {
	idx, err := results.Create(rep.Dir, "indices.csv")
	if err != nil {
		return nil, err
	}
	conv, err := results.Create(rep.Dir, "convergence.csv")
	if err != nil {
		idx.Abort()
		return nil, err
	}
	sobol := rep.Setup.Method == scenarios.MethodSobol
	if sobol {
		idx.Row("parameter", "outcome", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high")
		conv.Row("parameter", "outcome", "n", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high")
	} else {
		idx.Row("parameter", "outcome", "mu", "mu_star", "mu_star_low", "mu_star_high", "sigma")
		conv.Row("parameter", "outcome", "trajectories", "mu", "mu_star", "mu_star_low", "mu_star_high", "sigma")
	}
	var buf []byte
	cell := func(b []byte, v float64) []byte {
		b = append(b, ',')
		if math.IsNaN(v) {
			return b
		}
		return results.AppendFloat(b, v)
	}
	row := func(f *results.File, name, outcome string, size int, s *sensitivity.SobolResult, m *sensitivity.MorrisResult, j int) {
		buf = append(buf[:0], results.HeaderLine([]string{name, outcome})...)
		buf = buf[:len(buf)-1]
		if size > 0 {
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, int64(size), 10)
		}
		if s != nil {
			for _, iv := range []sensitivity.Interval{s.S1[j], s.ST[j]} {
				buf = cell(buf, iv.Est)
				buf = cell(buf, iv.Low)
				buf = cell(buf, iv.High)
			}
		} else {
			buf = cell(buf, m.Mu[j])
			buf = cell(buf, m.MuStar[j].Est)
			buf = cell(buf, m.MuStar[j].Low)
			buf = cell(buf, m.MuStar[j].High)
			buf = cell(buf, m.Sigma[j])
		}
		f.Write(append(buf, '\n'))
	}
	for _, o := range rep.Outcomes {
		for j, name := range rep.Names {
			row(idx, name, o.Outcome, 0, o.Sobol, o.Morris, j)
			for _, c := range o.Convergence {
				row(conv, name, o.Outcome, c.Size, c.Sobol, c.Morris, j)
			}
		}
	}
	des, err := results.Create(rep.Dir, "design.csv")
	if err != nil {
		idx.Abort()
		conv.Abort()
		return nil, err
	}
	// design.csv: each design point's block, so that a reader of
	// points.csv can tell A from B from AB_j without recomputing the design.
	if sobol {
		des.Row("point", "block", "sample")
	} else {
		des.Row("point", "block", "trajectory", "step", "moved") // moved: the parameter this step changed
	}
	for pt, r := range rep.Rows {
		buf = strconv.AppendInt(buf[:0], int64(pt), 10)
		buf = append(buf, ',')
		if sobol {
			buf = append(buf, r.Label()...)
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, int64(r.Sample), 10)
		} else {
			buf = append(buf, r.Label()...)
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, int64(r.Sample), 10)
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, int64(r.Step), 10)
			buf = append(buf, ',')
			if r.Factor >= 0 {
				buf = append(buf, rep.Names[r.Factor]...)
			}
		}
		des.Write(append(buf, '\n'))
	}
	var files []string
	for _, f := range []*results.File{idx, conv, des} {
		if _, err := f.Commit(); err != nil {
			idx.Abort()
			conv.Abort()
			des.Abort()
			return nil, errors.Join(err)
		}
		files = append(files, filepath.Join(rep.Dir, f.Name))
	}
	return files, nil
}
