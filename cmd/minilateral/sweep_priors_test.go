package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// An uncertainty sweep samples the priors at every grid point; its
// tables are identical for any number of workers and for shards merged.
func TestSweepPriors(t *testing.T) {
	dir := t.TempDir()
	pri := "testdata/sensitivity/priors.toml"
	ref := filepath.Join(dir, "ref")
	stdout, stderr, code := swInvoke(t, "sweep", small, "--prior-samples", "3", "--priors", pri, "--out", ref, "-j", "1", "--no-plot")
	if code != 0 {
		t.Fatal(stderr)
	}
	if !strings.Contains(stdout, "6 grid points × 3 samples of the priors of 3 parameters = 18 points × 3 replications = 54 runs") {
		t.Errorf("stdout %q", stdout)
	}
	head := strings.SplitN(string(read(t, filepath.Join(ref, "runs.csv"))), "\n", 2)[0]
	if !strings.Contains(head, "bloc.threat_credibility,world.depreciation,bloc.threat_threshold,bloc.bargaining_power,status") {
		t.Errorf("runs.csv header %q lacks the prior columns", head)
	}
	man := string(read(t, filepath.Join(ref, "manifest.json")))
	if !strings.Contains(man, `"integrated": [`) || !strings.Contains(man, `"prior_samples": 3`) {
		t.Errorf("manifest lacks the uncertainty record:\n%s", man)
	}
	j2 := filepath.Join(dir, "j2")
	if _, stderr, code := swInvoke(t, "sweep", small, "--prior-samples", "3", "--priors", pri, "--out", j2, "-j", "2", "--no-plot"); code != 0 {
		t.Fatal(stderr)
	}
	sameTables(t, ref, j2, "runs.csv", "points.csv")
	var shards []string
	for i := 1; i <= 2; i++ {
		out := filepath.Join(dir, fmt.Sprintf("s%d", i))
		if _, stderr, code := swInvoke(t, "sweep", small, "--prior-samples", "3", "--priors", pri, "--shard", fmt.Sprintf("%d/2", i), "--out", out, "--quiet"); code != 0 {
			t.Fatal(stderr)
		}
		shards = append(shards, out)
	}
	merged := filepath.Join(dir, "m")
	if _, stderr, code := swInvoke(t, append([]string{"merge", "--out", merged, "--no-plot"}, shards...)...); code != 0 {
		t.Fatal(stderr)
	}
	sameTables(t, ref, merged, "runs.csv", "points.csv")
	// Other priors are another sweep: resuming the directory with them is refused.
	if _, stderr, code := swInvoke(t, "sweep", small, "--prior-samples", "4", "--priors", pri, "--out", ref, "--resume", "--quiet"); code == 0 || !strings.Contains(stderr, "another sweep") {
		t.Errorf("resume with other prior samples: exit %d, %s", code, stderr)
	}
	// A key both swept and sampled is refused, nothing written.
	bad := filepath.Join(dir, "bad")
	if _, stderr, code := swInvoke(t, "sweep", small, "--prior-samples", "2", "--priors", "testdata/sensitivity/priors6.toml", "--out", bad); code != 1 ||
		!strings.Contains(stderr, "bloc.threat_credibility is both swept by the grid and sampled from the priors") {
		t.Errorf("overlap: exit %d, %s", code, stderr)
	}
}
