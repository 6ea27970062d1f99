package sweep

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/minilateral/minilateral/results"
)

// sweepTables are the tables of a sweep, in the order they are written.
var sweepTables = []string{"runs", "points", "series_rounds", "series_nations"}

// formatOf returns a manifest's table format ("csv" for manifests
// written before there was a choice).
func formatOf(m *results.Manifest) string {
	if f, ok := m.Extra["format"].(string); ok && f != "" {
		return f
	}
	return results.FormatCSV
}

// convertTables writes the tables of dir in format (see
// results.ConvertTables); sum.Files lists the files now in dir.
func convertTables(dir, format, version string, m *results.Manifest, sum *Summary) error {
	files, err := results.ConvertTables(dir, format, version, sweepTables, m)
	if err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	// The tables' files, then the rest (none before the manifest today).
	sum.Files = append(files, slices.DeleteFunc(sum.Files, func(f string) bool {
		return filepath.Dir(f) == filepath.Clean(dir) && slices.Contains(tableFiles(), filepath.Base(f))
	})...)
	return nil
}

// tableFiles are the files of a shard's tables that merge checks and
// reads, in either format.
func tableFiles() []string {
	var out []string
	for _, t := range sweepTables {
		out = append(out, t+".csv", t+".parquet")
	}
	return out
}

// hasTable reports whether a manifest lists table t in either format.
func hasTable(m *results.Manifest, t string) bool {
	_, a := m.Outputs[t+".csv"]
	_, b := m.Outputs[t+".parquet"]
	return a || b
}
