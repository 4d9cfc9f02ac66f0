package bot

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"verbatim/retrieval"
)

var tuneK int

func TestDbgTune(t *testing.T) {
	shared := sharedDir(t)
	type set struct {
		ix *retrieval.Index
		qs []retrieval.EvalQuery
	}
	var sets []set
	for _, l := range []string{"fr", "en"} {
		dir := filepath.Join(shared, "eval", "dev", l)
		ix, _ := buildIndex(t, filepath.Join(dir, "corpus.jsonl"))
		qs, _ := retrieval.LoadEvalQueries(filepath.Join(dir, "queries.jsonl"))
		if l == "fr" {
			qs = sample(qs, 1200)
		}
		sets = append(sets, set{ix, qs})
	}
	run := func(label string) {
		var out []float64
		for _, s := range sets {
			m, _ := EvaluateAnswers(context.Background(), NewCore(s.ix, Config{MinRelevance: -1, K: tuneK}), s.qs)
			out = append(out, m.GoldRate, float64(m.Quotes)/float64(m.Questions))
		}
		fmt.Printf("%-40s fr %.3f (%.2f q) en %.3f (%.2f q)\n", label, out[0], out[1], out[2], out[3])
	}
	vary := func(name string, p *float64, vals ...float64) {
		o := *p
		for _, v := range vals {
			*p = v
			run(fmt.Sprintf("%s=%.2f", name, v))
		}
		*p = o
	}
	run("base")
	vary("neighborWeight", &neighborWeight, 0.1, 0.2)
	vary("rankWeight", &rankWeight, 0.5)
	vary("followRatio", &followRatio, 0)
	for _, k := range []int{5, 12} {
		tuneK = k
		run(fmt.Sprintf("K=%d", k))
	}
	tuneK = 0
}
