package sweep

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minilateral/minilateral/results"
)

// TestParquetSameForAnyWorkersAndShards: the Parquet tables of a sweep are
// byte-identical for -j 1, -j 2 and a merge of 3 shards, and read back as
// the CSV tables of the same sweep.
func TestParquetSameForAnyWorkersAndShards(t *testing.T) {
	p := plan(t, grid)
	dir := t.TempDir()
	ctx := context.Background()
	run := func(name, format string, workers int, sh Shard) string {
		out := filepath.Join(dir, name)
		if _, err := RunDir(ctx, p, Options{Dir: out, Workers: workers, Shard: sh, Version: "v", Command: "sweep", Format: format}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	j1 := run("j1", "parquet", 1, Shard{})
	j2 := run("j2", "parquet", 2, Shard{})
	both := run("both", "both", 2, Shard{})
	var shards []string
	for i := 1; i <= 3; i++ {
		shards = append(shards, run(fmt.Sprintf("s%d", i), "parquet", 2, Shard{i, 3}))
	}
	merged := filepath.Join(dir, "merged")
	if _, err := Merge(shards, merged, "v"); err != nil {
		t.Fatal(err)
	}
	mergedBoth := filepath.Join(dir, "merged-both")
	if _, err := MergeFormat(shards, mergedBoth, "v", "both"); err != nil {
		t.Fatal(err)
	}
	for _, tb := range sweepTables {
		want, err := os.ReadFile(filepath.Join(j1, tb+".parquet"))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{j2, both, merged, mergedBoth} {
			if got, err := os.ReadFile(filepath.Join(d, tb+".parquet")); err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s.parquet of %s differs from -j 1's (%v)", tb, filepath.Base(d), err)
			}
		}
		if _, err := os.Stat(filepath.Join(j1, tb+".csv")); err == nil {
			t.Errorf("--format parquet wrote %s.csv", tb)
		}
		// Read back, the Parquet table is the CSV table.
		r, err := results.OpenTable(j1, tb)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(r)
		r.Close()
		csv, _ := os.ReadFile(filepath.Join(both, tb+".csv"))
		if !bytes.Equal(got, csv) {
			t.Errorf("%s.parquet does not read back as %s.csv", tb, tb)
		}
		if csv2, _ := os.ReadFile(filepath.Join(mergedBoth, tb+".csv")); !bytes.Equal(csv2, csv) {
			t.Errorf("merged %s.csv (from Parquet shards) differs from the local sweep's", tb)
		}
	}
	var m results.Manifest
	if err := readJSON(filepath.Join(j1, "manifest.json"), &m); err != nil || m.Extra["format"] != "parquet" {
		t.Errorf("manifest format %v (%v)", m.Extra["format"], err)
	}
	if _, ok := m.Outputs["runs.parquet"]; !ok {
		t.Error("the manifest has no checksum of runs.parquet")
	}
	// Resuming a finished Parquet sweep finds it complete.
	if sum, err := RunDir(ctx, p, Options{Dir: j1, Workers: 1, Resume: true, Version: "v", Command: "sweep", Format: "parquet"}); err != nil || !sum.Complete {
		t.Errorf("resume of a finished sweep: %v %+v", err, sum)
	}
}

// TestMergeRefusesMixedFormatsAndTruncatedParquet: nothing is written and
// nothing overwritten.
func TestMergeRefusesMixedFormatsAndTruncatedParquet(t *testing.T) {
	p := plan(t, grid)
	dir := t.TempDir()
	ctx := context.Background()
	shard := func(name, format string, i int) string {
		out := filepath.Join(dir, name)
		if _, err := RunDir(ctx, p, Options{Dir: out, Workers: 2, Shard: Shard{i, 2}, Version: "v", Command: "sweep", Format: format}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	a := shard("a", "parquet", 1)
	b := shard("b", "csv", 2)
	c := shard("c", "parquet", 2)
	out := filepath.Join(dir, "out")
	os.MkdirAll(out, 0o755)
	sentinel := []byte("an earlier result\n")
	os.WriteFile(filepath.Join(out, "runs.parquet"), sentinel, 0o644)
	check := func(what string, err error, want string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want %q", what, err, want)
		}
		if got, _ := os.ReadFile(filepath.Join(out, "runs.parquet")); !bytes.Equal(got, sentinel) {
			t.Errorf("%s: the refused merge overwrote runs.parquet", what)
		}
		if _, err := os.Stat(filepath.Join(out, "manifest.json")); err == nil {
			t.Errorf("%s: the refused merge wrote a manifest", what)
		}
	}
	_, err := Merge([]string{a, b}, out, "v")
	check("mixed formats", err, "holds parquet tables, "+b+" csv tables")

	data, _ := os.ReadFile(filepath.Join(c, "runs.parquet"))
	os.WriteFile(filepath.Join(c, "runs.parquet"), data[:len(data)-10], 0o644)
	_, err = Merge([]string{a, c}, out, "v")
	check("truncated shard", err, c+": runs.parquet does not match the checksum in its manifest")

	// Even with a manifest that matches, a truncated file is refused
	// when read.
	if _, err := results.OpenParquet(filepath.Join(c, "runs.parquet")); err == nil || !strings.Contains(err.Error(), "not a complete Parquet file") {
		t.Errorf("truncated file opened: %v", err)
	}
	_, err = MergeFormat([]string{a, shard("d", "parquet", 2)}, out, "v", "xml")
	check("format xml", err, `format "xml": want csv, parquet or both`)
}
