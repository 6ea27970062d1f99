package sweep

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/minilateral/minilateral/results"
)

// finalFiles are the files a finished sweep leaves (recording series).
var finalFiles = []string{"runs.csv", "points.csv", "series_rounds.csv", "series_nations.csv", "manifest.json"}

// diskBudget is a write fault shared by every file: after limit bytes in
// all, writes fail with ENOSPC (the last one short), as on a full disk.
type diskBudget struct {
	mu      sync.Mutex
	limit   int64 // < 0: no limit
	written int64
	// where each file (by final path) was first written, in order
	starts []fileStart
}

type fileStart struct {
	path string
	at   int64
}

func (d *diskBudget) wrap(path string, w io.Writer) io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		d.mu.Lock()
		defer d.mu.Unlock()
		if !slices.ContainsFunc(d.starts, func(s fileStart) bool { return s.path == path }) {
			d.starts = append(d.starts, fileStart{path, d.written})
		}
		n := len(p)
		if d.limit >= 0 && d.written+int64(n) > d.limit {
			n = int(max(d.limit-d.written, 0))
		}
		m, err := w.Write(p[:n])
		d.written += int64(m)
		if err == nil && m < len(p) {
			err = &os.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
		}
		return m, err
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func readFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, n := range finalFiles {
		if b, err := os.ReadFile(filepath.Join(dir, n)); err == nil {
			out[n] = b
		}
	}
	return out
}

// TestWriteFaults fails the sweep's writes after N bytes, for many N
// spread over every file it writes (journal, series side files, each
// table, the manifest). Each time the sweep must fail with an error
// naming a path, leave every final file either absent or complete, and
// then --resume, with the space back, to files byte-identical to an
// uninterrupted sweep's.
func TestWriteFaults(t *testing.T) {
	p := plan(t, grid)
	opts := func(dir string, resume bool) Options {
		return Options{Dir: dir, Workers: 2, Version: "v", Command: "sweep", Resume: resume}
	}
	ref := t.TempDir()
	budget := &diskBudget{limit: -1}
	results.WriteFault = budget.wrap
	defer func() { results.WriteFault = nil }()
	if _, err := RunDir(context.Background(), p, opts(ref, false)); err != nil {
		t.Fatal(err)
	}
	want := readFiles(t, ref)
	if len(want) != len(finalFiles) {
		t.Fatalf("reference sweep wrote %d of the files %v", len(want), finalFiles)
	}
	total := budget.written
	// Fail at the first byte written to each file, halfway to the next
	// file's first byte and just before it, and at 16 points spread over
	// the total.
	var ns []int64
	var names []string
	for i, s := range budget.starts {
		end := total
		if i+1 < len(budget.starts) {
			end = budget.starts[i+1].at
		}
		ns = append(ns, s.at, (s.at+end)/2, max(end-1, s.at))
		names = append(names, filepath.Base(s.path))
	}
	for k := range 16 {
		ns = append(ns, total*int64(k)/16)
	}
	slices.Sort(ns)
	ns = slices.Compact(ns)
	for _, n := range []string{"journal", "journal.rounds", "runs.csv", "points.csv", "series_rounds.csv", "series_nations.csv", "manifest.json"} {
		if !slices.Contains(names, n) {
			t.Errorf("the sweep never wrote %s through results.Writer (wrote %v)", n, names)
		}
	}

	for _, n := range ns {
		dir := t.TempDir()
		budget.limit, budget.written, budget.starts = n, 0, nil
		_, err := RunDir(context.Background(), p, opts(dir, false))
		if err == nil {
			t.Errorf("N=%d of %d: the sweep succeeded on a full disk", n, total)
			continue
		}
		if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), dir) {
			t.Errorf("N=%d: error %q is not a full disk naming a path in %s", n, err, dir)
		}
		for name, b := range readFiles(t, dir) {
			if !bytes.Equal(b, want[name]) {
				t.Errorf("N=%d: %s is half-written (%d bytes, want %d)", n, name, len(b), len(want[name]))
			}
		}
		budget.limit = -1
		if _, err := RunDir(context.Background(), p, opts(dir, true)); err != nil {
			t.Errorf("N=%d: resume: %v", n, err)
			continue
		}
		got := readFiles(t, dir)
		for _, name := range finalFiles {
			if !bytes.Equal(got[name], want[name]) {
				t.Errorf("N=%d: resumed %s differs from the uninterrupted sweep's", n, name)
			}
		}
		if ents, _ := os.ReadDir(dir); len(ents) != len(finalFiles) {
			var left []string
			for _, e := range ents {
				left = append(left, e.Name())
			}
			t.Errorf("N=%d: after resuming the directory holds %v", n, left)
		}
	}
}
