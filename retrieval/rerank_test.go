package retrieval

import (
	"context"
	"strings"
	"testing"

	"verbatim/corpus"
)

// rerankArticle is an undated article made of the given paragraphs.
func rerankArticle(id, title string, paras ...string) corpus.Article {
	return rehash(corpus.Article{ID: id, Title: title, Lang: "en", Text: strings.Join(paras, "\n\n")})
}

func TestSearchRanksSentenceEvidence(t *testing.T) {
	filler := "The committee met on a rainy morning and discussed the agenda at length. "
	res := &corpus.Result{Articles: []corpus.Article{
		// The query's words, often but one per sentence.
		rerankArticle("spread", "Harbour notes",
			"The lighthouse stood on the cape. A keeper painted the lighthouse. Winter came early. "+
				"The keeper wrote letters. Storms hit the lighthouse. Winter storms passed."),
		// The same words in one sentence: the answer to the question.
		rerankArticle("together", "Coast diary",
			filler+"The lighthouse keeper wrote about the winter storms every night. "+filler),
	}}
	for _, a := range []string{"x1", "x2", "x3"} {
		res.Articles = append(res.Articles, rerankArticle(a, "Minutes "+a, strings.Repeat(filler, 6)))
	}
	ix, _ := build(t, t.TempDir(), res, NewLocalEmbedder())
	rs, err := ix.Search(context.Background(), Query{Text: "What did the lighthouse keeper write about winter storms?"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) == 0 {
		t.Fatal("no results")
	}
	if got, want := rs[0].Chunk.DocID, "together"; got != want {
		t.Errorf("top result from %q, want %q", got, want)
	}
}

func TestSentenceEvidence(t *testing.T) {
	ix, _ := build(t, t.TempDir(), &corpus.Result{Articles: []corpus.Article{
		rerankArticle("a", "Unrelated", "Red apples grow here. Green pears grow there."),
		rerankArticle("b", "Other", "Nothing to see."),
	}}, NewLocalEmbedder())
	weights := ix.lex.TermWeights("en", "red pears")
	if len(weights) != 2 {
		t.Fatalf("TermWeights = %v, want two terms", weights)
	}
	total := weights["red"] + weights["pear"]
	pairs := queryPairs(ix.lex.Analyze("en", "red pears"), weights)
	tests := []struct {
		name                   string
		text                   string
		window                 int
		best, all, phraseShare float64
	}{
		{"apart", "Red apples grow here. Green pears grow there.", 1, weights["pear"], total, 0},
		{"window of two", "Red apples grow here. Green pears grow there.", 2, total, total, 0},
		{"one sentence", "Red pears grow here. Nothing else.", 1, total, total, 1},
		{"absent", "Blue plums.", 1, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := corpus.Chunk{Text: tt.text, Lang: "en"}
			best, all, phrase := ix.sentenceEvidence(&ch, weights, pairs, RerankOptions{Window: tt.window})
			if abs(best-tt.best) > 1e-9 || abs(all-tt.all) > 1e-9 {
				t.Errorf("best, all = %.3f, %.3f, want %.3f, %.3f", best, all, tt.best, tt.all)
			}
			if got := phrase / pairs.total; abs(got-tt.phraseShare) > 1e-9 {
				t.Errorf("phrase share = %.3f, want %.3f", got, tt.phraseShare)
			}
		})
	}
}

func TestSearchUndatedCorpusKeepsDatesInQuestion(t *testing.T) {
	res := &corpus.Result{Articles: []corpus.Article{
		rerankArticle("luther", "Martin Luther", "On 17 July 1505 Luther entered the Augustinian cloister at Erfurt."),
		rerankArticle("other", "Weather", "It rained in Erfurt today."),
	}}
	ix, _ := build(t, t.TempDir(), res, NewLocalEmbedder())
	rs, err := ix.Search(context.Background(), Query{Text: "Where did Luther go on 17 July 1505?"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) == 0 || rs[0].Chunk.DocID != "luther" {
		t.Errorf("got %d results, want the Luther article first: a date in a question over an undated corpus is no filter", len(rs))
	}
}
