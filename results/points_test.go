package results

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// pointsFile runs rows through a PointsWriter for nations middle powers
// and returns points.csv's header and rows, split into cells.
func pointsFile(t *testing.T, nations int, rows []RunRow) (head []string, cells [][]string) {
	t.Helper()
	dir := t.TempDir()
	w, err := NewPointsWriter(dir, []string{"x"}, []string{"CN", "US"}, nations)
	if err != nil {
		t.Fatal(err)
	}
	cs := make([][]string, len(rows))
	for i, r := range rows {
		line := AppendRunRow(nil, &r, 2)
		if cs[i], err = SplitRow(line[:len(line)-1]); err != nil {
			t.Fatal(err)
		}
	}
	b := commitPoints(t, w, dir, cs)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	head = strings.Split(lines[0], ",")
	for _, l := range lines[1:] {
		c := strings.Split(l, ",")
		if len(c) != len(head) {
			t.Fatalf("row has %d cells, header %d: %q", len(c), len(head), l)
		}
		cells = append(cells, c)
	}
	return head, cells
}

func blocRun(run, point int, size int, v float64) RunRow {
	o := outcome(v)
	o.FinalBlocSize = size
	return RunRow{Run: run, Point: point, Params: []float64{float64(point)}, Out: o}
}

// Every outcome gets mean, sd, CI and three quantiles, whatever the
// outcome list holds; P(final bloc ≥ k) columns follow for k = 1..nations.
func TestPointsHeaderLoopsOverOutcomes(t *testing.T) {
	sids := []string{"CN", "US"}
	outs := OutcomeColumns(sids)
	for _, nations := range []int{0, 1, 7} {
		h := PointsHeader([]string{"a.b"}, sids, nations)
		want := []string{"point", "a.b", "n"}
		for _, o := range outs {
			want = append(want, o+"_mean", o+"_sd", o+"_ci_low", o+"_ci_high", o+"_p10", o+"_median", o+"_p90")
		}
		for k := 1; k <= nations; k++ {
			p := "p_final_bloc_ge_" + strconv.Itoa(k)
			want = append(want, p, p+"_low", p+"_high")
		}
		if !slices.Equal(h, want) {
			t.Errorf("nations %d: header\n%q\nwant\n%q", nations, h, want)
		}
	}
	if !slices.Contains(outs, "final_bloc_size") {
		t.Fatal("no final_bloc_size outcome: points.csv has no P(final bloc ≥ k) columns")
	}
}

func TestPointsDistributions(t *testing.T) {
	const nations = 5
	// Point 0: bloc sizes 0, 0, 2, 5 and a failed run; mean_bloc_size 1, 2.5, 4, 0.25.
	// Point 1: one run. Point 2: only failed runs.
	rows := []RunRow{
		blocRun(0, 0, 0, 1), blocRun(1, 0, 5, 2.5), blocRun(2, 0, 2, 4),
		{Run: 3, Point: 0, Params: []float64{0}, Err: "outcome max_threat is NaN"},
		blocRun(4, 0, 0, 0.25),
		blocRun(5, 1, 3, 7),
		{Run: 6, Point: 2, Params: []float64{2}, Err: "boom"},
	}
	head, pts := pointsFile(t, nations, rows)
	if len(pts) != 3 {
		t.Fatalf("%d points, want 3", len(pts))
	}
	col := func(pt int, name string) string {
		i := slices.Index(head, name)
		if i < 0 {
			t.Fatalf("no column %s", name)
		}
		return pts[pt][i]
	}
	num := func(pt int, name string) float64 {
		v, err := strconv.ParseFloat(col(pt, name), 64)
		if err != nil {
			t.Fatalf("point %d %s: %v", pt, name, err)
		}
		return v
	}
	near := func(pt int, name string, want float64) {
		t.Helper()
		if got := num(pt, name); math.Abs(got-want) > 1e-12 {
			t.Errorf("point %d: %s = %v, want %v", pt, name, got, want)
		}
	}
	// Quantiles by hand (sorted 0.25, 1, 2.5, 4; h = 1.3, 2.5, 3.7), the failed run left out.
	near(0, "mean_bloc_size_p10", 0.475)
	near(0, "mean_bloc_size_median", 1.75)
	near(0, "mean_bloc_size_p90", 3.55)
	// final_divergence_own = 2·mean_bloc_size in outcome().
	near(0, "final_divergence_own_median", 3.5)
	// Bloc sizes 0, 0, 2, 5 (sorted): p10 at h = 1.3 is 0, median 1, p90 at h = 3.7: 0.3·2 + 0.7·5.
	near(0, "final_bloc_size_p10", 0)
	near(0, "final_bloc_size_median", 1)
	near(0, "final_bloc_size_p90", 4.1)
	// P(final bloc ≥ k): k = 1, 2 → 2 of 4; k = 3..5 → 1 of 4.
	for k, x := range []int{1: 2, 2: 2, 3: 1, 4: 1, 5: 1} {
		if k == 0 {
			continue
		}
		p := "p_final_bloc_ge_" + strconv.Itoa(k)
		low, high := Wilson(x, 4)
		near(0, p, float64(x)/4)
		near(0, p+"_low", low)
		near(0, p+"_high", high)
	}
	// settle_round never set: no values, every statistic empty.
	for _, s := range []string{"_mean", "_p10", "_median", "_p90"} {
		if c := col(0, "settle_round"+s); c != "" {
			t.Errorf("settle_round%s = %q, want empty", s, c)
		}
	}
	// One run: every quantile is the value; the Wilson interval is still defined.
	for _, s := range []string{"_p10", "_median", "_p90"} {
		if c := col(1, "mean_bloc_size"+s); c != "7" {
			t.Errorf("one-run point: mean_bloc_size%s = %q, want 7", s, c)
		}
	}
	z2 := z975 * z975
	near(1, "p_final_bloc_ge_3", 1)
	near(1, "p_final_bloc_ge_3_low", 1/(1+z2))
	near(1, "p_final_bloc_ge_3_high", 1)
	near(1, "p_final_bloc_ge_4", 0)
	near(1, "p_final_bloc_ge_4_low", 0)
	near(1, "p_final_bloc_ge_4_high", z2/(1+z2))
	// No ok run: n = 0, everything else empty.
	if col(2, "n") != "0" {
		t.Errorf("failed point: n = %q", col(2, "n"))
	}
	for i, c := range pts[2][3:] {
		if c != "" {
			t.Errorf("failed point: %s = %q, want empty", head[3+i], c)
		}
	}
}

