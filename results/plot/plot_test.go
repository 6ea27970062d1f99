package plot

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

var update = flag.Bool("update", false, "regenerate the golden images in testdata")

// goldenSweep is the synthetic sweep of the golden images: unevenly
// spaced threat values, one point never run and one whose runs all
// failed.
func goldenSweep() synth {
	s := defaultSynth()
	s.values[1] = []float64{0, 0.2, 0.3, 0.8, 1}
	s.skip = func(vs []float64) bool { return vs[0] == 0.25 && vs[1] == 0.8 }
	s.fail = func(vs []float64) bool { return vs[0] == 0.5 && vs[1] == 0.3 }
	return s
}

func samePixels(a, b []byte) (bool, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return false, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return false, err
	}
	if ia.Bounds() != ib.Bounds() {
		return false, nil
	}
	r := ia.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, a1 := ia.At(x, y).RGBA()
			r2, g2, b2, a2 := ib.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false, nil
			}
		}
	}
	return true, nil
}

func TestGolden(t *testing.T) {
	root := t.TempDir()
	sweep, run := filepath.Join(root, "sweep"), filepath.Join(root, "run")
	goldenSweep().write(t, sweep)
	writeRun(t, run, []string{"BR", "DE", "FR", "IN", "JP", "KR"}, 40)
	dyn := filepath.Join(root, "dyn")
	writeDynamicsRun(t, dyn, 40)
	for _, c := range []struct {
		dir, prefix string
		figs        []string
	}{
		{sweep, "sweep_", []string{"phase_mean_bloc_size", "phase_bloc_ge_3", "param_mean_bloc_size_vs_bloc.threat_credibility", "param_bloc_ge_3_vs_superpowers.US.export_controls", "series", "membership", "nations", "summary"}},
		{run, "run_", []string{"series", "summary"}},
		{dyn, "run_", []string{"endowments", "payoffs", "alternative"}},
	} {
		files, err := Dir(c.dir, Options{Formats: []string{"png"}, DPI: 60})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range c.figs {
			path := filepath.Join(c.dir, "figures", f+".png")
			if !slices.Contains(files, path) {
				t.Errorf("%s not among the files written: %v", path, files)
				continue
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", c.prefix+f+"_golden.png")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run 'go test -run TestGolden -update' to create it)", err)
			}
			if bytes.Equal(got, want) {
				continue
			}
			same, err := samePixels(got, want)
			if err != nil {
				t.Fatal(err)
			}
			if !same {
				// beside the golden file, so it outlives the test (gitignored)
				bad := strings.TrimSuffix(golden, "_golden.png") + "_got.png"
				if err := os.WriteFile(bad, got, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Errorf("%s differs from %s (got written to %s; -update regenerates)", path, golden, bad)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	root := t.TempDir()
	var sets [2][]string
	for i := range sets {
		sweep, run := filepath.Join(root, fmt.Sprint(i), "sweep"), filepath.Join(root, fmt.Sprint(i), "run")
		goldenSweep().write(t, sweep)
		writeRun(t, run, []string{"BR", "DE", "FR"}, 20)
		dyn := filepath.Join(root, fmt.Sprint(i), "dyn")
		writeDynamicsRun(t, dyn, 20)
		for _, d := range []string{sweep, run, dyn} {
			files, err := Dir(d, Options{Formats: []string{"svg", "png", "pdf"}})
			if err != nil {
				t.Fatal(err)
			}
			sets[i] = append(sets[i], files...)
		}
	}
	if len(sets[0]) != len(sets[1]) || len(sets[0]) == 0 {
		t.Fatalf("different file sets: %d and %d files", len(sets[0]), len(sets[1]))
	}
	formats := map[string]int{}
	for j := range sets[0] {
		a, err := os.ReadFile(sets[0][j])
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(sets[1][j])
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(filepath.Join(root, "0"), sets[0][j])
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renderings of the same results differ", rel)
		}
		ext := filepath.Ext(rel)
		formats[ext]++
		if ext == ".pdf" {
			if !bytes.Contains(a, []byte("/CreationDate (D:20000101000000)")) || !bytes.Contains(a, []byte("/ModDate (D:20000101000000)")) {
				t.Errorf("%s: no fixed creation and modification dates", rel)
			}
		}
	}
	for _, ext := range []string{".svg", ".png", ".pdf"} {
		if formats[ext] == 0 {
			t.Errorf("no %s files written", ext)
		}
	}
}

func TestEdges(t *testing.T) {
	for _, c := range []struct {
		vs, want []float64
	}{
		{[]float64{0, 1, 2}, []float64{-0.5, 0.5, 1.5, 2.5}},
		{[]float64{0, 1, 4}, []float64{-0.5, 0.5, 2.5, 5.5}},
		{[]float64{0.1, 0.2, 0.5, 1}, []float64{0.05, 0.15, 0.35, 0.75, 1.25}},
		{[]float64{3}, []float64{2.7, 3.3}},
		{[]float64{0}, []float64{-0.5, 0.5}},
	} {
		got := edges(c.vs)
		if len(got) != len(c.want) {
			t.Errorf("edges(%v) = %v, want %v", c.vs, got, c.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > 1e-12 {
				t.Errorf("edges(%v) = %v, want %v", c.vs, got, c.want)
				break
			}
		}
	}
}

func TestZRange(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name    string
		zs      []float64
		lo, hi  float64
		missing bool
	}{
		{"plain", []float64{1, 2, 3, 4}, 1, 4, false},
		{"constant", []float64{2, 2, 2, 2}, 1.5, 2.5, false},
		{"constant large", []float64{100, 100, 100, 100}, 95, 105, false},
		{"nan", []float64{1, nan, 3, 4}, 1, 4, true},
		{"all nan", []float64{nan, nan, nan, nan}, 0, 1, true},
		{"constant and nan", []float64{0, nan, 0, 0}, -0.5, 0.5, true},
	} {
		g := &grid{xs: []float64{0, 1}, ys: []float64{0, 1}, zs: c.zs}
		lo, hi, missing := zRange(g)
		if lo != c.lo || hi != c.hi || missing != c.missing {
			t.Errorf("%s: zRange = %v, %v, %v; want %v, %v, %v", c.name, lo, hi, missing, c.lo, c.hi, c.missing)
		}
	}
}

// renderHeat draws g alone with a fixed colour range and returns the
// image with a function from data coordinates to pixels.
func renderHeat(t *testing.T, g *grid, lo, hi float64) (image.Image, func(x, y float64) image.Point) {
	t.Helper()
	const w, h = 4 * vg.Inch, 3 * vg.Inch
	cv := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(100))
	dc := draw.New(cv)
	p := newPlot("", "x", "y")
	p.X.Padding, p.Y.Padding = 0, 0
	p.Add(&heat{g: g, cmap: newViridis(lo, hi)})
	p.Draw(dc)
	da := p.DataCanvas(dc)
	trX, trY := p.Transforms(&da)
	img := cv.Image()
	scale := 100 / vg.Inch.Points()
	return img, func(x, y float64) image.Point {
		px := float64(trX(x)) * scale
		py := float64(h-trY(y)) * scale
		return image.Point{X: int(math.Round(px)), Y: int(math.Round(py))}
	}
}

func colourNear(a color.Color, b color.NRGBA) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	d := func(x, y uint32) float64 { return math.Abs(float64(x>>8) - float64(y>>8)) }
	return d(r1, r2) <= 2 && d(g1, g2) <= 2 && d(b1, b2) <= 2
}

