package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/minilateral/minilateral/results"
)

// WriteReplay writes one self-contained HTML file that replays the run in
// dir (a directory written by 'minilateral run': rounds.csv, nations.csv,
// manifest.json) with no server: the page's script, style sheet and the
// tables are inlined. The narration is rebuilt from nations.csv (changes
// of action, without the payoffs of the alternatives, which a run
// directory does not keep).
func WriteReplay(w io.Writer, dir, version string) error {
	d, err := readRun(dir)
	if err != nil {
		return err
	}
	data, err := json.Marshal(d) // escapes <, > and &: safe inside <script>
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	css, err := fs.ReadFile(Assets, "style.css")
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	js, err := fs.ReadFile(Assets, "app.js")
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	page := template.Must(template.ParseFS(Assets, "index.html"))
	var b bytes.Buffer
	if err := page.Execute(&b, pageData{Version: version, Replay: d, Data: template.JS(data),
		CSS: template.CSS(css), JS: template.JS(js)}); err != nil {
		return fmt.Errorf("web: %w", err)
	}
	_, err = w.Write(b.Bytes())
	return err
}

// readRun reads a run directory into the page's Data, checking that the
// tables are complete and consistent.
func readRun(dir string) (*Data, error) {
	read := func(name string) ([]string, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("web: %w (want a directory written by 'minilateral run')", err)
		}
		if len(b) == 0 || b[len(b)-1] != '\n' {
			return nil, fmt.Errorf("web: %s: cut off (no final newline)", filepath.Join(dir, name))
		}
		return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"), nil
	}
	rl, err := read("rounds.csv")
	if err != nil {
		return nil, err
	}
	nl, err := read("nations.csv")
	if err != nil {
		return nil, err
	}
	var man results.Manifest
	if b, err := os.ReadFile(filepath.Join(dir, "manifest.json")); err == nil {
		if err := json.Unmarshal(b, &man); err != nil {
			return nil, fmt.Errorf("web: %s: %w", filepath.Join(dir, "manifest.json"), err)
		}
	}
	header := strings.Split(rl[0], ",")
	nheader := strings.Split(nl[0], ",")
	col := func(h []string, name, file string) (int, error) {
		for i, c := range h {
			if c == name {
				return i, nil
			}
		}
		return 0, fmt.Errorf("web: %s: no column %q", filepath.Join(dir, file), name)
	}
	ir, err := col(nheader, "round", "nations.csv")
	if err != nil {
		return nil, err
	}
	in, err := col(nheader, "nation", "nations.csv")
	if err != nil {
		return nil, err
	}
	ia, err := col(nheader, "action", "nations.csv")
	if err != nil {
		return nil, err
	}
	d := &Data{ID: "replay", Scenario: man.Scenario, Seed: man.Seed, Header: header, NHeader: nheader,
		Played: len(rl) - 2, Done: true, Events: []Event{},
		RoundRows: strings.Join(rl[1:], "\n") + "\n", NationRows: strings.Join(nl[1:], "\n") + "\n"}
	d.Rounds = d.Played
	if d.Played < 0 {
		return nil, fmt.Errorf("web: %s: no rows", filepath.Join(dir, "rounds.csv"))
	}
	last := map[string]string{}
	seen := map[string]bool{}
	for k, line := range nl[1:] {
		c := strings.Split(line, ",")
		if len(c) != len(nheader) {
			return nil, fmt.Errorf("web: %s:%d: %d fields, want %d", filepath.Join(dir, "nations.csv"), k+2, len(c), len(nheader))
		}
		id, act := c[in], c[ia]
		if !seen[id] {
			seen[id] = true
			d.Nations = append(d.Nations, id)
		}
		if !seen["act:"+act] {
			seen["act:"+act] = true
			d.Actions = append(d.Actions, act)
		}
		if prev, ok := last[id]; ok && prev != act {
			r, _ := strconv.Atoi(c[ir])
			d.Events = append(d.Events, Event{Round: r, Nation: id, From: prev, To: act, Alts: map[string]float64{}})
		}
		last[id] = act
	}
	d.Actions = orderActions(d.Actions)
	d.Command = replayCommand(&man)
	return d, nil
}

// orderActions puts bloc first and alone last, as the model does, so that
// colours match the live page.
func orderActions(a []string) []string {
	var out, deals []string
	has := map[string]bool{}
	for _, x := range a {
		has[x] = true
		if strings.HasPrefix(x, "deal-") {
			deals = append(deals, x)
		}
	}
	if has["bloc"] {
		out = append(out, "bloc")
	}
	slices.Sort(deals)
	out = append(out, deals...)
	if has["alone"] {
		out = append(out, "alone")
	}
	return out
}

// replayCommand is the command line that wrote a run directory, from its
// manifest.
func replayCommand(m *results.Manifest) string {
	src := strings.TrimPrefix(m.Source, "bundled:")
	if src == "" {
		src = "SCENARIO"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "minilateral run %s --seed %d --rounds %d", src, m.Seed, m.Rounds)
	for _, kv := range m.Sets {
		if strings.HasPrefix(kv, "seed=") || strings.HasPrefix(kv, "rounds=") {
			continue
		}
		b.WriteString(" --set " + kv)
	}
	return b.String()
}
