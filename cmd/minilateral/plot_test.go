package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/minilateral/minilateral/scenarios"
)

// runCLI runs the command line in-process as main does, writing dir as DIR.
func runCLI(dir string, args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	err := run(args, &o, &e)
	if err != nil {
		e.WriteString("minilateral: " + err.Error() + "\n")
	}
	return strings.ReplaceAll(o.String(), dir, "DIR"), strings.ReplaceAll(e.String(), dir, "DIR"), exitCode(err)
}

// smallSweep writes a scenario file: the bundled export-controls-vs-threat
// sweep shrunk to the given [sweep] table and a shorter run.
func smallSweep(t *testing.T, dir, name, sweepTable string) string {
	t.Helper()
	src, err := scenarios.BundledSource("export-controls-vs-threat")
	if err != nil {
		t.Skipf("no bundled sweep scenario: %v", err)
	}
	i := bytes.Index(src, []byte("\n[sweep]"))
	if i < 0 {
		t.Fatal("export-controls-vs-threat has no [sweep] table")
	}
	text := string(src[:i+1]) + sweepTable
	text = regexp.MustCompile(`(?m)^rounds = \d+`).ReplaceAllString(text, "rounds = 40")
	text = regexp.MustCompile(`(?m)^window = \d+`).ReplaceAllString(text, "window = 10")
	text = regexp.MustCompile(`(?m)^name = "export-controls-vs-threat"`).ReplaceAllString(text, `name = "`+name+`"`)
	p := filepath.Join(dir, name+".toml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const sweep2x3 = `[sweep]
replications = 3
record = "corners"

[[sweep.parameter]]
key = "superpowers.US.export_controls"
values = [0, 0.3, 1]

[[sweep.parameter]]
key = "bloc.threat_credibility"
values = [0, 0.2, 0.9]
`

const sweep1 = `[sweep]
replications = 2

[[sweep.parameter]]
key = "bloc.threat_credibility"
values = [0, 0.5, 1]
`

func needSweep(t *testing.T) {
	t.Helper()
	if _, ok := commands["sweep"]; !ok {
		t.Skip("the sweep command does not exist yet")
	}
}

func TestPlotGolden(t *testing.T) {
	needSweep(t)
	dir := t.TempDir()
	if _, e, code := runCLI(dir, "run", "tiny", "--rounds", "20", "--out", filepath.Join(dir, "run")); code != 0 {
		t.Fatalf("run failed: %s", e)
	}
	sw := smallSweep(t, dir, "two", sweep2x3)
	if _, e, code := runCLI(dir, "sweep", sw, "--out", filepath.Join(dir, "sweep"), "-j", "2", "--quiet", "--no-plot"); code != 0 {
		t.Fatalf("sweep failed: %s", e)
	}
	one := smallSweep(t, dir, "one", sweep1)
	if _, e, code := runCLI(dir, "sweep", one, "--out", filepath.Join(dir, "one"), "--quiet", "--no-plot"); code != 0 {
		t.Fatalf("sweep failed: %s", e)
	}
	if err := os.MkdirAll(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut")
	if _, e, code := runCLI(dir, "run", "tiny", "--rounds", "5", "--out", cut); code != 0 {
		t.Fatalf("run failed: %s", e)
	}
	b, err := os.ReadFile(filepath.Join(cut, "nations.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cut, "nations.csv"), b[:len(b)-10], 0o644); err != nil {
		t.Fatal(err)
	}

	// Results as an older minilateral wrote them: no endowments.csv.
	old := filepath.Join(dir, "old")
	if _, e, code := runCLI(dir, "run", "tiny", "--rounds", "5", "--out", old); code != 0 {
		t.Fatalf("run failed: %s", e)
	}
	if err := os.Remove(filepath.Join(old, "endowments.csv")); err != nil {
		t.Fatal(err)
	}
	pq := filepath.Join(dir, "parquet")
	if _, e, code := runCLI(dir, "run", "tiny", "--rounds", "5", "--format", "parquet", "--out", pq); code != 0 {
		t.Fatalf("run failed: %s", e)
	}

	for _, c := range []struct {
		name string
		args []string
		code int
	}{
		{"run", []string{"plot", filepath.Join(dir, "run")}, 0},
		{"run-moving", []string{"plot", filepath.Join(dir, "run"), "--figures", "endowments,payoffs,alternative", "--format", "svg"}, 0},
		{"run-parquet-moving", []string{"plot", pq, "--figures", "endowments,payoffs,alternative", "--format", "svg"}, 0},
		{"old-run", []string{"plot", old, "--format", "svg"}, 0},
		{"old-run-endowments", []string{"plot", old, "--figures", "series,endowments"}, 1},
		{"sweep-payoffs", []string{"plot", filepath.Join(dir, "sweep"), "--figures", "payoffs"}, 1},
		{"run-pdf-outcome", []string{"plot", filepath.Join(dir, "run"), "--format", "pdf", "--outcome", "welfare"}, 0},
		{"sweep", []string{"plot", "--format", "svg,png,pdf", filepath.Join(dir, "sweep")}, 0},
		{"sweep-k", []string{"plot", filepath.Join(dir, "sweep"), "--k", "2", "--figures", "phase", "--format", "png"}, 0},
		{"sweep-outcome", []string{"plot", filepath.Join(dir, "sweep"), "--outcome", "final_welfare", "--figures", "phase,param", "--format", "svg"}, 0},
		{"one-parameter", []string{"plot", filepath.Join(dir, "one"), "--format", "svg"}, 0},
		{"bad-outcome", []string{"plot", filepath.Join(dir, "sweep"), "--outcome", "bloc"}, 1},
		{"bad-run-outcome", []string{"plot", filepath.Join(dir, "run"), "--outcome", "bloc"}, 1},
		{"phase-one-parameter", []string{"plot", filepath.Join(dir, "one"), "--figures", "phase"}, 1},
		{"empty-dir", []string{"plot", filepath.Join(dir, "empty")}, 1},
		{"missing-dir", []string{"plot", filepath.Join(dir, "nope")}, 1},
		{"cut-off", []string{"plot", cut}, 1},
		{"bad-format", []string{"plot", filepath.Join(dir, "run"), "--format", "jpg"}, 1},
		{"bad-k", []string{"plot", filepath.Join(dir, "sweep"), "--k", "-1"}, 2},
		{"no-dir", []string{"plot"}, 2},
		{"two-dirs", []string{"plot", "a", "b"}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			o, e, code := runCLI(dir, c.args...)
			if code != c.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, c.code, e)
			}
			plotGolden(t, c.name+".stdout", o)
			plotGolden(t, c.name+".stderr", e)
		})
	}
}

// figures returns the files of dir/figures by name.
func figures(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(dir, "figures"))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, "figures", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = b
	}
	return m
}

// TestPlotReproducible is the 'make figures' check on a small sweep: the
// sweep plots itself when done (the hook), and two sweeps with -j 1 and
// one with -j 2 give byte-identical SVG, PNG and PDF figures; plotting a
// run twice gives the same bytes too.
func TestPlotReproducible(t *testing.T) {
	needSweep(t)
	dir := t.TempDir()
	sw := smallSweep(t, dir, "two", sweep2x3)
	var sets []map[string][]byte
	for i, j := range []string{"1", "1", "2"} {
		out := filepath.Join(dir, "sweep"+string(rune('a'+i)))
		o, e, code := runCLI(dir, "sweep", sw, "--out", out, "-j", j)
		if code != 0 {
			t.Fatalf("sweep -j %s failed: %s", j, e)
		}
		if !strings.Contains(o, "figures/summary.svg") {
			t.Errorf("sweep did not plot at the end; stdout:\n%s", o)
		}
		if o, e, code := runCLI(dir, "plot", out, "--format", "pdf"); code != 0 {
			t.Fatalf("plot failed: %s%s", o, e)
		}
		sets = append(sets, figures(t, out))
	}
	var names []string
	for n := range sets[0] {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, ext := range []string{".svg", ".png", ".pdf"} {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.HasSuffix(n, ext) }) {
			t.Errorf("no %s figures among %v", ext, names)
		}
	}
	for i, s := range sets[1:] {
		if len(s) != len(sets[0]) {
			t.Errorf("sweep %d wrote %d figures, sweep 0 %d", i+1, len(s), len(sets[0]))
		}
		for _, n := range names {
			if !bytes.Equal(s[n], sets[0][n]) {
				t.Errorf("%s differs between sweep 0 (-j 1) and sweep %d (-j %s)", n, i+1, []string{"1", "2"}[i])
			}
		}
	}
	run := filepath.Join(dir, "run")
	if _, e, code := runCLI(dir, "run", "baseline", "--rounds", "30", "--out", run); code != 0 {
		t.Fatalf("run failed: %s", e)
	}
	var runs []map[string][]byte
	for range 2 {
		if _, e, code := runCLI(dir, "plot", run, "--format", "svg,png,pdf"); code != 0 {
			t.Fatalf("plot failed: %s", e)
		}
		runs = append(runs, figures(t, run))
	}
	for n, b := range runs[0] {
		if !bytes.Equal(b, runs[1][n]) {
			t.Errorf("run figure %s differs between two plots", n)
		}
	}
}

// TestFiguresScript runs scripts/figures.sh (what 'make figures' runs)
// twice, with -j 1 and -j 2, and checks that the two figure sets are
// byte-identical. It takes some seconds: -short skips it.
func TestFiguresScript(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the full figure set")
	}
	needSweep(t)
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "minilateral")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var sets []map[string][]byte
	for _, j := range []string{"1", "2"} {
		out := filepath.Join(dir, "figures-j"+j)
		cmd := exec.Command("bash", filepath.Join("..", "..", "scripts", "figures.sh"))
		cmd.Env = append(os.Environ(), "J="+j, "FIGURES_OUT="+out, "MINILATERAL="+bin)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("figures.sh with J=%s: %v\n%s", j, err, b)
		}
		m := map[string][]byte{}
		ents, err := os.ReadDir(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			b, err := os.ReadFile(filepath.Join(out, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			m[e.Name()] = b
		}
		sets = append(sets, m)
	}
	if len(sets[0]) == 0 || len(sets[0]) != len(sets[1]) {
		t.Fatalf("figure sets of %d and %d files", len(sets[0]), len(sets[1]))
	}
	for _, want := range []string{"baseline-membership.png", "sweep-phase_mean_bloc_size.pdf", "sweep-summary.svg"} {
		if _, ok := sets[0][want]; !ok {
			t.Errorf("no %s in the figure set", want)
		}
	}
	for n, b := range sets[0] {
		if !bytes.Equal(b, sets[1][n]) {
			t.Errorf("%s differs between -j 1 and -j 2", n)
		}
	}
}

func plotGolden(t *testing.T, name, got string) { t.Helper(); checkGolden(t, "plot", name, got) }
