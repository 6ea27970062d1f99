// Package plot draws minilateral's figures from the tables that the run
// and sweep commands write.
//
// [Dir] reads a results directory and writes its figures into
// DIR/figures. For a sweep (points.csv, runs.csv and, for the recorded
// points, series_rounds.csv and series_nations.csv) it draws
//
//   - phase diagrams: a heatmap of an outcome's mean over two swept
//     parameters, and of the probability that the bloc holds at least k
//     members at the end of a run;
//   - one-parameter views: an outcome's mean against each swept parameter
//     with its 95% confidence band and, when points.csv has them, dotted
//     lines at the 10% and 90% quantiles of the runs, one line per value
//     of the other parameter (or per slice of it, when it takes many
//     values), and the share of runs ending with a bloc of k or more
//     against the x parameter with its Wilson 95% band (grid sweeps whose
//     points.csv has the p_final_bloc_ge_k columns);
//   - time series over rounds of bloc size, divergence and terms
//     extracted for the recorded points, mean with a 95% band across
//     replications;
//   - a membership raster of one recorded run (nation × round, coloured
//     by action) and that run's per-nation outcomes;
//   - a multi-panel summary.
//
// For a single run (rounds.csv, nations.csv) it draws the time series,
// the membership raster, the per-nation outcomes and a summary, and the
// moving world of model version 2:
//
//   - endowments: every actor's world share of each factor over time
//     (endowments.csv), one panel per factor that moves and for compute
//     and capital, on a log scale, with the superpowers and the bloc
//     members' sum as thick lines;
//   - payoffs: each nation's payoff broken into the pay_ parts of
//     nations.csv, as stacked horizontal bars (negative parts left of
//     zero), at the last round and as a mean over the last world.window
//     rounds;
//   - alternative: the bloc's alternative ratio z_s against each
//     superpower over time with the threat threshold θ of the run's
//     scenario, and the threats p_s.
//
// Results written before these were recorded lack their tables or
// columns: the figures are then skipped, or, asked for by name, refused.
//
// Every figure is drawn with gonum.org/v1/plot, with labelled axes,
// legends, colour-blind-safe colours (viridis for continuous values,
// Okabe–Ito for categories) and a colour bar wherever colour carries a
// value. Output is deterministic: the same tables give byte-identical
// SVG, PNG and PDF files. The PDF backend normally stamps the current
// time into each file; importing this package fixes the creation and
// modification dates of every PDF written through
// codeberg.org/go-pdf/fpdf in the process to 2000-01-01T00:00:00Z and
// sorts the PDF catalogue.
//
// Heatmap cells are centred on the parameter values with edges half way
// between neighbours, so unevenly spaced sweeps are drawn to scale; the
// first row of a grid is at the bottom. Cells with no data (a point that
// was not run, or whose outcome is undefined) are drawn as a grey hatch.
//
// Errors are reported with the file and line at fault: a table cut off
// mid-line (its last line has no newline, or a line has the wrong number
// of fields), a directory with no results, an unknown outcome (the
// message lists the valid ones), and a phase diagram asked of a sweep with
// fewer than two swept parameters.
package plot
