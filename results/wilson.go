package results

import "math"

// z975 is the 0.975 quantile of the standard normal distribution,
// qnorm(0.975) in R, to the nearest float64.
const z975 = 1.9599639845400536

// Wilson returns the Wilson score 95% confidence interval [low, high] for
// a binomial proportion with x successes in n trials (Wilson 1927):
//
//	(p̂ + z²/2n ∓ z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n),  p̂ = x/n, z = z₀.₉₇₅.
//
// Unlike the normal-theory (Wald) interval p̂ ∓ z·√(p̂(1−p̂)/n), it never
// leaves [0, 1] and does not collapse to a point when x is 0 or n: at
// x = 0 it is [0, z²/(n+z²)], at x = n [n/(n+z²), 1]. These ends are
// returned exactly. It is the interval of R's
// prop.test(x, n, correct = FALSE).
//
// Wilson panics unless 0 ≤ x ≤ n and n ≥ 1 (a programmer error).
func Wilson(x, n int) (low, high float64) {
	if n < 1 || x < 0 || x > n {
		panic("results: Wilson interval needs 0 ≤ x ≤ n, n ≥ 1")
	}
	const z2 = z975 * z975
	fn := float64(n)
	p := float64(x) / fn
	den := 1 + z2/fn
	mid := (p + z2/(2*fn)) / den
	half := z975 / den * math.Sqrt(p*(1-p)/fn+z2/(4*fn*fn))
	low, high = mid-half, mid+half
	// Clamp the rounding error at the ends, where the bounds are 0 and 1
	// exactly.
	if x == 0 {
		low = 0
	}
	if x == n {
		high = 1
	}
	return max(low, 0), min(high, 1)
}
