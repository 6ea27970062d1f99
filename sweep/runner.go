package sweep

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/minilateral/minilateral/results"
)

// Options control where and how a sweep runs.
type Options struct {
	Dir      string         // output directory
	Workers  int            // goroutines (at least 1)
	Shard    Shard          // zero: the whole sweep
	Resume   bool           // continue an interrupted sweep in Dir
	Version  string         // program version, for the manifest
	Command  string         // command name for the manifest ("sweep")
	Sets     []string       // --set overrides, for the manifest
	Format   string         // table format: csv (default), parquet or both
	Extra    map[string]any // added to the manifest's extra fields (e.g. the sensitivity design)
	Progress func(done int)
	// Notes receives remarks such as a dropped torn journal record.
	Notes io.Writer
}

// Summary reports a finished (or interrupted) sweep.
type Summary struct {
	Total    int      // runs of this shard
	First    int      // index of its first run
	Resumed  int      // runs found done in the journal
	Done     int      // runs finished, resumed ones included
	Failed   int      // runs that failed
	Failures []string // the first few failures, "run K (point P, replicate R): message"
	Files    []string // files written, in order
	Complete bool     // the sweep was already complete (resume of a finished directory)
}

// MaxFailures is how many failures a Summary lists.
const MaxFailures = 5

// ErrInterrupted is returned (wrapped) when the context is cancelled.
var ErrInterrupted = errors.New("sweep interrupted")

const workDir = ".sweep"

// plan.json in the work directory.
type planFile struct {
	ID           string `json:"id"`
	Scenario     string `json:"scenario"`
	ScenarioHash string `json:"scenario_hash"`
	Shard        string `json:"shard"`
	Runs         int    `json:"runs"`
	Version      string `json:"version,omitempty"` // the program that started it
}

// ID identifies a plan and shard: the SHA-256 of the resolved scenario
// (which holds the [sweep] table) and the shard.
func (p *Plan) ID(sh Shard) (id, scenarioHash string, err error) {
	_, hash, err := results.Resolve(p.Base)
	if err != nil {
		return "", "", err
	}
	return planID(hash+p.salt, sh.String()), hash, nil
}

func planID(scenarioHash, shard string) string {
	sum := sha256.Sum256([]byte(scenarioHash + "\n" + shard + "\n"))
	return hex.EncodeToString(sum[:])
}

// RunDir runs the plan's runs of opts.Shard into opts.Dir, resuming if
// asked, and writes the final tables. Failed runs do not stop it; they
// are counted in the summary. When ctx is cancelled it returns an error
// wrapping ErrInterrupted, leaving the journal to resume from.
func RunDir(ctx context.Context, p *Plan, opts Options) (*Summary, error) {
	if !p.prepared {
		panic("sweep: RunDir of a plan that was not prepared (call Prepare)")
	}
	id, hash, err := p.ID(opts.Shard)
	if err != nil {
		return nil, err
	}
	lo, hi := opts.Shard.Range(p.Runs())
	sum := &Summary{Total: hi - lo, First: lo}
	work := filepath.Join(opts.Dir, workDir)
	jpath := filepath.Join(work, "journal")
	pf := planFile{ID: id, Scenario: p.Base.Name, ScenarioHash: hash, Shard: opts.Shard.String(), Runs: hi - lo, Version: opts.Version}

	// Decide, before touching anything, whether Dir may be used.
	_, statErr := os.Stat(work)
	workExists := statErr == nil
	if workExists && !opts.Resume {
		return nil, fmt.Errorf("sweep: %s holds an unfinished sweep; add --resume to continue it, or choose another --out", opts.Dir)
	}
	// Only one process may work in Dir: a second one resuming the same
	// sweep would cut the first one's journal.
	unlock := func() {}
	if workExists {
		u, err := lockWork(opts.Dir, work)
		if err != nil {
			return nil, err
		}
		unlock = u
	}
	defer func() { unlock() }()
	var old planFile
	haveWork := workExists && readJSON(filepath.Join(work, "plan.json"), &old) == nil
	if workExists && !haveWork {
		// A work directory without its plan: a sweep died while starting
		// and has nothing to keep.
		if err := os.RemoveAll(work); err != nil {
			return nil, fmt.Errorf("sweep: %w", err)
		}
	}
	if haveWork && old.ID != id {
		return nil, fmt.Errorf("sweep: %s holds an unfinished sweep of another scenario or shard (%s, scenario hash %s, shard %q), not of this one (%s, scenario hash %s, shard %q); refusing to resume it",
			opts.Dir, old.Scenario, short(old.ScenarioHash), old.Shard, pf.Scenario, short(hash), pf.Shard)
	}
	if haveWork && old.Version != "" && old.Version != opts.Version {
		// Another build may compute other results: mixing them in one
		// table would break reproducibility.
		return nil, fmt.Errorf("sweep: %s holds an unfinished sweep started by minilateral %s; this is %s: resume it with the same program, or start afresh in another --out",
			opts.Dir, old.Version, opts.Version)
	}
	if !haveWork && opts.Resume {
		var m results.Manifest
		if err := readJSON(filepath.Join(opts.Dir, "manifest.json"), &m); err == nil {
			oid, _ := m.Extra["plan_id"].(string)
			if oid != id {
				oshard, _ := m.Extra["shard"].(string)
				return nil, fmt.Errorf("sweep: %s holds the results of another sweep (%s, scenario hash %s, shard %q), not of this one (%s, scenario hash %s, shard %q); refusing to resume it",
					opts.Dir, m.Scenario, short(m.ScenarioHash), oshard, pf.Scenario, short(hash), pf.Shard)
			}
			sum.Complete, sum.Done, sum.Resumed = true, hi-lo, hi-lo
			if f, ok := m.Extra["failed"].(float64); ok {
				sum.Failed = int(f)
			}
			return sum, nil
		}
	}

	if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	if !workExists {
		u, err := lockWork(opts.Dir, work)
		if err != nil {
			return nil, err
		}
		unlock = u
	}
	var j *Journal
	next := lo
	if haveWork {
		pos, torn, err := ReadJournal(jpath, id, lo, func(int, []byte, Span, Span) error { return nil })
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		if err == nil {
			if torn && opts.Notes != nil {
				fmt.Fprintf(opts.Notes, "sweep: dropped a torn record at the end of the journal (run %d will be redone)\n", lo+pos.Records)
			}
			if j, err = OpenJournal(jpath, pos); err != nil {
				return nil, err
			}
			next = lo + pos.Records
			sum.Resumed = pos.Records
		}
	} else {
		if err := writeJSON(work, "plan.json", &pf); err != nil {
			return nil, err
		}
	}
	if j == nil {
		if j, err = CreateJournal(jpath, id); err != nil {
			return nil, err
		}
	}
	removeTemps(opts.Dir)

	S := len(p.SIDs)
	var row []byte
	done := sum.Resumed
	err = p.Execute(ctx, next, hi, opts.Workers, func(r *Result) error {
		row = r.Row(row[:0], S)
		if err := j.Append(r.Index, row, r.Rounds, r.Nations); err != nil {
			return err
		}
		done++
		if opts.Progress != nil {
			opts.Progress(done)
		}
		return nil
	})
	cerr := j.Close()
	sum.Done = done
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return sum, fmt.Errorf("%w after %d of %d runs", ErrInterrupted, done, hi-lo)
		}
		return sum, err
	}
	if cerr != nil {
		return sum, cerr
	}
	return sum, p.finish(opts, id, hash, lo, hi, sum)
}

