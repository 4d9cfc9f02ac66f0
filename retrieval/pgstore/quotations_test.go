package pgstore

import (
	"context"
	"reflect"
	"sync/atomic"
	"testing"

	"verbatim/corpus"
	"verbatim/quotes"
	"verbatim/retrieval"
)

// quotedArticles returns the test articles with a quotation in each.
func quotedArticles(n int, edit func(i int) bool) []corpus.Article {
	arts := testArticles(n, edit)
	for i := range arts {
		arts[i].Text += " « Nous voterons la réforme », a déclaré Élisabeth Borne."
		arts[i].Hash += "-q"
	}
	return arts
}

// counting is quoter counting the articles it reads.
func counting(q retrieval.Quoter, n *atomic.Int64) retrieval.Quoter {
	find := q.Find
	q.Find = func(a corpus.Article) []retrieval.Quotation {
		n.Add(1)
		return find(a)
	}
	return q
}

// samePgQuotations fails unless ix stores, for each article, the
// quotations q finds in it, under q's rules.
func samePgQuotations(t *testing.T, ix *retrieval.Index, q retrieval.Quoter) {
	t.Helper()
	if got := ix.QuotationRules(); got != q.Rules {
		t.Fatalf("QuotationRules() = %q, want %q", got, q.Rules)
	}
	for _, a := range ix.Articles() {
		got, rules, ok := ix.Quotations(a)
		if !ok || rules != q.Rules {
			t.Fatalf("article %s: ok %v, rules %q; want true, %q", a.ID, ok, rules, q.Rules)
		}
		if want := q.Find(a); !reflect.DeepEqual(got, want) {
			t.Errorf("article %s: quotations %v, want %v", a.ID, got, want)
		}
	}
}

func TestBuildStoresQuotations(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	e := retrieval.NewLocalEmbedder()
	var calls atomic.Int64
	q := counting(quotes.Indexer(), &calls)

	first := quotedArticles(12, nil)
	ix, _, err := s.Build(ctx, &corpus.Result{Articles: first}, e, BuildOptions{BatchChunks: 5, Quoter: q})
	if err != nil {
		t.Fatal(err)
	}
	if got := calls.Load(); got != 12 {
		t.Errorf("first build attributed %d articles, want 12", got)
	}
	samePgQuotations(t, ix, quotes.Indexer())
	if got, _ := quotes.BySpeaker(ctx, ix, "Borne", ""); len(got.Quotes) != 12 {
		t.Errorf("BySpeaker(Borne) = %d quotations, want 12", len(got.Quotes))
	}

	// Parity with the embedded store built from the same articles.
	local, _, err := retrieval.Build(ctx, t.TempDir(), &corpus.Result{Articles: first}, e, retrieval.BuildOptions{Quoter: quotes.Indexer()})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range local.Articles() {
		want, _, _ := local.Quotations(a)
		got, _, _ := ix.Quotations(a)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("article %s: PostgreSQL stores %v, the snapshot %v", a.ID, got, want)
		}
	}

	// One removed, one changed, one added: two attributed, in the
	// transaction of their chunks.
	next := quotedArticles(12, func(i int) bool { return i == 4 })[1:]
	added := quotedArticles(13, nil)[12]
	added.Text += " « Rien n'est joué », a affirmé Gabriel Attal."
	added.Hash += "-added"
	next = append(next, added)
	calls.Store(0)
	ix, _, err = s.Build(ctx, &corpus.Result{Articles: next}, e, BuildOptions{BatchChunks: 5, Quoter: q})
	if err != nil {
		t.Fatal(err)
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("incremental build attributed %d articles, want 2", got)
	}
	samePgQuotations(t, ix, quotes.Indexer())
	if got, _ := quotes.BySpeaker(ctx, ix, "Attal", ""); len(got.Quotes) != 1 || got.Quotes[0].DocID != added.ID {
		t.Errorf("BySpeaker(Attal) = %+v, want the added article's quotation", got.Quotes)
	}

	// Other rules: the kept rows are attributed again and a generation
	// published, which a replica opening the store reads.
	other := counting(retrieval.Quoter{Rules: "other", Find: quotes.Indexer().Find}, &calls)
	calls.Store(0)
	gen0, _ := s.Generation(ctx)
	if _, _, err := s.Build(ctx, &corpus.Result{Articles: next}, e, BuildOptions{Quoter: other}); err != nil {
		t.Fatal(err)
	}
	if got := calls.Load(); got != int64(len(next)) {
		t.Errorf("build under other rules attributed %d articles, want %d", got, len(next))
	}
	if gen, _ := s.Generation(ctx); gen == gen0 {
		t.Errorf("quotations found again without a new generation: replicas would not reload")
	}
	replica, _, err := s.Open(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	samePgQuotations(t, replica, retrieval.Quoter{Rules: "other", Find: quotes.Indexer().Find})
	// Read under the current rules, those are stale: Of attributes.
	a := next[0]
	if got, want := quotes.Of(replica, a), quotes.Attribute(a); !reflect.DeepEqual(got, want) {
		t.Errorf("Of with quotations of other rules = %v, want Attribute's %v", got, want)
	}

	// Unchanged, same rules: nothing attributed, nothing published.
	calls.Store(0)
	gen1, _ := s.Generation(ctx)
	if _, _, err := s.Build(ctx, &corpus.Result{Articles: next}, e, BuildOptions{Quoter: other}); err != nil {
		t.Fatal(err)
	}
	if gen, _ := s.Generation(ctx); calls.Load() != 0 || gen != gen1 {
		t.Errorf("unchanged build attributed %d articles, generation %d -> %d; want 0, unchanged", calls.Load(), gen1, gen)
	}

	// A writer without a quoter adds an article: the generation's
	// quotations are not all of one rules, so none are read (Of
	// attributes) rather than some missing.
	more := append(append([]corpus.Article(nil), next...), quotedArticles(14, nil)[13])
	ix, _, err = s.Build(ctx, &corpus.Result{Articles: more}, e, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ix.QuotationRules() != "" {
		t.Errorf("generation of mixed quotations read under rules %q, want none", ix.QuotationRules())
	}

	// Rows deleted by the garbage collection take their quotations.
	var orphans int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM quotations q LEFT JOIN articles a ON a.row_id = q.article_row WHERE a.row_id IS NULL`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 {
		t.Errorf("%d quotations of deleted articles", orphans)
	}
}
