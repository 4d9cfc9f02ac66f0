package retrieval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"verbatim/corpus"
)

// diskCorpus writes n test articles as a JSONL file in a new directory and
// returns a Source over it that counts its loads.
func diskCorpus(t *testing.T, n int) (*Source, *atomic.Int32) {
	t.Helper()
	dir := t.TempDir()
	var b bytes.Buffer
	for _, a := range testCorpus(n).Articles {
		json.NewEncoder(&b).Encode(map[string]string{"id": a.ID, "title": a.Title, "lang": a.Lang, "date": a.Date.String(), "text": a.Text})
	}
	path := filepath.Join(dir, "articles.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	loads := &atomic.Int32{}
	return &Source{Path: path, Load: func(ctx context.Context, known corpus.Known) (*corpus.Result, error) {
		loads.Add(1)
		return corpus.LoadPath(ctx, path, corpus.LoadOptions{Known: known})
	}}, loads
}

// logLines collects log output.
type logLines struct{ bytes.Buffer }

func (l *logLines) lines() []string {
	s := strings.TrimSpace(l.String())
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func prepare(t *testing.T, dir string, src *Source, placed bool, log *logLines) (*Index, error) {
	t.Helper()
	opts := PrepareOptions{Placed: placed, Build: BuildOptions{Chunking: testChunking}}
	if log != nil {
		opts.Build.Logger = slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	ix, _, err := Prepare(context.Background(), dir, src, NewLocalEmbedder(), opts)
	return ix, err
}

var prepareQueries = []string{"Piaf cyclisme", "budget déficit", "storm flood", "chess grandmaster"}

func TestPrepareOpensWithoutLoadingAnUnchangedCorpus(t *testing.T) {
	dir := t.TempDir()
	src, loads := diskCorpus(t, 8)
	ix, err := prepare(t, dir, src, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := queryIDs(t, ix, prepareQueries...)
	if loads.Load() != 1 {
		t.Fatalf("first Prepare loaded the corpus %d times, want 1", loads.Load())
	}
	again, err := prepare(t, dir, src, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if loads.Load() != 1 {
		t.Errorf("Prepare of an unchanged corpus loaded it again")
	}
	if got := queryIDs(t, again, prepareQueries...); got != want {
		t.Errorf("reopened index answers\n%s\nwant\n%s", got, want)
	}

	// Touched but identical: hashed, not loaded.
	os.Chtimes(src.Path, fixedTime(), fixedTime())
	if _, err := prepare(t, dir, src, false, nil); err != nil {
		t.Fatal(err)
	}
	if loads.Load() != 1 {
		t.Errorf("Prepare of a touched but identical corpus loaded it")
	}

	// Edited: loaded and rebuilt.
	f, _ := os.OpenFile(src.Path, os.O_APPEND|os.O_WRONLY, 0)
	json.NewEncoder(f).Encode(map[string]string{"id": "extra", "title": "Nouveau", "lang": "fr", "text": "Un article de plus sur le cyclisme et Piaf, avec assez de mots pour un passage entier."})
	f.Close()
	ix, err = prepare(t, dir, src, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if loads.Load() != 2 || ix.Info().Articles != 9 {
		t.Errorf("after an edit: %d loads, %d articles; want 2 loads, 9 articles", loads.Load(), ix.Info().Articles)
	}
}

func TestPrepareRebuildsDamagedSnapshots(t *testing.T) {
	src, _ := diskCorpus(t, 8)
	tests := []struct {
		name   string
		mangle func(b []byte) []byte
	}{
		{"truncated", func(b []byte) []byte { return b[:len(b)/3] }},
		{"bit flipped in the vectors", func(b []byte) []byte { b[preambleSize+1234] ^= 0x10; return b }},
		{"bit flipped in the lexical index", func(b []byte) []byte { b[len(b)-trailerSize-50] ^= 0x01; return b }},
		{"zeroed", func(b []byte) []byte { clear(b); return b }},
		{"empty", func([]byte) []byte { return nil }},
		{"old format", func(b []byte) []byte { b[7] = 1; return b }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			ix, err := prepare(t, dir, src, false, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := queryIDs(t, ix, prepareQueries...)
			path := filepath.Join(dir, SnapshotFile)
			good, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tt.mangle(good), 0o600); err != nil {
				t.Fatal(err)
			}

			// A placed index is refused, untouched.
			if _, err := prepare(t, dir, src, true, nil); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), `run "verbatim index"`) {
				t.Errorf("Prepare of a placed damaged index err = %v, want a refusal saying how to rebuild", err)
			}

			// One in the cache directory is rebuilt with one log line.
			var log logLines
			ix, err = prepare(t, dir, src, false, &log)
			if err != nil {
				t.Fatalf("Prepare of a damaged cached index: %v", err)
			}
			if got := queryIDs(t, ix, prepareQueries...); got != want {
				t.Errorf("rebuilt index answers\n%s\nwant\n%s", got, want)
			}
			if lines := log.lines(); len(lines) != 1 || !strings.Contains(lines[0], "rebuilding") {
				t.Errorf("log = %q, want one line saying the index is rebuilt", lines)
			}
			if _, err := Open(dir, NewLocalEmbedder()); err != nil {
				t.Errorf("Open after the rebuild: %v", err)
			}
		})
	}
}

func TestPrepareRebuildsForAnotherEmbedder(t *testing.T) {
	dir := t.TempDir()
	src, _ := diskCorpus(t, 4)
	other := NewLocalEmbedder()
	other.Model = "hash-ngram-other"
	if _, _, err := Prepare(context.Background(), dir, src, other, PrepareOptions{}); err != nil {
		t.Fatal(err)
	}
	var mismatch *EmbedderMismatchError
	if _, err := prepare(t, dir, src, true, nil); !errors.As(err, &mismatch) {
		t.Errorf("placed index of another embedder: err = %v, want a mismatch refusal", err)
	}
	if _, err := prepare(t, dir, src, false, nil); err != nil {
		t.Errorf("cached index of another embedder: %v, want a rebuild", err)
	}
}

func TestPrepareRemovesTempsOfKilledWrites(t *testing.T) {
	dir := t.TempDir()
	src, _ := diskCorpus(t, 4)
	if _, err := prepare(t, dir, src, false, nil); err != nil {
		t.Fatal(err)
	}
	// What a build killed while writing leaves: fresh temporary files.
	for _, name := range []string{"." + SnapshotFile + ".tmp-4242", "." + CacheFile + ".tmp-17"} {
		if err := os.WriteFile(filepath.Join(dir, name), bytes.Repeat([]byte{1}, 4096), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := prepare(t, dir, src, false, nil); err != nil {
		t.Fatal(err)
	}
	if names := dirFiles(t, dir); !slices.Equal(names, []string{CacheFile, SnapshotFile}) {
		t.Errorf("index dir holds %v after the next start, want only the cache and the snapshot", names)
	}
}

func TestSearchCapsK(t *testing.T) {
	ix, _ := build(t, t.TempDir(), testCorpus(120), NewLocalEmbedder())
	for _, k := range []int{MaxK + 1, 1_000_000_000} {
		rs, err := ix.Search(context.Background(), Query{Text: "Piaf cyclisme budget storm chess", K: k, MaxPerArticle: -1})
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != MaxK {
			t.Errorf("K=%d: %d results, want the cap %d", k, len(rs), MaxK)
		}
	}
}

func fixedTime() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
