//go:build linux

package sweep

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
)

// mountTmpfs mounts a tmpfs of the given size (bytes) on a new
// directory, or skips the test where mounting is not permitted.
func mountTmpfs(t *testing.T, size int64, flags uintptr) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", flags, fmt.Sprintf("size=%d", size)); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v): the injected-writer test covers full disks", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// TestFullDiskResumes fills a real, small file system: the sweep fails
// naming a path, leaves no half-written final file, and once space is
// freed (the tmpfs grown) --resume completes byte-identically.
func TestFullDiskResumes(t *testing.T) {
	p := plan(t, grid)
	ref := t.TempDir()
	if _, err := RunDir(context.Background(), p, Options{Dir: ref, Workers: 2, Version: "v", Command: "sweep"}); err != nil {
		t.Fatal(err)
	}
	want := readFiles(t, ref)
	var size int64
	for _, b := range want {
		size += int64(len(b))
	}
	// Half the output does not fit (tmpfs counts whole 4 KiB pages).
	dir := mountTmpfs(t, size/2, 0)
	_, err := RunDir(context.Background(), p, Options{Dir: dir, Workers: 2, Version: "v", Command: "sweep"})
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), dir) {
		t.Fatalf("sweep on a full disk: %v; want no space left, naming a path in %s", err, dir)
	}
	for name, b := range readFiles(t, dir) {
		if !bytes.Equal(b, want[name]) {
			t.Errorf("%s is half-written (%d bytes, want %d)", name, len(b), len(want[name]))
		}
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT, fmt.Sprintf("size=%d", 8*size+1<<20)); err != nil {
		t.Fatalf("growing the tmpfs: %v", err)
	}
	if _, err := RunDir(context.Background(), p, Options{Dir: dir, Workers: 2, Version: "v", Command: "sweep", Resume: true}); err != nil {
		t.Fatalf("resume after freeing space: %v", err)
	}
	got := readFiles(t, dir)
	for _, name := range finalFiles {
		if !bytes.Equal(got[name], want[name]) {
			t.Errorf("resumed %s differs from the uninterrupted sweep's", name)
		}
	}
}

// TestReadOnlyOutput: a read-only output directory is refused naming it,
// before any run (root ignores permission bits, so the test mounts a
// read-only file system).
func TestReadOnlyOutput(t *testing.T) {
	dir := mountTmpfs(t, 1<<20, syscall.MS_RDONLY)
	err := CheckDir(dir)
	if err == nil || !strings.Contains(err.Error(), "output directory "+dir) || !errors.Is(err, syscall.EROFS) {
		t.Errorf("CheckDir(read-only): %v", err)
	}
	p := plan(t, grid)
	_, err = RunDir(context.Background(), p, Options{Dir: dir, Workers: 1, Version: "v", Command: "sweep"})
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("RunDir(read-only): %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("read-only directory holds %d entries", len(ents))
	}
}
