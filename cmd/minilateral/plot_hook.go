package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/minilateral/minilateral/results/plot"
)

// This file connects the sweep command (sweep.go declares plotAfterSweep)
// to the figures: a finished sweep is plotted with the defaults unless
// --no-plot is given.
func init() {
	plotAfterSweep = func(dir string, stdout, stderr io.Writer) error {
		err := plotDir(dir, plot.Options{}, stdout)
		if errors.Is(err, plot.ErrNothingToDraw) {
			// A sweep of replications only, with no series recorded:
			// its tables are the result.
			fmt.Fprintf(stdout, "no figures: %s swept no parameter and recorded no series\n", dir)
			return nil
		}
		return err
	}
}
