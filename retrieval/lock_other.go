//go:build !unix

package retrieval

import "context"

// lockDir is a no-op where flock is not available: concurrent builds then
// rely on atomic renames alone, and temporary files are removed only when
// stale (see removeTemps).
func lockDir(ctx context.Context, dir string, wait bool) (unlock func(), ok bool, err error) {
	return func() {}, false, nil
}