// The writer keeps one point's values: its buffers do not grow with the
// number of points.
func TestPointsMemoryPerPoint(t *testing.T) {
	const reps = 8
	dir := t.TempDir()
	w, err := NewPointsWriter(dir, []string{"x"}, []string{"CN", "US"}, 3)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	for pt := range 500 {
		for r := range reps {
			line := AppendRunRow(nil, &RunRow{Run: pt*reps + r, Point: pt, Params: []float64{1}, Out: outcome(float64(r))}, 2)
			c, _ := SplitRow(line[:len(line)-1])
			if err := w.AddRow(c); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The buffer starts at 16 rows and doubles only when a point needs it.
	if c := cap(w.vals.buf); c > max(16, 2*reps)*w.no {
		t.Errorf("value buffer capacity %d after 500 points of %d runs of %d outcomes", c, reps, w.no)
	}
	if c := cap(w.vals.scratch); c > 2*reps {
		t.Errorf("sort buffer capacity %d after 500 points of %d runs", c, reps)
	}
}

// A NaN outcome is written as an empty cell and left out of every
// statistic, as settle_round's "never settled" is.
func TestPointsNaNIsMissing(t *testing.T) {
	head, pts := pointsFile(t, 3, []RunRow{blocRun(0, 0, 1, math.NaN()), blocRun(1, 0, 2, 3)})
	row := pts[0]
	get := func(name string) string { return row[slices.Index(head, name)] }
	if get("n") != "2" || get("mean_bloc_size_mean") != "3" || get("mean_bloc_size_p10") != "3" || get("mean_bloc_size_p90") != "3" {
		t.Errorf("NaN not left out: n %s, mean %s, p10 %s, p90 %s", get("n"), get("mean_bloc_size_mean"), get("mean_bloc_size_p10"), get("mean_bloc_size_p90"))
	}
	if get("final_bloc_size_median") != "1.5" {
		t.Errorf("final_bloc_size_median %s, want 1.5", get("final_bloc_size_median"))
	}
}

// An ok row never holds a non-finite number (CheckOutcome fails such
// runs); one that does is corrupt input, refused naming run and column.
func TestPointsRejectNonFinite(t *testing.T) {
	for _, bad := range []string{"NaN", "+Inf", "-Inf"} {
		dir := t.TempDir()
		w, err := NewPointsWriter(dir, []string{"x"}, []string{"CN", "US"}, 3)
		if err != nil {
			t.Fatal(err)
		}
		line := AppendRunRow(nil, &RunRow{Run: 9, Params: []float64{1}, Out: outcome(1)}, 2)
		c, _ := SplitRow(line[:len(line)-1])
		c[4+1+2+2] = bad // mean_bloc_size
		err = w.AddRow(c)
		if err == nil || !strings.Contains(err.Error(), "run 9: mean_bloc_size is "+bad) {
			t.Errorf("%s: got %v, want an error naming run 9 and mean_bloc_size", bad, err)
		}
		w.Abort()
	}
}
