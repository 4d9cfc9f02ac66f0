package engine

import (
	"context"
	"path/filepath"
	"testing"

	"verbatim/corpus"
	"verbatim/corpus/corpustest"
	"verbatim/retrieval"
)

// passagesOnly is a corpus's statistics without its articles: the
// relevance is then judged on the passages alone (see judgedTexts).
type passagesOnly struct{ corpusStats }

func (passagesOnly) Article(string) (corpus.Article, bool) { return corpus.Article{}, false }

// BenchmarkAnswerOffline measures offline answers to the first 100
// questions of dev/fr over the dev/fr corpus (../shared/eval; skipped
// when absent), each op the 100 questions (ms/question is op time over
// 100): "ask" is the whole answer as
// Core.Ask gives it (retrieval, extraction, relevance, verification);
// "extract" the extraction and relevance alone, on passages retrieved
// beforehand, with the relevance judged on the passages' articles as
// shipped ("article") or on the passages alone ("passage"), the cost of
// reading the articles. Run with:
// go test ./engine -run '^$' -bench BenchmarkAnswerOffline -benchmem
func BenchmarkAnswerOffline(b *testing.B) {
	ctx := context.Background()
	ix, queries := benchSet(b, "fr")
	core := NewCore(ix, Config{})
	perQuestion := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(queries)), "ms/question")
	}
	b.Run("ask", func(b *testing.B) {
		for b.Loop() {
			for _, q := range queries {
				if _, err := core.Ask(ctx, Question{Text: q.Question}); err != nil {
					b.Fatal(err)
				}
			}
		}
		perQuestion(b)
	})
	asked := retrieveAll(ctx, b, core, ix, queries)
	for _, run := range []struct {
		name  string
		stats corpusStats
	}{{"extract/article", ix}, {"extract/passage", passagesOnly{ix}}} {
		b.Run(run.name, func(b *testing.B) {
			for b.Loop() {
				for _, a := range asked {
					extractTranslated(a.question, a.found.Translations, nil, nil, a.lang, a.found.Results, run.stats)
				}
			}
			perQuestion(b)
		})
	}
}

// BenchmarkJudgeAcrossLanguages measures the cost of scoring the
// sentences twice across languages (Core.judge: the quotes chosen by
// Core.scoring, their evidence read as fitted, judgment.fitted): the first
// 100 questions of xq-en-es (English) over its Spanish corpus, each op the
// 100 questions, "judge" against "extract", one extraction alone, on the
// same passages retrieved beforehand. Run with:
// go test ./engine -run '^$' -bench BenchmarkJudgeAcrossLanguages -benchmem
func BenchmarkJudgeAcrossLanguages(b *testing.B) {
	ctx := context.Background()
	ix, queries := benchSet(b, "xq-en-es")
	core := NewCore(ix, Config{})
	asked := retrieveAll(ctx, b, core, ix, queries)
	b.Run("extract", func(b *testing.B) {
		for b.Loop() {
			for _, a := range asked {
				extractWith(core.scoring(a.lang, a.found.Results), a.question, a.found.Translations, nil, nil, a.lang, a.found.Results, ix)
			}
		}
	})
	b.Run("judge", func(b *testing.B) {
		for b.Loop() {
			for _, a := range asked {
				core.judge(ix, a.question, a.found, nil, nil, a.lang)
			}
		}
	})
}

// benchSet indexes the eval set name of ../shared/eval/dev with the local
// embedder and returns the index and the set's first 100 questions.
func benchSet(b *testing.B, name string) (*retrieval.Index, []retrieval.EvalQuery) {
	b.Helper()
	dir := filepath.Join(corpustest.RequireShared(b, "eval"), "dev", name)
	ctx := context.Background()
	res, err := corpus.LoadPath(ctx, filepath.Join(dir, "corpus.jsonl"), corpus.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ix, _, err := retrieval.Build(ctx, b.TempDir(), res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	if err != nil {
		b.Fatal(err)
	}
	queries, err := retrieval.LoadEvalQueries(filepath.Join(dir, "queries.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	return ix, queries[:min(100, len(queries))]
}

// retrieved is one question of a benchmark with its passages found.
type retrieved struct {
	question, lang string
	found          retrieval.Found
}

// retrieveAll finds the passages of every question beforehand, so that
// a benchmark times what follows retrieval only.
func retrieveAll(ctx context.Context, b *testing.B, core *Core, ix *retrieval.Index, queries []retrieval.EvalQuery) []retrieved {
	b.Helper()
	var asked []retrieved
	for _, q := range queries {
		lang := questionLang(q.Question, nil, corpusLangs(ix))
		f, _, err := core.find(ctx, ix, retrieval.Query{Text: q.Question, Lang: lang, K: core.k, Now: core.now()})
		if err != nil {
			b.Fatal(err)
		}
		asked = append(asked, retrieved{q.Question, lang, f})
	}
	return asked
}
