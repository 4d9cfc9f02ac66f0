//go:build unix

package retrieval

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps the first length bytes of f read-only. The mapping outlives
// f; release unmaps it.
func mapFile(f *os.File, length int64) (data []byte, release func(), err error) {
	if length == 0 {
		return nil, func() {}, nil
	}
	if int64(int(length)) != length {
		return nil, nil, fmt.Errorf("map %d bytes: too large for this machine", length)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(length), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, fmt.Errorf("map index: %w", err)
	}
	return b, func() { syscall.Munmap(b) }, nil
}
