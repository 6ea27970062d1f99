package aibloc

import (
	"math"

	"gonum.org/v1/gonum/floats/scalar"
)

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// approx reports whether a and b agree within tol, absolutely near zero
// and relatively elsewhere (gonum's EqualWithinAbsOrRel with both
// tolerances tol).
func approx(a, b, tol float64) bool { return scalar.EqualWithinAbsOrRel(a, b, tol, tol) }

// theil is the reference Theil T index (the definition, one log per
// value relative to the mean): theilAll must agree with it. It is the Theil T index of the pooled values of a and b:
// T = (1/n)·Σ (x/μ)·ln(x/μ), with 0·ln 0 = 0.
func theil(a, b []float64) float64 {
	n := float64(len(a) + len(b))
	mu := 0.0
	for _, v := range a {
		mu += v
	}
	for _, v := range b {
		mu += v
	}
	mu /= n
	if mu <= 0 {
		return 0
	}
	t := 0.0
	for _, xs := range [2][]float64{a, b} {
		for _, v := range xs {
			if r := v / mu; r > 0 {
				t += r * math.Log(r)
			}
		}
	}
	return t / n
}
