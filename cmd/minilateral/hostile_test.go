package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Bounds on refusing a hostile input, measured in the test: generous
// (refusals take milliseconds and a few MB) yet far below what an input
// that allocates or loops in proportion to its design takes.
const (
	hostileTime  = time.Second
	hostileAlloc = 50 << 20
)

// TestHostileInputsRefused feeds validate and sweep the inputs of issue 13
// and integer limits: each is refused within hostileTime and hostileAlloc,
// naming the key and its line (or the flag to pass), and nothing is
// written.
func TestHostileInputsRefused(t *testing.T) {
	base := string(read(t, small))
	swap := func(old, new string) string {
		if !strings.Contains(base, old) {
			t.Fatalf("fixture lacks %q", old)
		}
		return strings.Replace(base, old, new, 1)
	}
	lhs := swap("record = \"corners\"", "design = \"lhs\"\nsamples = 4")
	lhs = strings.Replace(lhs, "steps = 3\n", "", 1)
	cases := []struct {
		name, toml, mark, want string
		cmds                   []string // "validate", "sweep"
		args                   []string
	}{
		{name: "steps 2e9", toml: swap("steps = 3", "steps = 2000000000"), mark: "steps = 2000000000",
			want: ":LINE: sweep.parameter.steps: superpowers.US.export_controls: steps = 2000000000: at most 1000000000"},
		{name: "steps max int64", toml: swap("steps = 3", "steps = 9223372036854775807"), mark: "steps = 9223372036854775807",
			want: ":LINE: sweep.parameter.steps:"},
		{name: "steps min int64", toml: swap("steps = 3", "steps = -9223372036854775808"), mark: "steps = -9223372036854775808",
			want: ":LINE: sweep.parameter.steps:"},
		{name: "steps nan", toml: swap("steps = 3", "steps = nan"), mark: "steps = nan", want: ":LINE: sweep.parameter.steps:"},
		{name: "samples 1e12", toml: strings.Replace(lhs, "samples = 4", "samples = 1000000000000", 1), mark: "samples = 1000000000000",
			want: ":LINE: sweep.samples: samples = 1000000000000: at most 1000000000"},
		{name: "samples max int64", toml: strings.Replace(lhs, "samples = 4", "samples = 9223372036854775807", 1), mark: "samples = 9223372036854775807",
			want: ":LINE: sweep.samples:"},
		{name: "replications 2e12", toml: swap("replications = 3", "replications = 2000000000000"), mark: "replications = 2000000000000",
			want: ":LINE: sweep.replications: 2000000000000 replications: at most 1000000000"},
		{name: "replications min int64", toml: swap("replications = 3", "replications = -9223372036854775808"), mark: "replications = -9223372036854775808",
			want: ":LINE: sweep.replications:"},
		{name: "from inf", toml: swap("from = 0", "from = -inf"), mark: "from = -inf", want: ":LINE: sweep.parameter.from:"},
		{name: "values nan", toml: swap("values = [0.2, 0.8]", "values = [0.2, nan]"), mark: "values = [0.2, nan]",
			want: ":LINE: sweep.parameter.values: bloc.threat_credibility: NaN is not a finite number"},
		// Loads (9 million points is a valid design) but would write
		// terabytes of series: sweep refuses with the plan and the flag.
		{name: "3000 × 3000 recording all", cmds: []string{"sweep"},
			toml: strings.Replace(strings.Replace(swap("record = \"corners\"", "record = \"all\""), "steps = 3", "steps = 3000", 1),
				"values = [0.2, 0.8]", "from = 0\nto = 1\nsteps = 3000", 1),
			want: "pass --max-output"},
		{name: "more runs than --max-runs", cmds: []string{"sweep"}, args: []string{"--max-runs", "10"},
			want: "18 runs is above --max-runs 10; to run them, pass --max-runs 18"},
		{name: "more output than --max-output", cmds: []string{"sweep"}, args: []string{"--max-output", "10kB"},
			want: "above --max-output 9.8 KiB; to write it, pass --max-output "},
	}
	for _, tc := range cases {
		cmds := tc.cmds
		if cmds == nil {
			cmds = []string{"validate", "sweep"}
		}
		for _, cmd := range cmds {
			t.Run(tc.name+"/"+cmd, func(t *testing.T) {
				dir := t.TempDir()
				file := small
				if tc.toml != "" {
					file = filepath.Join(dir, "s.toml")
					if err := os.WriteFile(file, []byte(tc.toml), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				out := filepath.Join(dir, "out")
				args := []string{cmd, file}
				if cmd == "sweep" {
					args = append(args, "--out", out)
					args = append(args, tc.args...)
				}
				var stdout, stderr string
				var code int
				d, alloc := measureCall(func() { stdout, stderr, code = swInvoke(t, args...) })
				if code != 1 {
					t.Errorf("exit %d, want 1; stderr %s", code, stderr)
				}
				want := tc.want
				if tc.mark != "" {
					want = strings.ReplaceAll(want, "LINE", fmt.Sprint(strings.Count(tc.toml[:strings.Index(tc.toml, tc.mark)], "\n")+1))
				}
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr\n%s\nlacks\n%s", stderr, want)
				}
				if cmd == "sweep" && tc.mark == "" && !strings.Contains(stdout, "runs (grid design") {
					t.Errorf("refused without showing the plan: stdout %q", stdout)
				}
				if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s was created", out)
				}
				if d > hostileTime || alloc > hostileAlloc {
					t.Errorf("refused in %v after allocating %d bytes; want under %v and %d bytes", d, alloc, hostileTime, hostileAlloc)
				}
			})
		}
	}
}

// measureCall returns the time fn took and the bytes it allocated.
func measureCall(fn func()) (time.Duration, uint64) {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	start := time.Now()
	fn()
	d := time.Since(start)
	runtime.ReadMemStats(&b)
	return d, b.TotalAlloc - a.TotalAlloc
}

// TestSweepDryRun prints the plan, exits 0 and writes nothing.
func TestSweepDryRun(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	stdout, stderr, code := swInvoke(t, "sweep", small, "--out", out, "--dry-run", "-j", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	swGolden(t, "dry-run.stdout", normalise(stdout, dir))
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--dry-run created %s", out)
	}
	// A dry run of a refused plan says so, still exiting 0.
	stdout, _, code = swInvoke(t, "sweep", small, "--out", out, "--dry-run", "--max-runs", "5")
	if code != 0 || !strings.Contains(stdout, "would refuse: sweep refused: 18 runs is above --max-runs 5") {
		t.Errorf("dry run beyond a limit: exit %d, stdout %q", code, stdout)
	}
}

// TestSweepOutputIsFile names the file that stands where the output
// directory should be.
func TestSweepOutputIsFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "taken")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{file, filepath.Join(file, "sub")} {
		_, stderr, code := swInvoke(t, "sweep", small, "--out", out)
		want := fmt.Sprintf("sweep: output directory %s: %s is a file, not a directory", out, file)
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("--out %s: exit %d, stderr %q, want %q", out, code, stderr, want)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "x" {
		t.Errorf("the file was changed: %q", b)
	}
}

func TestUnknownCommandHintOnce(t *testing.T) {
	_, stderr, code := swInvoke(t, "frobnicate")
	if code != 2 || strings.Count(stderr, "minilateral help") != 1 {
		t.Errorf("exit %d, stderr %q: want the help hint once", code, stderr)
	}
}
