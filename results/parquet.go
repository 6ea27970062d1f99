package results

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/format"
)

// Parquet tables.
//
// Every table (runs, points, rounds, nations, offers, endowments,
// series_rounds, series_nations) can be written as Parquet beside or
// instead of its CSV.
// A Parquet table is made from the finished CSV file in two streaming
// passes (its memory does not grow with the rows): the first types each
// column, the second writes it. Columns keep the CSV's names and order:
//
//	run, point, replicate, round, n   INT64 (nullable)
//	seed                              INT64, logical type UINT_64 (nullable)
//	accepted                          BOOLEAN (nullable) when every cell
//	                                  is true, false or empty
//	other columns whose every cell is a number written the way the tables
//	write numbers (shortest form that reads back exactly)
//	                                  DOUBLE (nullable: an empty cell is null)
//	any other column                  STRING (UTF-8; an empty cell is "")
//
// A table with no rows (offers.csv of a run without offers) is typed by
// column name alone: the integer columns above, accepted BOOLEAN, the
// identifier and text columns (nation, superpower, actor, action, members,
// status, error) STRING, any other column DOUBLE.
//
// Pages are compressed with zstd, in row groups of ParquetRowGroup rows.
// The file's key-value metadata holds the scenario hash and the program
// version (see ParquetMeta); the writer's created_by is pinned to
// "minilateral", so a file's bytes depend on its rows and metadata only,
// not on the version of the Parquet library. Reading a Parquet table back
// (OpenTable) gives the CSV's bytes exactly, which is how merge, plot and
// the sensitivity tools read either format.

// ParquetRowGroup is the number of rows in each row group (the last one
// may be shorter). It bounds the writer's memory: one row group is
// buffered before it is compressed and written.
const ParquetRowGroup = 16384

// ParquetCreatedBy is the created_by field of every file.
const ParquetCreatedBy = "minilateral"

// Formats of the output tables.
const (
	FormatCSV     = "csv"
	FormatParquet = "parquet"
	FormatBoth    = "both"
)

// CheckFormat returns an error unless f is a format ("" means csv).
func CheckFormat(f string) error {
	switch f {
	case "", FormatCSV, FormatParquet, FormatBoth:
		return nil
	}
	return fmt.Errorf("results: format %q: want csv, parquet or both", f)
}

// WantCSV and WantParquet report what format f writes.
func WantCSV(f string) bool     { return f != FormatParquet }
func WantParquet(f string) bool { return f == FormatParquet || f == FormatBoth }

// ParquetMeta is written into each file's key-value metadata.
type ParquetMeta struct {
	Table        string // "runs", "points", …
	ScenarioHash string // results.Resolve's hash of the scenario (not the manifest's)
	Version      string // program version
}

// Metadata keys of a Parquet table.
const (
	MetaTable        = "minilateral.table"
	MetaScenarioHash = "minilateral.scenario_hash"
	MetaVersion      = "minilateral.version"
	metaQuoted       = "minilateral.csv_quoted" // columns whose non-empty cells the CSV quotes
)

type colKind int

const (
	kindInt colKind = iota
	kindUint
	kindDouble
	kindString
	kindBool
)

// kindByName types the columns so named when every cell fits (else by
// their cells, as any other column).
var kindByName = map[string]colKind{"run": kindInt, "point": kindInt, "replicate": kindInt, "round": kindInt, "n": kindInt, "seed": kindUint,
	"accepted": kindBool}

// textColumns are typed STRING in a table with no rows, where there is
// no cell to type them by.
var textColumns = map[string]bool{"nation": true, "superpower": true, "actor": true, "action": true,
	"members": true, "status": true, "error": true}

func exactBool(s []byte) bool { return string(s) == "true" || string(s) == "false" }

