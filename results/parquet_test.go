package results

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sampleCSV has every kind of cell the tables write: integers, a seed
// above 2^63, floats in every form, empty (missing) numbers, a failed
// run's quoted error, a members list, Inf and -0.
const sampleCSV = `run,point,replicate,seed,model.x,status,error,rounds,settle_round,mean,members,"odd,name"
0,0,0,18446744073709551615,0.1,ok,,60,12,0.30000000000000004,FR;JP,a
1,0,1,42,0.1,error,"runs panicked: index out of range, ""x""",,,,,b
2,1,0,7,1e-300,ok,,60,,-0,,c
3,1,1,9223372036854775808,2.5e+21,ok,,60,3,Inf,IN,"d,e"
`

func writeSample(t *testing.T, dir, csv string) string {
	t.Helper()
	p := filepath.Join(dir, "runs.csv")
	if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var sampleMeta = ParquetMeta{Table: "runs", ScenarioHash: "abc123", Version: "v0.0.0-test"}

func TestParquetReadsBackAsTheCSV(t *testing.T) {
	dir := t.TempDir()
	src := writeSample(t, dir, sampleCSV)
	if _, err := WriteParquet(dir, "runs.parquet", src, sampleMeta); err != nil {
		t.Fatal(err)
	}
	pt, err := OpenParquet(filepath.Join(dir, "runs.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(pt)
	pt.Close()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != sampleCSV {
		t.Errorf("read back:\n%s\nwant:\n%s", got, sampleCSV)
	}
	pt, _ = OpenParquet(filepath.Join(dir, "runs.parquet"))
	defer pt.Close()
	if pt.Meta(MetaScenarioHash) != "abc123" || pt.Meta(MetaVersion) != "v0.0.0-test" || pt.Meta(MetaTable) != "runs" {
		t.Errorf("metadata: %q %q %q", pt.Meta(MetaScenarioHash), pt.Meta(MetaVersion), pt.Meta(MetaTable))
	}
	if cb := pt.pf.Metadata().CreatedBy; cb != ParquetCreatedBy {
		t.Errorf("created_by %q, want %q (pinned, so that bytes do not change with the library)", cb, ParquetCreatedBy)
	}
	// Column types.
	want := map[string]string{"run": "INT64", "seed": "INT64", "model.x": "DOUBLE", "status": "BYTE_ARRAY",
		"error": "BYTE_ARRAY", "rounds": "DOUBLE", "settle_round": "DOUBLE", "members": "BYTE_ARRAY"}
	for _, c := range pt.pf.Schema().Fields() {
		if w, ok := want[c.Name()]; ok && c.Type().Kind().String() != w {
			t.Errorf("column %s is %s, want %s", c.Name(), c.Type().Kind(), w)
		}
	}
	if !slicesEqual(pt.Columns(), []string{"run", "point", "replicate", "seed", "model.x", "status", "error", "rounds", "settle_round", "mean", "members", "odd,name"}) {
		t.Errorf("columns %v are not in the CSV's order", pt.Columns())
	}

	// OpenTable prefers the CSV, and reads the Parquet file without it.
	os.Remove(src)
	b, err := ReadTable(src)
	if err != nil || string(b) != sampleCSV {
		t.Errorf("ReadTable without the CSV: %v\n%s", err, b)
	}
	if _, err := OpenTable(dir, "points"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenTable of a missing table: %v", err)
	}
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestParquetDeterministic: 100 writes of the same table (over several
// row groups, with a boolean-like column) give the same bytes.
func TestParquetDeterministic(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("run,point,x,flag,name\n")
	for i := range ParquetRowGroup + 1234 {
		b.WriteString(strings.Join([]string{itoa(i), itoa(i / 7), AppendFloatString(float64(i) / 3), itoa(i % 2), []string{"IN", "FR", ""}[i%3]}, ","))
		b.WriteByte('\n')
	}
	src := writeSample(t, dir, b.String())
	n := 100
	if testing.Short() || raceEnabled {
		n = 10
	}
	var first [32]byte
	for i := range n {
		if _, err := WriteParquet(dir, "runs.parquet", src, sampleMeta); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, "runs.parquet"))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(data)
		if i == 0 {
			first = h
		} else if h != first {
			t.Fatalf("write %d differs from write 0", i)
		}
	}
	got, err := ReadTable(src)
	if err != nil || string(got) != b.String() {
		t.Errorf("read back differs (%v)", err)
	}
}

func itoa(i int) string                  { return string(AppendFloat(nil, float64(i))) }
func AppendFloatString(v float64) string { return string(AppendFloat(nil, v)) }

// TestParquetRefusals: a truncated file, a file that is not Parquet and a
// malformed CSV are refused; a refused write leaves nothing behind.
func TestParquetRefusals(t *testing.T) {
	dir := t.TempDir()
	src := writeSample(t, dir, sampleCSV)
	if _, err := WriteParquet(dir, "runs.parquet", src, sampleMeta); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "runs.parquet")
	data, _ := os.ReadFile(p)
	for _, cut := range []int{len(data) - 1, len(data) / 2, 3, 0} {
		os.WriteFile(p, data[:cut], 0o644)
		if _, err := OpenParquet(p); err == nil || !strings.Contains(err.Error(), "not a complete Parquet file") {
			t.Errorf("truncated to %d bytes: %v", cut, err)
		}
	}
	for _, bad := range []string{"a,b\n1,2\n3\n", "a,b\n1,2\n3,4", "a,b\n\"x,1\n"} {
		os.WriteFile(p, data, 0o644)
		src := writeSample(t, dir, bad)
		if _, err := WriteParquet(dir, "runs.parquet", src, sampleMeta); err == nil {
			t.Errorf("%q: written", bad)
		}
		if got, _ := os.ReadFile(p); !bytes.Equal(got, data) {
			t.Errorf("%q: the refused write changed runs.parquet", bad)
		}
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if strings.Contains(e.Name(), ".tmp-") {
				t.Errorf("%q: left %s", bad, e.Name())
			}
		}
	}
}
