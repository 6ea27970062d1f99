package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

// Setup is what the page asks for: a scenario (a bundled name, or an
// uploaded TOML text), a seed, the rounds and parameter overrides. A
// session is rebuilt from its Setup by Reset; New seed is a Setup with
// another seed.
type Setup struct {
	Scenario string   `json:"scenario"`       // bundled name; ignored when TOML is set
	TOML     string   `json:"toml,omitempty"` // uploaded scenario source
	Seed     *uint64  `json:"seed,omitempty"` // nil: the scenario's
	Rounds   int      `json:"rounds,omitempty"`
	Sets     []string `json:"sets,omitempty"` // key=value, applied in order
}

// textKeys are the scenario's string parameters the page offers as
// choices; scenarios.Set handles only numbers and booleans.
var textKeys = map[string][]string{
	"decisions.rule":         {"best-response", "logit", "roth-erev", "imitation", "forward-looking"},
	"decisions.tie":          {"stay", "join", "outside", "random"},
	"bloc.entry":             {"open", "consensus"},
	"bloc.contribution_rule": {"equal", "gdp", "endowment"},
	"superpowers.*.mode":     {"fixed", "strategic", "adaptive", "divide-and-rule"},
}

// setText assigns one of the textKeys; ok is false when key is not one.
func setText(s *scenarios.Scenario, key, value string) (ok bool, err error) {
	pattern := key
	parts := strings.Split(key, ".")
	if len(parts) == 3 && parts[0] == "superpowers" {
		pattern = "superpowers.*." + parts[2]
	}
	choices, ok := textKeys[pattern]
	if !ok {
		return false, nil
	}
	found := false
	for _, c := range choices {
		found = found || c == value
	}
	if !found {
		return true, fmt.Errorf("scenarios: %s: %q is not one of %s", key, value, strings.Join(choices, ", "))
	}
	switch key {
	case "decisions.rule":
		s.Decisions.Rule = value
	case "decisions.tie":
		s.Decisions.Tie = value
	case "bloc.entry":
		s.Bloc.Entry = value
	case "bloc.contribution_rule":
		s.Bloc.ContributionRule = value
	default:
		sp, ok := s.Superpowers[parts[1]]
		if !ok {
			return true, fmt.Errorf("scenarios: unknown superpower %q in %q", parts[1], key)
		}
		sp.Mode = value
	}
	return true, nil
}

// build resolves a Setup into a validated scenario, applying the bounds.
// Errors are the ones the CLI prints for the same input.
func (srv *Server) build(st Setup) (*scenarios.Scenario, error) {
	var s *scenarios.Scenario
	var err error
	if st.TOML != "" {
		s, err = scenarios.Parse("upload.toml", []byte(st.TOML))
	} else {
		if !bundledName(st.Scenario) {
			return nil, fmt.Errorf("scenarios: no bundled scenario %q (see 'minilateral scenarios')", st.Scenario)
		}
		s, err = scenarios.Bundle(st.Scenario)
	}
	if err != nil {
		return nil, err
	}
	sets := st.Sets
	if st.Seed != nil {
		sets = append([]string{"seed=" + strconv.FormatUint(*st.Seed, 10)}, sets...)
	}
	if st.Rounds != 0 {
		sets = append([]string{"rounds=" + strconv.Itoa(st.Rounds)}, sets...)
	}
	if len(sets) > srv.opt.MaxSets {
		return nil, fmt.Errorf("web: %d parameter settings: at most %d", len(sets), srv.opt.MaxSets)
	}
	for _, kv := range sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fmt.Errorf("--set %q: want key=value", kv)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if isText, err := setText(s, k, v); isText {
			if err != nil {
				return nil, fmt.Errorf("--set %s: %w", kv, err)
			}
			continue
		}
		if err := scenarios.Set(s, k, v); err != nil {
			return nil, fmt.Errorf("--set %s: %w", kv, err)
		}
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.Model != "ai-bloc" {
		return nil, fmt.Errorf("web: model %q: the live page plays the ai-bloc model; run classic games with 'minilateral run %s'", s.Model, st.Scenario)
	}
	if s.Rounds > srv.opt.MaxRounds {
		return nil, fmt.Errorf("web: rounds = %d: the live page plays at most %d rounds (use 'minilateral run' for more)", s.Rounds, srv.opt.MaxRounds)
	}
	if len(s.Nations) > srv.opt.MaxNations {
		return nil, fmt.Errorf("web: %d nations: the live page takes at most %d", len(s.Nations), srv.opt.MaxNations)
	}
	if cells := s.Rounds * (len(s.Nations) + 1); cells > srv.opt.MaxCells {
		return nil, fmt.Errorf("web: %d rounds × %d nations is too large for the live page (at most %d nation-rounds); use 'minilateral run'", s.Rounds, len(s.Nations), srv.opt.MaxCells)
	}
	return s, nil
}

