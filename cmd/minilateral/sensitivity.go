package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"runtime"
	"strings"
	"time"

	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sensitivity/study"
	"github.com/minilateral/minilateral/sweep"
)

// plotSensitivity, when set (by the plotting code), draws the figures of
// an analysed sensitivity directory.
var plotSensitivity func(rep *study.Report, stdout io.Writer) error

func init() {
	register("sensitivity", command{summary: "global sensitivity analysis (Sobol' indices or Morris effects)",
		usage: "SCENARIO [--method sobol|morris] [--n N] [--trajectories R] [--levels P] [--reps R] [--outcome COL]... [--priors FILE] [--no-dummy] [-j N] [--out DIR] [--set key=value]... [--resume] [--shard i/n] [--quiet] | --analyse DIR",
		run:   cmdSensitivity})
}

func cmdSensitivity(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sensitivity", stderr)
	method := fs.String("method", "", "sobol or morris (default: the [sensitivity] table's, else sobol)")
	n := fs.Int("n", 0, "sobol: base samples N, a power of two (runs: N·(D+2) × replications)")
	traj := fs.Int("trajectories", 0, "morris: number of trajectories r")
	levels := fs.Int("levels", 0, "morris: number of grid levels p (even)")
	reps := fs.Int("reps", 0, "replications per design point, averaged under common random numbers")
	priorsFile := fs.String("priors", "", "priors `FILE` giving the parameters and ranges (default: the bundled priors) when the [sensitivity] table lists none")
	noDummy := fs.Bool("no-dummy", false, "leave out the dummy parameter that shows the noise floor")
	workers := fs.Int("j", runtime.NumCPU(), "number of parallel workers")
	out := fs.String("out", "out/sensitivity", "output directory")
	resume := fs.Bool("resume", false, "continue an interrupted analysis in --out")
	shardText := fs.String("shard", "", "run only shard `i/n` of the runs (default: from SLURM_ARRAY_TASK_* when set)")
	quiet := fs.Bool("quiet", false, "print nothing but errors and warnings")
	analyse := fs.String("analyse", "", "compute the indices of an existing (e.g. merged) output `DIR` instead of running")
	var sets, outcomes multiFlag
	fs.Var(&sets, "set", "override a parameter: key=value (repeatable)")
	fs.Var(&outcomes, "outcome", "outcome column of runs.csv to analyse (repeatable; default: the table's, else all)")
	pos, err := parse(fs, args, 0, 1, "one SCENARIO (a bundled name or a .toml file), or --analyse DIR")
	if err != nil {
		return err
	}
	if *analyse != "" {
		if len(pos) > 0 {
			return fmt.Errorf("sensitivity: give either a SCENARIO or --analyse DIR, not both: %w", errUsage)
		}
		return analyseDir(*analyse, stdout, stderr, *quiet)
	}
	if len(pos) != 1 {
		return fmt.Errorf("sensitivity needs one SCENARIO (a bundled name or a .toml file), or --analyse DIR: %w", errUsage)
	}
	if *workers < 1 {
		return fmt.Errorf("sensitivity: -j %d: want at least 1 worker: %w", *workers, errUsage)
	}
	var shard sweep.Shard
	if *shardText != "" {
		if shard, err = sweep.ParseShard(*shardText); err != nil {
			return fmt.Errorf("%w: %w", err, errUsage)
		}
	} else if s, ok, err := sweep.ShardFromEnv(getenv); err != nil {
		return err
	} else if ok {
		shard = s
	}
	s, err := loadScenario(pos[0], sets)
	if err != nil {
		return err
	}
	t := &s.Sensitivity
	if *method != "" {
		if *method != scenarios.MethodSobol && *method != scenarios.MethodMorris {
			return fmt.Errorf("sensitivity: --method %q: want sobol or morris: %w", *method, errUsage)
		}
		t.Method = *method
	}
	set64 := func(dst **int64, v int) {
		if v != 0 {
			x := int64(v)
			*dst = &x
		}
	}
	if *n != 0 && (*n < 2 || *n&(*n-1) != 0) {
		return fmt.Errorf("sensitivity: --n %d is not a power of two (≥ 2): the Sobol' sequence is balanced only on power-of-two prefixes (try --n %d): %w", *n, nextPow2(*n), errUsage)
	}
	set64(&t.N, *n)
	set64(&t.Trajectories, *traj)
	set64(&t.Levels, *levels)
	set64(&t.Replications, *reps)
	if *noDummy {
		t.Dummy = scenarios.NewSwitch(false)
	}
	if len(outcomes) > 0 {
		t.Outcomes = outcomes
	}
	// Flag values are checked like the table's.
	if err := s.ValidateSensitivity(nil); err != nil {
		return err
	}
	var priors *scenarios.Priors
	if len(t.Parameters) == 0 || *priorsFile != "" {
		if priors, err = scenarios.OpenPriors(*priorsFile, s); err != nil {
			return err
		}
		if *priorsFile != "" && len(t.Parameters) > 0 {
			return fmt.Errorf("sensitivity: scenario %s lists its parameters in [sensitivity]; --priors gives parameters only to a table without them", s.Name)
		}
	}
	st, err := study.FromScenario(s, priors, nil)
	if err != nil {
		return err
	}
	plan, _, err := st.Plan(s)
	if err != nil {
		return err
	}
	t.Outcomes = st.Outcomes // resolved, so that the scenario's hash covers them

	lo, hi := shard.Range(plan.Runs())
	if !*quiet {
		fmt.Fprintf(stdout, "%s: %s\n", s.Name, describeStudy(st, plan, shard, lo, hi))
	}
	ctx, stop := signal.NotifyContext(context.Background(), sweepSignals...)
	defer stop()
	go func() { <-ctx.Done(); stop() }()
	start := time.Now()
	opts := sweep.Options{Dir: *out, Workers: *workers, Shard: shard, Resume: *resume, Version: version,
		Command: "sensitivity", Sets: sets, Notes: stderr, Extra: st.Record()}
	sum, err := sweep.RunDir(ctx, plan, opts)
	if err != nil {
		if errors.Is(err, sweep.ErrInterrupted) {
			parts := append([]string{"minilateral", "sensitivity"}, args...)
			return fmt.Errorf("%w; resume with:\n  %s --resume", err, strings.Join(parts, " "))
		}
		return err
	}
	stop()
	if !*quiet {
		if sum.Complete {
			fmt.Fprintf(stdout, "%s: already complete (%d runs, %d failed)\n", *out, sum.Total, sum.Failed)
		} else {
			fmt.Fprintf(stdout, "%d runs (%d resumed), %d failed, in %s with %d workers; wrote %s\n",
				sum.Total, sum.Resumed, sum.Failed, time.Since(start).Round(time.Millisecond), *workers, strings.Join(sum.Files, " "))
		}
	}
	if !shard.IsZero() {
		if !*quiet {
			fmt.Fprintf(stdout, "shard %s done: merge the shards ('minilateral merge'), then run 'minilateral sensitivity --analyse DIR'\n", shard)
		}
		return failures(sum, stderr)
	}
	return errors.Join(analyseDir(*out, stdout, stderr, *quiet), failures(sum, stderr))
}

