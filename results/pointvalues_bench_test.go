package results

import (
	"testing"
)

// BenchmarkPointsOnePoint writes points.csv for one point of 200,000
// runs (a replications-only sweep), its values sorted in memory or
// spilled to a file and selected from it; ns/run is the cost per runs.csv
// row, the quantiles included:
//
//	go test ./results -run '^$' -bench PointsOnePoint -benchtime 3x
func BenchmarkPointsOnePoint(b *testing.B) {
	const runs = 200_000
	rows := spillRows([]int{runs})
	for _, c := range []struct {
		name string
		mem  int
	}{{"memory", 1 << 30}, {"spilled", 1 << 16}} {
		b.Run(c.name, func(b *testing.B) {
			defer func(old int) { pointsMemValues = old }(pointsMemValues)
			pointsMemValues = c.mem
			for b.Loop() {
				w, err := NewPointsWriterFor(b.TempDir(), []string{"x"}, spillOuts, 4)
				if err != nil {
					b.Fatal(err)
				}
				for _, r := range rows {
					if err := w.AddRow(r); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := w.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*runs), "ns/run")
		})
	}
}
