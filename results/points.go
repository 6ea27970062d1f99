package results

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// Quantiles are the probabilities of the quantile columns of points.csv
// and their column suffixes.
var (
	quantileProbs    = [...]float64{0.1, 0.5, 0.9}
	quantileSuffixes = [...]string{"_p10", "_median", "_p90"}
)

// blocSizeColumn is the outcome whose distribution P(final bloc ≥ k) is
// reported for every k.
const blocSizeColumn = "final_bloc_size"

// PointsHeader returns the points.csv columns for swept parameters keys,
// superpowers sids and nations middle powers: point, the parameters, n;
// for every outcome O of OutcomeColumns its mean, sd, 95% CI and
// quantiles; then P(final bloc ≥ k) with its Wilson bounds for k from 1
// to nations.
func PointsHeader(keys, sids []string, nations int) []string {
	return PointsHeaderFor(keys, OutcomeColumns(sids), nations)
}

// PointsHeaderFor is PointsHeader for any outcome columns outs (the
// P(final bloc ≥ k) columns only where outs has final_bloc_size).
func PointsHeaderFor(keys, outs []string, nations int) []string {
	h := []string{"point"}
	h = append(h, keys...)
	h = append(h, "n")
	for _, o := range outs {
		h = append(h, o+"_mean", o+"_sd", o+"_ci_low", o+"_ci_high")
		for _, s := range quantileSuffixes {
			h = append(h, o+s)
		}
	}
	if slices.Contains(outs, blocSizeColumn) {
		for k := 1; k <= nations; k++ {
			p := "p_final_bloc_ge_" + strconv.Itoa(k)
			h = append(h, p, p+"_low", p+"_high")
		}
	}
	return h
}

// PointsWriter computes points.csv from runs.csv rows given in run order
// (so each point's runs are consecutive). It keeps the running sums and
// the outcome values of one point only, in buffers reused from point to
// point; a point's values beyond pointsMemValues go to a temporary file
// in dir (see pointValues), so its memory does not grow with the number of
// runs, nor with the replications of a point.
type PointsWriter struct {
	f       *File
	nk      int // swept parameters
	no      int // outcomes
	outs    []string
	nations int // middle powers: k of P(final bloc ≥ k) runs from 1 to nations
	size    int // index of blocSizeColumn among the outcomes; -1 if absent
	point   int
	params  []string
	n       int
	cnt     []int
	mean    []float64
	m2      []float64
	vals    *pointValues // this point's values of each outcome, in run order
	ge      []int        // runs whose final bloc has at least k+1 members
	tq      []float64    // cached t quantiles by degrees of freedom, below tCached
	started bool
	buf     []byte
}

// NewPointsWriter starts points.csv in dir for parameters keys,
// superpowers sids and nations middle powers.
func NewPointsWriter(dir string, keys, sids []string, nations int) (*PointsWriter, error) {
	return NewPointsWriterFor(dir, keys, OutcomeColumns(sids), nations)
}

// NewPointsWriterFor is NewPointsWriter for any outcome columns outs.
func NewPointsWriterFor(dir string, keys, outs []string, nations int) (*PointsWriter, error) {
	f, err := Create(dir, "points.csv")
	if err != nil {
		return nil, err
	}
	f.Write(HeaderLine(PointsHeaderFor(keys, outs, nations)))
	no := len(outs)
	return &PointsWriter{f: f, nk: len(keys), no: no, outs: outs, nations: nations, size: slices.Index(outs, blocSizeColumn),
		cnt: make([]int, no), mean: make([]float64, no), m2: make([]float64, no), vals: newPointValues(dir, no),
		ge: make([]int, nations)}, nil
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
		if err := w.flush(); err != nil {
			return err
		}
		w.started, w.point = true, point
		w.params = append(w.params[:0], cells[4:4+w.nk]...)
		w.n = 0
		clear(w.cnt)
		clear(w.mean)
		clear(w.m2)
		clear(w.ge)
		if err := w.vals.reset(); err != nil {
			return err
		}
	}
	if cells[4+w.nk] != "ok" {
		return nil
	}
	w.n++
	row, err := w.vals.row()
	if err != nil {
		return err
	}
	for j, c := range cells[4+w.nk+2:] {
		if c == "" {
			continue // undefined for this run (settle_round: never settled)
		}
		v, err := strconv.ParseFloat(c, 64)
		if err != nil {
			return fmt.Errorf("results: run %s: %w", cells[0], err)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			// CheckOutcome records such runs as failed: an ok row never has one.
			return fmt.Errorf("results: run %s: %s is %s in a run with status ok", cells[0], w.outs[j], c)
		}
		// Welford's update.
		w.cnt[j]++
		d := v - w.mean[j]
		w.mean[j] += d / float64(w.cnt[j])
		w.m2[j] += d * (v - w.mean[j])
		row[j] = v
		if j == w.size {
			for k := 1; k <= w.nations && v >= float64(k); k++ {
				w.ge[k-1]++
			}
		}
	}
	return nil
}

// tCached is the number of degrees of freedom whose t quantiles are
// cached: a cache indexed by df up to a point's replications would grow
// with them (8 MB for a point of 10^6 runs).
const tCached = 1 << 10

