package retrieval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"verbatim/corpus"
)

// wordQuoter is a Quoter that takes every capitalised word after "selon"
// for a quotation spoken by itself, counting the articles it reads.
func wordQuoter(rules string, calls *atomic.Int64) Quoter {
	return Quoter{Rules: rules, Find: func(a corpus.Article) []Quotation {
		calls.Add(1)
		var out []Quotation
		for off := 0; ; {
			k := strings.Index(strings.ToLower(a.Text[off:]), "selon ")
			if k < 0 {
				return out
			}
			start := off + k + len("selon ")
			end := start + strings.IndexAny(a.Text[start:]+" ", " ,.")
			out = append(out, Quotation{Start: start, End: end, Speaker: a.Text[start:end]})
			off = end
		}
	}}
}

// checkStored fails unless ix stores, under rules, the quotations q
// finds in each of its articles.
func checkStored(t *testing.T, ix *Index, rules string) {
	t.Helper()
	var calls atomic.Int64
	q := wordQuoter(rules, &calls)
	if got := ix.QuotationRules(); got != rules {
		t.Fatalf("QuotationRules() = %q, want %q", got, rules)
	}
	n := 0
	for _, a := range ix.Articles() {
		got, r, ok := ix.Quotations(a)
		if !ok || r != rules {
			t.Fatalf("Quotations(%s): ok %v, rules %q; want true, %q", a.ID, ok, r, rules)
		}
		if want := q.Find(a); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
			t.Errorf("Quotations(%s) = %v, want %v", a.ID, got, want)
		}
		n += len(got)
	}
	if n == 0 {
		t.Fatal("no quotation stored: the test corpus quotes nobody")
	}
}

