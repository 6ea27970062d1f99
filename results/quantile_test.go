package results

import (
	"fmt"
	"math"
	"testing"
)

func TestQuantile7(t *testing.T) {
	oneToTen := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, c := range []struct {
		name string
		x    []float64 // sorted
		p    float64
		want float64
	}{
		// By hand: index h = 1 + (n−1)p, Q = x[⌊h⌋] + (h−⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
		{"n=4 p10", []float64{0.25, 1, 2.5, 4}, 0.1, 0.475},   // h = 1.3: 0.7·0.25 + 0.3·1
		{"n=4 median", []float64{0.25, 1, 2.5, 4}, 0.5, 1.75}, // h = 2.5: (1 + 2.5)/2
		{"n=4 p90", []float64{0.25, 1, 2.5, 4}, 0.9, 3.55},    // h = 3.7: 0.3·2.5 + 0.7·4
		// R: quantile(1:10, c(.1, .5, .9)) is 1.9, 5.5, 9.1.
		{"1:10 p10", oneToTen, 0.1, 1.9},
		{"1:10 median", oneToTen, 0.5, 5.5},
		{"1:10 p90", oneToTen, 0.9, 9.1},
		{"1:10 p0", oneToTen, 0, 1},
		{"1:10 p1", oneToTen, 1, 10},
		// Odd n: the median is the middle value, exactly.
		{"n=3 median", []float64{-2, 0.1, 7}, 0.5, 0.1},
		// A bimodal sample (bloc sizes: none or all): the median falls between the modes.
		{"bimodal p10", []float64{0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 5}, 0.1, 0},
		{"bimodal median", []float64{0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 5}, 0.5, 5},
		{"bimodal median even", []float64{0, 0, 0, 5, 5, 5}, 0.5, 2.5},
		// n = 1: the value itself, for every p.
		{"n=1 p10", []float64{0.3}, 0.1, 0.3},
		{"n=1 median", []float64{0.3}, 0.5, 0.3},
		{"n=1 p90", []float64{0.3}, 0.9, 0.3},
	} {
		if got := Quantile7(c.p, c.x); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: Quantile7(%v, %v) = %v, want %v", c.name, c.p, c.x, got, c.want)
		}
	}
}

// Tied neighbours give the tied value exactly, not (1−h)·v + h·v, which
// can differ from v in the last bit (R skips the interpolation there too).
func TestQuantile7Ties(t *testing.T) {
	v := 0.1 + 0.2 // 0.30000000000000004
	x := []float64{v, v, v, v}
	for _, p := range []float64{0.1, 0.3, 0.5, 0.7, 0.9} {
		if got := Quantile7(p, x); got != v {
			t.Errorf("p = %v: %v, want exactly %v", p, got, v)
		}
	}
}

// Quantiles are monotone in p and lie within the sample's range.
func TestQuantile7Monotone(t *testing.T) {
	x := []float64{-3, -1, -1, 0, 2, 2.5, 8, 13}
	prev := math.Inf(-1)
	for i := 0; i <= 100; i++ {
		q := Quantile7(float64(i)/100, x)
		if q < prev || q < x[0] || q > x[len(x)-1] {
			t.Fatalf("p = %v: %v after %v, outside [%v, %v] or decreasing", float64(i)/100, q, prev, x[0], x[len(x)-1])
		}
		prev = q
	}
}

func TestQuantile7Empty(t *testing.T) {
	if q := Quantile7(0.5, nil); !math.IsNaN(q) {
		t.Errorf("empty sample: %v, want NaN", q)
	}
}

func TestQuantile7BadProbability(t *testing.T) {
	for _, p := range []float64{-0.1, 1.1, math.NaN()} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("p = %v: no panic", p)
				}
			}()
			Quantile7(p, []float64{1, 2})
		}()
	}
}

func ExampleQuantile7() {
	// Final bloc sizes of eight replications, sorted.
	x := []float64{0, 0, 0, 1, 4, 5, 5, 5}
	for _, p := range []float64{0.1, 0.5, 0.9} {
		fmt.Printf("p%.0f = %.4g\n", 100*p, Quantile7(p, x))
	}
	// Output:
	// p10 = 0
	// p50 = 2.5
	// p90 = 5
}
