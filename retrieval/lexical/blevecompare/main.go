// Command blevecompare compares verbatim's own BM25 (retrieval/lexical) with
// bleve v2 on the dev eval sets, in one run: quality, index time, latency.
// It is a module of its own so that bleve never enters verbatim's build:
//
//	cd retrieval/lexical/blevecompare && go run .
//
// bleve's NewMemOnly index silently scores with TF-IDF even when the
// mapping asks for BM25 (its upsidedown engine has no BM25 reader), so the
// comparison also runs the scorch engine in memory, which does use BM25.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/upsidedown"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"verbatim/corpus"
	"verbatim/retrieval"
	"verbatim/retrieval/lexical"
)

var (
	evalDir = flag.String("eval", "../../../../shared/eval/dev", "eval directory with fr/ and en/ (default: ../shared next to the repository)")
	reps    = flag.Int("reps", 3, "timed passes over all questions (best mean kept)")
)

type searchFn func(ctx context.Context, q string, k int) ([]corpus.Chunk, error)

type result struct {
	name    string
	m       retrieval.Metrics
	index   time.Duration
	latency time.Duration // mean per query, top 10, best of reps
	first   time.Duration // mean per query during the first (evaluation) pass
}

func main() {
	flag.Parse()
	ctx := context.Background()
	fmt.Printf("go %s GOMAXPROCS=%d bleve v2 (BM25_k1=%.2f BM25_b=%.2f default)\n",
		runtime.Version(), runtime.GOMAXPROCS(0), search.BM25_k1, search.BM25_b)
	for _, lang := range []string{"fr", "en"} {
		if err := run(ctx, lang); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

func run(ctx context.Context, lang string) error {
	res, err := corpus.LoadPath(ctx, *evalDir+"/"+lang+"/corpus.jsonl", corpus.LoadOptions{})
	if err != nil {
		return err
	}
	var chunks []corpus.Chunk
	for _, a := range res.Articles {
		chunks = append(chunks, corpus.Split(a, corpus.DefaultChunkOptions)...)
	}
	byID := make(map[string]corpus.Chunk, len(chunks))
	for _, c := range chunks {
		byID[c.ID] = c
	}
	queries, err := retrieval.LoadEvalQueries(*evalDir + "/" + lang + "/queries.jsonl")
	if err != nil {
		return err
	}
	fmt.Printf("\n== dev/%s: %d articles, %d chunks, %d questions\n", lang, len(res.Articles), len(chunks), len(queries))

	var results []result

	// (a) ours
	{
		t0 := time.Now()
		ix := lexical.New()
		for _, c := range chunks {
			ix.Add(lexical.Document{ID: c.ID, Lang: c.Lang, Title: c.Title, Body: c.Text})
		}
		idx := time.Since(t0)
		fn := func(_ context.Context, q string, k int) ([]corpus.Chunk, error) {
			hits := ix.Search(q, k, nil)
			out := make([]corpus.Chunk, len(hits))
			for i, h := range hits {
				out[i] = byID[h.ID]
			}
			return out, nil
		}
		r, err := measure(ctx, "ours (lexical, k1=0.9 b=0.5)", queries, fn)
		if err != nil {
			return err
		}
		r.index = idx
		results = append(results, r)
	}

	// (b) bleve: NewMemOnly (upsidedown+gtreap) and scorch in memory, both
	// with ScoringModel "bm25".
	type variant struct {
		name  string
		open  func(mapping.IndexMapping) (bleve.Index, error)
		k1, b float64
	}
	variants := []variant{
		{"bleve NewMemOnly (upsidedown) bm25", bleve.NewMemOnly, 1.2, 0.75},
		{"bleve scorch mem bm25 k1=1.2 b=0.75", func(m mapping.IndexMapping) (bleve.Index, error) {
			return bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		}, 1.2, 0.75},
		{"bleve scorch mem bm25 k1=0.9 b=0.5", func(m mapping.IndexMapping) (bleve.Index, error) {
			return bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		}, 0.9, 0.5},
	}
	_ = upsidedown.Name
	for _, v := range variants {
		search.BM25_k1, search.BM25_b = v.k1, v.b
		im := bleve.NewIndexMapping()
		im.ScoringModel = "bm25"
		im.TypeField = "lang"
		for _, l := range []string{"fr", "en"} {
			dm := bleve.NewDocumentMapping()
			fm := bleve.NewTextFieldMapping()
			fm.Analyzer = l
			fm.Store = false
			fm.IncludeTermVectors = false
			fm.IncludeInAll = false
			dm.AddFieldMappingsAt("text", fm)
			idm := bleve.NewKeywordFieldMapping()
			idm.Index = false
			idm.IncludeInAll = false
			dm.AddFieldMappingsAt("lang", idm)
			im.AddDocumentMapping(l, dm)
		}
		im.DefaultAnalyzer = lang

		t0 := time.Now()
		bix, err := v.open(im)
		if err != nil {
			return err
		}
		batch := bix.NewBatch()
		for _, c := range chunks {
			// title + body in one field, like ours with TitleWeight 1
			doc := map[string]any{"lang": c.Lang, "text": c.Title + "\n" + c.Text}
			if err := batch.Index(c.ID, doc); err != nil {
				return err
			}
		}
		if err := bix.Batch(batch); err != nil {
			return err
		}
		idx := time.Since(t0)

		fn := func(ctx context.Context, q string, k int) ([]corpus.Chunk, error) {
			mq := query.NewMatchQuery(q)
			mq.SetField("text")
			mq.Analyzer = lang
			req := bleve.NewSearchRequestOptions(mq, k, 0, false)
			sr, err := bix.SearchInContext(ctx, req)
			if err != nil {
				return nil, err
			}
			out := make([]corpus.Chunk, len(sr.Hits))
			for i, h := range sr.Hits {
				out[i] = byID[h.ID]
			}
			return out, nil
		}
		// which scoring model is really used?
		{
			req := bleve.NewSearchRequestOptions(func() query.Query {
				mq := query.NewMatchQuery(queries[0].Question)
				mq.SetField("text")
				mq.Analyzer = lang
				return mq
			}(), 1, 0, true)
			sr, err := bix.Search(req)
			if err == nil && len(sr.Hits) > 0 && sr.Hits[0].Expl != nil {
				if os.Getenv("EXPL") != "" {
					fmt.Fprintf(os.Stderr, "[%s] %s\n", v.name, fmt.Sprint(sr.Hits[0].Expl))
				}
				model := "tf-idf"
				if strings.Contains(fmt.Sprint(sr.Hits[0].Expl), "bm25") || strings.Contains(fmt.Sprint(sr.Hits[0].Expl), "fieldNorm(field=text), b=") {
					model = "bm25"
				}
				v.name += " [scored as " + model + "]"
			}
		}
		r, err := measure(ctx, v.name, queries, fn)
		if err != nil {
			return err
		}
		r.index = idx
		results = append(results, r)
		bix.Close()
	}
	search.BM25_k1, search.BM25_b = 1.2, 0.75

	fmt.Printf("%-58s %6s %6s %6s %6s %10s %10s %8s %10s %8s\n", "system", "H@1", "H@5", "H@10", "MRR10", "index", "query", "q ratio", "1st pass", "ratio")
	base := results[0].latency
	for _, r := range results {
		fmt.Printf("%-58s %6.3f %6.3f %6.3f %6.3f %10s %10s %7.1fx %10s %7.1fx\n", r.name, r.m.Hits1, r.m.Hits5, r.m.Hits10, r.m.MRR10,
			r.index.Round(time.Microsecond), r.latency.Round(100*time.Nanosecond), float64(r.latency)/float64(base),
			r.first.Round(100*time.Nanosecond), float64(r.first)/float64(results[0].first))
	}
	for _, r := range results[1:] {
		fmt.Printf("  index-time ratio %s / ours = %.1fx\n", r.name, float64(r.index)/float64(results[0].index))
	}
	return nil
}

// measure evaluates fn once, then times reps passes over all questions
// (top 10, sequential) and keeps the best mean latency.
func measure(ctx context.Context, name string, qs []retrieval.EvalQuery, fn searchFn) (result, error) {
	var first time.Duration
	m, err := retrieval.Evaluate(ctx, qs, func(ctx context.Context, q string, k int) ([]corpus.Chunk, error) {
		t0 := time.Now()
		out, err := fn(ctx, q, k)
		first += time.Since(t0)
		return out, err
	})
	if err != nil {
		return result{}, err
	}
	best := time.Duration(1<<63 - 1)
	for rep := 0; rep < *reps; rep++ {
		t0 := time.Now()
		for _, q := range qs {
			if _, err := fn(ctx, q.Question, 10); err != nil {
				return result{}, err
			}
		}
		if d := time.Since(t0) / time.Duration(len(qs)); d < best {
			best = d
		}
	}
	return result{name: name, m: m, latency: best, first: first / time.Duration(len(qs))}, nil
}
