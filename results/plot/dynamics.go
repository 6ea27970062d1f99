package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	gp "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file draws a single run's moving world: the endowment shares over
// time (endowments.csv), each nation's payoff broken down (the pay_
// columns of nations.csv) and the bloc's alternative ratio against each
// superpower (rounds.csv). Results written before these were recorded
// lack them: the figures are then skipped, or, when asked for by name,
// refused with an error saying why.

// runOnly are the kinds only a single run's results can draw.
var runOnly = []string{"endowments", "payoffs", "alternative"}

// dynamicsFigures returns the endowments, payoffs and alternative
// figures of a run that want selects; asked reports the kinds the user
// named explicitly.
func dynamicsFigures(res *dataset, want, asked func(string) bool) ([]fig, error) {
	tm, err := newTimeAxis(res.rounds)
	if err != nil {
		return nil, err
	}
	var figs []fig
	missing := func(kind, why string) error {
		if asked(kind) {
			return fmt.Errorf("plot: %s: no %s figure: %s (results written by an older minilateral; run the scenario again)", res.dir, kind, why)
		}
		return nil
	}
	if want("endowments") {
		if res.endow == nil {
			if err := missing("endowments", "no endowments.csv"); err != nil {
				return nil, err
			}
		} else {
			e, err := readEndowments(res, tm)
			if err != nil {
				return nil, err
			}
			figs = append(figs, fig{"endowments", 7.5 * inch, (0.9 + 2.2*vg.Length(len(e.factors))) * inch, e.panel()})
		}
	}
	if want("payoffs") {
		b, err := readPayoffs(res)
		if err != nil {
			return nil, err
		}
		if b == nil {
			if err := missing("payoffs", res.nationsT.file+" has no pay_ columns"); err != nil {
				return nil, err
			}
		} else {
			h := max(3.4*inch, 1.6*inch+vg.Length(len(b.nations))*vg.Points(18))
			figs = append(figs, fig{"payoffs", 10 * inch, h, b.panel()})
		}
	}
	if want("alternative") {
		a, err := readAlternative(res, tm)
		if err != nil {
			return nil, err
		}
		if a == nil {
			if err := missing("alternative", res.rounds.file+" has no alternative_ratio_ columns"); err != nil {
				return nil, err
			}
		} else {
			h := 3.2 * inch
			if a.threat != nil {
				h = 5.6 * inch
			}
			figs = append(figs, fig{"alternative", 7 * inch, h, a.panel()})
		}
	}
	return figs, nil
}

// timeAxis maps a run's rounds to the x axis: years elapsed when
// rounds.csv has a year column, else rounds.
type timeAxis struct {
	label string
	x     map[float64]float64 // round → x
}

func newTimeAxis(rounds *table) (*timeAxis, error) {
	rs, err := rounds.column("round")
	if err != nil {
		return nil, err
	}
	tm := &timeAxis{label: "Round", x: make(map[float64]float64, len(rs))}
	ys := rs
	if rounds.has("year") {
		if ys, err = rounds.column("year"); err != nil {
			return nil, err
		}
		tm.label = "Years elapsed"
	}
	for i, r := range rs {
		tm.x[r] = ys[i]
	}
	return tm, nil
}

// at returns round r's place on the axis; a round missing from
// rounds.csv is NaN, a gap.
func (tm *timeAxis) at(r float64) float64 {
	if x, ok := tm.x[r]; ok {
		return x
	}
	return math.NaN()
}

// superpowerColour is a superpower's colour, as its deals in the
// membership raster: the US blue, China vermilion, others the remaining
// Okabe–Ito colours.
func superpowerColour(id string, other int) color.NRGBA {
	return actionColour("deal-"+id, other)
}

// nationLine is the colour and dashes of the i-th nation's thin line:
// colours the superpowers and the bloc do not use, cycling, then dashes.
func nationLine(i int) (color.NRGBA, []vg.Length) {
	cs := []color.NRGBA{okOrange, okSky, okPurple, okBlack, {0x99, 0x99, 0x99, 0xff}}
	return cs[i%len(cs)], dashCycle[(i/len(cs))%len(dashCycle)]
}

