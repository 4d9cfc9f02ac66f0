package retrieval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"verbatim/corpus"
)

// chunkTexts returns the chunk texts of articles cut with testChunking.
func chunkTexts(arts ...corpus.Article) map[string]bool {
	set := map[string]bool{}
	for _, a := range arts {
		for _, c := range corpus.Split(a, testChunking) {
			set[c.Text] = true
		}
	}
	return set
}

func TestBuildIncremental(t *testing.T) {
	dir := t.TempDir()
	ce := newCounting()
	e := ce.embedder()
	res := testCorpus(8)
	ix, rep := build(t, dir, res, e)
	total := len(ix.chunks)
	if rep.Added != 8 || rep.Articles != 8 || rep.Chunks != total || rep.Embedded != total || rep.Unchanged != 0 {
		t.Errorf("first build report = %+v, want 8 added, %d chunks embedded", rep, total)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].Path != "broken.pdf" {
		t.Errorf("report Skipped = %v, want the corpus's skipped file", rep.Skipped)
	}
	if rep.Seconds <= 0 {
		t.Errorf("report Seconds = %v, want > 0", rep.Seconds)
	}

	snap := filepath.Join(dir, SnapshotFile)
	before, _ := os.Stat(snap)
	ce.texts.Store(0)
	_, rep = build(t, dir, res, e)
	if rep.Embedded != 0 || rep.Unchanged != 8 || rep.Added+rep.Updated+rep.Removed != 0 {
		t.Errorf("same corpus report = %+v, want 0 embedded, 8 unchanged", rep)
	}
	if ce.texts.Load() != 0 {
		t.Errorf("same corpus embedded %d texts, want 0", ce.texts.Load())
	}
	after, _ := os.Stat(snap)
	if !os.SameFile(before, after) {
		t.Error("same corpus rewrote the snapshot")
	}

	t.Run("one article edited", func(t *testing.T) {
		edited := slices.Clone(res.Articles)
		a := edited[3]
		// Change the last sentence only: the first chunks keep their text.
		a.Text = strings.TrimSuffix(a.Text, ".") + ", et bien davantage."
		edited[3] = rehash(a)
		oldTexts, newTexts := chunkTexts(res.Articles[3]), chunkTexts(edited[3])
		changed := 0
		for txt := range newTexts {
			if !oldTexts[txt] {
				changed++
			}
		}
		if changed == 0 || changed == len(newTexts) {
			t.Fatalf("test setup: %d of %d chunks changed, want some but not all", changed, len(newTexts))
		}
		ce.texts.Store(0)
		ix, rep := build(t, dir, &corpus.Result{Articles: edited}, e)
		if rep.Updated != 1 || rep.Unchanged != 7 || rep.Embedded != changed {
			t.Errorf("report = %+v, want 1 updated, 7 unchanged, %d embedded", rep, changed)
		}
		if int(ce.texts.Load()) != changed {
			t.Errorf("embedded %d texts, want %d", ce.texts.Load(), changed)
		}
		got, _ := ix.Article(a.ID)
		if got.Text != a.Text {
			t.Error("index keeps the old text of the edited article")
		}
		res = &corpus.Result{Articles: edited}
	})

	t.Run("one article deleted, one added", func(t *testing.T) {
		arts := slices.Clone(res.Articles)
		arts = slices.Delete(arts, 2, 3)
		arts = append(arts, testArticle(20))
		ce.texts.Store(0)
		ix, rep := build(t, dir, &corpus.Result{Articles: arts}, e)
		added := len(corpus.Split(testArticle(20), testChunking))
		if rep.Removed != 1 || rep.Added != 1 || rep.Unchanged != 7 || rep.Embedded != added {
			t.Errorf("report = %+v, want 1 removed, 1 added, 7 unchanged, %d embedded", rep, added)
		}
		if _, ok := ix.Article(res.Articles[2].ID); ok {
			t.Error("deleted article still indexed")
		}
		if _, ok := ix.Chunk(res.Articles[2].ID + "#0"); ok {
			t.Error("deleted article's chunk still indexed")
		}
		reopened, err := Open(dir, e)
		if err != nil {
			t.Fatal(err)
		}
		if reopened.Info().Articles != 8 || reopened.Fingerprint() != Fingerprint(arts) {
			t.Errorf("reopened index: %+v, fingerprint match %v", reopened.Info(), reopened.Fingerprint() == Fingerprint(arts))
		}
	})

	t.Run("other chunking re-chunks without re-embedding known texts", func(t *testing.T) {
		other := corpus.ChunkOptions{MinWords: 30, MaxWords: 80, TargetWords: 50}
		ce.texts.Store(0)
		_, rep, err := Build(context.Background(), dir, res, e, BuildOptions{Chunking: other})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Embedded == 0 || rep.Embedded >= rep.Chunks+1 {
			t.Errorf("report = %+v, want new chunk texts embedded", rep)
		}
		// The cache is pruned to the texts of the index: going back to the
		// first chunking embeds again those the other one does not share.
		otherTexts := map[string]bool{}
		for _, a := range res.Articles {
			for _, c := range corpus.Split(a, other) {
				otherTexts[c.Text] = true
			}
		}
		if n := cacheRecords(t, dir); n != len(otherTexts) {
			t.Errorf("cache holds %d records, want the %d texts of the index", n, len(otherTexts))
		}
		wantEmbedded := 0
		for txt := range chunkTexts(res.Articles...) {
			if !otherTexts[txt] {
				wantEmbedded++
			}
		}
		ce.texts.Store(0)
		_, rep = build(t, dir, res, e)
		if rep.Embedded != wantEmbedded || int(ce.texts.Load()) != wantEmbedded {
			t.Errorf("report = %+v (embedded %d), want %d embedded", rep, ce.texts.Load(), wantEmbedded)
		}
	})

	if names := dirFiles(t, dir); !slices.Equal(names, []string{CacheFile, SnapshotFile}) {
		t.Errorf("index dir holds %v, want only the cache and the snapshot", names)
	}
}

