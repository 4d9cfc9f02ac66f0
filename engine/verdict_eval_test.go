package engine

import (
	"context"
	"path/filepath"
	"testing"

	"verbatim/retrieval"
)

// verdictCheck is one figure of a run: the aim (issue 23) and the
// bound CI asserts. Where the aim is reached the bound is the aim; where
// it is not, the bound keeps the figure the shipped model reached on the
// reported part (docs/verdict.md), so that it cannot slip back unseen,
// and the aim is logged beside it.
type verdictCheck struct {
	what       string
	got        func(m AnswerMetrics) float64
	aim, bound float64
	atLeast    bool
}

var (
	answeredRate  = func(m AnswerMetrics) float64 { return m.AnsweredRate() }
	goldFirst     = func(m AnswerMetrics) float64 { return m.GoldFirstAnsweredRate() }
	goldAny       = func(m AnswerMetrics) float64 { return m.GoldRate }
	offArticle    = func(m AnswerMetrics) float64 { return m.OffArticleRate() }
	unansAnswered = func(m AnswerMetrics) float64 { return m.UnanswerableAnsweredRate() }
	falseAnswered = func(m AnswerMetrics) float64 { return share(m.Answered, m.Questions) }
)

// verdictChecks are the figures TestVerdictEval asserts, by run.
var verdictChecks = map[string][]verdictCheck{
	"fr": {
		{"answerable answered", answeredRate, 0.90, 0.90, true},
		{"gold in the first quote among answered", goldFirst, 0.68, 0.62, true},
		{"gold in a quote", goldAny, 0.75, 0.73, true},
		{"quotes off the gold article among answered", offArticle, 0.05, 0.13, false},
	},
	"en-unans": {
		{"answerable answered", answeredRate, 0.95, 0.95, true},
		{"unanswerable answered", unansAnswered, 0.60, 0.98, false},
		{"gold in the first quote among answered", goldFirst, 0.78, 0.70, true},
		{"gold in a quote", goldAny, 0.86, 0.84, true},
		{"quotes off the gold article among answered", offArticle, 0.05, 0.06, false},
	},
	"fr@wikinews": {{"answered on an unrelated corpus", falseAnswered, 0.10, 0.20, false}},
	"en@wikinews": {{"answered on an unrelated corpus", falseAnswered, 0.05, 0.10, false}},
	"fr@seed":     {{"answered on an unrelated corpus", falseAnswered, 0.01, 0.01, false}},
	"en@seed":     {{"answered on an unrelated corpus", falseAnswered, 0.01, 0.01, false}},
	// Across languages (VerdictModel.CrossLanguageAnswerBar): no aim of
	// issue 23's, the French one is taken.
	"xq-ru@wikinews": {{"answered on an unrelated corpus", falseAnswered, 0.10, 0.11, false}},
	"news-xl@xq-ru":  {{"answered on an unrelated corpus", falseAnswered, 0.10, 0.17, false}},
}

// TestVerdictEval measures the verdicts on their own corpora (dev/fr,
// dev/en-unans) and on unrelated ones (Wikinews, the seed), each figure on
// the part the model was not fitted on (articles at odd positions), the
// whole set beside it, and asserts verdictChecks on the reported part.
func TestVerdictEval(t *testing.T) {
	shared := sharedDir(t)
	t.Parallel()
	for _, run := range verdictRuns {
		checks, ok := verdictChecks[run.name]
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
				t.Logf("%s, %s: %d questions; answered %.3f of answerable, unanswerable answered %.3f, all answered %.3f; verdicts %d answered, %d related, %d not found; gold first among answered %.3f, gold in a quote %.3f, quotes off the gold article %.3f; %d quotes of %.1f words; inexact %d",
					run.name, p.name, p.m.Questions, p.m.AnsweredRate(), p.m.UnanswerableAnsweredRate(), falseAnswered(p.m), p.m.Answered, p.m.Related, p.m.NotFound,
					p.m.GoldFirstAnsweredRate(), p.m.GoldRate, p.m.OffArticleRate(), p.m.Quotes, p.m.QuoteWords, p.m.Inexact)
			}
			if rep.Inexact != 0 || rep.TooMany != 0 {
				t.Errorf("inexact quotes %d, too many %d; want 0", rep.Inexact, rep.TooMany)
			}
			if !run.own && *evalDictFlag != "" {
				return // the bounds on unrelated corpora hold without dictionaries
			}
			for _, c := range checks {
				got := c.got(rep)
				reached := got >= c.aim
				if !c.atLeast {
					reached = got <= c.aim
				}
				t.Logf("%s: %s %.3f (whole set %.3f), issue's aim %.2f reached: %v", run.name, c.what, got, c.got(whole), c.aim, reached)
				if c.atLeast && got < c.bound || !c.atLeast && got > c.bound {
					t.Errorf("%s: %.3f, bound %.2f", c.what, got, c.bound)
				}
			}
		})
	}
}
