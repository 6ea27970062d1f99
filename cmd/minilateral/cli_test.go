package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of the command tests (testdata/*)")

// golden compares got with testdata/cli/NAME, rewriting it under -update.
func golden(t *testing.T, name, got string) { t.Helper(); checkGolden(t, "cli", name, got) }

// checkGolden compares got with testdata/DIR/NAME, rewriting it under
// -update. Every command's golden files go through it.
func checkGolden(t *testing.T, dir, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", dir, name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// invoke runs the CLI in-process as main would, with DIR standing for dir.
func invoke(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	err := run(args, &o, &e)
	if err != nil {
		e.WriteString("minilateral: " + err.Error() + "\n")
	}
	clean := func(s string) string {
		if dir != "" {
			s = strings.ReplaceAll(s, dir, "DIR")
		}
		return s
	}
	return clean(o.String()), clean(e.String()), exitCode(err)
}

func TestCLIGolden(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("name = \"t\"\n[superpowers.US]\nexport_control = 0.5\n[nations.IN]\nmarket = 0.1\n"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"run-tiny", []string{"run", "tiny", "--out", filepath.Join(dir, "tiny"), "--rounds", "30", "--seed", "7"}, 0},
		{"run-narrate", []string{"run", "baseline", "--narrate", "--rounds", "12", "--out", filepath.Join(dir, "n")}, 0},
		{"run-set", []string{"run", "baseline", "--out", filepath.Join(dir, "b"), "--set", "bloc.threat_credibility=0", "--rounds", "20"}, 0},
		{"run-lesson-pd", []string{"run", "lesson-pd", "--seed", "3", "--out", filepath.Join(dir, "pd")}, 0},
		{"run-lesson-rubinstein", []string{"run", "lesson-rubinstein", "--out", filepath.Join(dir, "rb")}, 0},
		{"validate-ok", []string{"validate", "../../scenarios/bundled/baseline.toml"}, 0},
		{"validate-typo", []string{"validate", bad}, 1},
		{"validate-missing", []string{"validate", filepath.Join(dir, "missing.toml")}, 1},
		{"run-unknown-nation", []string{"run", "baseline", "--out", filepath.Join(dir, "x1"), "--set", "nations.XX.market=0.1"}, 1},
		{"run-non-numeric", []string{"run", "baseline", "--out", filepath.Join(dir, "x2"), "--set", "superpowers.US.export_controls=abc"}, 1},
		{"run-out-of-range", []string{"run", "baseline", "--out", filepath.Join(dir, "x3"), "--set", "superpowers.US.export_controls=2"}, 1},
		{"run-no-scenario", []string{"run"}, 2},
		{"run-unknown-bundle", []string{"run", "nonesuch", "--out", filepath.Join(dir, "x4")}, 1},
		{"unknown-command", []string{"frobnicate"}, 2},
		{"version", []string{"version"}, 0},
		{"run-help", []string{"run", "-h"}, 0},
		{"run-bad-flag", []string{"run", "baseline", "--bogus"}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := invoke(t, dir, tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			golden(t, tc.name+".stdout", out)
			golden(t, tc.name+".stderr", errOut)
		})
	}
	// Refused runs write nothing at all.
	for _, d := range []string{"x1", "x2", "x3", "x4"} {
		if _, err := os.Stat(filepath.Join(dir, d)); !os.IsNotExist(err) {
			t.Errorf("refused run left %s behind (%v)", d, err)
		}
	}
}

func TestRunByteIdentical(t *testing.T) {
	dir := t.TempDir()
	read := func(sub string) map[string][]byte {
		out := map[string][]byte{}
		for _, f := range []string{"rounds.csv", "nations.csv", "offers.csv", "endowments.csv", "manifest.json"} {
			b, err := os.ReadFile(filepath.Join(dir, sub, f))
			if err != nil {
				t.Fatal(err)
			}
			out[f] = b
		}
		return out
	}
	for _, sub := range []string{"a", "b"} {
		if _, e, code := invoke(t, dir, "run", "baseline", "--out", filepath.Join(dir, sub)); code != 0 {
			t.Fatal(e)
		}
	}
	a, b := read("a"), read("b")
	for f := range a {
		if !bytes.Equal(a[f], b[f]) {
			t.Errorf("%s differs between two runs of the same scenario and seed", f)
		}
	}
	if !bytes.Contains(a["manifest.json"], []byte(`"rounds.csv": "`)) {
		t.Error("manifest lacks the rounds.csv checksum")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "a"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestScenariosListsBundled(t *testing.T) {
	out, _, code := invoke(t, "", "scenarios")
	if code != 0 {
		t.Fatal(code)
	}
	for _, name := range []string{"baseline", "no-threat", "divide-and-rule", "weakest-link", "adaptive-controls"} {
		if !strings.Contains(out, name) {
			t.Errorf("scenarios output lacks %s:\n%s", name, out)
		}
	}
}

// TestRunReplaysSweepRun: any run of a sweep can be replayed alone with
// run --set (its parameter values) --stream (its seed column); the replay's
// rounds.csv equals the sweep's recorded series for that run, row for row.
func TestRunReplaysSweepRun(t *testing.T) {
	dir := t.TempDir()
	sw := filepath.Join(dir, "sw")
	if _, e, code := invoke(t, dir, "sweep", "testdata/sweep/small.toml", "-j", "2", "--out", sw, "--quiet", "--no-plot"); code != 0 {
		t.Fatal(e)
	}
	series, err := os.ReadFile(filepath.Join(sw, "series_rounds.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(series)), "\n")
	// The last recorded run: point 5 (x = 1, c = 0.8), replicate 2, stream 2.
	var want []string
	for _, l := range lines[1:] {
		f := strings.SplitN(l, ",", 4)
		if f[1] == "5" && f[2] == "2" {
			want = append(want, f[3])
		}
	}
	if len(want) == 0 {
		t.Fatal("point 5, replicate 2 was not recorded")
	}
	out := filepath.Join(dir, "replay")
	if _, e, code := invoke(t, dir, "run", "testdata/sweep/small.toml", "--set", "superpowers.US.export_controls=1",
		"--set", "bloc.threat_credibility=0.8", "--stream", "2", "--out", out); code != 0 {
		t.Fatal(e)
	}
	got, err := os.ReadFile(filepath.Join(out, "rounds.csv"))
	if err != nil {
		t.Fatal(err)
	}
	gotLines := strings.Split(strings.TrimSpace(string(got)), "\n")[1:]
	if strings.Join(gotLines, "\n") != strings.Join(want, "\n") {
		t.Errorf("replayed run differs from the sweep's series:\n got %d rows, first %q\nwant %d rows, first %q",
			len(gotLines), gotLines[0], len(want), want[0])
	}
}

// TestSweepWithoutParameters: a scenario with no [sweep] table is refused
// and writes nothing; a [sweep] of replications only runs, and its default
// plot says there is nothing to draw instead of failing.
func TestSweepWithoutParameters(t *testing.T) {
	dir := t.TempDir()
	_, e, code := invoke(t, dir, "sweep", "baseline", "--out", filepath.Join(dir, "none"))
	if code != 1 || !strings.Contains(e, "has no [sweep] table") {
		t.Errorf("sweep of a scenario without [sweep]: exit %d, stderr %q", code, e)
	}
	if _, err := os.Stat(filepath.Join(dir, "none")); !os.IsNotExist(err) {
		t.Errorf("refused sweep left its directory behind (%v)", err)
	}
	src, err := os.ReadFile("../../scenarios/bundled/tiny.toml")
	if err != nil {
		t.Fatal(err)
	}
	reps := filepath.Join(dir, "reps.toml")
	os.WriteFile(reps, append(src, "\n[sweep]\nreplications = 3\n"...), 0o644)
	out, e, code := invoke(t, dir, "sweep", reps, "-j", "2", "--out", filepath.Join(dir, "reps"))
	if code != 0 || !strings.Contains(out, "3 runs") || !strings.Contains(out, "no figures") {
		t.Errorf("replications-only sweep: exit %d, stdout %q, stderr %q", code, out, e)
	}
	runs, err := os.ReadFile(filepath.Join(dir, "reps", "runs.csv"))
	if err != nil || strings.Count(string(runs), "\n") != 4 {
		t.Errorf("runs.csv of 3 replications: %v\n%s", err, runs)
	}
}

// TestMergeRefusesStaleOrAliasedShards: a shard directory where a newer
// sweep is unfinished (its .sweep work directory beside the old tables) is
// refused, and so is an --out that is a shard under another name (a link).
func TestMergeRefusesStaleOrAliasedShards(t *testing.T) {
	dir := t.TempDir()
	for _, sh := range []string{"1/2", "2/2"} {
		out := filepath.Join(dir, "s"+sh[:1])
		if _, e, code := invoke(t, dir, "sweep", "testdata/sweep/small.toml", "--shard", sh, "-j", "2", "--out", out, "--quiet", "--no-plot"); code != 0 {
			t.Fatal(e)
		}
	}
	link := filepath.Join(dir, "link2")
	if err := os.Symlink(filepath.Join(dir, "s2"), link); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "s2", "runs.csv"))
	_, e, code := invoke(t, dir, "merge", filepath.Join(dir, "s1"), filepath.Join(dir, "s2"), "--out", link)
	if code == 0 || !strings.Contains(e, "cannot be one of the shards") {
		t.Errorf("merge into a link to a shard: exit %d, stderr %q", code, e)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "s2", "runs.csv")); !bytes.Equal(before, after) {
		t.Error("merge overwrote a shard through a link")
	}
	// An unfinished newer sweep in s1: its work directory sits beside the
	// finished tables of the old one.
	if err := os.Mkdir(filepath.Join(dir, "s1", ".sweep"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, e, code = invoke(t, dir, "merge", filepath.Join(dir, "s1"), filepath.Join(dir, "s2"), "--out", filepath.Join(dir, "m"))
	if code == 0 || !strings.Contains(e, "unfinished shard") {
		t.Errorf("merge of a shard with an unfinished sweep: exit %d, stderr %q", code, e)
	}
}

// TestRunStreamUsesSweepSeed: with a [sweep] seed, run --stream replays the
// sweep's run without --seed.
func TestRunStreamUsesSweepSeed(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/sweep/small.toml")
	if err != nil {
		t.Fatal(err)
	}
	seeded := filepath.Join(dir, "seeded.toml")
	os.WriteFile(seeded, []byte(strings.Replace(string(src), "[sweep]\n", "[sweep]\nseed = 7\n", 1)), 0o644)
	sw := filepath.Join(dir, "sw")
	if _, e, code := invoke(t, dir, "sweep", seeded, "-j", "2", "--out", sw, "--quiet", "--no-plot"); code != 0 {
		t.Fatal(e)
	}
	series, _ := os.ReadFile(filepath.Join(sw, "series_rounds.csv"))
	var want []string
	for _, l := range strings.Split(strings.TrimSpace(string(series)), "\n")[1:] {
		if f := strings.SplitN(l, ",", 4); f[1] == "0" && f[2] == "1" {
			want = append(want, f[3])
		}
	}
	out := filepath.Join(dir, "replay")
	if _, e, code := invoke(t, dir, "run", seeded, "--set", "superpowers.US.export_controls=0",
		"--set", "bloc.threat_credibility=0.2", "--stream", "1", "--out", out); code != 0 {
		t.Fatal(e)
	}
	got, _ := os.ReadFile(filepath.Join(out, "rounds.csv"))
	if g := strings.Split(strings.TrimSpace(string(got)), "\n")[1:]; len(want) == 0 || strings.Join(g, "\n") != strings.Join(want, "\n") {
		t.Errorf("run --stream 1 does not replay run 1 of a sweep with seed 7 (%d rows vs %d)", len(g), len(want))
	}
}
