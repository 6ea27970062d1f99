package results

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/minilateral/minilateral/sim"
)

// Sweep tables:
//
//	runs.csv            one row per run: design columns, parameters, outcomes
//	points.csv          one row per parameter point: mean, sd and 95% CI of every outcome
//	series_rounds.csv   rounds.csv rows of the recorded points' runs
//	series_nations.csv  nations.csv rows of the recorded points' runs
//
// docs/outputs.md documents every column.

// OutcomeColumns returns the names of the numeric per-run outcomes, in
// runs.csv order, for superpowers sids (sorted).
func OutcomeColumns(sids []string) []string {
	c := []string{"rounds", "final_bloc_size", "mean_bloc_size", "settle_round", "credible_rounds",
		"max_threat", "mean_terms", "final_divergence_own", "final_divergence_usable", "final_theil",
		"mean_welfare", "final_welfare", "final_bloc_capability"}
	for _, s := range sids {
		c = append(c, "final_controls_"+s)
	}
	for _, s := range sids {
		c = append(c, "final_utility_"+s)
	}
	return c
}

// RunsHeader returns the runs.csv columns for swept parameters keys (in
// sweep order) and superpowers sids (sorted).
func RunsHeader(keys, sids []string) []string {
	h := []string{"run", "point", "replicate", "seed"}
	h = append(h, keys...)
	h = append(h, "status", "error")
	return append(h, OutcomeColumns(sids)...)
}

// PointsHeader returns the points.csv columns.
func PointsHeader(keys, sids []string) []string {
	h := []string{"point"}
	h = append(h, keys...)
	h = append(h, "n")
	for _, o := range OutcomeColumns(sids) {
		h = append(h, o+"_mean", o+"_sd", o+"_ci_low", o+"_ci_high")
	}
	return h
}

// SeriesRoundsHeader and SeriesNationsHeader are the series tables'
// columns: run, point, replicate, then those of rounds.csv / nations.csv.
func SeriesRoundsHeader(sids []string) []string {
	return append([]string{"run", "point", "replicate"}, RoundsHeader(sids)...)
}

// SeriesNationsHeader is the series_nations.csv header.
func SeriesNationsHeader() []string {
	return append([]string{"run", "point", "replicate"}, NationsHeader...)
}

// HeaderLine joins columns into a CSV header line (with its newline).
// Column names needing quotes (a comma or quote in a key) are quoted.
func HeaderLine(cols []string) []byte {
	var b []byte
	for i, c := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCell(b, c)
	}
	return append(b, '\n')
}

func appendCell(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\n\r") {
		return append(b, s...)
	}
	return appendQuoted(b, s)
}

func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// RunRow is one row of runs.csv.
type RunRow struct {
	Run, Point, Replicate int
	Seed                  uint64
	Params                []float64    // values of the swept parameters, in sweep order
	Err                   string       // empty when the run succeeded
	Out                   *sim.Outcome // nil when the run failed before finishing
}

// AppendRunRow appends r as a runs.csv row (with its newline). A failed
// run's outcome cells are empty; its error message is quoted and put on
// one line. S is the number of superpowers.
func AppendRunRow(b []byte, r *RunRow, S int) []byte {
	b = strconv.AppendInt(b, int64(r.Run), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r.Point), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r.Replicate), 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, r.Seed, 10)
	b = append(b, ',')
	for _, v := range r.Params {
		b = appendF(b, v, ',')
	}
	n := len(OutcomeColumns(nil)) + 2*S
	if r.Err != "" || r.Out == nil {
		msg := r.Err
		if msg == "" {
			msg = "no outcome"
		}
		msg = strings.Join(strings.Fields(msg), " ")
		b = append(b, "error,"...)
		b = appendQuoted(b, msg)
		for range n {
			b = append(b, ',')
		}
		return append(b, '\n')
	}
	o := r.Out
	b = append(b, "ok,,"...)
	b = strconv.AppendInt(b, int64(o.Rounds), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(o.FinalBlocSize), 10)
	b = append(b, ',')
	b = appendF(b, o.MeanBlocSize, ',')
	if o.SettleRound >= 0 {
		b = strconv.AppendInt(b, int64(o.SettleRound), 10)
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(o.CredibleRounds), 10)
	b = append(b, ',')
	for _, v := range []float64{o.MaxThreat, o.MeanTerms, o.FinalDivOwn, o.FinalDivUsable, o.FinalTheil,
		o.MeanWelfare, o.FinalWelfare, o.FinalKB} {
		b = appendF(b, v, ',')
	}
	for _, v := range o.FinalControls {
		b = appendF(b, v, ',')
	}
	for _, v := range o.FinalUtility {
		b = appendF(b, v, ',')
	}
	b[len(b)-1] = '\n'
	return b
}

// CheckOutcome returns an error naming the first outcome that is NaN or
// infinite, so that such a run is recorded as failed.
func CheckOutcome(o *sim.Outcome, sids []string) error {
	vals := []float64{o.MeanBlocSize, o.MaxThreat, o.MeanTerms, o.FinalDivOwn, o.FinalDivUsable,
		o.FinalTheil, o.MeanWelfare, o.FinalWelfare, o.FinalKB}
	names := []string{"mean_bloc_size", "max_threat", "mean_terms", "final_divergence_own",
		"final_divergence_usable", "final_theil", "mean_welfare", "final_welfare", "final_bloc_capability"}
	for i, s := range sids {
		vals = append(vals, o.FinalControls[i], o.FinalUtility[i])
		names = append(names, "final_controls_"+s, "final_utility_"+s)
	}
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("outcome %s is %v", names[i], v)
		}
	}
	return nil
}

