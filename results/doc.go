// Package results writes and reads minilateral's output tables: tidy CSV
// files that pandas, R and DuckDB read as they are, and a manifest.json
// that records what produced them (resolved scenario, seed, program and
// Go versions, checksums).
//
// Files never appear partially written under their final names: writers
// work on temporary files in the output directory and rename them into
// place only when complete.
package results