// queryIDs runs queries and returns their result chunk ids, one line each.
func queryIDs(t *testing.T, ix *Index, queries ...string) string {
	t.Helper()
	var b strings.Builder
	for _, q := range queries {
		rs, err := ix.Search(context.Background(), Query{Text: q, K: 5})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		fmt.Fprintf(&b, "%s:", q)
		for _, r := range rs {
			fmt.Fprintf(&b, " %s", r.Chunk.ID)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestBuildFailureKeepsPreviousIndex(t *testing.T) {
	dir := t.TempDir()
	queries := []string{"Piaf cyclisme", "budget déficit", "storm flood", "chess grandmaster"}
	ix, _ := build(t, dir, testCorpus(8), NewLocalEmbedder())
	want := queryIDs(t, ix, queries...)
	snap := filepath.Join(dir, SnapshotFile)
	before, _ := os.Stat(snap)

	// A bigger corpus, so that embedding takes several batches.
	bigger := testCorpus(120)
	missing := len(chunkTexts(bigger.Articles...)) - len(chunkTexts(testCorpus(8).Articles...))
	if missing <= 2*embedBatchSize {
		t.Fatalf("test setup: %d texts to embed, want more than two batches", missing)
	}

	tests := []struct {
		name    string
		build   func(e Embedder) error
		wantErr error
	}{
		{"embedder fails after one batch", func(e Embedder) error {
			_, _, err := Build(context.Background(), dir, bigger, e, BuildOptions{Chunking: testChunking})
			return err
		}, errEmbedOutage},
		{"context cancelled during embedding", func(e Embedder) error {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_, _, err := Build(ctx, dir, bigger, e, BuildOptions{Chunking: testChunking, Progress: func(done, total int) {
				if done > 0 {
					cancel()
				}
			}})
			return err
		}, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := newCounting()
			ce.failAfter = 1
			if tt.wantErr == context.Canceled {
				ce.failAfter = -1
			}
			err := tt.build(ce.embedder())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Build err = %v, want %v", err, tt.wantErr)
			}
			after, _ := os.Stat(snap)
			if !os.SameFile(before, after) {
				t.Error("failed build replaced the snapshot")
			}
			ix, err := Open(dir, NewLocalEmbedder())
			if err != nil {
				t.Fatalf("Open after failed build: %v", err)
			}
			if got := queryIDs(t, ix, queries...); got != want {
				t.Errorf("results after failed build:\n%s\nwant:\n%s", got, want)
			}
			if ix.Info().Articles != 8 {
				t.Errorf("articles = %d, want the previous 8", ix.Info().Articles)
			}
			if names := dirFiles(t, dir); !slices.Equal(names, []string{CacheFile, SnapshotFile}) {
				t.Errorf("index dir holds %v, want only the cache and the snapshot", names)
			}
		})
	}

	// The batches embedded before the failures are in the cache: a retry
	// embeds only the rest (nothing when the batches in flight at the
	// cancellation happened to finish them all).
	ce := newCounting()
	_, rep, err := Build(context.Background(), dir, bigger, ce.embedder(), BuildOptions{Chunking: testChunking})
	if err != nil {
		t.Fatalf("retry Build: %v", err)
	}
	if rep.Embedded >= missing {
		t.Errorf("retry embedded %d of %d texts, want the cached batches skipped", rep.Embedded, missing)
	}
	if rep.Added != 112 || rep.Unchanged != 8 {
		t.Errorf("retry report = %+v, want 112 added, 8 unchanged", rep)
	}
}

func TestBuildRecoversFromDamagedFiles(t *testing.T) {
	dir := t.TempDir()
	res := testCorpus(6)
	e := NewLocalEmbedder()
	build(t, dir, res, e)
	snap, cache := filepath.Join(dir, SnapshotFile), filepath.Join(dir, CacheFile)

	// A temporary file left by a killed build is removed once stale.
	stale := filepath.Join(dir, "."+SnapshotFile+".tmp-123")
	if err := os.WriteFile(stale, []byte("partial"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(stale, old, old)
	build(t, dir, res, e)
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temporary file still there: %v", err)
	}

	// A damaged snapshot is rebuilt, from the cache.
	if err := os.WriteFile(snap, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	ce := newCounting()
	ix, rep := build(t, dir, res, ce.embedder())
	if rep.Added != 6 || rep.Embedded != 0 {
		t.Errorf("rebuild report = %+v, want 6 added and nothing embedded (cache)", rep)
	}
	if _, err := Open(dir, e); err != nil {
		t.Errorf("Open after rebuild: %v", err)
	}

	// A cache cut in the middle of a record (a crash while appending) loses
	// only that record; the next build appends after the intact ones.
	info, _ := os.Stat(cache)
	if err := os.Truncate(cache, info.Size()-10); err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(cache, os.O_APPEND|os.O_WRONLY, 0)
	f.Write([]byte{0xff, 0xff, 0xff, 0x7f, 1, 2, 3})
	f.Close()
	os.Remove(snap)
	ce = newCounting()
	_, rep = build(t, dir, res, ce.embedder())
	if rep.Embedded != 1 {
		t.Errorf("build after cache damage embedded %d, want only the damaged record's text", rep.Embedded)
	}
	os.Remove(snap)
	ce = newCounting()
	_, rep = build(t, dir, res, ce.embedder())
	if rep.Embedded != 0 {
		t.Errorf("build after cache repair embedded %d, want 0", rep.Embedded)
	}
	_ = ix
}

func TestBuildEmbedderSwitch(t *testing.T) {
	dir := t.TempDir()
	res := testCorpus(4)
	build(t, dir, res, NewLocalEmbedder())
	other := NewLocalEmbedder()
	other.Model = "hash-ngram-test"
	ce := newCounting()
	inner := ce.embedder()
	other.Embed = inner.Embed
	ix, rep := build(t, dir, res, other)
	if rep.Added != 4 || rep.Embedded != rep.Chunks {
		t.Errorf("report = %+v, want a full rebuild", rep)
	}
	if ix.Info().Model != "hash-ngram-test" {
		t.Errorf("model = %q", ix.Info().Model)
	}
	var mismatch *EmbedderMismatchError
	if _, err := Open(dir, NewLocalEmbedder()); !errors.As(err, &mismatch) {
		t.Errorf("Open with the old embedder err = %v, want a mismatch", err)
	}
}

func TestBuildEmptyCorpus(t *testing.T) {
	dir := t.TempDir()
	ix, rep := build(t, dir, &corpus.Result{}, NewLocalEmbedder())
	if rep.Articles != 0 || rep.Chunks != 0 {
		t.Errorf("report = %+v, want empty", rep)
	}
	rs, err := ix.Search(context.Background(), Query{Text: "anything"})
	if err != nil || len(rs) != 0 {
		t.Errorf("Search on empty index = %v, %v; want nothing, no error", rs, err)
	}
	reopened, err := Open(dir, NewLocalEmbedder())
	if err != nil {
		t.Fatalf("Open empty index: %v", err)
	}
	if rs, err := reopened.Search(context.Background(), Query{Text: "anything"}); err != nil || len(rs) != 0 {
		t.Errorf("Search on reopened empty index = %v, %v", rs, err)
	}
}

// cacheRecords counts the intact records of dir's embedding cache and
// checks that only its owner may read it.
func cacheRecords(t *testing.T, dir string) int {
	t.Helper()
	path := filepath.Join(dir, CacheFile)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := st.Mode().Perm(); perm != 0o600 {
		t.Errorf("cache mode = %v, want 0600", perm)
	}
	scan, err := scanCache(path, "", 0, func(textKey) bool { return false }, nil)
	if err != nil {
		t.Fatal(err)
	}
	return scan.records
}

func TestBuildReusesThePreviousIndex(t *testing.T) {
	res := testCorpus(6)
	// The corpus loaded again: the same articles in new strings.
	more := &corpus.Result{}
	for _, a := range append(slices.Clone(res.Articles), testArticle(6)) {
		a.Text = strings.Clone(a.Text)
		more.Articles = append(more.Articles, a)
	}
	newChunks := len(corpus.Split(testArticle(6), testChunking))
	tests := []struct {
		name         string
		previous     bool
		wantEmbedded func(total int) int
	}{
		// The snapshot and the embedding cache are gone: only the served
		// index holds the unchanged articles' vectors.
		{"from the served index", true, func(int) int { return newChunks }},
		{"without it (baseline)", false, func(total int) int { return total }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			e := NewLocalEmbedder()
			served, _ := build(t, dir, res, e)
			for _, f := range []string{SnapshotFile, CacheFile} {
				if err := os.Remove(filepath.Join(dir, f)); err != nil {
					t.Fatal(err)
				}
			}
			opts := BuildOptions{Chunking: testChunking}
			if tt.previous {
				opts.Previous = served
			}
			next, rep, err := Build(context.Background(), dir, more, e, opts)
			if err != nil {
				t.Fatal(err)
			}
			if want := tt.wantEmbedded(rep.Chunks); rep.Embedded != want {
				t.Errorf("embedded %d chunks, want %d", rep.Embedded, want)
			}
			if got, want := queryIDs(t, next, "article"), queryIDs(t, reopen(t, dir), "article"); got != want {
				t.Errorf("built index answers %s, reopened snapshot %s", got, want)
			}
			old, _ := served.Article(res.Articles[0].ID)
			cur, _ := next.Article(res.Articles[0].ID)
			if shared := unsafe.StringData(old.Text) == unsafe.StringData(cur.Text); shared != tt.previous {
				t.Errorf("unchanged article's text shared with the served index: %v, want %v", shared, tt.previous)
			}
		})
	}
}

// reopen opens the snapshot in dir.
func reopen(t *testing.T, dir string) *Index {
	t.Helper()
	ix, err := Open(dir, NewLocalEmbedder())
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestBuildKeepsTheLoadedArticles(t *testing.T) {
	arts := testCorpus(4).Articles
	dup := arts[1]
	dup.Text = "Un autre texte sous le même identifiant."
	dup = rehash(dup)
	tests := []struct {
		name     string
		articles []corpus.Article
		wantIDs  []string
		// shared: the index holds the loaded slice itself, not a copy.
		shared bool
	}{
		{"no duplicate: not copied", arts, []string{"art-000", "art-001", "art-002", "art-003"}, true},
		{"a duplicate dropped: copied", []corpus.Article{arts[0], arts[1], dup, arts[2]}, []string{"art-000", "art-001", "art-002"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loaded := slices.Clone(tt.articles)
			ix, _, err := Build(context.Background(), t.TempDir(), &corpus.Result{Articles: loaded}, NewLocalEmbedder(), BuildOptions{Chunking: testChunking})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, a := range ix.articles {
				ids = append(ids, a.ID)
			}
			if !slices.Equal(ids, tt.wantIDs) {
				t.Errorf("indexed %v, want %v", ids, tt.wantIDs)
			}
			if shared := &ix.articles[0] == &loaded[0]; shared != tt.shared {
				t.Errorf("articles shared with the loaded ones: %v, want %v", shared, tt.shared)
			}
			if !slices.EqualFunc(loaded, tt.articles, func(a, b corpus.Article) bool { return a.ID == b.ID && a.Text == b.Text }) {
				t.Error("Build changed the loaded articles")
			}
			if a, _ := ix.Article("art-001"); a.Text != arts[1].Text {
				t.Errorf("art-001 = %q, want the first one loaded", a.Text)
			}
		})
	}
}

func TestBuildSharedTexts(t *testing.T) {
	// Three articles with one identical paragraph: one text, three chunks.
	same := "Le conseil municipal a voté le budget du port après un long débat sur les quais et la dette."
	var arts []corpus.Article
	for i := range 3 {
		arts = append(arts, rehash(corpus.Article{ID: fmt.Sprintf("s%d", i), Title: "Port", Lang: "fr", Text: same}))
	}
	ce := newCounting()
	ix, rep, err := Build(context.Background(), t.TempDir(), &corpus.Result{Articles: arts}, ce.embedder(), BuildOptions{Chunking: testChunking})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Embedded != 1 || ce.texts.Load() != 1 {
		t.Errorf("embedded %d texts (%d sent), want the shared one once", rep.Embedded, ce.texts.Load())
	}
	for i := range ix.chunks {
		if !slices.Equal(ix.vector(int32(i)), ix.vector(0)) {
			t.Errorf("chunk %d has another vector than chunk 0", i)
		}
	}
}
