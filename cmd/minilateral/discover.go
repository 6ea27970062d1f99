package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/minilateral/minilateral/sensitivity"
	"github.com/minilateral/minilateral/sensitivity/study"
)

// plotDiscovery, when set (by the plotting code), draws the PRIM
// trajectory of a discovery.
var plotDiscovery func(d *study.Discovery, out string, stdout io.Writer) error

func init() {
	register("discover", command{summary: "scenario discovery: which parameter box yields an outcome (PRIM)",
		usage: "DIR --outcome COL --where 'OP NUMBER' [--alpha A] [--min-mass M] [--out DIR]",
		run:   cmdDiscover})
}

func cmdDiscover(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("discover", stderr)
	outcome := fs.String("outcome", "", "outcome column of runs.csv (required)")
	where := fs.String("where", "", "condition making a run a case of interest, e.g. '>=7' (required)")
	alpha := fs.Float64("alpha", 0.05, "share of the box's runs peeled or pasted per step")
	minMass := fs.Float64("min-mass", 0.05, "smallest share of all runs a box may keep")
	out := fs.String("out", "", "where to write prim_trajectory.csv, prim_box.csv and the figure (default: DIR)")
	pos, err := parse(fs, args, 1, 1, "one DIR (a sweep's output directory)")
	if err != nil {
		return err
	}
	if *outcome == "" || *where == "" {
		return fmt.Errorf("discover needs --outcome COL and --where 'OP NUMBER': %w", errUsage)
	}
	if !(*alpha > 0 && *alpha < 1) || !(*minMass > 0 && *minMass < 1) {
		return fmt.Errorf("discover: --alpha %v and --min-mass %v must lie in (0, 1): %w", *alpha, *minMass, errUsage)
	}
	cond, err := study.ParseCondition(*where)
	if err != nil {
		return fmt.Errorf("%w: %w", err, errUsage)
	}
	d, err := study.Discover(pos[0], *outcome, cond, sensitivity.PrimOptions{Alpha: *alpha, MinMass: *minMass})
	if err != nil {
		return err
	}
	dst := *out
	if dst == "" {
		dst = pos[0]
	}
	files, err := d.Write(dst)
	if err != nil {
		return err
	}
	if plotDiscovery != nil {
		if err := plotDiscovery(d, dst, stdout); err != nil {
			return err
		}
	}
	p := d.Prim
	fmt.Fprintf(stdout, "%s: %d of %d runs have %s %s (PRIM, alpha %g, minimum mass %g)\n", d.Dir, d.Cases, d.Runs, d.Outcome, d.Where, *alpha, *minMass)
	fmt.Fprintf(stdout, "%5s  %8s  %8s  %8s\n", "box", "coverage", "density", "mass")
	for i, b := range p.Trajectory {
		mark := ""
		if i == p.Chosen {
			mark = "  ← chosen"
		}
		if b.Pasted {
			mark = " (pasted)" + mark
		}
		fmt.Fprintf(stdout, "%5d  %8.4f  %8.4f  %8.4f%s\n", i, b.Coverage, b.Density, b.Mass, mark)
	}
	c := p.Trajectory[p.Chosen]
	fmt.Fprintf(stdout, "chosen box %d: coverage %.4f, density %.4f, mass %.4f\n", p.Chosen, c.Coverage, c.Density, c.Mass)
	width := 0
	for _, n := range d.Params {
		width = max(width, len(n))
	}
	for j, n := range d.Params {
		if c.Restricted(j, p.Lo[j], p.Hi[j]) {
			fmt.Fprintf(stdout, "  %-*s  %g ≤ x ≤ %g\n", width, n, c.Low[j], c.High[j])
		} else {
			fmt.Fprintf(stdout, "  %-*s  not restricted (%g to %g)\n", width, n, p.Lo[j], p.Hi[j])
		}
	}
	fmt.Fprintf(stdout, "wrote %s\n", strings.Join(files, " "))
	return nil
}
