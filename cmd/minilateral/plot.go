package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/minilateral/minilateral/results/plot"
)

func init() {
	register("plot", command{summary: "draw the figures of a run or sweep directory",
		usage: "DIR [--format svg,png,pdf] [--outcome NAME] [--k N] [--x KEY] [--y KEY] [--figures KINDS]",
		run:   cmdPlot})
}

func cmdPlot(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("plot", stderr)
	format := fs.String("format", "svg,png", "output formats, comma-separated: svg, png, pdf")
	outcome := fs.String("outcome", "", "outcome to plot (sweep: a points.csv outcome, default mean_bloc_size; run: a rounds.csv column)")
	k := fs.Int("k", 0, "bloc size for the probability phase diagram (default: half the middle powers, rounded up)")
	x := fs.String("x", "", "swept parameter on the phase diagram's x axis")
	y := fs.String("y", "", "swept parameter on the phase diagram's y axis")
	kinds := fs.String("figures", "", "figures to draw, comma-separated: "+strings.Join(plot.Kinds, ", ")+" (default: all that apply)")
	dpi := fs.Int("dpi", 150, "resolution of PNG output")
	pos, err := parse(fs, args, 1, 1, "one results DIR (from 'minilateral run' or 'minilateral sweep')")
	if err != nil {
		return err
	}
	if *k < 0 {
		return fmt.Errorf("plot: --k %d: want a bloc size of at least 1: %w", *k, errUsage)
	}
	if *dpi < 1 {
		return fmt.Errorf("plot: --dpi %d: want at least 1: %w", *dpi, errUsage)
	}
	opt := plot.Options{Formats: splitList(*format), Outcome: *outcome, K: *k, X: *x, Y: *y, Kinds: splitList(*kinds), DPI: *dpi}
	return plotDir(pos[0], opt, stdout)
}

// plotDir draws the figures of dir and lists the files written.
func plotDir(dir string, opt plot.Options, stdout io.Writer) error {
	files, err := plot.Dir(dir, opt)
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintf(stdout, "wrote %s\n", f)
	}
	return nil
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
