// Package corpustest finds the project's shared test data: the folder
// ../shared next to the module root, with the evaluation sets and corpora
// (see its README). Tests that read it skip when it is absent.
package corpustest

import (
	"os"
	"path/filepath"
	"testing"
)

// SharedPath returns the path of rel under ../shared next to the module
// root (found from the working directory, which go test sets to the
// package's folder), and whether it exists.
func SharedPath(rel string) (string, bool) {
	root := filepath.Join("..", "shared")
	if dir, err := os.Getwd(); err == nil {
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				root = filepath.Join(dir, "..", "shared")
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	path := filepath.Join(root, rel)
	_, err := os.Stat(path)
	return path, err == nil
}

// RequireShared returns the path of rel under ../shared, skipping t when
// it is absent.
func RequireShared(t testing.TB, rel string) string {
	t.Helper()
	path, ok := SharedPath(rel)
	if !ok {
		t.Skipf("shared data %s absent", path)
	}
	return path
}