func TestHeatOrientation(t *testing.T) {
	// An asymmetric grid with uneven spacing in x: z = c + 3r, so every
	// cell has its own colour and row 0 must be at the bottom.
	g := newGrid([]float64{0, 1, 4}, []float64{0, 10})
	for r := range 2 {
		for c := range 3 {
			g.set(c, r, float64(c+3*r))
		}
	}
	img, at := renderHeat(t, g, 0, 5)
	want := func(z float64) color.NRGBA { return viridisAt(z / 5) }
	for _, c := range []struct {
		x, y float64
		z    float64
	}{
		{0, 0, 0}, {1, 0, 1}, {4, 0, 2}, {0, 10, 3}, {1, 10, 4}, {4, 10, 5},
		// Uneven spacing: the edge between x = 1 and x = 4 is at 2.5,
		// the last cell reaches 5.5 and the first starts at −0.5.
		{2.3, 2, 1}, {2.7, 2, 2}, {5.3, 2, 2}, {-0.4, 2, 0},
		// Rows: the edge between y = 0 and y = 10 is at 5.
		{1, 4.5, 1}, {1, 5.5, 4}, {1, 14.5, 4}, {1, -4.5, 1},
	} {
		pt := at(c.x, c.y)
		if got := img.At(pt.X, pt.Y); !colourNear(got, want(c.z)) {
			t.Errorf("pixel at (%g, %g) = %v, want the colour of %g: %v", c.x, c.y, got, c.z, want(c.z))
		}
	}
}

