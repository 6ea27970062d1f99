package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/minilateral/minilateral/scenarios"
)

func init() {
	register("priors", command{summary: "show the priors file: the structural parameters' plausible ranges",
		usage: "[--toml] [--priors FILE] [--scenario SCENARIO]",
		run:   cmdPriors})
}

func cmdPriors(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("priors", stderr)
	raw := fs.Bool("toml", false, "print the file itself")
	file := fs.String("priors", "", "a priors `FILE` (default: the bundled one)")
	scen := fs.String("scenario", "baseline", "scenario whose keys and ranges the priors are checked against")
	if _, err := parse(fs, args, 0, 0, "no arguments"); err != nil {
		return err
	}
	s, _, err := scenarios.Open(*scen)
	if err != nil {
		return err
	}
	ps, err := scenarios.OpenPriors(*file, s)
	if err != nil {
		return err
	}
	if *raw {
		_, err := stdout.Write(ps.Source)
		return err
	}
	name := *file
	if name == "" {
		name = scenarios.BundledPriorsName
	}
	fmt.Fprintf(stdout, "%s: %d parameters (checked against scenario %s)\n", name, len(ps.List), s.Name)
	width := len("parameter")
	for _, p := range ps.List {
		width = max(width, len(p.Key))
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	fmt.Fprintf(stdout, "%-*s  %-10s  %8s  %8s  %8s  %s\n", width, "parameter", "dist", "low", "high", "mode", "source")
	for _, p := range ps.List {
		mode := ""
		if p.Mode != nil {
			mode = num(*p.Mode)
		}
		fmt.Fprintf(stdout, "%-*s  %-10s  %8s  %8s  %8s  %s\n", width, p.Key, p.DistName(), num(*p.Low), num(*p.High), mode, p.Source)
	}
	return nil
}
