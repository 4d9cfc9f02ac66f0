package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"verbatim/corpus"
	"verbatim/corpus/corpustest"
	"verbatim/retrieval/lexical"
)

var evalFlag = flag.Bool("eval", false, "run the retrieval quality evaluation on ../shared/eval")

// loadEvalArticles reads an eval corpus.jsonl.
func loadEvalArticles(t *testing.T, path string) []corpus.Article {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpus.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var a corpus.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// bruteHybrid is the retrieval pipeline measured in-process: exact cosine
// over local vectors, the lexical index, Fuse, and a per-article cap.
type bruteHybrid struct {
	chunks  map[string]corpus.Chunk
	ids     []string
	vectors [][]float32
	lex     *lexical.Index
	embed   Embedder
	fuse    FuseOptions
	pool    int
	cap     int
}

func newBruteHybrid(t *testing.T, chunks []corpus.Chunk, e Embedder) *bruteHybrid {
	t.Helper()
	h := &bruteHybrid{chunks: map[string]corpus.Chunk{}, lex: lexical.New(), embed: e, fuse: DefaultFuseOptions(), pool: 50, cap: 3}
	texts := make([]string, len(chunks))
	for i, c := range chunks {
		h.chunks[c.ID] = c
		h.ids = append(h.ids, c.ID)
		texts[i] = c.Title + "\n" + c.Text
		h.lex.Add(lexical.Document{ID: c.ID, Lang: c.Lang, Title: c.Title, Body: c.Text})
	}
	vs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	h.vectors = vs
	return h
}

func (h *bruteHybrid) vectorRanked(ctx context.Context, q string, n int) ([]Ranked, error) {
	qv, err := h.embed.Embed(ctx, []string{q})
	if err != nil {
		return nil, err
	}
	out := make([]Ranked, len(h.ids))
	for i, v := range h.vectors {
		var dot float64
		for j := range v {
			dot += float64(v[j]) * float64(qv[0][j])
		}
		out[i] = Ranked{ID: h.ids[i], Score: dot}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out[:min(n, len(out))], nil
}

func (h *bruteHybrid) lexicalRanked(q string, n int) []Ranked {
	var out []Ranked
	for _, hit := range h.lex.Search(q, n, nil) {
		out = append(out, Ranked{ID: hit.ID, Score: hit.Score})
	}
	return out
}

// capped turns a ranking into chunks, at most h.cap per article.
func (h *bruteHybrid) capped(r []Ranked, k int) []corpus.Chunk {
	per := map[string]int{}
	var out []corpus.Chunk
	for _, x := range r {
		c := h.chunks[x.ID]
		if per[c.DocID] >= h.cap {
			continue
		}
		per[c.DocID]++
		out = append(out, c)
		if len(out) == k {
			break
		}
	}
	return out
}

func (h *bruteHybrid) search(mode string) func(ctx context.Context, q string, k int) ([]corpus.Chunk, error) {
	return func(ctx context.Context, q string, k int) ([]corpus.Chunk, error) {
		switch mode {
		case "bm25":
			return h.capped(h.lexicalRanked(q, h.pool), k), nil
		case "vector":
			v, err := h.vectorRanked(ctx, q, h.pool)
			return h.capped(v, k), err
		}
		v, err := h.vectorRanked(ctx, q, h.pool)
		if err != nil {
			return nil, err
		}
		return h.capped(Fuse(v, h.lexicalRanked(q, h.pool), h.fuse), k), nil
	}
}

// evalSet is one loaded evaluation set.
type evalSet struct {
	articles []corpus.Article
	queries  []EvalQuery
}

// loadEvalSet loads dev/<name> through corpus.LoadPath, as the program
// loads a corpus.
func loadEvalSet(t *testing.T, root, name string) evalSet {
	t.Helper()
	dir := filepath.Join(root, "dev", name)
	res, err := corpus.LoadPath(context.Background(), filepath.Join(dir, "corpus.jsonl"), corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) > 0 {
		t.Fatalf("skipped records: %v", res.Skipped)
	}
	queries, err := LoadEvalQueries(filepath.Join(dir, "queries.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	return evalSet{articles: res.Articles, queries: queries}
}

// evalTargets are the Hits@5 the shipped search must reach on each set
// with no dictionary, and by how much its MRR@10 must beat the plain BM25
// baseline's, asserted by TestEval: the figures of the README less a few
// questions.
var evalTargets = map[string]struct{ hits5, mrrGain float64 }{
	"fr": {0.90, 0.05}, "en": {0.92, 0.03},
	"xq-ru": {0.98, 0.05}, "xq-de": {0.97, 0.03}, "xq-es": {0.98, 0.02},
	"xq-en-ru": {0.63, 0.2}, "xq-en-de": {0.77, 0.1}, "xq-en-es": {0.77, 0.1},
	"xq-ru-en": {0.51, 0.15}, "xq-de-en": {0.69, 0.05}, "xq-es-en": {0.75, 0.1},
}

// TestEval measures retrieval with the shipped search (Build in a
// temporary directory, the local embedder, default chunking, Index.Search
// with its per-article cap, no dictionary) on dev/fr, dev/en and the XQuAD
// sets, next to the same search without the cap, its two halves alone over
// the same chunks (dev/fr and dev/en) and the README's plain BM25 baseline
// computed in the same run. Run with:
// go test ./retrieval -run TestEval -eval -v
func TestEval(t *testing.T) {
	if !*evalFlag {
		t.Skip("quality evaluation: run with -eval")
	}
	root := corpustest.RequireShared(t, "eval")
	ctx := context.Background()
	for _, set := range []string{"fr", "en", "xq-ru", "xq-de", "xq-es", "xq-en-ru", "xq-en-de", "xq-en-es", "xq-ru-en", "xq-de-en", "xq-es-en"} {
		t.Run(set, func(t *testing.T) {
			t.Parallel() // each set on its own, two at a time on two cores
			es := loadEvalSet(t, root, set)
			ix, _, err := Build(ctx, t.TempDir(), &corpus.Result{Articles: es.articles}, NewLocalEmbedder(), BuildOptions{})
			if err != nil {
				t.Fatal(err)
			}
			runs := []struct {
				name   string
				search func(ctx context.Context, q string, k int) ([]corpus.Chunk, error)
			}{
				// The shipped search, as the answers use it.
				{"shipped", ix.EvalSearch(0)},
				{"no-cap", ix.EvalSearch(-1)},
				{"baseline", BaselineSearch(es.articles)},
			}
			if set == "fr" || set == "en" {
				var chunks []corpus.Chunk
				for _, a := range es.articles {
					chunks = append(chunks, corpus.Split(a, corpus.DefaultChunkOptions)...)
				}
				h := newBruteHybrid(t, chunks, NewLocalEmbedder())
				h.cap = 1000
				// Rank fusion (Fuse) of the two halves over the same chunks,
				// without Index.Search's re-ranking and collapsing.
				runs = append(runs, []struct {
					name   string
					search func(ctx context.Context, q string, k int) ([]corpus.Chunk, error)
				}{{"rrf", h.search("hybrid")}, {"bm25", h.search("bm25")}, {"vector", h.search("vector")}}...)
			}
			results := map[string]Metrics{}
			for _, run := range runs {
				m, err := Evaluate(ctx, es.queries, run.search)
				if err != nil {
					t.Fatal(err)
				}
				results[run.name] = m
				t.Logf("%-9s %s", run.name, m)
			}
			hy, base := results["shipped"], results["baseline"]
			t.Logf("shipped - baseline: MRR@10 %+.3f, Hits@5 %+.3f", hy.MRR10-base.MRR10, hy.Hits5-base.Hits5)
			want := evalTargets[set]
			if d := hy.MRR10 - base.MRR10; d < want.mrrGain {
				t.Errorf("shipped MRR@10 %.3f beats the baseline %.3f by %.3f, want >= %.2f", hy.MRR10, base.MRR10, d, want.mrrGain)
			}
			if hy.Hits5 < want.hits5 {
				t.Errorf("shipped Hits@5 = %.3f, want >= %.2f", hy.Hits5, want.hits5)
			}
		})
	}
}

var sweepFlag = flag.String("eval.sweep", "", "with -eval: print parameter sweeps (vector, fusion, bm25)")

// embedderWith is the local embedder with other parameters.
func embedderWith(p localParams) Embedder {
	return Embedder{Name: "local", Model: "sweep", Dimensions: p.dims, Embed: func(_ context.Context, texts []string) ([][]float32, error) {
		out := make([][]float32, len(texts))
		for i, t := range texts {
			out[i] = localVector(t, p)
		}
		return out, nil
	}}
}

// scoreFuse is min-max normalised score fusion, measured against Fuse.
func scoreFuse(vector, lexical []Ranked, wv float64) []Ranked {
	norm := func(list []Ranked) map[string]float64 {
		m := map[string]float64{}
		if len(list) == 0 {
			return m
		}
		hi, lo := list[0].Score, list[len(list)-1].Score
		for _, r := range list {
			if hi > lo {
				m[r.ID] = (r.Score - lo) / (hi - lo)
			} else {
				m[r.ID] = 1
			}
		}
		return m
	}
	nv, nl := norm(vector), norm(lexical)
	var out []Ranked
	seen := map[string]bool{}
	for _, list := range [][]Ranked{lexical, vector} {
		for _, r := range list {
			if !seen[r.ID] {
				seen[r.ID] = true
				out = append(out, Ranked{ID: r.ID, Score: nl[r.ID] + wv*nv[r.ID]})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// TestEvalSweep prints how the figures move with the pipeline's parameters,
// the measurements behind the defaults. Run with: go test ./retrieval -run
// TestEvalSweep -eval -eval.sweep=vector,fusion,bm25 -v
func TestEvalSweep(t *testing.T) {
	if !*evalFlag || *sweepFlag == "" {
		t.Skip("parameter sweep: run with -eval -eval.sweep=vector,fusion,bm25")
	}
	root := corpustest.RequireShared(t, "eval")
	ctx := context.Background()
	for _, set := range []string{"fr", "en"} {
		if !strings.ContainsAny(*sweepFlag, "vfpdb") {
			break
		}
		dir := filepath.Join(root, "dev", set)
		articles := loadEvalArticles(t, filepath.Join(dir, "corpus.jsonl"))
		queries, err := LoadEvalQueries(filepath.Join(dir, "queries.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		var chunks []corpus.Chunk
		for _, a := range articles {
			chunks = append(chunks, sentenceWindows(a, baselineWindowWords)...)
		}
		report := func(h *bruteHybrid, name string, search func(ctx context.Context, q string, k int) ([]corpus.Chunk, error)) {
			m, err := Evaluate(ctx, queries, search)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s %-36s %s", set, name, m)
		}
		if strings.Contains(*sweepFlag, "vector") {
			for _, p := range []localParams{
				localDefaults,
				{dims: 512, word: 1, bigram: 0, char: 0, minGram: 3, maxGram: 5},
				{dims: 512, word: 0, bigram: 0, char: 1, minGram: 3, maxGram: 5},
				{dims: 512, word: 1, bigram: 0.3, char: 0.8, minGram: 3, maxGram: 5, lengthWeight: true},
				{dims: 512, word: 1, bigram: 0.6, char: 0.8, minGram: 3, maxGram: 5},
				{dims: 512, word: 1, bigram: 0.3, char: 0.4, minGram: 3, maxGram: 5},
				{dims: 512, word: 1, bigram: 0.3, char: 1.2, minGram: 3, maxGram: 5},
				{dims: 512, word: 1, bigram: 0.3, char: 0.8, minGram: 4, maxGram: 5},
				{dims: 384, word: 1, bigram: 0.3, char: 0.8, minGram: 3, maxGram: 5},
				{dims: 768, word: 1, bigram: 0.3, char: 0.8, minGram: 3, maxGram: 5},
				{dims: 2048, word: 1, bigram: 0.3, char: 0.8, minGram: 3, maxGram: 5},
			} {
				h := newBruteHybrid(t, chunks, embedderWith(p))
				h.cap = 1000
				report(h, fmt.Sprintf("vector %+v", p), h.search("vector"))
			}
		}
		h := newBruteHybrid(t, chunks, NewLocalEmbedder())
		h.cap = 1000
		if strings.Contains(*sweepFlag, "fusion") {
			for _, k := range []float64{5, 20, 60} {
				for _, w := range []float64{0.1, 0.2, 0.4} {
					h.fuse = FuseOptions{K: k, VectorWeight: w, LexicalWeight: 1}
					report(h, fmt.Sprintf("rrf k=%.0f wv=%.2f", k, w), h.search("hybrid"))
				}
			}
			for _, w := range []float64{0.1, 0.2, 0.3, 0.5, 0.8} {
				report(h, fmt.Sprintf("score wv=%.2f", w), func(ctx context.Context, q string, k int) ([]corpus.Chunk, error) {
					v, err := h.vectorRanked(ctx, q, h.pool)
					if err != nil {
						return nil, err
					}
					return h.capped(scoreFuse(v, h.lexicalRanked(q, h.pool), w), k), nil
				})
			}
		}
		if strings.Contains(*sweepFlag, "dims") {
			for _, d := range []int{1024, 2048} {
				p := localDefaults
				p.dims = d
				h := newBruteHybrid(t, chunks, embedderWith(p))
				h.cap = 1000
				for _, w := range []float64{0.2, 0.4} {
					h.fuse = FuseOptions{K: 5, VectorWeight: w, LexicalWeight: 1}
					report(h, fmt.Sprintf("dims=%d rrf k=5 wv=%.2f", d, w), h.search("hybrid"))
				}
				for _, w := range []float64{0.2, 0.4} {
					report(h, fmt.Sprintf("dims=%d score wv=%.2f", d, w), func(ctx context.Context, q string, k int) ([]corpus.Chunk, error) {
						v, err := h.vectorRanked(ctx, q, h.pool)
						if err != nil {
							return nil, err
						}
						return h.capped(scoreFuse(v, h.lexicalRanked(q, h.pool), w), k), nil
					})
				}
			}
		}
		if strings.Contains(*sweepFlag, "pairs") {
			for _, pw := range []int{1} {
				_ = pw
				h.lex = lexical.NewWithOptions(lexical.Options{Analyzer: func(lang, text string) []string {
					ts := lexical.Analyze(lang, text)
					n := len(ts)
					for i := 1; i < n; i++ {
						ts = append(ts, ts[i-1]+"\x00"+ts[i])
					}
					return ts
				}})
				for _, c := range chunks {
					h.lex.Add(lexical.Document{ID: c.ID, Lang: c.Lang, Title: c.Title, Body: c.Text})
				}
				report(h, "bm25 with pairs", h.search("bm25"))
				h.fuse = FuseOptions{K: 5, VectorWeight: 0.2, LexicalWeight: 1}
				report(h, "hybrid pairs rrf k=5 wv=0.2", h.search("hybrid"))
			}
		}
		if strings.Contains(*sweepFlag, "bm25") {
			for _, o := range []lexical.Options{
				{K1: 0.9, B: 0.4, TitleWeight: 1}, {K1: 1.2, B: 0.75, TitleWeight: -1}, {K1: 1.2, B: 0.75, TitleWeight: 2},
				{K1: 1.2, B: 0.5, TitleWeight: 1}, {K1: 0.9, B: 0.6, TitleWeight: 1}, {K1: 1.2, B: 0.6, TitleWeight: 1},
			} {
				h.lex = lexical.NewWithOptions(o)
				for _, c := range chunks {
					h.lex.Add(lexical.Document{ID: c.ID, Lang: c.Lang, Title: c.Title, Body: c.Text})
				}
				report(h, fmt.Sprintf("bm25 k1=%.1f b=%.2f tw=%.0f", o.K1, o.B, o.TitleWeight), h.search("bm25"))
			}
		}
	}
}
