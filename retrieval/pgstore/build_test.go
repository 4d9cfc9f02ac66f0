package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// testArticles returns n small dated articles; edit changes the text of
// those whose index it returns true for.
func testArticles(n int, edit func(i int) bool) []corpus.Article {
	out := make([]corpus.Article, n)
	for i := range out {
		text := fmt.Sprintf("Article %d. Le ministre numéro %d a déclaré que la réforme des retraites serait votée en avril. "+
			"Il a ajouté que les syndicats avaient été reçus à Matignon. Une deuxième phrase sur le budget %d suit.", i, i, i*7)
		if edit != nil && edit(i) {
			text += " Une phrase ajoutée après coup."
		}
		d, _ := corpus.ParseDate("2025-04")
		out[i] = corpus.Article{ID: fmt.Sprintf("a%03d", i), Path: fmt.Sprintf("a%03d.txt", i), Title: fmt.Sprintf("Titre %d", i),
			Date: d, Lang: "fr", Text: text, Hash: fmt.Sprintf("h%d-%d", i, len(text))}
	}
	return out
}

// countingEmbedder is the local embedder counting the texts it embeds and
// failing once fail texts have been embedded (never when fail is 0).
func countingEmbedder(n *atomic.Int64, fail int64) retrieval.Embedder {
	e := retrieval.NewLocalEmbedder()
	inner := e.Embed
	e.Embed = func(ctx context.Context, texts []string) ([][]float32, error) {
		if fail > 0 && n.Load()+int64(len(texts)) > fail {
			return nil, errors.New("embedding service down")
		}
		n.Add(int64(len(texts)))
		return inner(ctx, texts)
	}
	return e
}

