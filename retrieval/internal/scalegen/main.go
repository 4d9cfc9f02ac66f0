// Command scalegen writes the synthetic corpora of the scale benchmark
// (see bench.sh beside it): articles whose paragraphs are sentences of the
// evaluation corpora (../shared/eval/dev/{fr,en}) drawn at random, the
// evaluation articles themselves included, so that the evaluation
// questions have their answers in the corpus; or a million tiny records.
//
//	go run ./retrieval/internal/scalegen -chunks 100000 -out DIR
//	go run ./retrieval/internal/scalegen -tiny 1000000 -out DIR
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "scalegen:", err)
		os.Exit(1)
	}
}

type article struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Lang  string `json:"lang"`
	Date  string `json:"date,omitempty"`
	Text  string `json:"text"`
}

func run() error {
	chunks := flag.Int("chunks", 0, "about this many chunks of ~250 words")
	tiny := flag.Int("tiny", 0, "this many one-line records in one JSONL file instead")
	eval := flag.String("eval", "../shared/eval/dev", "evaluation sets whose fr and en corpora give the sentences")
	out := flag.String("out", "", "output directory (created)")
	flag.Parse()
	if *out == "" || (*chunks <= 0) == (*tiny <= 0) {
		return errors.New("usage: scalegen (-chunks N | -tiny N) -out DIR")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if *tiny > 0 {
		return writeTiny(filepath.Join(*out, "records.jsonl"), *tiny)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var files []*bufio.Writer
	var current *os.File
	var w *bufio.Writer
	written := 0
	emit := func(a article) error {
		if w == nil || written > 15<<20 {
			if w != nil {
				if err := w.Flush(); err != nil {
					return err
				}
				current.Close()
			}
			f, err := os.Create(filepath.Join(*out, fmt.Sprintf("part-%04d.jsonl", len(files))))
			if err != nil {
				return err
			}
			current, w, written = f, bufio.NewWriterSize(f, 1<<20), 0
			files = append(files, w)
		}
		b, err := json.Marshal(a)
		if err != nil {
			return err
		}
		written += len(b) + 1
		w.Write(b)
		return w.WriteByte('\n')
	}
	sentences := map[string][]string{}
	for _, lang := range []string{"fr", "en"} {
		arts, err := readArticles(filepath.Join(*eval, lang, "corpus.jsonl"))
		if err != nil {
			return err
		}
		for _, a := range arts {
			a.Date = ""
			if err := emit(a); err != nil {
				return err
			}
			for _, s := range strings.SplitAfter(a.Text, ". ") {
				if s = strings.TrimSpace(s); len(s) > 20 {
					sentences[lang] = append(sentences[lang], s)
				}
			}
		}
	}
	// Articles of four chunks of ~250 words: 1000 words in 5 paragraphs.
	for i := 0; i < *chunks/4; i++ {
		lang := "fr"
		if i%4 == 3 {
			lang = "en"
		}
		pool := sentences[lang]
		var b strings.Builder
		words := 0
		for p := 0; words < 1000; p++ {
			if p > 0 {
				b.WriteString("\n\n")
			}
			for s := 0; s < 8 && words < 1000; s++ {
				t := pool[rng.IntN(len(pool))]
				if s > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(t)
				words += strings.Count(t, " ") + 1
			}
		}
		first := pool[rng.IntN(len(pool))]
		title := strings.Join(strings.Fields(first)[:min(8, len(strings.Fields(first)))], " ")
		date := fmt.Sprintf("%04d-%02d-%02d", 2000+i%25, 1+i/25%12, 1+i/300%28)
		if err := emit(article{ID: fmt.Sprintf("synth-%07d", i), Title: title, Lang: lang, Date: date, Text: b.String()}); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return current.Close()
}

func readArticles(path string) ([]article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var a article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, a)
	}
	return out, sc.Err()
}

// writeTiny writes n records of about 20 bytes (a syllable and a base-36
// number), each text distinct.
func writeTiny(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	syll := []string{"ba", "de", "fi", "go", "ku", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo"}
	for i := range n {
		fmt.Fprintf(w, "{\"text\":\"%s %s\"}\n", syll[i%len(syll)], strconv.FormatInt(int64(i), 36))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
