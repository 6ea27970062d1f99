package results

import (
	"strconv"
	"testing"
)

// BenchmarkPointsWriter measures points.csv's cost per runs.csv row: 20
// replications per point, 13 middle powers (the default sweep's shape).
// The rows are split beforehand, as the sweep splits them anyway.
func BenchmarkPointsWriter(b *testing.B) {
	const reps, points = 20, 50
	sids := []string{"CN", "US"}
	var rows [][]string
	for pt := range points {
		for r := range reps {
			o := outcome(float64(r) * 0.37)
			o.FinalBlocSize = (r * 7) % 14
			line := AppendRunRow(nil, &RunRow{Run: pt*reps + r, Point: pt, Replicate: r, Seed: uint64(r), Params: []float64{float64(pt)}, Out: o}, 2)
			c, err := SplitRow(line[:len(line)-1])
			if err != nil {
				b.Fatal(err)
			}
			rows = append(rows, c)
		}
	}
	w, err := NewPointsWriter(b.TempDir(), []string{"x"}, sids, 13)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Abort()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c := rows[i%len(rows)]
		if i%len(rows) == 0 && i > 0 {
			// Start the next pass at later point numbers (rows come in run order).
			base := i / len(rows) * points
			for j := range rows {
				pt, _ := strconv.Atoi(rows[j][1])
				rows[j][1] = strconv.Itoa(pt%points + base)
			}
		}
		if err := w.AddRow(c); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
