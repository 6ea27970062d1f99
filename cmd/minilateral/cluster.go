package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sweep"
)

// The cluster command writes the job scripts of a sharded sweep:
//
//	cluster slurm: array-<k>.sbatch (one per array of at most --max-array
//	               tasks), merge.sbatch and submit.sh
//	cluster k8s:   job.yaml (an Indexed Job) and merge.yaml
//
// Every task runs "minilateral sweep SCENARIO --shard auto/N" into
// OUT/shards/<shard>, with --resume so that a resubmitted task continues or
// finds its shard complete; the merge job runs "minilateral merge" on
// OUT/shards/*/ into OUT/result. docs/cluster.md walks through it.

func init() {
	register("cluster", command{summary: "write the job scripts of a sweep for SLURM or Kubernetes",
		usage: "slurm|k8s SCENARIO --tasks N --out DIR [--throttle K] [--max-array M] [--cpus C] [--time T] [--bin PATH] [--image IMAGE] [--set key=value]...",
		run:   cmdCluster})
}

type clusterJob struct {
	scenario string   // as the tasks name it: a bundled name or an absolute path
	name     string   // scenario name, for job names
	tasks    int      // shards
	out      string   // absolute output directory
	throttle int      // most tasks running at once (0: no limit)
	maxArray int      // most tasks in one array
	cpus     int      // workers per task
	time     string   // SLURM time limit ("" : the partition's default)
	bin      string   // the minilateral program as the nodes see it
	image    string   // container image (k8s)
	sets     []string // --set overrides, passed on
}

func cmdCluster(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("cluster", stderr)
	tasks := fs.Int("tasks", 0, "number of array tasks (shards) (required)")
	out := fs.String("out", "", "directory for the scripts, the logs, the shards and the merged result (required)")
	throttle := fs.Int("throttle", 0, "run at most `K` tasks at once (0: no limit)")
	maxArray := fs.Int("max-array", 1000, "most tasks in one array (the scheduler's MaxArraySize − 1); more are split into several arrays")
	cpus := fs.Int("cpus", 1, "CPUs (workers) per task")
	limit := fs.String("time", "", "SLURM time limit per task, e.g. 01:00:00 (default: the partition's)")
	bin := fs.String("bin", "minilateral", "the minilateral program, as the compute nodes see it")
	image := fs.String("image", "minilateral:latest", "container image holding minilateral (k8s)")
	var sets multiFlag
	fs.Var(&sets, "set", "override a parameter: key=value (repeatable, passed on to every task)")
	pos, err := parse(fs, args, 2, 2, "a scheduler (slurm or k8s) and one SCENARIO")
	if err != nil {
		return err
	}
	kind := pos[0]
	if kind != "slurm" && kind != "k8s" {
		return fmt.Errorf("cluster: unknown scheduler %q (want slurm or k8s): %w", kind, errUsage)
	}
	switch {
	case *out == "":
		return fmt.Errorf("cluster needs --out DIR: %w", errUsage)
	case *tasks < 1:
		return fmt.Errorf("cluster: --tasks %d: want at least 1 task: %w", *tasks, errUsage)
	case *throttle < 0:
		return fmt.Errorf("cluster: --throttle %d: want 0 (no limit) or more: %w", *throttle, errUsage)
	case *maxArray < 1:
		return fmt.Errorf("cluster: --max-array %d: want at least 1: %w", *maxArray, errUsage)
	case *cpus < 1:
		return fmt.Errorf("cluster: --cpus %d: want at least 1: %w", *cpus, errUsage)
	}
	s, err := loadScenario(pos[0+1], sets)
	if err != nil {
		return err
	}
	if len(s.Sweep.Parameters) == 0 && s.Sweep.Replications == nil {
		return fmt.Errorf("cluster: scenario %s has no [sweep] table: nothing to run on a cluster", s.Name)
	}
	_, src, err := scenarios.Open(pos[1])
	if err != nil {
		return err
	}
	plan, err := sweep.NewPlan(s, src)
	if err != nil {
		return err
	}
	if *tasks > plan.Runs() {
		return fmt.Errorf("cluster: --tasks %d: the sweep has only %d runs: %w", *tasks, plan.Runs(), errUsage)
	}
	job := clusterJob{scenario: pos[1], name: s.Name, tasks: *tasks, throttle: *throttle, maxArray: *maxArray,
		cpus: *cpus, time: *limit, bin: *bin, image: *image, sets: sets}
	if fi, err := os.Stat(pos[1]); err == nil && !fi.IsDir() {
		if job.scenario, err = filepath.Abs(pos[1]); err != nil {
			return err
		}
	}
	if job.out, err = filepath.Abs(*out); err != nil {
		return err
	}
	var files []clusterFile
	if kind == "slurm" {
		files = job.slurm()
	} else {
		files = job.k8s()
	}
	if err := os.MkdirAll(filepath.Join(job.out, "logs"), 0o755); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	var names []string
	for _, f := range files {
		if _, err := results.WriteFileAtomic(job.out, f.name, []byte(f.text)); err != nil {
			return err
		}
		if f.exec {
			if err := os.Chmod(filepath.Join(job.out, f.name), 0o755); err != nil {
				return fmt.Errorf("cluster: %w", err)
			}
		}
		names = append(names, filepath.Join(job.out, f.name))
	}
	fmt.Fprintf(stdout, "%s: %d runs in %d tasks of about %d runs; wrote %s\n", s.Name, plan.Runs(), *tasks,
		(plan.Runs()+*tasks-1) / *tasks, strings.Join(names, " "))
	if kind == "slurm" {
		fmt.Fprintf(stdout, "submit with: %s\nthe merged result will be in %s\n", filepath.Join(job.out, "submit.sh"), filepath.Join(job.out, "result"))
	} else {
		fmt.Fprintf(stdout, "submit with: kubectl apply -f %s; then, once it completed: kubectl apply -f %s\n",
			filepath.Join(job.out, "job.yaml"), filepath.Join(job.out, "merge.yaml"))
	}
	return nil
}

