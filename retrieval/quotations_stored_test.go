package retrieval

import (
	"flag"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval/lexical"
	"verbatim/retrieval/retrievaltest"
)

// writeSnapshot writes in dir the snapshot Build would write of the
// synthetic corpus c with the quotations byArticle stored under rules,
// without embedding nor checking the quotations, and returns the embedder
// that opens it.
func writeSnapshot(tb testing.TB, dir string, c retrievaltest.Corpus, rules string, byArticle [][]Quotation) Embedder {
	tb.Helper()
	dims := len(c.Vectors[0])
	e := Embedder{Name: "synthetic", Model: "random", Dimensions: dims}
	m := meta{Version: formatVersion, Embedder: e.Name, Model: e.Model, Dimensions: dims, VectorDims: dims}
	sw := newSnapshotWriter(dir, len(c.Chunks), dims)
	lex := lexical.New()
	h := header{Meta: m, Articles: c.Articles, Chunks: make([]chunkRecord, len(c.Chunks)), Rules: rules, Quotes: byArticle}
	at := make(map[string]int32, len(c.Articles))
	for i, a := range c.Articles {
		at[a.ID] = int32(i)
	}
	for i, ch := range c.Chunks {
		if err := sw.put(i, c.Vectors[i]); err != nil {
			tb.Fatal(err)
		}
		lex.Add(lexicalDocument(ch))
		h.Chunks[i] = chunkRecord{ID: ch.ID, Article: at[ch.DocID], Index: ch.Index, Start: ch.Start, End: ch.End}
	}
	store, err := sw.finish(h, lex)
	if err != nil {
		tb.Fatal(err)
	}
	if store.file != nil {
		store.file.Close()
	}
	return e
}

// syntheticQuotations returns perArticle quotations of each article of c,
// one in every stretch of its text, spoken by a word of it; every third
// speaker is "" (not said) and every fifth one is Cyrillic.
func syntheticQuotations(c retrievaltest.Corpus, perArticle int) [][]Quotation {
	out := make([][]Quotation, len(c.Articles))
	for i, a := range c.Articles {
		step := len(a.Text) / (perArticle + 1)
		for k := range perArticle {
			start := k * step
			q := Quotation{Start: start, End: start + step/2, Speaker: fmt.Sprintf("Speaker %d-%d", i, k)}
			switch (i + k) % 15 {
			case 0, 3, 6, 9, 12:
				q.Speaker = ""
			case 5, 10:
				q.Speaker = fmt.Sprintf("Мария Захарова %d", k)
			}
			out[i] = append(out[i], q)
		}
	}
	return out
}

// TestStoredQuotationsReadBack: the quotations a snapshot stores read
// back exactly when its index is opened, whatever the number of decode
// batches, articles with none included, from concurrent readers (the
// first of which decodes them).
func TestStoredQuotationsReadBack(t *testing.T) {
	tests := []struct {
		name       string
		chunks     int
		perArticle int
	}{
		{"none in any article", 30, 0},
		{"one batch", 30, 2},
		{"several batches", 3 * headerBatch, 30}, // 9216 records: two batches
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := retrievaltest.Synthetic(tt.chunks, 8)
			want := syntheticQuotations(c, tt.perArticle)
			// Articles without quotations between those with some.
			for i := range want {
				if i%4 == 1 {
					want[i] = nil
				}
			}
			dir := t.TempDir()
			e := writeSnapshot(t, dir, c, "rules/1", want)
			ix, err := Open(dir, e)
			if err != nil {
				t.Fatal(err)
			}
			if got := ix.QuotationRules(); got != "rules/1" {
				t.Fatalf("QuotationRules() = %q, want %q", got, "rules/1")
			}
			var wg sync.WaitGroup
			errs := make([]string, 4)
			for r := range errs {
				wg.Go(func() {
					for i, a := range c.Articles {
						got, rules, ok := ix.Quotations(a)
						if !ok || rules != "rules/1" {
							errs[r] = fmt.Sprintf("Quotations(%s): ok %v, rules %q; want true, %q", a.ID, ok, rules, "rules/1")
							return
						}
						if len(got)+len(want[i]) > 0 && !reflect.DeepEqual(got, want[i]) {
							errs[r] = fmt.Sprintf("Quotations(%s) = %v, want %v", a.ID, got, want[i])
							return
						}
					}
				})
			}
			wg.Wait()
			for _, e := range errs {
				if e != "" {
					t.Error(e)
				}
			}
		})
	}
}

// TestStoredQuotationsUnreadable: quotations that cannot be trusted (one
// outside its article, which Build never writes) make the index serve
// as if it stored none for any article, rather than wrong spans; the
// rest of the index opens and serves.
func TestStoredQuotationsUnreadable(t *testing.T) {
	c := retrievaltest.Synthetic(20, 8)
	bad := syntheticQuotations(c, 1)
	bad[1] = []Quotation{{Start: 0, End: len(c.Articles[1].Text) + 1}}
	dir := t.TempDir()
	e := writeSnapshot(t, dir, c, "rules/1", bad)
	ix, err := Open(dir, e)
	if err != nil {
		t.Fatalf("Open: %v, want the index open (its quotations are read when first used)", err)
	}
	for _, a := range []corpus.Article{c.Articles[0], c.Articles[1]} {
		if qs, _, ok := ix.Quotations(a); ok {
			t.Errorf("Quotations(%s) = %v, true; want none from an unreadable section", a.ID, qs)
		}
	}
	if got := len(ix.Articles()); got != len(c.Articles) {
		t.Errorf("opened index has %d articles, want %d", got, len(c.Articles))
	}
}

var openChunks = flag.Int("open.chunks", 100_000, "chunks of the index BenchmarkOpenQuotations opens")

// BenchmarkOpenQuotations opens a snapshot of -open.chunks synthetic
// chunks (ten per article, one stored quotation per chunk, 64-dimension
// vectors) as "ask" does ("open") and as a command reading every
// article's quotations does ("open+quotations": the cost of opening when
// all were decoded at open), in the same run; cpu-ms/op is the CPU time
// of the process (all cores, GC included), which other work on a shared
// machine changes less than wall time:
//
//	go test ./retrieval -run '^$' -bench BenchmarkOpenQuotations -benchtime 5x
func BenchmarkOpenQuotations(b *testing.B) {
	c := retrievaltest.Synthetic(*openChunks, 64)
	dir := b.TempDir()
	e := writeSnapshot(b, dir, c, "rules/1", syntheticQuotations(c, retrievaltest.ChunksPerArticle))
	c.Vectors = nil
	for _, tt := range []struct {
		name string
		read bool
	}{{"open", false}, {"open+quotations", true}} {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu, n := processCPU(), 0
			for b.Loop() {
				n++
				ix, err := Open(dir, e)
				if err != nil {
					b.Fatal(err)
				}
				if tt.read {
					if _, _, ok := ix.Quotations(c.Articles[0]); !ok {
						b.Fatal("no quotations stored")
					}
				}
				if ix.store.file != nil {
					ix.store.file.Close()
				}
			}
			b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(n), "cpu-ms/op")
		})
	}
}