// endowments is a run's endowment shares: per factor drawn, the curves of
// the superpowers, the bloc members' sum and each nation.
type endowments struct {
	xlab    string
	factors []string
	curves  [][]*curve // [factor][superpowers..., bloc, nations...]
	labels  []string
	thick   int // the first thick curves: superpowers and the bloc
	log     []bool
}

// readEndowments reads endowments.csv. It draws the factors whose shares
// move in the run, and compute and capital (the factors reinvestment
// reallocates) always.
func readEndowments(res *dataset, tm *timeAxis) (*endowments, error) {
	t := res.endow
	if err := t.need("round", "actor"); err != nil {
		return nil, err
	}
	var factors []string
	for _, h := range t.header {
		if h != "round" && h != "actor" {
			factors = append(factors, h)
		}
	}
	if len(factors) == 0 {
		return nil, fmt.Errorf("plot: %s: no factor columns", t.file)
	}
	rounds, err := t.column("round")
	if err != nil {
		return nil, err
	}
	rs := uniqueSorted(rounds)
	actors := distinct(t, "actor")
	isNation := map[string]bool{}
	for _, n := range distinct(res.nationsT, "nation") {
		isNation[n] = true
	}
	// Superpowers first, then nations, each in file order.
	order := slices.Clone(actors)
	slices.SortStableFunc(order, func(a, b string) int { return boolInt(isNation[a]) - boolInt(isNation[b]) })
	ai := make(map[string]int, len(order))
	for i, a := range order {
		ai[a] = i
	}
	vals := make([][][]float64, len(factors)) // [factor][actor][round]
	for f, name := range factors {
		col, err := t.column(name)
		if err != nil {
			return nil, err
		}
		vals[f] = make([][]float64, len(order))
		for a := range order {
			vals[f][a] = nanSlice(len(rs))
		}
		for i, v := range col {
			j, _ := slices.BinarySearch(rs, rounds[i])
			vals[f][ai[t.str(i, "actor")]][j] = v
		}
	}
	// The bloc members' sum, with the members of each round.
	var members [][]string
	if res.rounds.has("members") {
		rr, err := res.rounds.column("round")
		if err != nil {
			return nil, err
		}
		byRound := make(map[float64][]string, len(rr))
		for i, r := range rr {
			if m := res.rounds.str(i, "members"); m != "" {
				byRound[r] = strings.Split(m, ";")
			}
		}
		members = make([][]string, len(rs))
		for j, r := range rs {
			members[j] = byRound[r]
		}
	}
	xs := make([]float64, len(rs))
	for j, r := range rs {
		xs[j] = tm.at(r)
	}
	e := &endowments{xlab: tm.label}
	for f, name := range factors {
		moves := name == "compute" || name == "capital"
		for a := range order {
			for _, v := range vals[f][a] {
				if finite(v) && v != vals[f][a][0] {
					moves = true
				}
			}
		}
		if !moves {
			continue
		}
		var cs []*curve
		var labels []string
		nsp := 0
		for a, id := range order {
			if !isNation[id] {
				cs = append(cs, &curve{xs: xs, ys: vals[f][a], clr: superpowerColour(id, nsp), width: vg.Points(2.2)})
				labels = append(labels, id)
				nsp++
			}
		}
		if members != nil {
			sum := nanSlice(len(rs))
			for j := range rs {
				if len(members[j]) == 0 {
					continue
				}
				s := 0.0
				for _, m := range members[j] {
					a, ok := ai[m]
					if !ok {
						return nil, fmt.Errorf("plot: %s: bloc member %q of round %v is not in %s", res.rounds.file, m, rs[j], t.file)
					}
					s += vals[f][a][j]
				}
				sum[j] = s
			}
			cs = append(cs, &curve{xs: xs, ys: sum, clr: okGreen, width: vg.Points(2.2)})
			labels = append(labels, "bloc members (sum)")
		}
		thick := len(cs)
		n := 0
		for a, id := range order {
			if isNation[id] {
				clr, dashes := nationLine(n)
				cs = append(cs, &curve{xs: xs, ys: vals[f][a], clr: clr, dashes: dashes, width: vg.Points(0.8)})
				labels = append(labels, id)
				n++
			}
		}
		// A log scale when every share is positive and they span a
		// factor of ten or more (so a labelled power of ten is in view):
		// compounding multiplies, and the nations' small shares stay
		// readable.
		var all []float64
		for _, k := range cs {
			for i, v := range k.ys {
				if finite(xs[i]) {
					all = append(all, v)
				}
			}
		}
		log := spanLog(all)
		e.factors = append(e.factors, name)
		e.curves = append(e.curves, cs)
		e.labels, e.thick = labels, thick
		e.log = append(e.log, log)
	}
	if len(e.factors) == 0 {
		return nil, fmt.Errorf("plot: %s: no compute or capital column and no factor moves: nothing to draw", t.file)
	}
	return e, nil
}

