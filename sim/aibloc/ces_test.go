package aibloc

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestCESHand checks Y against hand values with A = 2, weights (1, 1, 0,
// 0, 0) normalised to (½, ½, 0, 0, 0) and inputs (4, 1, 7, 7, 7): the
// zero-weight factors must not matter.
func TestCESHand(t *testing.T) {
	w := [nf]float64{1, 1, 0, 0, 0}
	x := [nf]float64{4, 1, 7, 7, 7}
	tests := []struct {
		rho, gamma, want float64
	}{
		{1, 1, 2 * (0.5*4 + 0.5*1)},                               // 5: perfect substitutes
		{1, 2, 2 * 2.5 * 2.5},                                     // 12.5
		{0, 1, 2 * 2 * 1},                                         // Cobb–Douglas: 2·4^½·1^½ = 4
		{0, 1.5, 2 * math.Pow(2, 1.5)},                            // 2·(4^½)^1.5
		{0.5, 1, 2 * 1.5 * 1.5},                                   // 2·(½·2 + ½·1)² = 4.5
		{-1, 1, 2 / (0.5/4 + 0.5)},                                // harmonic: 3.2
		{-0.5, 1, 2 / ((0.5/2 + 0.5) * (0.5/2 + 0.5))},            // 2·(½·4^−½ + ½)^−2 = 3.5556 (the sqrt path)
		{-0.5, 1.2, 2 * math.Pow(0.75, -2.4)},                     // with scale
		{-2, 1, 2 * math.Pow(0.5/16+0.5, -0.5)},                   // 2·(½·4^−2 + ½)^−½
		{-50, 1, 2 * math.Pow(0.5*math.Pow(4, -50)+0.5, -1.0/50)}, // close to the weakest link 2·min = 2
	}
	for _, tc := range tests {
		c := NewCES(2, tc.rho, tc.gamma, w)
		if got := c.Y(&x); !approx(got, tc.want, 1e-13) {
			t.Errorf("ρ=%v γ=%v: Y = %.15g, want %.15g", tc.rho, tc.gamma, got, tc.want)
		}
	}
}

// TestCESZeros: zero shares and zero weights never give NaN or Inf. With
// ρ ≤ 0 a zero input of positive weight gives zero output; with ρ > 0 it
// contributes nothing; a zero-weight input is ignored.
func TestCESZeros(t *testing.T) {
	tests := []struct {
		name string
		rho  float64
		w, x [nf]float64
		want float64
	}{
		{"ρ<0 zero input", -0.5, [nf]float64{1, 1, 1, 1, 1}, [nf]float64{0, 1, 1, 1, 1}, 0},
		{"ρ=−3 zero input", -3, [nf]float64{1, 1, 1, 1, 1}, [nf]float64{1, 1, 1, 1, 0}, 0},
		{"ρ<0 zero input, zero weight", -0.5, [nf]float64{0, 1, 1, 1, 1}, [nf]float64{0, 1, 1, 1, 1}, 1},
		{"ρ=−3 zero weight and input", -3, [nf]float64{1, 0, 0, 0, 0}, [nf]float64{2, 0, 0, 0, 0}, 2},
		{"ρ=0 zero input", 0, [nf]float64{1, 1, 1, 1, 1}, [nf]float64{1, 1, 0, 1, 1}, 0},
		{"ρ=0 zero input, zero weight", 0, [nf]float64{1, 1, 0, 1, 1}, [nf]float64{1, 1, 0, 1, 1}, 1},
		{"ρ=½ zero input", 0.5, [nf]float64{1, 1, 0, 0, 0}, [nf]float64{4, 0, 0, 0, 0}, 0.25 * 4}, // (½·2)² = 1
		{"ρ=1 zero input", 1, [nf]float64{1, 1, 0, 0, 0}, [nf]float64{4, 0, 0, 0, 0}, 2},
		{"all zero ρ<0", -0.5, [nf]float64{1, 1, 1, 1, 1}, [nf]float64{}, 0},
		{"all zero ρ=0", 0, [nf]float64{1, 1, 1, 1, 1}, [nf]float64{}, 0},
		{"all zero ρ=½", 0.5, [nf]float64{1, 1, 1, 1, 1}, [nf]float64{}, 0},
		{"all zero ρ=1", 1, [nf]float64{1, 1, 1, 1, 1}, [nf]float64{}, 0},
		{"tiny input ρ=−50", -50, [nf]float64{1, 1, 1, 1, 1}, [nf]float64{1e-300, 1, 1, 1, 1}, 0},
	}
	for _, tc := range tests {
		for _, gamma := range []float64{1, 1.2, 3} {
			c := NewCES(1, tc.rho, gamma, tc.w)
			got := c.Y(&tc.x)
			if !finite(got) {
				t.Errorf("%s γ=%v: Y = %v", tc.name, gamma, got)
				continue
			}
			want := math.Pow(tc.want, gamma)
			if !approx(got, want, 1e-12) {
				t.Errorf("%s γ=%v: Y = %v, want %v", tc.name, gamma, got, want)
			}
		}
	}
}

// TestCESHomogeneity: Y(t·x) = t^γ·Y(x) (the pooling identity of
// ownNext relies on it), for random inputs including zeros.
func TestCESHomogeneity(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, rho := range []float64{-50, -3, -0.5, -0.1, 0, 0.3, 1} {
		for _, gamma := range []float64{1, 1.2, 2, 3} {
			for range 50 {
				var w, x [nf]float64
				for f := range nf {
					w[f], x[f] = rng.Float64(), rng.Float64()*0.3
					if rng.IntN(6) == 0 {
						x[f] = 0
					}
					if rng.IntN(6) == 0 {
						w[f] = 0
					}
				}
				w[rng.IntN(nf)] += 0.1
				c := NewCES(1+rng.Float64()*3, rho, gamma, w)
				s := 0.05 + rng.Float64()*3
				var xs [nf]float64
				for f := range nf {
					xs[f] = s * x[f]
				}
				y, ys := c.Y(&x), c.Y(&xs)
				if !finite(y) || !finite(ys) {
					t.Fatalf("ρ=%v γ=%v: non-finite output %v %v", rho, gamma, y, ys)
				}
				want := math.Pow(s, gamma) * y
				if math.Abs(ys-want) > 1e-12*want || (want == 0) != (ys == 0) {
					t.Errorf("ρ=%v γ=%v s=%v: Y(sx) = %v, s^γ·Y(x) = %v", rho, gamma, s, ys, want)
				}
			}
		}
	}
}

// TestCESLimits: ρ → 0 approaches Cobb–Douglas, ρ → −∞ the weakest link,
// and output rises with ρ (the power mean is increasing in its order).
func TestCESLimits(t *testing.T) {
	w := [nf]float64{0.25, 0.25, 0.2, 0.15, 0.15}
	x := [nf]float64{0.02, 0.01, 0.03, 0.15, 0.04}
	cd := NewCES(1, 0, 1, w)
	near0 := NewCES(1, 1e-7, 1, w)
	if a, b := cd.Y(&x), near0.Y(&x); !approx(a, b, 1e-6) {
		t.Errorf("ρ=1e-7 gives %v, Cobb–Douglas %v", b, a)
	}
	nearNeg0 := NewCES(1, -1e-7, 1, w)
	if a, b := cd.Y(&x), nearNeg0.Y(&x); !approx(a, b, 1e-6) {
		t.Errorf("ρ=−1e-7 gives %v, Cobb–Douglas %v", b, a)
	}
	weak := NewCES(1, -50, 1, w)
	if y := weak.Y(&x); math.Abs(y-0.01) > 0.01*0.05 {
		t.Errorf("ρ=−50 gives %v, want ≈ min = 0.01", y)
	}
	prev := 0.0
	for _, rho := range []float64{-50, -10, -3, -1, -0.5, -0.2, 0, 0.2, 0.5, 0.8, 1} {
		c := NewCES(1, rho, 1, w)
		y := c.Y(&x)
		if y < prev*(1-1e-12) {
			t.Errorf("Y fell from %v to %v at ρ=%v", prev, y, rho)
		}
		prev = y
	}
}

func TestNewCESPanicsOnZeroWeights(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	NewCES(1, -0.5, 1, [nf]float64{})
}

func ExampleCES_Y() {
	// Cobb–Douglas with equal weights on talent and compute: 4^½·1^½ = 2.
	c := NewCES(1, 0, 1, [nf]float64{1, 1, 0, 0, 0})
	x := [nf]float64{4, 1, 0, 0, 0}
	fmt.Printf("%.4f\n", c.Y(&x))
	// A complement with a zero input produces nothing.
	c = NewCES(1, -0.5, 1, [nf]float64{1, 1, 0, 0, 0})
	x = [nf]float64{4, 0, 0, 0, 0}
	fmt.Printf("%.4f\n", c.Y(&x))
	// Output:
	// 2.0000
	// 0.0000
}

// TestClamp01 checks the call-free clamp01 against its definition
// math.Min(1, math.Max(0, v)), bit for bit, signed zeros and NaN included.
func TestClamp01(t *testing.T) {
	for _, v := range []float64{math.Copysign(0, -1), 0, 1e-300, 0.3, 1 - 1e-16, 1, 1.5, -2, math.Inf(1), math.Inf(-1), math.NaN()} {
		want := math.Min(1, math.Max(0, v))
		if got := clamp01(v); math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("clamp01(%v) = %v, want %v", v, got, want)
		}
	}
}

