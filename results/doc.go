// Package results writes and reads minilateral's output tables: tidy CSV
// files that pandas, R and DuckDB read as they are, and a manifest.json
// that records what produced them (resolved scenario, seed, program and
// Go versions, checksums).
//
// Every table can also be written as Parquet (parquet.go): typed columns,
// zstd, fixed row groups, made from the finished CSV file and read back as
// its exact bytes by OpenTable, so that merge and plot read either
// format. The library is github.com/parquet-go/parquet-go v0.32.0: it
// holds the fix for non-deterministic trailing bits of boolean pages
// (parquet-go #520), and is far smaller a dependency than apache/arrow-go.
//
// Files never appear partially written under their final names: writers
// work on temporary files in the output directory and rename them into
// place only when complete.
package results