// csvLine splits one CSV line (without its newline) into cells and
// reports which were quoted. Unquoted cells are slices of line; quoted
// ones are unescaped into scratch, which is returned for reuse.
func csvLine(line []byte, cells [][]byte, quoted []bool, scratch []byte) ([][]byte, []bool, []byte, error) {
	cells, quoted = cells[:0], quoted[:0]
	if cap(scratch) < len(line) {
		scratch = make([]byte, 0, len(line))
	}
	scratch = scratch[:0] // never grows past len(line): earlier cells stay valid
	for i := 0; ; {
		if i < len(line) && line[i] == '"' {
			start := len(scratch)
			j := i + 1
			for {
				k := bytes.IndexByte(line[j:], '"')
				if k < 0 {
					return nil, nil, scratch, fmt.Errorf("unterminated quote")
				}
				scratch = append(scratch, line[j:j+k]...)
				j += k + 1
				if j < len(line) && line[j] == '"' {
					scratch = append(scratch, '"')
					j++
					continue
				}
				break
			}
			cells, quoted = append(cells, scratch[start:len(scratch):len(scratch)]), append(quoted, true)
			if j == len(line) {
				return cells, quoted, scratch, nil
			}
			if line[j] != ',' {
				return nil, nil, scratch, fmt.Errorf("text after a closing quote")
			}
			i = j + 1
			continue
		}
		k := bytes.IndexByte(line[i:], ',')
		if k < 0 {
			return append(cells, line[i:len(line):len(line)]), append(quoted, false), scratch, nil
		}
		cells, quoted = append(cells, line[i:i+k:i+k]), append(quoted, false)
		i += k + 1
	}
}

func needsQuoteB(s []byte) bool { return bytes.ContainsAny(s, ",\"\n\r") }

