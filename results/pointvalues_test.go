package results

import (
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// spillOuts are the outcome columns of the spill tests: a continuous one,
// one with many ties, one that is often missing, the bloc size (integers,
// for the P(final bloc ≥ k) columns) and a constant one (every key bit
// must be resolved by radix passes: its candidates never shrink) and one
// that is always missing (its cells stay empty).
var spillOuts = []string{"cont", "ties", "sparse", blocSizeColumn, "const", "never"}

// spillRows returns runs.csv rows, split into cells, of points with the
// given numbers of replications; some runs fail.
func spillRows(reps []int) [][]string {
	rng := rand.New(rand.NewPCG(1, 2))
	var rows [][]string
	run := 0
	for pt, n := range reps {
		for r := range n {
			c := []string{strconv.Itoa(run), strconv.Itoa(pt), strconv.Itoa(r), strconv.Itoa(run), strconv.Itoa(pt), "ok", ""}
			if rng.IntN(50) == 0 {
				c[5], c[6] = "error", "boom"
				c = append(c, "", "", "", "", "", "")
			} else {
				sparse := ""
				if rng.IntN(3) == 0 {
					sparse = strconv.FormatFloat(rng.ExpFloat64()*1e-3, 'g', -1, 64)
				}
				c = append(c,
					strconv.FormatFloat(rng.NormFloat64()*3-1, 'g', -1, 64),
					strconv.Itoa(rng.IntN(7)-3),
					sparse,
					strconv.Itoa(rng.IntN(5)),
					"0.25",
					"")
			}
			rows = append(rows, c)
			run++
		}
	}
	return rows
}

// writePoints writes points.csv of rows in dir, holding at most mem values
// in memory, and returns its bytes.
func writePoints(t *testing.T, dir string, mem int, rows [][]string) []byte {
	t.Helper()
	defer func(old int) { pointsMemValues = old }(pointsMemValues)
	pointsMemValues = mem
	w, err := NewPointsWriterFor(dir, []string{"x"}, spillOuts, 4)
	if err != nil {
		t.Fatal(err)
	}
	return commitPoints(t, w, dir, rows)
}

// commitPoints adds rows to w, commits it and returns dir's points.csv.
func commitPoints(t *testing.T, w *PointsWriter, dir string, rows [][]string) []byte {
	t.Helper()
	for _, c := range rows {
		if err := w.AddRow(c); err != nil {
			w.Abort()
			t.Fatal(err)
		}
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "points.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A point too large for memory spills its values to a temporary file and
// selects the quantiles' order statistics from it: points.csv is the same,
// byte for byte, as when every value is sorted in memory, and the file is
// gone afterwards.
func TestPointsSpillIsExact(t *testing.T) {
	// Points below and above selectCollect and the memory bound, and one
	// of a single run.
	rows := spillRows([]int{1, 2, 7, 300, 3000, 20000, 5})
	want := writePoints(t, t.TempDir(), 1<<30, rows)
	for _, mem := range []int{len(spillOuts), 64, 5000} {
		dir := t.TempDir()
		if got := writePoints(t, dir, mem, rows); string(got) != string(want) {
			t.Errorf("memory for %d values: points.csv differs from the in-memory one:\n%s\nwant\n%s", mem, got, want)
		}
		ents, _ := os.ReadDir(dir)
		if len(ents) != 1 {
			t.Errorf("memory for %d values: %d files left in the directory, want only points.csv", mem, len(ents))
		}
	}
}

// However many runs a point has, the values held in memory stay within
// pointsMemValues (the rest is spilled) and the cache of t quantiles
// within tCached degrees of freedom.
func TestPointsMemoryBounded(t *testing.T) {
	defer func(old int) { pointsMemValues = old }(pointsMemValues)
	pointsMemValues = 1000
	w, err := NewPointsWriterFor(t.TempDir(), []string{"x"}, spillOuts, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	for _, c := range spillRows([]int{50000}) {
		if err := w.AddRow(c); err != nil {
			t.Fatal(err)
		}
	}
	if c := cap(w.vals.buf); c > pointsMemValues {
		t.Errorf("value buffer capacity %d after 50000 runs, want at most %d", c, pointsMemValues)
	}
	if w.vals.spilled == 0 {
		t.Error("nothing spilled")
	}
	if err := w.flush(); err != nil {
		t.Fatal(err)
	}
	if c := cap(w.vals.scratch); c != 0 {
		t.Errorf("a spilled point used a sort buffer of %d values", c)
	}
	if c := cap(w.tq); c > tCached || c > 50000/10 {
		t.Errorf("t quantile cache of %d entries after a point of 50000 runs: it grows with the runs", c)
	}
}

// sortKey orders like <, with −0 just below +0, and fromKey inverts it.
func TestSortKey(t *testing.T) {
	xs := []float64{math.Inf(-1), -math.MaxFloat64, -1, -math.SmallestNonzeroFloat64, math.Copysign(0, -1), 0,
		math.SmallestNonzeroFloat64, 1, math.MaxFloat64, math.Inf(1)}
	for i, x := range xs {
		k := sortKey(x)
		if k == 0 {
			t.Errorf("sortKey(%v) = 0, the missing marker", x)
		}
		if y := fromKey(k); math.Float64bits(y) != math.Float64bits(x) {
			t.Errorf("fromKey(sortKey(%v)) = %v", x, y)
		}
		if i > 0 && sortKey(xs[i-1]) >= k {
			t.Errorf("sortKey(%v) ≥ sortKey(%v)", xs[i-1], x)
		}
	}
}

// A full disk while spilling is an error naming points.csv, and Abort
// leaves no temporary file behind.
func TestPointsSpillFull(t *testing.T) {
	defer func(old int) { pointsMemValues = old }(pointsMemValues)
	pointsMemValues = 100
	defer func() { WriteFault = nil }()
	WriteFault = func(path string, w io.Writer) io.Writer {
		return writerFunc(func(p []byte) (int, error) { return 0, syscall.ENOSPC })
	}
	dir := t.TempDir()
	w, err := NewPointsWriterFor(dir, []string{"x"}, spillOuts, 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range spillRows([]int{20000}) {
		if err = w.AddRow(c); err != nil {
			break
		}
	}
	if err == nil {
		_, err = w.Commit()
	} else {
		w.Abort()
	}
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), filepath.Join(dir, "points.csv")) {
		t.Errorf("error %v, want ENOSPC naming points.csv", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("%d files left behind", len(ents))
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
