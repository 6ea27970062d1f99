package sensitivity

// This file implements the Sobol' index estimators and their bootstrap
// intervals.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// Interval is an estimate with its bootstrap interval. All three are NaN
// when the estimate is undefined (a constant output).
type Interval struct {
	Est, Low, High float64
}

// Defined reports whether the estimate exists.
func (iv Interval) Defined() bool { return !math.IsNaN(iv.Est) }

var undefined = Interval{math.NaN(), math.NaN(), math.NaN()}

// Options control the bootstrap.
type Options struct {
	Resamples int     // bootstrap resamples (default 1000; 0 uses the default, negative none)
	Level     float64 // confidence level of the intervals (default 0.95)
	Seed      uint64  // seed of the resampling (the same seed gives the same intervals)
	Workers   int     // goroutines (default GOMAXPROCS); the result does not depend on it
}

func (o Options) resamples() int {
	switch {
	case o.Resamples == 0:
		return 1000
	case o.Resamples < 0:
		return 0
	}
	return o.Resamples
}

func (o Options) level() float64 { return inUnit(o.Level, 0.95) }

// inUnit is v when it lies in (0, 1) (a share or a probability set by the
// caller), else the default def.
func inUnit(v, def float64) float64 {
	if v <= 0 || v >= 1 {
		return def
	}
	return v
}

func (o Options) workers() int {
	if o.Workers < 1 {
		return runtime.GOMAXPROCS(0)
	}
	return o.Workers
}

// SobolResult holds the indices of D factors.
type SobolResult struct {
	N        int        // base samples used
	S1, ST   []Interval // per factor
	Warnings []string   // e.g. a constant output, dropped samples, negative indices
}

// Matrix holds the outputs of a Saltelli design by sample: row i is
// f_A, f_B, f_AB1, …, f_ABD of sample i (stride D+2).
type Matrix struct {
	D    int
	Vals []float64
}

// N returns the number of samples.
func (m *Matrix) N() int { return len(m.Vals) / (m.D + 2) }

// Prefix returns the matrix of the first n samples.
func (m *Matrix) Prefix(n int) *Matrix { return &Matrix{D: m.D, Vals: m.Vals[:n*(m.D+2)]} }

// NewMatrix arranges the outputs y of design rows (one per row, NaN for a
// missing output) by sample. Samples with a missing output are dropped,
// with a warning; a design without every block of a sample is refused.
func NewMatrix(rows []Row, y []float64, d int) (*Matrix, []string, error) {
	if len(rows) != len(y) {
		panic("sensitivity: NewMatrix: rows and outputs differ in length")
	}
	w := d + 2
	n := 0
	for _, r := range rows {
		n = max(n, r.Sample+1)
	}
	vals := make([]float64, n*w)
	seen := make([]bool, n*w)
	for k, r := range rows {
		c := 0
		switch r.Block {
		case BlockA:
		case BlockB:
			c = 1
		case BlockAB:
			if r.Factor < 0 || r.Factor >= d {
				return nil, nil, fmt.Errorf("sensitivity: row %d: block %s of a design with %d factors", k, r.Label(), d)
			}
			c = 2 + r.Factor
		default:
			return nil, nil, fmt.Errorf("sensitivity: row %d: block %s is not part of a Saltelli design", k, r.Label())
		}
		at := r.Sample*w + c
		if seen[at] {
			return nil, nil, fmt.Errorf("sensitivity: row %d: sample %d has block %s twice", k, r.Sample, r.Label())
		}
		seen[at] = true
		vals[at] = y[k]
	}
	var warn []string
	out := vals[:0]
	dropped := 0
	for i := range n {
		s := vals[i*w : (i+1)*w]
		for c, ok := range seen[i*w : (i+1)*w] {
			if !ok {
				return nil, nil, fmt.Errorf("sensitivity: sample %d lacks block %s", i, blockName(c))
			}
		}
		if slices.ContainsFunc(s, func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }) {
			dropped++
			continue
		}
		out = append(out, s...)
	}
	if dropped > 0 {
		warn = append(warn, fmt.Sprintf("%d of %d samples dropped: a run of theirs failed or has no value", dropped, n))
	}
	return &Matrix{D: d, Vals: out}, warn, nil
}

func blockName(c int) string {
	switch c {
	case 0:
		return BlockA
	case 1:
		return BlockB
	}
	return fmt.Sprintf("AB_%d", c-1)
}

// constant reports whether every output is the same.
func (m *Matrix) constant() bool {
	for _, v := range m.Vals {
		if v != m.Vals[0] {
			return false
		}
	}
	return true
}

// sums accumulates one (re)sample's estimator sums.
type sums struct {
	n       float64
	sA, sA2 float64 // of f_A and f_B together
	s1, st  []float64
}

func newSums(d int) *sums { return &sums{s1: make([]float64, d), st: make([]float64, d)} }

func (s *sums) reset() {
	s.n, s.sA, s.sA2 = 0, 0, 0
	clear(s.s1)
	clear(s.st)
}