// TestCESTinyInputsVeryNegativeRho: with ρ far below 0 the direct sum
// Σ α x^ρ overflows for small positive inputs; the output must still be
// about the smallest input (the weakest link), never 0.
func TestCESTinyInputsVeryNegativeRho(t *testing.T) {
	c := NewCES(1, -50, 1, [nf]float64{1, 1, 1, 1, 1})
	for _, v := range []float64{7e-7, 6e-7, 1e-7, 1e-12, 1e-300} {
		x := [nf]float64{v, 0.1, 0.1, 0.1, 0.1}
		y := c.Y(&x)
		// [α v^ρ + …]^(1/ρ) = v·(α + 4α (0.1/v)^ρ)^(1/ρ) ≈ v·α^(1/ρ), α = 1/5
		want := v * math.Pow(0.2, -1.0/50)
		if math.IsNaN(y) || math.Abs(y-want) > 1e-9*want {
			t.Errorf("Y with min input %g = %g, want %g", v, y, want)
		}
	}
}

// TestCESYPair checks that YPair gives, bit for bit, Y of the CES and of
// the same CES at the second returns to scale, for random inputs
// including zeros and inputs tiny enough to overflow the direct sum.
func TestCESYPair(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, rho := range []float64{-50, -2, -0.5, 0, 0.5, 1} {
		for _, gamma := range []float64{1, 1.1, 2} {
			w := [nf]float64{0.3, 0.2, 0, 0.1, 0.4}
			c := NewCES(65.2, rho, gamma, w)
			c1 := NewCES(65.2, rho, 1, w)
			for n := range 200 {
				var x [nf]float64
				for f := range x {
					x[f] = rng.Float64()
					switch rng.IntN(10) {
					case 0:
						x[f] = 0
					case 1:
						x[f] = 1e-300
					}
				}
				if n == 0 {
					x = [nf]float64{}
				}
				y, y1 := c.YPair(&x, 1)
				if math.Float64bits(y) != math.Float64bits(c.Y(&x)) || math.Float64bits(y1) != math.Float64bits(c1.Y(&x)) {
					t.Fatalf("ρ=%v γ=%v x=%v: YPair = %v, %v; Y = %v, %v", rho, gamma, x, y, y1, c.Y(&x), c1.Y(&x))
				}
			}
		}
	}
}
