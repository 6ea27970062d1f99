//go:build !linux

package sweep

// statFree is unknown (-1) outside Linux: the plan then says nothing
// about free space.
func statFree(string) int64 { return -1 }
