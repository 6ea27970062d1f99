package sweep

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dustin/go-humanize"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

// Default limits a user raises with sweep's --max-runs and --max-output:
// what fits a laptop.
const (
	DefaultMaxRuns   = 10_000_000
	DefaultMaxOutput = 10 << 30 // bytes
)

// FiguresBytes is the allowance for the figures drawn after a sweep
// (SVG and PNG of the phase diagrams and one-parameter views: a few
// hundred kB each, whatever the design's size).
const FiguresBytes = 2 << 20

// EstimateOptions say what an estimate measures against.
type EstimateOptions struct {
	Dir     string // output directory (need not exist yet)
	Workers int    // goroutines the sweep will use
	Shard   Shard  // zero: the whole sweep
	Figures bool   // figures are drawn after the sweep
	// Pilot is the most runs measured for the time estimate (default 3);
	// fewer when one run takes over PilotTime. Negative: measure none.
	Pilot int
}

// PilotTime bounds the time spent measuring runs for an estimate: no
// further pilot run starts after it.
const PilotTime = time.Second

// Estimate is a plan's cost, computed before anything in proportion to
// the design is allocated: its size, the measured cost of a few runs, the
// time and output size that follow, and the free space where the output
// goes. Sizes are in bytes.
type Estimate struct {
	Points, Reps, Runs int64  // the whole design
	Name               string // the scenario's
	ShardRuns          int64  // runs of this shard (Runs when unsharded)
	First              int64  // index of the shard's first run
	Shard              string // "i/n", or empty
	Recorded           int64  // points that record series
	Design, Seeding    string
	Master             uint64
	// an uncertainty sweep: its grid points, samples per point and the
	// number of parameters sampled from the priors (0: a plain sweep)
	GridPoints, PriorSamples, Sampled int

	Pilot   int           // runs measured
	PerRun  time.Duration // mean time of one measured run on one worker
	Workers int
	Time    time.Duration // ShardRuns × PerRun / Workers

	RunsBytes, PointsBytes, SeriesBytes, FiguresBytes int64
	Output                                            int64 // the final files: the sum of the above
	Peak                                              int64 // most disk used at once: the journal and its series, then the tables written from them

	Dir     string // output directory
	FreeDir string // the existing directory whose file system was measured
	Free    int64  // bytes free there; -1 when unknown
	Held    int64  // bytes an unfinished sweep's work directory in Dir already holds (counted in Peak)
}

// Estimate measures the plan's cost. It runs up to opts.Pilot runs of the
// design's first point (the lower corner of an lhs range) to time them
// and to measure their rows, and reads the free space of the output's
// file system. It needs no Prepare: its time and memory do not grow with
// the design. A point that is not a valid scenario is reported as an
// error, as Prepare would.
func (p *Plan) Estimate(opts EstimateOptions) (*Estimate, error) {
	lo, hi := opts.Shard.Range(p.Runs())
	e := &Estimate{Name: p.Base.Name, First: int64(lo), Points: int64(p.Points), Reps: int64(p.Reps), Runs: int64(p.Runs()), ShardRuns: int64(hi - lo),
		Shard: opts.Shard.String(), Recorded: p.recordedCount(), Design: p.Design, Seeding: p.Seeding, Master: p.Master,
		Workers: max(opts.Workers, 1), Dir: opts.Dir, Free: -1}
	if in := p.Integrated(); len(in) > 0 {
		e.GridPoints, e.PriorSamples, e.Sampled = p.Points/p.PriorSamples(), p.PriorSamples(), len(in)
	}
	s, vals, err := p.firstPoint()
	if err != nil {
		return nil, err
	}
	row, rounds, nations, err := p.pilot(e, s, vals, opts.Pilot)
	if err != nil {
		return nil, err
	}
	if e.Pilot > 0 {
		e.Time = time.Duration(float64(e.PerRun) * float64(e.ShardRuns) / float64(e.Workers))
	}
	// The run and point numbers of later rows are longer than the pilot's.
	idx := int64(len(strconv.FormatInt(e.Runs, 10)) + len(strconv.FormatInt(e.Points, 10)) - 2)
	e.RunsBytes = e.ShardRuns * (row + idx)
	nout := int64(len(results.OutcomeColumns(p.SIDs)))
	pointRow := int64(len(strconv.FormatInt(e.Points, 10))) + int64(len(p.Params))*8 + 4*nout*20
	points := e.Points
	if !opts.Shard.IsZero() {
		points = min(points, e.ShardRuns/max(e.Reps, 1)+1)
	}
	e.PointsBytes = points * pointRow
	recRuns := satMul(e.Recorded, e.Reps)
	if !opts.Shard.IsZero() {
		recRuns = min(recRuns, e.ShardRuns)
	}
	e.SeriesBytes = satMul(recRuns, rounds+nations)
	if opts.Figures && opts.Shard.IsZero() {
		e.FiguresBytes = FiguresBytes
	}
	e.Output = satAdd(e.RunsBytes, e.PointsBytes, e.SeriesBytes, e.FiguresBytes)
	e.Peak = satAdd(2*e.RunsBytes, e.PointsBytes, 2*e.SeriesBytes)
	e.FreeDir, e.Free = freeSpace(opts.Dir)
	e.Held = dirBytes(filepath.Join(opts.Dir, workDir))
	return e, nil
}

