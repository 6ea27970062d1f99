package plot

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/scenarios"
)

// table is one CSV file held in memory.
type table struct {
	file   string // path, for error messages
	header []string
	col    map[string]int
	rows   [][]string
	lines  []int // line number of each row, 1-based
}

// readTable reads a CSV results file strictly: it must end with a
// newline and every line must have as many fields as the header. When
// path's CSV file is absent its Parquet table is read (as the same CSV).
func readTable(path string) (*table, error) {
	data, err := results.ReadTable(path)
	if err != nil {
		return nil, fmt.Errorf("plot: %w", err)
	}
	return parseTable(path, data)
}

func parseTable(path string, data []byte) (*table, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("plot: %s: empty file (no header line)", path)
	}
	if data[len(data)-1] != '\n' {
		n := bytes.Count(data, []byte{'\n'}) + 1
		return nil, fmt.Errorf("plot: %s:%d: file is cut off mid-line (the last line has no newline)", path, n)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	t := &table{file: path, col: map[string]int{}}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("plot: %s:%d: %v", path, pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("plot: %s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		if t.header == nil {
			t.header = rec
			for i, h := range rec {
				if _, dup := t.col[h]; dup {
					return nil, fmt.Errorf("plot: %s:%d: column %q appears twice", path, line, h)
				}
				t.col[h] = i
			}
			continue
		}
		if len(rec) != len(t.header) {
			return nil, fmt.Errorf("plot: %s:%d: %d fields, but the header has %d (file cut off or corrupt)", path, line, len(rec), len(t.header))
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	if t.header == nil {
		return nil, fmt.Errorf("plot: %s: no header line", path)
	}
	return t, nil
}

func (t *table) has(name string) bool { _, ok := t.col[name]; return ok }

// need returns an error naming the first of cols that t lacks.
func (t *table) need(cols ...string) error {
	for _, c := range cols {
		if !t.has(c) {
			return fmt.Errorf("plot: %s: no column %q", t.file, c)
		}
	}
	return nil
}

// str returns row i's cell in column name ("" when there is no such column).
func (t *table) str(i int, name string) string {
	j, ok := t.col[name]
	if !ok {
		return ""
	}
	return t.rows[i][j]
}

// num parses row i's cell in column name. Empty cells are NaN; true and
// false read as 1 and 0.
func (t *table) num(i int, name string) (float64, error) {
	j, ok := t.col[name]
	if !ok {
		return 0, fmt.Errorf("plot: %s: no column %q", t.file, name)
	}
	return parseNum(t.rows[i][j], t.file, t.lines[i], name)
}

func parseNum(s, file string, line int, name string) (float64, error) {
	switch s {
	case "":
		return math.NaN(), nil
	case "true":
		return 1, nil
	case "false":
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("plot: %s:%d: column %s: %q is not a number", file, line, name, s)
	}
	return v, nil
}

// column parses a whole column.
func (t *table) column(name string) ([]float64, error) {
	j, ok := t.col[name]
	if !ok {
		return nil, fmt.Errorf("plot: %s: no column %q", t.file, name)
	}
	out := make([]float64, len(t.rows))
	for i, r := range t.rows {
		v, err := parseNum(r[j], t.file, t.lines[i], name)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// columns reads the named columns in order; the error is the first
// column's that fails.
func (t *table) columns(names ...string) ([][]float64, error) {
	cols := make([][]float64, len(names))
	for i, name := range names {
		var err error
		if cols[i], err = t.column(name); err != nil {
			return nil, err
		}
	}
	return cols, nil
}

// dataset is what Dir reads from a results directory.
type dataset struct {
	dir    string
	kind   string   // "run" or "sweep"
	design string   // sweep design: grid or lhs ("" when unknown: grid)
	params []string // swept parameters, in order
	values map[string][]float64
	// integrated are the parameters an uncertainty sweep sampled from
	// the priors at every grid point: figures pool them, never slice.
	integrated []string
	nations    int // number of middle powers; 0 when unknown

	// run
	rounds, nationsT *table
	endow            *table  // endowments.csv; nil in results written before it existed
	threshold        float64 // bloc.threat_threshold θ of the run's scenario
	window           int     // world.window W of the run's scenario
	// sweep
	points, runs, seriesRounds, seriesNations *table
}

type manifestJSON struct {
	Command  string `json:"command"`
	Scenario string `json:"scenario"`
	Resolved string `json:"resolved"`
	Extra    struct {
		Design     string               `json:"design"`
		Parameters []string             `json:"parameters"`
		Values     map[string][]float64 `json:"values"`
		Integrated []string             `json:"integrated"`
	} `json:"extra"`
}

// load reads the tables of a run or sweep directory.
func load(dir string) (*dataset, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("plot: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("plot: %s is not a directory", dir)
	}
	res := &dataset{dir: dir, values: map[string][]float64{}}
	var man manifestJSON
	mpath := filepath.Join(dir, "manifest.json")
	if data, err := os.ReadFile(mpath); err == nil {
		if err := json.Unmarshal(data, &man); err != nil {
			return nil, fmt.Errorf("plot: %s: %w", mpath, err)
		}
	}
	has := func(f string) bool { return results.HasTable(dir, f) }
	// The tables say what the directory holds (a merge of sweep shards
	// is a sweep too); the manifest only breaks ties.
	sweep, run := has("points.csv") || has("runs.csv"), has("rounds.csv")
	switch {
	case sweep && (!run || man.Command != "run"):
		res.kind = "sweep"
	case run:
		res.kind = "run"
	default:
		return nil, fmt.Errorf("plot: %s: no results here (expected rounds.csv from 'minilateral run', or points.csv and runs.csv from 'minilateral sweep')", dir)
	}
	// Without a resolved scenario in the manifest, the defaults hold.
	def := scenarios.Default()
	res.threshold, res.window = def.Bloc.ThreatThreshold, def.World.Window
	if man.Resolved != "" {
		if s, err := scenarios.Parse("manifest.json", []byte(man.Resolved)); err == nil {
			res.nations = len(s.Nations)
			res.threshold, res.window = s.Bloc.ThreatThreshold, s.World.Window
		}
	}
	read := func(name string, required bool) (*table, error) {
		p := filepath.Join(dir, name)
		if !results.HasTable(dir, name) {
			if required {
				return nil, fmt.Errorf("plot: %s: no %s: not a complete %s directory", dir, name, res.kind)
			}
			return nil, nil
		}
		return readTable(p)
	}
	if res.kind == "run" {
		if res.rounds, err = read("rounds.csv", true); err != nil {
			return nil, err
		}
		if res.nationsT, err = read("nations.csv", true); err != nil {
			return nil, err
		}
		if res.endow, err = read("endowments.csv", false); err != nil {
			return nil, err
		}
		if err := res.rounds.need("round", "bloc_size"); err != nil {
			return nil, err
		}
		if err := res.nationsT.need("round", "nation", "action", "usable_capability", "payoff"); err != nil {
			return nil, err
		}
		if len(res.rounds.rows) == 0 {
			return nil, fmt.Errorf("plot: %s: no rounds: nothing to plot", res.rounds.file)
		}
		if res.nations == 0 {
			res.nations = len(distinct(res.nationsT, "nation"))
		}
		return res, nil
	}
	for _, f := range []struct {
		name string
		dst  **table
		req  bool
	}{{"points.csv", &res.points, true}, {"runs.csv", &res.runs, true}, {"series_rounds.csv", &res.seriesRounds, false}, {"series_nations.csv", &res.seriesNations, false}} {
		if *f.dst, err = read(f.name, f.req); err != nil {
			return nil, err
		}
	}
	if err := res.points.need("point", "n"); err != nil {
		return nil, err
	}
	if err := res.runs.need("run", "point", "status", "final_bloc_size"); err != nil {
		return nil, err
	}
	if len(res.points.rows) == 0 {
		return nil, fmt.Errorf("plot: %s: no points: nothing to plot", res.points.file)
	}
	res.params = man.Extra.Parameters
	res.design = man.Extra.Design
	if len(man.Extra.Integrated) > 0 {
		res.integrated = man.Extra.Integrated
		res.params = slices.DeleteFunc(slices.Clone(res.params), func(p string) bool { return slices.Contains(res.integrated, p) })
	}
	if res.params == nil {
		// The swept parameters are the columns between point and n.
		lo, hi := res.points.col["point"], res.points.col["n"]
		if hi > lo {
			res.params = slices.Clone(res.points.header[lo+1 : hi])
		}
	}
	for _, p := range res.params {
		if err := res.points.need(p); err != nil {
			return nil, err
		}
		vs, err := res.points.column(p)
		if err != nil {
			return nil, err
		}
		vs = append(vs, man.Extra.Values[p]...)
		res.values[p] = uniqueSorted(vs)
	}
	if res.nations == 0 && res.seriesNations != nil && res.seriesNations.has("nation") {
		res.nations = len(distinct(res.seriesNations, "nation"))
	}
	return res, nil
}

// outcomes lists the outcomes of points.csv (columns O_mean), in order.
func (r *dataset) outcomes() []string {
	var out []string
	for _, h := range r.points.header {
		if o, ok := strings.CutSuffix(h, "_mean"); ok {
			out = append(out, o)
		}
	}
	return out
}

// roundColumns lists the numeric columns of rounds.csv a run can plot.
func roundColumns(t *table) []string {
	var out []string
	for _, h := range t.header {
		if h != "round" && h != "year" && h != "members" {
			out = append(out, h)
		}
	}
	return out
}

// distinct returns the distinct values of a column in order of first
// appearance.
func distinct(t *table, name string) []string {
	j := t.col[name]
	seen := map[string]bool{}
	var out []string
	for _, r := range t.rows {
		if !seen[r[j]] {
			seen[r[j]] = true
			out = append(out, r[j])
		}
	}
	return out
}

// uniqueSorted returns the distinct non-NaN values of xs in ascending order.
func uniqueSorted(xs []float64) []float64 {
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
