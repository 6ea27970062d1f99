package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sweep"
)

// plotAfterSweep, when set (by the plotting code), draws the figures of a
// finished sweep in dir. It is called after a successful sweep or merge
// unless --no-plot is given.
var plotAfterSweep func(dir string, stdout, stderr io.Writer) error

// sweepSignals are the signals that stop a sweep (tests may replace them).
var sweepSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// getenv reads the environment (tests replace it).
var getenv = os.Getenv

func init() {
	register("sweep", command{summary: "run a parameter sweep with replications, in parallel",
		usage: "SCENARIO [-j N] [--out DIR] [--set key=value]... [--resume] [--shard i/n|auto|auto/N [--shard-offset K]] [--format csv|parquet|both] [--quiet] [--no-plot] [--dry-run] [--max-runs N] [--max-output SIZE] [--prior-samples M] [--priors FILE]",
		run:   cmdSweep})
}

func cmdSweep(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sweep", stderr)
	workers := fs.Int("j", runtime.NumCPU(), "number of parallel workers")
	out := fs.String("out", "out/sweep", "output directory")
	resume := fs.Bool("resume", false, "continue an interrupted sweep in --out")
	shardText := fs.String("shard", "", "run only shard `i/n` of the runs, or auto or auto/N from the scheduler's array variables (default: from SLURM_ARRAY_TASK_* when set)")
	shardOffset := fs.Int("shard-offset", 0, "with --shard auto/N: the number of shards before this array")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	noPlot := fs.Bool("no-plot", false, "do not draw the figures after the sweep")
	format := fs.String("format", "csv", "table format: csv, parquet or both")
	priorSamples := fs.Int("prior-samples", 0, "sample the priors' parameters at every grid point, `M` Latin-hypercube samples (uncertainty sweep)")
	priorsFile := fs.String("priors", "", "priors `FILE` for --prior-samples (default: the bundled priors)")
	var sets multiFlag
	fs.Var(&sets, "set", "override a parameter: key=value (repeatable)")
	lim := planFlags(fs)
	pos, err := parse(fs, args, 1, 1, "one SCENARIO (a bundled name or a .toml file)")
	if err != nil {
		return err
	}
	limits, err := lim.limits()
	if err != nil {
		return err
	}
	if *workers < 1 {
		return fmt.Errorf("sweep: -j %d: want at least 1 worker: %w", *workers, errUsage)
	}
	if err := results.CheckFormat(*format); err != nil {
		return fmt.Errorf("sweep: --format: %w: %w", err, errUsage)
	}
	var shard sweep.Shard
	if *shardText != "" {
		if shard, err = sweep.ParseShardSpec(*shardText, *shardOffset, getenv); err != nil {
			return fmt.Errorf("%w: %w", err, errUsage)
		}
	} else if s, ok, err := sweep.ShardFromEnv(getenv); err != nil {
		return err
	} else if ok {
		shard = s
	}

	s, src, err := scenarios.Open(pos[0])
	if err != nil {
		return err
	}
	for _, kv := range sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("--set %q: want key=value: %w", kv, errUsage)
		}
		if err := scenarios.Set(s, strings.TrimSpace(k), v); err != nil {
			return fmt.Errorf("--set %s: %w", kv, err)
		}
	}
	if len(sets) > 0 {
		if err := s.Validate(); err != nil {
			return err
		}
	}
	if len(s.Sweep.Parameters) == 0 && s.Sweep.Replications == nil {
		return fmt.Errorf("sweep: scenario %s has no [sweep] table: nothing to sweep or replicate "+
			"(add one, see docs/scenarios.md, or use 'minilateral run')", s.Name)
	}
	plan, err := sweep.NewDesign(s, src)
	if err != nil {
		return err
	}
	if *priorSamples != 0 || *priorsFile != "" {
		// an uncertainty sweep samples at every grid point: the grid's
		// points come first (their number is the grid's, not the runs')
		if err := plan.Prepare(nil); err != nil {
			return err
		}
		if plan, err = withPriors(plan, s, *priorsFile, *priorSamples); err != nil {
			return err
		}
	}
	lo, hi := shard.Range(plan.Runs())
	if err := agree(plan, sweep.EstimateOptions{Dir: *out, Workers: *workers, Shard: shard,
		Figures: plotAfterSweep != nil && !*noPlot}, limits, *lim.dryRun, *quiet, stdout); err != nil {
		return err
	}
	if *lim.dryRun {
		return nil
	}
	if err := prepare(plan, *quiet, stderr); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), sweepSignals...)
	defer stop()
	// After the first signal, stop catching them: a second Ctrl-C ends
	// the process at once instead of waiting for the runs in flight.
	go func() { <-ctx.Done(); stop() }()

	var bar *progressbar.ProgressBar
	if !*quiet && isTerminal(stderr) {
		bar = progressbar.NewOptions(hi-lo,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("runs"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("runs"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	start := time.Now()
	opts := sweep.Options{Dir: *out, Workers: *workers, Shard: shard, Resume: *resume, Version: version,
		Command: "sweep", Sets: sets, Notes: stderr, Format: *format}
	if bar != nil {
		opts.Progress = func(done int) { bar.Set(done) }
	}
	sum, err := sweep.RunDir(ctx, plan, opts)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		if errors.Is(err, sweep.ErrInterrupted) {
			return fmt.Errorf("%w; resume with:\n  %s", err, resumeCommand(args))
		}
		if errors.Is(err, syscall.ENOSPC) {
			return fmt.Errorf("%w\nthe finished runs are kept: free some space, then resume with:\n  %s", err, resumeCommand(args))
		}
		return err
	}
	stop()
	if !*quiet {
		if sum.Complete {
			fmt.Fprintf(stdout, "%s: already complete (%d runs, %d failed); nothing to do\n", *out, sum.Total, sum.Failed)
		} else {
			fmt.Fprintf(stdout, "%d runs (%d resumed), %d failed, in %s with %d workers; wrote %s\n",
				sum.Total, sum.Resumed, sum.Failed, time.Since(start).Round(time.Millisecond), *workers, strings.Join(sum.Files, " "))
		}
	}
	// Failed runs make the exit status non-zero, but the figures of the
	// runs that succeeded are still drawn (failed runs are excluded from
	// points.csv).
	var plotErr error
	if plotAfterSweep != nil && !*noPlot && shard.IsZero() {
		plotErr = plotAfterSweep(*out, stdout, stderr)
	}
	return errors.Join(failures(sum, stderr), plotErr)
}

// failures lists the first failed runs and returns an error when any run
// failed.
func failures(sum *sweep.Summary, stderr io.Writer) error {
	if sum.Failed == 0 {
		return nil
	}
	for _, f := range sum.Failures {
		fmt.Fprintln(stderr, "minilateral: failed:", f)
	}
	if more := sum.Failed - len(sum.Failures); more > 0 {
		fmt.Fprintf(stderr, "minilateral: … and %d more (see the status and error columns of runs.csv)\n", more)
	}
	return fmt.Errorf("%d of %d runs failed", sum.Failed, sum.Total)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// resumeCommand is the command line that resumes an interrupted sweep.
func resumeCommand(args []string) string {
	parts := []string{"minilateral", "sweep"}
	has := false
	for _, a := range args {
		if a == "--resume" || a == "-resume" || a == "--resume=true" || a == "-resume=true" {
			has = true
		}
		parts = append(parts, shellQuote(a))
	}
	if !has {
		parts = append(parts, "--resume")
	}
	return strings.Join(parts, " ")
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./,:+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
