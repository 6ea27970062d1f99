package plot

import (
	"image/color"
	"math"

	gp "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file holds the drawing blocks the figures are built from.

// panel draws one view into a canvas; figures and the summary tile them.
type panel func(c draw.Canvas)

// newPlot returns a plot with the house style.
func newPlot(title, xlab, ylab string) *gp.Plot {
	p := gp.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(11)
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = xlab
	p.Y.Label.Text = ylab
	for _, a := range []*gp.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(10)
		a.Tick.Label.Font.Size = vg.Points(9)
		a.Label.Padding = vg.Points(3)
	}
	return p
}

// addGrid adds light grid lines behind the data.
func addGrid(p *gp.Plot) {
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{0xe4}
	g.Horizontal.Color = color.Gray{0xe4}
	g.Vertical.Width = vg.Points(0.5)
	g.Horizontal.Width = vg.Points(0.5)
	p.Add(g)
}

// valueTicks puts ticks at the parameter values when there are few
// enough of them to label, so uneven spacing shows on the axis.
func valueTicks(a *gp.Axis, vs []float64) {
	if len(vs) == 0 || len(vs) > 11 {
		return
	}
	ticks := make([]gp.Tick, len(vs))
	for i, v := range vs {
		ticks[i] = gp.Tick{Value: v, Label: fmtVal(v)}
	}
	a.Tick.Marker = gp.ConstantTicks(ticks)
}

func newLegend() gp.Legend {
	l := gp.NewLegend()
	l.Top, l.Left = true, true
	l.TextStyle.Font.Size = vg.Points(9)
	l.ThumbnailWidth = vg.Points(18)
	l.Padding = vg.Points(1)
	return l
}

// legendWidth is the width a legend needs, with a margin.
func legendWidth(l gp.Legend, c draw.Canvas) vg.Length {
	return l.Rectangle(c).Size().X + vg.Points(10)
}

// splitLegend reserves a column on the right of c for l, draws l there
// (its top level with top), and returns what is left of c.
func splitLegend(c draw.Canvas, l gp.Legend, top vg.Length) draw.Canvas {
	w := legendWidth(l, c)
	if w > (c.Max.X-c.Min.X)/2 {
		w = (c.Max.X - c.Min.X) / 2
	}
	lc := c
	lc.Min.X = c.Max.X - w + vg.Points(6)
	lc.Max.Y = top
	l.Draw(lc)
	c.Max.X -= w
	return c
}

// titleText draws a figure title centred at the top of c and returns the
// canvas below it.
func titleText(c draw.Canvas, s string) draw.Canvas {
	if s == "" {
		return c
	}
	sty := titleStyle()
	c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - vg.Points(4)}, s)
	c.Max.Y -= titleHeight(s)
	return c
}

// titleHeight is the height titleText takes.
func titleHeight(s string) vg.Length {
	if s == "" {
		return 0
	}
	sty := titleStyle()
	return sty.Height(s) + vg.Points(8)
}

func titleStyle() draw.TextStyle {
	return draw.TextStyle{
		Color:   color.Black,
		Font:    font.From(gp.DefaultFont, vg.Points(12)),
		XAlign:  draw.XCenter,
		YAlign:  draw.YTop,
		Handler: gp.DefaultTextHandler,
	}
}

// curve is a line with an optional confidence band; NaN values leave gaps.
type curve struct {
	xs, ys, lo, hi []float64
	q10, q90       []float64 // 10% and 90% quantiles, drawn as thin dotted lines; nil: none
	clr            color.NRGBA
	dashes         []vg.Length
	glyph          draw.GlyphDrawer
	noLine         bool      // markers only
	width          vg.Length // line width; 0: 1.5 points
}

