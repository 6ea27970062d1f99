package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

func init() {
	register("run", command{summary: "run one simulation and write its tables", usage: "SCENARIO [--seed N] [--stream N] [--rounds N] [--set key=value]... [--out DIR] [--format csv|parquet|both] [--narrate]", run: cmdRun})
	register("validate", command{summary: "check a scenario file and report every problem", usage: "FILE", run: cmdValidate})
	register("scenarios", command{summary: "list the bundled scenarios", usage: "", run: cmdScenarios})
	register("version", command{summary: "print the program version", usage: "", run: cmdVersion})
}

func cmdRun(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", stderr)
	seed := fs.Uint64("seed", 0, "master seed (default: the scenario's)")
	rounds := fs.Int("rounds", 0, "number of rounds (default: the scenario's)")
	stream := fs.Uint64("stream", 0, "random stream under the master seed: give a sweep run's `seed` column to replay that run")
	out := fs.String("out", "out", "output directory")
	narrate := fs.Bool("narrate", false, "print every change of action with the payoffs that moved it")
	format := fs.String("format", "csv", "table format: csv, parquet or both")
	var sets multiFlag
	fs.Var(&sets, "set", "override a parameter: key=value (repeatable)")
	pos, err := parse(fs, args, 1, 1, "one SCENARIO (a bundled name or a .toml file)")
	if err != nil {
		return err
	}
	visited := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { visited[f.Name] = true })
	if visited["seed"] {
		sets = append(multiFlag{fmt.Sprintf("seed=%d", *seed)}, sets...)
	}
	if visited["rounds"] {
		sets = append(multiFlag{fmt.Sprintf("rounds=%d", *rounds)}, sets...)
	}
	if err := results.CheckFormat(*format); err != nil {
		return fmt.Errorf("run: --format: %w: %w", err, errUsage)
	}
	s, err := loadScenario(pos[0], sets)
	if err != nil {
		return err
	}
	if s.Model != "ai-bloc" {
		return runGame(s, sets, masterSeed(s, visited["seed"]), *stream, *out, stdout)
	}
	r, err := sim.New(s, sim.Stream(masterSeed(s, visited["seed"]), *stream))
	if err != nil {
		return err
	}
	man, err := results.NewManifest("run", version, s, sets)
	if err != nil {
		return err
	}
	man.Extra = map[string]any{"stream": *stream}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("run: %w", err)
	}
	w, err := results.NewRunWriter(*out, r.Bloc)
	if err != nil {
		return err
	}
	if *narrate {
		r.Engine.Observer = narrator(stdout, r.Bloc)
	}
	o := r.RunAll(w.Round)
	if err := w.Commit(man); err != nil {
		return err
	}
	files, err := results.ConvertTables(*out, *format, version, results.RunTables, man)
	if err != nil {
		return err
	}
	if *format == results.FormatCSV {
		delete(man.Extra, "format") // as before there was a choice
	}
	if err := man.Write(*out); err != nil {
		return err
	}
	summarise(stdout, s, r, o)
	for _, f := range append(files, filepath.Join(*out, "manifest.json")) {
		fmt.Fprintf(stdout, "wrote %s\n", f)
	}
	return nil
}

func summarise(w io.Writer, s *scenarios.Scenario, r *sim.Run, o *sim.Outcome) {
	b := r.Bloc
	fmt.Fprintf(w, "%s: %d rounds, seed %d, %d middle powers, superpowers %s\n",
		s.Name, o.Rounds, s.Seed, b.N, strings.Join(b.SIDs, " "))
	var members []string
	for i, id := range b.NIDs {
		if b.Join() == 0 && b.Action(i) == 0 {
			members = append(members, id)
		}
	}
	settled := "never settled"
	if o.SettleRound >= 0 {
		settled = fmt.Sprintf("settled after round %d", o.SettleRound)
	}
	fmt.Fprintf(w, "bloc: %d members at the end (%s); mean %.2f over the last %d rounds; %s\n",
		o.FinalBlocSize, orNone(members), o.MeanBlocSize, min(s.World.Window, o.Rounds), settled)
	fmt.Fprintf(w, "threat: highest credibility %.3f, credible in %d rounds; mean terms %.4f per round\n",
		o.MaxThreat, o.CredibleRounds, o.MeanTerms)
	var deals []string
	acts := b.Actions()
	for i, id := range b.NIDs {
		if a := b.Action(i); a != 0 {
			deals = append(deals, id+":"+acts[a])
		}
	}
	fmt.Fprintf(w, "outside the bloc: %s\n", orNone(deals))
	for k, id := range b.SIDs {
		fmt.Fprintf(w, "%s: export controls %.2f, utility %.4f\n", id, o.FinalControls[k], o.FinalUtility[k])
	}
	fmt.Fprintf(w, "divergence: frontier/mean own stack %.2f, frontier/mean usable %.2f, Theil %.3f\n",
		o.FinalDivOwn, o.FinalDivUsable, o.FinalTheil)
	fmt.Fprintf(w, "middle-power welfare: %.4f at the end, %.4f per round on average\n", o.FinalWelfare, o.MeanWelfare)
}

