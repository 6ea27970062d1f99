package plot

import (
	"math"
	"testing"
)

// The one-parameter view carries points.csv's 10% and 90% quantiles when
// the table has them, and draws without them for sweeps made before.
func TestParamCurvesQuantiles(t *testing.T) {
	for _, noQuant := range []bool{false, true} {
		dir := t.TempDir()
		s := goldenSweep()
		s.mean = func(vs []float64) float64 { return 10*vs[0] + vs[1] }
		s.noQuant = noQuant
		s.write(t, dir)
		res, err := load(dir)
		if err != nil {
			t.Fatal(err)
		}
		curves, _, err := res.paramCurves("mean_terms", "bloc.threat_credibility", "superpowers.US.export_controls")
		if err != nil {
			t.Fatal(err)
		}
		drawn := 0
		for _, k := range curves {
			if noQuant {
				if k.q10 != nil || k.q90 != nil {
					t.Fatal("quantile lines without quantile columns")
				}
				continue
			}
			if k.q10 == nil || k.q90 == nil {
				t.Fatal("quantiles in points.csv but not on the curve")
			}
			for i := range k.xs {
				if math.IsNaN(k.ys[i]) {
					continue
				}
				// synth writes p10 = m − 1.2 and p90 = m + 1.1 around the mean m.
				if math.Abs(k.q10[i]-(k.ys[i]-1.2)) > 1e-9 || math.Abs(k.q90[i]-(k.ys[i]+1.1)) > 1e-9 {
					t.Errorf("x = %g: p10 %g, p90 %g around mean %g", k.xs[i], k.q10[i], k.q90[i], k.ys[i])
				}
				drawn++
			}
		}
		if !noQuant && drawn == 0 {
			t.Fatal("no point on any curve")
		}
	}
}
