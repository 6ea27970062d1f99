//go:build race

package sweep

// raceEnabled is true under the race detector: tests that check
// determinism or sizes, not concurrency, do less work there.
const raceEnabled = true
