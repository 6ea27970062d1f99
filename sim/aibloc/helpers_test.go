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