type clusterFile struct {
	name string
	text string
	exec bool
}

// arrays splits the tasks into arrays of at most maxArray tasks: their
// sizes and offsets (the shards before each).
func (j clusterJob) arrays() (sizes, offsets []int) {
	for off := 0; off < j.tasks; off += j.maxArray {
		sizes = append(sizes, min(j.maxArray, j.tasks-off))
		offsets = append(offsets, off)
	}
	return sizes, offsets
}

// sweepArgs is the sweep command line of a task, up to its --out.
func (j clusterJob) sweepArgs(offset int) []string {
	a := []string{shellQuote(j.bin), "sweep", shellQuote(j.scenario)}
	for _, kv := range j.sets {
		a = append(a, "--set", shellQuote(kv))
	}
	a = append(a, "--shard", fmt.Sprintf("auto/%d", j.tasks))
	if offset > 0 {
		a = append(a, "--shard-offset", fmt.Sprint(offset))
	}
	return append(a, "--resume", "--no-plot", "--quiet")
}

func (j clusterJob) slurm() []clusterFile {
	sizes, offsets := j.arrays()
	q := shellQuote
	var files []clusterFile
	for k, size := range sizes {
		var b strings.Builder
		off := offsets[k]
		fmt.Fprintf(&b, "#!/bin/bash\n")
		fmt.Fprintf(&b, "# Array %d of %d of the sweep of %s: shards %d to %d of %d.\n", k+1, len(sizes), j.name, off+1, off+size, j.tasks)
		fmt.Fprintf(&b, "# Array task t runs shard %d + t + 1; resubmit one alone with: sbatch --array=t %s\n", off, fmt.Sprintf("array-%d.sbatch", k))
		fmt.Fprintf(&b, "# Written by 'minilateral cluster slurm'.\n")
		fmt.Fprintf(&b, "#SBATCH --job-name=minilateral-%s-%d\n", jobName(j.name), k)
		arr := fmt.Sprintf("0-%d", size-1)
		if j.throttle > 0 {
			arr += fmt.Sprintf("%%%d", j.throttle)
		}
		fmt.Fprintf(&b, "#SBATCH --array=%s\n", arr)
		fmt.Fprintf(&b, "#SBATCH --cpus-per-task=%d\n", j.cpus)
		if j.time != "" {
			fmt.Fprintf(&b, "#SBATCH --time=%s\n", j.time)
		}
		fmt.Fprintf(&b, "#SBATCH --output=%s\n", filepath.Join(j.out, "logs", fmt.Sprintf("array-%d-%%a.out", k)))
		fmt.Fprintf(&b, "set -euo pipefail\n")
		fmt.Fprintf(&b, "shard=$((%d + SLURM_ARRAY_TASK_ID + 1))\n", off)
		fmt.Fprintf(&b, "exec %s \\\n    -j \"${SLURM_CPUS_PER_TASK:-%d}\" --out %s/\"$shard\"\n", strings.Join(j.sweepArgs(off), " "), j.cpus, q(filepath.Join(j.out, "shards")))
		files = append(files, clusterFile{name: fmt.Sprintf("array-%d.sbatch", k), text: b.String()})
	}

	var m strings.Builder
	fmt.Fprintf(&m, "#!/bin/bash\n")
	fmt.Fprintf(&m, "# Merges the %d shards of the sweep of %s into %s.\n", j.tasks, j.name, filepath.Join(j.out, "result"))
	fmt.Fprintf(&m, "# Written by 'minilateral cluster slurm'; submit.sh submits it after the arrays.\n")
	fmt.Fprintf(&m, "#SBATCH --job-name=minilateral-%s-merge\n", jobName(j.name))
	fmt.Fprintf(&m, "#SBATCH --cpus-per-task=1\n")
	if j.time != "" {
		fmt.Fprintf(&m, "#SBATCH --time=%s\n", j.time)
	}
	fmt.Fprintf(&m, "#SBATCH --output=%s\n", filepath.Join(j.out, "logs", "merge.out"))
	fmt.Fprintf(&m, "set -euo pipefail\n")
	fmt.Fprintf(&m, "exec %s merge %s/*/ --out %s\n", q(j.bin), q(filepath.Join(j.out, "shards")), q(filepath.Join(j.out, "result")))
	files = append(files, clusterFile{name: "merge.sbatch", text: m.String()})

	var s strings.Builder
	fmt.Fprintf(&s, "#!/bin/bash\n")
	fmt.Fprintf(&s, "# Submits the %d array job(s) of the sweep of %s, then the merge, which\n", len(sizes), j.name)
	fmt.Fprintf(&s, "# starts once every task of every array succeeded (afterok).\n")
	fmt.Fprintf(&s, "# Written by 'minilateral cluster slurm'.\n")
	fmt.Fprintf(&s, "set -euo pipefail\n")
	fmt.Fprintf(&s, "dir=%s\n", q(j.out))
	fmt.Fprintf(&s, "deps=\n")
	for k := range sizes {
		fmt.Fprintf(&s, "id=$(sbatch --parsable \"$dir/array-%d.sbatch\"); id=${id%%%%;*}\n", k)
		fmt.Fprintf(&s, "echo \"array-%d.sbatch: job $id\"\n", k)
		fmt.Fprintf(&s, "deps=$deps:$id\n")
	}
	fmt.Fprintf(&s, "id=$(sbatch --parsable --dependency=\"afterok$deps\" \"$dir/merge.sbatch\"); id=${id%%%%;*}\n")
	fmt.Fprintf(&s, "echo \"merge.sbatch: job $id (afterok$deps)\"\n")
	files = append(files, clusterFile{name: "submit.sh", text: s.String(), exec: true})
	return files
}

