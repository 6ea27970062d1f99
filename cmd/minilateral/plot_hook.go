package main

import (
	"io"

	"github.com/minilateral/minilateral/results/plot"
)

// This file connects the sweep command (sweep.go declares plotAfterSweep)
// to the figures: a finished sweep is plotted with the defaults unless
// --no-plot is given.
func init() {
	plotAfterSweep = func(dir string, stdout, stderr io.Writer) error {
		return plotDir(dir, plot.Options{}, stdout)
	}
}
