package results

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/minilateral/minilateral/sim"
)

func outcome(v float64) *sim.Outcome {
	return &sim.Outcome{Rounds: 200, FinalBlocSize: 3, MeanBlocSize: v, SettleRound: -1, MaxThreat: 0.5,
		FinalDivOwn: v * 2, FinalControls: []float64{0.1, 0.2}, FinalUtility: []float64{v, -v}}
}

func TestRunRowRoundTrip(t *testing.T) {
	sids := []string{"CN", "US"}
	for _, r := range []RunRow{
		{Run: 3, Point: 1, Replicate: 2, Seed: 2, Params: []float64{0.05, 1}, Out: outcome(1.25)},
		{Run: 4, Point: 1, Replicate: 3, Seed: 3, Params: []float64{0.05, 1}, Err: "panic: bad \"x\",\n y"},
	} {
		line := AppendRunRow(nil, &r, 2)
		cells, err := SplitRow([]byte(strings.TrimSuffix(string(line), "\n")))
		if err != nil {
			t.Fatal(err)
		}
		if h := RunsHeader([]string{"a.b", "c"}, sids); len(cells) != len(h) {
			t.Fatalf("%d cells, header has %d: %q", len(cells), len(h), line)
		}
		if strings.Count(string(line), "\n") != 1 {
			t.Errorf("row %q is not one line", line)
		}
		if r.Err != "" {
			if cells[6] != "error" || cells[7] != `panic: bad "x", y` || cells[8] != "" {
				t.Errorf("error row %q", cells)
			}
			continue
		}
		want := []string{"3", "1", "2", "2", "0.05", "1", "ok", "", "200", "3", "1.25", "", "0", "0.5", "0", "2.5"}
		if !slices.Equal(cells[:len(want)], want) {
			t.Errorf("cells %q, want prefix %q", cells, want)
		}
	}
}

func TestPointsStatistics(t *testing.T) {
	dir := t.TempDir()
	sids := []string{"CN", "US"}
	w, err := NewPointsWriter(dir, []string{"x"}, sids, 5)
	if err != nil {
		t.Fatal(err)
	}
	vals := []float64{1, 2.5, 4, 0.25}
	add := func(r RunRow) {
		line := AppendRunRow(nil, &r, 2)
		cells, _ := SplitRow([]byte(strings.TrimSuffix(string(line), "\n")))
		if err := w.AddRow(cells); err != nil {
			t.Fatal(err)
		}
	}
	for i, v := range vals {
		add(RunRow{Run: i, Point: 0, Replicate: i, Params: []float64{0.5}, Out: outcome(v)})
	}
	add(RunRow{Run: 4, Point: 0, Replicate: 4, Params: []float64{0.5}, Err: "boom"})
	add(RunRow{Run: 5, Point: 1, Replicate: 0, Params: []float64{1}, Out: outcome(7)})
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "points.csv"))
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	head := strings.Split(lines[0], ",")
	if !slices.Equal(head[:7], []string{"point", "x", "n", "rounds_mean", "rounds_sd", "rounds_ci_low", "rounds_ci_high"}) {
		t.Fatalf("header %q", head[:7])
	}
	col := func(row int, name string) string {
		i := slices.Index(head, name)
		return strings.Split(lines[row], ",")[i]
	}
	num := func(row int, name string) float64 {
		v, err := strconv.ParseFloat(col(row, name), 64)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	mean, sd := stat.MeanStdDev(vals, nil)
	h := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 3}.Quantile(0.975) * sd / 2
	for name, want := range map[string]float64{"n": 4, "mean_bloc_size_mean": mean, "mean_bloc_size_sd": sd,
		"mean_bloc_size_ci_low": mean - h, "mean_bloc_size_ci_high": mean + h, "rounds_sd": 0} {
		if got := num(1, name); math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	// Never settled: no values, all four cells empty.
	for _, s := range []string{"_mean", "_sd", "_ci_low", "_ci_high"} {
		if c := col(1, "settle_round"+s); c != "" {
			t.Errorf("settle_round%s = %q, want empty", s, c)
		}
	}
	// One run: mean only.
	if col(2, "n") != "1" || col(2, "mean_bloc_size_mean") != "7" || col(2, "mean_bloc_size_sd") != "" || col(2, "mean_bloc_size_ci_high") != "" {
		t.Errorf("one-run point: %q", lines[2])
	}
}

func TestHeaderLineQuotes(t *testing.T) {
	if got := string(HeaderLine([]string{"a", "b,c", `d"e`})); got != "a,\"b,c\",\"d\"\"e\"\n" {
		t.Errorf("got %q", got)
	}
}