func (j clusterJob) k8s() []clusterFile {
	name := jobName(j.name)
	parallel := j.tasks
	if j.throttle > 0 {
		parallel = min(j.throttle, j.tasks)
	}
	yq := func(s string) string { return fmt.Sprintf("%q", s) }
	var cmd []string
	for _, a := range []string{j.bin, "sweep", j.scenario} {
		cmd = append(cmd, yq(a))
	}
	for _, kv := range j.sets {
		cmd = append(cmd, yq("--set"), yq(kv))
	}
	cmd = append(cmd, yq("--shard"), yq(fmt.Sprintf("auto/%d", j.tasks)), yq("--resume"), yq("--no-plot"), yq("--quiet"),
		yq("-j"), yq(fmt.Sprint(j.cpus)), yq("--out"), yq(filepath.Join(j.out, "shards")+"/$(JOB_COMPLETION_INDEX)"))
	var b strings.Builder
	fmt.Fprintf(&b, `# The sweep of %s as a Kubernetes Indexed Job: pod i (JOB_COMPLETION_INDEX,
# 0-based) runs shard i+1 of %d into %s/<i>.
# %s must be on a volume shared with the merge job (here the claim
# minilateral-results, mounted at the same path). Written by 'minilateral cluster k8s'.
apiVersion: batch/v1
kind: Job
metadata:
  name: minilateral-%s
spec:
  completionMode: Indexed
  completions: %d
  parallelism: %d
  backoffLimit: %d
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: sweep
          image: %s
          command: [%s]
          resources:
            requests:
              cpu: %q
          volumeMounts:
            - name: results
              mountPath: %s
      volumes:
        - name: results
          persistentVolumeClaim:
            claimName: minilateral-results
`, j.name, j.tasks, filepath.Join(j.out, "shards"), j.out, name, j.tasks, parallel, 3*j.tasks, yq(j.image),
		strings.Join(cmd, ", "), fmt.Sprint(j.cpus), yq(j.out))
	var m strings.Builder
	fmt.Fprintf(&m, `# Merges the %d shards of the sweep of %s into %s/result; apply it once
# job.yaml's job completed. Written by 'minilateral cluster k8s'.
apiVersion: batch/v1
kind: Job
metadata:
  name: minilateral-%s-merge
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: merge
          image: %s
          command: ["sh", "-c", %s]
          volumeMounts:
            - name: results
              mountPath: %s
      volumes:
        - name: results
          persistentVolumeClaim:
            claimName: minilateral-results
`, j.tasks, j.name, j.out, name, yq(j.image),
		yq(fmt.Sprintf("exec %s merge %s/*/ --out %s", shellQuote(j.bin), shellQuote(filepath.Join(j.out, "shards")), shellQuote(filepath.Join(j.out, "result")))),
		yq(j.out))
	return []clusterFile{{name: "job.yaml", text: b.String()}, {name: "merge.yaml", text: m.String()}}
}

// jobName makes a scenario name fit job names (SLURM and DNS labels).
func jobName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}
