package bot

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"testing"

	"verbatim/retrieval"
)

var tune = flag.String("tune", "", "")

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
			m, _ := EvaluateAnswers(context.Background(), NewCore(s.ix, Config{MinRelevance: -1}), s.qs)
			out = append(out, m.GoldRate, float64(m.Quotes)/float64(m.Questions))
		}
		fmt.Printf("%-40s fr %.3f (%.2f q) en %.3f (%.2f q)\n", label, out[0], out[1], out[2], out[3])
	}
	run("base")
	old := followRatio
	followRatio = 0
	run("followRatio=0")
	for _, rw := range []float64{0, 0.05, 0.2, 0.3} {
		o := rankWeight
		rankWeight = rw
		run(fmt.Sprintf("fr0 rankWeight=%.2f", rw))
		rankWeight = o
	}
	for _, tb := range []float64{0, 0.3} {
		o := typeBonus
		typeBonus = tb
		run(fmt.Sprintf("fr0 typeBonus=%.2f", tb))
		typeBonus = o
	}
	for _, v := range []float64{0, 0.3} {
		o := entityWeight
		entityWeight = v
		run(fmt.Sprintf("fr0 entityWeight=%.2f", v))
		entityWeight = o
	}
	for _, v := range []float64{0.3, 1.01} {
		o := maxTermOverlap
		maxTermOverlap = v
		run(fmt.Sprintf("fr0 maxTermOverlap=%.2f", v))
		maxTermOverlap = o
	}
	followRatio = old
}
