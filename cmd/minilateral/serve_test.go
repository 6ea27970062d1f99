package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minilateral/minilateral/web"
)

func TestExportHTMLGolden(t *testing.T) {
	dir := t.TempDir()
	runDir := filepath.Join(dir, "run")
	if _, e, code := invoke(t, dir, "run", "tiny", "--rounds", "10", "--out", runDir); code != 0 {
		t.Fatal(e)
	}
	cut := filepath.Join(dir, "cut")
	os.MkdirAll(cut, 0o755)
	rounds, _ := os.ReadFile(filepath.Join(runDir, "rounds.csv"))
	os.WriteFile(filepath.Join(cut, "rounds.csv"), rounds[:len(rounds)-5], 0o644)
	nations, _ := os.ReadFile(filepath.Join(runDir, "nations.csv"))
	os.WriteFile(filepath.Join(cut, "nations.csv"), nations, 0o644)
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"export-html-no-dir", []string{"export-html"}, 2},
		{"export-html-missing", []string{"export-html", filepath.Join(dir, "missing")}, 1},
		{"export-html-cut", []string{"export-html", cut}, 1},
		{"serve-help", []string{"serve", "-h"}, 0},
		{"serve-extra-arg", []string{"serve", "baseline"}, 2},
		{"serve-bad-addr", []string{"serve", "--addr", "256.1.1.1:99999"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, e, code := invoke(t, dir, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.code, e)
			}
			golden(t, tt.name+".stdout", o)
			golden(t, tt.name+".stderr", e)
		})
	}
	// A good run directory: the file is written, names the scenario and
	// carries every row.
	out := filepath.Join(dir, "share.html")
	if _, e, code := invoke(t, dir, "export-html", runDir, "--out", out); code != 0 {
		t.Fatal(e)
	}
	page, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	if !strings.Contains(s, "replay of tiny") || strings.Contains(s, `src="/static`) || strings.Contains(s, `href="/static`) {
		t.Errorf("replay file is not self-contained or misnamed:\n%.400s", s)
	}
	lines := strings.Split(strings.TrimSpace(string(rounds)), "\n")
	if !strings.Contains(s, strings.ReplaceAll(lines[len(lines)-1], "<", `\u003c`)) {
		t.Error("replay file lacks the last row of rounds.csv")
	}
}

// TestServeErrorsMatchCLI: an invalid value on the page shows the error
// the CLI prints for the same --set.
func TestServeErrorsMatchCLI(t *testing.T) {
	ts := httptest.NewServer(web.New(web.Options{}).Handler())
	defer ts.Close()
	for _, set := range []string{"superpowers.US.export_controls=2", "superpowers.US.export_controls=abc", "nations.XX.market=0.1", "bloc.nope=1"} {
		_, stderr, code := invoke(t, "", "run", "baseline", "--out", t.TempDir(), "--set", set)
		if code == 0 {
			t.Fatalf("--set %s accepted by the CLI", set)
		}
		body, _ := json.Marshal(web.Setup{Scenario: "baseline", Sets: []string{set}})
		res, err := http.Post(ts.URL+"/api/sessions", "application/json", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var e struct{ Error string }
		json.Unmarshal(b, &e)
		if res.StatusCode != 400 || "minilateral: "+e.Error+"\n" != stderr {
			t.Errorf("--set %s: page %d %q, CLI %q", set, res.StatusCode, e.Error, stderr)
		}
	}
}
