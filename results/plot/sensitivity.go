package plot

// This file draws the figures of sensitivity analyses and scenario
// discovery: index bars with their intervals, Morris μ* against σ, and
// PRIM's coverage–density trajectory.

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"

	gp "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/minilateral/minilateral/results"
)

// IndexSeries is one kind of index (e.g. S1) of every parameter, with
// its interval; NaN marks an undefined value.
type IndexSeries struct {
	Name           string
	Est, Low, High []float64
}

var seriesColours = []color.Color{color.NRGBA{0x1f, 0x77, 0xb4, 0xff}, color.NRGBA{0xff, 0x7f, 0x0e, 0xff}, color.NRGBA{0x2c, 0xa0, 0x2c, 0xff}}

// xyErr is points with horizontal error bars.
type xyErr struct {
	plotter.XYs
	plotter.XErrors
}

func (e xyErr) Len() int { return len(e.XYs) }

// IndexBars draws, for each parameter (top to bottom), one horizontal bar
// per series with its interval as an error bar.
func IndexBars(title, xlab string, params []string, series []IndexSeries) Figure {
	h := vg.Points(float64(60 + 18*len(params)*len(series)))
	return Figure{w: vg.Points(560), h: max(h, vg.Points(220)), draw: func(c draw.Canvas) {
		p := newPlot(title, xlab, "")
		addGrid(p)
		names := slices.Clone(params)
		slices.Reverse(names)
		p.NominalY(names...)
		n := len(params)
		bw := vg.Points(float64(min(14, 60/max(1, len(series)))))
		l := newLegend()
		for s, sr := range series {
			vals := make(plotter.Values, n)
			pts := xyErr{XYs: make(plotter.XYs, n), XErrors: make(plotter.XErrors, n)}
			for i := range n {
				y := float64(n - 1 - i)
				v := sr.Est[i]
				if !finite(v) {
					v = 0
				}
				vals[n-1-i] = v
				pts.XYs[i] = plotter.XY{X: v, Y: y}
				if finite(sr.Low[i]) && finite(sr.High[i]) {
					pts.XErrors[i].Low, pts.XErrors[i].High = v-sr.Low[i], sr.High[i]-v
				}
			}
			b, err := plotter.NewBarChart(vals, bw)
			if err != nil {
				continue
			}
			b.Horizontal = true
			b.Color = seriesColours[s%len(seriesColours)]
			b.LineStyle.Width = 0
			off := (float64(s) - float64(len(series)-1)/2) * float64(bw)
			b.Offset = vg.Length(-off)
			p.Add(b)
			eb, err := plotter.NewXErrorBars(pts)
			if err == nil {
				eb.LineStyle.Width = vg.Points(0.8)
				p.Add(&offsetErr{XErrorBars: eb, off: vg.Length(-off)})
			}
			l.Add(sr.Name, b)
		}
		p.Legend = l
		p.Legend.Top, p.Legend.Left = false, false
		p.Draw(c)
	}}
}

// offsetErr draws error bars shifted vertically by off, beside their bar.
type offsetErr struct {
	*plotter.XErrorBars
	off vg.Length
}

func (o *offsetErr) Plot(c draw.Canvas, p *gp.Plot) {
	c.Min.Y += o.off
	c.Max.Y += o.off
	o.XErrorBars.Plot(c, p)
}

// MorrisPlane draws μ* against σ, one labelled point per parameter, with
// μ*'s interval as a horizontal bar.
func MorrisPlane(title string, params []string, muStar, low, high, sigma []float64) Figure {
	return Figure{w: vg.Points(520), h: vg.Points(420), draw: func(c draw.Canvas) {
		p := newPlot(title, "μ* (mean absolute elementary effect)", "σ (standard deviation of the effects)")
		addGrid(p)
		var pts xyErr
		var labels []string
		for i := range params {
			if !finite(muStar[i]) || !finite(sigma[i]) {
				continue
			}
			pts.XYs = append(pts.XYs, plotter.XY{X: muStar[i], Y: sigma[i]})
			e := struct{ Low, High float64 }{}
			if finite(low[i]) && finite(high[i]) {
				e.Low, e.High = muStar[i]-low[i], high[i]-muStar[i]
			}
			pts.XErrors = append(pts.XErrors, e)
			labels = append(labels, params[i])
		}
		if len(pts.XYs) > 0 {
			sc, _ := plotter.NewScatter(pts.XYs)
			sc.GlyphStyle.Color = seriesColours[0]
			sc.GlyphStyle.Radius = vg.Points(3)
			p.Add(sc)
			if eb, err := plotter.NewXErrorBars(pts); err == nil {
				p.Add(eb)
			}
			if lb, err := plotter.NewLabels(plotter.XYLabels{XYs: pts.XYs, Labels: labels}); err == nil {
				for i := range lb.TextStyle {
					lb.TextStyle[i].Font.Size = vg.Points(8)
					lb.TextStyle[i].XAlign = draw.XLeft
				}
				lb.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(2)}
				p.Add(lb)
			}
		}
		p.X.Min, p.Y.Min = 0, 0
		p.Draw(c)
	}}
}

// PrimTrajectory draws PRIM's boxes as coverage against density, the
// chosen box marked.
func PrimTrajectory(title string, coverage, density []float64, chosen int) Figure {
	return Figure{w: vg.Points(480), h: vg.Points(400), draw: func(c draw.Canvas) {
		p := newPlot(title, "coverage", "density")
		addGrid(p)
		xy := make(plotter.XYs, len(coverage))
		for i := range coverage {
			xy[i] = plotter.XY{X: coverage[i], Y: density[i]}
		}
		if ln, sc, err := plotter.NewLinePoints(xy); err == nil {
			ln.Color = color.Gray{0x99}
			sc.GlyphStyle.Color = seriesColours[0]
			sc.GlyphStyle.Radius = vg.Points(2)
			p.Add(ln, sc)
		}
		if chosen >= 0 && chosen < len(xy) {
			mark, _ := plotter.NewScatter(plotter.XYs{xy[chosen]})
			mark.GlyphStyle.Color = seriesColours[1]
			mark.GlyphStyle.Radius = vg.Points(5)
			mark.GlyphStyle.Shape = draw.RingGlyph{}
			p.Add(mark)
			l := newLegend()
			l.Add(fmt.Sprintf("chosen box %d", chosen), mark)
			l.Top, l.Left = false, true
			p.Legend = l
		}
		p.X.Min, p.X.Max, p.Y.Min = 0, 1, 0
		p.Y.Max = math.Min(1, p.Y.Max*1.05)
		p.Draw(c)
	}}
}

// Figure is a figure ready to be written.
type Figure struct {
	name string
	w, h vg.Length
	draw panel
}

// Write renders the figure as dir/figures/NAME.FORMAT for each format
// (default svg and png) and returns the paths written.
func (f Figure) Write(dir, name string, formats []string, dpi int) ([]string, error) {
	formats, err := checkFormats(formats)
	if err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "figures")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("plot: %w", err)
	}
	g := fig{name: name, w: f.w, h: f.h, draw: f.draw}
	var files []string
	for _, format := range formats {
		data, err := g.render(format, dpi)
		if err != nil {
			return nil, err
		}
		if _, err := results.WriteFileAtomic(out, name+"."+format, data); err != nil {
			return nil, fmt.Errorf("plot: %w", err)
		}
		files = append(files, filepath.Join(out, name+"."+format))
	}
	return files, nil
}