// removeTemps deletes temporary files (".NAME.tmp-*") a killed process
// left in dir.
func removeTemps(dir string) {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if n := e.Name(); strings.HasPrefix(n, ".") && strings.Contains(n, ".tmp-") {
			os.Remove(filepath.Join(dir, n))
		}
	}
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func writeJSON(dir, name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	_, err = results.WriteFileAtomic(dir, name, append(b, '\n'))
	return err
}

// tables are the temporary final files of a sweep.
type tables struct {
	runs, rounds, nations *results.File
	points                *results.PointsWriter
}

func (t *tables) abort() {
	for _, f := range []*results.File{t.runs, t.rounds, t.nations} {
		if f != nil {
			f.Abort()
		}
	}
	if t.points != nil {
		t.points.Abort()
	}
}

// newTables starts a sweep's tables in dir for outcome columns outs;
// nations (the number of middle powers) sets the k of points.csv's
// P(final bloc ≥ k) columns.
func newTables(dir string, keys, sids, outs []string, nations int, series bool) (*tables, error) {
	t := &tables{}
	var err error
	if t.runs, err = results.Create(dir, "runs.csv"); err != nil {
		return nil, err
	}
	t.runs.Write(results.HeaderLine(results.RunsHeaderFor(keys, outs)))
	if t.points, err = results.NewPointsWriterFor(dir, keys, outs, nations); err != nil {
		t.abort()
		return nil, err
	}
	if series {
		if t.rounds, err = results.Create(dir, "series_rounds.csv"); err != nil {
			t.abort()
			return nil, err
		}
		t.rounds.Write(results.HeaderLine(results.SeriesRoundsHeader(sids)))
		if t.nations, err = results.Create(dir, "series_nations.csv"); err != nil {
			t.abort()
			return nil, err
		}
		t.nations.Write(results.HeaderLine(results.SeriesNationsHeader()))
	}
	return t, nil
}

// add appends one runs.csv row (with newline) and counts failures.
func (t *tables) add(row []byte, sum *Summary, nk int) error {
	t.runs.Write(row)
	cells, err := results.SplitRow(row[:len(row)-1])
	if err != nil {
		return err
	}
	if err := t.points.AddRow(cells); err != nil {
		return err
	}
	if len(cells) > 5+nk && cells[4+nk] != "ok" {
		sum.Failed++
		if len(sum.Failures) < MaxFailures {
			sum.Failures = append(sum.Failures, fmt.Sprintf("run %s (point %s, replicate %s): %s", cells[0], cells[1], cells[2], cells[5+nk]))
		}
	}
	return nil
}

