package quotes

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"sync/atomic"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// countingIndexer is Indexer counting the articles it attributes.
func countingIndexer(n *atomic.Int64) retrieval.Quoter {
	q := Indexer()
	find := q.Find
	q.Find = func(a corpus.Article) []retrieval.Quotation {
		n.Add(1)
		return find(a)
	}
	return q
}

// unstored hides an index's stored quotations: BySpeaker attributes its
// articles on demand.
type unstored struct{ ix *retrieval.Index }

func (u unstored) Newest(n int) []corpus.Article { return u.ix.Newest(n) }

// sameAsAttribute fails unless ix stores, for every article, the
// quotations Attribute finds in it, and Of returns them.
func sameAsAttribute(t *testing.T, ix *retrieval.Index) int {
	t.Helper()
	n := 0
	for _, a := range ix.Articles() {
		want := Attribute(a)
		raw, ok := storedRaw(ix, a)
		got := quotesOf(a, raw)
		if !ok {
			t.Fatalf("article %s: no quotations stored", a.ID)
		}
		if len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Errorf("article %s: stored quotations\n%v\nwant Attribute's\n%v", a.ID, got, want)
		}
		if of := Of(ix, a); len(of)+len(want) > 0 && !reflect.DeepEqual(of, want) {
			t.Errorf("article %s: Of = %v, want %v", a.ID, of, want)
		}
		n += len(got)
	}
	return n
}

// TestStoredQuotationsWikinews: the quotations stored at index time are
// Attribute's, after a reopening and an incremental rebuild, and
// BySpeaker answers from them as from Attribute.
func TestStoredQuotationsWikinews(t *testing.T) {
	path := filepath.Join(sharedCorpus, "wikinews-fr-2012", "corpus.jsonl")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("Wikinews corpus not found: %v", err)
	}
	ctx := context.Background()
	res, err := corpus.LoadPath(ctx, path, corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	e := retrieval.NewLocalEmbedder()
	var calls atomic.Int64
	ix, _, err := retrieval.Build(ctx, dir, res, e, retrieval.BuildOptions{Quoter: countingIndexer(&calls)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := calls.Load(), int64(len(res.Articles)); got != want {
		t.Errorf("build attributed %d articles, want %d", got, want)
	}
	reopened, err := retrieval.Open(dir, e)
	if err != nil {
		t.Fatal(err)
	}
	n := sameAsAttribute(t, reopened)
	t.Logf("%d articles, %d quotations stored", len(res.Articles), n)
	if n < 100 {
		t.Fatalf("only %d quotations in the Wikinews corpus", n)
	}

	// The speakers quoted most, and BySpeaker from stored quotations
	// equal to BySpeaker attributing on demand.
	count := map[string]int{}
	for _, a := range reopened.Articles() {
		for _, q := range Attribute(a) {
			if q.Speaker != "" {
				count[q.Speaker]++
			}
		}
	}
	var speakers []string
	for s := range count {
		speakers = append(speakers, s)
	}
	sort.Slice(speakers, func(i, j int) bool {
		return count[speakers[i]] > count[speakers[j]] || count[speakers[i]] == count[speakers[j]] && speakers[i] < speakers[j]
	})
	for _, name := range append(speakers[:min(8, len(speakers))], "Obama", "Nobody Atall") {
		for _, topic := range []string{"", "président"} {
			got, err := BySpeaker(ctx, reopened, name, topic)
			if err != nil {
				t.Fatal(err)
			}
			want, err := BySpeaker(ctx, unstored{reopened}, name, topic)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("BySpeaker(%q, %q) from stored quotations:\n%+v\nwant, attributing:\n%+v", name, topic, got, want)
			}
		}
	}

	// Incremental: one article removed, one changed, one added; only the
	// changed and the added are attributed.
	next := &corpus.Result{Articles: append([]corpus.Article(nil), res.Articles[1:]...)}
	changed := next.Articles[10]
	changed.Text += "\n\n« Nous ne céderons pas », a déclaré Jean Dupont."
	changed.Hash += "-changed"
	next.Articles[10] = changed
	next.Articles = append(next.Articles, corpus.Article{ID: "added", Lang: "fr", Title: "Ajout", Hash: "added",
		Text: "Marie Curie a parlé lundi. « La science avance », a-t-elle déclaré. « Sans relâche », a ajouté Pierre Curie."})
	calls.Store(0)
	ix, _, err = retrieval.Build(ctx, dir, next, e, retrieval.BuildOptions{Quoter: countingIndexer(&calls), Previous: ix})
	if err != nil {
		t.Fatal(err)
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("incremental build attributed %d articles, want 2", got)
	}
	sameAsAttribute(t, ix)
	reopened, err = retrieval.Open(dir, e)
	if err != nil {
		t.Fatal(err)
	}
	sameAsAttribute(t, reopened)
	if _, ok := storedRaw(reopened, res.Articles[0]); ok {
		t.Errorf("the removed article %s still has quotations", res.Articles[0].ID)
	}
	got, err := BySpeaker(ctx, reopened, "Dupont", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Quotes) != 1 || got.Quotes[0].Quote != "Nous ne céderons pas" {
		t.Errorf("BySpeaker(Dupont) after the change = %+v, want the one new quotation", got.Quotes)
	}
}

// TestOfOtherRules: quotations stored under other rules (another
// RulesVersion) are ignored and Attribute answers.
func TestOfOtherRules(t *testing.T) {
	res := &corpus.Result{Articles: []corpus.Article{{ID: "a", Lang: "fr", Hash: "1",
		Text: "« Le pont est réparé », a dit Iouri Ouchakov."}}}
	stale := retrieval.Quoter{Rules: "attribute/0", Find: func(corpus.Article) []retrieval.Quotation {
		return []retrieval.Quotation{{Start: 0, End: 2, Speaker: "Personne"}}
	}}
	tests := []struct {
		name   string
		quoter retrieval.Quoter
	}{
		{"other rules", stale},
		{"none stored", retrieval.Quoter{}},
		{"current rules", Indexer()},
	}
	want := Attribute(res.Articles[0])
	if len(want) != 1 || want[0].Speaker != "Iouri Ouchakov" {
		t.Fatalf("Attribute = %+v: the test article is not attributed", want)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, _, err := retrieval.Build(context.Background(), t.TempDir(), res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{Quoter: tt.quoter})
			if err != nil {
				t.Fatal(err)
			}
			if got := Of(ix, res.Articles[0]); !reflect.DeepEqual(got, want) {
				t.Errorf("Of = %+v, want %+v", got, want)
			}
			got, err := BySpeaker(context.Background(), ix, "Ouchakov", "")
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Quotes) != 1 || got.Quotes[0].Quote != "Le pont est réparé" {
				t.Errorf("BySpeaker = %+v, want the one quotation", got.Quotes)
			}
		})
	}
}
