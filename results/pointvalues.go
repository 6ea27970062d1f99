package results

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
)

// pointsMemValues is how many outcome values (cells, missing ones
// included) of one point the points writer holds in memory, 512 KiB of
// float64; a point with more spills them to a temporary file. A variable
// so that tests can make points spill.
var pointsMemValues = 1 << 16

// selectCollect is the size of a group of candidate values below which
// the order-statistic selection reads the group into memory and sorts it
// instead of narrowing it further.
const selectCollect = 1 << 10

// radixBits is how many bits of a value's sort key one selection pass
// resolves.
const radixBits = 8

// pointValues holds the outcome values of one point for its quantile
// columns, in memory bounded independently of the number of runs: rows of
// no values (NaN where a run's cell is empty) are kept in a buffer of at
// most limit rows; when it is full they are appended to a temporary file
// in dir as order-preserving keys, and the quantiles' order statistics
// are then selected exactly from the file by radix narrowing (a pass per
// radixBits bits of the key, reading candidate groups of at most
// selectCollect values into memory). Points that fit in the buffer are
// sorted in memory as before.
type pointValues struct {
	dir     string
	no      int
	limit   int       // rows held in memory
	buf     []float64 // rows of no values, at most limit rows
	rows    int       // rows in buf
	scratch []float64 // one outcome's values, sorted
	spill   *os.File
	w       *bufio.Writer
	spilled int // rows in spill
	chunk   []byte
}

func newPointValues(dir string, no int) *pointValues {
	return &pointValues{dir: dir, no: no, limit: max(1, pointsMemValues/max(no, 1))}
}

// reset forgets the values, for the next point.
func (v *pointValues) reset() error {
	v.buf, v.rows = v.buf[:0], 0
	if v.spilled > 0 {
		v.spilled = 0
		v.w.Reset(v.spill)
		if err := v.spill.Truncate(0); err != nil {
			return v.fail(err)
		}
		if _, err := v.spill.Seek(0, io.SeekStart); err != nil {
			return v.fail(err)
		}
	}
	return nil
}

// row returns the cells of a new row, all missing (NaN).
func (v *pointValues) row() ([]float64, error) {
	if v.rows == v.limit {
		if err := v.spillRows(); err != nil {
			return nil, err
		}
	}
	n := len(v.buf)
	if n+v.no > cap(v.buf) {
		// Grow by doubling, but never past limit rows.
		nb := make([]float64, n, min(max(2*cap(v.buf), 16*v.no), v.limit*v.no))
		copy(nb, v.buf)
		v.buf = nb
	}
	v.buf = v.buf[:n+v.no]
	r := v.buf[n:]
	for j := range r {
		r[j] = math.NaN()
	}
	v.rows++
	return r, nil
}

// spillRows appends the buffered rows to the spill file.
func (v *pointValues) spillRows() error {
	if v.spill == nil {
		f, err := os.CreateTemp(v.dir, ".points.spill.tmp-*")
		if err != nil {
			return v.fail(err)
		}
		v.spill, v.w = f, bufio.NewWriterSize(Writer(filepath.Join(v.dir, "points.csv"), f), 1<<16)
	}
	var b [8]byte
	for _, x := range v.buf {
		var k uint64 // 0: missing (the key of no finite value)
		if !math.IsNaN(x) {
			k = sortKey(x)
		}
		binary.LittleEndian.PutUint64(b[:], k)
		if _, err := v.w.Write(b[:]); err != nil {
			return v.fail(err)
		}
	}
	v.spilled += v.rows
	v.buf, v.rows = v.buf[:0], 0
	return nil
}

// sorted returns outcome j's values in increasing order; only for a
// point that did not spill.
func (v *pointValues) sorted(j int) []float64 {
	if v.spilled > 0 {
		panic("results: sorted values of a spilled point")
	}
	x := v.scratch[:0]
	for r := j; r < len(v.buf); r += v.no {
		if !math.IsNaN(v.buf[r]) {
			x = append(x, v.buf[r])
		}
	}
	slices.Sort(x)
	v.scratch = x
	return x
}

// fail wraps an error of the spill file, naming the table it is for.
func (v *pointValues) fail(err error) error {
	return fmt.Errorf("results: writing %s (values spilled for its quantiles): %w", filepath.Join(v.dir, "points.csv"), pathless(err))
}

// close removes the spill file.
func (v *pointValues) close() {
	if v.spill != nil {
		v.spill.Close()
		os.Remove(v.spill.Name())
		v.spill, v.w = nil, nil
	}
}