func TestHeatConstantAndMissing(t *testing.T) {
	nan := math.NaN()
	g := &grid{xs: []float64{0, 1, 2}, ys: []float64{0, 1}, zs: []float64{2, 2, nan, 2, 2, 2}}
	lo, hi, missing := zRange(g)
	if !missing {
		t.Fatal("NaN cell not reported as missing")
	}
	img, at := renderHeat(t, g, lo, hi)
	c0 := img.At(at(0, 0).X, at(0, 0).Y)
	for _, p := range [][2]float64{{1, 0}, {0, 1}, {1, 1}, {2, 1}} {
		if got := img.At(at(p[0], p[1]).X, at(p[0], p[1]).Y); got != c0 {
			t.Errorf("constant grid: cell %v has colour %v, cell (0,0) %v", p, got, c0)
		}
	}
	// The NaN cell (2, 0) is hatched: light grey with darker lines.
	pt := at(2, 0)
	var fill, lines int
	for dy := -10; dy <= 10; dy++ {
		for dx := -10; dx <= 10; dx++ {
			c := img.At(pt.X+dx, pt.Y+dy)
			r, g, b, _ := c.RGBA()
			switch {
			case colourNear(c, noDataFill):
				fill++
			case r == g && g == b && r>>8 < uint32(noDataFill.R)-20:
				lines++ // grey, darker than the fill: a hatch line
			}
		}
	}
	if fill < 100 || lines < 5 {
		t.Errorf("NaN cell: %d fill and %d hatch pixels; want a grey hatch", fill, lines)
	}
}