// recordedCount is the number of recorded points, from the table alone.
func (p *Plan) recordedCount() int64 {
	w := &p.Base.Sweep
	switch {
	case w.Record.Points != nil:
		seen := map[int64]bool{}
		for _, x := range w.Record.Points {
			seen[x] = true
		}
		return int64(len(seen))
	case w.Record.Mode == "all":
		return int64(p.Points)
	case w.Record.Mode == "corners":
		n := int64(1)
		for i := range w.Parameters {
			if w.Parameters[i].GridLen() > 1 {
				n *= 2
			}
		}
		return n
	}
	return 0
}

// firstPoint returns the scenario of the design's first point (an lhs
// takes each range's lower end, each list's first value), validated.
func (p *Plan) firstPoint() (*scenarios.Scenario, []float64, error) {
	if p.prepared || len(p.Params) != len(p.Base.Sweep.Parameters) {
		// a prepared plan (an uncertainty sweep, an explicit design)
		// knows its points
		s, err := p.Scenario(0)
		return s, p.Values(0, nil), err
	}
	w := &p.Base.Sweep
	s := p.Base.Clone()
	vals := make([]float64, len(p.Params))
	for j := range p.Params {
		sp := &w.Parameters[j]
		switch {
		case sp.Values != nil:
			vals[j] = sp.Values[0]
		case sp.From != nil:
			vals[j] = *sp.From
		}
		if err := scenarios.SetNumber(s, sp.Key, vals[j]); err != nil {
			return nil, nil, err
		}
	}
	if err := s.Validate(); err != nil {
		var errs []error
		for _, e := range unwrapAll(err) {
			errs = append(errs, fmt.Errorf("sweep: point 0: %w", e))
		}
		return nil, nil, errors.Join(errs...)
	}
	return s, vals, nil
}

// pilot runs up to n runs of scenario s, recording their series, and
// returns the mean length of a runs.csv row and of a run's series rows.
func (p *Plan) pilot(e *Estimate, s *scenarios.Scenario, vals []float64, n int) (row, rounds, nations int64, err error) {
	if n == 0 {
		n = 3
	}
	S := len(p.SIDs)
	var buf []byte
	var total time.Duration
	start := time.Now()
	for k := 0; k < n && (k == 0 || time.Since(start) < PilotTime); k++ {
		run, err := sim.New(s, sim.Stream(p.Master, uint64(k)))
		if err != nil {
			return 0, 0, 0, fmt.Errorf("sweep: point 0: %w", err)
		}
		prefix := []byte(strconv.Itoa(k) + ",0," + strconv.Itoa(k) + ",")
		var rb, nb int64
		t0 := time.Now()
		o, ok := runQuietly(run, func(x *sim.Run) {
			buf = results.AppendRoundRow(buf[:0], x)
			rb += int64(len(prefix) + len(buf))
			buf = results.AppendNationRows(buf[:0], prefix, x)
			nb += int64(len(buf))
		})
		total += time.Since(t0)
		rr := results.RunRow{Run: k, Point: 0, Replicate: k, Seed: uint64(k), Params: vals}
		if ok && results.CheckOutcome(o, p.SIDs) == nil {
			rr.Out = o
		}
		buf = results.AppendRunRow(buf[:0], &rr, S)
		row += int64(len(buf))
		rounds += rb
		nations += nb
		e.Pilot++
	}
	if e.Pilot == 0 {
		return 0, 0, 0, nil
	}
	e.PerRun = total / time.Duration(e.Pilot)
	m := int64(e.Pilot)
	return (row + m - 1) / m, (rounds + m - 1) / m, (nations + m - 1) / m, nil
}

