package results

import (
	"errors"
	"io"
	"os"
)

// WriteFault, when set (by tests), wraps the writer of every file the
// program writes results to, temporary and work files included: path is
// the file's final path (a table, a manifest, a sweep's journal). A test
// returns a writer that fails, e.g. after N bytes, to simulate a full
// disk.
var WriteFault func(path string, w io.Writer) io.Writer

// Writer returns w, or what WriteFault makes of it.
func Writer(path string, w io.Writer) io.Writer {
	if WriteFault != nil {
		return WriteFault(path, w)
	}
	return w
}

// pathless drops the temporary file's name from an *os.PathError, so that
// an error names the final file once: "writing out/runs.csv: no space
// left on device".
func pathless(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
