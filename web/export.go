package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/results/plot"
	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

// exportFiles are the files a session can be exported as; nothing else
// is ever served from the export route.
var exportFiles = map[string]string{
	"rounds.csv":     "text/csv; charset=utf-8",
	"nations.csv":    "text/csv; charset=utf-8",
	"offers.csv":     "text/csv; charset=utf-8",
	"endowments.csv": "text/csv; charset=utf-8",
	"manifest.json":  "application/json",
	"scenario.toml":  "application/toml; charset=utf-8",
	"command.txt":    "text/plain; charset=utf-8",
}

// figureKinds are the run figures the export route draws.
var figureKinds = []string{"series", "membership", "nations", "summary", "endowments", "payoffs", "alternative"}

// replay writes the session's run, cut at the rounds played so far, into
// a new temporary directory exactly as 'minilateral run' does for the
// session's command line, and returns the directory. The caller removes it.
func (ss *session) replay(version string) (string, error) {
	played := ss.run.Engine.Round()
	if played == 0 {
		return "", fmt.Errorf("web: no round played yet: step or run first")
	}
	s := ss.scen.Clone()
	if err := scenarios.Set(s, "rounds", strconv.Itoa(played)); err != nil {
		return "", err
	}
	r, err := sim.New(s, sim.Stream(s.Seed, 0))
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "minilateral-export-")
	if err != nil {
		return "", fmt.Errorf("web: %w", err)
	}
	man, err := results.NewManifest("run", version, s, ss.setup.Sets)
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	man.Extra = map[string]any{"stream": 0, "exported_by": "minilateral serve"}
	w, err := results.NewRunWriter(dir, r.Bloc)
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	r.RunAll(w.Round)
	if err := w.Commit(man); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	if err := man.Write(dir); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// export returns the bytes of one export file of the session.
func (ss *session) export(name, version string) ([]byte, error) {
	switch name {
	case "command.txt":
		return []byte(ss.command() + "\n"), nil
	case "scenario.toml":
		text, _, err := results.Resolve(ss.scen)
		return []byte(text), err
	}
	dir, err := ss.replay(version)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return b, nil
}

// figure draws one run figure (kind from figureKinds, format svg or png)
// with package plot, from the replayed tables.
func (ss *session) figure(kind, format, version string) ([]byte, error) {
	dir, err := ss.replay(version)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	files, err := plot.Dir(dir, plot.Options{Formats: []string{format}, Kinds: []string{kind}})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("web: no %s figure for this run", kind)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return b, nil
}
