package web

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestLoad runs 30 sessions of 200 baseline rounds at once over loopback
// HTTP, 10 rounds per request as a page at full speed does; every session
// must complete, and the peak resident memory of the whole process
// (server and clients) must stay under 200 MiB. The memory bound is not
// checked under the race detector, which multiplies memory use.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	srv, ts := newTestServer(t, Options{})
	const sessions, rounds, per = 30, 200, 10
	var wg sync.WaitGroup
	errs := make(chan error, sessions)
	for k := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, body := do(t, "POST", ts.URL+"/api/sessions", fmt.Sprintf(`{"scenario":"baseline","seed":%d,"rounds":%d}`, k+1, rounds))
			if code != 201 {
				errs <- fmt.Errorf("session %d: setup %d %s", k, code, body)
				return
			}
			var d Data
			json.Unmarshal([]byte(body), &d)
			for !d.Done {
				code, body := do(t, "POST", fmt.Sprintf("%s/api/sessions/%s/step?n=%d&from=%d", ts.URL, d.ID, per, d.Played+1), "")
				if code != 200 {
					errs <- fmt.Errorf("session %d: step %d %s", k, code, body)
					return
				}
				json.Unmarshal([]byte(body), &d)
			}
			if d.Played != rounds {
				errs <- fmt.Errorf("session %d: done after %d rounds, want %d", k, d.Played, rounds)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := srv.Sessions(); n != sessions {
		t.Errorf("%d live sessions, want %d", n, sessions)
	}
	hwm, ok := peakRSS()
	if !ok {
		t.Log("peak RSS not measured (no /proc/self/status)")
		return
	}
	t.Logf("30 sessions × 200 rounds: peak RSS %.1f MiB (%s, race detector %v)", float64(hwm)/(1<<20), runtime.GOARCH, raceEnabled)
	if !raceEnabled && hwm > 200<<20 {
		t.Errorf("peak RSS %.1f MiB, want under 200 MiB", float64(hwm)/(1<<20))
	}
}

// peakRSS reads VmHWM, the peak resident set size, on Linux.
func peakRSS() (int64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}
