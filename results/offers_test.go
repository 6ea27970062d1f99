package results

import (
	"bufio"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sim"
)

// writeRunTables runs a bundled scenario for rounds rounds and writes its
// tables into dir in both formats.
func writeRunTables(t *testing.T, dir, name string, rounds int) {
	t.Helper()
	s, _, err := scenarios.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := scenarios.Set(s, "rounds", strconv.Itoa(rounds)); err != nil {
		t.Fatal(err)
	}
	r, err := sim.New(s, sim.Stream(s.Seed, 3))
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewRunWriter(dir, r.Bloc)
	if err != nil {
		t.Fatal(err)
	}
	r.RunAll(w.Round)
	m := &Manifest{Outputs: map[string]string{}}
	if err := w.Commit(m); err != nil {
		t.Fatal(err)
	}
	if _, err := ConvertTables(dir, FormatBoth, "test", RunTables, m); err != nil {
		t.Fatal(err)
	}
	for _, tb := range RunTables {
		for _, ext := range []string{".csv", ".parquet"} {
			if m.Outputs[tb+ext] == "" {
				t.Errorf("%s: the manifest has no checksum of %s%s", name, tb, ext)
			}
		}
	}
}

// TestRunTablesParquet: offers.parquet and endowments.parquet have the
// column types docs/outputs.md gives (round INT64, ids STRING, numbers
// DOUBLE, accepted BOOLEAN), also when offers.csv has no rows, and every
// Parquet value equals the CSV's, float64 bit for bit, read with the
// Parquet library itself rather than with OpenParquet.
func TestRunTablesParquet(t *testing.T) {
	want := map[string]parquet.Kind{"round": parquet.Int64, "superpower": parquet.ByteArray, "nation": parquet.ByteArray,
		"actor": parquet.ByteArray, "subsidy": parquet.Double, "utility_gain": parquet.Double, "accepted": parquet.Boolean,
		"talent": parquet.Double, "compute": parquet.Double, "capital": parquet.Double, "hardware": parquet.Double, "energy": parquet.Double}
	for _, tc := range []struct {
		scenario string
		offers   bool // whether offers.csv has rows
	}{{"divide-and-rule", true}, {"tiny", false}} {
		dir := t.TempDir()
		writeRunTables(t, dir, tc.scenario, 12)
		for _, tb := range []string{"offers", "endowments"} {
			rows := compareParquet(t, filepath.Join(dir, tb), want)
			if tb == "offers" && (rows > 0) != tc.offers {
				t.Errorf("%s: offers.csv has %d rows", tc.scenario, rows)
			}
		}
	}
}

// compareParquet checks base.parquet's column types against want and
// its values against base.csv's cells; it returns the number of rows.
func compareParquet(t *testing.T, base string, want map[string]parquet.Kind) int {
	t.Helper()
	cf, err := os.Open(base + ".csv")
	if err != nil {
		t.Fatal(err)
	}
	defer cf.Close()
	sc := bufio.NewScanner(cf)
	sc.Scan()
	header := strings.Split(sc.Text(), ",")
	pf, err := os.Open(base + ".parquet")
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	fi, _ := pf.Stat()
	f, err := parquet.OpenFile(pf, fi.Size())
	if err != nil {
		t.Fatal(err)
	}
	fields := f.Schema().Fields()
	if len(fields) != len(header) {
		t.Fatalf("%s: %d Parquet columns, %d CSV columns", base, len(fields), len(header))
	}
	for j, c := range fields {
		if c.Name() != header[j] {
			t.Errorf("%s: column %d is %s in Parquet, %s in the CSV", base, j, c.Name(), header[j])
		}
		if k, ok := want[c.Name()]; !ok || c.Type().Kind() != k {
			t.Errorf("%s: column %s is %v, want %v", base, c.Name(), c.Type().Kind(), k)
		}
	}
	r := parquet.NewReader(f)
	defer r.Close()
	row := make([]parquet.Row, 1)
	n := 0
	for ; ; n++ {
		k, err := r.ReadRows(row)
		if k == 0 {
			if err != io.EOF {
				t.Fatalf("%s: row %d: %v", base, n, err)
			}
			break
		}
		if !sc.Scan() {
			t.Fatalf("%s: the Parquet file has more rows than the CSV (%d)", base, n)
		}
		cells := strings.Split(sc.Text(), ",")
		for _, v := range row[0] {
			j, cell := v.Column(), cells[v.Column()]
			var same bool
			switch v.Kind() {
			case parquet.Double:
				x, err := strconv.ParseFloat(cell, 64)
				same = err == nil && math.Float64bits(x) == math.Float64bits(v.Double())
			case parquet.Int64:
				same = cell == strconv.FormatInt(v.Int64(), 10)
			case parquet.Boolean:
				same = cell == strconv.FormatBool(v.Boolean())
			default:
				same = cell == string(v.ByteArray())
			}
			if !same {
				t.Errorf("%s row %d: %s is %v in Parquet, %q in the CSV", base, n+1, header[j], v, cell)
			}
		}
	}
	if sc.Scan() {
		t.Errorf("%s: the CSV has more rows than the Parquet file (%d)", base, n)
	}
	return n
}

// TestRunTableRowsAllocateNothing: appending a round's offers and
// endowments rows into a grown buffer allocates nothing (the round loop's
// budget).
func TestRunTableRowsAllocateNothing(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("allocation counts are not meaningful under -cover")
	}
	s, _, err := scenarios.Open("divide-and-rule")
	if err != nil {
		t.Fatal(err)
	}
	r, err := sim.New(s, sim.Stream(s.Seed, 0))
	if err != nil {
		t.Fatal(err)
	}
	for range 6 { // the US offers from round 2
		r.Step()
	}
	buf := AppendEndowmentRows(AppendOfferRows(nil, []byte("0,0,0,"), r), []byte("0,0,0,"), r)
	if !strings.Contains(string(buf), ",true\n") {
		t.Fatalf("no accepted offer after 6 rounds of divide-and-rule:\n%s", buf)
	}
	if n := testing.AllocsPerRun(100, func() {
		buf = AppendOfferRows(buf[:0], []byte("0,0,0,"), r)
		buf = AppendEndowmentRows(buf, []byte("0,0,0,"), r)
	}); n != 0 {
		t.Errorf("%v allocations per round", n)
	}
}
