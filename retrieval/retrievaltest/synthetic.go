// Package retrievaltest synthesises the contents of large indexes for
// benchmarks: articles of pronounceable pseudo-words, their chunks and
// random unit vectors, which retrieval.Assemble (or the retrieval
// package's own benchmarks) turn into an index without embedding
// anything. It imports only corpus, so that retrieval's own tests can use
// it.
package retrievaltest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"verbatim/corpus"
)

// Corpus is a synthetic index's contents: articles in build order, their
// chunks grouped by article in that order, one unit vector per chunk.
type Corpus struct {
	Articles []corpus.Article
	Chunks   []corpus.Chunk
	Vectors  [][]float32
	// Vocabulary is the words the articles are made of.
	Vocabulary []string
}

// ChunksPerArticle is the number of chunks of a synthetic article.
const ChunksPerArticle = 10

// Synthetic makes (deterministically) n chunks of 120 Zipf-distributed
// pseudo-words, ChunksPerArticle per article (each chunk a paragraph),
// each with a random unit vector of dims dimensions. Articles are dated,
// one month a year apart.
func Synthetic(n, dims int) Corpus {
	rng := rand.New(rand.NewPCG(42, uint64(n)))
	vocab := Vocabulary(20000, rng)
	zipf := rand.NewZipf(rand.New(rand.NewPCG(7, 7)), 1.1, 2, uint64(len(vocab)-1))
	c := Corpus{Chunks: make([]corpus.Chunk, 0, n), Vectors: make([][]float32, 0, n), Vocabulary: vocab}
	flat := make([]float32, n*dims)
	for len(c.Chunks) < n {
		ai := len(c.Articles)
		a := corpus.Article{
			ID: fmt.Sprintf("a%06d", ai), Title: vocab[zipf.Uint64()] + " " + vocab[zipf.Uint64()], Lang: "en",
			Date: corpus.Date{Time: time.Date(2000+ai%25, time.Month(ai%12+1), 1, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionMonth},
		}
		var text strings.Builder
		var spans [][2]int
		for k := 0; k < ChunksPerArticle && len(c.Chunks)+len(spans) < n; k++ {
			start := text.Len()
			for w := 0; w < 120; w++ {
				if w > 0 {
					text.WriteByte(' ')
				}
				text.WriteString(vocab[zipf.Uint64()])
			}
			spans = append(spans, [2]int{start, text.Len()})
			text.WriteString(".\n\n")
		}
		a.Text = text.String()
		a.Hash = Hash(a)
		c.Articles = append(c.Articles, a)
		for k, sp := range spans {
			c.Chunks = append(c.Chunks, corpus.Chunk{
				ID: fmt.Sprintf("%s#%d", a.ID, k), DocID: a.ID, Index: k, Start: sp[0], End: sp[1],
				Text: a.Text[sp[0]:sp[1]], Title: a.Title, Date: a.Date, Lang: a.Lang,
			})
			i := len(c.Vectors)
			v := flat[i*dims : (i+1)*dims : (i+1)*dims]
			copy(v, RandomUnit(rng, dims))
			c.Vectors = append(c.Vectors, v)
		}
	}
	return c
}

// Hash is an article's content hash as the loader computes it: of
// everything but its path.
func Hash(a corpus.Article) string {
	h := sha256.Sum256([]byte(a.ID + "\x00" + a.Title + "\x00" + a.Date.String() + "\x00" + a.Lang + "\x00" + a.Text))
	return hex.EncodeToString(h[:])
}

// Vocabulary makes n pronounceable pseudo-words.
func Vocabulary(n int, rng *rand.Rand) []string {
	cons := "bdfghklmnprstvz"
	vows := "aeiou"
	words := make([]string, n)
	for i := range words {
		var b strings.Builder
		for s := 0; s < 2+rng.IntN(3); s++ {
			b.WriteByte(cons[rng.IntN(len(cons))])
			b.WriteByte(vows[rng.IntN(len(vows))])
		}
		words[i] = b.String()
	}
	return words
}

// UnitVector is a random unit vector seeded by text: a stand-in
// embedding.
func UnitVector(text string, dims int) []float32 {
	h := fnv.New64a()
	h.Write([]byte(text))
	rng := rand.New(rand.NewPCG(h.Sum64(), 1))
	return RandomUnit(rng, dims)
}

// RandomUnit is a random unit vector of dims dimensions drawn from rng.
func RandomUnit(rng *rand.Rand, dims int) []float32 {
	v := make([]float32, dims)
	var sum float64
	for i := range v {
		x := rng.NormFloat64()
		v[i] = float32(x)
		sum += x * x
	}
	inv := 1 / math.Sqrt(sum)
	for i := range v {
		v[i] = float32(float64(v[i]) * inv)
	}
	return v
}
