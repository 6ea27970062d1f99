package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
	gp "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// pointValues maps each point of points.csv to its parameter values, in
// the order of r.params.
func (r *dataset) pointValues() (map[string][]float64, []string, error) {
	m := make(map[string][]float64, len(r.points.rows))
	ids := make([]string, 0, len(r.points.rows))
	for i := range r.points.rows {
		vs := make([]float64, len(r.params))
		for j, p := range r.params {
			v, err := r.points.num(i, p)
			if err != nil {
				return nil, nil, err
			}
			vs[j] = v
		}
		id := r.points.str(i, "point")
		m[id] = vs
		ids = append(ids, id)
	}
	return m, ids, nil
}

// sliceNote describes where the parameters not on a figure's axes are
// held: at their first value.
func (r *dataset) sliceNote(on ...string) string {
	var parts []string
	for _, p := range r.params {
		if slices.Contains(on, p) || len(r.values[p]) < 2 {
			continue
		}
		parts = append(parts, shortParam(p)+" = "+fmtVal(r.values[p][0]))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// onSlice reports whether the parameter values vs (ordered as r.params)
// hold every parameter not in on at its first value.
func (r *dataset) onSlice(vs []float64, on ...string) bool {
	for j, p := range r.params {
		if slices.Contains(on, p) {
			continue
		}
		if len(r.values[p]) > 0 && vs[j] != r.values[p][0] {
			return false
		}
	}
	return true
}

func (r *dataset) paramIndex(p string) int { return slices.Index(r.params, p) }

// cell returns the grid cell of parameter values vs.
func (r *dataset) cell(g *grid, vs []float64, x, y string) (c, row int, ok bool) {
	c, okx := slices.BinarySearch(g.xs, vs[r.paramIndex(x)])
	row, oky := slices.BinarySearch(g.ys, vs[r.paramIndex(y)])
	return c, row, okx && oky
}

// meanGrid is the grid of an outcome's mean over parameters x and y.
func (r *dataset) meanGrid(outcome, x, y string) (*grid, error) {
	g := newGrid(r.values[x], r.values[y])
	means, err := r.points.column(outcome + "_mean")
	if err != nil {
		return nil, err
	}
	pv, ids, err := r.pointValues()
	if err != nil {
		return nil, err
	}
	// A cell holds one point, or, in an uncertainty sweep, one point per
	// prior sample: its value is their mean.
	sum := make([]float64, len(g.zs))
	cnt := make([]float64, len(g.zs))
	for i, id := range ids {
		vs := pv[id]
		if !r.onSlice(vs, x, y) {
			continue
		}
		if c, row, ok := r.cell(g, vs, x, y); ok && !math.IsNaN(means[i]) {
			sum[row*len(g.xs)+c] += means[i]
			cnt[row*len(g.xs)+c]++
		}
	}
	for j := range g.zs {
		g.zs[j] = math.NaN()
		if cnt[j] > 0 {
			g.zs[j] = sum[j] / cnt[j]
		}
	}
	return g, nil
}

// probGrid is the grid over x and y of the share of successful runs
// that end with at least k members in the bloc.
func (r *dataset) probGrid(k int, x, y string) (*grid, error) {
	g, _, _, err := r.probGrids(k, x, y)
	return g, err
}

// probGrids is probGrid with the ends of each cell's 95% Wilson
// interval.
func (r *dataset) probGrids(k int, x, y string) (g, lo, hi *grid, err error) {
	g = newGrid(r.values[x], r.values[y])
	ok := make([]float64, len(g.zs))
	hit := make([]float64, len(g.zs))
	pv, _, err := r.pointValues()
	if err != nil {
		return nil, nil, nil, err
	}
	size, err := r.runs.column("final_bloc_size")
	if err != nil {
		return nil, nil, nil, err
	}
	for i := range r.runs.rows {
		if r.runs.str(i, "status") != "ok" || math.IsNaN(size[i]) {
			continue
		}
		vs, found := pv[r.runs.str(i, "point")]
		if !found {
			return nil, nil, nil, fmt.Errorf("plot: %s:%d: point %q is not in points.csv", r.runs.file, r.runs.lines[i], r.runs.str(i, "point"))
		}
		if !r.onSlice(vs, x, y) {
			continue
		}
		c, row, in := r.cell(g, vs, x, y)
		if !in {
			continue
		}
		j := row*len(g.xs) + c
		ok[j]++
		if size[i] >= float64(k) {
			hit[j]++
		}
	}
	lo, hi = newGrid(g.xs, g.ys), newGrid(g.xs, g.ys)
	const z = 1.959963984540054
	for j := range g.zs {
		if ok[j] > 0 {
			n, p := ok[j], hit[j]/ok[j]
			g.zs[j] = p
			c := (p + z*z/(2*n)) / (1 + z*z/n)
			h := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / (1 + z*z/n)
			lo.zs[j], hi.zs[j] = max(0, c-h), min(1, c+h)
		}
	}
	return g, lo, hi, nil
}

// pick returns at most n indices of m, evenly spread and including the
// first and last.
func pick(m, n int) []int {
	if m <= n {
		out := make([]int, m)
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := make([]int, n)
	for i := range out {
		out[i] = int(math.Round(float64(i) * float64(m-1) / float64(n-1)))
	}
	return out
}

// maxLines is the most curves one panel overlays.
const maxLines = 6

// paramCurves returns outcome's mean and 95% CI against parameter x, one
// curve per (picked) value of parameter by ("" for a single curve), with
// the 10% and 90% quantiles when points.csv has them (sweeps made before
// they were added do not).
func (r *dataset) paramCurves(outcome, x, by string) ([]*curve, []string, error) {
	names := []string{outcome + "_mean", outcome + "_ci_low", outcome + "_ci_high"}
	if r.points.has(outcome+"_p10") && r.points.has(outcome+"_p90") {
		names = append(names, outcome+"_p10", outcome+"_p90")
	}
	return r.columnCurves(names, x, by, "mean")
}

// columnCurves returns points.csv's columns names — a value, the low and
// high ends of its band and, optionally, two quantiles — against
// parameter x, one curve per (picked) value of parameter by ("" for a
// single curve, labelled single).
func (r *dataset) columnCurves(names []string, x, by, single string) ([]*curve, []string, error) {
	quantiles := len(names) == 5
	cols, err := r.points.columns(names...)
	if err != nil {
		return nil, nil, err
	}
	pv, ids, err := r.pointValues()
	if err != nil {
		return nil, nil, err
	}
	xs := r.values[x]
	var lines []float64
	if by != "" {
		all := r.values[by]
		for _, i := range pick(len(all), 5+boolInt(len(all) == maxLines)) {
			lines = append(lines, all[i])
		}
	} else {
		lines = []float64{math.NaN()}
	}
	var curves []*curve
	var labels []string
	for li, lv := range lines {
		k := &curve{xs: xs, ys: nanSlice(len(xs)), lo: nanSlice(len(xs)), hi: nanSlice(len(xs)),
			clr: seriesColour(li, len(lines)), dashes: dashCycle[li%len(dashCycle)]}
		if len(xs) <= 25 {
			k.glyph = glyphCycle[li%len(glyphCycle)]
		}
		if quantiles {
			k.q10, k.q90 = nanSlice(len(xs)), nanSlice(len(xs))
		}
		on := []string{x}
		if by != "" {
			on = append(on, by)
		}
		for i, id := range ids {
			vs := pv[id]
			if !r.onSlice(vs, on...) || (by != "" && vs[r.paramIndex(by)] != lv) {
				continue
			}
			j, found := slices.BinarySearch(xs, vs[r.paramIndex(x)])
			if !found {
				continue
			}
			k.ys[j], k.lo[j], k.hi[j] = cols[0][i], cols[1][i], cols[2][i]
			if quantiles {
				k.q10[j], k.q90[j] = cols[3][i], cols[4][i]
			}
		}
		curves = append(curves, k)
		if by != "" {
			labels = append(labels, fmtVal(lv))
		} else {
			labels = append(labels, single)
		}
	}
	return curves, labels, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

// paramPanel draws paramCurves with a legend on the right.
func paramPanel(title, xlab, ylab, legendTitle string, xs []float64, curves []*curve, labels []string) panel {
	return bandPanel(title, xlab, ylab, legendTitle, "band: 95% CI", xs, curves, labels)
}

// bandPanel is paramPanel with bandLabel as the band's legend entry.
func bandPanel(title, xlab, ylab, legendTitle, bandLabel string, xs []float64, curves []*curve, labels []string) panel {
	return func(c draw.Canvas) {
		p := newPlot(title, xlab, ylab)
		addGrid(p)
		for _, k := range curves {
			p.Add(k)
		}
		padRange(p)
		valueTicks(&p.X, xs)
		l := newLegend()
		if legendTitle != "" {
			for _, s := range strings.Split(legendTitle, "\n") {
				l.Add(s)
			}
		}
		band, quantiles := false, false
		for i, k := range curves {
			l.Add(labels[i], k)
			band = band || k.lo != nil
			quantiles = quantiles || k.q10 != nil
		}
		if band || quantiles {
			l.Add("")
		}
		if band {
			l.Add(bandLabel, swatch{color.NRGBA{0x80, 0x80, 0x80, 0x40}})
		}
		if quantiles {
			l.Add("dotted: 10%, 90%", lineThumb{quantileLine(color.NRGBA{0x40, 0x40, 0x40, 0xff})})
			l.Add("quantiles of runs")
		}
		dc := p.DataCanvas(c)
		p.Draw(splitLegend(c, l, dc.Max.Y))
	}
}

// tCrit returns the two-sided 95% Student-t critical value for n samples.
func tCrit(n int) float64 {
	if n < 2 {
		return math.NaN()
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
}

// seriesMetrics are the time series drawn for runs and recorded points.
var seriesMetrics = []string{"bloc_size", "divergence_usable", "terms_total"}

// seriesCurves aggregates a rounds table by group (one curve per group,
// mean with a 95% band across the group's rows for each round) for each
// metric. groupOf returns a row's group; groups lists them in order.
func seriesCurves(t *table, metrics []string, groupOf func(i int) string, groups []string) ([][]*curve, error) {
	rounds, err := t.column("round")
	if err != nil {
		return nil, err
	}
	rs := uniqueSorted(rounds)
	gi := make(map[string]int, len(groups))
	for i, g := range groups {
		gi[g] = i
	}
	out := make([][]*curve, len(metrics))
	for m, name := range metrics {
		vals, err := t.column(name)
		if err != nil {
			return nil, err
		}
		// Sums per group per round.
		type acc struct{ n, s, ss float64 }
		accs := make([][]acc, len(groups))
		for g := range accs {
			accs[g] = make([]acc, len(rs))
		}
		for i, v := range vals {
			g, ok := gi[groupOf(i)]
			if !ok || math.IsNaN(v) {
				continue
			}
			j, _ := slices.BinarySearch(rs, rounds[i])
			a := &accs[g][j]
			a.n++
			a.s += v
			a.ss += v * v
		}
		for g := range groups {
			k := &curve{xs: rs, ys: nanSlice(len(rs)), clr: seriesColour(g, len(groups)), dashes: dashCycle[g%len(dashCycle)]}
			band := false
			lo, hi := nanSlice(len(rs)), nanSlice(len(rs))
			for j, a := range accs[g] {
				if a.n == 0 {
					continue
				}
				mean := a.s / a.n
				k.ys[j] = mean
				if a.n >= 2 {
					v := math.Max(0, (a.ss-a.n*mean*mean)/(a.n-1))
					h := tCrit(int(a.n)) * math.Sqrt(v/a.n)
					lo[j], hi[j] = mean-h, mean+h
					band = true
				}
			}
			if band {
				k.lo, k.hi = lo, hi
			}
			out[m] = append(out[m], k)
		}
	}
	return out, nil
}

// seriesPanel stacks one plot per metric with a shared legend.
// With side set the plots stand side by side instead.
func seriesPanel(title string, metrics []string, curves [][]*curve, legendTitle string, labels []string, side bool) panel {
	return func(c draw.Canvas) {
		l := newLegend()
		for _, s := range strings.Split(legendTitle, "\n") {
			if s != "" {
				l.Add(s)
			}
		}
		band, named := false, false
		if len(curves) > 0 {
			for i, k := range curves[0] {
				if labels[i] != "" {
					l.Add(labels[i], k)
					named = true
				}
				band = band || k.lo != nil
			}
		}
		if band {
			l.Add("")
			l.Add("band: 95% CI", swatch{color.NRGBA{0x80, 0x80, 0x80, 0x40}})
		}
		if named || band {
			c = splitLegend(c, l, c.Max.Y-titleHeight(title)-vg.Points(4))
		}
		c = titleText(c, title)
		plots := make([][]*gp.Plot, len(metrics))
		for m, name := range metrics {
			xlab := ""
			if m == len(metrics)-1 || side {
				xlab = "Round"
			}
			p := newPlot("", xlab, seriesLabel(name))
			p.Y.Label.TextStyle.Font.Size = vg.Points(9)
			if m < len(metrics)-1 && !side {
				p.X.Tick.Marker = noLabels{gp.DefaultTicks{}}
			}
			addGrid(p)
			for _, k := range curves[m] {
				p.Add(k)
			}
			padRange(p)
			plots[m] = []*gp.Plot{p}
		}
		if side {
			row := make([]*gp.Plot, len(plots))
			for m := range plots {
				row[m] = plots[m][0]
			}
			cs := gp.Align([][]*gp.Plot{row}, draw.Tiles{Rows: 1, Cols: len(row), PadX: vg.Points(14)}, c)
			for m, p := range row {
				p.Draw(cs[0][m])
			}
			return
		}
		cs := gp.Align(plots, draw.Tiles{Rows: len(metrics), Cols: 1, PadY: vg.Points(6)}, c)
		for m := range plots {
			plots[m][0].Draw(cs[m][0])
		}
	}
}

// membership is one run's actions: nation × round.
type membership struct {
	nations []string  // sorted; drawn top to bottom
	rounds  []float64 // ascending
	acts    []string  // legend order
	cells   [][]int   // cells[nation][round] = index in acts, −1 none
	usable  [][2]float64
	payoff  [][2]float64 // per nation: mean in the bloc, mean outside
}

// readMembership collects the rows of t for which keep holds.
func readMembership(t *table, keep func(i int) bool) (*membership, error) {
	cols, err := t.columns("round", "usable_capability", "payoff")
	if err != nil {
		return nil, err
	}
	rounds, usable, payoff := cols[0], cols[1], cols[2]
	m := &membership{}
	var rs []float64
	seenN, seenA := map[string]bool{}, map[string]bool{"bloc": true, "deal-US": true, "deal-CN": true, "alone": true}
	var extra []string
	for i := range t.rows {
		if !keep(i) {
			continue
		}
		n, a := t.str(i, "nation"), t.str(i, "action")
		if !seenN[n] {
			seenN[n] = true
			m.nations = append(m.nations, n)
		}
		if !seenA[a] {
			seenA[a] = true
			extra = append(extra, a)
		}
		rs = append(rs, rounds[i])
	}
	if len(m.nations) == 0 {
		return nil, fmt.Errorf("plot: %s: no nation rows to plot", t.file)
	}
	slices.Sort(m.nations)
	slices.Sort(extra)
	m.acts = append(append([]string{"bloc", "deal-US", "deal-CN"}, extra...), "alone")
	m.rounds = uniqueSorted(rs)
	m.cells = make([][]int, len(m.nations))
	for i := range m.cells {
		m.cells[i] = make([]int, len(m.rounds))
		for j := range m.cells[i] {
			m.cells[i][j] = -1
		}
	}
	type acc struct{ n, s float64 }
	us := make([][2]acc, len(m.nations))
	ps := make([][2]acc, len(m.nations))
	first := m.rounds[0]
	for i := range t.rows {
		if !keep(i) {
			continue
		}
		ni, _ := slices.BinarySearch(m.nations, t.str(i, "nation"))
		ri, _ := slices.BinarySearch(m.rounds, rounds[i])
		a := t.str(i, "action")
		m.cells[ni][ri] = slices.Index(m.acts, a)
		// Round 0 is the initial state, before anyone has chosen.
		if rounds[i] == first && len(m.rounds) > 1 {
			continue
		}
		side := 1
		if a == "bloc" {
			side = 0
		}
		if !math.IsNaN(usable[i]) {
			us[ni][side].n++
			us[ni][side].s += usable[i]
		}
		if !math.IsNaN(payoff[i]) {
			ps[ni][side].n++
			ps[ni][side].s += payoff[i]
		}
	}
	mean := func(a acc) float64 {
		if a.n == 0 {
			return math.NaN()
		}
		return a.s / a.n
	}
	for i := range m.nations {
		m.usable = append(m.usable, [2]float64{mean(us[i][0]), mean(us[i][1])})
		m.payoff = append(m.payoff, [2]float64{mean(ps[i][0]), mean(ps[i][1])})
	}
	return m, nil
}

func (m *membership) colour(a int) color.NRGBA {
	return actionColour(m.acts[a], a-3)
}

// nationTicks labels the y axis with nation ids, the first at the top.
func (m *membership) nationTicks(a *gp.Axis) {
	ticks := make([]gp.Tick, len(m.nations))
	for i, n := range m.nations {
		ticks[i] = gp.Tick{Value: m.y(i), Label: n}
	}
	a.Tick.Marker = gp.ConstantTicks(ticks)
	a.Min, a.Max = -0.5, float64(len(m.nations))-0.5
}

func (m *membership) y(i int) float64 { return float64(len(m.nations) - 1 - i) }

// raster draws a membership as coloured runs of rounds.
type raster struct{ m *membership }

// DataRange implements plot.DataRanger.
func (r raster) DataRange() (xmin, xmax, ymin, ymax float64) {
	e := edges(r.m.rounds)
	return e[0], e[len(e)-1], -0.5, float64(len(r.m.nations)) - 0.5
}

// Plot implements plot.Plotter.
func (r raster) Plot(c draw.Canvas, p *gp.Plot) {
	trX, trY := p.Transforms(&c)
	e := edges(r.m.rounds)
	for i, row := range r.m.cells {
		y0, y1 := trY(r.m.y(i)-0.42), trY(r.m.y(i)+0.42)
		for j := 0; j < len(row); {
			k := j
			for k < len(row) && row[k] == row[j] {
				k++
			}
			if row[j] >= 0 {
				x0, x1 := trX(e[j]), trX(e[k])
				c.FillPolygon(r.m.colour(row[j]), []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			}
			j = k
		}
	}
}

func rasterPanel(m *membership, title string) panel {
	return func(c draw.Canvas) {
		p := newPlot(title, "Round", "")
		p.Y.Tick.Length = 0
		p.Y.Padding = 0
		p.Add(raster{m})
		m.nationTicks(&p.Y)
		l := newLegend()
		l.Add("Action")
		for a := range m.acts {
			l.Add(actionLabel(m.acts[a]), swatch{m.colour(a)})
		}
		dc := p.DataCanvas(c)
		p.Draw(splitLegend(c, l, dc.Max.Y))
	}
}

var (
	inGlyph  = draw.GlyphStyle{Color: okGreen, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
	outGlyph = draw.GlyphStyle{Color: okVermilion, Radius: vg.Points(3.2), Shape: draw.TriangleGlyph{}}
)

// nationPanel is a dot plot per nation of mean usable capability and
// payoff, in the bloc and outside it.
func nationPanel(m *membership, title string) panel {
	return func(c draw.Canvas) {
		l := newLegend()
		l.Add("Mean over rounds")
		l.Add("in the bloc", glyphThumb{inGlyph})
		l.Add("outside it", glyphThumb{outGlyph})
		c = splitLegend(c, l, c.Max.Y-titleHeight(title)-vg.Points(4))
		c = titleText(c, title)
		var plots []*gp.Plot
		for _, v := range []struct {
			label string
			vals  [][2]float64
		}{{"Usable capability", m.usable}, {"Payoff (per round)", m.payoff}} {
			p := newPlot("", v.label, "")
			addGrid(p)
			for side, sty := range []draw.GlyphStyle{inGlyph, outGlyph} {
				var xys plotter.XYs
				for i := range m.nations {
					if x := v.vals[i][side]; finite(x) {
						xys = append(xys, plotter.XY{X: x, Y: m.y(i)})
					}
				}
				if len(xys) == 0 {
					continue
				}
				s, err := plotter.NewScatter(xys)
				if err != nil {
					panic(err) // finite values only
				}
				s.GlyphStyle = sty
				p.Add(s)
			}
			m.nationTicks(&p.Y)
			p.Y.Tick.Length = 0
			plots = append(plots, p)
		}
		cs := gp.Align([][]*gp.Plot{plots}, draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(10)}, c)
		for i, p := range plots {
			p.Draw(cs[0][i])
		}
	}
}

// pointLabel is a point's parameter values, comma-separated.
func pointLabel(vs []float64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmtVal(v)
	}
	return strings.Join(parts, ", ")
}

// paramsTitle names the parameters for a legend, one per line.
func paramsTitle(ps []string) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = shortParam(p)
		if i < len(ps)-1 {
			parts[i] += ","
		}
	}
	return strings.Join(parts, "\n")
}

// numericOrder sorts ids numerically when they are all integers.
func numericOrder(ids []string) {
	slices.SortStableFunc(ids, func(a, b string) int {
		x, ex := strconv.Atoi(a)
		y, ey := strconv.Atoi(b)
		if ex != nil || ey != nil {
			return strings.Compare(a, b)
		}
		return x - y
	})
}

// seriesLabel is a short, two-line axis label for stacked time series.
func seriesLabel(name string) string {
	switch name {
	case "bloc_size":
		return "Bloc size\n(members)"
	case "divergence_usable":
		return "Divergence (frontier\n/ mean usable)"
	case "divergence_own":
		return "Divergence (frontier\n/ mean own stack)"
	case "terms_total":
		return "Terms extracted\n(per round)"
	}
	l := outcomeLabel(name)
	if i := strings.Index(l, " ("); i > 0 {
		l = l[:i] + "\n" + l[i+1:]
	}
	return l
}

// noLabels keeps a ticker's marks but drops their labels, for panels
// that share the x axis of the panel below.
type noLabels struct{ gp.Ticker }

func (n noLabels) Ticks(min, max float64) []gp.Tick {
	ts := n.Ticker.Ticks(min, max)
	for i := range ts {
		ts[i].Label = ""
	}
	return ts
}

// meanDots are the points of a Latin hypercube sweep in the (x, y) plane
// coloured by an outcome's mean, or with prob set by the share of
// successful runs ending with at least k members.
func (r *dataset) sampleDots(outcome string, k int, prob bool, x, y string) (*dots, error) {
	pv, ids, err := r.pointValues()
	if err != nil {
		return nil, err
	}
	z := make(map[string]float64, len(ids))
	if prob {
		size, err := r.runs.column("final_bloc_size")
		if err != nil {
			return nil, err
		}
		ok, hit := map[string]float64{}, map[string]float64{}
		for i := range r.runs.rows {
			if r.runs.str(i, "status") != "ok" || math.IsNaN(size[i]) {
				continue
			}
			id := r.runs.str(i, "point")
			ok[id]++
			if size[i] >= float64(k) {
				hit[id]++
			}
		}
		for _, id := range ids {
			z[id] = math.NaN()
			if ok[id] > 0 {
				z[id] = hit[id] / ok[id]
			}
		}
	} else {
		means, err := r.points.column(outcome + "_mean")
		if err != nil {
			return nil, err
		}
		for i, id := range ids {
			z[id] = means[i]
		}
	}
	d := &dots{}
	for _, id := range ids {
		vs := pv[id]
		d.xs = append(d.xs, vs[r.paramIndex(x)])
		d.ys = append(d.ys, vs[r.paramIndex(y)])
		d.zs = append(d.zs, z[id])
	}
	return d, nil
}

// sampleCurve is an outcome's mean against x at every point of a Latin
// hypercube sweep, as markers.
func (r *dataset) sampleCurve(outcome, x string) (*curve, error) {
	means, err := r.points.column(outcome + "_mean")
	if err != nil {
		return nil, err
	}
	pv, ids, err := r.pointValues()
	if err != nil {
		return nil, err
	}
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	xi := r.paramIndex(x)
	slices.SortStableFunc(order, func(a, b int) int {
		va, vb := pv[ids[a]][xi], pv[ids[b]][xi]
		switch {
		case va < vb:
			return -1
		case va > vb:
			return 1
		}
		return 0
	})
	k := &curve{clr: seriesColour(0, 1), glyph: draw.CircleGlyph{}, noLine: true}
	for _, i := range order {
		k.xs = append(k.xs, pv[ids[i]][xi])
		k.ys = append(k.ys, means[i])
	}
	return k, nil
}
