package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/minilateral/minilateral/sweep"
)

// This file holds the plan a sweep shows before it works: its size,
// estimated time and output, the limits the user raises with --max-runs
// and --max-output, and --dry-run. Commands that run designs (sweep,
// sensitivity) share it.

// limitFlags are the plan's flags.
type limitFlags struct {
	maxRuns, maxOutput *string
	dryRun             *bool
}

func planFlags(fs *flag.FlagSet) limitFlags {
	return limitFlags{
		maxRuns:   fs.String("max-runs", strconv.Itoa(sweep.DefaultMaxRuns), "refuse a design of more runs than `N`"),
		maxOutput: fs.String("max-output", "10GiB", "refuse a design whose output is estimated above `SIZE` (e.g. 500MB, 50GiB)"),
		dryRun:    fs.Bool("dry-run", false, "print the plan (size, estimated time and output) and stop"),
	}
}

func (l limitFlags) limits() (sweep.Limits, error) {
	var out sweep.Limits
	f, err := strconv.ParseFloat(*l.maxRuns, 64)
	if err != nil || f < 1 || f != float64(int64(f)) {
		return out, fmt.Errorf("--max-runs %q: want a whole number of runs, at least 1: %w", *l.maxRuns, errUsage)
	}
	out.MaxRuns = int64(f)
	if out.MaxOutput, err = sweep.ParseBytes(*l.maxOutput); err != nil || out.MaxOutput < 1 {
		return out, fmt.Errorf("--max-output %q: want a size such as 10GiB or 500MB: %w", *l.maxOutput, errUsage)
	}
	return out, nil
}

// agree prints the plan of p (unless quiet) and checks it against the
// limits. A refused plan is printed even when quiet: the user must see
// what was refused.
func agree(p *sweep.Plan, opts sweep.EstimateOptions, lim sweep.Limits, dryRun, quiet bool, stdout io.Writer) error {
	if err := sweep.CheckDir(opts.Dir); err != nil && !dryRun {
		return err
	}
	est, err := p.Estimate(opts)
	if err != nil {
		return err
	}
	err = est.Check(lim)
	if !quiet || err != nil || dryRun {
		est.WriteTo(stdout)
	}
	if dryRun {
		if err != nil {
			fmt.Fprintf(stdout, "would refuse: %v\n", err)
		}
		return nil
	}
	return err
}

// prepare generates and validates the plan's points, drawing a progress
// bar on a terminal (or printing one line elsewhere) when it takes more
// than a second.
func prepare(p *sweep.Plan, quiet bool, stderr io.Writer) error {
	start := time.Now()
	var bar *progressbar.ProgressBar
	said := false
	progress := func(done, total int) {
		if quiet || done&1023 != 0 || time.Since(start) < time.Second {
			return
		}
		switch {
		case bar == nil && isTerminal(stderr):
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(stderr),
				progressbar.OptionSetDescription("checking points"),
				progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish(),
			)
		case bar == nil && !said:
			fmt.Fprintf(stderr, "checking %d parameter points…\n", total)
			said = true
		}
		if bar != nil {
			bar.Set(done)
		}
	}
	err := p.Prepare(progress)
	if bar != nil {
		bar.Finish()
	}
	return err
}
