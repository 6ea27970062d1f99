package sweep

import (
	"fmt"
	"strconv"
	"strings"
)

// Schedulers' array-task variables, read by ParseShardSpec for
// "--shard auto" and "--shard auto/N".
//
//	scheduler   task index                   count                      base
//	SLURM       SLURM_ARRAY_TASK_ID          SLURM_ARRAY_TASK_COUNT     auto: SLURM_ARRAY_TASK_MIN; auto/N: 0
//	Kubernetes  JOB_COMPLETION_INDEX         (none: use auto/N)         0
//	PBS         PBS_ARRAY_INDEX              (none: use auto/N)         1
//	SGE         SGE_TASK_ID                  SGE_TASK_FIRST..LAST       auto: SGE_TASK_FIRST; auto/N: 1
//	LSF         LSB_JOBINDEX                 (none: use auto/N)         1
//
// With "auto" the shard count is the scheduler's and the shard is the
// task's place in its array, so any index range works. With "auto/N" the
// count is N and the index itself names the shard (shard = index − base
// + 1 + offset), so that a task resubmitted alone ("sbatch --array=2")
// still maps to its own shard, and an array split to respect a
// scheduler's maximum array size can pass the number of shards before it
// as offset.
type scheduler struct {
	name  string
	index string // variable holding the task index
	base  int    // index of the first shard under auto/N
	// count returns the task's 0-based place in its array and the
	// array's size when the scheduler exports them (ok false otherwise).
	count func(getenv func(string) string, idx int) (place, n int, ok bool, err error)
}

var schedulers = []scheduler{
	{name: "SLURM", index: "SLURM_ARRAY_TASK_ID", base: 0, count: slurmCount},
	{name: "Kubernetes", index: "JOB_COMPLETION_INDEX", base: 0},
	{name: "PBS", index: "PBS_ARRAY_INDEX", base: 1},
	{name: "SGE", index: "SGE_TASK_ID", base: 1, count: sgeCount},
	{name: "LSF", index: "LSB_JOBINDEX", base: 1},
}

func envInt(getenv func(string) string, name, def string) (int, bool, error) {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		if def == "" {
			return 0, false, nil
		}
		v = def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, true, fmt.Errorf("sweep: %s=%q is not a whole number", name, getenv(name))
	}
	return n, true, nil
}

func slurmCount(getenv func(string) string, id int) (int, int, bool, error) {
	n, ok, err := envInt(getenv, "SLURM_ARRAY_TASK_COUNT", "")
	if err != nil || !ok {
		return 0, 0, false, err
	}
	min, _, err := envInt(getenv, "SLURM_ARRAY_TASK_MIN", "0")
	if err != nil {
		return 0, 0, false, err
	}
	step, _, err := envInt(getenv, "SLURM_ARRAY_TASK_STEP", "1")
	if err != nil {
		return 0, 0, false, err
	}
	if step < 1 {
		return 0, 0, false, fmt.Errorf("sweep: SLURM_ARRAY_TASK_STEP=%d: want at least 1", step)
	}
	if max, ok, err := envInt(getenv, "SLURM_ARRAY_TASK_MAX", ""); err != nil {
		return 0, 0, false, err
	} else if ok && (id > max || min > max) {
		return 0, 0, false, fmt.Errorf("sweep: inconsistent SLURM variables: SLURM_ARRAY_TASK_ID=%d is outside SLURM_ARRAY_TASK_MIN=%d to SLURM_ARRAY_TASK_MAX=%d", id, min, max)
	}
	if id < min || (id-min)%step != 0 {
		return 0, 0, false, fmt.Errorf("sweep: inconsistent SLURM variables: SLURM_ARRAY_TASK_ID=%d is not SLURM_ARRAY_TASK_MIN=%d plus a multiple of SLURM_ARRAY_TASK_STEP=%d", id, min, step)
	}
	return (id - min) / step, n, true, nil
}

func sgeCount(getenv func(string) string, id int) (int, int, bool, error) {
	first, ok1, err := envInt(getenv, "SGE_TASK_FIRST", "")
	if err != nil {
		return 0, 0, false, err
	}
	last, ok2, err := envInt(getenv, "SGE_TASK_LAST", "")
	if err != nil {
		return 0, 0, false, err
	}
	if !ok1 || !ok2 {
		return 0, 0, false, nil
	}
	step, _, err := envInt(getenv, "SGE_TASK_STEPSIZE", "1")
	if err != nil {
		return 0, 0, false, err
	}
	if step < 1 || last < first || id < first || id > last || (id-first)%step != 0 {
		return 0, 0, false, fmt.Errorf("sweep: inconsistent SGE variables: SGE_TASK_ID=%d, SGE_TASK_FIRST=%d, SGE_TASK_LAST=%d, SGE_TASK_STEPSIZE=%d", id, first, last, step)
	}
	return (id - first) / step, (last-first)/step + 1, true, nil
}