// sortKey maps a float64 to a uint64 whose unsigned order is the
// numbers' order (−0 just below +0); no finite number maps to 0.
func sortKey(x float64) uint64 {
	u := math.Float64bits(x)
	if u>>63 == 1 {
		return ^u
	}
	return u | 1<<63
}

// fromKey inverts sortKey.
func fromKey(k uint64) float64 {
	if k>>63 == 1 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// target is one order statistic being selected: the value of rank rank
// (0-based) among an outcome's values. The candidates are the values
// whose key, shifted right by shift, equals prefix; rank is counted
// among them.
type target struct {
	j       int // outcome
	rank    int
	prefix  uint64
	shift   uint
	n       int // candidates
	collect bool
	keys    []uint64 // the candidates, when collecting
	hist    [1 << radixBits]int
	done    bool
	value   float64
}

// orderStats returns, for every outcome j with n[j] values, the values of
// ranks ranks[j] (0-based, in the order of the total order of sortKey),
// selected from the spilled rows.
func (v *pointValues) orderStats(n []int, ranks [][]int) ([][]float64, error) {
	if v.rows > 0 {
		if err := v.spillRows(); err != nil {
			return nil, err
		}
	}
	if err := v.w.Flush(); err != nil {
		return nil, v.fail(err)
	}
	var ts []*target
	for j, rs := range ranks {
		for _, r := range rs {
			if r < 0 || r >= n[j] {
				panic("results: order statistic out of range")
			}
			ts = append(ts, &target{j: j, rank: r, shift: 64, n: n[j], collect: n[j] <= selectCollect})
		}
	}
	for slices.ContainsFunc(ts, func(t *target) bool { return !t.done }) {
		if err := v.pass(ts); err != nil {
			return nil, err
		}
		for _, t := range ts {
			if !t.done {
				t.narrow()
			}
		}
	}
	out := make([][]float64, len(ranks))
	for _, t := range ts {
		out[t.j] = append(out[t.j], t.value)
	}
	return out, nil
}

// pass reads the spill file once, counting or collecting every open
// target's candidates.
func (v *pointValues) pass(ts []*target) error {
	byOutcome := make([][]*target, v.no)
	for _, t := range ts {
		if !t.done {
			byOutcome[t.j] = append(byOutcome[t.j], t)
			t.hist = [1 << radixBits]int{}
			t.keys = t.keys[:0]
		}
	}
	rowBytes := 8 * v.no
	if cap(v.chunk) < rowBytes {
		v.chunk = make([]byte, max(1, (1<<16)/rowBytes)*rowBytes)
	}
	chunk := v.chunk[:cap(v.chunk)/rowBytes*rowBytes]
	var off int64
	end := int64(v.spilled) * int64(rowBytes)
	for off < end {
		b := chunk[:min(int64(len(chunk)), end-off)]
		if _, err := v.spill.ReadAt(b, off); err != nil {
			return v.fail(err)
		}
		off += int64(len(b))
		for r := 0; r < len(b); r += rowBytes {
			for j, tj := range byOutcome {
				if len(tj) == 0 {
					continue
				}
				k := binary.LittleEndian.Uint64(b[r+8*j:])
				if k == 0 {
					continue // missing
				}
				for _, t := range tj {
					if t.shift < 64 && k>>t.shift != t.prefix {
						continue
					}
					if t.collect {
						t.keys = append(t.keys, k)
					} else {
						t.hist[k>>(t.shift-radixBits)&(1<<radixBits-1)]++
					}
				}
			}
		}
	}
	return nil
}

// narrow moves t to the bucket of the last pass that holds its rank, or
// settles it.
func (t *target) narrow() {
	if t.collect {
		if len(t.keys) != t.n {
			panic("results: points spill: candidate count changed between passes")
		}
		slices.Sort(t.keys)
		t.done, t.value = true, fromKey(t.keys[t.rank])
		t.keys = nil
		return
	}
	cum, found := 0, false
	for b, c := range t.hist {
		if t.rank < cum+c {
			t.prefix = t.prefix<<radixBits | uint64(b)
			t.shift -= radixBits
			t.rank -= cum
			t.n, found = c, true
			break
		}
		cum += c
	}
	switch {
	case !found:
		panic("results: points spill: rank beyond the candidates")
	case t.shift == 0: // every bit known: the candidates are all equal
		t.done, t.value = true, fromKey(t.prefix)
	case t.n <= selectCollect:
		t.collect = true
	}
}