// SplitRow splits one CSV line (without its newline) into cells,
// unquoting quoted cells. It reads what AppendRunRow writes.
func SplitRow(line []byte) ([]string, error) {
	var cells []string
	for i := 0; ; {
		if i < len(line) && line[i] == '"' {
			var sb strings.Builder
			j := i + 1
			for {
				k := bytes.IndexByte(line[j:], '"')
				if k < 0 {
					return nil, fmt.Errorf("results: unterminated quote in %q", line)
				}
				sb.Write(line[j : j+k])
				j += k + 1
				if j < len(line) && line[j] == '"' {
					sb.WriteByte('"')
					j++
					continue
				}
				break
			}
			cells = append(cells, sb.String())
			if j == len(line) {
				return cells, nil
			}
			if line[j] != ',' {
				return nil, fmt.Errorf("results: text after a closing quote in %q", line)
			}
			i = j + 1
			continue
		}
		k := bytes.IndexByte(line[i:], ',')
		if k < 0 {
			return append(cells, string(line[i:])), nil
		}
		cells = append(cells, string(line[i:i+k]))
		i += k + 1
	}
}

// PointsWriter computes points.csv from runs.csv rows given in run order
// (so each point's runs are consecutive). It keeps one point's running
// sums, so its memory does not depend on the number of runs.
type PointsWriter struct {
	f       *File
	nk      int // swept parameters
	no      int // outcomes
	point   int
	params  []string
	n       int
	cnt     []int
	mean    []float64
	m2      []float64
	tq      []float64 // cached t quantiles by degrees of freedom
	started bool
	buf     []byte
}

// NewPointsWriter starts points.csv in dir for parameters keys and
// superpowers sids.
func NewPointsWriter(dir string, keys, sids []string) (*PointsWriter, error) {
	f, err := Create(dir, "points.csv")
	if err != nil {
		return nil, err
	}
	f.Write(HeaderLine(PointsHeader(keys, sids)))
	no := len(OutcomeColumns(sids))
	return &PointsWriter{f: f, nk: len(keys), no: no, cnt: make([]int, no),
		mean: make([]float64, no), m2: make([]float64, no)}, nil
}

// AddRow adds one runs.csv row (split into cells). Rows must come in run
// order.
func (w *PointsWriter) AddRow(cells []string) error {
	want := 4 + w.nk + 2 + w.no
	if len(cells) != want {
		return fmt.Errorf("results: runs row has %d cells, want %d", len(cells), want)
	}
	point, err := strconv.Atoi(cells[1])
	if err != nil {
		return fmt.Errorf("results: point %q: %w", cells[1], err)
	}
	if !w.started || point != w.point {
		if w.started && point < w.point {
			return fmt.Errorf("results: runs out of order: point %d after %d", point, w.point)
		}
		w.flush()
		w.started, w.point = true, point
		w.params = append(w.params[:0], cells[4:4+w.nk]...)
		w.n = 0
		clear(w.cnt)
		clear(w.mean)
		clear(w.m2)
	}
	if cells[4+w.nk] != "ok" {
		return nil
	}
	w.n++
	for j, c := range cells[4+w.nk+2:] {
		if c == "" {
			continue // undefined for this run (settle_round: never settled)
		}
		v, err := strconv.ParseFloat(c, 64)
		if err != nil {
			return fmt.Errorf("results: run %s: %w", cells[0], err)
		}
		// Welford's update.
		w.cnt[j]++
		d := v - w.mean[j]
		w.mean[j] += d / float64(w.cnt[j])
		w.m2[j] += d * (v - w.mean[j])
	}
	return nil
}

// tQuantile returns the 0.975 quantile of Student's t with df degrees of freedom.
func (w *PointsWriter) tQuantile(df int) float64 {
	for len(w.tq) <= df {
		w.tq = append(w.tq, math.NaN())
	}
	if math.IsNaN(w.tq[df]) {
		w.tq[df] = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
	}
	return w.tq[df]
}

func (w *PointsWriter) flush() {
	if !w.started {
		return
	}
	b := strconv.AppendInt(w.buf[:0], int64(w.point), 10)
	for _, p := range w.params {
		b = append(b, ',')
		b = append(b, p...)
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(w.n), 10)
	for j := range w.no {
		m := w.cnt[j]
		b = append(b, ',')
		if m == 0 {
			b = append(b, ",,,"...)
			continue
		}
		b = AppendFloat(b, w.mean[j])
		b = append(b, ',')
		if m < 2 {
			b = append(b, ",,"...)
			continue
		}
		sd := math.Sqrt(w.m2[j] / float64(m-1))
		h := w.tQuantile(m-1) * sd / math.Sqrt(float64(m))
		b = AppendFloat(b, sd)
		b = append(b, ',')
		b = AppendFloat(b, w.mean[j]-h)
		b = append(b, ',')
		b = AppendFloat(b, w.mean[j]+h)
	}
	b = append(b, '\n')
	w.f.Write(b)
	w.buf = b
}

// Commit writes the last point and renames points.csv into place,
// returning its SHA-256.
func (w *PointsWriter) Commit() (string, error) {
	w.flush()
	w.started = false
	return w.f.Commit()
}

// Abort removes the temporary file.
func (w *PointsWriter) Abort() { w.f.Abort() }
