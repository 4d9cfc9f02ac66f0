package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// FileState is what change detection records about one corpus file.
type FileState struct {
	// Path is slash-separated, relative to the corpus root.
	Path string
	Size int64
	// ModTime is the modification time in Unix nanoseconds.
	ModTime int64
	// Hash is the hex SHA-256 of the content.
	Hash string
}

// State lists the files a corpus is loaded from, so that an index can
// tell whether the corpus changed without loading it.
type State struct {
	Files []FileState
}

// Same reports whether s and o hold the same files with the same content.
func (s State) Same(o State) bool {
	if len(s.Files) != len(o.Files) {
		return false
	}
	for i, f := range s.Files {
		g := o.Files[i]
		if f.Path != g.Path || f.Size != g.Size || f.Hash != g.Hash {
			return false
		}
	}
	return true
}

// ReadState lists the files Load (for a directory) or LoadPath (for a
// file) reads at path, in walk order, with their sizes, modification
// times and hashes. Only files whose size or modification time differ
// from their entry in prev are read and hashed; the others keep prev's
// hash. Files it cannot read make it fail: the caller then loads the
// corpus, which reports them.
func ReadState(ctx context.Context, path string, prev State) (State, error) {
	info, err := os.Stat(path)
	if err != nil {
		return State{}, fmt.Errorf("corpus state: %w", err)
	}
	if !info.IsDir() {
		dir, name := filepath.Split(path)
		if dir == "" {
			dir = "."
		}
		return ReadStateFS(ctx, os.DirFS(dir), []string{name}, prev)
	}
	return ReadStateFS(ctx, os.DirFS(path), nil, prev)
}

// ReadStateFS is ReadState over fsys: the files Load reads there, or just
// names when not nil.
func ReadStateFS(ctx context.Context, fsys fs.FS, names []string, prev State) (State, error) {
	known := make(map[string]FileState, len(prev.Files))
	for _, f := range prev.Files {
		known[f.Path] = f
	}
	var st State
	add := func(p string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		info, err := fs.Stat(fsys, p)
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		f := FileState{Path: p, Size: info.Size(), ModTime: info.ModTime().UnixNano()}
		if k, ok := known[p]; ok && k.Size == f.Size && k.ModTime == f.ModTime && k.Hash != "" {
			f.Hash = k.Hash
		} else if f.Hash, err = hashFile(fsys, p); err != nil {
			return err
		}
		st.Files = append(st.Files, f)
		return nil
	}
	if names != nil {
		for _, n := range names {
			if err := add(n); err != nil {
				return State{}, fmt.Errorf("corpus state: %w", err)
			}
		}
		return st, nil
	}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || formatOf(p) == formatUnknown {
			return nil
		}
		return add(p)
	})
	if err != nil {
		return State{}, fmt.Errorf("corpus state: %w", err)
	}
	return st, nil
}

func hashFile(fsys fs.FS, p string) (string, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
