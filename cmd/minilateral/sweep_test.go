package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minilateral/minilateral/sim"
	"github.com/minilateral/minilateral/sweep"
)

const small = "testdata/sweep/small.toml"

// invoke runs the CLI in-process like main does, returning stdout, the
// stderr main would print (the error included) and the exit code.
func swInvoke(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	hook := plotAfterSweep
	plotAfterSweep = nil // the figures are tested elsewhere
	defer func() { plotAfterSweep = hook }()
	var o, e bytes.Buffer
	err := run(args, &o, &e)
	if err != nil {
		fmt.Fprintln(&e, "minilateral:", err)
	}
	return o.String(), e.String(), exitCode(err)
}

var (
	timeRE = regexp.MustCompile(`in [0-9.]+[mµn]?s with`)
	planRE = regexp.MustCompile(`about [0-9.hms]+[mµn]?s per run \(\d measured\) → about [0-9.hms]+[mµn]?s`)
	freeRE = regexp.MustCompile(`; [0-9.]+ [KMGTPE]?i?B free`)
)

// normalise removes what changes between runs: durations, free space and
// temporary directory names.
func normalise(s, dir string) string {
	s = strings.ReplaceAll(s, dir, "DIR")
	s = planRE.ReplaceAllString(s, "about TIME per run → about TIME")
	s = freeRE.ReplaceAllString(s, "; FREE free")
	return timeRE.ReplaceAllString(s, "in TIME with")
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sameTables fails unless dirs a and b hold byte-identical tables.
func sameTables(t *testing.T, a, b string, names ...string) {
	t.Helper()
	for _, n := range names {
		if !bytes.Equal(read(t, filepath.Join(a, n)), read(t, filepath.Join(b, n))) {
			t.Errorf("%s differs between %s and %s", n, a, b)
		}
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

var tables = []string{"runs.csv", "points.csv", "series_rounds.csv", "series_nations.csv"}

func TestSweepGolden(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	stdout, stderr, code := swInvoke(t, "sweep", small, "-j", "2", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	swGolden(t, "small.stdout", normalise(stdout, dir))
	swGolden(t, "small.stderr", normalise(stderr, dir))
	for _, n := range tables {
		swGolden(t, "small."+n, string(read(t, filepath.Join(out, n))))
	}
	if got, want := listDir(t, out), append(slices.Clone(tables), "manifest.json"); !sameSet(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestSweepWorkersIdentical(t *testing.T) {
	dir := t.TempDir()
	var dirs []string
	for _, j := range []string{"1", "2", "8"} {
		out := filepath.Join(dir, "j"+j)
		if _, stderr, code := swInvoke(t, "sweep", small, "-j", j, "--out", out, "--quiet"); code != 0 {
			t.Fatalf("-j %s: exit %d: %s", j, code, stderr)
		}
		dirs = append(dirs, out)
	}
	for _, d := range dirs[1:] {
		sameTables(t, dirs[0], d, tables...)
	}
}

func TestSweepShardsMerged(t *testing.T) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	if _, stderr, code := swInvoke(t, "sweep", small, "--out", whole, "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	var shards []string
	for i := 1; i <= 3; i++ {
		out := filepath.Join(dir, fmt.Sprintf("s%d", i))
		if _, stderr, code := swInvoke(t, "sweep", small, "--shard", fmt.Sprintf("%d/3", i), "--out", out, "--quiet", "-j", "2"); code != 0 {
			t.Fatalf("shard %d: %s", i, stderr)
		}
		shards = append(shards, out)
	}
	merged := filepath.Join(dir, "merged")
	// Shards given out of order are put in order.
	stdout, stderr, code := swInvoke(t, "merge", shards[2], shards[0], shards[1], "--out", merged)
	if code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	swGolden(t, "merge.stdout", normalise(stdout, dir))
	sameTables(t, whole, merged, tables...)

	// The shard's own files are partial: shard 2 starts mid-sweep.
	if bytes.Equal(read(t, filepath.Join(shards[1], "runs.csv")), read(t, filepath.Join(whole, "runs.csv"))) {
		t.Error("shard 2 holds the whole sweep")
	}

	t.Run("refusals", func(t *testing.T) {
		other := filepath.Join(dir, "other")
		if _, stderr, code := swInvoke(t, "sweep", small, "--set", "seed=9", "--shard", "3/3", "--out", other, "--quiet"); code != 0 {
			t.Fatal(stderr)
		}
		for _, tc := range []struct {
			name string
			dirs []string
			want []string
		}{
			{"missing", []string{shards[0], shards[2]}, []string{"missing shards: 2/3"}},
			{"duplicated", []string{shards[0], shards[1], shards[1], shards[2]}, []string{"duplicated shard 2/3: " + shards[1] + ", " + shards[1]}},
			{"mismatched", []string{shards[0], shards[1], other}, []string{"mismatched shards", other}},
			{"not a dir", []string{shards[0], shards[1], filepath.Join(dir, "nope")}, []string{filepath.Join(dir, "nope") + ": no such directory"}},
			{"not a shard", []string{whole}, []string{whole + ": not a sweep shard"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "m")
				_, stderr, code := swInvoke(t, append([]string{"merge", "--out", out}, tc.dirs...)...)
				if code == 0 {
					t.Fatal("merge succeeded")
				}
				for _, w := range tc.want {
					if !strings.Contains(stderr, w) {
						t.Errorf("stderr %q lacks %q", stderr, w)
					}
				}
				if _, err := os.Stat(out); err == nil && len(listDir(t, out)) > 0 {
					t.Errorf("merge wrote %v", listDir(t, out))
				}
			})
		}
		// A corrupted shard is refused.
		p := filepath.Join(shards[1], "runs.csv")
		b := read(t, p)
		os.WriteFile(p, bytes.Replace(b, []byte(",ok,"), []byte(",ok ,"), 1), 0o644)
		defer os.WriteFile(p, b, 0o644)
		_, stderr, code := swInvoke(t, "merge", "--out", filepath.Join(t.TempDir(), "m"), shards[0], shards[1], shards[2])
		if code == 0 || !strings.Contains(stderr, "runs.csv does not match the checksum") {
			t.Errorf("corrupted shard: exit %d, %q", code, stderr)
		}
	})
}

func TestSweepBadInput(t *testing.T) {
	base := string(read(t, small))
	swap := func(old, new string) string {
		if !strings.Contains(base, old) {
			t.Fatalf("fixture lacks %q", old)
		}
		return strings.Replace(base, old, new, 1)
	}
	line := func(s, sub string) int {
		i := strings.Index(s, sub)
		return strings.Count(s[:i], "\n") + 1
	}
	cases := []struct {
		name string
		toml string // scenario text ("" : the fixture)
		args []string
		want string // in stderr; "LINE" is replaced by the line of mark
		mark string
		code int
	}{
		{name: "unknown key", toml: swap(`key = "bloc.threat_credibility"`, `key = "bloc.threat_credibilty"`),
			want: `:LINE: sweep.parameter.key: unknown parameter "bloc.threat_credibilty"`, mark: "threat_credibilty", code: 1},
		{name: "empty list", toml: swap(`values = [0.2, 0.8]`, `values = []`),
			want: ":LINE: sweep.parameter.values: bloc.threat_credibility: empty value list", mark: "values = []", code: 1},
		{name: "steps < 1", toml: swap("steps = 3", "steps = 0"),
			want: ":LINE: sweep.parameter.steps: superpowers.US.export_controls: steps = 0: want at least 1", mark: "steps = 0", code: 1},
		{name: "from > to", toml: swap("from = 0\nto = 1", "from = 1\nto = 0"),
			want: ":LINE: sweep.parameter.from: superpowers.US.export_controls: from 1 exceeds to 0", mark: "from = 1", code: 1},
		{name: "non-numeric", toml: swap(`key = "bloc.threat_credibility"`, `key = "bloc.entry"`),
			want: ":LINE: sweep.parameter.key: bloc.entry is not a numeric parameter", mark: `"bloc.entry"`, code: 1},
		{name: "zero replications", toml: swap("replications = 3", "replications = 0"),
			want: ":LINE: sweep.replications: 0 replications: want at least 1", mark: "replications = 0", code: 1},
		{name: "out of range", toml: swap("to = 1\n", "to = 2\n"),
			want: ":LINE: sweep.parameter.to: superpowers.US.export_controls: 2 is outside [0, 1]", mark: "to = 2", code: 1},
		{name: "shard 4/3", args: []string{"--shard", "4/3"}, want: `shard "4/3": shard 4 does not exist (want 1 to 3)`, code: 2},
		{name: "shard 0/3", args: []string{"--shard", "0/3"}, want: "shard 0 does not exist", code: 2},
		{name: "no workers", args: []string{"-j", "0"}, want: "-j 0: want at least 1 worker", code: 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file := small
			if tc.toml != "" {
				file = filepath.Join(dir, "s.toml")
				os.WriteFile(file, []byte(tc.toml), 0o644)
			}
			out := filepath.Join(dir, "out")
			_, stderr, code := swInvoke(t, append([]string{"sweep", file, "--out", out}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (%s)", code, tc.code, stderr)
			}
			want := tc.want
			if tc.mark != "" {
				want = strings.ReplaceAll(want, "LINE", fmt.Sprint(line(tc.toml, tc.mark)))
			}
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr\n%s\nlacks\n%s", stderr, want)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("something was written: %v", listDir(t, out))
			}
		})
	}
}

func TestSweepResumeOtherScenario(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if _, stderr, code := swInvoke(t, "sweep", small, "--out", out, "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	snapshot := func() map[string]string {
		m := map[string]string{}
		for _, f := range listDir(t, out) {
			m[f] = string(read(t, filepath.Join(out, f)))
		}
		return m
	}
	before := snapshot()
	_, stderr, code := swInvoke(t, "sweep", small, "--set", "bloc.pooling_share=0.4", "--out", out, "--resume")
	if code == 0 || !strings.Contains(stderr, "holds the results of another sweep") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	after := snapshot()
	if len(before) != len(after) {
		t.Fatalf("files changed: %v → %v", before, after)
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed", k)
		}
	}
	// The same sweep resumed is complete already.
	stdout, stderr, code := swInvoke(t, "sweep", small, "--out", out, "--resume")
	if code != 0 || !strings.Contains(stdout, "already complete") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestSweepFailuresRecorded(t *testing.T) {
	sweep.FaultHook = func(r sweep.Run, o *sim.Outcome) {
		switch r.Index {
		case 4:
			panic("boom")
		case 7:
			o.MeanWelfare = math.NaN()
		}
	}
	defer func() { sweep.FaultHook = nil }()
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	_, stderr, code := swInvoke(t, "sweep", small, "--out", out, "-j", "2")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, w := range []string{"run 4 (point 1, replicate 1): panic: boom", "run 7 (point 2, replicate 1): outcome mean_welfare is NaN", "2 of 18 runs failed"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr %q lacks %q", stderr, w)
		}
	}
	runs := strings.Split(string(read(t, filepath.Join(out, "runs.csv"))), "\n")
	if len(runs) != 20 {
		t.Fatalf("%d lines in runs.csv, want 20", len(runs))
	}
	if !strings.HasPrefix(runs[5], `4,1,1,1,0,0.8,error,"panic: boom`) || !strings.HasSuffix(runs[5], `",,,,,,,,,,,,,,,,,`+"") {
		t.Errorf("failed run row %q", runs[5])
	}
	if !strings.HasPrefix(runs[8], `7,2,1,1,0.5,0.2,error,"outcome mean_welfare is NaN",,`) {
		t.Errorf("NaN run row %q", runs[8])
	}
	// Failed runs are excluded from n.
	points := strings.Split(string(read(t, filepath.Join(out, "points.csv"))), "\n")
	for i, want := range []string{"0,0,0.2,3,", "1,0,0.8,2,", "2,0.5,0.2,2,"} {
		if !strings.HasPrefix(points[i+1], want) {
			t.Errorf("points row %d = %.30q, want prefix %q", i, points[i+1], want)
		}
	}
}

func TestSweepSlurmShard(t *testing.T) {
	for _, tc := range []struct {
		env   map[string]string
		args  []string
		shard string
	}{
		{map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2"}, nil, "3/3"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3"}, nil, "2/3"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3"}, []string{"--shard", "1/2"}, "1/2"},
	} {
		getenv = func(k string) string { return tc.env[k] }
		out := filepath.Join(t.TempDir(), "out")
		stdout, stderr, code := swInvoke(t, append([]string{"sweep", small, "--out", out}, tc.args...)...)
		getenv = os.Getenv
		if code != 0 || !strings.Contains(stdout, "shard "+tc.shard+":") {
			t.Errorf("%v %v: exit %d, stdout %q, stderr %q; want shard %s", tc.env, tc.args, code, stdout, stderr, tc.shard)
		}
	}
}

func TestSweepUnfinishedNeedsResume(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	os.MkdirAll(filepath.Join(out, ".sweep"), 0o755)
	_, stderr, code := swInvoke(t, "sweep", small, "--out", out)
	if code == 0 || !strings.Contains(stderr, "add --resume") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

func TestSweepPlotHook(t *testing.T) {
	var got []string
	defer func(f func(string, io.Writer, io.Writer) error) { plotAfterSweep = f }(plotAfterSweep)
	plotAfterSweep = func(dir string, _, _ io.Writer) error { got = append(got, dir); return nil }
	dir := t.TempDir()
	var o, e bytes.Buffer
	for _, args := range [][]string{
		{"sweep", small, "--out", filepath.Join(dir, "a"), "--quiet"},
		{"sweep", small, "--out", filepath.Join(dir, "b"), "--quiet", "--no-plot"},
		{"sweep", small, "--out", filepath.Join(dir, "c"), "--quiet", "--shard", "1/2"},
	} {
		if err := run(args, &o, &e); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(got, []string{filepath.Join(dir, "a")}) {
		t.Errorf("plotted %v", got)
	}
}

// TestSweepKillResume builds the binary, SIGKILLs a sweep midway, resumes
// it and compares the tables with an uninterrupted sweep's.
func TestSweepKillResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "minilateral")
	if b, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	args := []string{"sweep", "export-controls-vs-threat", "--set", "rounds=100", "--quiet", "--no-plot"}
	ref := filepath.Join(dir, "ref")
	if b, err := exec.Command(bin, append(args, "--out", ref, "-j", "2")...).CombinedOutput(); err != nil {
		t.Fatalf("reference sweep: %v\n%s", err, b)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(bin, append(args, "--out", out, "-j", "1")...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	journal := filepath.Join(out, ".sweep", "journal")
	deadline := time.Now().Add(60 * time.Second)
	for {
		if fi, err := os.Stat(journal); err == nil && fi.Size() > 200_000 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the journal never grew")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the sweep was not killed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "runs.csv")); err == nil {
		t.Fatal("the sweep finished before it was killed; make it longer")
	}
	// A torn record at the end, as a crash mid-write leaves, is dropped.
	f, _ := os.OpenFile(journal, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("123456 deadbeef 0 0 123456,2,3")
	f.Close()

	b, err := exec.Command(bin, append(args, "--out", out, "-j", "2", "--resume")...).CombinedOutput()
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, b)
	}
	if !strings.Contains(string(b), "dropped a torn record") {
		t.Errorf("resume output %q does not mention the torn record", b)
	}
	sameTables(t, ref, out, tables...)
	if _, err := os.Stat(filepath.Join(out, ".sweep")); !errors.Is(err, os.ErrNotExist) {
		t.Error("the work directory is left behind")
	}
}

// TestSweepInterrupt cancels a sweep as Ctrl-C does, then resumes it.
func TestSweepInterrupt(t *testing.T) {
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref")
	if _, stderr, code := swInvoke(t, "sweep", small, "--out", ref, "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	out := filepath.Join(dir, "out")
	sweepSignals = []os.Signal{syscall.SIGUSR1}
	defer func() { sweepSignals = []os.Signal{os.Interrupt, syscall.SIGTERM} }()
	sweep.FaultHook = func(r sweep.Run, _ *sim.Outcome) {
		if r.Index == 5 {
			syscall.Kill(os.Getpid(), syscall.SIGUSR1)
			time.Sleep(50 * time.Millisecond) // let the signal arrive
		}
	}
	_, stderr, code := swInvoke(t, "sweep", small, "--out", out, "-j", "1")
	sweep.FaultHook = nil
	if code != 1 || !strings.Contains(stderr, "sweep interrupted after") ||
		!strings.Contains(stderr, "resume with:\n  minilateral sweep "+small+" --out "+out+" -j 1 --resume") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "runs.csv")); err == nil {
		t.Fatal("an interrupted sweep wrote runs.csv")
	}
	// Resuming it as another scenario is refused and changes nothing.
	journal := filepath.Join(out, ".sweep", "journal")
	before := read(t, journal)
	_, stderr, code = swInvoke(t, "sweep", small, "--set", "seed=5", "--out", out, "--resume")
	if code == 0 || !strings.Contains(stderr, "holds an unfinished sweep of another scenario or shard") {
		t.Errorf("resume as another scenario: exit %d, %q", code, stderr)
	}
	if !bytes.Equal(before, read(t, journal)) {
		t.Error("the refused resume changed the journal")
	}
	if _, stderr, code := swInvoke(t, "sweep", small, "--out", out, "--resume", "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	sameTables(t, ref, out, tables...)
}

func swGolden(t *testing.T, name, got string) { t.Helper(); checkGolden(t, "sweep", name, got) }
