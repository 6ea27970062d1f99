package plot

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An uncertainty sweep's figures pool the prior samples of each grid
// cell: the probability map is the share of all the cell's runs, with a
// Wilson interval, and the mean map averages the cell's points.
func TestUncertaintyPooled(t *testing.T) {
	dir := t.TempDir()
	manifest := `{"command": "sweep", "extra": {"design": "grid", "parameters": ["x", "y", "z"],
  "values": {"x": [0, 1], "y": [0, 1]}, "integrated": ["z"]}}`
	var pts, runs strings.Builder
	pts.WriteString("point,x,y,z,n,mean_bloc_size_mean,mean_bloc_size_sd,mean_bloc_size_ci_low,mean_bloc_size_ci_high\n")
	runs.WriteString("run,point,replicate,seed,x,y,z,status,error,final_bloc_size\n")
	// Cell (x, y): the run's final bloc size is x + y + (z > 0.5) + replicate.
	pt, run := 0, 0
	for _, x := range []float64{0, 1} {
		for _, y := range []float64{0, 1} {
			for _, z := range []float64{0.2, 0.7} {
				var sum float64
				for r := range 2 {
					size := x + y + float64(r)
					if z > 0.5 {
						size++
					}
					sum += size
					fmt.Fprintf(&runs, "%d,%d,%d,%d,%g,%g,%g,ok,,%g\n", run, pt, r, r, x, y, z, size)
					run++
				}
				fmt.Fprintf(&pts, "%d,%g,%g,%g,2,%g,,,\n", pt, x, y, z, sum/2)
				pt++
			}
		}
	}
	for name, text := range map[string]string{"manifest.json": manifest, "points.csv": pts.String(), "runs.csv": runs.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.params, ",") != "x,y" {
		t.Fatalf("params %v, want x,y (z is integrated)", res.params)
	}
	g, lo, hi, err := res.probGrids(2, "x", "y")
	if err != nil {
		t.Fatal(err)
	}
	// Cell (0,0): sizes 0,1 (z 0.2) and 1,2 (z 0.7): 1 of 4 runs ≥ 2.
	// Cell (1,0) and (0,1): 1,2,2,3: 3 of 4. Cell (1,1): all 4.
	want := []float64{0.25, 0.75, 0.75, 1}
	for j, w := range want {
		if g.zs[j] != w {
			t.Errorf("cell %d: P = %v, want %v", j, g.zs[j], w)
		}
	}
	// Wilson interval of 1 of 4 at 95%: [0.0456, 0.6994].
	if math.Abs(lo.zs[0]-0.0456) > 5e-4 || math.Abs(hi.zs[0]-0.6994) > 5e-4 {
		t.Errorf("cell 0 interval [%v, %v], want [0.0456, 0.6994]", lo.zs[0], hi.zs[0])
	}
	if hi.zs[3] != 1 || !(lo.zs[3] < 1) {
		t.Errorf("cell 3 interval [%v, %v], want [<1, 1]", lo.zs[3], hi.zs[3])
	}
	m, err := res.meanGrid("mean_bloc_size", "x", "y")
	if err != nil {
		t.Fatal(err)
	}
	// Cell (0,0): point means 0.5 and 1.5, averaged: 1.
	if m.zs[0] != 1 || m.zs[3] != 3 {
		t.Errorf("mean map %v, want cell 0 = 1 and cell 3 = 3", m.zs)
	}
}
