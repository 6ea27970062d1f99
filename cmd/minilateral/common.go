package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/minilateral/minilateral/scenarios"
)

// newFlags returns a flag set that reports to stderr and never exits; -h
// prints the command's usage line and its flags.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: minilateral %s %s\n", name, commands[name].usage)
		fs.PrintDefaults()
	}
	return fs
}

// errHelp reports that -h was asked for and answered: run exits 0.
var errHelp = errors.New("help shown")

// parse parses flags and positional arguments in any order and checks the
// number of positional arguments against [min, max] (max < 0: no limit).
func parse(fs *flag.FlagSet, args []string, min, max int, what string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, fmt.Errorf("%s: %w", fs.Name(), errUsage)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) < min || (max >= 0 && len(pos) > max) {
		return nil, fmt.Errorf("%s needs %s: %w", fs.Name(), what, errUsage)
	}
	return pos, nil
}

// loadScenario opens a bundled name or file and applies --set overrides,
// then validates the result.
func loadScenario(arg string, sets []string) (*scenarios.Scenario, error) {
	s, _, err := scenarios.Open(arg)
	if err != nil {
		return nil, err
	}
	for _, kv := range sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fmt.Errorf("--set %q: want key=value: %w", kv, errUsage)
		}
		if err := scenarios.Set(s, strings.TrimSpace(k), v); err != nil {
			return nil, fmt.Errorf("--set %s: %w", kv, err)
		}
	}
	if len(sets) > 0 {
		if err := s.Validate(); err != nil {
			return nil, err
		}
	}
	return s, nil
}
