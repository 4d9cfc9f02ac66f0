package engine

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"verbatim/corpus"
	"verbatim/corpus/corpustest"
	"verbatim/retrieval"
	"verbatim/retrieval/dictd"
	"verbatim/retrieval/lexical"
)

var (
	evalFlag         = flag.Bool("eval", false, "run the answer quality evaluations over ../shared/eval")
	evalMinRel       = flag.Float64("eval.minrel", 0, "MinRelevance for TestAnswerEval (0: default)")
	evalHalfFlag     = flag.String("eval.half", "", "even or odd: evaluate only the questions at even or odd positions")
	evalArticlesFlag = flag.String("eval.articles", "", "even or odd: evaluate only the questions about the articles at even or odd positions of the corpus")
	evalDictFlag     = flag.String("eval.dict", "", "folder of FreeDict dictionaries (dictd format) the indexes translate questions with; the bounds on unrelated corpora, set without dictionaries, are then reported only")
)

func evalMinRelevance() float64 { return *evalMinRel }

// sharedDir returns the shared data folder (../shared next to the module
// root), skipping the test when -eval is unset or the folder is absent.
func sharedDir(t *testing.T) string {
	t.Helper()
	if !*evalFlag {
		t.Skip("quality evaluation: run with -eval")
	}
	return filepath.Dir(corpustest.RequireShared(t, "eval"))
}

