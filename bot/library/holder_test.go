package library

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"unsafe"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/retrieval"
)

// folder is a corpus folder of plain-text articles on disk.
type folder struct {
	dir   string
	loads atomic.Int32
	// fail, when set, makes the next loads fail.
	fail atomic.Bool
	// reused counts the files whose articles were taken from the served
	// index instead of being read.
	reused atomic.Int32
}

func newFolder(t *testing.T, n int) *folder {
	t.Helper()
	f := &folder{dir: t.TempDir()}
	for i := range n {
		f.write(t, i)
	}
	return f
}

// write adds article i.
func (f *folder) write(t *testing.T, i int) {
	t.Helper()
	topics := []string{"le budget de la ville et sa dette", "la tempête et les inondations du port", "le tournoi d'échecs du lycée", "la piscine municipale rouverte"}
	text := fmt.Sprintf("date 2025-04-%02d\ntitle Article %d\n\nArticle %d. Le conseil a débattu de %s. « Nous tiendrons parole », a déclaré la maire. Les habitants attendent des réponses claires sur %s.\n",
		i%28+1, i, i, topics[i%len(topics)], topics[(i+1)%len(topics)])
	if err := os.WriteFile(filepath.Join(f.dir, fmt.Sprintf("a%03d.txt", i)), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (f *folder) source() *retrieval.Source {
	return &retrieval.Source{Path: f.dir, Load: func(ctx context.Context, known corpus.Known) (*corpus.Result, error) {
		f.loads.Add(1)
		if f.fail.Load() {
			return nil, errors.New("corpus unreadable")
		}
		if inner := known; inner != nil {
			known = func(p string) ([]corpus.Article, bool) {
				arts, ok := inner(p)
				if ok {
					f.reused.Add(1)
				}
				return arts, ok
			}
		}
		return corpus.LoadPath(ctx, f.dir, corpus.LoadOptions{Known: known})
	}}
}

// counting is the local embedder, counting the texts it embeds.
func counting(n *atomic.Int64) retrieval.Embedder {
	e := retrieval.NewLocalEmbedder()
	inner := e.Embed
	e.Embed = func(ctx context.Context, texts []string) ([][]float32, error) {
		n.Add(int64(len(texts)))
		return inner(ctx, texts)
	}
	return e
}

func open(t *testing.T, indexDir string, f *folder, embedded *atomic.Int64) *Holder {
	t.Helper()
	h, _, err := Open(context.Background(), Config{Store: Dir{Path: indexDir}, Source: f.source(), Embedder: counting(embedded)})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return h
}

func TestHolderOpensWithoutLoadingAnUnchangedCorpus(t *testing.T) {
	f := newFolder(t, 4)
	dir := t.TempDir()
	var embedded atomic.Int64
	first := open(t, dir, f, &embedded)
	if got := first.Info().Articles; got != 4 {
		t.Fatalf("articles = %d, want 4", got)
	}
	loads, texts := f.loads.Load(), embedded.Load()
	second := open(t, dir, f, &embedded)
	if f.loads.Load() != loads || embedded.Load() != texts {
		t.Errorf("reopening loaded the corpus %d times and embedded %d texts, want none", f.loads.Load()-loads, embedded.Load()-texts)
	}
	if got := second.Info().Chunks; got != first.Info().Chunks {
		t.Errorf("reopened index has %d chunks, want %d", got, first.Info().Chunks)
	}
}

func TestHolderReindex(t *testing.T) {
	f := newFolder(t, 4)
	dir := t.TempDir()
	var embedded atomic.Int64
	h := open(t, dir, f, &embedded)
	before := h.Index()
	pinned := h.Current()
	oldArticle, _ := h.Article("a000.txt")

	// The snapshot's vectors and the embedding cache are gone: only the
	// served index holds those of the unchanged articles.
	if err := os.Remove(filepath.Join(dir, retrieval.CacheFile)); err != nil {
		t.Fatal(err)
	}
	f.write(t, 4)
	embedded.Store(0)
	rep, err := h.Reindex(context.Background(), nil)
	if err != nil {
		t.Fatalf("Reindex: %v", err)
	}
	newArticle, ok := h.Article("a004.txt")
	if !ok {
		t.Fatal("the added article is not served")
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"report added", rep.Added, 1},
		{"report unchanged", rep.Unchanged, 4},
		{"texts embedded (the new article's only)", int(embedded.Load()), len(corpus.Split(newArticle, corpus.DefaultChunkOptions))},
		{"articles served", h.Info().Articles, 5},
		{"files not read again (unchanged)", int(f.reused.Load()), 4},
		{"index swapped", h.Index() != before, true},
		{"unchanged article's text shared with the previous index", sameText(h, "a000.txt", oldArticle.Text), true},
		{"a question begun before keeps its index", pinned.(*retrieval.Index) == before, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}

	t.Run("a passage by id", func(t *testing.T) {
		id := newArticle.ID + "#0"
		c, ok := h.Chunk(id)
		if !ok || c.DocID != newArticle.ID || !strings.Contains(newArticle.Text, c.Text) {
			t.Errorf("Chunk(%q) = %+v, %v; want a passage of %s", id, c, ok, newArticle.ID)
		}
	})

	t.Run("an edited file: the whole corpus read", func(t *testing.T) {
		path := filepath.Join(f.dir, "a001.txt")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(data, []byte("Une phrase de plus.\n")...), 0o644); err != nil {
			t.Fatal(err)
		}
		f.reused.Store(0)
		rep, err := h.Reindex(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Updated != 1 || f.reused.Load() != 0 {
			t.Errorf("updated %d, %d files not read; want 1 updated, every file read", rep.Updated, f.reused.Load())
		}
	})

	t.Run("a failed reindex keeps the index serving", func(t *testing.T) {
		served := h.Index()
		f.write(t, 5)
		f.fail.Store(true)
		defer f.fail.Store(false)
		if _, err := h.Reindex(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "corpus unreadable") {
			t.Fatalf("Reindex error = %v, want the load error", err)
		}
		if h.Index() != served {
			t.Error("the index was swapped after a failed reindex")
		}
	})

	t.Run("the core asks through the holder", func(t *testing.T) {
		core := bot.NewCore(h, bot.Config{})
		if core.Library().(*retrieval.Index) != h.Index() {
			t.Error("the core's library is not the index served")
		}
		ans, err := core.Ask(context.Background(), bot.Question{Text: "Qu'a dit la maire sur le tournoi d'échecs ?"})
		if err != nil || !ans.Found {
			t.Fatalf("Ask = %+v, %v; want an answer", ans, err)
		}
	})
}

// sameText reports whether article id's text is text itself, the same
// bytes in memory, not a copy.
func sameText(h *Holder, id, text string) bool {
	a, ok := h.Article(id)
	return ok && a.Text == text && unsafe.StringData(a.Text) == unsafe.StringData(text)
}

func TestHolderSetSource(t *testing.T) {
	f := newFolder(t, 2)
	other := newFolder(t, 3)
	var embedded atomic.Int64
	h := open(t, t.TempDir(), f, &embedded)
	h.SetSource(other.source())
	if _, err := h.Reindex(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := h.Info().Articles; got != 3 {
		t.Errorf("articles after reindexing the new source = %d, want 3", got)
	}
}
