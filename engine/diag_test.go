package engine

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
)

var (
	diagFlag = flag.String("eval.diag", "", "with -eval: comma-separated sets whose answer failures TestAnswerDiag classifies")
	diagShow = flag.Int("eval.diag.show", 0, "with -eval.diag: how many failures of each class to print")
)

// TestAnswerDiag classifies the questions of the sets named by -eval.diag
// whose first quote misses the gold answer: not answered (the relevance
// gate), no retrieved passage holds the gold, no single candidate sentence
// holds it (a split problem), a sentence holds it but is not quoted, or it
// is quoted but not first. With -eval.diag.show it prints examples of
// each class with the question's kind and the features of the gold and
// first sentences. For the misses whose gold sentence is a candidate it
// counts how many of the question's spelling keys (wordKeys) that
// sentence holds (shared0 to shared3: across scripts, what evidence is
// left to choose it), and the gate's refusals by relevance (in tenths)
// and by whether the gold would have been quoted. -eval.articles keeps
// the questions of one part. It asserts nothing: it tells where the first
// quote goes wrong.
func TestAnswerDiag(t *testing.T) {
	shared := sharedDir(t)
	if *diagFlag == "" {
		t.Skip("failure classes: run with -eval -eval.diag=fr,en")
	}
	ctx := context.Background()
	for _, set := range strings.Split(*diagFlag, ",") {
		t.Run(set, func(t *testing.T) {
			dir := filepath.Join(shared, "eval", "dev", set)
			ix, articles := buildIndex(t, filepath.Join(dir, "corpus.jsonl"))
			core := NewCore(ix, Config{})
			counts := map[string]int{}
			shown := map[string]int{}
			qs := evalArticles(t, articles, evalHalf(t, loadQueries(t, dir)))
			gated := map[string]int{} // gate refusals by relevance tenth and whether the gold would be quoted
			for _, q := range qs {
				lang := questionLang(q.Question, nil, corpusLangs(ix))
				results, _, err := core.search(ctx, ix, retrieval.Query{Text: q.Question, Lang: lang, K: core.k, Now: core.now()})
				if err != nil {
					t.Fatal(err)
				}
				ex := extract(q.Question, nil, lang, results, ix)
				class := ""
				gold := -1
				for i, s := range ex.sentences {
					if retrieval.IsHit(q, corpus.Chunk{DocID: s.res.Chunk.DocID, Text: s.text}) && (gold < 0 || s.score > ex.sentences[gold].score) {
						gold = i
					}
				}
				inPassage := false
				for _, r := range results {
					inPassage = inPassage || retrieval.IsHit(q, r.Chunk)
				}
				pos := -1
				for k, c := range ex.chosen {
					text, _, _ := ex.text(c)
					if retrieval.IsHit(q, corpus.Chunk{DocID: ex.sentences[c.best].res.Chunk.DocID, Text: text}) {
						pos = k
						break
					}
				}
				switch {
				case ex.relevance < core.minRelevance(lang, results, false):
					class = "gate"
				case pos == 0:
					class = "first"
				case !inPassage:
					class = "retrieval"
				case gold < 0:
					class = "split"
				case pos > 0:
					class = "notfirst"
				default:
					class = "notchosen"
				}
				counts[class]++
				if class != "first" && gold >= 0 {
					qk := wordKeys(lang, q.Question)
					sk := map[string]bool{}
					for _, k := range wordKeys(ex.sentences[gold].res.Chunk.Lang, ex.sentences[gold].text) {
						sk[k] = true
					}
					n := 0
					for _, k := range qk {
						if sk[k] || keyNear(k, sk) {
							n++
						}
					}
					counts[fmt.Sprintf("shared%d", min(n, 3))]++
				}
				if class == "gate" {
					tag := "nogold"
					switch {
					case pos == 0:
						tag = "first"
					case pos > 0:
						tag = "quoted"
					}
					gated[fmt.Sprintf("%.1f %s", float64(int(ex.relevance*10))/10, tag)]++
				}
				if class == "notchosen" {
					above := 0
					for _, o := range ex.sentences {
						if !o.heading && o.score > ex.sentences[gold].score {
							above++
						}
					}
					switch {
					case above < 6:
						counts["notchosen<=6"]++
					case above < 10:
						counts["notchosen<=10"]++
					}
					if ex.sentences[gold].rank == 0 {
						counts["notchosen,rank0"]++
					}
				}
				if class == "notfirst" && ex.sentences[gold].rank == ex.sentences[ex.chosen[0].best].rank {
					counts["notfirst,samepassage"]++
				}
				if class == "first" || class == "gate" || shown[class] >= *diagShow {
					continue
				}
				shown[class]++
				var b strings.Builder
				fmt.Fprintf(&b, "[%s] %q (gold %q) kind %+v\n", class, q.Question, q.Answer, kindOf(q.Question))
				if len(ex.chosen) > 0 {
					writeDiagSentence(&b, "first", ex.sentences[ex.chosen[0].best])
				}
				if gold >= 0 {
					writeDiagSentence(&b, "gold", ex.sentences[gold])
				} else {
					for _, r := range results {
						if retrieval.IsHit(q, r.Chunk) {
							fmt.Fprintf(&b, "  gold passage: %q\n", r.Chunk.Text)
							break
						}
					}
				}
				t.Log(b.String())
			}
			var b strings.Builder
			for _, c := range []string{"first", "notfirst", "notfirst,samepassage", "notchosen", "notchosen<=6", "notchosen<=10", "notchosen,rank0", "split", "retrieval", "gate", "shared0", "shared1", "shared2", "shared3"} {
				fmt.Fprintf(&b, " %s %d (%.3f)", c, counts[c], float64(counts[c])/float64(len(qs)))
			}
			t.Logf("%s: %d questions:%s", set, len(qs), b.String())
			for _, k := range slices.Sorted(maps.Keys(gated)) {
				t.Logf("gate %s: %d", k, gated[k])
			}
		})
	}
}

func writeDiagSentence(b *strings.Builder, label string, s sentence) {
	fmt.Fprintf(b, "  %s (rank %d, score %.3f, cov %.2f, feat %.2f, %d words): %q\n", label, s.rank, s.score, s.coverage, s.feat, s.words, s.text)
}
