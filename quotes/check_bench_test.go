package quotes

import (
	"context"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"verbatim/retrieval"
	"verbatim/retrieval/retrievaltest"
)

// benchCheckDims is the vector size of the check benchmark: the local
// embedder's, the default setting.
const benchCheckDims = 768

var (
	benchCheckOnce  sync.Once
	benchCheckIndex *retrieval.Index
	benchCheckTexts []string
	benchCheckErr   error
)

// checkBenchIndex assembles (once per process) an index of 100,000
// synthetic chunks (retrievaltest.Synthetic) and the texts checked on it:
// in turn a 25-word passage of a chunk (exact), the same with a word
// replaced (altered), and 25 words of the vocabulary (not found).
func checkBenchIndex(b *testing.B) (*retrieval.Index, []string) {
	b.Helper()
	benchCheckOnce.Do(func() {
		c := retrievaltest.Synthetic(100_000, benchCheckDims)
		e := retrieval.Embedder{Name: "bench", Model: "random", Dimensions: benchCheckDims,
			Embed: func(ctx context.Context, texts []string) ([][]float32, error) {
				out := make([][]float32, len(texts))
				for i, t := range texts {
					out[i] = retrievaltest.UnitVector(t, benchCheckDims)
				}
				return out, nil
			}}
		benchCheckIndex, benchCheckErr = retrieval.Assemble(context.Background(), retrieval.Parts{
			Embedder: e, BuiltAt: time.Now(), Articles: c.Articles, Chunks: c.Chunks, Vectors: c.Vectors,
		})
		rng := rand.New(rand.NewPCG(25, 25))
		for i := range 60 {
			ch := c.Chunks[rng.IntN(len(c.Chunks))]
			words := strings.Fields(ch.Text)
			from := rng.IntN(len(words) - 25)
			passage := words[from : from+25]
			switch i % 3 {
			case 1:
				passage = append([]string(nil), passage...)
				passage[12] = c.Vocabulary[rng.IntN(len(c.Vocabulary))]
			case 2:
				passage = make([]string, 25)
				for k := range passage {
					passage[k] = c.Vocabulary[rng.IntN(len(c.Vocabulary))]
				}
			}
			benchCheckTexts = append(benchCheckTexts, strings.Join(passage, " "))
		}
	})
	if benchCheckErr != nil {
		b.Fatal(benchCheckErr)
	}
	return benchCheckIndex, benchCheckTexts
}

// BenchmarkCheck measures Check on a 100,000-chunk index against its
// baseline in the same run, the search Check starts with:
//
//	go test ./quotes -run '^$' -bench BenchmarkCheck -benchtime 200x
func BenchmarkCheck(b *testing.B) {
	ctx := context.Background()
	ix, texts := checkBenchIndex(b)
	// The lexical index and the vector collection are built on first
	// use: not in the timed loops.
	if _, err := Check(ctx, ix, texts[0]); err != nil {
		b.Fatal(err)
	}
	b.Run("search", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := ix.Search(ctx, retrieval.Query{Text: texts[i%len(texts)], K: checkCandidates, MaxPerArticle: 2, AllDates: true}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("check", func(b *testing.B) {
		verdicts := map[string]int{}
		i := 0
		for b.Loop() {
			c, err := Check(ctx, ix, texts[i%len(texts)])
			if err != nil {
				b.Fatal(err)
			}
			verdicts[c.Verdict]++
			i++
		}
		if verdicts[Exact] == 0 || verdicts[Altered] == 0 || verdicts[NotFound] == 0 {
			b.Errorf("verdicts %v: want each of exact, altered and not_found", verdicts)
		}
	})
}
