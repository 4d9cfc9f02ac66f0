package retrieval

import (
	"context"
	"testing"

	"verbatim/corpus"
)

func TestZZDebug(t *testing.T) {
	if !*evalFlag {
		t.Skip()
	}
	root := sharedEvalDir(t)
	ctx := context.Background()
	es := loadEvalSet(t, root, "en")
	ix, _, err := Build(ctx, t.TempDir(), &corpus.Result{Articles: es.articles}, NewLocalEmbedder(), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var chunks []corpus.Chunk
	for _, a := range es.articles {
		chunks = append(chunks, corpus.Split(a, corpus.DefaultChunkOptions)...)
	}
	h := newBruteHybrid(t, chunks, NewLocalEmbedder())
	h.cap = 1000
	n := 0
	for _, q := range es.queries {
		a, _ := indexSearch(ix, -1)(ctx, q.Question, 10)
		b, _ := h.search("bm25")(ctx, q.Question, 10)
		if len(a) == 0 {
			n++
			t.Logf("empty: %s", q.Question)
		}
		if len(a) > 0 && len(b) > 0 && IsHit(q, a[0]) != IsHit(q, b[0]) && n < 5 {
			t.Logf("A %q\nB %q\nans %q", a[0].Text, b[0].Text, q.Answer)
			n++
			t.Logf("%s\n shipped: ", q.Question)
			for _, c := range a[:3] {
				t.Logf("   %s [%d,%d)", c.ID, c.Start, c.End)
			}
			for _, c := range b[:3] {
				t.Logf("   bm25 %s [%d,%d)", c.ID, c.Start, c.End)
			}
			lh := ix.lex.Search(q.Question, 5, nil)
			t.Logf("   ix.lex %v", lh)
			t.Logf("   h.lex %v", h.lex.Search(q.Question, 5, nil))
		}
	}
}