// runQuietly runs run to its end; a panic (a failing run, which the
// sweep records as such) is reported by ok = false.
func runQuietly(run *sim.Run, onRound func(*sim.Run)) (o *sim.Outcome, ok bool) {
	defer func() {
		if recover() != nil {
			o, ok = nil, false
		}
	}()
	return run.RunAll(onRound), true
}

func satMul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt64/b {
		return math.MaxInt64
	}
	return a * b
}

func satAdd(xs ...int64) int64 {
	var s int64
	for _, x := range xs {
		if x < 0 || s > math.MaxInt64-x {
			return math.MaxInt64
		}
		s += x
	}
	return s
}

// Limits are what a user agrees to without asking for more.
type Limits struct {
	MaxRuns   int64 // runs of the design (or of the shard); 0: DefaultMaxRuns
	MaxOutput int64 // bytes of final output; 0: DefaultMaxOutput
}

// ErrRefused marks a plan beyond a limit (wrapped by Check's error).
var ErrRefused = errors.New("sweep refused")

// Check refuses a plan beyond the limits, or one whose peak disk use
// exceeds the free space of the output's file system, saying which flag
// to pass (or what to free).
func (e *Estimate) Check(l Limits) error {
	if l.MaxRuns == 0 {
		l.MaxRuns = DefaultMaxRuns
	}
	if l.MaxOutput == 0 {
		l.MaxOutput = DefaultMaxOutput
	}
	var why []string
	if e.ShardRuns > l.MaxRuns {
		why = append(why, fmt.Sprintf("%d runs is above --max-runs %d; to run them, pass --max-runs %d", e.ShardRuns, l.MaxRuns, e.ShardRuns))
	}
	if e.Output > l.MaxOutput {
		why = append(why, fmt.Sprintf("about %s of output is above --max-output %s; to write it, pass --max-output %s",
			Bytes(e.Output), Bytes(l.MaxOutput), flagBytes(e.Output)))
	}
	if need := e.Peak - min(e.Held, e.Peak); e.Free >= 0 && need > e.Free {
		why = append(why, fmt.Sprintf("the sweep needs up to %s more disk in %s, which has %s free: free some space or choose another --out",
			Bytes(need), e.FreeDir, Bytes(e.Free)))
	}
	if len(why) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrRefused, strings.Join(why, "; "))
}

// Bytes formats a size in binary units (1.5 GiB).
func Bytes(n int64) string {
	if n == math.MaxInt64 {
		return "more than 8 EiB"
	}
	return humanize.IBytes(uint64(max(n, 0)))
}

