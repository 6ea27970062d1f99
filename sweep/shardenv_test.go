package sweep

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func envOf(s string) func(string) string {
	env := map[string]string{}
	for _, kv := range strings.Fields(s) {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	return func(k string) string { return env[k] }
}

func TestParseShardSpec(t *testing.T) {
	for _, tc := range []struct {
		spec   string
		offset int
		env    string
		want   Shard
		err    string
	}{
		{"", 0, "SLURM_ARRAY_TASK_ID=1", Shard{}, ""},
		{"2/5", 0, "", Shard{2, 5}, ""},
		{"2/5", 3, "", Shard{}, "needs --shard auto/N"},
		{"auto", 0, "SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_COUNT=4", Shard{4, 4}, ""},
		{"auto", 0, "SLURM_ARRAY_TASK_ID=12 SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=10 SLURM_ARRAY_TASK_MAX=12", Shard{3, 3}, ""},
		{"auto", 0, "SLURM_ARRAY_TASK_ID=13 SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=10 SLURM_ARRAY_TASK_MAX=12", Shard{}, "inconsistent SLURM variables: SLURM_ARRAY_TASK_ID=13 is outside"},
		{"auto", 0, "SLURM_ARRAY_TASK_ID=4 SLURM_ARRAY_TASK_COUNT=4", Shard{}, "task 5 of an array of 4 tasks"},
		{"auto", 0, "SLURM_ARRAY_TASK_ID=2", Shard{}, "SLURM_ARRAY_TASK_ID is set but the task count is not (SLURM_ARRAY_TASK_COUNT"},
		{"auto/8", 0, "SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=1 SLURM_ARRAY_TASK_MIN=2", Shard{3, 8}, ""}, // resubmitted alone
		{"auto/8", 5, "SLURM_ARRAY_TASK_ID=2", Shard{8, 8}, ""},
		{"auto/8", 6, "SLURM_ARRAY_TASK_ID=2", Shard{}, "gives shard 9 of 8, which does not exist"},
		{"auto", 0, "JOB_COMPLETION_INDEX=0", Shard{}, "Kubernetes does not export the number of tasks: use --shard auto/N"},
		{"auto/4", 0, "JOB_COMPLETION_INDEX=0", Shard{1, 4}, ""},
		{"auto/4", 0, "JOB_COMPLETION_INDEX=4", Shard{}, "shard 5 of 4"},
		{"auto/4", 0, "PBS_ARRAY_INDEX=4", Shard{4, 4}, ""},
		{"auto/4", 0, "PBS_ARRAY_INDEX=0", Shard{}, "shard 0 of 4"},
		{"auto", 0, "PBS_ARRAY_INDEX=1", Shard{}, "PBS does not export"},
		{"auto/4", 0, "LSB_JOBINDEX=2", Shard{2, 4}, ""},
		{"auto", 0, "SGE_TASK_ID=3 SGE_TASK_FIRST=1 SGE_TASK_LAST=5", Shard{3, 5}, ""},
		{"auto", 0, "SGE_TASK_ID=6 SGE_TASK_FIRST=2 SGE_TASK_LAST=10 SGE_TASK_STEPSIZE=2", Shard{3, 5}, ""},
		{"auto", 0, "SGE_TASK_ID=7 SGE_TASK_FIRST=1 SGE_TASK_LAST=5", Shard{}, "inconsistent SGE variables"},
		{"auto", 0, "SGE_TASK_ID=2", Shard{}, "SGE_TASK_ID is set but the task count is not (SGE_TASK_FIRST, SGE_TASK_LAST"},
		{"auto", 0, "", Shard{}, "no array task variable is set (looked for SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, PBS_ARRAY_INDEX, SGE_TASK_ID, LSB_JOBINDEX)"},
		{"auto/4", 0, "SLURM_ARRAY_TASK_ID=1 PBS_ARRAY_INDEX=2", Shard{2, 4}, ""},
		{"auto/4", 0, "SLURM_ARRAY_TASK_ID=1 PBS_ARRAY_INDEX=3", Shard{}, "disagree: SLURM_ARRAY_TASK_ID=1 gives shard 2/4, PBS_ARRAY_INDEX=3 gives shard 3/4"},
		{"auto/0", 0, "SLURM_ARRAY_TASK_ID=1", Shard{}, "shard count N of at least 1"},
		{"auto", 2, "SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3", Shard{}, "offset needs the shard count"},
		{"auto/4", 0, "LSB_JOBINDEX=x", Shard{}, `LSB_JOBINDEX="x" is not a whole number`},
	} {
		got, err := ParseShardSpec(tc.spec, tc.offset, envOf(tc.env))
		if got != tc.want || (tc.err == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%q offset %d, %s: %v, %v; want %v, %q", tc.spec, tc.offset, tc.env, got, err, tc.want, tc.err)
		}
	}
}

// taskEnv returns the variables each scheduler sets for task t (0-based)
// of an array of n tasks, and the --shard value to read them with.
var taskEnv = []struct {
	name string
	spec func(n int) string
	env  func(t, n int) string
}{
	{"slurm", func(int) string { return "auto" }, func(t, n int) string {
		return fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d SLURM_ARRAY_TASK_COUNT=%d SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=%d", t, n, n-1)
	}},
	{"kubernetes", func(n int) string { return fmt.Sprintf("auto/%d", n) }, func(t, n int) string {
		return fmt.Sprintf("JOB_COMPLETION_INDEX=%d", t)
	}},
	{"pbs", func(n int) string { return fmt.Sprintf("auto/%d", n) }, func(t, n int) string {
		return fmt.Sprintf("PBS_ARRAY_INDEX=%d", t+1)
	}},
	{"sge", func(int) string { return "auto" }, func(t, n int) string {
		return fmt.Sprintf("SGE_TASK_ID=%d SGE_TASK_FIRST=1 SGE_TASK_LAST=%d SGE_TASK_STEPSIZE=1", t+1, n)
	}},
	{"lsf", func(n int) string { return fmt.Sprintf("auto/%d", n) }, func(t, n int) string {
		return fmt.Sprintf("LSB_JOBINDEX=%d", t+1)
	}},
}

// TestSchedulerArraysMerge: the shards of n simulated array tasks of each
// scheduler, read with --shard auto or auto/N, merge into tables
// byte-identical to one local sweep's.
func TestSchedulerArraysMerge(t *testing.T) {
	p := plan(t, `
[sweep]
replications = 13
[[sweep.parameter]]
key = "superpowers.US.export_controls"
from = 0
to = 1
steps = 3
[[sweep.parameter]]
key = "bloc.exclusion_rounds"
values = [0, 5]
`)
	dir := t.TempDir()
	ctx := context.Background()
	whole := filepath.Join(dir, "whole")
	if _, err := RunDir(ctx, p, Options{Dir: whole, Workers: 2, Version: "v", Command: "sweep"}); err != nil {
		t.Fatal(err)
	}
	ns := []int{1, 3, 7, 64}
	if testing.Short() || raceEnabled {
		ns = ns[:3] // 64 tasks: 320 sweeps, slow under the race detector
	}
	for _, sc := range taskEnv {
		for _, n := range ns {
			base := filepath.Join(dir, fmt.Sprintf("%s-%d", sc.name, n))
			var shards []string
			for task := range n {
				s, err := ParseShardSpec(sc.spec(n), 0, envOf(sc.env(task, n)))
				if err != nil {
					t.Fatalf("%s task %d of %d: %v", sc.name, task, n, err)
				}
				out := filepath.Join(base, fmt.Sprint(task))
				if _, err := RunDir(ctx, p, Options{Dir: out, Workers: 1, Shard: s, Version: "v", Command: "sweep"}); err != nil {
					t.Fatal(err)
				}
				shards = append(shards, out)
			}
			merged := filepath.Join(base, "merged")
			if _, err := Merge(shards, merged, "v"); err != nil {
				t.Fatalf("%s, %d tasks: %v", sc.name, n, err)
			}
			for _, name := range []string{"runs.csv", "points.csv"} {
				a, _ := os.ReadFile(filepath.Join(whole, name))
				b, err := os.ReadFile(filepath.Join(merged, name))
				if err != nil || !bytes.Equal(a, b) {
					t.Errorf("%s, %d tasks: merged %s differs from the local sweep's (%v)", sc.name, n, name, err)
				}
			}
			os.RemoveAll(base)
		}
	}

	// An array split in two to respect a maximum array size (tasks 0-3
	// and 0-2 with offsets 0 and 4) covers the 7 shards once.
	var shards []string
	for k, arr := range []struct{ size, offset int }{{4, 0}, {3, 4}} {
		for task := range arr.size {
			s, err := ParseShardSpec("auto/7", arr.offset, envOf(fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d SLURM_ARRAY_TASK_COUNT=%d", task, arr.size)))
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "split", fmt.Sprintf("%d-%d", k, task))
			if _, err := RunDir(ctx, p, Options{Dir: out, Workers: 1, Shard: s, Version: "v", Command: "sweep"}); err != nil {
				t.Fatal(err)
			}
			shards = append(shards, out)
		}
	}
	if _, err := Merge(shards, filepath.Join(dir, "split", "merged"), "v"); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(whole, "runs.csv"))
	b, _ := os.ReadFile(filepath.Join(dir, "split", "merged", "runs.csv"))
	if !bytes.Equal(a, b) {
		t.Error("split arrays: merged runs.csv differs from the local sweep's")
	}
}
