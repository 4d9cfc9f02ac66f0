package bot

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
)

func TestDbgDiag(t *testing.T) {
	shared := sharedDir(t)
	for _, l := range []string{"fr", "en"} {
		dir := filepath.Join(shared, "eval", "dev", l)
		ix, _ := buildIndex(t, filepath.Join(dir, "corpus.jsonl"))
		qs, _ := retrieval.LoadEvalQueries(filepath.Join(dir, "queries.jsonl"))
		qs = sample(qs, 600)
		var hit, hit3, nores, nosent, goldSentRank [12]int
		_ = hit3
		shown := 0
		for _, q := range qs {
			res, err := ix.Search(context.Background(), retrieval.Query{Text: q.Question, K: 8})
			if err != nil {
				t.Fatal(err)
			}
			if len(res) == 0 {
				nores[0]++
				if shown < 3 {
					fmt.Printf("NORES %q\n", q.Question)
					shown++
				}
				continue
			}
			h := false
			for _, r := range res {
				if retrieval.IsHit(q, r.Chunk) {
					h = true
				}
			}
			if h {
				hit[0]++
			}
			ex := extract(q.Question, nil, questionLang(q.Question, nil), res)
			if len(ex.sentences) == 0 {
				nosent[0]++
				continue
			}
			order := make([]int, len(ex.sentences))
			for i := range order {
				order[i] = i
			}
			sort.SliceStable(order, func(a, b int) bool { return ex.sentences[order[a]].score > ex.sentences[order[b]].score })
			rank := 11
			for k, i := range order {
				s := ex.sentences[i]
				if retrieval.IsHit(q, corpus.Chunk{DocID: s.res.Chunk.DocID, Text: s.text}) {
					rank = min(k, 10)
					break
				}
			}
			goldSentRank[rank]++
			if rank == 11 && h && shown < 8 {
				shown++
				for _, r := range res {
					if retrieval.IsHit(q, r.Chunk) {
						i := strings.Index(strings.ToLower(r.Chunk.Text), strings.ToLower(q.Answer))
						if i < 0 { i = 0 }
						lo, hi := max(0, i-150), min(len(r.Chunk.Text), i+len(q.Answer)+150)
						fmt.Printf("GOLD %q in chunk ...%q...\n", q.Answer, r.Chunk.Text[lo:hi])
						break
					}
				}
			}
		}
		fmt.Printf("%s: %d q, no results %d, no sentences %d, passage hit@8 %d, gold sentence rank hist %v\n", l, len(qs), nores[0], nosent[0], hit[0], goldSentRank)
	}
}
