package sweep

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/minilateral/minilateral/results"
)

// The journal is a text file: a header line
//
//	minilateral-sweep-journal 1 PLAN-ID
//
// then one record per finished run, in run order:
//
//	RUN CRC RLEN NLEN ROW
//
// where ROW is the run's runs.csv row (one line), RUN its index, RLEN and
// NLEN the byte lengths of its series rows (0 unless its point is
// recorded), appended in run order to the side files journal.rounds and
// journal.nations, and CRC the CRC-32C (Castagnoli) of "RUN RLEN NLEN ROW"
// in 8 hex digits. A record is complete only with its newline and
// matching checksum; the first record that is not (a write torn by a
// crash) ends the journal. The side files are synced before the journal,
// so the series of every durable record are durable too.

const journalMagic = "minilateral-sweep-journal 1 "

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// SyncEvery is the longest time between two fsyncs of the journal.
const SyncEvery = 500 * time.Millisecond

// Journal appends run records to a journal file and its series side
// files.
type Journal struct {
	f        *os.File
	w        *bufio.Writer
	sr, sn   *os.File  // series side files
	wr, wn   io.Writer // their writers (results.Writer)
	lastSync time.Time
	buf      []byte
}

// Sidecar names of the journal at path.
func sidecars(path string) (rounds, nations string) {
	return path + ".rounds", path + ".nations"
}

func openSide(path string, size int64, create bool) (*os.File, error) {
	flag := os.O_WRONLY
	if create {
		flag |= os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flag, 0o644)
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	if !create {
		if err := f.Truncate(size); err != nil {
			f.Close()
			return nil, fmt.Errorf("sweep: %w", err)
		}
		if _, err := f.Seek(size, io.SeekStart); err != nil {
			f.Close()
			return nil, fmt.Errorf("sweep: %w", err)
		}
	}
	return f, nil
}

// CreateJournal starts a new, empty journal for plan id.
func CreateJournal(path, id string) (*Journal, error) {
	return openJournal(path, id, Position{}, true)
}

// Position is the valid extent of a journal and its side files.
type Position struct {
	Records         int   // complete records
	Journal         int64 // bytes of the journal
	Rounds, Nations int64 // bytes of the side files
}

func openJournal(path, id string, pos Position, create bool) (*Journal, error) {
	rp, np := sidecars(path)
	sr, err := openSide(rp, pos.Rounds, create)
	if err != nil {
		return nil, err
	}
	sn, err := openSide(np, pos.Nations, create)
	if err != nil {
		sr.Close()
		return nil, err
	}
	f, err := openSide(path, pos.Journal, create)
	if err != nil {
		sr.Close()
		sn.Close()
		return nil, err
	}
	j := &Journal{f: f, sr: sr, sn: sn, wr: results.Writer(rp, sr), wn: results.Writer(np, sn),
		w: bufio.NewWriterSize(results.Writer(path, f), 1<<16), lastSync: time.Now()}
	if create {
		j.w.WriteString(journalMagic + id + "\n")
		if err := j.Sync(); err != nil {
			j.Close()
			return nil, err
		}
	}
	return j, nil
}

// ReadJournal calls fn with every complete record of the journal at path,
// in order, checking that the records number runs first, first+1, ...;
// rounds and nations are the run's offsets in the side files. It returns
// the valid extent; torn is true when bytes after it were ignored.
func ReadJournal(path, id string, first int, fn func(k int, row []byte, rounds, nations Span) error) (pos Position, torn bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return pos, false, fmt.Errorf("sweep: %w", err)
	}
	defer f.Close()
	var sizes [2]int64
	for i, p := range []string{path + ".rounds", path + ".nations"} {
		fi, err := os.Stat(p)
		if err != nil {
			return pos, false, fmt.Errorf("sweep: %w", err)
		}
		sizes[i] = fi.Size()
	}
	r := bufio.NewReaderSize(f, 1<<16)
	head, err := r.ReadBytes('\n')
	if err == io.EOF && bytes.HasPrefix([]byte(journalMagic+id+"\n"), head) {
		// A header torn by a crash or a full disk: no run was recorded,
		// the journal is as good as absent.
		return pos, true, fmt.Errorf("sweep: %s has a torn header: %w", path, os.ErrNotExist)
	}
	if err != nil || !bytes.HasPrefix(head, []byte(journalMagic)) {
		return pos, false, fmt.Errorf("sweep: %s is not a sweep journal", path)
	}
	if got := string(bytes.TrimSpace(head[len(journalMagic):])); got != id {
		return pos, false, fmt.Errorf("sweep: journal %s belongs to another sweep (plan %s, not %s)", path, short(got), short(id))
	}
	pos.Journal = int64(len(head))
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			return pos, len(line) > 0, nil
		}
		if err != nil {
			return pos, false, fmt.Errorf("sweep: %w", err)
		}
		rec, ok := parseRecord(line[:len(line)-1])
		if !ok || rec.k != first+pos.Records ||
			pos.Rounds+rec.rlen > sizes[0] || pos.Nations+rec.nlen > sizes[1] {
			return pos, true, nil
		}
		rs, ns := Span{pos.Rounds, rec.rlen}, Span{pos.Nations, rec.nlen}
		if err := fn(rec.k, rec.row, rs, ns); err != nil {
			return pos, false, err
		}
		pos.Records++
		pos.Journal += int64(len(line))
		pos.Rounds += rec.rlen
		pos.Nations += rec.nlen
	}
}

