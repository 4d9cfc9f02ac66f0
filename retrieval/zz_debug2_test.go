package retrieval

import (
	"context"
	"os"
	"testing"

	"verbatim/corpus"
)

func TestZZMiss(t *testing.T) {
	if !*evalFlag {
		t.Skip()
	}
	root := sharedEvalDir(t)
	ctx := context.Background()
	es := loadEvalSet(t, root, os.Getenv("SETS"))
	ix, _, err := Build(ctx, t.TempDir(), &corpus.Result{Articles: es.articles}, NewLocalEmbedder(), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	DefaultRerankOptions = RerankOptions{LexicalDepth: 100, Lexical: 1, Sentence: 1, Window: 1, Vector: 0.5, TitleInSentence: true}
	cat := map[string]int{}
	shown := 0
	for _, q := range es.queries {
		rs, _ := ix.Search(ctx, Query{Text: q.Question, K: 200, MaxPerArticle: -1})
		rank := -1
		docRank := -1
		for i, r := range rs {
			if docRank < 0 && r.Chunk.DocID == q.DocID {
				docRank = i
			}
			if IsHit(q, r.Chunk) {
				rank = i
				break
			}
		}
		if rank >= 0 && rank < 5 {
			continue
		}
		anyHit := false
		for _, c := range ix.chunks {
			if IsHit(q, c) {
				anyHit = true
			}
		}
		switch {
		case !anyHit:
			cat["no chunk contains answer"]++
		case rank < 0:
			cat["hit not in candidates"]++
		case docRank < 5 && docRank >= 0:
			cat["doc in top5, other chunk"]++
		case rank < 10:
			cat["rank 5-9"]++
		default:
			cat["rank 10+"]++
		}
		if shown < 15 && rank >= 5 && docRank >= 5 {
			shown++
			t.Logf("Q %s | A %s | rank %d docrank %d | top %s: %.80s", q.Question, q.Answer, rank, docRank, rs[0].Chunk.Title, rs[0].Chunk.Text)
		}
	}
	t.Log(cat)
}
