package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"

	"github.com/minilateral/minilateral/results"
	"github.com/minilateral/minilateral/web"
)

func init() {
	register("export-html", command{summary: "write one self-contained HTML file replaying a run", usage: "RUN_DIR [--out FILE]", run: cmdExportHTML})
}

func cmdExportHTML(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export-html", stderr)
	out := fs.String("out", "", "output file (default: RUN_DIR/replay.html)")
	pos, err := parse(fs, args, 1, 1, "one RUN_DIR (written by 'minilateral run')")
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := web.WriteReplay(&b, pos[0], version); err != nil {
		return err
	}
	file := *out
	if file == "" {
		file = filepath.Join(pos[0], "replay.html")
	}
	if _, err := results.WriteFileAtomic(filepath.Dir(file), filepath.Base(file), b.Bytes()); err != nil {
		return fmt.Errorf("export-html: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes): open it in any browser, no server needed\n", file, b.Len())
	return nil
}