// buildIndex loads one corpus file and indexes it alone with the local
// embedder into a temporary directory.
func buildIndex(t *testing.T, path string) (*retrieval.Index, []corpus.Article) {
	t.Helper()
	ctx := context.Background()
	res, err := corpus.LoadPath(ctx, path, corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := retrieval.Build(ctx, t.TempDir(), res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if *evalDictFlag != "" {
		lib, err := dictd.Open(*evalDictFlag)
		if err != nil {
			t.Fatal(err)
		}
		o := retrieval.DefaultSearchOptions()
		o.Translate = retrieval.WithNames(lib.TranslateQueries)
		ix.SetOptions(o)
	}
	return ix, res.Articles
}

// answerSets are the sets TestAnswerEval measures, with the least gold
// shares it accepts: in any quote and in the first one. The XQuAD sets
// with two languages in their name ask questions in the first language of
// articles in the second. Their least gold in any quote is the share
// measured before verdicts (4c4f32d: xq-ru 0.933, xq-de 0.910, xq-es 0.920,
// xq-en-de 0.440, xq-en-es 0.373, xq-en-ru 0.309, xq-ru-en 0.307) less
// 0.02, the most issue 23 lets them lose. dev/fr and dev/en are measured
// by TestVerdictEval. The cross-language sets' least shares are those
// measured after issue 28's cross-language work (docs/languages.md: xq-en-de
// 0.471 / 0.373, xq-en-es 0.410 / 0.319, xq-en-ru 0.353 / 0.297, xq-ru-en
// 0.328 / 0.248, news-xl 0.731 / 0.531) less 0.02, and news-xl's
// questions in each language must keep their gold share (byLang) less
// 0.02 too (Russian 0.750: since "в" before a year or month is read as a
// date, "в 2006 году" filters the articles by date, as "en 2006" does;
// Spanish 0.833 since "¿" decides Spanish). Since the cognates count in
// the relevance of questions with no name (docs/languages.md, 2026-12-07):
// xq-en-de 0.556 / 0.431, xq-en-es 0.484 / 0.369, xq-en-ru 0.358 / 0.301,
// xq-ru-en 0.332 / 0.252, news-xl 0.775 / 0.544 (German 0.700, English
// 0.733), less 0.02. Since names are keyed alike across Cyrillic and Latin
// script (docs/languages.md, "Names across Cyrillic and Latin script"):
// xq-en-ru 0.376 / 0.314, xq-ru-en 0.345 / 0.266, news-xl 0.812 / 0.562
// (Russian 0.875, English 0.767), less 0.02. Since a date that dates no
// article is read as what the question asks about, not as a period filter
// (docs/languages.md, "Dates in a question"): alone news-xl 0.781 / 0.562
// (Russian 0.775); with the names' keys, news-xl 0.812 / 0.581
// (Russian 0.875, English 0.767), less 0.02.
// Since the quotes across languages are chosen without the question's
// stop words (docs/languages.md,
// "Choosing the sentence across languages"), with all of the above:
// xq-en-de 0.562 / 0.420, xq-en-es 0.523 / 0.387, xq-en-ru 0.399 / 0.315,
// xq-ru-en 0.356 / 0.266, news-xl 0.819 / 0.600 (English 0.800, Spanish
// 0.867), less 0.02. German 0.675 less 0.02 since an English or German
// stop word opening a question is no longer keyed as a name (analysis
// Version 9): "Mit" had met the gold article of one question by chance;
// the same fix gives xq-en-de 0.583 / 0.444 and xq-en-es 0.534 / 0.404,
// less 0.02. The verdict's own bar across languages
// (VerdictModel.CrossLanguageAnswerBar) shows more of them as related,
// with the closest passages: xq-en-de 0.592, xq-en-es 0.549, less 0.02.
var answerSets = []struct {
	name               string
	wantAny, wantFirst float64
	byLang             map[string]float64 // least gold in any quote by question language
}{
	{"xq-ru", 0.913, 0.68, nil}, {"xq-de", 0.89, 0.68, nil}, {"xq-es", 0.90, 0.70, nil},
	{"xq-en-de", 0.572, 0.424, nil}, {"xq-en-es", 0.529, 0.384, nil}, {"xq-en-ru", 0.379, 0.295, nil}, {"xq-ru-en", 0.336, 0.246, nil},
	{"news-xl", 0.799, 0.58, map[string]float64{"de": 0.655, "en": 0.78, "es": 0.847, "ru": 0.855, "fr": 0.88}},
}

// TestAnswerEval measures extractive answers on dev/fr, dev/en and the
// XQuAD sets: every quote exact, at most three per answer, the gold answer
// quoted (and quoted first) for at least the shares of answerSets. A naive
// picker (the best plain-overlap sentences of the plain BM25 baseline's
// passages) is measured in the same run for comparison. -eval.half even
// or odd asks only the questions at even or odd positions (the tuning and
// the held-out halves).
func TestAnswerEval(t *testing.T) {
	shared := sharedDir(t)
	t.Parallel() // the evaluations are single-threaded: two at a time on two cores
	for _, tt := range answerSets {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(shared, "eval", "dev", tt.name)
			ix, articles := buildIndex(t, filepath.Join(dir, "corpus.jsonl"))
			queries := evalArticles(t, articles, evalHalf(t, loadQueries(t, dir)))
			m, byLang, err := evaluateByLang(context.Background(), NewCore(ix, Config{MinRelevance: evalMinRelevance()}), queries)
			if err != nil {
				t.Fatal(err)
			}
			if len(byLang) > 1 {
				for _, l := range slices.Sorted(maps.Keys(byLang)) {
					lm := byLang[l]
					t.Logf("%s %s: %d questions, found %.3f, gold quoted %.3f (%d), in the first quote %.3f",
						tt.name, l, lm.Questions, lm.FoundRate, lm.GoldRate, lm.GoldQuoted, lm.GoldFirstRate)
					if want, ok := tt.byLang[l]; ok && wholeSet() && lm.GoldRate < want {
						t.Errorf("%s: gold quoted for %.3f of the questions, want at least %.3f", l, lm.GoldRate, want)
					}
				}
			}
			base := naiveGoldRate(t, articles, queries)
			t.Logf("%s: %d questions, found %.3f, gold quoted %.3f (%d questions; naive baseline %.3f, ratio %.2f), in the first quote %.3f, %d quotes of %.1f words, inexact %d, too many %d",
				tt.name, m.Questions, m.FoundRate, m.GoldRate, m.GoldQuoted, base, m.GoldRate/base, m.GoldFirstRate, m.Quotes, m.QuoteWords, m.Inexact, m.TooMany)
			if m.Inexact != 0 || m.TooMany != 0 {
				t.Errorf("inexact quotes %d, answers with too many quotes %d; want 0 and 0", m.Inexact, m.TooMany)
			}
			if m.GoldRate < tt.wantAny {
				t.Errorf("gold quoted for %.3f of the questions, want at least %.2f", m.GoldRate, tt.wantAny)
			}
			if m.GoldFirstRate < tt.wantFirst {
				t.Errorf("gold in the first quote for %.3f of the questions, want at least %.2f", m.GoldFirstRate, tt.wantFirst)
			}
		})
	}
}

