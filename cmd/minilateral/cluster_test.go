package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// clusterFiles runs cluster with args into a new directory and returns
// it, failing the test unless it succeeds.
func clusterFiles(t *testing.T, args ...string) (dir, stdout string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "job")
	stdout, stderr, code := swInvoke(t, append(append([]string{"cluster"}, args...), "--out", dir)...)
	if code != 0 {
		t.Fatalf("cluster %v: exit %d: %s", args, code, stderr)
	}
	return dir, stdout
}

// TestClusterGolden compares the generated scripts with the golden files
// (paths normalised to DIR and CWD) and checks their shell syntax.
func TestClusterGolden(t *testing.T) {
	cwd, _ := os.Getwd()
	for _, tc := range []struct {
		name  string
		args  []string
		files []string
	}{
		{"slurm", []string{"slurm", small, "--tasks", "4", "--throttle", "2", "--cpus", "2", "--time", "00:10:00"},
			[]string{"array-0.sbatch", "merge.sbatch", "submit.sh"}},
		{"slurm-split", []string{"slurm", "export-controls-vs-threat", "--tasks", "5", "--max-array", "2", "--set", "rounds=40", "--bin", "/opt/my bin/minilateral"},
			[]string{"array-0.sbatch", "array-1.sbatch", "array-2.sbatch", "merge.sbatch", "submit.sh"}},
		{"k8s", []string{"k8s", small, "--tasks", "3", "--throttle", "2", "--image", "registry.example/minilateral:v1"},
			[]string{"job.yaml", "merge.yaml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, stdout := clusterFiles(t, tc.args...)
			norm := func(s string) string {
				return strings.ReplaceAll(strings.ReplaceAll(s, dir, "DIR"), cwd, "CWD")
			}
			checkGolden(t, "cluster", tc.name+".stdout", norm(stdout))
			ents, _ := os.ReadDir(dir)
			var got []string
			for _, e := range ents {
				if !e.IsDir() {
					got = append(got, e.Name())
				}
			}
			if !slices.Equal(got, tc.files) {
				t.Errorf("wrote %v, want %v", got, tc.files)
			}
			for _, f := range tc.files {
				p := filepath.Join(dir, f)
				checkGolden(t, "cluster", tc.name+"-"+f, norm(string(read(t, p))))
				if strings.HasSuffix(f, ".yaml") {
					continue
				}
				if out, err := exec.Command("bash", "-n", p).CombinedOutput(); err != nil {
					t.Errorf("bash -n %s: %v\n%s", f, err, out)
				}
			}
			if fi, err := os.Stat(filepath.Join(dir, "logs")); err != nil || !fi.IsDir() {
				t.Error("no logs directory (SLURM does not create it)")
			}
		})
	}
}

