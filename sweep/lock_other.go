//go:build !unix

package sweep

// lockWork is a no-op where advisory file locks are not available: there
// two processes must not be pointed at the same output directory.
func lockWork(dir, work string) (unlock func(), err error) { return func() {}, nil }
