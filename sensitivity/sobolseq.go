package sensitivity

// This file implements the Sobol' low-discrepancy sequence with the
// Joe–Kuo direction numbers (joekuo.go).

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
)

const sobolBits = 32

var (
	dirOnce sync.Once
	dirs    [][sobolBits]uint32 // direction numbers v_j of each dimension, scaled to 32 bits
)

func directions() [][sobolBits]uint32 {
	dirOnce.Do(func() {
		var first [sobolBits]uint32
		for j := range first {
			first[j] = 1 << (sobolBits - 1 - j)
		}
		dirs = append(dirs, first)
		for _, row := range strings.Split(joeKuo, "|") {
			f := strings.Fields(row)
			n := make([]uint32, len(f))
			for i, x := range f {
				v, err := strconv.ParseUint(x, 10, 32)
				if err != nil {
					panic("sensitivity: bad direction table: " + row)
				}
				n[i] = uint32(v)
			}
			s, a, m := int(n[0]), n[1], n[2:]
			if len(m) != s {
				panic("sensitivity: bad direction table: " + row)
			}
			var v [sobolBits]uint32
			for j := range sobolBits {
				if j < s {
					v[j] = m[j] << (sobolBits - 1 - j)
					continue
				}
				// Bratley & Fox's recurrence, as Joe and Kuo state it: the
				// polynomial's inner coefficients are the bits of a.
				x := v[j-s] ^ (v[j-s] >> s)
				for k := 1; k < s; k++ {
					if (a>>(s-1-k))&1 == 1 {
						x ^= v[j-k]
					}
				}
				v[j] = x
			}
			dirs = append(dirs, v)
		}
	})
	return dirs
}

// MaxDims is the largest dimension the Sobol' sequence supports.
func MaxDims() int { return len(directions()) }

// MaxPoints is the number of points of the sequence (2^32).
const MaxPoints = 1 << sobolBits

// Sequence is the Sobol' sequence in Dims dimensions, in natural (not Gray
// code) order: point i's coordinate d is the XOR of the direction
// numbers of dimension d selected by the bits of i, divided by 2^32.
// Every prefix of 2^m points is the same set as in Gray-code order, so
// each of the 2^m equal strata of every coordinate holds exactly one of
// them. Point 0 is the origin.
type Sequence struct {
	Dims int
}

// NewSobol returns the sequence in dims dimensions; it refuses dims
// above MaxDims.
func NewSequence(dims int) (Sequence, error) {
	if dims < 1 || dims > MaxDims() {
		return Sequence{}, fmt.Errorf("sensitivity: the Sobol' sequence has 1 to %d dimensions, not %d", MaxDims(), dims)
	}
	return Sequence{Dims: dims}, nil
}

// Point writes point i of the sequence into dst (length Dims) and returns it.
func (s Sequence) Point(i uint32, dst []float64) []float64 {
	if len(dst) != s.Dims {
		panic("sensitivity: Point: dst has the wrong length")
	}
	v := directions()
	for d := range s.Dims {
		var x uint32
		for j, k := 0, i; k != 0; j, k = j+1, k>>1 {
			if k&1 == 1 {
				x ^= v[d][j]
			}
		}
		dst[d] = float64(x) / (1 << sobolBits)
	}
	return dst
}