// wholeSet reports whether every question is asked (neither -eval.half
// nor -eval.articles): the least shares by language hold for the whole set
// only, a half having too few questions in each.
func wholeSet() bool { return *evalHalfFlag == "" && *evalArticlesFlag == "" }

// evaluateByLang is EvaluateAnswers also scoring the questions of each
// language apart (news-xl asks in five), each question asked once.
func evaluateByLang(ctx context.Context, core *Core, queries []retrieval.EvalQuery) (AnswerMetrics, map[string]AnswerMetrics, error) {
	lib := core.Library()
	if lib == nil {
		return AnswerMetrics{}, nil, ErrNoLibrary
	}
	var whole answerTally
	parts := map[string]*answerTally{}
	for _, q := range queries {
		a, err := core.Ask(ctx, Question{Text: q.Question})
		if err != nil {
			return AnswerMetrics{}, nil, fmt.Errorf("evaluate answers: %s: %w", q.ID, err)
		}
		whole.add(q, a, lib)
		if parts[q.Lang] == nil {
			parts[q.Lang] = &answerTally{}
		}
		parts[q.Lang].add(q, a, lib)
	}
	out := make(map[string]AnswerMetrics, len(parts))
	for l, p := range parts {
		out[l] = p.done()
	}
	return whole.done(), out, nil
}

// evalArticles keeps the questions about the articles at even or odd
// positions of the corpus when -eval.articles says so: a held-out half
// that shares no article with the other.
func evalArticles(t *testing.T, articles []corpus.Article, qs []retrieval.EvalQuery) []retrieval.EvalQuery {
	t.Helper()
	var parity int
	switch *evalArticlesFlag {
	case "":
		return qs
	case "even":
		parity = 0
	case "odd":
		parity = 1
	default:
		t.Fatalf("-eval.articles %q: want even or odd", *evalArticlesFlag)
	}
	pos := make(map[string]int, len(articles))
	for i, a := range articles {
		pos[a.ID] = i
	}
	var out []retrieval.EvalQuery
	for _, q := range qs {
		if i, ok := pos[q.DocID]; ok && i%2 == parity {
			out = append(out, q)
		}
	}
	return out
}