// catalogue is the bundled scenarios and which of them the page plays,
// read once: parsing every bundled file costs milliseconds.
var catalogue = sync.OnceValues(func() (all, aiBloc []scenarios.Info) {
	for _, b := range scenarios.Bundled() {
		all = append(all, b)
		if s, err := scenarios.Bundle(b.Name); err == nil && s.Model == "ai-bloc" {
			aiBloc = append(aiBloc, b)
		}
	}
	return all, aiBloc
})

func bundledName(name string) bool {
	all, _ := catalogue()
	for _, b := range all {
		if b.Name == name {
			return true
		}
	}
	return false
}

// Event is one change of action, from the engine's observer: what the
// nation left, what it chose and what every available action would have
// paid it.
type Event struct {
	Round  int                `json:"round"` // 1-based, as in rounds.csv
	Nation string             `json:"nation"`
	From   string             `json:"from"`
	To     string             `json:"to"`
	Gain   float64            `json:"gain"` // payoff of To minus payoff of From
	Forced bool               `json:"forced,omitempty"`
	Alts   map[string]float64 `json:"alts"`
	// With, for a coalitional move (M12), names the nations that moved
	// with it and Joint its gain from the joint move.
	With  []string `json:"with,omitempty"`
	Joint float64  `json:"joint,omitempty"`
}

// session is one run on the server.
type session struct {
	mu    sync.Mutex
	id    string
	last  time.Time
	setup Setup
	scen  *scenarios.Scenario
	run   *sim.Run
	done  bool

	header   []string
	rounds   []byte // rounds.csv rows (no header)
	roundAt  []int  // rounds[roundAt[t]:] starts at round t
	nations  []byte
	nationAt []int
	events   []Event
}

func newSession(id string, st Setup, s *scenarios.Scenario) (*session, error) {
	r, err := sim.New(s, sim.Stream(s.Seed, 0))
	if err != nil {
		return nil, err
	}
	ss := &session{id: id, setup: st, scen: s, run: r, header: results.RoundsHeader(r.Bloc.SIDs)}
	b := r.Bloc
	acts := b.Actions()
	r.Engine.Observer = func(d *sim.Decision) {
		if d.From == d.To {
			return
		}
		ev := Event{Round: d.Round + 1, Nation: b.NIDs[d.Player], From: acts[d.From], To: acts[d.To],
			Gain: d.Payoffs[d.To] - d.Payoffs[d.From], Forced: !d.Available[d.From], Alts: map[string]float64{}}
		for a, p := range d.Payoffs {
			if d.Available[a] && !math.IsNaN(p) && !math.IsInf(p, 0) {
				ev.Alts[acts[a]] = p
			}
		}
		if math.IsNaN(ev.Gain) || math.IsInf(ev.Gain, 0) {
			ev.Gain = 0
		}
		if d.Group != nil {
			for _, j := range d.Group {
				if j != d.Player {
					ev.With = append(ev.With, b.NIDs[j])
				}
			}
			if g := d.Joint - d.Payoffs[d.From]; !math.IsNaN(g) && !math.IsInf(g, 0) {
				ev.Joint = g
			}
		}
		ss.events = append(ss.events, ev)
	}
	ss.record()
	return ss, nil
}

