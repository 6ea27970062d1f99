package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim/games"
)

func init() {
	register("stability", command{
		summary: "exact internal/external coalition stability of a scenario's payoff model",
		usage:   "SCENARIO [--tie membership|status-quo|outside] [--tol X] [--csv FILE] [--set key=value]...",
		run:     runStability,
	})
}

func runStability(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("stability", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tie := fs.String("tie", "membership", "rule for an indifferent player: membership, status-quo or outside")
	tol := fs.Float64("tol", games.DefaultTol, "relative tolerance: payoffs a, b are equal when |a−b| ≤ tol·max(1,|a|,|b|)")
	csvFile := fs.String("csv", "", "also write the analysis as CSV to this file")
	round := fs.Int("round", 0, "ai-bloc: replay the scenario (seed, stream 0) to this round and analyse the one-shot game at that state")
	var sets multiFlag
	fs.Var(&sets, "set", "override a parameter, key=value (repeatable)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: minilateral stability %s\n\n", commands["stability"].usage)
		fmt.Fprintf(stderr, "Checks every coalition (by size for symmetric games, all 2^n subsets otherwise, at most %d players)\n", games.MaxPlayers)
		fmt.Fprintln(stderr, "for internal and external stability (d'Aspremont et al. 1983). SCENARIO is a bundled name or a file.")
		fs.PrintDefaults()
	}
	// Flags may come before or after the scenario.
	pos, err := parse(fs, args, 1, 1, "exactly one SCENARIO (a bundled name or a .toml file)")
	if err != nil {
		return err
	}
	t, err := games.ParseTie(*tie)
	if err != nil {
		return fmt.Errorf("stability: --tie %q: want membership, status-quo or outside: %w", *tie, errUsage)
	}
	if !(*tol >= 0) || math.IsInf(*tol, 0) {
		return fmt.Errorf("stability: --tol %v: want a finite number ≥ 0: %w", *tol, errUsage)
	}
	s, _, err := scenarios.Open(pos[0])
	if err != nil {
		return err
	}
	for _, kv := range sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("stability: --set %q: want key=value: %w", kv, errUsage)
		}
		if err := scenarios.Set(s, k, v); err != nil {
			return err
		}
	}
	if len(sets) > 0 {
		if err := s.Validate(); err != nil {
			return err
		}
	}
	if *round < 0 {
		return fmt.Errorf("stability: --round %d: want a round ≥ 0: %w", *round, errUsage)
	}
	if *round > 0 && s.Model != "ai-bloc" {
		return fmt.Errorf("stability: --round applies to the ai-bloc model, not %q: %w", s.Model, errUsage)
	}
	rep, err := games.Analyse(s, games.Options{Tol: *tol, Tie: t, Round: *round})
	if err != nil {
		return err
	}
	writeStabilityTable(stdout, rep)
	if *csvFile != "" {
		f, err := os.Create(*csvFile)
		if err != nil {
			return err
		}
		if err := writeStabilityCSV(f, rep); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}

// num formats a payoff or margin; NaN (not applicable) as "-".
func num(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', 6, 64)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func memberList(rep *games.Report, c *games.Coalition) string {
	var names []string
	for i := range rep.Players {
		if c.Has(i) {
			names = append(names, rep.Names[i])
		}
	}
	return "{" + strings.Join(names, ",") + "}"
}

func writeStabilityTable(w io.Writer, rep *games.Report) {
	o := rep.Options
	fmt.Fprintf(w, "scenario %s, model %s, %d players; tie rule %s, tolerance %g\n", rep.Scenario, rep.Model, rep.Players, o.Tie, o.Tol)
	if rep.Symmetric {
		fmt.Fprintln(w, "symmetric game: coalitions checked by size (margins: what a member loses by leaving, an outsider by joining)")
		fmt.Fprintf(w, "%6s %14s %14s %14s %14s %9s %9s %7s\n", "size", "member", "outsider", "member_margin", "outsider_mrgn", "internal", "external", "stable")
		var stable []string
		for _, r := range rep.Sizes {
			fmt.Fprintf(w, "%6d %14s %14s %14s %14s %9s %9s %7s\n", r.Size, num(r.Member), num(r.Outsider),
				num(r.MemberMargin), num(r.OutsiderMargin), yesNo(r.Internal), yesNo(r.External), yesNo(r.Stable()))
			if r.Stable() {
				stable = append(stable, strconv.Itoa(r.Size))
			}
		}
		if len(stable) == 0 {
			stable = []string{"none"}
		}
		fmt.Fprintf(w, "stable sizes: %s\n", strings.Join(stable, ", "))
		return
	}
	res := rep.Result
	if rep.Model == "ai-bloc" {
		fmt.Fprintf(w, "state after round %d; outsiders take their best non-bloc action:", rep.Round)
		for i, a := range rep.Outside {
			fmt.Fprintf(w, " %s:%s", rep.Names[i], a)
		}
		fmt.Fprintln(w)
		actual := games.Coalition{Members: rep.Actual}
		verdict := "not stable"
		if rep.ActualStable {
			verdict = "stable"
		}
		fmt.Fprintf(w, "the run's bloc after round %d: %s — %s\n", rep.Round, memberList(rep, &actual), verdict)
	}
	fmt.Fprintf(w, "asymmetric game: all %d coalitions checked; %d stable\n", res.Checked, len(res.Stable))
	if len(res.Stable) == 0 {
		return
	}
	fmt.Fprintf(w, "%-6s %s\n", "", "per player: payoff (margin); * marks a member")
	for k := range res.Stable {
		c := &res.Stable[k]
		fmt.Fprintf(w, "%d. %s size %d\n", k+1, memberList(rep, c), c.Size())
		for i := range rep.Players {
			mark := " "
			if c.Has(i) {
				mark = "*"
			}
			fmt.Fprintf(w, "   %s%-8s %14s (%s)\n", mark, rep.Names[i], num(c.Payoff[i]), num(c.Margin[i]))
		}
	}
}

func writeStabilityCSV(f io.Writer, rep *games.Report) error {
	w := csv.NewWriter(f)
	if rep.Symmetric {
		w.Write([]string{"size", "member_payoff", "outsider_payoff", "member_margin", "outsider_margin", "internal", "external", "stable"})
		for _, r := range rep.Sizes {
			w.Write([]string{strconv.Itoa(r.Size), csvNum(r.Member), csvNum(r.Outsider), csvNum(r.MemberMargin),
				csvNum(r.OutsiderMargin), strconv.FormatBool(r.Internal), strconv.FormatBool(r.External), strconv.FormatBool(r.Stable())})
		}
	} else {
		w.Write([]string{"coalition", "members", "size", "player", "member", "payoff", "margin"})
		for k := range rep.Result.Stable {
			c := &rep.Result.Stable[k]
			for i := range rep.Players {
				w.Write([]string{strconv.Itoa(k + 1), memberList(rep, c), strconv.Itoa(c.Size()), rep.Names[i],
					strconv.FormatBool(c.Has(i)), csvNum(c.Payoff[i]), csvNum(c.Margin[i])})
			}
		}
	}
	w.Flush()
	return w.Error()
}

// csvNum writes full precision; NaN (not applicable) as an empty field.
func csvNum(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
