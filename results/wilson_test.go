package results

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestZ975(t *testing.T) {
	if q := distuv.UnitNormal.Quantile(0.975); math.Abs(q-z975) > 1e-14 {
		t.Errorf("normal 0.975 quantile %v, constant %v", q, z975)
	}
}

func TestWilson(t *testing.T) {
	z2 := z975 * z975
	for _, c := range []struct {
		x, n      int
		low, high float64
		tol       float64
	}{
		// Closed forms at the ends: x = 0 gives [0, z²/(n+z²)], x = n gives [n/(n+z²), 1].
		{0, 1, 0, z2 / (1 + z2), 1e-15},
		{1, 1, 1 / (1 + z2), 1, 1e-15},
		{0, 10, 0, z2 / (10 + z2), 1e-15},
		{10, 10, 10 / (10 + z2), 1, 1e-15},
		// By hand, x = 5 of 10: centre 1/2, half-width z·√(n/4 + z²/4)/(n + z²)
		// = 1.959964 · 1.860205 / 13.841459 = 0.263407.
		{5, 10, 0.5 - z975*math.Sqrt(2.5+z2/4)/(10+z2), 0.5 + z975*math.Sqrt(2.5+z2/4)/(10+z2), 1e-15},
		{5, 10, 0.236593, 0.763407, 1e-6},
		// Newcombe (1998), Statistics in Medicine 17:857–872, Table I, method 3
		// (score interval without continuity correction), to 4 decimals.
		{81, 263, 0.2553, 0.3662, 5e-5},
		{15, 148, 0.0624, 0.1605, 5e-5},
		{0, 20, 0, 0.1611, 5e-5},
		{1, 29, 0.0061, 0.1718, 5e-5},
	} {
		low, high := Wilson(c.x, c.n)
		if math.Abs(low-c.low) > c.tol || math.Abs(high-c.high) > c.tol {
			t.Errorf("Wilson(%d, %d) = [%v, %v], want [%v, %v] ± %g", c.x, c.n, low, high, c.low, c.high, c.tol)
		}
	}
}

// The interval holds p̂, stays in [0, 1], is symmetric under x → n−x, and
// its ends are exactly 0 and 1 at x = 0 and x = n.
func TestWilsonProperties(t *testing.T) {
	for n := 1; n <= 60; n++ {
		for x := 0; x <= n; x++ {
			low, high := Wilson(x, n)
			p := float64(x) / float64(n)
			if !(0 <= low && low <= p && p <= high && high <= 1) {
				t.Fatalf("Wilson(%d, %d) = [%v, %v] does not hold p̂ = %v within [0, 1]", x, n, low, high, p)
			}
			l2, h2 := Wilson(n-x, n)
			if math.Abs(low-(1-h2)) > 1e-14 || math.Abs(high-(1-l2)) > 1e-14 {
				t.Fatalf("Wilson(%d, %d) = [%v, %v] is not the mirror of Wilson(%d, %d) = [%v, %v]", x, n, low, high, n-x, n, l2, h2)
			}
			if (x == 0 && low != 0) || (x == n && high != 1) {
				t.Fatalf("Wilson(%d, %d) = [%v, %v]: end not exact", x, n, low, high)
			}
		}
	}
}

func TestWilsonBadInput(t *testing.T) {
	for _, c := range [][2]int{{0, 0}, {-1, 3}, {4, 3}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Wilson(%d, %d): no panic", c[0], c[1])
				}
			}()
			Wilson(c[0], c[1])
		}()
	}
}

func ExampleWilson() {
	// No bloc formed in any of 20 replications: the normal-theory (Wald)
	// interval p̂ ± z·√(p̂(1−p̂)/n) is [0, 0], as if the probability were
	// known to be zero; Wilson's says it may be up to 16%.
	low, high := Wilson(0, 20)
	fmt.Printf("0 of 20:  [%.4f, %.4f]\n", low, high)
	low, high = Wilson(19, 20)
	fmt.Printf("19 of 20: [%.4f, %.4f]\n", low, high)
	// Output:
	// 0 of 20:  [0.0000, 0.1611]
	// 19 of 20: [0.7639, 0.9911]
}
