// Command minilateral runs the minilateral simulation: single runs,
// parameter sweeps, figures and the classic-game analyses.
//
// main is a thin shell around run, which the tests drive with golden
// stdout and stderr files.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = "devel"

// command is one subcommand. Each lives in its own file and registers
// itself from an init function.
type command struct {
	summary string
	usage   string // one line, after "minilateral NAME "
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{}

func register(name string, c command) {
	if _, dup := commands[name]; dup {
		panic("minilateral: command " + name + " registered twice")
	}
	commands[name] = c
}

// errUsage marks an error whose message already says how to call the command.
var errUsage = errors.New("see 'minilateral help'")

// exitCode is returned by run's callers to choose the process status:
// 0 success, 1 failure, 2 bad usage.
func exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	return 1
}

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "minilateral:", err)
	}
	os.Exit(exitCode(err))
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return fmt.Errorf("no command given: %w", errUsage)
		}
		return nil
	}
	c, ok := commands[args[0]]
	if !ok {
		return fmt.Errorf("unknown command %q: %w", args[0], errUsage)
	}
	if err := c.run(args[1:], stdout, stderr); !errors.Is(err, errHelp) {
		return err
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "minilateral: agent-based simulation of middle powers bargaining with the US and China over AI")
	fmt.Fprintln(w, "\nUsage: minilateral COMMAND [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'minilateral COMMAND -h' for a command's flags.")
}

// multiFlag collects repeated --set key=value flags.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