// spanLog reports whether vs, NaN aside, are all positive and span a
// factor of ten or more.
func spanLog(vs []float64) bool {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if finite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return lo > 0 && hi >= 10*lo
}

func (e *endowments) panel() panel {
	return func(c draw.Canvas) {
		title := "Endowment shares over time: each actor's share of the world's factor"
		l := newLegend()
		l.Add("Actor")
		for i, k := range e.curves[0] {
			if i == e.thick {
				l.Add("")
				l.Add("Middle powers")
			}
			l.Add(e.labels[i], k)
		}
		c = splitLegend(c, l, c.Max.Y-titleHeight(title)-vg.Points(4))
		c = titleText(c, title)
		plots := make([][]*gp.Plot, len(e.factors))
		for f, name := range e.factors {
			xlab := ""
			if f == len(e.factors)-1 {
				xlab = e.xlab
			}
			ylab := capitalise(name) + " share"
			if e.log[f] {
				ylab += "\n(log scale)"
			}
			p := newPlot("", xlab, ylab)
			p.Y.Label.TextStyle.Font.Size = vg.Points(9)
			if f < len(e.factors)-1 {
				p.X.Tick.Marker = noLabels{gp.DefaultTicks{}}
			}
			addGrid(p)
			// Thin lines first, so the thick ones stay on top.
			for _, k := range e.curves[f][e.thick:] {
				p.Add(k)
			}
			for _, k := range e.curves[f][:e.thick] {
				p.Add(k)
			}
			if e.log[f] {
				p.Y.Scale = gp.LogScale{}
				p.Y.Tick.Marker = gp.LogTicks{Prec: -1}
				p.Y.Min *= 0.8
				p.Y.Max *= 1.25
			} else {
				padRange(p)
			}
			plots[f] = []*gp.Plot{p}
		}
		cs := gp.Align(plots, draw.Tiles{Rows: len(plots), Cols: 1, PadY: vg.Points(6)}, c)
		for f := range plots {
			plots[f][0].Draw(cs[f][0])
		}
	}
}

// payoffs is each nation's payoff broken down, at the last round and as
// a mean over the last W rounds.
type payoffs struct {
	nations    []string // sorted; drawn top to bottom
	parts      []string // the pay_ columns, in file order
	last, mean [][]float64
	lastTotal  []float64
	meanTotal  []float64
	lastTitle  string
	meanTitle  string
}

// payLabels name the payoff parts in legends.
var payLabels = map[string]string{
	"pay_stack":   "own stack and output",
	"pay_club":    "bloc: club good and pool",
	"pay_imports": "imported capability",
	"pay_costs":   "purchases and bloc costs",
	"pay_deal":    "deal transfer",
	"pay_subsidy": "superpower subsidy",
}