// ParseShardSpec reads a --shard value: "" (the whole sweep), "i/n",
// "auto" or "auto/N" (from the scheduler's variables, see schedulers).
// offset (auto/N only) is the number of shards before this array. It
// refuses, naming the variables, when no scheduler's variables are set,
// when they do not give the count ("auto" on Kubernetes, PBS or LSF),
// when two schedulers' variables disagree, and when the shard does not
// exist.
func ParseShardSpec(text string, offset int, getenv func(string) string) (Shard, error) {
	text = strings.TrimSpace(text)
	if text != "auto" && !strings.HasPrefix(text, "auto/") {
		if offset != 0 {
			return Shard{}, fmt.Errorf("sweep: a shard offset needs --shard auto/N, not %q", text)
		}
		if text == "" {
			return Shard{}, nil
		}
		return ParseShard(text)
	}
	n := 0
	if c, ok := strings.CutPrefix(text, "auto/"); ok {
		v, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || v < 1 {
			return Shard{}, fmt.Errorf("sweep: shard %q: want auto or auto/N with a shard count N of at least 1", text)
		}
		n = v
	} else if offset != 0 {
		return Shard{}, fmt.Errorf("sweep: a shard offset needs the shard count: --shard auto/N")
	}
	if offset < 0 {
		return Shard{}, fmt.Errorf("sweep: shard offset %d: want 0 or more", offset)
	}
	type found struct {
		s    Shard
		from string
	}
	var got []found
	var set []string
	for _, sc := range schedulers {
		idx, ok, err := envInt(getenv, sc.index, "")
		if err != nil {
			return Shard{}, err
		}
		if !ok {
			continue
		}
		set = append(set, sc.index)
		var s Shard
		from := fmt.Sprintf("%s=%d", sc.index, idx)
		if n > 0 {
			i := idx - sc.base + 1 + offset
			if i < 1 || i > n {
				return Shard{}, fmt.Errorf("sweep: %s task %s with offset %d gives shard %d of %d, which does not exist (the %s index of the first shard is %d)",
					sc.name, from, offset, i, n, sc.name, sc.base)
			}
			s = Shard{I: i, N: n}
		} else {
			if sc.count == nil {
				return Shard{}, fmt.Errorf("sweep: %s is set but %s does not export the number of tasks: use --shard auto/N with the number of shards N",
					sc.index, sc.name)
			}
			place, cnt, ok, err := sc.count(getenv, idx)
			if err != nil {
				return Shard{}, err
			}
			if !ok {
				return Shard{}, fmt.Errorf("sweep: %s is set but the task count is not (%s): use --shard auto/N with the number of shards N",
					sc.index, countVars(sc.name))
			}
			if cnt < 1 || place >= cnt {
				return Shard{}, fmt.Errorf("sweep: inconsistent %s variables: task %d of an array of %d tasks (%s)", sc.name, place+1, cnt, countVars(sc.name))
			}
			s = Shard{I: place + 1, N: cnt}
		}
		got = append(got, found{s, from})
	}
	if len(got) == 0 {
		return Shard{}, fmt.Errorf("sweep: --shard %s: no array task variable is set (looked for %s)", text, strings.Join(indexVars(), ", "))
	}
	for _, g := range got[1:] {
		if g.s != got[0].s {
			return Shard{}, fmt.Errorf("sweep: --shard %s: the schedulers' variables disagree: %s gives shard %s, %s gives shard %s",
				text, got[0].from, got[0].s, g.from, g.s)
		}
	}
	return got[0].s, nil
}

func indexVars() []string {
	v := make([]string, len(schedulers))
	for i, sc := range schedulers {
		v[i] = sc.index
	}
	return v
}

func countVars(name string) string {
	switch name {
	case "SLURM":
		return "SLURM_ARRAY_TASK_COUNT, SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_STEP"
	case "SGE":
		return "SGE_TASK_FIRST, SGE_TASK_LAST, SGE_TASK_STEPSIZE"
	}
	return ""
}