// record appends the rows of the state after the latest round.
func (ss *session) record() {
	ss.roundAt = append(ss.roundAt, len(ss.rounds))
	ss.rounds = results.AppendRoundRow(ss.rounds, ss.run)
	ss.nationAt = append(ss.nationAt, len(ss.nations))
	ss.nations = results.AppendNationRows(ss.nations, nil, ss.run)
}

// step plays up to n rounds.
func (ss *session) step(n int) {
	for range n {
		if ss.done {
			return
		}
		if !ss.run.Step() {
			ss.done = true
			return
		}
		ss.record()
	}
	if ss.run.Engine.Round() >= ss.scen.Rounds || ss.run.Engine.Stopped() {
		ss.done = true
	}
}

// Data is the part of a session's tables the page has not seen yet.
type Data struct {
	ID         string   `json:"id"`
	Scenario   string   `json:"scenario"`
	Seed       uint64   `json:"seed"`
	Rounds     int      `json:"rounds"` // the scenario's
	Played     int      `json:"played"`
	Done       bool     `json:"done"`
	Nations    []string `json:"nations"`
	Actions    []string `json:"actions"`
	Header     []string `json:"header"`         // rounds.csv columns
	NHeader    []string `json:"nations_header"` // nations.csv columns
	From       int      `json:"from"`           // first round in RoundRows
	RoundRows  string   `json:"round_rows"`     // rounds.csv rows from round From
	NationRows string   `json:"nation_rows"`    // nations.csv rows from round From
	Events     []Event  `json:"events"`         // changes of action in rounds > From
	Command    string   `json:"command"`
}

func (ss *session) data(from int) *Data {
	played := ss.run.Engine.Round()
	from = max(0, min(from, played+1))
	d := &Data{ID: ss.id, Scenario: ss.scen.Name, Seed: ss.scen.Seed, Rounds: ss.scen.Rounds, Played: played,
		Done: ss.done, Nations: ss.run.Bloc.NIDs, Actions: ss.run.Bloc.Actions(), Header: ss.header,
		NHeader: results.NationsHeader, From: from, Events: []Event{}, Command: ss.command()}
	if from < len(ss.roundAt) {
		d.RoundRows = string(ss.rounds[ss.roundAt[from]:])
		d.NationRows = string(ss.nations[ss.nationAt[from]:])
	}
	for i := len(ss.events) - 1; i >= 0 && ss.events[i].Round >= from; i-- {
		d.Events = append(d.Events, ss.events[i])
	}
	for i, j := 0, len(d.Events)-1; i < j; i, j = i+1, j-1 {
		d.Events[i], d.Events[j] = d.Events[j], d.Events[i]
	}
	return d
}

// command is the 'minilateral run' command line that writes the same
// tables as the rounds played so far (before the first round: the whole
// run). A setup with text choices or an uploaded file needs the exported
// scenario.toml.
func (ss *session) command() string {
	st := ss.setup
	rounds := ss.run.Engine.Round()
	if rounds == 0 {
		rounds = ss.scen.Rounds
	}
	src := st.Scenario
	needFile := st.TOML != ""
	for _, kv := range st.Sets {
		k, _, _ := strings.Cut(kv, "=")
		p := strings.Split(strings.TrimSpace(k), ".")
		if len(p) == 3 && p[0] == "superpowers" {
			p[1] = "*"
		}
		if _, ok := textKeys[strings.Join(p, ".")]; ok {
			needFile = true
		}
	}
	var b strings.Builder
	if needFile {
		fmt.Fprintf(&b, "minilateral run scenario.toml --seed %d --rounds %d", ss.scen.Seed, rounds)
	} else {
		fmt.Fprintf(&b, "minilateral run %s --seed %d --rounds %d", src, ss.scen.Seed, rounds)
		for _, kv := range st.Sets {
			k, v, _ := strings.Cut(kv, "=")
			fmt.Fprintf(&b, " --set %s=%s", strings.TrimSpace(k), strings.TrimSpace(v))
		}
	}
	b.WriteString(" --out out/" + safeName(ss.scen.Name))
	return b.String()
}

// safeName keeps letters, digits, '-' and '_' of a name for a directory.
func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "run"
	}
	return b.String()
}
