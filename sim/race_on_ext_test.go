//go:build race

package sim_test

// raceEnabled is true under the race detector: tests that check outputs,
// not concurrency, do less work there.
const raceEnabled = true
