package results

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"
)

// BenchmarkParquetPeakHeap writes a runs table of the tiny world (two
// superpowers) with 10^4 and 10^6 rows as Parquet and reports the peak
// live heap while writing (peak-heap-MiB, sampled every millisecond): it
// must not grow with the rows. Run it once per size:
//
//	go test ./results -run '^$' -bench ParquetPeakHeap -benchtime 1x
func BenchmarkParquetPeakHeap(b *testing.B) {
	for _, rows := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprint(rows), func(b *testing.B) {
			dir := b.TempDir()
			src := filepath.Join(dir, "runs.csv")
			writeRunsCSV(b, src, rows)
			b.ResetTimer()
			var peak uint64
			for range b.N {
				runtime.GC()
				stop := sampleHeap(&peak)
				if _, err := WriteParquet(dir, "runs.parquet", src, ParquetMeta{Table: "runs"}); err != nil {
					b.Fatal(err)
				}
				stop()
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			fi, _ := os.Stat(filepath.Join(dir, "runs.parquet"))
			b.ReportMetric(float64(fi.Size())/float64(rows), "bytes/row")
		})
	}
}

// sampleHeap records the largest live heap seen until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > *peak {
				*peak = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// writeRunsCSV writes a runs.csv like a replications-only sweep's of
// the tiny world.
func writeRunsCSV(b *testing.B, path string, rows int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.Write(HeaderLine(RunsHeader(nil, []string{"CN", "US"})))
	nout := len(OutcomeColumns([]string{"CN", "US"}))
	var buf []byte
	x := uint64(88172645463325252)
	for i := range rows {
		buf = strconv.AppendInt(buf[:0], int64(i), 10)
		buf = append(buf, ",0,"...)
		buf = strconv.AppendInt(buf, int64(i), 10)
		buf = append(buf, ',')
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		buf = strconv.AppendUint(buf, x, 10)
		buf = append(buf, ",ok,"...)
		for j := range nout {
			buf = append(buf, ',')
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			if j < 2 {
				buf = strconv.AppendInt(buf, int64(x%60), 10)
			} else {
				buf = AppendFloat(buf, float64(x>>11)/(1<<53))
			}
		}
		buf = append(buf, '\n')
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}
