// Package sweep runs parameter sweeps of the ai-bloc model: the design
// (a full grid or a Latin hypercube over the swept parameters of a
// scenario's [sweep] table), the enumeration of runs, sharding for
// clusters, a pool of workers whose results are reduced in run order,
// a crash-safe journal for resuming, and the final tables.
//
// # Runs and random streams
//
// A design has P parameter points and R replications, so N = P·R runs.
// Run k is replicate k mod R of point ⌊k/R⌋: runs are numbered
// point-major. Its random generator is sim.Stream(master, stream) where
// stream is the replicate (common random numbers, the default: replicate r
// sees the same stream at every point) or the run index (independent
// streams). Nothing about a run depends on the worker or shard running it,
// so results are identical for any number of workers and shards.
//
// # Grid points
//
// In a grid, point p enumerates the combinations of the parameters'
// values with the first parameter varying slowest (row-major order, as
// nested loops in sweep order would).
//
// # Latin hypercube
//
// With design = "lhs" and S samples, parameter j (in sweep order) draws
// from its own generator sim.Stream(master, 2^64−1−j): first a uniformly
// random permutation π_j of 0..S−1 (rand.Perm), then, for i = 0..S−1, a
// uniform u_i in [0,1); sample i's coordinate is q = (π_j(i) + u_i)/S, so
// each of the S equal-probability strata of every parameter holds exactly
// one sample. A range maps q to from + q·(to−from) (rounded for whole-
// number parameters); a value list maps q to values[⌊q·len⌋].
//
// # Plans
//
// NewDesign checks a [sweep] table and sizes its design in O(parameters);
// Estimate adds the measured cost of a few pilot runs, the expected output
// and the free disk space; Check refuses what exceeds the Limits the user
// can raise; Prepare then generates and validates the points. NewPlan is
// NewDesign and Prepare. Every command that runs a design shows the plan
// first (see cmd/minilateral/plan.go).
//
// # Shards
//
// Shard i of n (1 ≤ i ≤ n) runs the contiguous block of runs
// ⌊(i−1)·N/n⌋ ≤ k < ⌊i·N/n⌋. Merging the shards' runs.csv in shard order
// gives the unsharded runs.csv; points.csv is recomputed from it.
//
// # Files and faults
//
// While a sweep runs, its output directory holds a hidden work directory
// .sweep/ with the plan, the journal and the series of recorded runs.
// The journal has one record per finished run, appended in run order: the
// run's runs.csv row with its run index and a CRC-32C checksum, so a
// record torn by a crash is detected and dropped. It is fsync'd at most
// every half second and at the end (a killed process loses nothing that
// was written; a power cut loses at most the last half second). The
// final tables are generated from the journal into temporary files and
// renamed into place, the manifest last; then .sweep/ is removed.
// Resuming reads the journal, drops a torn tail and continues with the
// first run it lacks, so the final files are identical to those of an
// uninterrupted sweep.
package sweep