// commit renames the tables into place, recording checksums.
func (t *tables) commit(m *results.Manifest, sum *Summary, dir string) error {
	files := []*results.File{t.runs}
	if t.rounds != nil {
		files = append(files, t.rounds, t.nations)
	}
	for _, f := range files {
		h, err := f.Commit()
		if err != nil {
			t.abort()
			return err
		}
		m.Outputs[f.Name] = h
		sum.Files = append(sum.Files, filepath.Join(dir, f.Name))
		if f == t.runs {
			h, err := t.points.Commit()
			if err != nil {
				t.abort()
				return err
			}
			m.Outputs["points.csv"] = h
			sum.Files = append(sum.Files, filepath.Join(dir, "points.csv"))
		}
	}
	if t.rounds == nil {
		// Series of an earlier sweep in this directory are stale now.
		os.Remove(filepath.Join(dir, "series_rounds.csv"))
		os.Remove(filepath.Join(dir, "series_nations.csv"))
	}
	return nil
}

// copySpan appends bytes sp of src to f.
func copySpan(f *results.File, src *os.File, sp Span) error {
	if sp.Len == 0 {
		return nil
	}
	if _, err := io.Copy(f, io.NewSectionReader(src, sp.Off, sp.Len)); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	return nil
}

// finish writes the final tables from the journal and the manifest, then
// removes the work directory.
func (p *Plan) finish(opts Options, id, hash string, lo, hi int, sum *Summary) error {
	work := filepath.Join(opts.Dir, workDir)
	jpath := filepath.Join(work, "journal")
	keys := p.Keys()
	t, err := newTables(opts.Dir, keys, p.SIDs, p.Outcomes(), len(p.Base.Nations), len(p.Record) > 0)
	if err != nil {
		return err
	}
	rp, np := sidecars(jpath)
	sr, err := os.Open(rp)
	if err != nil {
		t.abort()
		return fmt.Errorf("sweep: %w", err)
	}
	defer sr.Close()
	sn, err := os.Open(np)
	if err != nil {
		t.abort()
		return fmt.Errorf("sweep: %w", err)
	}
	defer sn.Close()
	pos, _, err := ReadJournal(jpath, id, lo, func(k int, row []byte, rs, ns Span) error {
		row = append(row, '\n')
		if err := t.add(row, sum, len(keys)); err != nil {
			return err
		}
		if t.rounds != nil {
			return errors.Join(copySpan(t.rounds, sr, rs), copySpan(t.nations, sn, ns))
		}
		return nil
	})
	if err == nil && pos.Records != hi-lo {
		err = fmt.Errorf("sweep: the journal holds %d of %d runs", pos.Records, hi-lo)
	}
	if err != nil {
		t.abort()
		return err
	}
	m, err := p.manifest(opts, id, lo, hi, sum)
	if err != nil {
		t.abort()
		return err
	}
	if err := t.commit(m, sum, opts.Dir); err != nil {
		return err
	}
	if err := convertTables(opts.Dir, opts.Format, opts.Version, m, sum); err != nil {
		return err
	}
	if err := m.Write(opts.Dir); err != nil {
		return err
	}
	sum.Files = append(sum.Files, filepath.Join(opts.Dir, "manifest.json"))
	if err := os.RemoveAll(work); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	return nil
}

// manifest describes the sweep (Outputs are filled on commit).
func (p *Plan) manifest(opts Options, id string, lo, hi int, sum *Summary) (*results.Manifest, error) {
	cmd := opts.Command
	if cmd == "" {
		cmd = "sweep"
	}
	m, err := results.NewManifest(cmd, opts.Version, p.Base, opts.Sets)
	if err != nil {
		return nil, err
	}
	m.Seed = p.Master
	keys := p.Keys()
	vals := map[string][]float64{}
	switch {
	case p.grid != nil: // an uncertainty sweep: the grid's values
		for j, d := range p.grid.Distinct() {
			vals[keys[j]] = d
		}
	case !p.Explicit(): // an explicit design's points are its own record
		for j, d := range p.Distinct() {
			vals[keys[j]] = d
		}
	}
	rec := p.Record
	if rec == nil {
		rec = []int{}
	}
	m.Extra = map[string]any{
		"plan_id":      id,
		"design":       p.Design,
		"seeding":      p.Seeding,
		"master_seed":  strconv.FormatUint(p.Master, 10),
		"replications": p.Reps,
		"points":       p.Points,
		"runs":         p.Runs(),
		"parameters":   keys,
		"values":       vals,
		"recorded":     rec,
		"shard":        opts.Shard.String(),
		"shard_runs":   []int{lo, hi},
		"failed":       sum.Failed,
	}
	if p.grid != nil {
		m.Extra["integrated"] = p.Integrated()
		m.Extra["prior_samples"] = p.samples
		m.Extra["grid_points"] = p.grid.Points
		m.Extra["plan_salt"] = p.salt
	}
	for k, v := range opts.Extra {
		m.Extra[k] = v
	}
	return m, nil
}