// payColour is the colour of the i-th payoff part.
func payColour(name string, i int) color.NRGBA {
	switch name {
	case "pay_stack":
		return okSky
	case "pay_club":
		return okGreen
	case "pay_imports":
		return okYellow
	case "pay_costs":
		return okVermilion
	case "pay_deal":
		return okBlue
	case "pay_subsidy":
		return okPurple
	}
	rest := []color.NRGBA{okOrange, okBlack}
	return rest[i%len(rest)]
}

// readPayoffs reads the pay_ columns of nations.csv; nil when there are
// none.
func readPayoffs(res *dataset) (*payoffs, error) {
	t := res.nationsT
	b := &payoffs{}
	for _, h := range t.header {
		if strings.HasPrefix(h, "pay_") {
			b.parts = append(b.parts, h)
		}
	}
	if len(b.parts) == 0 {
		return nil, nil
	}
	read, err := t.columns(append([]string{"round", "payoff"}, b.parts...)...)
	if err != nil {
		return nil, err
	}
	rounds, payoff, cols := read[0], read[1], read[2:]
	rs := uniqueSorted(rounds)
	last := rs[len(rs)-1]
	// The window: the last W rounds, without round 0 (the initial state)
	// unless it is the only one.
	from := len(rs) - res.window
	from = max(from, min(1, len(rs)-1), 0)
	first := rs[from]
	b.nations = distinct(t, "nation")
	slices.Sort(b.nations)
	n := len(b.nations)
	b.last, b.mean = make([][]float64, n), make([][]float64, n)
	b.lastTotal, b.meanTotal = nanSlice(n), nanSlice(n)
	cnt, tot := make([]float64, n), make([]float64, n)
	for i := range b.nations {
		b.last[i], b.mean[i] = nanSlice(len(b.parts)), make([]float64, len(b.parts))
	}
	for i := range t.rows {
		r := rounds[i]
		if r < first {
			continue
		}
		ni, _ := slices.BinarySearch(b.nations, t.str(i, "nation"))
		if r == last {
			for p := range b.parts {
				b.last[ni][p] = cols[p][i]
			}
			b.lastTotal[ni] = payoff[i]
		}
		cnt[ni]++
		tot[ni] += payoff[i]
		for p := range b.parts {
			b.mean[ni][p] += cols[p][i]
		}
	}
	for i := range b.nations {
		if cnt[i] == 0 {
			for p := range b.parts {
				b.mean[i][p] = math.NaN()
			}
			continue
		}
		for p := range b.parts {
			b.mean[i][p] /= cnt[i]
		}
		b.meanTotal[i] = tot[i] / cnt[i]
	}
	b.lastTitle = "Round " + fmtVal(last)
	b.meanTitle = fmt.Sprintf("Mean over rounds %s–%s (the last %d)", fmtVal(first), fmtVal(last), len(rs)-from)
	if res.rounds.has("year") {
		tm, err := newTimeAxis(res.rounds)
		if err != nil {
			return nil, err
		}
		b.lastTitle += ", year " + fmtVal(tm.at(last))
	}
	return b, nil
}

var totalGlyph = draw.GlyphStyle{Color: okBlack, Radius: vg.Points(2.6), Shape: draw.CircleGlyph{}}

