package sweep

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/scenarios"
)

// shardDir is one shard's finished output directory.
type shardDir struct {
	dir   string
	m     results.Manifest
	shard Shard
}

// Merge combines the output directories of the shards of one sweep into
// out, as if the sweep had run unsharded: runs.csv and the series are the
// shards' rows in shard order, points.csv is recomputed. It refuses,
// naming them, missing, duplicated or mismatched shards, and shards whose
// files do not match their manifest's checksums.
func Merge(dirs []string, out, version string) (*Summary, error) {
	return MergeFormat(dirs, out, version, "")
}

// MergeFormat is Merge writing the tables in format (csv, parquet or
// both; "" for the shards' own). Shards of different formats are refused.
func MergeFormat(dirs []string, out, version, format string) (*Summary, error) {
	if err := results.CheckFormat(format); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	if len(dirs) == 0 {
		return nil, errors.New("sweep: merge needs the shard directories")
	}
	var shards []shardDir
	var errs []error
	for _, d := range dirs {
		sd, err := readShard(d)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if same, _ := sameDir(d, out); same {
			errs = append(errs, fmt.Errorf("sweep: %s: the output directory cannot be one of the shards", d))
			continue
		}
		shards = append(shards, sd)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	ref := shards[0]
	for _, sd := range shards[1:] {
		if sd.m.ScenarioHash != ref.m.ScenarioHash || sd.shard.N != ref.shard.N {
			errs = append(errs, fmt.Errorf("sweep: mismatched shards: %s is shard %s of scenario %s (hash %s), %s is shard %s of scenario %s (hash %s)",
				ref.dir, ref.shard, ref.m.Scenario, short(ref.m.ScenarioHash), sd.dir, sd.shard, sd.m.Scenario, short(sd.m.ScenarioHash)))
		}
	}
	for _, sd := range shards[1:] {
		if sd.m.Version != ref.m.Version {
			errs = append(errs, fmt.Errorf("sweep: mismatched shards: %s was made by minilateral %s, %s by %s; results of different programs are not merged",
				ref.dir, ref.m.Version, sd.dir, sd.m.Version))
		}
	}
	for _, sd := range shards[1:] {
		if formatOf(&sd.m) != formatOf(&ref.m) {
			errs = append(errs, fmt.Errorf("sweep: mismatched shards: %s holds %s tables, %s %s tables; make them with the same --format",
				ref.dir, formatOf(&ref.m), sd.dir, formatOf(&sd.m)))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	n := ref.shard.N
	byNum := make([][]string, n+1)
	for _, sd := range shards {
		byNum[sd.shard.I] = append(byNum[sd.shard.I], sd.dir)
	}
	var missing []string
	for i := 1; i <= n; i++ {
		switch len(byNum[i]) {
		case 0:
			missing = append(missing, fmt.Sprintf("%d/%d", i, n))
		case 1:
		default:
			errs = append(errs, fmt.Errorf("sweep: duplicated shard %d/%d: %s", i, n, strings.Join(byNum[i], ", ")))
		}
	}
	if len(missing) > 0 {
		errs = append(errs, fmt.Errorf("sweep: missing shards: %s", strings.Join(missing, ", ")))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.SortFunc(shards, func(a, b shardDir) int { return a.shard.I - b.shard.I })
	for _, sd := range shards {
		if err := verify(sd); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if format == "" {
		format = formatOf(&ref.m)
	}
	return writeMerged(shards, out, version, format)
}

// sameDir reports whether a and b name the same directory, through links
// too; a b that does not exist yet is no shard.
func sameDir(a, b string) (bool, error) {
	x, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	y, err := os.Stat(b)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(x, y), nil
}

func readShard(d string) (shardDir, error) {
	sd := shardDir{dir: d}
	if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
		return sd, fmt.Errorf("sweep: %s: no such directory", d)
	}
	// A work directory means a sweep is unfinished there, even if the
	// tables of an earlier sweep are still in place beside it.
	if _, err := os.Stat(filepath.Join(d, workDir)); err == nil {
		return sd, fmt.Errorf("sweep: %s: unfinished shard (resume it with --resume first)", d)
	}
	if err := readJSON(filepath.Join(d, "manifest.json"), &sd.m); err != nil {
		return sd, fmt.Errorf("sweep: %s: no readable manifest.json: %v", d, err)
	}
	sh, _ := sd.m.Extra["shard"].(string)
	if (sd.m.Command != "sweep" && sd.m.Command != "sensitivity") || sh == "" {
		return sd, fmt.Errorf("sweep: %s: not a sweep shard (made by %q, shard %q)", d, sd.m.Command, sh)
	}
	s, err := ParseShard(sh)
	if err != nil {
		return sd, fmt.Errorf("sweep: %s: %w", d, err)
	}
	sd.shard = s
	return sd, nil
}

// verify checks a shard's tables against its manifest's checksums.
func verify(sd shardDir) error {
	for _, name := range tableFiles() {
		if name == "points.csv" || name == "points.parquet" {
			continue // recomputed
		}
		want, ok := sd.m.Outputs[name]
		if !ok {
			continue
		}
		f, err := os.Open(filepath.Join(sd.dir, name))
		if err != nil {
			return fmt.Errorf("sweep: %s: %w", sd.dir, err)
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return fmt.Errorf("sweep: %s: %w", sd.dir, err)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != want {
			return fmt.Errorf("sweep: %s: %s does not match the checksum in its manifest", sd.dir, name)
		}
	}
	return nil
}

// eachLine calls fn with every line (newline included) after the header
// of the CSV file at path, or of the Parquet table beside it read as CSV,
// and returns the header.
func eachLine(path string, fn func(line []byte) error) ([]byte, error) {
	f, err := results.OpenTable(filepath.Dir(path), filepath.Base(path))
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	head, err := r.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("sweep: %s: no header", path)
	}
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			if line[len(line)-1] != '\n' {
				return nil, fmt.Errorf("sweep: %s: last line is incomplete", path)
			}
			if err := fn(line); err != nil {
				return nil, err
			}
		}
		if err == io.EOF {
			return head, nil
		}
		if err != nil {
			return nil, fmt.Errorf("sweep: %w", err)
		}
	}
}

func writeMerged(shards []shardDir, out, version, format string) (*Summary, error) {
	ref := shards[0].m
	keys := toStrings(ref.Extra["parameters"])
	var sids []string
	// Superpower ids: from runs.csv's final_controls_ columns.
	head, err := firstLine(filepath.Join(shards[0].dir, "runs.csv"))
	if err != nil {
		return nil, err
	}
	for _, c := range strings.Split(strings.TrimSpace(string(head)), ",") {
		if id, ok := strings.CutPrefix(c, "final_controls_"); ok {
			sids = append(sids, id)
		}
	}
	// The number of middle powers: from the resolved scenario.
	base, err := scenarios.Parse("manifest.json", []byte(ref.Resolved))
	if err != nil {
		return nil, fmt.Errorf("sweep: %s: the manifest's resolved scenario: %w", shards[0].dir, err)
	}
	hasSeries := hasTable(&ref, "series_rounds")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	t, err := newTables(out, keys, sids, results.OutcomesOf(splitHeader(head)), len(base.Nations), hasSeries)
	if err != nil {
		return nil, err
	}
	runs := int(num(ref.Extra["runs"]))
	sum := &Summary{Total: runs}
	for _, sd := range shards {
		h, err := eachLine(filepath.Join(sd.dir, "runs.csv"), func(line []byte) error {
			sum.Done++
			return t.add(line, sum, len(keys))
		})
		if err == nil && !bytes.Equal(h, head) {
			err = fmt.Errorf("sweep: %s: runs.csv has other columns than %s's", sd.dir, shards[0].dir)
		}
		if err != nil {
			t.abort()
			return nil, err
		}
		if hasSeries {
			for _, pair := range [][2]any{{"series_rounds.csv", t.rounds}, {"series_nations.csv", t.nations}} {
				f := pair[1].(*results.File)
				if _, err := eachLine(filepath.Join(sd.dir, pair[0].(string)), func(line []byte) error {
					_, err := f.Write(line)
					return err
				}); err != nil {
					t.abort()
					return nil, err
				}
			}
		}
	}
	if sum.Done != runs {
		t.abort()
		return nil, fmt.Errorf("sweep: the shards hold %d runs, the sweep has %d", sum.Done, runs)
	}
	m := ref
	m.Version = version
	m.Outputs = map[string]string{}
	m.Extra = map[string]any{}
	for k, v := range ref.Extra {
		m.Extra[k] = v
	}
	salt, _ := ref.Extra["plan_salt"].(string)
	m.Extra["plan_id"] = planID(ref.ScenarioHash+salt, "")
	m.Extra["shard"] = ""
	m.Extra["shard_runs"] = []int{0, runs}
	m.Extra["failed"] = sum.Failed
	m.Extra["merged_from"] = shardNames(shards)
	if err := t.commit(&m, sum, out); err != nil {
		return nil, err
	}
	if err := convertTables(out, format, version, &m, sum); err != nil {
		return nil, err
	}
	if err := m.Write(out); err != nil {
		return nil, err
	}
	sum.Files = append(sum.Files, filepath.Join(out, "manifest.json"))
	return sum, nil
}

func splitHeader(line []byte) []string {
	cells, _ := results.SplitRow(bytes.TrimRight(line, "\r\n"))
	return cells
}

func shardNames(shards []shardDir) []string {
	out := make([]string, len(shards))
	for i, sd := range shards {
		out[i] = sd.dir
	}
	return out
}

func firstLine(path string) ([]byte, error) {
	f, err := results.OpenTable(filepath.Dir(path), filepath.Base(path))
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("sweep: %s: no header", path)
	}
	return line, nil
}

func toStrings(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func num(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case string:
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	return 0
}
