package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minilateral/minilateral/sim"
	"github.com/minilateral/minilateral/sweep"
)

const smallSens = "testdata/sensitivity/small.toml"

var sensTables = []string{"runs.csv", "points.csv", "indices.csv", "convergence.csv", "design.csv"}

func sensInvoke(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	hook := plotSensitivity
	plotSensitivity = nil // the figures are tested elsewhere
	defer func() { plotSensitivity = hook }()
	return swInvoke(t, args...)
}

func sensGolden(t *testing.T, name, got string) { t.Helper(); checkGolden(t, "sensitivity", name, got) }

// Bad input is refused with a clear error and nothing is written.
func TestSensitivityBadInput(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"n-not-power", []string{"sensitivity", "ishigami", "--n", "1000"}, 2},
		{"no-range", []string{"sensitivity", "testdata/sensitivity/norange.toml"}, 1},
		{"outside-range", []string{"sensitivity", "testdata/sensitivity/outside.toml"}, 1},
		{"unknown-outcome", []string{"sensitivity", "ishigami", "--outcome", "z"}, 1},
		{"bad-method", []string{"sensitivity", "ishigami", "--method", "fast"}, 2},
		{"analyse-sweep", []string{"sensitivity", "--analyse", "testdata/sweep"}, 1},
		{"discover-no-sweep", []string{"discover", "testdata/sensitivity", "--outcome", "y", "--where", ">=1"}, 1},
	}
	for _, c := range cases {
		out := filepath.Join(dir, c.name)
		args := c.args
		if args[0] == "sensitivity" && !strings.Contains(strings.Join(args, " "), "--analyse") {
			args = append(args, "--out", out)
		}
		stdout, stderr, code := sensInvoke(t, args...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d; stderr %s", c.name, code, c.code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: %s was created", c.name, out)
		}
		sensGolden(t, c.name+".stderr", normalise(stderr, dir))
		if stdout != "" {
			t.Errorf("%s: printed %q", c.name, stdout)
		}
	}
	before := listDir(t, "testdata/sensitivity")
	if len(before) != 0 && slicesContains(before, "prim_box.csv") {
		t.Error("discover wrote into a directory with no sweep")
	}
}

func slicesContains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func TestPriorsCommand(t *testing.T) {
	stdout, stderr, code := sensInvoke(t, "priors", "--priors", "testdata/sensitivity/priors.toml")
	if code != 0 {
		t.Fatal(stderr)
	}
	sensGolden(t, "priors.stdout", stdout)
	stdout, _, code = sensInvoke(t, "priors", "--toml", "--priors", "testdata/sensitivity/priors.toml")
	if code != 0 || stdout != string(read(t, "testdata/sensitivity/priors.toml")) {
		t.Errorf("priors --toml: exit %d, printed %q", code, stdout)
	}
	// The bundled file loads, whatever it holds.
	if _, stderr, code := sensInvoke(t, "priors"); code != 0 {
		t.Errorf("priors (bundled): exit %d: %s", code, stderr)
	}
}

