package plot

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/minilateral/minilateral/results"
)

// pdfDate is the creation and modification date stamped into every PDF,
// so that the same figure gives the same bytes.
var pdfDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func init() {
	fpdf.SetDefaultCreationDate(pdfDate)
	fpdf.SetDefaultModificationDate(pdfDate)
	fpdf.SetDefaultCatalogSort(true)
}

// Formats are the output formats Dir can write.
var Formats = []string{"svg", "png", "pdf"}

// Kinds are the kinds of figure Dir can draw.
// The last three draw a single run's moving world (endowments.csv, the
// pay_ columns of nations.csv, the alternative_ratio_ columns of
// rounds.csv) and are skipped for results that lack them.
var Kinds = []string{"phase", "param", "series", "membership", "nations", "summary", "endowments", "payoffs", "alternative"}

// Options configures Dir. The zero value draws every figure that applies
// as SVG and PNG.
type Options struct {
	// Formats lists the output formats: svg, png, pdf. Empty: svg and png.
	Formats []string
	// Outcome is what the phase diagram and one-parameter views show, a
	// column O of points.csv (O_mean); for a single run, a rounds.csv
	// column added to the time series. Empty: mean_bloc_size for a sweep,
	// nothing extra for a run.
	Outcome string
	// K is the bloc size for the probability phase diagram: the share of
	// runs ending with at least K members. 0: half the middle powers,
	// rounded up.
	K int
	// X and Y are the swept parameters on the phase diagram's axes.
	// Empty: superpowers.US.export_controls and bloc.threat_credibility
	// when swept, else the first two swept parameters.
	X, Y string
	// Kinds restricts the figures drawn (see Kinds). Empty: every kind
	// that applies. Asking for a phase diagram of a sweep with fewer than
	// two swept parameters is an error.
	Kinds []string
	// DPI is the resolution of PNG output. 0: 150.
	DPI int
}

// fig is one figure: a file name without extension, a size and a panel.
type fig struct {
	name string
	w, h vg.Length
	draw panel
}

// Dir reads the results in dir (from 'minilateral run' or 'minilateral
// sweep'), writes its figures into dir/figures and returns the paths of
// the files written, sorted.
func Dir(dir string, opt Options) ([]string, error) {
	figs, formats, err := figures(dir, opt)
	if err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "figures")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("plot: %w", err)
	}
	var files []string
	for _, f := range figs {
		for _, format := range formats {
			data, err := f.render(format, opt.DPI)
			if err != nil {
				return nil, err
			}
			name := f.name + "." + format
			if _, err := results.WriteFileAtomic(out, name, data); err != nil {
				return nil, fmt.Errorf("plot: %w", err)
			}
			files = append(files, filepath.Join(out, name))
		}
	}
	slices.Sort(files)
	return files, nil
}

// figures reads dir and prepares its figures without drawing them; it
// returns them with the validated formats. Dir is figures followed by
// rendering.
func figures(dir string, opt Options) ([]fig, []string, error) {
	formats, err := checkFormats(opt.Formats)
	if err != nil {
		return nil, nil, err
	}
	for _, k := range opt.Kinds {
		if !slices.Contains(Kinds, k) {
			return nil, nil, fmt.Errorf("plot: unknown figure kind %q (valid: %s)", k, strings.Join(Kinds, ", "))
		}
	}
	if opt.K < 0 {
		return nil, nil, fmt.Errorf("plot: k = %d: want a bloc size of at least 1 (0: the default)", opt.K)
	}
	res, err := load(dir)
	if err != nil {
		return nil, nil, err
	}
	want := func(k string) bool { return len(opt.Kinds) == 0 || slices.Contains(opt.Kinds, k) }
	var figs []fig
	if res.kind == "run" {
		figs, err = runFigures(res, opt, want)
	} else {
		figs, err = sweepFigures(res, opt, want)
	}
	if err != nil {
		return nil, nil, err
	}
	return figs, formats, nil
}

