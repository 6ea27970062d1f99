package sweep

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

const world = `name = "t"
rounds = 20
[superpowers.US]
market = 0.2
[superpowers.CN]
market = 0.1
[nations.FR]
market = 0.03
[nations.FR.endowment]
talent = 0.03
compute = 0.01
capital = 0.02
hardware = 0.02
energy = 0.04
[nations.JP]
market = 0.04
[nations.JP.endowment]
talent = 0.03
compute = 0.02
capital = 0.03
hardware = 0.05
energy = 0.02
`

func plan(t testing.TB, sweep string) *Plan {
	t.Helper()
	src := []byte(world + sweep)
	s, err := scenarios.Parse("t.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(s, src)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const grid = `
[sweep]
replications = 3
record = "corners"
[[sweep.parameter]]
key = "superpowers.US.export_controls"
from = 0
to = 1
steps = 3
[[sweep.parameter]]
key = "bloc.exclusion_rounds"
values = [0, 5]
`

func TestGridPoints(t *testing.T) {
	p := plan(t, grid)
	if p.Points != 6 || p.Runs() != 18 {
		t.Fatalf("%d points, %d runs", p.Points, p.Runs())
	}
	var got [][]float64
	for pt := range p.Points {
		got = append(got, p.Values(pt, nil))
	}
	want := [][]float64{{0, 0}, {0, 5}, {0.5, 0}, {0.5, 5}, {1, 0}, {1, 5}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("points %v, want %v", got, want)
	}
	if !slices.Equal(p.Record, []int{0, 1, 4, 5}) {
		t.Errorf("corners %v", p.Record)
	}
	s, err := p.Scenario(3)
	if err != nil {
		t.Fatal(err)
	}
	if s.Superpowers["US"].ExportControls != 0.5 || s.Bloc.ExclusionRounds != 5 || p.Base.Bloc.ExclusionRounds == 5 {
		t.Error("point 3 not applied to a copy")
	}
	if r := p.Run(13); r.Point != 4 || r.Replicate != 1 || r.Stream != 1 {
		t.Errorf("run 13: %+v", r)
	}
}

func TestSeeding(t *testing.T) {
	p := plan(t, grid+"\n")
	ind := plan(t, strings.Replace(grid, "record", "seeding = \"independent\"\nrecord", 1))
	for k := range p.Runs() {
		if p.Run(k).Stream != uint64(k%3) || ind.Run(k).Stream != uint64(k) {
			t.Fatalf("run %d: common %d, independent %d", k, p.Run(k).Stream, ind.Run(k).Stream)
		}
	}
}

func TestLatinHypercube(t *testing.T) {
	const n = 50
	// design is the sweep under test, with extra lines in its [sweep] table.
	design := func(extra string) string {
		return fmt.Sprintf(`
[sweep]
design = "lhs"
samples = %d
%s
[[sweep.parameter]]
key = "superpowers.US.export_controls"
from = 0.2
to = 0.7
[[sweep.parameter]]
key = "bloc.exclusion_rounds"
from = 0
to = 10
[[sweep.parameter]]
key = "bloc.pooling_share"
values = [0.1, 0.2, 0.3, 0.4, 0.5]
`, n, extra)
	}
	p := plan(t, design(""))
	strata := make([]int, n)
	cat := map[float64]int{}
	for i := range n {
		v := p.Values(i, nil)
		q := (v[0] - 0.2) / 0.5
		strata[min(int(q*n), n-1)]++
		if v[1] != math.Round(v[1]) || v[1] < 0 || v[1] > 10 {
			t.Errorf("sample %d: exclusion_rounds %v", i, v[1])
		}
		cat[v[2]]++
	}
	for i, c := range strata {
		if c != 1 {
			t.Errorf("stratum %d holds %d samples, want 1", i, c)
		}
	}
	for v, c := range cat {
		if c != n/5 {
			t.Errorf("value %v drawn %d times, want %d", v, c, n/5)
		}
	}
	// The design depends only on the master seed.
	q := plan(t, design("seed = 1"))
	for i := range n {
		if !slices.Equal(p.Values(i, nil), q.Values(i, nil)) {
			t.Fatal("same master seed, other design")
		}
	}
}

func TestShardRanges(t *testing.T) {
	for _, total := range []int{0, 1, 7, 18, 8820} {
		for n := 1; n <= 9; n++ {
			next := 0
			for i := 1; i <= n; i++ {
				lo, hi := Shard{i, n}.Range(total)
				if lo != next || hi < lo {
					t.Fatalf("%d runs, shard %d/%d: [%d, %d), want start %d", total, i, n, lo, hi, next)
				}
				next = hi
			}
			if next != total {
				t.Fatalf("%d runs in %d shards cover %d", total, n, next)
			}
		}
	}
}

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		err  string
	}{
		{"1/1", Shard{1, 1}, ""},
		{"3/8", Shard{3, 8}, ""},
		{"4/3", Shard{}, "shard 4 does not exist (want 1 to 3)"},
		{"0/3", Shard{}, "shard 0 does not exist"},
		{"1/0", Shard{}, "at least 1"},
		{"2", Shard{}, "want i/n"},
		{"a/b", Shard{}, "want i/n"},
	} {
		got, err := ParseShard(tc.in)
		if tc.err == "" && (err != nil || got != tc.want) || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("ParseShard(%q) = %v, %v; want %v, %q", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestShardFromEnv(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want Shard
		ok   bool
		err  string
	}{
		{"", Shard{}, false, ""},
		{"SLURM_ARRAY_TASK_ID=3", Shard{}, false, ""},
		{"SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_COUNT=4", Shard{1, 4}, true, ""},
		{"SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_COUNT=4", Shard{4, 4}, true, ""},
		{"SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_COUNT=4 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_STEP=2", Shard{3, 4}, true, ""},
		{"SLURM_ARRAY_TASK_ID=12 SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=10", Shard{3, 3}, true, ""},
		{"SLURM_ARRAY_TASK_ID=4 SLURM_ARRAY_TASK_COUNT=4", Shard{}, true, "shard 5 of 4"},
		{"SLURM_ARRAY_TASK_ID=4 SLURM_ARRAY_TASK_COUNT=4 SLURM_ARRAY_TASK_STEP=3", Shard{}, true, "not MIN 0 plus a multiple"},
		{"SLURM_ARRAY_TASK_ID=x SLURM_ARRAY_TASK_COUNT=4", Shard{}, true, "not a whole number"},
	} {
		env := map[string]string{}
		for _, kv := range strings.Fields(tc.env) {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
		got, ok, err := ShardFromEnv(func(k string) string { return env[k] })
		if got != tc.want || ok != tc.ok || (tc.err == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %v %v %v; want %v %v %q", tc.env, got, ok, err, tc.want, tc.ok, tc.err)
		}
	}
}

// Execute reduces in run order whatever order the workers finish in, with
// a bounded reorder buffer.
func TestExecuteOrder(t *testing.T) {
	p := plan(t, grid)
	FaultHook = func(r Run, _ *sim.Outcome) {
		if r.Index%5 == 0 {
			time.Sleep(3 * time.Millisecond)
		}
	}
	defer func() { FaultHook = nil }()
	var got []int
	err := p.Execute(context.Background(), 2, 17, 4, func(r *Result) error {
		got = append(got, r.Index)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := make([]int, 15)
	for i := range want {
		want[i] = i + 2
	}
	if !slices.Equal(got, want) {
		t.Errorf("reduced %v", got)
	}
}

func TestExecuteCancel(t *testing.T) {
	p := plan(t, grid)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := p.Execute(ctx, 0, p.Runs(), 2, func(r *Result) error {
		if n++; n == 3 {
			cancel()
		}
		return nil
	})
	if err != context.Canceled || n >= p.Runs() {
		t.Errorf("err %v after %d runs", err, n)
	}
}

func TestExecuteFailures(t *testing.T) {
	p := plan(t, grid)
	FaultHook = func(r Run, o *sim.Outcome) {
		switch r.Index {
		case 1:
			panic(fmt.Sprintf("run %d", r.Index))
		case 2:
			o.FinalUtility[1] = math.Inf(1)
		}
	}
	defer func() { FaultHook = nil }()
	var errs []string
	p.Execute(context.Background(), 0, 4, 2, func(r *Result) error {
		e := ""
		if r.Err != nil {
			e = r.Err.Error()
		}
		errs = append(errs, e)
		return nil
	})
	if errs[0] != "" || !strings.HasPrefix(errs[1], "panic: run 1 at ") || errs[2] != "outcome final_utility_US is +Inf" || errs[3] != "" {
		t.Errorf("errors %q", errs)
	}
}

func TestJournalTornTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal")
	j, err := CreateJournal(path, "plan")
	if err != nil {
		t.Fatal(err)
	}
	for k := 5; k < 9; k++ {
		var series []byte
		if k == 6 {
			series = []byte("a,b\n")
		}
		if err := j.Append(k, []byte(fmt.Sprintf("%d,x,\"q\"\n", k)), series, series); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	full, _ := os.ReadFile(path)
	for cut := len(full); cut > 0; cut-- {
		os.WriteFile(path, full[:cut], 0o644)
		var ks []int
		pos, torn, err := ReadJournal(path, "plan", 5, func(k int, row []byte, rs, ns Span) error {
			if want := fmt.Sprintf("%d,x,\"q\"", k); string(row) != want {
				t.Fatalf("row %q, want %q", row, want)
			}
			if k == 6 && (rs != Span{0, 4} || ns != Span{0, 4}) {
				t.Fatalf("series spans %v %v", rs, ns)
			}
			ks = append(ks, k)
			return nil
		})
		if cut < len(journalMagic)+len("plan\n") {
			if err == nil {
				t.Fatalf("cut %d: a torn header was accepted", cut)
			}
			continue
		}
		if err != nil {
			t.Fatalf("cut %d: %v", cut, err)
		}
		if int(pos.Journal) > cut || pos.Records != len(ks) || (int(pos.Journal) < cut) != torn {
			t.Fatalf("cut %d: pos %+v torn %v records %v", cut, pos, torn, ks)
		}
	}
	// A flipped byte ends the journal there.
	bad := slices.Clone(full)
	i := strings.Index(string(full), "7,x")
	bad[i+1] = ';'
	os.WriteFile(path, bad, 0o644)
	pos, torn, _ := ReadJournal(path, "plan", 5, func(int, []byte, Span, Span) error { return nil })
	if pos.Records != 2 || !torn {
		t.Errorf("corrupt record 7: %+v torn %v", pos, torn)
	}
	if _, _, err := ReadJournal(path, "other", 5, func(int, []byte, Span, Span) error { return nil }); err == nil {
		t.Error("a journal of another plan was accepted")
	}
}

func ExampleShard_Range() {
	for i := 1; i <= 3; i++ {
		lo, hi := Shard{I: i, N: 3}.Range(8820)
		fmt.Printf("shard %d/3: runs %d to %d\n", i, lo, hi-1)
	}
	// Output:
	// shard 1/3: runs 0 to 2939
	// shard 2/3: runs 2940 to 5879
	// shard 3/3: runs 5880 to 8819
}

// TestJournalAppendReachesTheFile: a record whose Append returned is in the
// file at once, without waiting for the periodic Sync, so a process killed
// right after loses no finished run.
func TestJournalAppendReachesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal")
	j, err := CreateJournal(path, "plan-id")
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	for k := range 3 {
		if err := j.Append(k, []byte(fmt.Sprintf("%d,row\n", k)), nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	pos, torn, err := ReadJournal(path, "plan-id", 0, func(int, []byte, Span, Span) error { return nil })
	if err != nil || torn || pos.Records != 3 {
		t.Errorf("after three Appends and no Sync the file holds %d records (torn %v, err %v), want 3", pos.Records, torn, err)
	}
}

// TestResumeAndMergeRefuseAnotherProgram: a sweep interrupted under one
// program version is not resumed by another, and shards made by different
// versions are not merged: their results could differ.
func TestResumeAndMergeRefuseAnotherProgram(t *testing.T) {
	p := plan(t, grid)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	_, err := RunDir(ctx, p, Options{Dir: dir, Workers: 1, Version: "v1", Command: "sweep",
		Progress: func(done int) {
			if done == 3 {
				cancel()
			}
		}})
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted sweep: %v", err)
	}
	if _, err := RunDir(context.Background(), p, Options{Dir: dir, Workers: 1, Resume: true, Version: "v2", Command: "sweep"}); err == nil ||
		!strings.Contains(err.Error(), "started by minilateral v1; this is v2") {
		t.Errorf("resume by another version: %v", err)
	}
	if _, err := RunDir(context.Background(), p, Options{Dir: dir, Workers: 1, Resume: true, Version: "v1", Command: "sweep"}); err != nil {
		t.Errorf("resume by the same version: %v", err)
	}

	shards := []string{filepath.Join(dir, "a"), filepath.Join(dir, "b")}
	for i, v := range []string{"v1", "v2"} {
		if _, err := RunDir(context.Background(), p, Options{Dir: shards[i], Workers: 1, Shard: Shard{I: i + 1, N: 2}, Version: v, Command: "sweep"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Merge(shards, filepath.Join(dir, "m"), "v1"); err == nil || !strings.Contains(err.Error(), "made by minilateral v1") {
		t.Errorf("merge of shards from two versions: %v", err)
	}
}

// TestOneProcessPerDirectory: while a sweep works in a directory, a second
// one resuming there is refused instead of cutting the first one's journal.
func TestOneProcessPerDirectory(t *testing.T) {
	p := plan(t, grid)
	dir := t.TempDir()
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := RunDir(context.Background(), p, Options{Dir: dir, Workers: 1, Version: "v", Command: "sweep",
			Progress: func(n int) {
				if n == 2 {
					close(started)
					<-release
				}
			}})
		done <- err
	}()
	<-started
	_, err := RunDir(context.Background(), p, Options{Dir: dir, Workers: 1, Resume: true, Version: "v", Command: "sweep"})
	if err == nil || !strings.Contains(err.Error(), "another minilateral process") {
		t.Errorf("second sweep in the same directory: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("first sweep: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "runs.csv")); err != nil {
		t.Errorf("first sweep did not finish: %v", err)
	}
}
