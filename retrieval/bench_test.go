package retrieval

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"verbatim/retrieval/retrievaltest"
)

// benchDims is the vector size of the query benchmarks (OpenAI's
// text-embedding-3-small).
const benchDims = 1536

// benchQueries are the query texts of the benchmarks; their words come
// from the generated vocabulary.
var benchQueries = []string{
	"kolira santemo vibrak", "dunaso meltira", "rapolu ketsami verano tulimo",
	"sorvena", "limkado prenusa fostiral", "quoreta balimu", "nesokal virtamo hestal",
	"tamiro kelvasu",
}

// benchUnitVector is a random unit vector seeded by text.
func benchUnitVector(text string, dims int) []float32 { return retrievaltest.UnitVector(text, dims) }

func randomUnit(rng *rand.Rand, dims int) []float32 { return retrievaltest.RandomUnit(rng, dims) }

// benchEmbedder answers a fixed unit vector per query text, precomputed so
// that the benchmark measures retrieval, not embedding.
func benchEmbedder() Embedder {
	fixed := make(map[string][]float32, len(benchQueries))
	for _, q := range benchQueries {
		fixed[q] = benchUnitVector(q, benchDims)
	}
	return Embedder{Name: "bench", Model: "random", Dimensions: benchDims,
		Embed: func(ctx context.Context, texts []string) ([][]float32, error) {
			out := make([][]float32, len(texts))
			for i, t := range texts {
				v, ok := fixed[t]
				if !ok {
					v = benchUnitVector(t, benchDims)
				}
				out[i] = v
			}
			return out, nil
		}}
}

type benchFixture struct {
	ix     *Index
	heapMB float64
}

var (
	benchMu       sync.Mutex
	benchFixtures = map[int]*benchFixture{}
)

// benchIndex builds (once per size and process) an index of n chunks of
// about 120 Zipf-distributed words, ten per article, with random unit
// vectors (retrievaltest.Synthetic), assembled directly rather than
// through Build and an embedder.
func benchIndex(b *testing.B, n int) *benchFixture {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if f, ok := benchFixtures[n]; ok {
		return f
	}
	c := retrievaltest.Synthetic(n, benchDims)
	articles, chunks, vectors := c.Articles, c.Chunks, c.Vectors
	e := benchEmbedder()
	m := meta{Version: formatVersion, Embedder: e.Name, Model: e.Model, Dimensions: e.Dimensions, VectorDims: benchDims}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	ix, err := newIndex(context.Background(), m, e, articles, chunks, vectors)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	f := &benchFixture{ix: ix, heapMB: float64(after.HeapAlloc) / (1 << 20)}
	benchFixtures[n] = f
	return f
}

// BenchmarkQuery measures a hybrid Search against chromem-go's bare
// QueryEmbedding over the same collection, in the same run.
func BenchmarkQuery(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			f := benchIndex(b, n)
			// Built here, not in the first timed search: chromem-go's
			// collection is made on first use.
			coll, err := f.ix.collection(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.Run("hybrid", func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					rs, err := f.ix.Search(ctx, Query{Text: benchQueries[i%len(benchQueries)]})
					if err != nil || len(rs) == 0 {
						b.Fatalf("Search: %d results, %v", len(rs), err)
					}
					i++
				}
				b.ReportMetric(f.heapMB, "heap-MB")
			})
			b.Run("hybrid-date", func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					rs, err := f.ix.Search(ctx, Query{Text: benchQueries[i%len(benchQueries)] + " en mars 2012"})
					if err != nil || len(rs) == 0 {
						b.Fatalf("Search: %d results, %v", len(rs), err)
					}
					i++
				}
			})
			vecs := make([][]float32, len(benchQueries))
			for i, q := range benchQueries {
				vecs[i] = benchUnitVector(q, benchDims)
			}
			b.Run("chromem", func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					rs, err := coll.QueryEmbedding(ctx, vecs[i%len(vecs)], defaultK, nil, nil)
					if err != nil || len(rs) == 0 {
						b.Fatalf("QueryEmbedding: %d results, %v", len(rs), err)
					}
					i++
				}
				b.ReportMetric(f.heapMB, "heap-MB")
			})
		})
	}
}

// BenchmarkBuild measures a full index build with the local embedder,
// embedding included, and reports chunks per second.
func BenchmarkBuild(b *testing.B) {
	res := testCorpus(300)
	e := NewLocalEmbedder()
	chunks := 0
	start := time.Now()
	for b.Loop() {
		ix, _, err := Build(context.Background(), b.TempDir(), res, e, BuildOptions{})
		if err != nil {
			b.Fatal(err)
		}
		chunks += len(ix.chunks)
	}
	b.ReportMetric(float64(chunks)/time.Since(start).Seconds(), "chunks/s")
}
