// Package study runs and analyses sensitivity analyses of scenarios: it
// turns a scenario's [sensitivity] table (or the priors file) into an
// explicit design for the sweep runner (sweep), so that workers,
// shards, merging and resuming work as for any sweep, and it computes
// the indices of a finished (possibly merged) output directory:
// indices.csv, convergence.csv and the figures.
//
// The design is recorded in the manifest (extra.sensitivity): method,
// sizes, seed and every parameter's range and distribution. The analysis
// regenerates the design from that record and checks every runs.csv row's
// parameter values against the design point it claims to be, so rows can
// never be read in the wrong order.
package study
