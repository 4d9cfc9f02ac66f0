//go:build unix

package retrieval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// lockDir takes the index directory's exclusive lock (flock on the
// directory itself), waiting while another process builds; the lock goes
// with the process, so a killed build never leaves it held. wait false
// gives up at once, returning ok false.
func lockDir(ctx context.Context, dir string, wait bool) (unlock func(), ok bool, err error) {
	d, err := os.Open(dir)
	if err != nil {
		return nil, false, fmt.Errorf("lock index directory: %w", err)
	}
	for {
		err := syscall.Flock(int(d.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { syscall.Flock(int(d.Fd()), syscall.LOCK_UN); d.Close() }, true, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			d.Close()
			return nil, false, fmt.Errorf("lock index directory: %w", err)
		}
		if !wait {
			d.Close()
			return nil, false, nil
		}
		select {
		case <-ctx.Done():
			d.Close()
			return nil, false, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