func (s *sums) add(row []float64) {
	a, b := row[0], row[1]
	s.n++
	s.sA += a + b
	s.sA2 += a*a + b*b
	for j, ab := range row[2:] {
		s.s1[j] += b * (ab - a)
		e := a - ab
		s.st[j] += e * e
	}
}

// addWeighted adds a sample row taken k times.
func (s *sums) addWeighted(row []float64, k float64) {
	a, b := row[0], row[1]
	s.n += k
	s.sA += k * (a + b)
	s.sA2 += k * (a*a + b*b)
	kb := k * b
	for j, ab := range row[2:] {
		s.s1[j] += kb * (ab - a)
		e := a - ab
		s.st[j] += k * e * e
	}
}

// indices writes S1 and ST (NaN when the variance is zero).
func (s *sums) indices(s1, st []float64) {
	m := s.sA / (2 * s.n)
	v := s.sA2/(2*s.n) - m*m
	for j := range s.s1 {
		if !(v > 0) {
			s1[j], st[j] = math.NaN(), math.NaN()
			continue
		}
		s1[j] = s.s1[j] / s.n / v
		st[j] = s.st[j] / (2 * s.n) / v
	}
}

// Sobol estimates the first-order (Saltelli 2010) and total (Jansen 1999)
// indices of the matrix's factors with bootstrap percentile intervals.
func Sobol(m *Matrix, opt Options) *SobolResult {
	d, n := m.D, m.N()
	res := &SobolResult{N: n, S1: make([]Interval, d), ST: make([]Interval, d)}
	if n < 2 || m.constant() {
		if n < 2 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%d complete samples: too few to estimate indices", n))
		} else {
			res.Warnings = append(res.Warnings, "the output is constant: its indices are undefined")
		}
		for j := range d {
			res.S1[j], res.ST[j] = undefined, undefined
		}
		return res
	}
	w := d + 2
	// Two-pass variance of A and B about their mean, so that a large
	// mean does not cancel the variance (the sums below are centred).
	var mean float64
	for i := range n {
		mean += m.Vals[i*w] + m.Vals[i*w+1]
	}
	mean /= float64(2 * n)
	cv := make([]float64, len(m.Vals))
	for k, v := range m.Vals {
		cv[k] = v - mean
	}
	c := &Matrix{D: d, Vals: cv}
	s := newSums(d)
	for i := range n {
		s.add(c.Vals[i*w : (i+1)*w])
	}
	s1, st := make([]float64, d), make([]float64, d)
	s.indices(s1, st)
	B := opt.resamples()
	boot1, bootT := bootstrap(c, n, B, opt)
	lv := opt.level()
	for j := range d {
		res.S1[j] = interval(s1[j], boot1[j], lv)
		res.ST[j] = interval(st[j], bootT[j], lv)
	}
	if !res.S1[0].Defined() {
		res.Warnings = append(res.Warnings, "the outputs of A and B have no variance: the indices are undefined")
	}
	return res
}

// bootstrap returns, per factor, the B resampled S1 and ST estimates.
// Resample b draws its n indices from its own generator (seed, b), so the
// result does not depend on the number of workers.
func bootstrap(c *Matrix, n, B int, opt Options) (s1, st [][]float64) {
	d, w := c.D, c.D+2
	s1, st = make([][]float64, d), make([][]float64, d)
	for j := range d {
		s1[j], st[j] = make([]float64, B), make([]float64, B)
	}
	if B == 0 {
		return
	}
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(opt.workers(), B) {
		wg.Go(func() {
			s := newSums(d)
			r1, rt := make([]float64, d), make([]float64, d)
			cnt := make([]int32, n)
			for {
				mu.Lock()
				b := next
				next++
				mu.Unlock()
				if b >= B {
					return
				}
				rng := rand.New(rand.NewPCG(opt.Seed, uint64(b)))
				// Draw the resample as counts: how often each sample is
				// taken. Summing in sample order reads the matrix
				// sequentially, which is far faster than gathering rows.
				clear(cnt)
				for range n {
					cnt[rng.IntN(n)]++
				}
				s.reset()
				for i, k := range cnt {
					if k != 0 {
						s.addWeighted(c.Vals[i*w:(i+1)*w], float64(k))
					}
				}
				s.indices(r1, rt)
				for j := range d {
					s1[j][b], st[j][b] = r1[j], rt[j]
				}
			}
		})
	}
	wg.Wait()
	return
}

// interval is est with the percentile interval of its bootstrap values
// at the given level (undefined resamples are left out).
func interval(est float64, boot []float64, level float64) Interval {
	if math.IsNaN(est) {
		return undefined
	}
	xs := slices.DeleteFunc(slices.Clone(boot), math.IsNaN)
	if len(xs) < 2 {
		return Interval{est, math.NaN(), math.NaN()}
	}
	slices.Sort(xs)
	a := (1 - level) / 2
	return Interval{est, quantile(xs, a), quantile(xs, 1-a)}
}

// quantile is the linearly interpolated p-quantile of sorted xs
// (definition 7 of Hyndman & Fan 1996, as R and NumPy's default).
func quantile(xs []float64, p float64) float64 {
	h := p * float64(len(xs)-1)
	lo := int(math.Floor(h))
	if lo >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}
