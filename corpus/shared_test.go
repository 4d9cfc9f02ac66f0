package corpus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"verbatim/corpus/corpustest"
)

// TestSharedCorpora loads the shared evaluation and news corpora and checks
// counts, ids, dates and the average chunk length the retrieval acceptance
// needs (150 to 300 words).
func TestSharedCorpora(t *testing.T) {
	tests := []struct {
		rel        string
		articles   int
		firstID    string
		dated      int
		lang       string
		skippedFor string // a file reported as skipped
	}{
		{"eval/dev/fr", 191, "piaf-", 0, "fr", "queries.jsonl"},
		{"eval/dev/en", 24, "squad-", 0, "en", "queries.jsonl"},
		// One Wikinews record has a null date in the data itself.
		{"corpus/wikinews-fr-2012", 100, "wikinews-fr-", 99, "fr", ""},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			dir := corpustest.RequireShared(t, tt.rel)
			res, err := LoadPath(t.Context(), dir, LoadOptions{})
			if err != nil {
				t.Fatalf("LoadPath: %v", err)
			}
			if len(res.Articles) != tt.articles {
				t.Errorf("loaded %d articles, want %d", len(res.Articles), tt.articles)
			}
			dated, words, chunks := 0, 0, 0
			for _, a := range res.Articles {
				if !strings.HasPrefix(a.ID, tt.firstID) {
					t.Errorf("article id %q lacks prefix %q", a.ID, tt.firstID)
				}
				if a.Lang != tt.lang {
					t.Errorf("%s: lang %q, want %q", a.ID, a.Lang, tt.lang)
				}
				if !a.Date.IsZero() {
					dated++
				}
				cs := Split(a, DefaultChunkOptions)
				checkChunks(t, a, cs)
				for _, c := range cs {
					words += len(strings.Fields(c.Text))
				}
				chunks += len(cs)
			}
			if dated != tt.dated {
				t.Errorf("%d dated articles, want %d", dated, tt.dated)
			}
			var skipped []string
			for _, s := range res.Skipped {
				skipped = append(skipped, s.Path)
			}
			if want := tt.skippedFor; (want == "") != (len(skipped) == 0) || (want != "" && (len(skipped) != 1 || skipped[0] != want)) {
				t.Errorf("skipped %v, want [%s]", res.Skipped, want)
			}
			avg := float64(words) / float64(chunks)
			t.Logf("%s: %d articles, %d chunks, %.1f words per chunk", tt.rel, len(res.Articles), chunks, avg)
			if avg < 150 || avg > 300 {
				t.Errorf("average chunk length %.1f words, want 150 to 300", avg)
			}
		})
	}
}

// BenchmarkLoadSplit times loading and splitting dev/fr against a baseline
// that only reads and JSON-decodes the same files.
func BenchmarkLoadSplit(b *testing.B) {
	dir := corpustest.RequireShared(b, "eval/dev/fr")
	b.Run("baseline-read-decode", func(b *testing.B) {
		for b.Loop() {
			for _, name := range []string{"corpus.jsonl", "queries.jsonl"} {
				data, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					b.Fatal(err)
				}
				for _, line := range strings.Split(string(data), "\n") {
					if line == "" {
						continue
					}
					var m map[string]any
					if err := json.Unmarshal([]byte(line), &m); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	})
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if _, err := LoadPath(b.Context(), dir, LoadOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load-split", func(b *testing.B) {
		for b.Loop() {
			res, err := LoadPath(b.Context(), dir, LoadOptions{})
			if err != nil {
				b.Fatal(err)
			}
			for _, a := range res.Articles {
				Split(a, DefaultChunkOptions)
			}
		}
	})
}