// TestHeatPanelEdgeCases draws whole phase-diagram panels (with colour
// bars, which panic in gonum when min == max) for awkward grids.
func TestHeatPanelEdgeCases(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name   string
		xs, ys []float64
		zs     []float64
	}{
		{"constant", []float64{0, 1}, []float64{0, 1}, []float64{3, 3, 3, 3}},
		{"zero constant", []float64{0, 1}, []float64{0, 1}, []float64{0, 0, 0, 0}},
		{"all missing", []float64{0, 1}, []float64{0, 1}, []float64{nan, nan, nan, nan}},
		{"one cell", []float64{0.5}, []float64{2}, []float64{1}},
		{"one row", []float64{0, 0.1, 1}, []float64{7}, []float64{1, 2, nan}},
		{"inf", []float64{0, 1}, []float64{0, 1}, []float64{1, math.Inf(1), 2, 3}},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := &grid{xs: c.xs, ys: c.ys, zs: c.zs}
			f := fig{name: "x", w: 4 * vg.Inch, h: 4 * vg.Inch, draw: heatPanel(g, "t", "x", "y", "z", nan, nan)}
			for _, format := range Formats {
				if _, err := f.render(format, 50); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestGridFromPoints(t *testing.T) {
	dir := t.TempDir()
	s := goldenSweep()
	s.mean = func(vs []float64) float64 { return 10*vs[0] + vs[1] }
	s.write(t, dir)
	res, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	g, err := res.meanGrid("mean_terms", "superpowers.US.export_controls", "bloc.threat_credibility")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.xs, s.values[0]) || !slices.Equal(g.ys, s.values[1]) {
		t.Fatalf("grid axes %v × %v, want %v × %v", g.xs, g.ys, s.values[0], s.values[1])
	}
	for r, y := range g.ys {
		for c, x := range g.xs {
			z := g.Z(c, r)
			switch {
			case x == 0.25 && y == 0.8: // never run
				if !math.IsNaN(z) {
					t.Errorf("missing point (%g, %g) = %g, want NaN", x, y, z)
				}
			case x == 0.5 && y == 0.3: // all runs failed: empty cells
				if !math.IsNaN(z) {
					t.Errorf("failed point (%g, %g) = %g, want NaN", x, y, z)
				}
			default:
				if want := 10*x + y + 0.2; math.Abs(z-want) > 1e-12 {
					t.Errorf("Z at (%g, %g) = %g, want %g", x, y, z, want)
				}
			}
		}
	}
	pg, err := res.probGrid(1, "superpowers.US.export_controls", "bloc.threat_credibility")
	if err != nil {
		t.Fatal(err)
	}
	if z := pg.Z(0, 0); z != 0 {
		t.Errorf("P(bloc ≥ 1) at (0, 0) = %g, want 0", z)
	}
	if z := pg.Z(4, 4); z != 1 {
		t.Errorf("P(bloc ≥ 1) at (1, 1) = %g, want 1", z)
	}
	if z := pg.Z(2, 2); !math.IsNaN(z) {
		t.Errorf("P at a point with no successful run = %g, want NaN", z)
	}
	if k := defaultK(res); k != 3 {
		t.Errorf("default k = %d, want 3 (half of 6 middle powers)", k)
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		opt   Options
		want  []string // substrings of the error
	}{
		{"empty directory", func(t *testing.T, dir string) {}, Options{}, []string{"no results"}},
		{"missing directory", func(t *testing.T, dir string) { os.Remove(dir) }, Options{}, []string{"no such file"}},
		{"points cut off", func(t *testing.T, dir string) {
			defaultSynth().write(t, dir)
			p := filepath.Join(dir, "points.csv")
			b, _ := os.ReadFile(p)
			b = b[:len(b)-7]
			writeFile(t, p, string(b))
		}, Options{}, []string{"points.csv:21:", "cut off"}},
		{"runs short line", func(t *testing.T, dir string) {
			defaultSynth().write(t, dir)
			p := filepath.Join(dir, "runs.csv")
			b, _ := os.ReadFile(p)
			lines := strings.SplitAfter(string(b), "\n")
			lines[2] = "1,0,1,1001,0,0\n"
			writeFile(t, p, strings.Join(lines, ""))
		}, Options{}, []string{"runs.csv:3:", "6 fields", "header has 12"}},
		{"rounds cut off", func(t *testing.T, dir string) {
			writeRun(t, dir, []string{"A", "B"}, 5)
			p := filepath.Join(dir, "rounds.csv")
			b, _ := os.ReadFile(p)
			writeFile(t, p, string(b[:len(b)-1]))
		}, Options{}, []string{"rounds.csv:7:", "cut off"}},
		{"nations wrong fields", func(t *testing.T, dir string) {
			writeRun(t, dir, []string{"A", "B"}, 5)
			p := filepath.Join(dir, "nations.csv")
			b, _ := os.ReadFile(p)
			writeFile(t, p, string(b)+"6,A,bloc,1\n")
		}, Options{}, []string{"nations.csv:14:", "4 fields"}},
		{"empty points", func(t *testing.T, dir string) {
			defaultSynth().write(t, dir)
			writeFile(t, filepath.Join(dir, "points.csv"), "")
		}, Options{}, []string{"points.csv", "empty"}},
		{"no runs.csv", func(t *testing.T, dir string) {
			defaultSynth().write(t, dir)
			os.Remove(filepath.Join(dir, "runs.csv"))
		}, Options{}, []string{"no runs.csv"}},
		{"bad number", func(t *testing.T, dir string) {
			defaultSynth().write(t, dir)
			p := filepath.Join(dir, "points.csv")
			b, _ := os.ReadFile(p)
			writeFile(t, p, strings.Replace(string(b), "\n0,0,0,", "\n0,zero,0,", 1))
		}, Options{}, []string{"points.csv:2:", `"zero" is not a number`}},
		{"unknown outcome", func(t *testing.T, dir string) { defaultSynth().write(t, dir) },
			Options{Outcome: "bloc_sizes"}, []string{`unknown outcome "bloc_sizes"`, "valid outcomes: final_bloc_size, mean_bloc_size, mean_terms"}},
		{"unknown run outcome", func(t *testing.T, dir string) { writeRun(t, dir, []string{"A"}, 3) },
			Options{Outcome: "nope"}, []string{`unknown outcome "nope"`, "bloc_size", "divergence_usable", "welfare"}},
		{"phase with one parameter", func(t *testing.T, dir string) {
			s := defaultSynth()
			s.params, s.values = s.params[:1], s.values[:1]
			s.mean = func(vs []float64) float64 { return vs[0] }
			s.write(t, dir)
		}, Options{Kinds: []string{"phase"}}, []string{"phase diagram needs two swept parameters", "varied 1 (superpowers.US.export_controls)"}},
		{"phase of a run", func(t *testing.T, dir string) { writeRun(t, dir, []string{"A"}, 3) },
			Options{Kinds: []string{"phase"}}, []string{"needs a sweep"}},
		{"unknown format", func(t *testing.T, dir string) { defaultSynth().write(t, dir) },
			Options{Formats: []string{"svg", "gif"}}, []string{`unknown format "gif"`, "svg, png, pdf"}},
		{"unknown kind", func(t *testing.T, dir string) { defaultSynth().write(t, dir) },
			Options{Kinds: []string{"pie"}}, []string{`unknown figure kind "pie"`}},
		{"unswept axis", func(t *testing.T, dir string) { defaultSynth().write(t, dir) },
			Options{X: "world.rho"}, []string{`"world.rho" was not swept`, "bloc.threat_credibility"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "results")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			c.setup(t, dir)
			_, err := Dir(dir, c.opt)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), "plot: ") {
				t.Errorf("error %q does not start with \"plot: \"", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "figures")); err == nil {
				t.Error("figures directory created despite the error")
			}
		})
	}
}