// lineWidth is the width of k's line.
func (k *curve) lineWidth() vg.Length {
	if k.width > 0 {
		return k.width
	}
	return vg.Points(1.5)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func (k *curve) bandOK(i int) bool {
	return k.lo != nil && finite(k.xs[i]) && finite(k.lo[i]) && finite(k.hi[i])
}

func (k *curve) lineOK(i int) bool { return finite(k.xs[i]) && finite(k.ys[i]) }

// runs returns the maximal runs [i, j) of indices where ok holds.
func runs(n int, ok func(int) bool) [][2]int {
	var out [][2]int
	for i := 0; i < n; {
		if !ok(i) {
			i++
			continue
		}
		j := i
		for j < n && ok(j) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// Plot implements plot.Plotter.
func (k *curve) Plot(c draw.Canvas, p *gp.Plot) {
	trX, trY := p.Transforms(&c)
	band := k.clr
	band.A = 0x40
	for _, r := range runs(len(k.xs), k.bandOK) {
		if r[1]-r[0] < 2 {
			continue
		}
		pts := make([]vg.Point, 0, 2*(r[1]-r[0]))
		for i := r[0]; i < r[1]; i++ {
			pts = append(pts, vg.Point{X: trX(k.xs[i]), Y: trY(k.hi[i])})
		}
		for i := r[1] - 1; i >= r[0]; i-- {
			pts = append(pts, vg.Point{X: trX(k.xs[i]), Y: trY(k.lo[i])})
		}
		c.FillPolygon(band, c.ClipPolygonXY(pts))
	}
	for _, q := range [][]float64{k.q10, k.q90} {
		if q == nil {
			continue
		}
		ok := func(i int) bool { return finite(k.xs[i]) && finite(q[i]) }
		for _, r := range runs(len(k.xs), ok) {
			pts := make([]vg.Point, 0, r[1]-r[0])
			for i := r[0]; i < r[1]; i++ {
				pts = append(pts, vg.Point{X: trX(k.xs[i]), Y: trY(q[i])})
			}
			if len(pts) > 1 {
				c.StrokeLines(quantileLine(k.clr), c.ClipLinesXY(pts)...)
			}
		}
	}
	sty := draw.LineStyle{Color: k.clr, Width: k.lineWidth(), Dashes: k.dashes}
	if k.noLine {
		sty.Width = 0
	}
	for _, r := range runs(len(k.xs), k.lineOK) {
		pts := make([]vg.Point, 0, r[1]-r[0])
		for i := r[0]; i < r[1]; i++ {
			pts = append(pts, vg.Point{X: trX(k.xs[i]), Y: trY(k.ys[i])})
		}
		if len(pts) > 1 && sty.Width > 0 {
			c.StrokeLines(sty, c.ClipLinesXY(pts)...)
		}
		if k.glyph != nil || len(pts) == 1 {
			g := draw.GlyphStyle{Color: k.clr, Radius: vg.Points(2.2), Shape: k.glyph}
			if g.Shape == nil {
				g.Shape = draw.CircleGlyph{}
			}
			for _, pt := range pts {
				if c.Contains(pt) {
					c.DrawGlyph(g, pt)
				}
			}
		}
	}
}

// DataRange implements plot.DataRanger.
func (k *curve) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for i, x := range k.xs {
		if !finite(x) {
			continue
		}
		for _, y := range []float64{k.ys[i], at(k.lo, i), at(k.hi, i), at(k.q10, i), at(k.q90, i)} {
			if finite(y) {
				xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
				ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
			}
		}
	}
	return
}

func at(xs []float64, i int) float64 {
	if xs == nil {
		return math.NaN()
	}
	return xs[i]
}

// Thumbnail implements plot.Thumbnailer.
func (k *curve) Thumbnail(c *draw.Canvas) {
	if k.lo != nil {
		band := k.clr
		band.A = 0x40
		r := c.Rectangle
		c.FillPolygon(band, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
	}
	if y := c.Center().Y; !k.noLine {
		c.StrokeLine2(draw.LineStyle{Color: k.clr, Width: k.lineWidth(), Dashes: k.dashes}, c.Min.X, y, c.Max.X, y)
	}
	if k.glyph != nil {
		c.DrawGlyph(draw.GlyphStyle{Color: k.clr, Radius: vg.Points(2.2), Shape: k.glyph}, c.Center())
	}
}

// dashes and glyphs vary with colour so series stay apart in greyscale.
var (
	dashCycle  = [][]vg.Length{nil, {vg.Points(5), vg.Points(2)}, {vg.Points(1.5), vg.Points(1.5)}, {vg.Points(6), vg.Points(2), vg.Points(1.5), vg.Points(2)}}
	glyphCycle = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{}, draw.CrossGlyph{}}
)

// quantileLine is the style of the 10% and 90% quantile lines.
func quantileLine(clr color.Color) draw.LineStyle {
	return draw.LineStyle{Color: clr, Width: vg.Points(0.75), Dashes: []vg.Length{vg.Points(1), vg.Points(1.5)}}
}

// lineThumb is a legend thumbnail showing one line style.
type lineThumb struct{ sty draw.LineStyle }

func (l lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.sty, c.Min.X, y, c.Max.X, y)
}

// swatch is a legend thumbnail filled with one colour.
type swatch struct{ clr color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	r.Min.Y += vg.Points(1)
	r.Max.Y -= vg.Points(1)
	c.FillPolygon(s.clr, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
}

// glyphThumb is a legend thumbnail showing one marker.
type glyphThumb struct{ sty draw.GlyphStyle }

func (g glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(g.sty, c.Center()) }

// heatPanel draws a heatmap of g with a horizontal colour bar under it
// and, when some cells have no data, a "no data" key beside the bar.
// lo and hi fix the colour range; NaN takes it from the data.
func heatPanel(g *grid, title, xlab, ylab, zlab string, lo, hi float64) panel {
	return colourPanel(g, nil, title, xlab, ylab, zlab, lo, hi)
}

// colourPanel draws g as a heatmap or, when d is not nil, d's scattered
// points; both coloured by value with a colour bar.
func colourPanel(g *grid, d *dots, title, xlab, ylab, zlab string, lo, hi float64) panel {
	return func(c draw.Canvas) {
		var dlo, dhi float64
		var missing bool
		if d != nil {
			dlo, dhi, missing = d.zRange()
		} else {
			dlo, dhi, missing = zRange(g)
		}
		if math.IsNaN(lo) || math.IsNaN(hi) {
			lo, hi = dlo, dhi
		}
		cmap := newViridis(lo, hi)
		p := newPlot(title, xlab, ylab)
		if d != nil {
			addGrid(p)
			d.cmap = cmap
			p.Add(d)
		} else {
			p.X.Padding, p.Y.Padding = 0, 0
			p.Add(&heat{g: g, cmap: cmap})
			valueTicks(&p.X, g.xs)
			valueTicks(&p.Y, g.ys)
		}

		const cbH = vg.Length(64)
		main := c
		main.Min.Y += cbH
		dc := p.DataCanvas(main)
		p.Draw(main)

		cb := newPlot("", zlab, "")
		cb.HideY()
		cb.X.Padding, cb.Y.Padding = 0, 0
		cb.Add(&plotter.ColorBar{ColorMap: cmap})
		cc := c
		cc.Min.X, cc.Max.X = dc.Min.X, dc.Max.X
		cc.Max.Y = c.Min.Y + cbH - vg.Points(12)
		if missing {
			l := newLegend()
			if d != nil {
				l.Add("no data", glyphThumb{noDataGlyph})
			} else {
				l.Add("no data", hatchThumb{})
			}
			w := legendWidth(l, cc)
			lc := cc
			lc.Min.X = cc.Max.X - w + vg.Points(8)
			l.Draw(lc)
			cc.Max.X -= w
		}
		cb.Draw(cc)
	}
}

// padRange widens the y axis by 4% each side so lines at the extremes
// are not clipped by the plot frame.
func padRange(p *gp.Plot) {
	if d := p.Y.Max - p.Y.Min; d > 0 && !math.IsInf(d, 0) {
		p.Y.Min -= 0.04 * d
		p.Y.Max += 0.04 * d
	}
}

var noDataGlyph = draw.GlyphStyle{Color: noDataHatch, Radius: vg.Points(2.5), Shape: draw.RingGlyph{}}

// dots draws scattered points (a Latin hypercube sample) coloured by
// value; points with no value are grey rings.
type dots struct {
	xs, ys, zs []float64
	cmap       *viridis
}

func (d *dots) zRange() (lo, hi float64, missing bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, z := range d.zs {
		if !finite(z) {
			missing = true
			continue
		}
		lo, hi = math.Min(lo, z), math.Max(hi, z)
	}
	lo, hi = widen(lo, hi)
	return lo, hi, missing
}

// DataRange implements plot.DataRanger.
func (d *dots) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for i := range d.xs {
		xmin, xmax = math.Min(xmin, d.xs[i]), math.Max(xmax, d.xs[i])
		ymin, ymax = math.Min(ymin, d.ys[i]), math.Max(ymax, d.ys[i])
	}
	return
}

// Plot implements plot.Plotter.
func (d *dots) Plot(c draw.Canvas, p *gp.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range d.xs {
		pt := vg.Point{X: trX(d.xs[i]), Y: trY(d.ys[i])}
		clr, err := d.cmap.At(d.zs[i])
		if err != nil {
			c.DrawGlyph(noDataGlyph, pt)
			continue
		}
		c.DrawGlyph(draw.GlyphStyle{Color: clr, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}, pt)
	}
}