// runGame plays a classic-game scenario on the engine and writes
// players.csv (one row per player per round: action and payoff) and the
// manifest.
func runGame(s *scenarios.Scenario, sets []string, master, stream uint64, out string, stdout io.Writer) error {
	e, err := sim.NewGame(s, sim.Stream(master, stream))
	if err != nil {
		return err
	}
	man, err := results.NewManifest("run", version, s, sets)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("run: %w", err)
	}
	f, err := results.Create(out, "players.csv")
	if err != nil {
		return err
	}
	m := e.Model
	acts := m.Actions()
	n := m.Players()
	f.Row("round", "player", "action", "payoff")
	total := make([]float64, n)
	counts := make([]int, len(acts))
	// Bargaining ends at agreement (or opting out): stop there.
	bargain, _ := m.(interface {
		Outcome() (done bool, period int, share [2]float64, optedOut bool)
	})
	for e.Round() < s.Rounds && e.Step() {
		for i := range n {
			f.Int(e.Round(), ',')
			f.Int(i+1, ',')
			f.String(acts[m.Action(i)], ',')
			f.Float(m.Realised(i), '\n')
			total[i] += m.Realised(i)
			counts[m.Action(i)]++
		}
		if bargain != nil {
			if done, _, _, _ := bargain.Outcome(); done {
				break
			}
		}
	}
	sum, err := f.Commit()
	if err != nil {
		return err
	}
	man.Outputs["players.csv"] = sum
	if err := man.Write(out); err != nil {
		return err
	}
	stopped := ""
	if e.Stopped() {
		stopped = fmt.Sprintf(" (stopped by the continuation draw, δ = %g)", s.World.Continuation)
	}
	fmt.Fprintf(stdout, "%s: model %s, %d players, %d rounds played%s, seed %d\n", s.Name, s.Model, n, e.Round(), stopped, s.Seed)
	var mix []string
	for a, c := range counts {
		if c > 0 {
			mix = append(mix, fmt.Sprintf("%s %d", acts[a], c))
		}
	}
	fmt.Fprintf(stdout, "actions taken (player-rounds): %s\n", orNone(mix))
	if bargain != nil {
		done, period, share, out := bargain.Outcome()
		switch {
		case !done:
			fmt.Fprintln(stdout, "no agreement within the rounds played")
		case out:
			fmt.Fprintf(stdout, "the responder took its outside option in period %d\n", period)
		default:
			fmt.Fprintf(stdout, "agreement in period %d: player 1 gets %.4f, player 2 gets %.4f\n", period, share[0], share[1])
		}
	}
	var last []string
	for i := range n {
		last = append(last, fmt.Sprintf("%d:%s", i+1, acts[m.Action(i)]))
	}
	fmt.Fprintf(stdout, "final actions: %s\n", strings.Join(last, " "))
	for i := range n {
		if e.Round() > 0 && bargain == nil {
			fmt.Fprintf(stdout, "player %d: mean payoff %.4f per round\n", i+1, total[i]/float64(e.Round()))
		}
	}
	fmt.Fprintf(stdout, "wrote %s\nwrote %s\n", filepath.Join(out, "players.csv"), filepath.Join(out, "manifest.json"))
	return nil
}

// masterSeed is the seed a run's stream derives from: --seed when given,
// else the scenario's sweep seed if it has one (so that --stream replays a
// run of that sweep), else its seed.
func masterSeed(s *scenarios.Scenario, seedFlag bool) uint64 {
	if seedFlag {
		return s.Seed
	}
	return s.MasterSeed()
}

// narrator explains each change of action: what the nation left, what it
// chose, and what every available action would have paid it.
func narrator(w io.Writer, b *sim.Bloc) func(*sim.Decision) {
	acts := b.Actions()
	return func(d *sim.Decision) {
		if d.From == d.To {
			return
		}
		var alts []string
		for a, p := range d.Payoffs {
			if d.Available[a] {
				alts = append(alts, fmt.Sprintf("%s %.3f", acts[a], p))
			}
		}
		gain := d.Payoffs[d.To] - d.Payoffs[d.From]
		why := fmt.Sprintf("gains %.3f", gain)
		if d.Group != nil {
			var with []string
			for _, j := range d.Group {
				if j != d.Player {
					with = append(with, b.NIDs[j])
				}
			}
			why = fmt.Sprintf("a joint move with %s: gains %.3f together, %.3f alone",
				strings.Join(with, " "), d.Joint-d.Payoffs[d.From], gain)
		} else if !d.Available[d.From] {
			why = "its action was no longer available"
		} else if gain <= 0 {
			why = fmt.Sprintf("a noisy or learned choice, %.3f below staying", -gain)
		}
		fmt.Fprintf(w, "round %d: %s moves %s -> %s (%s) [%s]\n",
			d.Round+1, b.NIDs[d.Player], acts[d.From], acts[d.To], why, strings.Join(alts, ", "))
	}
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, " ")
}

func cmdValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("validate", stderr)
	pos, err := parse(fs, args, 1, 1, "one scenario FILE")
	if err != nil {
		return err
	}
	s, _, err := scenarios.Open(pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: ok (%s, model %s, %d nations, %d superpowers, %d rounds)\n",
		pos[0], s.Name, s.Model, len(s.Nations), len(s.Superpowers), s.Rounds)
	return nil
}

func cmdScenarios(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("scenarios", stderr)
	if _, err := parse(fs, args, 0, 0, "no arguments"); err != nil {
		return err
	}
	for _, b := range scenarios.Bundled() {
		fmt.Fprintf(stdout, "%-28s %s\n", b.Name, b.Description)
	}
	return nil
}

func cmdVersion(args []string, stdout, stderr io.Writer) error {
	fmt.Fprintln(stdout, "minilateral", version)
	return nil
}