// The result is byte-identical for any number of workers, for shards
// merged, and for an interrupted analysis resumed.
func TestSensitivityIdentical(t *testing.T) {
	dir := t.TempDir()
	ref := filepath.Join(dir, "j1")
	stdout, stderr, code := sensInvoke(t, "sensitivity", smallSens, "-j", "1", "--out", ref)
	if code != 0 {
		t.Fatal(stderr)
	}
	sensGolden(t, "small.stdout", normalise(stdout, dir))
	j3 := filepath.Join(dir, "j3")
	if _, stderr, code := sensInvoke(t, "sensitivity", smallSens, "-j", "3", "--out", j3, "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	sameTables(t, ref, j3, sensTables...)

	var shards []string
	for i := 1; i <= 2; i++ {
		out := filepath.Join(dir, fmt.Sprintf("s%d", i))
		if _, stderr, code := sensInvoke(t, "sensitivity", smallSens, "--shard", fmt.Sprintf("%d/2", i), "--out", out, "--quiet"); code != 0 {
			t.Fatalf("shard %d: %s", i, stderr)
		}
		if _, err := os.Stat(filepath.Join(out, "indices.csv")); err == nil {
			t.Errorf("shard %d was analysed on its own", i)
		}
		shards = append(shards, out)
	}
	merged := filepath.Join(dir, "merged")
	if _, stderr, code := sensInvoke(t, append([]string{"merge", "--out", merged}, shards...)...); code != 0 {
		t.Fatal(stderr)
	}
	if _, stderr, code := sensInvoke(t, "sensitivity", "--analyse", merged, "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	sameTables(t, ref, merged, sensTables...)
	if _, stderr, code := sensInvoke(t, "sensitivity", "--analyse", shards[0]); code == 0 || !strings.Contains(stderr, "merge the shards first") {
		t.Errorf("analysing one shard: exit %d, %s", code, stderr)
	}

	out := filepath.Join(dir, "resumed")
	sweepSignals = []os.Signal{syscall.SIGUSR1}
	defer func() { sweepSignals = []os.Signal{os.Interrupt, syscall.SIGTERM} }()
	sweep.FaultHook = func(r sweep.Run, _ *sim.Outcome) {
		if r.Index == 7 {
			syscall.Kill(os.Getpid(), syscall.SIGUSR1)
			time.Sleep(50 * time.Millisecond)
		}
	}
	_, stderr, code = sensInvoke(t, "sensitivity", smallSens, "--out", out, "-j", "1")
	sweep.FaultHook = nil
	if code != 1 || !strings.Contains(stderr, "interrupted") {
		t.Fatalf("interrupt: exit %d, %s", code, stderr)
	}
	if _, stderr, code := sensInvoke(t, "sensitivity", smallSens, "--out", out, "--resume", "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	sameTables(t, ref, out, sensTables...)
}

// Rows in the wrong order are detected, never analysed.
func TestSensitivityWrongOrder(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "g")
	if _, stderr, code := sensInvoke(t, "sensitivity", "sobol-g", "--n", "8", "--out", out, "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	p := filepath.Join(out, "runs.csv")
	lines := bytes.SplitAfter(read(t, p), []byte("\n"))
	// Swap the parameter values of two rows, keeping their point numbers
	// (not those of sample 0, whose blocks are all the origin).
	last, mid := len(lines)-2, len(lines)/2
	a, b := bytes.SplitN(lines[mid], []byte(","), 5), bytes.SplitN(lines[last], []byte(","), 5)
	if bytes.Equal(a[4], b[4]) {
		t.Fatal("the swapped rows are equal")
	}
	a[4], b[4] = b[4], a[4]
	lines[mid], lines[last] = bytes.Join(a, []byte(",")), bytes.Join(b, []byte(","))
	os.WriteFile(p, bytes.Join(lines, nil), 0o644)
	_, stderr, code := sensInvoke(t, "sensitivity", "--analyse", out)
	if code == 0 || !strings.Contains(stderr, "the rows are not those of the recorded design") {
		t.Errorf("exit %d, stderr %s", code, stderr)
	}
}

// A constant output gets empty cells and a warning, never NaN.
func TestSensitivityConstant(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "c")
	_, stderr, code := sensInvoke(t, "sensitivity", "testdata/sensitivity/constant.toml", "--out", out, "--quiet")
	if code != 0 {
		t.Fatal(stderr)
	}
	if !strings.Contains(stderr, "warning: y: the output is constant") {
		t.Errorf("stderr %q lacks the warning", stderr)
	}
	idx := string(read(t, filepath.Join(out, "indices.csv")))
	want := "parameter,outcome,S1,S1_low,S1_high,ST,ST_low,ST_high\ngame.ishigami.x2,y,,,,,,\ngame.ishigami.x3,y,,,,,,\n"
	if idx != want {
		t.Errorf("indices.csv:\n%s\nwant\n%s", idx, want)
	}
	if strings.Contains(strings.ToLower(string(read(t, filepath.Join(out, "convergence.csv")))), "nan") {
		t.Error("convergence.csv holds NaN")
	}
}

// The bundled test model reproduces the analytic Ishigami indices from
// the command line (the estimator tests check them more tightly).
func TestSensitivityIshigamiCLI(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "i")
	if _, stderr, code := sensInvoke(t, "sensitivity", "ishigami", "--n", "1024", "--out", out, "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	idx := string(read(t, filepath.Join(out, "indices.csv")))
	if !strings.HasPrefix(idx, "parameter,outcome,S1,S1_low,S1_high,ST,ST_low,ST_high\ngame.ishigami.x1,y,0.3") {
		t.Errorf("indices.csv:\n%s", idx)
	}
}

func TestDiscoverCLI(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "g")
	if _, stderr, code := sensInvoke(t, "sensitivity", "sobol-g", "--n", "64", "--out", out, "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	hook := plotDiscovery
	plotDiscovery = nil
	defer func() { plotDiscovery = hook }()
	stdout, stderr, code := sensInvoke(t, "discover", out, "--outcome", "y", "--where", ">=2")
	if code != 0 {
		t.Fatal(stderr)
	}
	sensGolden(t, "discover.stdout", normalise(stdout, dir))
	for _, f := range []string{"prim_trajectory.csv", "prim_box.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	_, stderr, code = sensInvoke(t, "discover", out, "--outcome", "nope", "--where", ">=2")
	if code != 1 || !strings.Contains(stderr, `unknown outcome column "nope"`) {
		t.Errorf("unknown outcome: exit %d, %s", code, stderr)
	}
}
