package results

import "math"

// Quantile7 returns the p-quantile of the sorted sample x by R's default
// definition, quantile(x, p, type = 7) (Hyndman and Fan's definition 7):
// with index h = 1 + (n−1)·p (1-based) and lo = ⌊h⌋,
//
//	Q(p) = (1 − (h − lo))·x[lo] + (h − lo)·x[lo+1],
//
// and exactly x[lo] when h is whole or x[lo+1] = x[lo], as R computes it,
// so results agree with R's to the last bit. One value is its own
// quantile for every p; an empty sample has none (NaN).
//
// x must be sorted in increasing order and free of NaN, and p in [0, 1];
// Quantile7 panics otherwise (a programmer error).
func Quantile7(p float64, x []float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic("results: quantile probability outside [0, 1]")
	}
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	index := 1 + float64(n-1)*p
	lo := math.Floor(index)
	i := int(lo) - 1 // 0-based
	q := x[i]
	if h := index - lo; h > 0 && x[i+1] != q {
		q = (1-h)*q + h*x[i+1]
	}
	return q
}