// TestClusterArraysCoverShards runs each generated array script for every
// task with a stand-in program that records its arguments: over all
// arrays, the tasks run each shard once, into a directory of its own.
func TestClusterArraysCoverShards(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	tmp := t.TempDir()
	log := filepath.Join(tmp, "calls")
	stub := filepath.Join(tmp, "stub")
	os.WriteFile(stub, []byte("#!/bin/bash\necho \"$@\" >> "+log+"\n"), 0o755)
	for _, tc := range []struct{ tasks, max int }{{4, 1000}, {7, 3}, {5, 1}, {6, 6}} {
		os.Remove(log)
		dir, _ := clusterFiles(t, "slurm", small, "--tasks", fmt.Sprint(tc.tasks), "--max-array", fmt.Sprint(tc.max), "--bin", stub)
		arrays := (tc.tasks + tc.max - 1) / tc.max
		for k := range arrays {
			size := min(tc.max, tc.tasks-k*tc.max)
			script := filepath.Join(dir, fmt.Sprintf("array-%d.sbatch", k))
			if !strings.Contains(string(read(t, script)), fmt.Sprintf("#SBATCH --array=0-%d\n", size-1)) {
				t.Errorf("%d tasks, max %d: array %d is not of %d tasks", tc.tasks, tc.max, k, size)
			}
			for task := range size {
				cmd := exec.Command("bash", script)
				cmd.Env = append(os.Environ(), fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", task), fmt.Sprintf("SLURM_ARRAY_TASK_COUNT=%d", size))
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("%s task %d: %v\n%s", script, task, err, out)
				}
			}
		}
		var shards, outs []string
		for _, line := range strings.Split(strings.TrimSpace(string(read(t, log))), "\n") {
			f := strings.Fields(line)
			i := slices.Index(f, "--shard")
			o := slices.Index(f, "--out")
			if i < 0 || o < 0 {
				t.Fatalf("call without --shard or --out: %s", line)
			}
			spec := f[i+1]
			if j := slices.Index(f, "--shard-offset"); j >= 0 {
				spec += "+" + f[j+1]
			}
			shards = append(shards, spec)
			outs = append(outs, f[o+1])
		}
		// Each call names auto/N with the offset of its array; the task
		// variables then give shard offset+task+1: check the directories,
		// which the script names by the same shard number.
		var want []string
		for i := 1; i <= tc.tasks; i++ {
			want = append(want, filepath.Join(dir, "shards", fmt.Sprint(i)))
		}
		slices.Sort(outs)
		slices.Sort(want)
		if !slices.Equal(outs, want) {
			t.Errorf("%d tasks, max %d: tasks write %v, want %v", tc.tasks, tc.max, outs, want)
		}
		for _, s := range shards {
			if !strings.HasPrefix(s, fmt.Sprintf("auto/%d", tc.tasks)) {
				t.Errorf("%d tasks: a task runs --shard %s", tc.tasks, s)
			}
		}
	}
}

func TestClusterRefusals(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"cluster", "pbs", small, "--tasks", "2", "--out", dir}, `unknown scheduler "pbs"`},
		{[]string{"cluster", "slurm", small, "--tasks", "0", "--out", dir}, "--tasks 0: want at least 1"},
		{[]string{"cluster", "slurm", small, "--tasks", "2"}, "needs --out DIR"},
		{[]string{"cluster", "slurm", small, "--tasks", "19", "--out", dir}, "--tasks 19: the sweep has only 18 runs"},
		{[]string{"cluster", "slurm", "tiny", "--tasks", "2", "--out", dir}, "has no [sweep] table"},
		{[]string{"cluster", "slurm", small, "--tasks", "2", "--max-array", "0", "--out", dir}, "--max-array 0"},
	} {
		_, stderr, code := swInvoke(t, tc.args...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestSweepParquetFigures: a sweep written as Parquet only draws the same
// figures as one written as CSV (plot reads either format), and a bad
// --format is refused.
func TestSweepParquetFigures(t *testing.T) {
	if raceEnabled {
		t.Skip("draws the figures twice; checks the tables' reader, not concurrency")
	}
	dir := t.TempDir()
	var o, e strings.Builder
	for _, f := range []string{"csv", "parquet"} {
		if err := run([]string{"sweep", small, "--quiet", "--format", f, "--out", filepath.Join(dir, f)}, &o, &e); err != nil {
			t.Fatalf("%s: %v\n%s", f, err, e.String())
		}
	}
	ents, _ := os.ReadDir(filepath.Join(dir, "csv", "figures"))
	figures := 0
	for _, ent := range ents {
		n := ent.Name()
		figures++
		a := read(t, filepath.Join(dir, "csv", "figures", n))
		b, err := os.ReadFile(filepath.Join(dir, "parquet", "figures", n))
		if err != nil || string(a) != string(b) {
			t.Errorf("%s differs between the CSV and the Parquet sweep (%v)", n, err)
		}
	}
	if figures == 0 {
		t.Error("no figures drawn")
	}
	for _, args := range [][]string{
		{"sweep", small, "--format", "xlsx", "--out", filepath.Join(dir, "x")},
		{"run", "tiny", "--format", "xlsx", "--out", filepath.Join(dir, "y")},
		{"merge", filepath.Join(dir, "csv"), "--format", "xlsx", "--out", filepath.Join(dir, "z")},
	} {
		_, stderr, code := swInvoke(t, args...)
		if code != 2 || !strings.Contains(stderr, `format "xlsx": want csv, parquet or both`) {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
}
