package lexical

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// benchSentences returns sentences to build chunks from: those of the
// shared eval corpora when present, else synthetic ones drawn from a Zipf
// vocabulary.
func benchSentences(tb testing.TB) (sentences []string, lang []string) {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for ; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	for _, l := range []string{"fr", "en"} {
		f, err := os.Open(filepath.Join(dir, "..", "shared", "eval", "dev", l, "corpus.jsonl"))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var a struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &a) != nil {
				continue
			}
			for _, s := range strings.SplitAfter(a.Text, ". ") {
				if len(s) > 20 {
					sentences = append(sentences, s)
					lang = append(lang, l)
				}
			}
		}
		f.Close()
	}
	if len(sentences) > 0 {
		return sentences, lang
	}
	r := rand.New(rand.NewPCG(1, 2))
	z := rand.NewZipf(r, 1.1, 1, 50000)
	for range 20000 {
		var b strings.Builder
		for range 8 + r.IntN(20) {
			fmt.Fprintf(&b, "mot%dation ", z.Uint64())
		}
		sentences = append(sentences, b.String())
		lang = append(lang, "fr")
	}
	return sentences, lang
}

// benchDocs builds n chunks of about 200 words from random sentences.
func benchDocs(tb testing.TB, n int) []Document {
	sentences, langs := benchSentences(tb)
	r := rand.New(rand.NewPCG(3, 4))
	docs := make([]Document, n)
	for i := range docs {
		j := r.IntN(len(sentences))
		var b strings.Builder
		for words := 0; words < 200; {
			s := sentences[r.IntN(len(sentences))]
			b.WriteString(s)
			words += strings.Count(s, " ") + 1
		}
		docs[i] = Document{ID: fmt.Sprint("doc#", i), Lang: langs[j], Title: "Titre de l'article", Body: b.String()}
	}
	return docs
}

var benchIndexes sync.Map // size -> *Index

func benchIndex(b *testing.B, n int) *Index {
	if ix, ok := benchIndexes.Load(n); ok {
		return ix.(*Index)
	}
	ix := New()
	for _, d := range benchDocs(b, n) {
		ix.Add(d)
	}
	benchIndexes.Store(n, ix)
	return ix
}

func BenchmarkSearch(b *testing.B) {
	queries := []string{
		"Combien de personnes travaillent au ministère des sports en France",
		"Which NFL team represented the AFC at Super Bowl 50 in the stadium",
		"Quel est le nom de la capitale économique du pays depuis 1990",
	}
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ix := benchIndex(b, n)
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				ix.Search(queries[i%len(queries)], 50, nil)
			}
		})
	}
}

func BenchmarkAdd(b *testing.B) {
	docs := benchDocs(b, 10_000)
	b.ResetTimer()
	for b.Loop() {
		ix := New()
		for _, d := range docs {
			ix.Add(d)
		}
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}
