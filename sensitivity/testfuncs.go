package sensitivity

import "math"

// Ishigami is the Ishigami–Homma (1990) function
// sin x1 + a·sin² x2 + b·x3⁴·sin x1 on [−π, π]³. With a = 7, b = 0.1 its
// indices are S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)
// (IshigamiIndices).
func Ishigami(x1, x2, x3, a, b float64) float64 {
	s := math.Sin(x2)
	return math.Sin(x1) + a*s*s + b*x3*x3*x3*x3*math.Sin(x1)
}

// IshigamiIndices returns the analytic first-order and total indices of
// the Ishigami function (Sobol' & Levitan 1999).
func IshigamiIndices(a, b float64) (s1, st [3]float64) {
	pi4 := math.Pow(math.Pi, 4)
	v1 := 0.5 * math.Pow(1+b*pi4/5, 2)
	v2 := a * a / 8
	v13 := b * b * math.Pow(math.Pi, 8) * (1.0/18 - 1.0/50)
	v := v1 + v2 + v13
	return [3]float64{v1 / v, v2 / v, 0}, [3]float64{(v1 + v13) / v, v2 / v, v13 / v}
}

// SobolG is Sobol's G function ∏ (|4x_i − 2| + a_i)/(1 + a_i) on [0,1]^d
// (Saltelli & Sobol' 1995); a small a_i makes x_i important.
func SobolG(x, a []float64) float64 {
	g := 1.0
	for i, ai := range a {
		g *= (math.Abs(4*x[i]-2) + ai) / (1 + ai)
	}
	return g
}

// SobolGIndices returns the analytic first-order and total indices of
// the G function.
func SobolGIndices(a []float64) (s1, st []float64) {
	vi := make([]float64, len(a))
	prod := 1.0
	for i, ai := range a {
		vi[i] = 1 / (3 * (1 + ai) * (1 + ai))
		prod *= 1 + vi[i]
	}
	v := prod - 1
	s1, st = make([]float64, len(a)), make([]float64, len(a))
	for i := range a {
		s1[i] = vi[i] / v
		st[i] = vi[i] * prod / (1 + vi[i]) / v
	}
	return s1, st
}