func (b *payoffs) panel() panel {
	return func(c draw.Canvas) {
		title := "Payoff breakdown per nation: the last round (left) and the mean over the last world.window rounds (right)"
		l := newLegend()
		l.Add("Part of the payoff")
		for p, name := range b.parts {
			label := payLabels[name]
			if label == "" {
				label = strings.TrimPrefix(name, "pay_")
			}
			l.Add(label, swatch{payColour(name, p)})
		}
		l.Add("")
		l.Add("payoff (the sum)", glyphThumb{totalGlyph})
		c = splitLegend(c, l, c.Max.Y-titleHeight(title)-vg.Points(4))
		c = titleText(c, title)
		var plots []*gp.Plot
		for _, v := range []struct {
			title string
			vals  [][]float64
			total []float64
		}{{b.lastTitle, b.last, b.lastTotal}, {b.meanTitle, b.mean, b.meanTotal}} {
			p := newPlot(v.title, "Payoff (per round)", "")
			addGrid(p)
			p.Add(&hbars{b: b, vals: v.vals, total: v.total})
			ticks := make([]gp.Tick, len(b.nations))
			for i, n := range b.nations {
				ticks[i] = gp.Tick{Value: b.y(i), Label: n}
			}
			p.Y.Tick.Marker = gp.ConstantTicks(ticks)
			p.Y.Tick.Length = 0
			p.Y.Min, p.Y.Max = -0.5, float64(len(b.nations))-0.5
			plots = append(plots, p)
		}
		cs := gp.Align([][]*gp.Plot{plots}, draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(14)}, c)
		for i, p := range plots {
			p.Draw(cs[0][i])
		}
	}
}

func (b *payoffs) y(i int) float64 { return float64(len(b.nations) - 1 - i) }

// hbars draws stacked horizontal bars, one per nation: positive parts
// stacked rightwards from zero, negative ones leftwards, and a dot at
// the sum.
type hbars struct {
	b     *payoffs
	vals  [][]float64 // [nation][part]
	total []float64
}

// extent returns the left and right ends of nation i's bar.
func (h *hbars) extent(i int) (neg, pos float64) {
	for _, v := range h.vals[i] {
		if !finite(v) {
			continue
		}
		if v < 0 {
			neg += v
		} else {
			pos += v
		}
	}
	return neg, pos
}

// DataRange implements plot.DataRanger.
func (h *hbars) DataRange() (xmin, xmax, ymin, ymax float64) {
	for i := range h.vals {
		neg, pos := h.extent(i)
		xmin, xmax = math.Min(xmin, neg), math.Max(xmax, pos)
		if t := h.total[i]; finite(t) {
			xmin, xmax = math.Min(xmin, t), math.Max(xmax, t)
		}
	}
	return xmin, xmax, -0.5, float64(len(h.vals)) - 0.5
}

// Plot implements plot.Plotter.
func (h *hbars) Plot(c draw.Canvas, p *gp.Plot) {
	trX, trY := p.Transforms(&c)
	c.StrokeLine2(draw.LineStyle{Color: color.Gray{0x60}, Width: vg.Points(0.75)}, trX(0), c.Min.Y, trX(0), c.Max.Y)
	for i := range h.vals {
		y := h.b.y(i)
		y0, y1 := trY(y-0.36), trY(y+0.36)
		neg, pos := 0.0, 0.0
		for part, v := range h.vals[i] {
			if !finite(v) || v == 0 {
				continue
			}
			var a, b float64
			if v < 0 {
				a, b = neg+v, neg
				neg += v
			} else {
				a, b = pos, pos+v
				pos += v
			}
			x0, x1 := trX(a), trX(b)
			c.FillPolygon(payColour(h.b.parts[part], part), c.ClipPolygonXY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}))
		}
		if t := h.total[i]; finite(t) {
			c.DrawGlyph(totalGlyph, vg.Point{X: trX(t), Y: trY(y)})
		}
	}
}

// alternative is the bloc's alternative ratio z_s against each
// superpower over time and, when rounds.csv has them, the threats p_s.
type alternative struct {
	xlab      string
	sps       []string
	ratio     []*curve
	threat    []*curve // nil: no threat_ columns
	threshold float64
	log       bool
}

