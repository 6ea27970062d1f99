package plot

import (
	"fmt"
	"strconv"
)

// probColumns names points.csv's columns of P(final bloc ≥ k) and its
// Wilson 95% bounds.
func probColumns(k int) []string {
	p := "p_final_bloc_ge_" + strconv.Itoa(k)
	return []string{p, p + "_low", p + "_high"}
}

// probFigures draws, for each pair (x, by) of parameters, the share of
// runs ending with a bloc of k or more against x with its Wilson 95%
// band, one line per value of by. It draws nothing for sweeps whose
// points.csv predates these columns.
func probFigures(res *dataset, pairs [][2]string, k int) ([]fig, error) {
	cols := probColumns(k)
	for _, c := range cols {
		if !res.points.has(c) {
			return nil, nil
		}
	}
	var figs []fig
	for _, pr := range pairs {
		curves, labels, err := res.columnCurves(cols, pr[0], pr[1], "share of runs")
		if err != nil {
			return nil, err
		}
		legend := ""
		if pr[1] != "" {
			legend = shortParam(pr[1])
		}
		title := fmt.Sprintf("Share of runs ending with a bloc of %d or more against %s", k, shortParam(pr[0]))
		pn := bandPanel(title+res.sliceNote(pr[0], pr[1]), paramLabel(pr[0]), fmt.Sprintf("P(final bloc size ≥ %d)", k),
			legend, "band: Wilson 95%", res.values[pr[0]], curves, labels)
		figs = append(figs, fig{"param_bloc_ge_" + strconv.Itoa(k) + "_vs_" + pr[0], 7 * inch, 4.5 * inch, pn})
	}
	return figs, nil
}
