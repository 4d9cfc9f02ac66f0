package engine

import (
	"os"
	"testing"
)

// tempDir makes a directory removed when the test binary exits, for
// fixtures shared by several tests (t.TempDir belongs to one test).
func tempDir(pattern string) (string, error) {
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		return "", err
	}
	cleanups = append(cleanups, func() { os.RemoveAll(dir) })
	return dir, nil
}

var cleanups []func()

func TestMain(m *testing.M) {
	code := m.Run()
	for _, c := range cleanups {
		c()
	}
	os.Exit(code)
}