// loadQueries reads the questions of an evaluation set.
func loadQueries(t *testing.T, dir string) []retrieval.EvalQuery {
	t.Helper()
	queries, err := retrieval.LoadEvalQueries(filepath.Join(dir, "queries.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	return queries
}

// evalHalf keeps the questions at even or odd positions when -eval.half
// says so.
func evalHalf(t *testing.T, qs []retrieval.EvalQuery) []retrieval.EvalQuery {
	t.Helper()
	var parity int
	switch *evalHalfFlag {
	case "":
		return qs
	case "even":
		parity = 0
	case "odd":
		parity = 1
	default:
		t.Fatalf("-eval.half %q: want even or odd", *evalHalfFlag)
	}
	var out []retrieval.EvalQuery
	for i, q := range qs {
		if i%2 == parity {
			out = append(out, q)
		}
	}
	return out
}

// naiveGoldRate is the share of questions for which a naive picker quotes
// the gold answer: over the baseline BM25's top five passages, the three
// sentences sharing the most folded words with the question.
func naiveGoldRate(t *testing.T, articles []corpus.Article, queries []retrieval.EvalQuery) float64 {
	t.Helper()
	search := retrieval.BaselineSearch(articles)
	hits := 0
	for _, q := range queries {
		chunks, err := search(context.Background(), q.Question, 5)
		if err != nil {
			t.Fatal(err)
		}
		qw := map[string]bool{}
		for _, w := range lexical.Tokens(q.Question) {
			qw[w] = true
		}
		type cand struct {
			c     corpus.Chunk
			score int
		}
		var cands []cand
		for _, c := range chunks {
			for _, sp := range corpus.Sentences(c.Text) {
				s := c.Text[sp[0]:sp[1]]
				score := 0
				for _, w := range lexical.Tokens(s) {
					if qw[w] {
						score++
					}
				}
				cands = append(cands, cand{corpus.Chunk{DocID: c.DocID, Text: s}, score})
			}
		}
		sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
		for i := 0; i < len(cands) && i < maxQuotes; i++ {
			if retrieval.IsHit(q, cands[i].c) {
				hits++
				break
			}
		}
	}
	return float64(hits) / float64(len(queries))
}

// sample takes n queries spread evenly over qs.
func sample(qs []retrieval.EvalQuery, n int) []retrieval.EvalQuery {
	out := make([]retrieval.EvalQuery, 0, n)
	for i := range n {
		out = append(out, qs[i*len(qs)/n])
	}
	return out
}

// TestCarryOver asks 200 questions of dev/fr and of dev/en in a row in one
// conversation, consecutive ones about different articles, and checks
// that at least 98% get the same first quote (or the same "not found") as
// when asked alone: a question that stands on its own is answered on its
// own.
func TestCarryOver(t *testing.T) {
	shared := sharedDir(t)
	t.Parallel() // the evaluations are single-threaded: two at a time on two cores
	ctx := context.Background()
	for _, set := range []string{"fr", "en"} {
		t.Run(set, func(t *testing.T) {
			dir := filepath.Join(shared, "eval", "dev", set)
			ix, _ := buildIndex(t, filepath.Join(dir, "corpus.jsonl"))
			qs := alternateArticles(sample(loadQueries(t, dir), 200))
			core := NewCore(ix, Config{})
			first := func(a Answer) string {
				if len(a.Citations) == 0 {
					return "not found"
				}
				return a.Citations[0].DocID + "#" + strconv.Itoa(a.Citations[0].QuoteStart)
			}
			var history []Turn
			same, followUps := 0, 0
			for _, q := range qs {
				alone, err := core.Ask(ctx, Question{Text: q.Question})
				if err != nil {
					t.Fatal(err)
				}
				inRow, err := core.Ask(ctx, Question{Text: q.Question, History: history})
				if err != nil {
					t.Fatal(err)
				}
				if inRow.Query != "" {
					followUps++
				}
				if first(alone) == first(inRow) {
					same++
				} else if testing.Verbose() {
					t.Logf("changed in a conversation: %q (understood as %q)", q.Question, inRow.Query)
				}
				history = append(history, Turn{Question: q.Question, Answer: inRow})
				if len(history) > 6 {
					history = history[1:]
				}
			}
			rate := float64(same) / float64(len(qs))
			t.Logf("%s: %d questions in a row, first quote as when asked alone for %.3f (%d taken for follow-ups)", set, len(qs), rate, followUps)
			if rate < 0.98 {
				t.Errorf("first quote unchanged for %.3f of the questions, want at least 0.98", rate)
			}
		})
	}
}

// alternateArticles reorders qs so that no two consecutive questions are
// about the same article, moving a question forward when needed.
func alternateArticles(qs []retrieval.EvalQuery) []retrieval.EvalQuery {
	out := append([]retrieval.EvalQuery(nil), qs...)
	for i := 1; i < len(out); i++ {
		if out[i].DocID != out[i-1].DocID {
			continue
		}
		for j := i + 1; j < len(out); j++ {
			if out[j].DocID != out[i-1].DocID && (i+1 >= len(out) || out[j].DocID != out[i+1].DocID || j == i+1) {
				out[i], out[j] = out[j], out[i]
				break
			}
		}
	}
	return out
}

// TestMisspeltNames asks the questions of dev/fr (600 spread over the
// set) and dev/en that name something, once as written and once with one
// letter dropped from their rarest name (the word the corpus holds least
// often), and checks what the misspelling costs of the gold quoted.
func TestMisspeltNames(t *testing.T) {
	shared := sharedDir(t)
	t.Parallel() // the evaluations are single-threaded: two at a time on two cores
	ctx := context.Background()
	// The aim is a loss of at most 0.02, reached with quotes of
	// several sentences: 0.020 (fr, 5 of 252 questions: 0.849 spelt right,
	// 0.829 misspelt) and 0.008 (en, 0.885 and 0.877).
	for _, tt := range []struct {
		set     string
		maxLoss float64
	}{{"fr", 0.02}, {"en", 0.02}} {
		set := tt.set
		t.Run(set, func(t *testing.T) {
			dir := filepath.Join(shared, "eval", "dev", set)
			ix, _ := buildIndex(t, filepath.Join(dir, "corpus.jsonl"))
			qs := loadQueries(t, dir)
			if len(qs) > 600 {
				qs = sample(qs, 600)
			}
			var right, wrong []retrieval.EvalQuery
			for _, q := range qs {
				if m, ok := misspellRarestName(ix, q.Question); ok {
					right = append(right, q)
					q.Question = m
					wrong = append(wrong, q)
				}
			}
			core := NewCore(ix, Config{})
			mr, err := EvaluateAnswers(ctx, core, right)
			if err != nil {
				t.Fatal(err)
			}
			mw, err := EvaluateAnswers(ctx, core, wrong)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d questions with a name: gold quoted %.3f spelt right, %.3f with one letter dropped (found %.3f, %.3f); e.g. %q",
				set, len(right), mr.GoldRate, mw.GoldRate, mr.FoundRate, mw.FoundRate, wrong[0].Question)
			if loss := mr.GoldRate - mw.GoldRate; loss > tt.maxLoss {
				t.Errorf("misspelt names lose %.3f of the gold quoted, want at most %.2f", loss, tt.maxLoss)
			}
		})
	}
}

// misspellRarestName drops one letter from the rarest capitalised word of
// question (not its first word) of at least five letters: the second of a
// doubled letter when there is one ("Guérassimov" -> "Guérasimov"), else
// the one after the middle.
func misspellRarestName(ix *retrieval.Index, question string) (string, bool) {
	lang := corpus.DetectLang(question)
	words := strings.Fields(question)
	best, bestRarity := -1, -1.0
	for i, w := range words {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		rs := []rune(w)
		if i == 0 || len(rs) < 5 || !unicode.IsUpper(rs[0]) {
			continue
		}
		for _, r := range ix.Rarity(lang, w) {
			if r > bestRarity {
				best, bestRarity = i, r
			}
		}
	}
	if best < 0 {
		return "", false
	}
	rs := []rune(words[best])
	drop := -1
	for k := 2; k < len(rs)-1; k++ {
		if rs[k] == rs[k-1] && unicode.IsLetter(rs[k]) {
			drop = k
			break
		}
	}
	if drop < 0 {
		drop = len(rs)/2 + 1
		for drop < len(rs) && !unicode.IsLetter(rs[drop]) {
			drop++
		}
		if drop >= len(rs) {
			return "", false
		}
	}
	words[best] = string(rs[:drop]) + string(rs[drop+1:])
	return strings.Join(words, " "), true
}
