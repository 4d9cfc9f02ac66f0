package pgstore

import (
	"context"
	"flag"
	"math"
	"path/filepath"
	"sync"
	"testing"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/corpus/corpustest"
	"verbatim/retrieval"
)

var evalFlag = flag.Bool("eval", false, "compare the evaluations on ../shared/eval with the embedded store")

// TestEvalSameAsEmbedded runs the retrieval and answer evaluations of
// dev/fr and dev/en on the embedded store and on PostgreSQL, in the same
// run: every figure must agree within 0.005.
func TestEvalSameAsEmbedded(t *testing.T) {
	if !*evalFlag {
		t.Skip("quality evaluation: run with -eval")
	}
	root := corpustest.RequireShared(t, "eval")
	s, _ := testStore(t)
	ctx := context.Background()
	for _, set := range []string{"fr", "en"} {
		t.Run(set, func(t *testing.T) {
			dir := filepath.Join(root, "dev", set)
			res, err := corpus.LoadPath(ctx, filepath.Join(dir, "corpus.jsonl"), corpus.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			queries, err := retrieval.LoadEvalQueries(filepath.Join(dir, "queries.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			emb := retrieval.NewLocalEmbedder()
			embedded, _, err := retrieval.Build(ctx, t.TempDir(), res, emb, retrieval.BuildOptions{})
			if err != nil {
				t.Fatal(err)
			}
			pg, _, err := s.Build(ctx, res, emb, BuildOptions{})
			if err != nil {
				t.Fatal(err)
			}
			// The two stores are evaluated at the same time, one on each
			// core: the evaluations are single-threaded.
			type evaluation struct {
				m   retrieval.Metrics
				am  bot.AnswerMetrics
				err error
			}
			var evals [2]evaluation
			var wg sync.WaitGroup
			for i, ix := range []*retrieval.Index{embedded, pg} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					e := &evals[i]
					if e.m, e.err = retrieval.Evaluate(ctx, queries, ix.EvalSearch(-1)); e.err != nil {
						return
					}
					e.am, e.err = bot.EvaluateAnswers(ctx, bot.NewCore(ix, bot.Config{}), queries)
				}()
			}
			wg.Wait()
			figures := map[string][2]float64{}
			for i, e := range evals {
				if e.err != nil {
					t.Fatal(e.err)
				}
				m, am := e.m, e.am
				for name, v := range map[string]float64{
					"MRR@10": m.MRR10, "Hits@1": m.Hits1, "Hits@5": m.Hits5,
					"found": am.FoundRate, "gold quoted": am.GoldRate,
				} {
					f := figures[name]
					f[i] = v
					figures[name] = f
				}
			}
			for name, f := range figures {
				t.Logf("%-11s embedded %.3f  postgres %.3f", name, f[0], f[1])
				if math.Abs(f[0]-f[1]) > 0.005 {
					t.Errorf("%s: embedded %.3f, postgres %.3f; want within 0.005", name, f[0], f[1])
				}
			}
		})
	}
}