// readAlternative reads the alternative_ratio_S and threat_S columns of
// rounds.csv; nil when there are no alternative_ratio_ columns.
func readAlternative(res *dataset, tm *timeAxis) (*alternative, error) {
	t := res.rounds
	a := &alternative{xlab: tm.label, threshold: res.threshold, log: true}
	for _, h := range t.header {
		if s, ok := strings.CutPrefix(h, "alternative_ratio_"); ok {
			a.sps = append(a.sps, s)
		}
	}
	if len(a.sps) == 0 {
		return nil, nil
	}
	rounds, err := t.column("round")
	if err != nil {
		return nil, err
	}
	xs := make([]float64, len(rounds))
	for i, r := range rounds {
		xs[i] = tm.at(r)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	hasThreat := false
	for i, s := range a.sps {
		z, err := t.column("alternative_ratio_" + s)
		if err != nil {
			return nil, err
		}
		clr := superpowerColour(s, i)
		a.ratio = append(a.ratio, &curve{xs: xs, ys: z, clr: clr, dashes: dashCycle[i%len(dashCycle)]})
		for _, v := range z {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		p := nanSlice(len(xs))
		if t.has("threat_" + s) {
			if p, err = t.column("threat_" + s); err != nil {
				return nil, err
			}
			hasThreat = true
		}
		a.threat = append(a.threat, &curve{xs: xs, ys: p, clr: clr, dashes: dashCycle[i%len(dashCycle)]})
	}
	if !hasThreat {
		a.threat = nil
	}
	// A log scale only when the ratios span two orders of magnitude (z is
	// capped at 10¹² where a superpower's stack gives the bloc nothing).
	a.log = lo > 0 && hi/lo > 100
	return a, nil
}

func (a *alternative) panel() panel {
	return func(c draw.Canvas) {
		title := "The bloc's alternative ratio and threat against each superpower"
		thr := draw.LineStyle{Color: okBlack, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
		l := newLegend()
		l.Add("Superpower")
		for i, s := range a.sps {
			l.Add(s, a.ratio[i])
		}
		if finite(a.threshold) {
			l.Add("")
			l.Add("threshold θ = "+strconv.FormatFloat(a.threshold, 'g', 4, 64), lineThumb{thr})
		}
		c = splitLegend(c, l, c.Max.Y-titleHeight(title)-vg.Points(4))
		c = titleText(c, title)
		ylab := "Alternative ratio z\n(bloc's alternative / stack)"
		if a.log {
			ylab = "Alternative ratio z\n(log scale)"
		}
		zp := newPlot("", "", ylab)
		zp.Y.Label.TextStyle.Font.Size = vg.Points(9)
		addGrid(zp)
		for _, k := range a.ratio {
			zp.Add(k)
		}
		if finite(a.threshold) && (!a.log || a.threshold > 0) {
			zp.Add(hline{y: a.threshold, sty: thr})
		}
		if a.log {
			zp.Y.Scale = gp.LogScale{}
			zp.Y.Tick.Marker = gp.LogTicks{Prec: -1}
		} else {
			padRange(zp)
		}
		plots := [][]*gp.Plot{{zp}}
		if a.threat != nil {
			zp.X.Tick.Marker = noLabels{gp.DefaultTicks{}}
			tp := newPlot("", a.xlab, "Threat credibility p\n(probability)")
			tp.Y.Label.TextStyle.Font.Size = vg.Points(9)
			addGrid(tp)
			for _, k := range a.threat {
				tp.Add(k)
			}
			tp.Y.Min, tp.Y.Max = 0, 1
			padRange(tp)
			plots = append(plots, []*gp.Plot{tp})
		} else {
			zp.X.Label.Text = a.xlab
		}
		cs := gp.Align(plots, draw.Tiles{Rows: len(plots), Cols: 1, PadY: vg.Points(6)}, c)
		for i := range plots {
			plots[i][0].Draw(cs[i][0])
		}
	}
}

// hline is a horizontal reference line across the whole plot.
type hline struct {
	y   float64
	sty draw.LineStyle
}

// Plot implements plot.Plotter.
func (h hline) Plot(c draw.Canvas, p *gp.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(h.y)
	c.StrokeLine2(h.sty, c.Min.X, y, c.Max.X, y)
}

// DataRange implements plot.DataRanger: the line's height, so that it
// is always in view, and no x extent.
func (h hline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), h.y, h.y
}
