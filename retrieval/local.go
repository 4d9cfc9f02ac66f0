package retrieval

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
	"unicode/utf8"
	"verbatim/analysis"

	"verbatim/corpus"
	"verbatim/retrieval/lexical"
)

// localModel names the feature scheme of the local embedder; change it
// whenever localDefaults change, so that old indexes are rebuilt.
const localModel = "hash-ngram-v4"

// localParams are the local embedder's feature parameters.
type localParams struct {
	dims int
	// Weights of the feature groups in the final vector; each group is
	// normalised first, so these are their shares of the cosine.
	word, bigram, char float64
	minGram, maxGram   int
	// lengthWeight weighs a word feature by min(runes, 12)/6 when set, a
	// fixed stand-in for inverse document frequency: long words are rarer.
	lengthWeight bool
}

// localDefaults are the parameters measured on the dev sets (go test
// ./retrieval -run TestEvalSweep -eval -eval.sweep=vector): dimensions
// matter most, as hashed n-grams collide (vector-only MRR@10 on dev/fr
// 0.48 at 384, 0.53 at 512, 0.59 at 768, 0.66 at 2048); 768 is the
// compromise with memory (3 KB per chunk). Character n-grams carry most of
// the signal (words alone 0.48, n-grams alone 0.53, both 0.53 at 512);
// bigrams at 0.3 help a little, at 0.6 they hurt; weighting words by length
// hurts.
var localDefaults = localParams{dims: 768, word: 1, bigram: 0.3, char: 0.8, minGram: 3, maxGram: 5}

// localDims is the local embedder's vector length.
const localDims = 768

// NewLocalEmbedder returns the built-in embedder: deterministic, offline and
// without weights. A text is detected for language, analysed as the lexical
// index does (stop words removed, stemmed, accents folded), and described by
// three groups of hashed features with sub-linear frequencies (1 + ln tf):
// stemmed words, pairs of adjacent stemmed words, and the character 3- to
// 5-grams of folded words with boundary markers, which match inflections,
// misspellings and transliterations ("Koursk" and "Kursk"). Features are
// hashed with a sign bit into 768 dimensions; each group is normalised,
// weighted and the sum normalised to unit length. Empty text gets a fixed
// unit vector.
func NewLocalEmbedder() Embedder {
	return Embedder{
		Name:       "local",
		Model:      localModel,
		Dimensions: localDims,
		Embed:      embedLocal,
	}
}

// embedLocal embeds texts on all cores.
func embedLocal(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	workers := min(runtime.GOMAXPROCS(0), (len(texts)+31)/32)
	if workers <= 1 {
		for i, t := range texts {
			if i%64 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, fmt.Errorf("local embed: %w", err)
				}
			}
			out[i] = localVector(t, localDefaults)
		}
		return out, nil
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = localVector(texts[i], localDefaults)
			}
		}()
	}
	var err error
feed:
	for i := range texts {
		if err = ctx.Err(); err != nil {
			break
		}
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("local embed: %w", err)
	}
	return out, nil
}

// Feature group seeds, so that a word and an n-gram with the same letters
// land in unrelated dimensions.
const (
	seedWord   uint64 = 0x9e3779b97f4a7c15
	seedBigram uint64 = 0xc2b2ae3d27d4eb4f
	seedChar   uint64 = 0x165667b19e3779f9
)

// fnv64 hashes s into h with FNV-1a.
func fnv64(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// fnv64Rune hashes one rune into h with FNV-1a.
func fnv64Rune(h uint64, r rune) uint64 {
	for r != 0 {
		h ^= uint64(r & 0xff)
		h *= 1099511628211
		r >>= 8
	}
	h ^= 0xff // rune separator
	h *= 1099511628211
	return h
}

// feature is one hashed feature's count and weight.
type feature struct{ n, weight float64 }

// featureCounts counts hashed features of one group.
type featureCounts map[uint64]feature

// add counts one occurrence of feature h of the given weight.
func (fc featureCounts) add(h uint64, weight float64) {
	f := fc[h]
	fc[h] = feature{n: f.n + 1, weight: weight}
}

// addTo adds the sub-linear weights of the features to v with signed
// hashing, normalises that group to unit length and scales it by weight.
func (fc featureCounts) addTo(v []float32, weight float64) {
	if len(fc) == 0 {
		return
	}
	g := make([]float64, len(v))
	for h, f := range fc {
		w := f.weight * (1 + math.Log(f.n))
		if h>>63 == 1 {
			w = -w
		}
		g[(h&(1<<63-1))%uint64(len(v))] += w
	}
	var norm float64
	for _, x := range g {
		norm += x * x
	}
	if norm == 0 {
		return
	}
	scale := weight / math.Sqrt(norm)
	for i, x := range g {
		v[i] += float32(x * scale)
	}
}

// localVector embeds one text.
func localVector(text string, p localParams) []float32 {
	lang := corpus.DetectLang(text)
	terms := analysis.Analyze(lang, text)
	words := lexical.FoldedWords(lang, text)

	uni := make(featureCounts, len(terms))
	bi := make(featureCounts, len(terms))
	for i, t := range terms {
		h := fnv64(seedWord, t)
		if p.lengthWeight {
			uni.add(h, float64(min(utf8.RuneCountInString(t), 12))/6)
		} else {
			uni.add(h, 1)
		}
		if i > 0 {
			bi.add(fnv64(fnv64(fnv64(seedBigram, terms[i-1]), " "), t), 1)
		}
	}
	chars := make(featureCounts, len(words)*8)
	var runes []rune
	for _, w := range words {
		runes = append(runes[:0], '<')
		for _, r := range w {
			runes = append(runes, r)
		}
		runes = append(runes, '>')
		for n := p.minGram; n <= p.maxGram; n++ {
			for i := 0; i+n <= len(runes); i++ {
				h := seedChar
				for _, r := range runes[i : i+n] {
					h = fnv64Rune(h, r)
				}
				chars.add(h, 1)
			}
		}
	}

	v := make([]float32, p.dims)
	uni.addTo(v, p.word)
	bi.addTo(v, p.bigram)
	chars.addTo(v, p.char)
	var norm float64
	for _, x := range v {
		norm += float64(x) * float64(x)
	}
	if norm == 0 {
		// Empty text (or only stop words): a fixed unit vector.
		v[0] = 1
		return v
	}
	scale := 1 / math.Sqrt(norm)
	for i, x := range v {
		v[i] = float32(float64(x) * scale)
	}
	return v
}