func checkFormats(fs []string) ([]string, error) {
	if len(fs) == 0 {
		return []string{"svg", "png"}, nil
	}
	var out []string
	for _, f := range fs {
		f = strings.ToLower(strings.TrimSpace(f))
		if !slices.Contains(Formats, f) {
			return nil, fmt.Errorf("plot: unknown format %q (valid: %s)", f, strings.Join(Formats, ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

func unknownOutcome(o string, valid []string) error {
	return fmt.Errorf("plot: unknown outcome %q; valid outcomes: %s", o, strings.Join(valid, ", "))
}

const inch = vg.Inch

func runFigures(res *dataset, opt Options, want func(string) bool) ([]fig, error) {
	metrics := slices.Clone(seriesMetrics)
	if opt.Outcome != "" {
		valid := roundColumns(res.rounds)
		if !slices.Contains(valid, opt.Outcome) {
			return nil, unknownOutcome(opt.Outcome, valid)
		}
		if !slices.Contains(metrics, opt.Outcome) {
			metrics = append(metrics, opt.Outcome)
		}
	}
	for _, k := range opt.Kinds {
		if k == "phase" || k == "param" {
			return nil, fmt.Errorf("plot: %s: a %s figure needs a sweep; this is a single run", res.dir, k)
		}
	}
	for _, m := range metrics {
		if err := res.rounds.need(m); err != nil {
			return nil, err
		}
	}
	curves, err := seriesCurves(res.rounds, metrics, func(int) string { return "" }, []string{""})
	if err != nil {
		return nil, err
	}
	series := seriesPanel("Bloc, divergence and terms over rounds", metrics, curves, "", []string{""}, false)
	m, err := readMembership(res.nationsT, func(int) bool { return true })
	if err != nil {
		return nil, err
	}
	raster := rasterPanel(m, "Membership by round")
	nations := nationPanel(m, "Per-nation outcomes")
	var figs []fig
	if want("series") {
		figs = append(figs, fig{"series", 6 * inch, (1.4 + 1.5*vg.Length(len(metrics))) * inch, series})
	}
	if want("membership") {
		figs = append(figs, fig{"membership", 7 * inch, rasterHeight(m), raster})
	}
	if want("nations") {
		figs = append(figs, fig{"nations", 7 * inch, rasterHeight(m), nations})
	}
	asked := func(k string) bool { return slices.Contains(opt.Kinds, k) }
	dyn, err := dynamicsFigures(res, want, asked)
	if err != nil {
		return nil, err
	}
	figs = append(figs, dyn...)
	if want("summary") {
		h := max(4*inch, rasterHeight(m))
		figs = append(figs, fig{"summary", 13 * inch, h + 3.4*inch, func(c draw.Canvas) {
			c = titleText(c, "Run summary")
			top, bottom := c, c
			top.Min.Y = top.Max.Y - h
			bottom.Max.Y = top.Min.Y - vg.Points(12)
			t := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(24)}
			raster(t.At(top, 0, 0))
			nations(t.At(top, 1, 0))
			seriesPanel("", metrics, curves, "", []string{""}, true)(bottom)
		}})
	}
	return figs, nil
}

func rasterHeight(m *membership) vg.Length {
	return max(3*inch, 1.4*inch+vg.Length(len(m.nations))*vg.Points(14))
}

// ErrNothingToDraw reports a results directory none of whose figures can
// be drawn: for example a sweep that swept no parameter and recorded no
// series.
var ErrNothingToDraw = errors.New("nothing to draw for the figures asked for")

func sweepFigures(res *dataset, opt Options, want func(string) bool) ([]fig, error) {
	valid := res.outcomes()
	outcome := opt.Outcome
	if outcome == "" {
		outcome = "mean_bloc_size"
		if !slices.Contains(valid, outcome) && len(valid) > 0 {
			outcome = valid[0]
		}
	}
	if !slices.Contains(valid, outcome) {
		return nil, unknownOutcome(outcome, valid)
	}
	for _, s := range []string{"_ci_low", "_ci_high"} {
		if err := res.points.need(outcome + s); err != nil {
			return nil, err
		}
	}
	for _, p := range []string{opt.X, opt.Y} {
		if p != "" && !slices.Contains(res.params, p) {
			return nil, fmt.Errorf("plot: %q was not swept; swept parameters: %s", p, orNone(res.params))
		}
	}
	for _, k := range opt.Kinds {
		if slices.Contains(runOnly, k) {
			return nil, fmt.Errorf("plot: %s: the %s figure needs a single run's results (a sweep records no endowments or payoff parts; replay one of its runs with 'minilateral run')", res.dir, k)
		}
	}
	if len(opt.Kinds) > 0 && slices.Contains(opt.Kinds, "phase") && len(res.params) < 2 {
		return nil, fmt.Errorf("plot: %s: a phase diagram needs two swept parameters, but the sweep varied %d (%s)", res.dir, len(res.params), orNone(res.params))
	}
	x, y := axes(res.params, opt.X, opt.Y)
	k := opt.K
	if k == 0 {
		k = defaultK(res)
	}
	ylab := outcomeLabel(outcome)
	var figs []fig
	var phaseMean, phaseProb, oneParam, series panel

	if x != "" && y != "" && want("phase") || want("summary") && x != "" && y != "" {
		meanTitle := capitalise(shortOutcome(outcome)) + ", mean over replications"
		probTitle := fmt.Sprintf("Share of runs ending with a bloc of %d or more", k)
		probLabel := fmt.Sprintf("P(final bloc size ≥ %d)", k)
		if res.design == "lhs" {
			// Scattered samples: coloured points, not a grid.
			md, err := res.sampleDots(outcome, k, false, x, y)
			if err != nil {
				return nil, err
			}
			pd, err := res.sampleDots(outcome, k, true, x, y)
			if err != nil {
				return nil, err
			}
			phaseMean = colourPanel(nil, md, meanTitle, paramLabel(x), paramLabel(y), ylab, math.NaN(), math.NaN())
			phaseProb = colourPanel(nil, pd, probTitle, paramLabel(x), paramLabel(y), probLabel, 0, 1)
		} else {
			g, err := res.meanGrid(outcome, x, y)
			if err != nil {
				return nil, err
			}
			note := res.sliceNote(x, y)
			phaseMean = heatPanel(g, meanTitle+note, paramLabel(x), paramLabel(y), ylab, math.NaN(), math.NaN())
			pg, lo, hi, err := res.probGrids(k, x, y)
			if err != nil {
				return nil, err
			}
			if len(res.integrated) > 0 {
				probTitle += fmt.Sprintf(", over the priors of %d parameters", len(res.integrated))
			}
			phaseProb = heatPanel(pg, probTitle+note, paramLabel(x), paramLabel(y), probLabel, 0, 1)
			if len(res.integrated) > 0 && want("phase") {
				// A probability map over the priors: the ends of each
				// cell's 95% interval (Wilson) show how sure it is.
				for _, e := range []struct {
					name, word string
					g          *grid
				}{{"low", "Lower", lo}, {"high", "Upper", hi}} {
					figs = append(figs, fig{"phase_bloc_ge_" + strconv.Itoa(k) + "_" + e.name, 6 * inch, 5.6 * inch,
						heatPanel(e.g, fmt.Sprintf("%s end of the 95%% interval of P(final bloc size ≥ %d), over the priors%s", e.word, k, note),
							paramLabel(x), paramLabel(y), probLabel, 0, 1)})
				}
			}
		}
		if want("phase") {
			figs = append(figs,
				fig{"phase_" + outcome, 6 * inch, 5.6 * inch, phaseMean},
				fig{"phase_bloc_ge_" + strconv.Itoa(k), 6 * inch, 5.6 * inch, phaseProb})
		}
	}
	if want("param") || want("summary") {
		pairs := [][2]string{}
		switch {
		case x != "" && y != "":
			pairs = append(pairs, [2]string{x, y}, [2]string{y, x})
		case len(res.params) == 1:
			pairs = append(pairs, [2]string{res.params[0], ""})
		}
		for i, pr := range pairs {
			var pn panel
			title := capitalise(shortOutcome(outcome)) + " against " + shortParam(pr[0])
			if res.design == "lhs" {
				k, err := res.sampleCurve(outcome, pr[0])
				if err != nil {
					return nil, err
				}
				pn = paramPanel(title+" (every sampled point)", paramLabel(pr[0]), ylab, "", nil, []*curve{k}, []string{"mean at a point"})
			} else {
				curves, labels, err := res.paramCurves(outcome, pr[0], pr[1])
				if err != nil {
					return nil, err
				}
				legend := ""
				if pr[1] != "" {
					legend = shortParam(pr[1])
				}
				pn = paramPanel(title+res.sliceNote(pr[0], pr[1]), paramLabel(pr[0]), ylab, legend, res.values[pr[0]], curves, labels)
			}
			if i == 0 {
				oneParam = pn
			}
			if want("param") {
				figs = append(figs, fig{"param_" + outcome + "_vs_" + pr[0], 7 * inch, 4.5 * inch, pn})
			}
		}
		if want("param") && res.design != "lhs" && len(pairs) > 0 {
			// One view: the phase diagram already shows P over both parameters.
			pf, err := probFigures(res, pairs[:1], k)
			if err != nil {
				return nil, err
			}
			figs = append(figs, pf...)
		}
	}
	var m *membership
	var runTitle string
	if res.seriesRounds != nil && len(res.seriesRounds.rows) > 0 && (want("series") || want("summary")) {
		if err := res.seriesRounds.need("point", "round"); err != nil {
			return nil, err
		}
		pv, _, err := res.pointValues()
		if err != nil {
			return nil, err
		}
		groups := distinct(res.seriesRounds, "point")
		numericOrder(groups)
		groups = pickStrings(groups, maxLines)
		labels := make([]string, len(groups))
		for i, g := range groups {
			vs, ok := pv[g]
			if !ok {
				return nil, fmt.Errorf("plot: %s: point %q is not in points.csv", res.seriesRounds.file, g)
			}
			labels[i] = pointLabel(vs)
		}
		pcol := res.seriesRounds.col["point"]
		curves, err := seriesCurves(res.seriesRounds, seriesMetrics, func(i int) string { return res.seriesRounds.rows[i][pcol] }, groups)
		if err != nil {
			return nil, err
		}
		series = seriesPanel("Recorded points over rounds: mean across replications", seriesMetrics, curves, paramsTitle(res.params), labels, false)
		if want("series") {
			figs = append(figs, fig{"series", 7.5 * inch, 6 * inch, series})
		}
	}
	if res.seriesNations != nil && len(res.seriesNations.rows) > 0 && (want("membership") || want("nations")) {
		if err := res.seriesNations.need("run", "point", "round", "nation", "action", "usable_capability", "payoff"); err != nil {
			return nil, err
		}
		runsIDs := distinct(res.seriesNations, "run")
		numericOrder(runsIDs)
		first := runsIDs[0]
		rcol := res.seriesNations.col["run"]
		var err error
		m, err = readMembership(res.seriesNations, func(i int) bool { return res.seriesNations.rows[i][rcol] == first })
		if err != nil {
			return nil, err
		}
		runTitle = "run " + first
		pv, _, err := res.pointValues()
		if err != nil {
			return nil, err
		}
		for i, r := range res.seriesNations.rows {
			if r[rcol] == first {
				if vs, ok := pv[res.seriesNations.str(i, "point")]; ok && len(vs) > 0 {
					runTitle += " (" + pointLabel(vs) + ")"
				}
				break
			}
		}
		if want("membership") {
			figs = append(figs, fig{"membership", 7 * inch, rasterHeight(m), rasterPanel(m, "Membership by round, "+runTitle)})
		}
		if want("nations") {
			figs = append(figs, fig{"nations", 7 * inch, rasterHeight(m), nationPanel(m, "Per-nation outcomes, "+runTitle)})
		}
	}
	if want("summary") {
		var ps []panel
		for _, p := range []panel{phaseMean, phaseProb, oneParam, series} {
			if p != nil {
				ps = append(ps, p)
			}
		}
		if m != nil && len(ps) < 4 {
			ps = append(ps, rasterPanel(m, "Membership, "+runTitle))
		}
		if len(ps) > 0 {
			rows := (len(ps) + 1) / 2
			cols := min(2, len(ps))
			figs = append(figs, fig{"summary", vg.Length(cols) * 6.5 * inch, vg.Length(rows)*5.6*inch + 0.5*inch, func(c draw.Canvas) {
				c = titleText(c, "Sweep summary: "+shortOutcome(outcome))
				t := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(24), PadY: vg.Points(18), PadLeft: 6, PadRight: 6, PadBottom: 6}
				for i, p := range ps {
					p(t.At(c, i%cols, i/cols))
				}
			}})
		}
	}
	if len(figs) == 0 {
		return nil, fmt.Errorf("plot: %s: %w", res.dir, ErrNothingToDraw)
	}
	return figs, nil
}

func shortOutcome(o string) string {
	l := outcomeLabel(o)
	if i := strings.Index(l, " ("); i > 0 {
		l = l[:i]
	}
	if i := strings.Index(l, ", last"); i > 0 {
		l = l[:i]
	}
	return strings.ToLower(l[:1]) + l[1:]
}

// axes chooses the phase diagram's parameters.
func axes(params []string, x, y string) (string, string) {
	if x == "" && y == "" {
		const dx, dy = "superpowers.US.export_controls", "bloc.threat_credibility"
		if slices.Contains(params, dx) && slices.Contains(params, dy) {
			return dx, dy
		}
	}
	var rest []string
	for _, p := range params {
		if p != x && p != y {
			rest = append(rest, p)
		}
	}
	if x == "" && len(rest) > 0 {
		x, rest = rest[0], rest[1:]
	}
	if y == "" && len(rest) > 0 {
		y = rest[0]
	}
	return x, y
}

// defaultK is half the middle powers, rounded up; when their number is
// unknown, half the largest final bloc seen.
func defaultK(res *dataset) int {
	n := res.nations
	if n == 0 {
		if sizes, err := res.runs.column("final_bloc_size"); err == nil {
			for _, s := range sizes {
				if !math.IsNaN(s) {
					n = max(n, int(s))
				}
			}
		}
	}
	return max(1, (n+1)/2)
}

func pickStrings(xs []string, n int) []string {
	var out []string
	for _, i := range pick(len(xs), n) {
		out = append(out, xs[i])
	}
	return out
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

// render draws f in one format.
func (f fig) render(format string, dpi int) ([]byte, error) {
	var c vg.CanvasWriterTo
	switch format {
	case "svg":
		c = vgsvg.New(f.w, f.h)
	case "png":
		if dpi <= 0 {
			dpi = 150
		}
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(f.w, f.h), vgimg.UseDPI(dpi))}
	case "pdf":
		c = vgpdf.New(f.w, f.h)
	default:
		panic("plot: unknown format " + format) // checked by checkFormats
	}
	dc := draw.New(c)
	dc.FillPolygon(color.White, []vg.Point{dc.Min, {X: dc.Max.X, Y: dc.Min.Y}, dc.Max, {X: dc.Min.X, Y: dc.Max.Y}})
	pad := draw.Crop(dc, vg.Points(6), -vg.Points(10), vg.Points(4), -vg.Points(4))
	f.draw(pad)
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("plot: %s.%s: %w", f.name, format, err)
	}
	return b.Bytes(), nil
}