func describeStudy(st *study.Setup, p *sweep.Plan, shard sweep.Shard, lo, hi int) string {
	var b strings.Builder
	dummy := ""
	if st.Dummy {
		dummy = " + dummy"
	}
	if st.Method == scenarios.MethodSobol {
		fmt.Fprintf(&b, "Sobol' indices of %d parameters%s, N = %d: %d points", len(st.Params), dummy, st.N, p.Points)
	} else {
		fmt.Fprintf(&b, "Morris effects of %d parameters%s, %d trajectories on %d levels: %d points", len(st.Params), dummy, st.R, st.Levels, p.Points)
	}
	fmt.Fprintf(&b, " × %d replications = %d runs", p.Reps, p.Runs())
	if !shard.IsZero() {
		fmt.Fprintf(&b, "; shard %s: runs %d to %d (%d runs)", shard, lo, hi-1, hi-lo)
	}
	fmt.Fprintf(&b, " (master seed %d)", p.Master)
	return b.String()
}

// analyseDir computes, writes and prints the indices of dir.
func analyseDir(dir string, stdout, stderr io.Writer, quiet bool) error {
	rep, err := study.Analyse(dir, study.Options{})
	if err != nil {
		return err
	}
	files, err := rep.Write()
	if err != nil {
		return err
	}
	for _, w := range rep.Warnings {
		fmt.Fprintln(stderr, "minilateral: warning:", w)
	}
	if plotSensitivity != nil {
		w := stdout
		if quiet {
			w = io.Discard
		}
		if err := plotSensitivity(rep, w); err != nil {
			return err
		}
	}
	if quiet {
		return nil
	}
	printReport(stdout, rep)
	fmt.Fprintf(stdout, "wrote %s\n", strings.Join(files, " "))
	return nil
}

func printReport(w io.Writer, rep *study.Report) {
	width := len("parameter")
	for _, n := range rep.Names {
		width = max(width, len(n))
	}
	num := func(v float64) string {
		if v != v {
			return "—"
		}
		return fmt.Sprintf("%.4f", v)
	}
	for _, o := range rep.Outcomes {
		if o.Sobol != nil {
			fmt.Fprintf(w, "%s (N = %d):\n  %-*s  %-26s  %-26s\n", o.Outcome, o.Sobol.N, width, "parameter", "S1 [95% interval]", "ST [95% interval]")
			for j, n := range rep.Names {
				s1, st := o.Sobol.S1[j], o.Sobol.ST[j]
				fmt.Fprintf(w, "  %-*s  %-26s  %-26s\n", width, n,
					fmt.Sprintf("%s [%s, %s]", num(s1.Est), num(s1.Low), num(s1.High)),
					fmt.Sprintf("%s [%s, %s]", num(st.Est), num(st.Low), num(st.High)))
			}
			continue
		}
		m := o.Morris
		fmt.Fprintf(w, "%s (r = %d):\n  %-*s  %10s  %-26s  %10s\n", o.Outcome, m.R, width, "parameter", "mu", "mu* [95% interval]", "sigma")
		for j, n := range rep.Names {
			ms := m.MuStar[j]
			fmt.Fprintf(w, "  %-*s  %10s  %-26s  %10s\n", width, n, num(m.Mu[j]),
				fmt.Sprintf("%s [%s, %s]", num(ms.Est), num(ms.Low), num(ms.High)), num(m.Sigma[j]))
		}
	}
}

func nextPow2(n int) int {
	p := 2
	for p < n {
		p *= 2
	}
	return p
}
