package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/sweep"
)

func init() {
	register("merge", command{summary: "combine the shards of a sweep into one result directory",
		usage: "DIR... --out DIR [--format csv|parquet|both] [--quiet] [--no-plot]", run: cmdMerge})
}

func cmdMerge(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("merge", stderr)
	out := fs.String("out", "", "output directory for the merged sweep (required)")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	noPlot := fs.Bool("no-plot", false, "do not draw the figures after merging")
	format := fs.String("format", "", "table format: csv, parquet or both (default: the shards')")
	dirs, err := parse(fs, args, 1, -1, "the shard directories")
	if err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("merge needs --out DIR: %w", errUsage)
	}
	if err := results.CheckFormat(*format); err != nil {
		return fmt.Errorf("merge: --format: %w: %w", err, errUsage)
	}
	sum, err := sweep.MergeFormat(dirs, *out, version, *format)
	if err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(stdout, "merged %d shards: %d runs, %d failed; wrote %s\n", len(dirs), sum.Total, sum.Failed, strings.Join(sum.Files, " "))
	}
	if err := failures(sum, stderr); err != nil {
		return err
	}
	if plotAfterSweep != nil && !*noPlot {
		return plotAfterSweep(*out, stdout, stderr)
	}
	return nil
}
