//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/minilateral/minilateral/scenarios"
	"github.com/minilateral/minilateral/sweep"
)

// TestSweepResumesAfterDiskFull stops a sweep on a full file system (a
// small tmpfs), frees less space than the whole sweep would need but
// enough for what is left, and resumes it through the CLI: the plan counts
// the journal already written, and the tables equal the golden ones.
func TestSweepResumesAfterDiskFull(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=128k"); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v)", err)
	}
	defer syscall.Unmount(dir, syscall.MNT_DETACH)
	out := filepath.Join(dir, "out")
	s, src, err := scenarios.Open(small)
	if err != nil {
		t.Fatal(err)
	}
	p, err := sweep.NewPlan(s, src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = sweep.RunDir(context.Background(), p, sweep.Options{Dir: out, Workers: 2, Version: version, Command: "sweep"})
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("sweep on a full disk: %v", err)
	}
	e, err := p.Estimate(sweep.EstimateOptions{Dir: out, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	used := int64(st.Blocks-st.Bfree) * int64(st.Bsize)
	size := used + e.Peak - e.Held + 64<<10
	if size >= used+e.Peak {
		t.Fatalf("the test needs the journal to matter: held %d, peak %d", e.Held, e.Peak)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT, fmt.Sprintf("size=%d", size)); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := swInvoke(t, "sweep", small, "-j", "2", "--out", out, "--resume")
	if code != 0 {
		t.Fatalf("resume after freeing space: exit %d: %s", code, stderr)
	}
	for _, n := range tables {
		want := read(t, filepath.Join("testdata", "sweep", "small."+n))
		if got := read(t, filepath.Join(out, n)); !bytes.Equal(got, want) {
			t.Errorf("resumed %s differs from the golden file", n)
		}
	}
	if _, err := os.Stat(filepath.Join(out, ".sweep")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the work directory is left: %v", err)
	}
}