// flagBytes is a --max-output value at least n, rounded up.
func flagBytes(n int64) string {
	if n == math.MaxInt64 {
		return strconv.FormatInt(n, 10)
	}
	for _, u := range []struct {
		name string
		size int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size {
			return strconv.FormatInt((n+u.size-1)/u.size, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10)
}

// ParseBytes reads a size such as 10GiB, 500MB, 2e9 or 123.
func ParseBytes(s string) (int64, error) {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 0 || f != math.Trunc(f) || f >= math.MaxInt64 {
			return 0, fmt.Errorf("%q is not a size in bytes", s)
		}
		return int64(f), nil
	}
	n, err := humanize.ParseBytes(s)
	if err != nil || n > math.MaxInt64 {
		return 0, fmt.Errorf("%q is not a size (e.g. 10GiB, 500MB, 2e9)", s)
	}
	return int64(n), nil
}

// WriteTo prints the plan: design, time and output, one line each:
//
//	NAME: 441 points × 20 replications = 8820 runs (grid design, common random numbers, master seed 1)
//	time: about 1.2ms per run (3 measured) → about 5.3s with 2 workers
//	output: about 5.3 MiB (runs.csv …, points.csv …, series … for 4 recorded points, figures 2.0 MiB) in DIR; up to … while running; 41 GiB free
func (e *Estimate) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: ", e.Name)
	if e.Sampled > 0 {
		fmt.Fprintf(&b, "%d grid points × %d samples of the priors of %d parameters = ", e.GridPoints, e.PriorSamples, e.Sampled)
	}
	fmt.Fprintf(&b, "%d points × %d replications = %d runs", e.Points, e.Reps, e.Runs)
	if e.Shard != "" {
		fmt.Fprintf(&b, "; shard %s: runs %d to %d (%d runs)", e.Shard, e.First, e.First+e.ShardRuns-1, e.ShardRuns)
	}
	fmt.Fprintf(&b, " (%s design, %s random numbers, master seed %d)\n", e.Design, e.Seeding, e.Master)
	if e.Pilot > 0 {
		fmt.Fprintf(&b, "time: about %s per run (%d measured) → about %s with %d workers\n",
			round(e.PerRun), e.Pilot, round(e.Time), e.Workers)
	}
	fmt.Fprintf(&b, "output: about %s (runs.csv %s, points.csv %s", Bytes(e.Output), Bytes(e.RunsBytes), Bytes(e.PointsBytes))
	if e.SeriesBytes > 0 {
		fmt.Fprintf(&b, ", series %s for %d recorded points", Bytes(e.SeriesBytes), e.Recorded)
	}
	if e.FiguresBytes > 0 {
		fmt.Fprintf(&b, ", figures %s", Bytes(e.FiguresBytes))
	}
	fmt.Fprintf(&b, ") in %s; up to %s while running", e.Dir, Bytes(e.Peak))
	if e.Free >= 0 {
		fmt.Fprintf(&b, "; %s free", Bytes(e.Free))
	}
	b.WriteByte('\n')
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// round shortens a duration for display.
func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Hour:
		return d.Round(time.Minute)
	case d >= time.Minute:
		return d.Round(time.Second)
	case d >= time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(100 * time.Nanosecond)
}

// freeSpace returns the nearest existing directory at or above dir and
// the bytes free on its file system (-1 when unknown).
func freeSpace(dir string) (string, int64) {
	d := filepath.Clean(dir)
	for {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d, statFree(d)
		}
		up := filepath.Dir(d)
		if up == d {
			return d, -1
		}
		d = up
	}
}

// CheckDir reports, naming the path, why dir cannot be an output
// directory: a path element that is a file, or a directory that cannot
// be written. A directory that does not exist yet is fine if its nearest
// existing ancestor is one.
func CheckDir(dir string) error {
	d := filepath.Clean(dir)
	for {
		fi, err := os.Stat(d)
		if err == nil {
			if !fi.IsDir() {
				return fmt.Errorf("sweep: output directory %s: %s is a file, not a directory", dir, d)
			}
			return writable(dir, d)
		}
		if !errors.Is(err, os.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return fmt.Errorf("sweep: output directory %s: %w", dir, err)
		}
		up := filepath.Dir(d)
		if up == d {
			return nil
		}
		d = up
	}
}

// writable tries to create and remove a file in d.
func writable(dir, d string) error {
	f, err := os.CreateTemp(d, ".minilateral-write-test-*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("sweep: output directory %s: cannot write in %s: %w", dir, d, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// dirBytes is the size of the files directly in dir (0 when absent).
func dirBytes(dir string) int64 {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	var n int64
	for _, e := range ents {
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() {
			n += fi.Size()
		}
	}
	return n
}