// tQuantile returns the 0.975 quantile of Student's t with df degrees of freedom.
func (w *PointsWriter) tQuantile(df int) float64 {
	if df >= tCached {
		return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
	}
	for len(w.tq) <= df {
		w.tq = append(w.tq, math.NaN())
	}
	if math.IsNaN(w.tq[df]) {
		w.tq[df] = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
	}
	return w.tq[df]
}

func (w *PointsWriter) flush() error {
	if !w.started {
		return nil
	}
	var qs [][]float64 // a spilled point's quantiles
	if w.vals.spilled > 0 {
		var err error
		if qs, err = w.spilledQuantiles(); err != nil {
			return err
		}
	}
	b := strconv.AppendInt(w.buf[:0], int64(w.point), 10)
	for _, p := range w.params {
		b = append(b, ',')
		b = append(b, p...)
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(w.n), 10)
	for j := range w.no {
		b = w.appendStats(b, j)
		if qs != nil {
			b = appendQuantileCells(b, qs[j])
		} else {
			b = w.appendQuantiles(b, w.vals.sorted(j))
		}
	}
	if w.size >= 0 {
		b = w.appendBlocProbs(b, w.cnt[w.size])
	}
	b = append(b, '\n')
	w.f.Write(b)
	w.buf = b
	return nil
}

// spilledQuantiles returns the quantiles of every outcome of a point
// whose values spilled (nil for an outcome without values), computed
// from the same order statistics Quantile7 reads from a sorted slice.
func (w *PointsWriter) spilledQuantiles() ([][]float64, error) {
	ranks := make([][]int, w.no)
	for j, n := range w.cnt {
		if n == 0 {
			continue
		}
		for _, p := range quantileProbs {
			i, h := quantile7Index(p, n)
			ranks[j] = append(ranks[j], i)
			if h > 0 {
				ranks[j] = append(ranks[j], i+1)
			}
		}
	}
	stats, err := w.vals.orderStats(w.cnt, ranks)
	if err != nil {
		return nil, err
	}
	qs := make([][]float64, w.no)
	for j, n := range w.cnt {
		if n == 0 {
			continue
		}
		x := stats[j]
		for _, p := range quantileProbs {
			_, h := quantile7Index(p, n)
			xi, next := x[0], 0.0
			x = x[1:]
			if h > 0 {
				next, x = x[0], x[1:]
			}
			qs[j] = append(qs[j], quantile7Of(xi, next, h))
		}
	}
	return qs, nil
}

// appendQuantileCells appends the quantile cells q (empty cells when q
// is nil: no values).
func appendQuantileCells(b []byte, q []float64) []byte {
	for i := range quantileProbs {
		b = append(b, ',')
		if q != nil {
			b = AppendFloat(b, q[i])
		}
	}
	return b
}

// appendStats appends the mean, sd and CI cells of outcome j.
func (w *PointsWriter) appendStats(b []byte, j int) []byte {
	m := w.cnt[j]
	b = append(b, ',')
	if m == 0 {
		return append(b, ",,,"...)
	}
	b = AppendFloat(b, w.mean[j])
	b = append(b, ',')
	if m < 2 {
		return append(b, ",,"...)
	}
	sd := math.Sqrt(w.m2[j] / float64(m-1))
	h := w.tQuantile(m-1) * sd / math.Sqrt(float64(m))
	b = AppendFloat(b, sd)
	b = append(b, ',')
	b = AppendFloat(b, w.mean[j]-h)
	b = append(b, ',')
	return AppendFloat(b, w.mean[j]+h)
}

// appendQuantiles appends the quantile cells of the sorted values x
// (empty cells when there are none).
func (w *PointsWriter) appendQuantiles(b []byte, x []float64) []byte {
	for _, p := range quantileProbs {
		b = append(b, ',')
		if len(x) > 0 {
			b = AppendFloat(b, Quantile7(p, x))
		}
	}
	return b
}

// appendBlocProbs appends, for k from 1 to the number of middle powers,
// the share of runs whose final bloc has at least k members and its
// Wilson interval, from the n final bloc sizes of the point, counted
// by k in w.ge (empty cells when there are none).
func (w *PointsWriter) appendBlocProbs(b []byte, n int) []byte {
	for k := 1; k <= w.nations; k++ {
		if n == 0 {
			b = append(b, ",,,"...)
			continue
		}
		c := w.ge[k-1] // values ≥ k
		low, high := Wilson(c, n)
		b = append(b, ',')
		b = AppendFloat(b, float64(c)/float64(n))
		b = append(b, ',')
		b = AppendFloat(b, low)
		b = append(b, ',')
		b = AppendFloat(b, high)
	}
	return b
}

// Commit writes the last point and renames points.csv into place,
// returning its SHA-256.
func (w *PointsWriter) Commit() (string, error) {
	err := w.flush()
	w.started = false
	w.vals.close()
	if err != nil {
		w.f.Abort()
		return "", err
	}
	return w.f.Commit()
}

// Abort removes the temporary files.
func (w *PointsWriter) Abort() {
	w.vals.close()
	w.f.Abort()
}
