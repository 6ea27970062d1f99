package plot

import (
	"math"

	gp "gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// grid is a rectangular grid of values over two parameters. Column c
// is at x = xs[c], row r at y = ys[r]; both ascending, not necessarily
// evenly spaced. Row 0 is drawn at the bottom. NaN marks a cell with no
// data.
type grid struct {
	xs, ys []float64
	zs     []float64 // zs[r*len(xs)+c]
}

var _ plotter.GridXYZ = (*grid)(nil)

func newGrid(xs, ys []float64) *grid {
	zs := make([]float64, len(xs)*len(ys))
	for i := range zs {
		zs[i] = math.NaN()
	}
	return &grid{xs: xs, ys: ys, zs: zs}
}

// Dims implements plotter.GridXYZ.
func (g *grid) Dims() (c, r int) { return len(g.xs), len(g.ys) }

// Z implements plotter.GridXYZ.
func (g *grid) Z(c, r int) float64 { return g.zs[r*len(g.xs)+c] }

// X implements plotter.GridXYZ.
func (g *grid) X(c int) float64 { return g.xs[c] }

// Y implements plotter.GridXYZ.
func (g *grid) Y(r int) float64 { return g.ys[r] }

func (g *grid) set(c, r int, z float64) { g.zs[r*len(g.xs)+c] = z }

// zRange returns the range of the defined values of g, widened when it
// is empty or a single value (a colour bar needs min < max), and whether
// any cell has no data.
func zRange(g plotter.GridXYZ) (lo, hi float64, missing bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	nc, nr := g.Dims()
	for c := range nc {
		for r := range nr {
			z := g.Z(c, r)
			if math.IsNaN(z) || math.IsInf(z, 0) {
				missing = true
				continue
			}
			lo, hi = math.Min(lo, z), math.Max(hi, z)
		}
	}
	lo, hi = widen(lo, hi)
	return lo, hi, missing
}

// widen makes [lo, hi] a non-empty interval.
func widen(lo, hi float64) (float64, float64) {
	switch {
	case lo > hi: // no data at all
		return 0, 1
	case lo == hi:
		d := math.Max(math.Abs(lo)*0.05, 0.5)
		return lo - d, hi + d
	}
	return lo, hi
}

// edges returns the cell boundaries for centres vs: half way between
// neighbours, and half a neighbour gap beyond the first and last.
func edges(vs []float64) []float64 {
	n := len(vs)
	e := make([]float64, n+1)
	switch n {
	case 0:
		return nil
	case 1:
		d := 0.5
		if vs[0] != 0 {
			d = math.Abs(vs[0]) * 0.1
		}
		e[0], e[1] = vs[0]-d, vs[0]+d
		return e
	}
	e[0] = vs[0] - (vs[1]-vs[0])/2
	for i := 1; i < n; i++ {
		e[i] = (vs[i-1] + vs[i]) / 2
	}
	e[n] = vs[n-1] + (vs[n-1]-vs[n-2])/2
	return e
}

// heat draws a grid as coloured cells with edges half way between the
// parameter values; cells with no data are hatched grey.
type heat struct {
	g    plotter.GridXYZ
	cmap palette.ColorMap
}

func gridAxis(g plotter.GridXYZ, x bool) []float64 {
	nc, nr := g.Dims()
	n, at := nc, g.X
	if !x {
		n, at = nr, g.Y
	}
	vs := make([]float64, n)
	for i := range vs {
		vs[i] = at(i)
	}
	return vs
}

// DataRange implements plot.DataRanger.
func (h *heat) DataRange() (xmin, xmax, ymin, ymax float64) {
	ex, ey := edges(gridAxis(h.g, true)), edges(gridAxis(h.g, false))
	return ex[0], ex[len(ex)-1], ey[0], ey[len(ey)-1]
}

// Plot implements plot.Plotter.
func (h *heat) Plot(c draw.Canvas, p *gp.Plot) {
	trX, trY := p.Transforms(&c)
	ex, ey := edges(gridAxis(h.g, true)), edges(gridAxis(h.g, false))
	px := make([]vg.Length, len(ex))
	for i, x := range ex {
		px[i] = trX(x)
	}
	py := make([]vg.Length, len(ey))
	for i, y := range ey {
		py[i] = trY(y)
	}
	// Interior edges overlap their neighbour by a hair so that
	// anti-aliased raster output shows no seams between cells.
	const overlap = vg.Length(1)
	nc, nr := h.g.Dims()
	var pa vg.Path
	for r := range nr {
		for col := range nc {
			x0, x1, y0, y1 := px[col], px[col+1], py[r], py[r+1]
			if col+1 < nc {
				x1 += overlap
			}
			if r+1 < nr {
				y1 += overlap
			}
			z := h.g.Z(col, r)
			clr, err := h.cmap.At(z)
			if err != nil {
				hatch(c, vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: px[col+1], Y: py[r+1]}})
				continue
			}
			pa = pa[:0]
			pa.Move(vg.Point{X: x0, Y: y0})
			pa.Line(vg.Point{X: x1, Y: y0})
			pa.Line(vg.Point{X: x1, Y: y1})
			pa.Line(vg.Point{X: x0, Y: y1})
			pa.Close()
			c.SetColor(clr)
			c.Fill(pa)
		}
	}
}

// hatchGap is the distance between the lines of the no-data hatch.
const hatchGap = vg.Length(4)

// hatch fills r with the no-data pattern: light grey with diagonal grey
// lines anchored to the canvas, so adjacent hatched cells join up.
func hatch(c draw.Canvas, r vg.Rectangle) {
	c.FillPolygon(noDataFill, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
	sty := draw.LineStyle{Color: noDataHatch, Width: vg.Points(0.5)}
	// Lines x − y = t for t a multiple of hatchGap.
	tlo := math.Ceil(float64(r.Min.X-r.Max.Y)/float64(hatchGap)) * float64(hatchGap)
	for t := vg.Length(tlo); t <= r.Max.X-r.Min.Y; t += hatchGap {
		// Intersect x − y = t with the rectangle.
		x0 := max(r.Min.X, r.Min.Y+t)
		x1 := min(r.Max.X, r.Max.Y+t)
		if x1 <= x0 {
			continue
		}
		c.StrokeLine2(sty, x0, x0-t, x1, x1-t)
	}
}

// hatchThumb is the legend thumbnail for cells with no data.
type hatchThumb struct{}

func (hatchThumb) Thumbnail(c *draw.Canvas) { hatch(*c, c.Rectangle) }
