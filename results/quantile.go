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
	n := len(x)
	if n == 0 {
		if !(p >= 0 && p <= 1) {
			panic("results: quantile probability outside [0, 1]")
		}
		return math.NaN()
	}
	i, h := quantile7Index(p, n)
	var next float64
	if h > 0 {
		next = x[i+1]
	}
	return quantile7Of(x[i], next, h)
}

// quantile7Index returns, for Quantile7(p, x) of n ≥ 1 sorted values,
// the 0-based index i of the lower order statistic and the weight h of
// the next one, x[i+1], which is needed only when h > 0.
func quantile7Index(p float64, n int) (i int, h float64) {
	if !(p >= 0 && p <= 1) {
		panic("results: quantile probability outside [0, 1]")
	}
	index := 1 + float64(n-1)*p
	lo := math.Floor(index)
	return int(lo) - 1, index - lo
}

// quantile7Of is Quantile7 from the order statistics x[i] and x[i+1]
// (next, unused when h is 0) and the weight h of quantile7Index.
func quantile7Of(xi, next, h float64) float64 {
	q := xi
	if h > 0 && next != q {
		q = (1-h)*q + h*next
	}
	return q
}
