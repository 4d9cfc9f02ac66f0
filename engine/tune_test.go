package engine

import (
	"context"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
)

var (
	tuneFlag = flag.Bool("eval.tune", false, "with -eval: fit the sentence scoring weights on -eval.half and report both halves")
	tuneSets = flag.String("eval.tune.sets", "fr,en", "with -eval.tune: comma-separated sets the weights are fitted on")
)

// tuneCase is one question's scored candidates, the question, and
// whether the quotes tried so far (by their first and last sentences)
// hold its gold answer.
type tuneCase struct {
	ex   extraction
	q    retrieval.EvalQuery
	hits map[[2]int]bool
}

// hit reports whether quote holds the gold answer.
func (c *tuneCase) hit(q quote) bool {
	key := [2]int{q.first, q.last}
	h, ok := c.hits[key]
	if !ok {
		text, _, _ := c.ex.text(q)
		h = retrieval.IsHit(c.q, corpus.Chunk{DocID: c.ex.sentences[q.best].res.Chunk.DocID, Text: text})
		c.hits[key] = h
	}
	return h
}

// tuneCases extracts every question of a set once, keeping the features.
func tuneCases(t *testing.T, ix *retrieval.Index, queries []retrieval.EvalQuery) []tuneCase {
	t.Helper()
	ctx := context.Background()
	core := NewCore(ix, Config{})
	var out []tuneCase
	for _, q := range queries {
		lang := questionLang(q.Question, nil, corpusLangs(ix))
		results, _, err := core.search(ctx, ix, retrieval.Query{Text: q.Question, Lang: lang, K: core.k, Now: core.now()})
		if err != nil {
			t.Fatal(err)
		}
		ex := extract(q.Question, nil, lang, results, ix)
		out = append(out, tuneCase{ex: ex, q: q, hits: map[[2]int]bool{}})
	}
	return out
}

// tuneScore returns the gold-first and gold-quoted shares of cases
// under w.
func tuneScore(cases []tuneCase, w scoring) (first, any float64) {
	first, any, _ = tuneScoreWords(cases, w)
	return first, any
}

// tuneScoreWords is tuneScore with the mean number of words of a quote.
func tuneScoreWords(cases []tuneCase, w scoring) (first, any, words float64) {
	quotes := 0
	for i := range cases {
		c := &cases[i]
		c.ex.rescore(w)
		for _, q := range c.ex.chosen {
			text, _, _ := c.ex.text(q)
			words += float64(len(strings.Fields(text)))
			quotes++
		}
		for k, q := range c.ex.chosen {
			if c.hit(q) {
				if k == 0 {
					first++
				}
				any++
				break
			}
		}
	}
	n := float64(len(cases))
	if quotes > 0 {
		words /= float64(quotes)
	}
	return first / n, any / n, words
}

// TestTuneScoring fits the weights of the sentence features by coordinate
// ascent on the questions of one half of dev/fr and dev/en (-eval.half,
// default even) and reports the gold shares of both halves before and
// after; the objective is the mean over the two sets of the gold-first
// and gold-quoted shares. It also reports the default scoring with
// quotes of one sentence, as they were before spans (see
// defaultScoring). It asserts nothing: it is how defaultScoring was
// chosen.
func TestTuneScoring(t *testing.T) {
	shared := sharedDir(t)
	if !*tuneFlag {
		t.Skip("fitting weights: run with -eval -eval.tune")
	}
	train, test := 0, 1
	if *evalHalfFlag == "odd" {
		train, test = 1, 0
	}
	var halves [2][][]tuneCase // [half][set]
	sets := strings.Split(*tuneSets, ",")
	for _, set := range sets {
		dir := filepath.Join(shared, "eval", "dev", set)
		ix, _ := buildIndex(t, filepath.Join(dir, "corpus.jsonl"))
		qs := loadQueries(t, dir)
		var parts [2][]retrieval.EvalQuery
		for i, q := range qs {
			parts[i%2] = append(parts[i%2], q)
		}
		for h := range 2 {
			halves[h] = append(halves[h], tuneCases(t, ix, parts[h]))
		}
	}
	objective := func(h int, w scoring) float64 {
		total := 0.0
		for _, cases := range halves[h] {
			f, a := tuneScore(cases, w)
			total += (f + a) / 2
		}
		return total / float64(len(halves[h]))
	}
	report := func(label string, w scoring) {
		for h, name := range []string{"even", "odd"} {
			for si, cases := range halves[h] {
				f, a, words := tuneScoreWords(cases, w)
				t.Logf("%s: %s half, %s: gold first %.3f, gold quoted %.3f, %.1f words a quote", label, name, sets[si], f, a, words)
			}
		}
	}
	w := defaultScoring
	single := w
	single.spanNext, single.spanPrev = 0, 0
	report("quotes of one sentence (spanNext 0, spanPrev 0)", single)
	report("default (quotes of several sentences)", w)
	best := objective(train, w)
	steps := []float64{0.2, 0.1, 0.05, 0.02}
	for _, step := range steps {
		for improved := true; improved; {
			improved = false
			for f := -1; f < numFeatures; f++ {
				for _, d := range []float64{step, -step} {
					c := w
					if f < 0 {
						c.followerBonus += d
					} else {
						c.weights[f] += d
					}
					if v := objective(train, c); v > best+1e-9 {
						best, w, improved = v, c, true
					}
				}
			}
		}
	}
	t.Logf("fitted on the %s half: weights %v, follower bonus %.2f (feature order: rank who when number where bigram neighbor window entity short long near restate score dense)",
		[]string{"even", "odd"}[train], w.weights, w.followerBonus)
	report("fitted", w)
	t.Logf("objective: train %.4f, held-out %.4f (default: held-out %.4f)", best, objective(test, w), objective(test, defaultScoring))
}
