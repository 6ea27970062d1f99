package sensitivity

// This file implements the Saltelli and Morris designs.

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Block kinds of a design row.
const (
	BlockA    = "A"
	BlockB    = "B"
	BlockAB   = "AB" // with Factor
	BlockStep = "step"
)

// Row is one row of a design: its place and its point in the unit cube.
type Row struct {
	Block  string // A, B, AB (Saltelli) or step (Morris)
	Factor int    // AB: the factor taken from B; Morris: the factor moved to reach this step (−1 at step 0)
	Sample int    // Saltelli: the base sample i; Morris: the trajectory
	Step   int    // Morris: the step within the trajectory (0..D); 0 for Saltelli
	Unit   []float64
}

// Label names the row's block: A, B, AB_3 (factors counted from 1), or
// t4.s2 (trajectory 4, step 2, both counted from 0).
func (r Row) Label() string {
	switch r.Block {
	case BlockAB:
		return "AB_" + strconv.Itoa(r.Factor+1)
	case BlockStep:
		return "t" + strconv.Itoa(r.Sample) + ".s" + strconv.Itoa(r.Step)
	}
	return r.Block
}

// ParseLabel reads what Label writes.
func ParseLabel(s string) (block string, factor, sample, step int, err error) {
	switch {
	case s == BlockA || s == BlockB:
		return s, -1, 0, 0, nil
	case strings.HasPrefix(s, "AB_"):
		f, err := strconv.Atoi(s[3:])
		if err != nil || f < 1 {
			return "", 0, 0, 0, fmt.Errorf("sensitivity: bad block %q", s)
		}
		return BlockAB, f - 1, 0, 0, nil
	case strings.HasPrefix(s, "t"):
		a, b, ok := strings.Cut(s[1:], ".s")
		t, err1 := strconv.Atoi(a)
		k, err2 := strconv.Atoi(b)
		if ok && err1 == nil && err2 == nil {
			return BlockStep, -1, t, k, nil
		}
	}
	return "", 0, 0, 0, fmt.Errorf("sensitivity: bad block %q", s)
}

// Saltelli returns the N·(D+2) rows of the Saltelli design for d factors
// and n base samples, in the order the package comment describes. n must
// be a power of two (the Sobol' sequence is balanced only on such
// prefixes, and the convergence table halves n).
func Saltelli(n, d int) ([]Row, error) {
	if n < 2 || bits.OnesCount(uint(n)) != 1 {
		return nil, fmt.Errorf("sensitivity: N = %d is not a power of two (≥ 2): the Sobol' sequence is balanced only on power-of-two prefixes; use e.g. %d", n, nextPow2(n))
	}
	if d < 1 {
		return nil, fmt.Errorf("sensitivity: no factors")
	}
	seq, err := NewSequence(2 * d)
	if err != nil {
		return nil, fmt.Errorf("sensitivity: %d factors need %d dimensions of the Sobol' sequence, which has %d", d, 2*d, MaxDims())
	}
	if int64(n)*int64(d+2) > 1<<31-1 {
		return nil, fmt.Errorf("sensitivity: N = %d with %d factors is too many runs", n, d)
	}
	rows := make([]Row, 0, n*(d+2))
	flat := make([]float64, n*(d+2)*d)
	pt := make([]float64, 2*d)
	take := func() []float64 {
		u := flat[:d:d]
		flat = flat[d:]
		return u
	}
	for i := range n {
		seq.Point(uint32(i), pt)
		a, b := take(), take()
		copy(a, pt[:d])
		copy(b, pt[d:])
		rows = append(rows, Row{Block: BlockA, Factor: -1, Sample: i, Unit: a}, Row{Block: BlockB, Factor: -1, Sample: i, Unit: b})
		for j := range d {
			ab := take()
			copy(ab, a)
			ab[j] = b[j]
			rows = append(rows, Row{Block: BlockAB, Factor: j, Sample: i, Unit: ab})
		}
	}
	return rows, nil
}

func nextPow2(n int) int {
	p := 2
	for p < n {
		p *= 2
	}
	return p
}

// Morris returns the r·(d+1) rows of r Morris trajectories on p levels
// for d factors, drawn from rng, as the package comment describes. p must
// be even and at least 2, so that the step Δ = p/(2(p−1)) joins grid
// levels.
func Morris(r, p, d int, rng *rand.Rand) ([]Row, error) {
	switch {
	case r < 2:
		return nil, fmt.Errorf("sensitivity: Morris needs at least 2 trajectories, not %d", r)
	case p < 2 || p%2 != 0:
		return nil, fmt.Errorf("sensitivity: Morris needs an even number of levels ≥ 2, not %d", p)
	case d < 1:
		return nil, fmt.Errorf("sensitivity: no factors")
	case int64(r)*int64(d+1) > 1<<31-1:
		return nil, fmt.Errorf("sensitivity: %d trajectories of %d factors is too many runs", r, d)
	}
	jump := p / 2 // Δ in grid steps
	rows := make([]Row, 0, r*(d+1))
	for t := range r {
		lv := make([]int, d)
		for j := range lv {
			lv[j] = rng.IntN(p)
		}
		order := rng.Perm(d)
		rows = append(rows, Row{Block: BlockStep, Factor: -1, Sample: t, Step: 0, Unit: levels(lv, p)})
		for k, j := range order {
			if lv[j]+jump <= p-1 {
				lv[j] += jump
			} else {
				lv[j] -= jump
			}
			rows = append(rows, Row{Block: BlockStep, Factor: j, Sample: t, Step: k + 1, Unit: levels(lv, p)})
		}
	}
	return rows, nil
}

func levels(lv []int, p int) []float64 {
	u := make([]float64, len(lv))
	for j, l := range lv {
		u[j] = float64(l) / float64(p-1)
	}
	return u
}

// MorrisDelta is the step Δ = p/(2(p−1)) of a design on p levels.
func MorrisDelta(p int) float64 { return float64(p) / float64(2*(p-1)) }
