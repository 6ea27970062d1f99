//go:build unix

package sweep

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockWork takes an exclusive advisory lock on the work directory's lock
// file, refusing at once if another process holds it. The lock goes with
// the process: a killed sweep leaves none behind.
func lockWork(dir, work string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(work, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("sweep: another minilateral process is running a sweep in %s", dir)
		}
		return nil, fmt.Errorf("sweep: locking %s: %w", dir, err)
	}
	return func() { f.Close() }, nil
}