func TestBuildGenerations(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	var embedded atomic.Int64
	e := countingEmbedder(&embedded, 0)

	if _, _, err := s.Open(ctx, e); !errors.Is(err, retrieval.ErrNoIndex) {
		t.Fatalf("Open on an empty database: err = %v, want ErrNoIndex", err)
	}
	first := testArticles(30, nil)
	ix, rep, err := s.Build(ctx, &corpus.Result{Articles: first}, e, BuildOptions{BatchChunks: 7})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 30 || rep.Articles != 30 || ix.Info().Articles != 30 {
		t.Fatalf("first build: report %+v, %d articles; want 30 added", rep, ix.Info().Articles)
	}
	gen1 := s.generation(t)

	t.Run("unchanged corpus publishes nothing", func(t *testing.T) {
		_, rep, err := s.Build(ctx, &corpus.Result{Articles: first}, e, BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Unchanged != 30 || rep.Embedded != 0 || s.generation(t) != gen1 {
			t.Errorf("report %+v, generation %d; want 30 unchanged, nothing embedded, generation %d", rep, s.generation(t), gen1)
		}
	})

	t.Run("incremental", func(t *testing.T) {
		// Drop a000, edit a001, add a030.
		next := testArticles(31, func(i int) bool { return i == 1 })[1:]
		embedded.Store(0)
		ix, rep, err := s.Build(ctx, &corpus.Result{Articles: next}, e, BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Added != 1 || rep.Updated != 1 || rep.Removed != 1 || rep.Unchanged != 28 {
			t.Errorf("report %+v, want 1 added, 1 updated, 1 removed, 28 unchanged", rep)
		}
		if _, ok := ix.Article("a000"); ok {
			t.Error("a000 still in the new generation")
		}
		if a, ok := ix.Article("a001"); !ok || !strings.Contains(a.Text, "ajoutée") {
			t.Errorf("a001 = %q, %v; want the edited text", a.Text, ok)
		}
		if got := embedded.Load(); got == 0 || got > 4 {
			t.Errorf("embedded %d texts, want only the new and edited chunks", got)
		}
		res, err := ix.Search(ctx, retrieval.Query{Text: "ministre numéro 30 réforme"})
		if err != nil || len(res) == 0 || res[0].Chunk.DocID != "a030" {
			t.Errorf("search after the update: %v, %v; want a030 first", res, err)
		}
	})

	t.Run("publish without loading", func(t *testing.T) {
		before := s.generation(t)
		next := testArticles(32, nil)[2:] // drops a000 and a001, adds a031
		rep, err := s.Publish(ctx, &corpus.Result{Articles: next}, e, BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Articles != 30 || rep.Removed != 1 || s.generation(t) == before {
			t.Errorf("report %+v, generation %d (was %d); want 30 articles, 1 removed, a new generation", rep, s.generation(t), before)
		}
		ix, gen, err := s.Open(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := ix.Article("a031"); !ok || gen != s.generation(t) {
			t.Errorf("opened generation %d (current %d), a031 in it: %v; want the published one", gen, s.generation(t), ok)
		}
	})
}

func TestSecondWriterRefused(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	l, ok, err := s.tryLock(ctx, "writer")
	if err != nil || !ok {
		t.Fatalf("tryLock = %v, %v", ok, err)
	}
	defer l.release()
	_, _, err = s.Build(ctx, &corpus.Result{Articles: testArticles(2, nil)}, retrieval.NewLocalEmbedder(), BuildOptions{})
	if !errors.Is(err, ErrWriterBusy) {
		t.Fatalf("second writer: err = %v, want ErrWriterBusy", err)
	}
}

func TestFailedBuildKeepsServing(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	var n atomic.Int64
	if _, _, err := s.Build(ctx, &corpus.Result{Articles: testArticles(10, nil)}, countingEmbedder(&n, 0), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	gen := s.generation(t)
	// The next corpus edits every article; embedding fails after the first
	// batch of chunks was written.
	edited := testArticles(10, func(int) bool { return true })
	n.Store(0)
	_, _, err := s.Build(ctx, &corpus.Result{Articles: edited}, countingEmbedder(&n, 4), BuildOptions{BatchChunks: 3})
	if err == nil || !strings.Contains(err.Error(), "embedding service down") {
		t.Fatalf("failing build: err = %v", err)
	}
	if got := s.generation(t); got != gen {
		t.Fatalf("current generation %d after a failed build, want %d", got, gen)
	}
	ix, _, err := s.Open(ctx, retrieval.NewLocalEmbedder())
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := ix.Article("a000"); strings.Contains(a.Text, "ajoutée") {
		t.Error("the failed build's article is served")
	}
	partial := s.count(t, "SELECT count(*) FROM articles WHERE born > $1", gen)
	if partial == 0 {
		t.Fatal("the failed build wrote no rows; the test does not exercise the clean-up")
	}
	// Pretend the writer was killed rather than failed: its generation
	// stays "building" for the next writer to abandon.
	s.exec(t, "UPDATE generations SET state = 'building' WHERE id > $1", gen)

	n.Store(0)
	_, rep, err := s.Build(ctx, &corpus.Result{Articles: edited}, countingEmbedder(&n, 0), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Embedded >= 10 {
		t.Errorf("the next build embedded %d chunks; want the killed build's vectors reused", rep.Embedded)
	}
	if left := s.count(t, `SELECT count(*) FROM articles WHERE born IN
		(SELECT id FROM generations WHERE state IN ('abandoned', 'failed'))`); left != 0 {
		t.Errorf("%d rows of the interrupted build left after the next build, want 0", left)
	}
}

func TestMissingExtension(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	err = createExtension(ctx, tx, "vector_not_installed")
	if err == nil || !strings.Contains(err.Error(), "CREATE EXTENSION vector_not_installed failed: install pgvector") {
		t.Fatalf("err = %v, want a CREATE EXTENSION ... failed: install pgvector error", err)
	}
}

// generation returns the current generation.
func (s *Store) generation(t testing.TB) int64 {
	t.Helper()
	gen, _, err := s.current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return gen
}

func (s *Store) count(t testing.TB, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := s.pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (s *Store) exec(t testing.TB, sql string, args ...any) {
	t.Helper()
	if _, err := s.pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatal(err)
	}
}

func TestSecondPollerRefused(t *testing.T) {
	s, cfg := testStore(t)
	other, err := Connect(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	release, err := s.ClaimPoller(t.Context(), 123456)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.ClaimPoller(t.Context(), 123456); !errors.Is(err, ErrPollerBusy) || !strings.Contains(err.Error(), "WEBHOOK_URL") {
		t.Fatalf("second poller: err = %v, want ErrPollerBusy pointing to webhook mode", err)
	}
	if r, err := other.ClaimPoller(t.Context(), 654321); err != nil {
		t.Errorf("another bot's poller: %v", err)
	} else {
		r()
	}
	release()
	r, err := other.ClaimPoller(t.Context(), 123456)
	if err != nil {
		t.Fatalf("after the first poller stopped: %v", err)
	}
	r()
}
