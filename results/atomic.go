package results

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// File is an output file written under a temporary name and renamed into
// place by Commit. Its SHA-256 is computed as it is written.
type File struct {
	Name string // final base name
	dir  string
	f    *os.File
	w    *bufio.Writer
	h    hash.Hash
	buf  []byte
}

// Create opens a temporary file in dir that will become dir/name.
func Create(dir, name string) (*File, error) {
	f, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("results: writing %s: %w", filepath.Join(dir, name), pathless(err))
	}
	// CreateTemp makes the file private; results are for sharing.
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("results: %w", err)
	}
	h := sha256.New()
	w := Writer(filepath.Join(dir, name), f)
	return &File{Name: name, dir: dir, f: f, h: h, w: bufio.NewWriterSize(io.MultiWriter(w, h), 1<<16)}, nil
}

// Write implements io.Writer.
func (f *File) Write(p []byte) (int, error) { return f.w.Write(p) }

// Row writes one CSV row of already-formatted cells. Cells must not need
// quoting (the writers only emit numbers and identifiers) except through
// Quote.
func (f *File) Row(cells ...string) {
	for i, c := range cells {
		if i > 0 {
			f.w.WriteByte(',')
		}
		f.w.WriteString(c)
	}
	f.w.WriteByte('\n')
}

// Float appends a number in the shortest form that reads back exactly;
// NaN becomes an empty cell (missing), ±Inf "Inf"/"-Inf".
func (f *File) Float(v float64, sep byte) {
	f.buf = AppendFloat(f.buf[:0], v)
	f.w.Write(f.buf)
	f.w.WriteByte(sep)
}

// Int appends an integer followed by sep.
func (f *File) Int(v int, sep byte) {
	f.buf = strconv.AppendInt(f.buf[:0], int64(v), 10)
	f.w.Write(f.buf)
	f.w.WriteByte(sep)
}

// String appends s followed by sep.
func (f *File) String(s string, sep byte) {
	f.w.WriteString(s)
	f.w.WriteByte(sep)
}

// AppendFloat formats v as FormatFloat(v, 'g', -1, 64), NaN as empty.
func AppendFloat(b []byte, v float64) []byte {
	if v != v {
		return b
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// Commit flushes, syncs and renames the file into place, returning its
// SHA-256 in hex.
func (f *File) Commit() (string, error) {
	final := filepath.Join(f.dir, f.Name)
	if err := f.w.Flush(); err != nil {
		f.Abort()
		return "", fmt.Errorf("results: writing %s: %w", final, pathless(err))
	}
	if err := f.f.Sync(); err != nil {
		f.Abort()
		return "", fmt.Errorf("results: writing %s: %w", final, pathless(err))
	}
	if err := f.f.Close(); err != nil {
		os.Remove(f.f.Name())
		return "", fmt.Errorf("results: writing %s: %w", final, pathless(err))
	}
	if err := os.Rename(f.f.Name(), filepath.Join(f.dir, f.Name)); err != nil {
		os.Remove(f.f.Name())
		return "", fmt.Errorf("results: %w", err)
	}
	syncDir(f.dir)
	return hex.EncodeToString(f.h.Sum(nil)), nil
}

// Abort removes the temporary file.
func (f *File) Abort() {
	f.f.Close()
	os.Remove(f.f.Name())
}

// WriteFileAtomic writes data to dir/name through a temporary file and a
// rename, returning its SHA-256.
func WriteFileAtomic(dir, name string, data []byte) (string, error) {
	f, err := Create(dir, name)
	if err != nil {
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return "", fmt.Errorf("results: writing %s: %w", filepath.Join(dir, name), pathless(err))
	}
	return f.Commit()
}

// syncDir makes a rename in dir durable across a power loss. It is best
// effort: some file systems do not support syncing a directory, and the
// file itself is already synced.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
