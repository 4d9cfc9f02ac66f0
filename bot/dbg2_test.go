package bot

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"verbatim/retrieval"
	"verbatim/retrieval/lexical"
)

func measures(question, lang string, results []retrieval.Result) []float64 {
	ex := extract(question, nil, lang, results)
	// (b) chunk coverage, (d) unweighted anywhere, (e) chunk coverage top3 only, (f) sentence cov with min 2 terms
	qt := unique(lexical.Analyze(lang, question))
	n := float64(len(ex.sentences))
	df := map[string]int{}
	for _, s := range ex.sentences {
		for t := range s.terms {
			df[t]++
		}
	}
	idf := func(t string) float64 { return math.Log((n + 1) / (float64(df[t]) + 0.5)) }
	chunkTerms := map[string]map[string]bool{}
	for _, s := range ex.sentences {
		m := chunkTerms[s.res.Chunk.ID]
		if m == nil {
			m = map[string]bool{}
			chunkTerms[s.res.Chunk.ID] = m
		}
		for t := range s.terms {
			m[t] = true
		}
	}
	best := 0.0
	for _, m := range chunkTerms {
		var tot, mat float64
		for _, t := range qt {
			tot += idf(t)
			if m[t] {
				mat += idf(t)
			}
		}
		if tot > 0 && mat/tot > best {
			best = mat / tot
		}
	}
	any := 0
	for _, t := range qt {
		if df[t] > 0 {
			any++
		}
	}
	anyf := 0.0
	if len(qt) > 0 {
		anyf = float64(any) / float64(len(qt))
	}
	// (g) best sentence count-based: matched terms count / total unweighted
	bestc := 0.0
	for _, s := range ex.sentences {
		c := 0
		for _, t := range qt {
			if s.terms[t] {
				c++
			}
		}
		if len(qt) > 0 && float64(c)/float64(len(qt)) > bestc {
			bestc = float64(c) / float64(len(qt))
		}
	}
	return []float64{ex.relevance, best, anyf, bestc}
}

func TestDbgMeasures(t *testing.T) {
	shared := sharedDir(t)
	ctx := context.Background()
	frDir := filepath.Join(shared, "eval", "dev", "fr")
	enDir := filepath.Join(shared, "eval", "dev", "en")
	frIx, _ := buildIndex(t, filepath.Join(frDir, "corpus.jsonl"))
	enIx, _ := buildIndex(t, filepath.Join(enDir, "corpus.jsonl"))
	wnIx, _ := buildIndex(t, filepath.Join(shared, "corpus", "wikinews-fr-2012", "corpus.jsonl"))
	frQ, _ := retrieval.LoadEvalQueries(filepath.Join(frDir, "queries.jsonl"))
	enQ, _ := retrieval.LoadEvalQueries(filepath.Join(enDir, "queries.jsonl"))
	frQ = sample(frQ, 600)
	run := func(name string, ix *retrieval.Index, qs []retrieval.EvalQuery, lang string) [][]float64 {
		var out [][]float64
		for _, q := range qs {
			res, _ := ix.Search(ctx, retrieval.Query{Text: q.Question, K: 8})
			out = append(out, measures(q.Question, lang, res))
		}
		return out
	}
	rel := run("fr", frIx, frQ, "fr")
	un := run("wn", wnIx, frQ, "fr")
	relE := run("en", enIx, enQ, "en")
	unE := run("en-wn", wnIx, enQ, "en")
	for m := 0; m < 4; m++ {
		for _, th := range []float64{0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9} {
			f := func(xs [][]float64) float64 {
				c := 0
				for _, x := range xs {
					if x[m] >= th {
						c++
					}
				}
				return float64(c) / float64(len(xs))
			}
			fmt.Printf("m%d th%.1f related fr %.3f en %.3f | unrelated fr-wn %.3f en-wn %.3f\n", m, th, f(rel), f(relE), f(un), f(unE))
		}
	}
}
