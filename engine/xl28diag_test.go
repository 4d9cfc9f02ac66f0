package engine

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
)

var xlDiagFlag = flag.String("eval.xldiag", "", "with -eval: set whose gold-in-quote failures TestXLDiag lists")

func TestXLDiag(t *testing.T) {
	shared := sharedDir(t)
	if *xlDiagFlag == "" {
		t.Skip("run with -eval.xldiag=news-xl")
	}
	ctx := context.Background()
	dir := filepath.Join(shared, "eval", "dev", *xlDiagFlag)
	ix, articles := buildIndex(t, filepath.Join(dir, "corpus.jsonl"))
	core := NewCore(ix, Config{})
	qs := evalArticles(t, articles, evalHalf(t, loadQueries(t, dir)))
	for _, q := range qs {
		a, err := core.Ask(ctx, Question{Text: q.Question})
		if err != nil {
			t.Fatal(err)
		}
		gold := false
		var docs []string
		for _, c := range a.Citations {
			docs = append(docs, c.DocID)
			if retrieval.IsHit(q, corpus.Chunk{DocID: c.DocID, Text: c.Quote}) {
				gold = true
			}
		}
		lang := questionLang(q.Question, nil, corpusLangs(ix))
		results, _, err := core.search(ctx, ix, retrieval.Query{Text: q.Question, Lang: lang, K: core.k, Now: core.now()})
		if err != nil {
			t.Fatal(err)
		}
		rank, hitRank := -1, -1
		for i, r := range results {
			if r.Chunk.DocID == q.DocID && rank < 0 {
				rank = i
			}
			if retrieval.IsHit(q, r.Chunk) && hitRank < 0 {
				hitRank = i
			}
		}
		status := "OK  "
		if !gold {
			status = "MISS"
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s %s %q\n   gold %q (%s) docrank %d hitrank %d of %d; verdict %s (%s); cited %v",
			status, q.ID, q.Lang, q.Question, q.Answer, q.DocID, rank, hitRank, len(results), a.Verdict, a.Reason, docs)
		if !gold && len(a.Citations) > 0 {
			fmt.Fprintf(&b, "\n   first quote: %q", a.Citations[0].Quote)
		}
		t.Log(b.String())
	}
}
