//go:build !unix

package retrieval

import (
	"fmt"
	"io"
	"os"
)

// mapFile reads the first length bytes of f into memory where memory
// mapping is not available.
func mapFile(f *os.File, length int64) (data []byte, release func(), err error) {
	b := make([]byte, length)
	if _, err := io.ReadFull(io.NewSectionReader(f, 0, length), b); err != nil {
		return nil, nil, fmt.Errorf("read index: %w", err)
	}
	return b, func() {}, nil
}
