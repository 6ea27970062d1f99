package sweep

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is shard I of N (1 ≤ I ≤ N); the zero value means no sharding.
type Shard struct{ I, N int }

// IsZero reports whether s is the whole sweep.
func (s Shard) IsZero() bool { return s.N == 0 }

// String returns "i/n", or "" for the whole sweep.
func (s Shard) String() string {
	if s.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.I, s.N)
}

// Range returns the runs [lo, hi) of shard s out of total runs.
func (s Shard) Range(total int) (lo, hi int) {
	if s.IsZero() {
		return 0, total
	}
	t := int64(total)
	return int((int64(s.I-1) * t) / int64(s.N)), int((int64(s.I) * t) / int64(s.N))
}

// ParseShard reads "i/n" with 1 ≤ i ≤ n.
func ParseShard(text string) (Shard, error) {
	a, b, ok := strings.Cut(text, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("sweep: shard %q: want i/n, e.g. 2/8", text)
	}
	if n < 1 {
		return Shard{}, fmt.Errorf("sweep: shard %q: the shard count must be at least 1", text)
	}
	if i < 1 || i > n {
		return Shard{}, fmt.Errorf("sweep: shard %q: shard %d does not exist (want 1 to %d)", text, i, n)
	}
	return Shard{I: i, N: n}, nil
}

// ShardFromEnv derives the shard of a SLURM array task: when
// SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT are set, the shard is
// number (TASK_ID − SLURM_ARRAY_TASK_MIN)/SLURM_ARRAY_TASK_STEP + 1 (MIN 0
// and STEP 1 when unset) of TASK_COUNT. ok is false when the variables are
// not set.
func ShardFromEnv(getenv func(string) string) (s Shard, ok bool, err error) {
	id, count := getenv("SLURM_ARRAY_TASK_ID"), getenv("SLURM_ARRAY_TASK_COUNT")
	if id == "" || count == "" {
		return Shard{}, false, nil
	}
	num := func(name, def string) (int, error) {
		v := getenv(name)
		if v == "" {
			v = def
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return 0, fmt.Errorf("sweep: %s=%q is not a whole number", name, v)
		}
		return n, nil
	}
	var vals [4]int
	for i, kv := range [][2]string{{"SLURM_ARRAY_TASK_ID", ""}, {"SLURM_ARRAY_TASK_COUNT", ""},
		{"SLURM_ARRAY_TASK_MIN", "0"}, {"SLURM_ARRAY_TASK_STEP", "1"}} {
		if vals[i], err = num(kv[0], kv[1]); err != nil {
			return Shard{}, true, err
		}
	}
	tid, n, lo, step := vals[0], vals[1], vals[2], vals[3]
	if step < 1 {
		return Shard{}, true, fmt.Errorf("sweep: SLURM_ARRAY_TASK_STEP=%d: want at least 1", step)
	}
	if (tid-lo)%step != 0 {
		return Shard{}, true, fmt.Errorf("sweep: SLURM_ARRAY_TASK_ID=%d is not MIN %d plus a multiple of STEP %d", tid, lo, step)
	}
	i := (tid-lo)/step + 1
	if n < 1 || i < 1 || i > n {
		return Shard{}, true, fmt.Errorf("sweep: SLURM array task %d gives shard %d of %d, which does not exist", tid, i, n)
	}
	return Shard{I: i, N: n}, true, nil
}
