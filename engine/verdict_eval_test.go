package engine

import (
	"context"
	"path/filepath"
	"testing"

	"verbatim/retrieval"
)

// verdictAims are the acceptance figures for one run, asserted
// on the questions of the articles at odd positions (the part the
// verdict model was not fitted on); a zero aim is not asserted.
type verdictAims struct {
	answered      float64 // least share of answerable questions answered
	unansAnswered float64 // most share of unanswerable ones answered
	goldFirst     float64 // least gold in the first quote among answered
	goldAny       float64 // least gold in any quote, all verdicts
	offArticle    float64 // most quotes of answered questions from another article than the gold one
	falseAnswered float64 // most share answered (runs on an unrelated corpus)
}

// TestVerdictEval measures the verdicts on their own corpora (dev/fr,
// dev/en-unans) and on unrelated ones (Wikinews, the seed), each figure on
// the part the model was not fitted on, the whole set beside it.
func TestVerdictEval(t *testing.T) {
	shared := sharedDir(t)
	t.Parallel()
	aims := map[string]verdictAims{
		"fr":          {answered: 0.90, goldFirst: 0.68, goldAny: 0.75, offArticle: 0.05},
		"en-unans":    {answered: 0.95, unansAnswered: 0.60, goldFirst: 0.78, goldAny: 0.86, offArticle: 0.05},
		"fr@wikinews": {falseAnswered: 0.10},
		"en@wikinews": {falseAnswered: 0.05},
		"fr@seed":     {falseAnswered: 0.01},
		"en@seed":     {falseAnswered: 0.01},
	}
	for _, run := range verdictRuns {
		want, ok := aims[run.name]
		if !ok {
			continue
		}
		t.Run(run.name, func(t *testing.T) {
			t.Parallel()
			ix, _ := buildIndex(t, filepath.Join(shared, run.corpus))
			queries := loadQueries(t, filepath.Join(shared, "eval", "dev", run.set))
			train := trainingPart(t, shared, run.set)
			rep, whole, err := EvaluateAnswerParts(context.Background(), NewCore(ix, Config{}), queries, func(q retrieval.EvalQuery) bool { return !train(q) })
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []struct {
				name string
				m    AnswerMetrics
			}{{"reported part (odd articles)", rep}, {"whole set", whole}} {
				t.Logf("%s, %s: %d questions; answered %.3f of answerable, unanswerable answered %.3f; verdicts %d answered, %d related, %d not found; gold first among answered %.3f, gold in a quote %.3f, quotes off the gold article %.3f; %d quotes of %.1f words; inexact %d",
					run.name, p.name, p.m.Questions, p.m.AnsweredRate(), p.m.UnanswerableAnsweredRate(), p.m.Answered, p.m.Related, p.m.NotFound,
					p.m.GoldFirstAnsweredRate(), p.m.GoldRate, p.m.OffArticleRate(), p.m.Quotes, p.m.QuoteWords, p.m.Inexact)
			}
			m := rep
			if m.Inexact != 0 || m.TooMany != 0 {
				t.Errorf("inexact quotes %d, too many %d; want 0", m.Inexact, m.TooMany)
			}
			check := func(what string, got, aim float64, atLeast bool) {
				if aim == 0 {
					return
				}
				if atLeast && got < aim || !atLeast && got > aim {
					t.Errorf("%s: %.3f, aim %.2f", what, got, aim)
				}
			}
			if run.own {
				check("answerable answered", m.AnsweredRate(), want.answered, true)
				check("gold in the first quote among answered", m.GoldFirstAnsweredRate(), want.goldFirst, true)
				check("gold in a quote", m.GoldRate, want.goldAny, true)
				check("quotes off the gold article among answered", m.OffArticleRate(), want.offArticle, false)
				check("unanswerable answered", m.UnanswerableAnsweredRate(), want.unansAnswered, false)
			} else if *evalDictFlag == "" {
				check("answered on an unrelated corpus", share(m.Answered, m.Questions), want.falseAnswered, false)
			}
		})
	}
}