func TestOneParameterSweep(t *testing.T) {
	dir := t.TempDir()
	s := defaultSynth()
	s.params, s.values = s.params[1:], s.values[1:]
	s.mean = func(vs []float64) float64 { return 3 * vs[0] }
	s.manifest = false // parameters inferred from points.csv
	s.write(t, dir)
	files, err := Dir(dir, Options{Formats: []string{"svg"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	want := []string{"membership.svg", "nations.svg", "param_bloc_ge_3_vs_bloc.threat_credibility.svg", "param_mean_bloc_size_vs_bloc.threat_credibility.svg", "series.svg", "summary.svg"}
	if !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
}

// TestLHSSweep checks that a Latin hypercube sweep, whose points do not
// form a grid, gets scatter phase diagrams rather than a sparse heatmap.
func TestLHSSweep(t *testing.T) {
	dir := t.TempDir()
	s := defaultSynth()
	s.design = "lhs"
	s.values = [][]float64{{0.05, 0.31, 0.62, 0.9}, {0.12, 0.4, 0.77}}
	s.write(t, dir)
	res, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := res.sampleDots("mean_bloc_size", 3, false, s.params[0], s.params[1])
	if err != nil {
		t.Fatal(err)
	}
	if len(d.xs) != 12 || d.xs[0] != 0.05 || d.ys[0] != 0.12 || d.ys[1] != 0.4 {
		t.Errorf("dots %v, %v", d.xs, d.ys)
	}
	files, err := Dir(dir, Options{Formats: []string{"svg"}, Kinds: []string{"phase", "param"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 4 {
		t.Errorf("files %v, want 2 phase diagrams and 2 one-parameter views", files)
	}
}

func TestAxesAndPick(t *testing.T) {
	for _, c := range []struct {
		params []string
		x, y   string
		wx, wy string
	}{
		{[]string{"a", "bloc.threat_credibility", "superpowers.US.export_controls"}, "", "", "superpowers.US.export_controls", "bloc.threat_credibility"},
		{[]string{"a", "b", "c"}, "", "", "a", "b"},
		{[]string{"a", "b", "c"}, "c", "", "c", "a"},
		{[]string{"a", "b", "c"}, "", "a", "b", "a"},
		{[]string{"a"}, "", "", "a", ""},
	} {
		if x, y := axes(c.params, c.x, c.y); x != c.wx || y != c.wy {
			t.Errorf("axes(%v, %q, %q) = %q, %q; want %q, %q", c.params, c.x, c.y, x, y, c.wx, c.wy)
		}
	}
	for _, c := range []struct {
		m, n int
		want []int
	}{
		{3, 5, []int{0, 1, 2}},
		{101, 5, []int{0, 25, 50, 75, 100}},
		{7, 6, []int{0, 1, 2, 4, 5, 6}},
	} {
		if got := pick(c.m, c.n); !slices.Equal(got, c.want) {
			t.Errorf("pick(%d, %d) = %v, want %v", c.m, c.n, got, c.want)
		}
	}
}

func TestLabels(t *testing.T) {
	for _, c := range []struct{ key, want string }{
		{"superpowers.US.export_controls", "US export controls x (stringency, 0–1)"},
		{"bloc.threat_credibility", "Threat credibility ceiling c (probability)"},
		{"nations.FR.market", "nations.FR.market"},
	} {
		if got := paramLabel(c.key); got != c.want {
			t.Errorf("paramLabel(%q) = %q, want %q", c.key, got, c.want)
		}
	}
	if got := outcomeLabel("final_controls_CN"); got != "CN export controls at the end" {
		t.Errorf("outcomeLabel(final_controls_CN) = %q", got)
	}
}

// BenchmarkFigures101x101 reads a synthetic sweep of 101 × 101 points
// and renders its phase diagrams and one-parameter views as SVG and PNG.
func BenchmarkFigures101x101(b *testing.B) {
	dir := b.TempDir()
	vals := make([]float64, 101)
	for i := range vals {
		vals[i] = float64(i) / 100
	}
	s := defaultSynth()
	s.values = [][]float64{vals, vals}
	s.reps = 2
	s.recorded = 0
	s.write(b, dir)
	opt := Options{Kinds: []string{"phase", "param"}, Formats: []string{"svg", "png"}}
	for b.Loop() {
		files, err := Dir(dir, opt)
		if err != nil {
			b.Fatal(err)
		}
		if len(files) != 8 {
			b.Fatalf("%d files: %v", len(files), files)
		}
	}
}
