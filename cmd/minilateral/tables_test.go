package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minilateral/minilateral/results"
)

// TestRunTablesFormats: 'run --format both' writes the four run tables in
// both forms, each Parquet file reading back as its CSV, with a checksum
// of every file in the manifest; 'run --format parquet' writes the same
// Parquet bytes and no CSV. The golden files hold the command's output
// and the offers.csv of six rounds of divide-and-rule (the US buys
// members from round 2).
func TestRunTablesFormats(t *testing.T) {
	dir := t.TempDir()
	args := []string{"run", "divide-and-rule", "--rounds", "6", "--seed", "1"}
	out, e, code := invoke(t, dir, append(args, "--format", "both", "--out", filepath.Join(dir, "both"))...)
	if code != 0 {
		t.Fatal(e)
	}
	golden(t, "run-tables-both.stdout", out)
	offers, err := os.ReadFile(filepath.Join(dir, "both", "offers.csv"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "run-tables-offers.csv", string(offers))
	man, err := os.ReadFile(filepath.Join(dir, "both", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range results.RunTables {
		c, err := os.ReadFile(filepath.Join(dir, "both", tb+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		pt, err := results.OpenParquet(filepath.Join(dir, "both", tb+".parquet"))
		if err != nil {
			t.Fatal(err)
		}
		var p bytes.Buffer
		_, err = p.ReadFrom(pt)
		pt.Close()
		if err != nil || !bytes.Equal(p.Bytes(), c) {
			t.Errorf("%s.parquet does not read back as %s.csv (%v)", tb, tb, err)
		}
		for _, f := range []string{tb + ".csv", tb + ".parquet"} {
			if !bytes.Contains(man, []byte(`"`+f+`": "`)) {
				t.Errorf("the manifest has no checksum of %s", f)
			}
		}
	}

	if _, e, code := invoke(t, dir, append(args, "--format", "parquet", "--out", filepath.Join(dir, "pq"))...); code != 0 {
		t.Fatal(e)
	}
	for _, tb := range results.RunTables {
		if _, err := os.Stat(filepath.Join(dir, "pq", tb+".csv")); !os.IsNotExist(err) {
			t.Errorf("--format parquet left %s.csv (%v)", tb, err)
		}
		a, _ := os.ReadFile(filepath.Join(dir, "both", tb+".parquet"))
		b, err := os.ReadFile(filepath.Join(dir, "pq", tb+".parquet"))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s.parquet differs between --format both and --format parquet (%v)", tb, err)
		}
	}
	if !strings.Contains(string(offers), ",US,") || !strings.Contains(string(offers), ",true\n") {
		t.Errorf("six rounds of divide-and-rule: no accepted US offer in offers.csv:\n%s", offers)
	}
}
