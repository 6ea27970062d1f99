package results

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"

	"github.com/BurntSushi/toml"

	"github.com/minilateral/minilateral/scenarios"
)

// Manifest records what produced a directory of results.
type Manifest struct {
	Program      string            `json:"program"`
	Version      string            `json:"version"`
	GoVersion    string            `json:"go_version"`
	Command      string            `json:"command"`
	Scenario     string            `json:"scenario"` // name
	Source       string            `json:"source"`   // file or bundled:NAME
	Sets         []string          `json:"sets"`     // --set overrides, in order
	Seed         uint64            `json:"seed"`
	Rounds       int               `json:"rounds"`
	ScenarioHash string            `json:"scenario_hash"` // SHA-256 of Resolved
	Resolved     string            `json:"resolved"`      // the resolved scenario as TOML
	Extra        map[string]any    `json:"extra,omitempty"`
	Outputs      map[string]string `json:"outputs"` // file name → SHA-256
}

// Resolve renders a scenario, with every default and override applied,
// as TOML, and its SHA-256. encoding is deterministic: maps are sorted.
func Resolve(s *scenarios.Scenario) (text, hash string, err error) {
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(s); err != nil {
		return "", "", fmt.Errorf("results: %w", err)
	}
	sum := sha256.Sum256(b.Bytes())
	return b.String(), hex.EncodeToString(sum[:]), nil
}

// NewManifest fills the fields common to every command.
func NewManifest(command, version string, s *scenarios.Scenario, sets []string) (*Manifest, error) {
	text, hash, err := Resolve(s)
	if err != nil {
		return nil, err
	}
	if sets == nil {
		sets = []string{}
	}
	return &Manifest{Program: "minilateral", Version: version, GoVersion: runtime.Version(), Command: command,
		Scenario: s.Name, Source: s.File(), Sets: sets, Seed: s.Seed, Rounds: s.Rounds,
		ScenarioHash: hash, Resolved: text, Outputs: map[string]string{}}, nil
}

// Write stores the manifest as dir/manifest.json (atomically).
// encoding/json sorts map keys, so the bytes are deterministic.
func (m *Manifest) Write(dir string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	_, err = WriteFileAtomic(dir, "manifest.json", append(b, '\n'))
	return err
}