// eachCSVRow calls fn with the cells of every row of the CSV file at
// path after its header, which it returns.
func eachCSVRow(path string, fn func(cells [][]byte, quoted []bool) error) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	head, err := r.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("%s: no header", path)
	}
	hc, _, _, err := csvLine(bytes.TrimSuffix(head, []byte("\n")), nil, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: header: %v", path, err)
	}
	cols := make([]string, len(hc))
	for j, c := range hc {
		cols[j] = string(c)
	}
	var cells [][]byte
	var quoted []bool
	var scratch []byte
	for n := 2; ; n++ {
		line, err := r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long := append([]byte(nil), line...)
			for err == bufio.ErrBufferFull {
				line, err = r.ReadSlice('\n')
				long = append(long, line...)
			}
			line = long
		}
		if len(line) > 0 {
			if line[len(line)-1] != '\n' {
				return nil, fmt.Errorf("%s: line %d is incomplete", path, n)
			}
			if cells, quoted, scratch, err = csvLine(line[:len(line)-1], cells, quoted, scratch); err != nil {
				return nil, fmt.Errorf("%s: line %d: %v", path, n, err)
			}
			if len(cells) != len(cols) {
				return nil, fmt.Errorf("%s: line %d has %d cells, the header %d", path, n, len(cells), len(cols))
			}
			if err := fn(cells, quoted); err != nil {
				return nil, err
			}
		}
		if err == io.EOF {
			return cols, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// exactFloat reports whether s is a number as AppendFloat writes it.
func exactFloat(s []byte, buf []byte) bool {
	v, err := strconv.ParseFloat(string(s), 64)
	return err == nil && bytes.Equal(AppendFloat(buf[:0], v), s)
}

func exactInt(s []byte, buf []byte) bool {
	v, err := strconv.ParseInt(string(s), 10, 64)
	return err == nil && bytes.Equal(strconv.AppendInt(buf[:0], v, 10), s)
}

func exactUint(s []byte, buf []byte) bool {
	v, err := strconv.ParseUint(string(s), 10, 64)
	return err == nil && bytes.Equal(strconv.AppendUint(buf[:0], v, 10), s)
}

// tableSchema types the columns of the CSV file at path.
func tableSchema(path string) (cols []string, kinds []colKind, quotedCols []bool, err error) {
	var ok [kindBool + 1][]bool // ok[kind][j]: every non-empty cell so far fits kind
	var any []bool              // any non-empty cell
	var quoteAll, quoteOdd []bool
	buf := make([]byte, 0, 32)
	cols, err = eachCSVRow(path, func(cells [][]byte, quoted []bool) error {
		if ok[0] == nil {
			for k := range ok {
				ok[k] = make([]bool, len(cells))
				for j := range cells {
					ok[k][j] = true
				}
			}
			any = make([]bool, len(cells))
			quoteAll, quoteOdd = make([]bool, len(cells)), make([]bool, len(cells))
			for j := range cells {
				quoteAll[j] = true
			}
		}
		for j, c := range cells {
			if quoted[j] != needsQuoteB(c) {
				quoteOdd[j] = true
			}
			if len(c) == 0 {
				if quoted[j] {
					ok[kindInt][j], ok[kindUint][j], ok[kindDouble][j], ok[kindBool][j] = false, false, false, false
				}
				continue
			}
			any[j] = true
			if !quoted[j] {
				quoteAll[j] = false
			} else {
				ok[kindInt][j], ok[kindUint][j], ok[kindDouble][j], ok[kindBool][j] = false, false, false, false
			}
			if ok[kindInt][j] && !exactInt(c, buf) {
				ok[kindInt][j] = false
			}
			if ok[kindUint][j] && !exactUint(c, buf) {
				ok[kindUint][j] = false
			}
			if ok[kindDouble][j] && !exactFloat(c, buf) {
				ok[kindDouble][j] = false
			}
			if ok[kindBool][j] && !exactBool(c) {
				ok[kindBool][j] = false
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, err
	}
	kinds = make([]colKind, len(cols))
	quotedCols = make([]bool, len(cols))
	for j, c := range cols {
		kinds[j] = kindString
		if ok[0] == nil { // no rows: type by name only
			if k, named := kindByName[c]; named {
				kinds[j] = k
			} else if !textColumns[c] {
				kinds[j] = kindDouble
			}
			continue
		}
		if k, named := kindByName[c]; named && ok[k][j] {
			kinds[j] = k
		} else if any[j] && ok[kindDouble][j] {
			kinds[j] = kindDouble
		}
		if kinds[j] == kindString && quoteOdd[j] {
			// Cells quoted though they need no quotes: exact when all
			// non-empty cells are quoted (the error column).
			if !any[j] || !quoteAll[j] {
				return nil, nil, nil, fmt.Errorf("%s: column %s mixes quoted and unquoted cells", path, c)
			}
			quotedCols[j] = true
		}
	}
	return cols, kinds, quotedCols, nil
}

// orderedGroup is a group whose fields keep the CSV's column order
// (parquet.Group sorts them by name).
type orderedGroup struct {
	parquet.Group
	order []string
}

func (g orderedGroup) Fields() []parquet.Field {
	byName := map[string]parquet.Field{}
	for _, f := range g.Group.Fields() {
		byName[f.Name()] = f
	}
	out := make([]parquet.Field, len(g.order))
	for i, n := range g.order {
		out[i] = byName[n]
	}
	return out
}

func schemaOf(name string, cols []string, kinds []colKind) *parquet.Schema {
	g := parquet.Group{}
	for j, c := range cols {
		var n parquet.Node
		switch kinds[j] {
		case kindInt:
			n = parquet.Optional(parquet.Encoded(parquet.Int(64), &parquet.DeltaBinaryPacked))
		case kindUint:
			n = parquet.Optional(parquet.Uint(64))
		case kindDouble:
			n = parquet.Optional(parquet.Encoded(parquet.Leaf(parquet.DoubleType), &parquet.ByteStreamSplit))
		case kindBool:
			n = parquet.Optional(parquet.Leaf(parquet.BooleanType))
		default:
			n = parquet.Encoded(parquet.String(), &parquet.RLEDictionary)
		}
		g[c] = n
	}
	return parquet.NewSchema(name, orderedGroup{Group: g, order: cols})
}

var _ encoding.Encoding = &parquet.ByteStreamSplit

// createdBy sets the writer's created_by as is (parquet.CreatedBy
// formats "APP version V (build B)").
type createdBy string

func (c createdBy) ConfigureWriter(cfg *parquet.WriterConfig) { cfg.CreatedBy = string(c) }

// WriteParquet writes the CSV table at csvPath as dir/name (a Parquet
// file, through a temporary file and a rename) and returns its SHA-256.
func WriteParquet(dir, name, csvPath string, meta ParquetMeta) (string, error) {
	cols, kinds, quotedCols, err := tableSchema(csvPath)
	if err != nil {
		return "", fmt.Errorf("results: %w", err)
	}
	for _, c := range cols {
		if c == "" {
			return "", fmt.Errorf("results: %s: a column has no name", csvPath)
		}
	}
	var q []string
	for j, isQ := range quotedCols {
		if isQ {
			q = append(q, strconv.Itoa(j))
		}
	}
	f, err := Create(dir, name)
	if err != nil {
		return "", err
	}
	w := parquet.NewWriter(f, schemaOf(meta.Table, cols, kinds),
		createdBy(ParquetCreatedBy),
		parquet.Compression(&zstdCodec{}),
		parquet.MaxRowsPerRowGroup(ParquetRowGroup),
		parquet.KeyValueMetadata(MetaTable, meta.Table),
		parquet.KeyValueMetadata(MetaScenarioHash, meta.ScenarioHash),
		parquet.KeyValueMetadata(MetaVersion, meta.Version),
		parquet.KeyValueMetadata(metaQuoted, strings.Join(q, ",")),
	)
	// Rows go to the writer in batches; vals and text back a batch's
	// values and are reused once the writer has copied them.
	rows := make([]parquet.Row, 0, 256)
	var vals []parquet.Value
	var text []byte
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		_, err := w.WriteRows(rows)
		rows, vals, text = rows[:0], vals[:0], text[:0]
		return err
	}
	_, err = eachCSVRow(csvPath, func(cells [][]byte, _ []bool) error {
		if vals == nil {
			vals = make([]parquet.Value, 0, cap(rows)*len(cols))
		}
		start := len(vals)
		for j, c := range cells {
			var v parquet.Value
			switch {
			case kinds[j] == kindString:
				// The line buffer is reused: copy the text.
				n := len(text)
				text = append(text, c...)
				v = parquet.ByteArrayValue(text[n:len(text):len(text)]).Level(0, 0, j)
			case len(c) == 0:
				v = parquet.NullValue().Level(0, 0, j)
			case kinds[j] == kindInt:
				x, _ := strconv.ParseInt(string(c), 10, 64)
				v = parquet.Int64Value(x).Level(0, 1, j)
			case kinds[j] == kindUint:
				x, _ := strconv.ParseUint(string(c), 10, 64)
				v = parquet.Int64Value(int64(x)).Level(0, 1, j)
			case kinds[j] == kindBool:
				v = parquet.BooleanValue(c[0] == 't').Level(0, 1, j)
			default:
				x, _ := strconv.ParseFloat(string(c), 64)
				v = parquet.DoubleValue(x).Level(0, 1, j)
			}
			vals = append(vals, v)
		}
		rows = append(rows, parquet.Row(vals[start:len(vals):len(vals)]))
		if len(rows) == cap(rows) {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		f.Abort()
		return "", fmt.Errorf("results: %s: %w", filepath.Join(dir, name), err)
	}
	return f.Commit()
}

// ParquetTable is an open Parquet table that reads back as the CSV text
// it was made from.
type ParquetTable struct {
	f      *os.File
	pf     *parquet.File
	cols   []string
	kinds  []colKind
	quoted []bool
	rg     int
	rows   parquet.Rows
	buf    []parquet.Row
	out    []byte // pending CSV bytes
	off    int
	done   bool
}

// OpenParquet opens the Parquet table at path. A file that is not a
// complete Parquet table (truncated, or another kind of file) is refused.
func OpenParquet(path string) (*ParquetTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("results: %w", err)
	}
	pf, err := parquet.OpenFile(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("results: %s: not a complete Parquet file (truncated?): %v", path, err)
	}
	t := &ParquetTable{f: f, pf: pf}
	for _, c := range pf.Schema().Fields() {
		t.cols = append(t.cols, c.Name())
		k := kindString
		switch {
		case c.Type().Kind() == parquet.Double:
			k = kindDouble
		case c.Type().Kind() == parquet.Boolean:
			k = kindBool
		case c.Type().Kind() == parquet.Int64 && isUnsigned(c.Type().LogicalType()):
			k = kindUint
		case c.Type().Kind() == parquet.Int64:
			k = kindInt
		}
		t.kinds = append(t.kinds, k)
	}
	t.quoted = make([]bool, len(t.cols))
	if q, _ := pf.Lookup(metaQuoted); q != "" {
		for _, s := range strings.Split(q, ",") {
			if j, err := strconv.Atoi(s); err == nil && j >= 0 && j < len(t.quoted) {
				t.quoted[j] = true
			}
		}
	}
	t.out = HeaderLine(t.cols)
	return t, nil
}

func isUnsigned(lt *format.LogicalType) bool {
	if lt == nil {
		return false
	}
	it, ok := lt.Value.(*format.IntType)
	return ok && !it.IsSigned
}

// Columns returns the table's column names.
func (t *ParquetTable) Columns() []string { return t.cols }

// Meta returns the value of a key-value metadata key.
func (t *ParquetTable) Meta(key string) string { v, _ := t.pf.Lookup(key); return v }

// NumRows returns the number of rows.
func (t *ParquetTable) NumRows() int64 { return t.pf.NumRows() }

// Read implements io.Reader: the table as CSV text, header first.
func (t *ParquetTable) Read(p []byte) (int, error) {
	for t.off == len(t.out) {
		if t.done {
			return 0, io.EOF
		}
		t.out, t.off = t.out[:0], 0
		if err := t.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(p, t.out[t.off:])
	t.off += n
	return n, nil
}

func (t *ParquetTable) fill() error {
	groups := t.pf.RowGroups()
	for t.rows == nil {
		if t.rg == len(groups) {
			t.done = true
			return nil
		}
		t.rows = groups[t.rg].Rows()
		t.rg++
	}
	if t.buf == nil {
		t.buf = make([]parquet.Row, 256)
	}
	n, err := t.rows.ReadRows(t.buf)
	for _, row := range t.buf[:n] {
		t.out = t.appendRow(t.out, row)
	}
	if err == io.EOF {
		t.rows.Close()
		t.rows = nil
		err = nil
	}
	if err != nil {
		return fmt.Errorf("results: %s: %w", t.f.Name(), err)
	}
	return nil
}

func (t *ParquetTable) appendRow(b []byte, row parquet.Row) []byte {
	for _, v := range row {
		j := v.Column()
		if j > 0 {
			b = append(b, ',')
		}
		if v.IsNull() {
			continue
		}
		switch t.kinds[j] {
		case kindInt:
			b = strconv.AppendInt(b, v.Int64(), 10)
		case kindUint:
			b = strconv.AppendUint(b, uint64(v.Int64()), 10)
		case kindDouble:
			b = AppendFloat(b, v.Double())
		case kindBool:
			b = strconv.AppendBool(b, v.Boolean())
		default:
			s := v.ByteArray()
			if len(s) > 0 && (t.quoted[j] || needsQuoteB(s)) {
				b = appendQuoted(b, string(s))
			} else {
				b = append(b, s...)
			}
		}
	}
	return append(b, '\n')
}

// Close closes the file.
func (t *ParquetTable) Close() error {
	if t.rows != nil {
		t.rows.Close()
	}
	return t.f.Close()
}

// OpenTable opens table NAME ("runs", "points", …) of dir in either
// format, as CSV text: dir/NAME.csv when it exists, else dir/NAME.parquet
// read back as the CSV it was made from. The error wraps os.ErrNotExist
// when neither exists.
func OpenTable(dir, name string) (io.ReadCloser, error) {
	name = strings.TrimSuffix(name, ".csv")
	f, err := os.Open(filepath.Join(dir, name+".csv"))
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("results: %w", err)
	}
	p := filepath.Join(dir, name+".parquet")
	if _, err := os.Stat(p); err != nil {
		return nil, fmt.Errorf("results: %s: no %s.csv or %s.parquet: %w", dir, name, name, os.ErrNotExist)
	}
	return OpenParquet(p)
}

// ReadTable reads all of a table (see OpenTable) as CSV text; path names
// its CSV file, which need not exist when the Parquet file does.
func ReadTable(path string) ([]byte, error) {
	r, err := OpenTable(filepath.Dir(path), filepath.Base(path))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// HasTable reports whether dir holds table name in either format.
func HasTable(dir, name string) bool {
	name = strings.TrimSuffix(name, ".csv")
	for _, ext := range []string{".csv", ".parquet"} {
		if _, err := os.Stat(filepath.Join(dir, name+ext)); err == nil {
			return true
		}
	}
	return false
}

// ConvertTables writes the Parquet form of each table (a base name such
// as "rounds") whose CSV file m.Outputs lists, when format asks for it,
// and removes the CSV file when format is parquet only, keeping
// m.Outputs in step and recording the format in m.Extra["format"]. A
// Parquet file of a table left by an earlier run in dir is removed when
// format does not write one. It returns the table files now in dir.
func ConvertTables(dir, format, version string, tables []string, m *Manifest) ([]string, error) {
	if format == "" {
		format = FormatCSV
	}
	if err := CheckFormat(format); err != nil {
		return nil, err
	}
	if m.Extra == nil {
		m.Extra = map[string]any{}
	}
	m.Extra["format"] = format
	var files []string
	for _, t := range tables {
		csv, pq := t+".csv", t+".parquet"
		if _, ok := m.Outputs[csv]; !ok || !WantParquet(format) {
			os.Remove(filepath.Join(dir, pq))
			if ok {
				files = append(files, filepath.Join(dir, csv))
			}
			continue
		}
		h, err := WriteParquet(dir, pq, filepath.Join(dir, csv), ParquetMeta{Table: t, ScenarioHash: m.ScenarioHash, Version: version})
		if err != nil {
			return nil, err
		}
		m.Outputs[pq] = h
		if WantCSV(format) {
			files = append(files, filepath.Join(dir, csv))
		} else {
			if err := os.Remove(filepath.Join(dir, csv)); err != nil {
				return nil, fmt.Errorf("results: %w", err)
			}
			delete(m.Outputs, csv)
		}
		files = append(files, filepath.Join(dir, pq))
	}
	return files, nil
}
