package sweep

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/minilateral/minilateral/sim"
)

// While the first run is held up, the workers run ahead of it by at most
// the reorder window (Window runs per worker): results waiting for an
// earlier run are bounded, whatever the number of runs.
func TestExecuteWindowBounded(t *testing.T) {
	const runs, workers = 200, 2
	window := Window * workers
	p := plan(t, "\n[sweep]\nreplications = 200\n")
	release := make(chan struct{})
	var ahead atomic.Int64 // runs finished while run 0 is held up
	FaultHook = func(r Run, _ *sim.Outcome) {
		if r.Index == 0 {
			<-release
			return
		}
		select {
		case <-release:
		default:
			ahead.Add(1)
		}
	}
	defer func() { FaultHook = nil }()
	reduced := 0
	errc := make(chan error, 1)
	go func() {
		errc <- p.Execute(context.Background(), 0, runs, workers, func(*Result) error {
			reduced++
			return nil
		})
	}()
	// Wait for the window to fill behind run 0, then give a runner
	// without back-pressure time to run past it.
	for deadline := time.Now().Add(30 * time.Second); ahead.Load() < int64(window-1) && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	got := ahead.Load()
	close(release)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if got != int64(window-1) {
		t.Errorf("%d runs finished while run 0 was held up, want %d (the window of %d runs, less run 0)", got, window-1, window)
	}
	if reduced != runs {
		t.Errorf("reduced %d runs, want %d", reduced, runs)
	}
}