func TestBuildStoresQuotations(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	e := NewLocalEmbedder()
	var calls atomic.Int64
	build := func(res *corpus.Result, q Quoter, prev *Index) *Index {
		t.Helper()
		calls.Store(0)
		ix, _, err := Build(ctx, dir, res, e, BuildOptions{Chunking: testChunking, Quoter: q, Previous: prev})
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	reopen := func() *Index {
		t.Helper()
		ix, err := Open(dir, e)
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}

	res := testCorpus(12)
	ix := build(res, wordQuoter("r1", &calls), nil)
	if got, want := calls.Load(), int64(12); got != want {
		t.Errorf("first build found the quotations of %d articles, want %d", got, want)
	}
	checkStored(t, ix, "r1")
	checkStored(t, reopen(), "r1")

	// Unchanged, same rules: nothing found again, the index kept.
	if again := build(res, wordQuoter("r1", &calls), reopen()); calls.Load() != 0 {
		t.Errorf("unchanged rebuild found %d articles' quotations, want 0", calls.Load())
	} else {
		checkStored(t, again, "r1")
	}

	// One article changed, one added, one removed: only two are read.
	next := &corpus.Result{Articles: append([]corpus.Article(nil), res.Articles[1:]...)}
	changed := next.Articles[3]
	changed.Text += " Selon Zorro, tout change."
	changed.Hash += "-changed"
	next.Articles[3] = changed
	added := testArticle(40)
	added.Text = "Selon Bernardo, un article nouveau. " + added.Text
	added.Hash += "-added"
	next.Articles = append(next.Articles, added)
	ix = build(next, wordQuoter("r1", &calls), ix)
	if got, want := calls.Load(), int64(2); got != want {
		t.Errorf("incremental build found the quotations of %d articles, want %d (the changed and the added)", got, want)
	}
	checkStored(t, ix, "r1")
	checkStored(t, reopen(), "r1")
	if _, _, ok := ix.Quotations(res.Articles[0]); ok {
		t.Errorf("the removed article still has quotations")
	}
	if _, _, ok := ix.Quotations(res.Articles[4]); ok {
		t.Errorf("the changed article's old text has quotations")
	}
	var zorro bool
	got, _, _ := ix.Quotations(changed)
	for _, q := range got {
		zorro = zorro || q.Speaker == "Zorro"
	}
	if !zorro {
		t.Errorf("the changed article's new quotation is not stored: %v", got)
	}

	// Other rules: every article is read again, from an unchanged corpus.
	ix = build(next, wordQuoter("r2", &calls), reopen())
	if got, want := calls.Load(), int64(len(next.Articles)); got != want {
		t.Errorf("build under new rules found %d articles' quotations, want %d", got, want)
	}
	checkStored(t, reopen(), "r2")

	// No quoter: the index stores none, and says so.
	ix = build(&corpus.Result{Articles: next.Articles[1:]}, Quoter{}, ix)
	if ix.QuotationRules() != "" {
		t.Errorf("index built without a Quoter stores quotations under %q", ix.QuotationRules())
	}
	if _, _, ok := reopen().Quotations(next.Articles[2]); ok {
		t.Errorf("reopened index built without a Quoter has quotations")
	}
}

// TestPrepareStoresQuotationsOfOlderSnapshots: a snapshot without
// quotations (written before they were stored) still opens, and Prepare
// with a Quoter stores them without loading the corpus files again nor
// embedding anything.
func TestPrepareStoresQuotationsOfOlderSnapshots(t *testing.T) {
	dir := t.TempDir()
	src, loads := diskCorpus(t, 6)
	c := newCounting()
	e := c.embedder()
	opts := PrepareOptions{Build: BuildOptions{Chunking: testChunking}}
	if _, _, err := Prepare(context.Background(), dir, src, e, opts); err != nil {
		t.Fatal(err)
	}
	old, err := Open(dir, e)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := old.Quotations(old.Articles()[0]); ok || old.QuotationRules() != "" {
		t.Fatalf("index built without a Quoter has quotations")
	}
	embedded := c.texts.Load()

	var calls atomic.Int64
	opts.Build.Quoter = wordQuoter("r1", &calls)
	ix, rep, err := Prepare(context.Background(), dir, src, e, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkStored(t, ix, "r1")
	checkStored(t, func() *Index { ix, _ := Open(dir, e); return ix }(), "r1")
	if got := c.texts.Load() - embedded; got != 0 {
		t.Errorf("storing the quotations embedded %d texts, want 0", got)
	}
	if rep.Unchanged != 6 || rep.Added+rep.Updated+rep.Removed != 0 {
		t.Errorf("report %+v, want 6 unchanged articles", rep)
	}
	if got := loads.Load(); got != 2 {
		t.Errorf("corpus loaded %d times, want 2 (the first build, then the saved articles only)", got)
	}

	// Now stored: the next Prepare opens the index as it is.
	calls.Store(0)
	if _, _, err := Prepare(context.Background(), dir, src, e, opts); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 0 || loads.Load() != 2 {
		t.Errorf("Prepare of an index with current quotations read %d articles, loaded the corpus %d times; want 0, 2", calls.Load(), loads.Load())
	}
}

func TestQuotationsOfAnotherText(t *testing.T) {
	var calls atomic.Int64
	ix, _, err := Build(context.Background(), t.TempDir(), testCorpus(3), NewLocalEmbedder(), BuildOptions{Chunking: testChunking, Quoter: wordQuoter("r1", &calls)})
	if err != nil {
		t.Fatal(err)
	}
	a := ix.Articles()[0]
	tests := []struct {
		name string
		edit func(a corpus.Article) corpus.Article
		ok   bool
	}{
		{"the indexed article", func(a corpus.Article) corpus.Article { return a }, true},
		{"another hash", func(a corpus.Article) corpus.Article { a.Hash += "x"; return a }, false},
		{"another length", func(a corpus.Article) corpus.Article { a.Text += " Selon X."; return a }, false},
		{"unknown id", func(a corpus.Article) corpus.Article { a.ID = "nope"; return a }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, ok := ix.Quotations(tt.edit(a)); ok != tt.ok {
				t.Errorf("Quotations: ok = %v, want %v", ok, tt.ok)
			}
		})
	}
}

// TestSnapshotQuotationsChecked: a stored quotation outside its article's
// text makes the snapshot damaged, not a panic later.
func TestSnapshotQuotationsChecked(t *testing.T) {
	dir := t.TempDir()
	bad := Quoter{Rules: "bad", Find: func(a corpus.Article) []Quotation {
		return []Quotation{{Start: 0, End: len(a.Text) + 1}}
	}}
	_, _, err := Build(context.Background(), dir, testCorpus(2), NewLocalEmbedder(), BuildOptions{Chunking: testChunking, Quoter: bad})
	if err == nil {
		t.Fatal("Build stored a quotation outside its article")
	}
	if _, err := os.Stat(filepath.Join(dir, SnapshotFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed build left a snapshot: %v", err)
	}
}