// Span is a byte range of a side file.
type Span struct{ Off, Len int64 }

type record struct {
	k          int
	rlen, nlen int64
	row        []byte
}

func parseRecord(line []byte) (rec record, ok bool) {
	f := bytes.SplitN(line, []byte{' '}, 5)
	if len(f) != 5 || len(f[1]) != 8 {
		return rec, false
	}
	sum, err := strconv.ParseUint(string(f[1]), 16, 32)
	if err != nil {
		return rec, false
	}
	h := crc32.Update(0, castagnoli, f[0])
	h = crc32.Update(h, castagnoli, []byte{' '})
	h = crc32.Update(h, castagnoli, line[len(f[0])+10:])
	if uint32(sum) != h {
		return rec, false
	}
	k, err1 := strconv.Atoi(string(f[0]))
	rl, err2 := strconv.ParseInt(string(f[2]), 10, 64)
	nl, err3 := strconv.ParseInt(string(f[3]), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || rl < 0 || nl < 0 {
		return rec, false
	}
	return record{k: k, rlen: rl, nlen: nl, row: f[4]}, true
}

func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// OpenJournal reopens a journal for appending after its valid extent pos
// (from ReadJournal), cutting off torn tails.
func OpenJournal(path string, pos Position) (*Journal, error) {
	return openJournal(path, "", pos, false)
}

// Append adds the record of run k; row is its runs.csv row with the
// newline, rounds and nations its series rows (empty unless recorded).
// The files are synced when SyncEvery has passed.
func (j *Journal) Append(k int, row, rounds, nations []byte) error {
	if len(row) == 0 || row[len(row)-1] != '\n' || bytes.IndexByte(row[:len(row)-1], '\n') >= 0 {
		panic("sweep: journal row must be one line")
	}
	// Most runs record no series: skip the (empty) writes, each a syscall.
	for _, w := range [...]struct {
		f io.Writer
		b []byte
	}{{j.wr, rounds}, {j.wn, nations}} {
		if len(w.b) == 0 {
			continue
		}
		if _, err := w.f.Write(w.b); err != nil {
			return fmt.Errorf("sweep: journal: %w", err)
		}
	}
	b := strconv.AppendInt(j.buf[:0], int64(k), 10)
	n0 := len(b)
	b = append(b, " 00000000 "...)
	b = strconv.AppendInt(b, int64(len(rounds)), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(len(nations)), 10)
	b = append(b, ' ')
	b = append(b, row[:len(row)-1]...)
	h := crc32.Update(0, castagnoli, b[:n0+1])
	h = crc32.Update(h, castagnoli, b[n0+10:])
	hex := fmt.Appendf(nil, "%08x", h)
	copy(b[n0+1:], hex)
	b = append(b, '\n')
	j.buf = b
	if _, err := j.w.Write(b); err != nil {
		return fmt.Errorf("sweep: journal: %w", err)
	}
	if time.Since(j.lastSync) >= SyncEvery {
		return j.Sync()
	}
	// Hand the record to the kernel now (one write): a killed process then
	// loses no run whose Append returned. fsync stays periodic (Sync).
	if err := j.w.Flush(); err != nil {
		return fmt.Errorf("sweep: journal: %w", err)
	}
	return nil
}

// Sync fsyncs the side files, then writes buffered records and fsyncs the
// journal.
func (j *Journal) Sync() error {
	for _, f := range []*os.File{j.sr, j.sn} {
		if err := f.Sync(); err != nil {
			return fmt.Errorf("sweep: journal: %w", err)
		}
	}
	if err := j.w.Flush(); err != nil {
		return fmt.Errorf("sweep: journal: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("sweep: journal: %w", err)
	}
	j.lastSync = time.Now()
	return nil
}

// Close syncs and closes the journal.
func (j *Journal) Close() error {
	err := j.Sync()
	return errors.Join(err, j.f.Close(), j.sr.Close(), j.sn.Close())
}
