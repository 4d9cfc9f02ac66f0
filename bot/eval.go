package bot

import (
	"context"
	"fmt"
	"strings"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// AnswerMetrics are the figures of an answer evaluation over questions
// whose gold answer is a span of a known article (eval/README.md).
type AnswerMetrics struct {
	Questions int `json:"questions"`
	// Found counts answers with Found set.
	Found int `json:"found"`
	// GoldQuoted counts answers one of whose quotes comes from the
	// question's article and holds the gold answer, under the hit rule of
	// eval/README.md (case and accents folded, whitespace removed).
	GoldQuoted int `json:"gold_quoted"`
	// GoldFirst counts answers whose first quote holds the gold answer.
	GoldFirst     int     `json:"gold_first"`
	FoundRate     float64 `json:"found_rate"`
	GoldRate      float64 `json:"gold_rate"`
	GoldFirstRate float64 `json:"gold_first_rate"`
	// Quotes is the number of quotes given, QuoteWords their mean length.
	Quotes     int     `json:"quotes"`
	QuoteWords float64 `json:"quote_words"`
	// Inexact counts quotes that are not their article's text at their
	// offsets, TooMany answers quoting more than three sentences; both must
	// be zero.
	Inexact int `json:"inexact"`
	TooMany int `json:"too_many"`
}

// EvaluateAnswers asks core every question, with no conversation, and
// scores the answers: exactness of every quote against the article its
// citation names, the number of quotes, and whether a quote holds the
// gold answer.
func EvaluateAnswers(ctx context.Context, core *Core, queries []retrieval.EvalQuery) (AnswerMetrics, error) {
	m := AnswerMetrics{Questions: len(queries)}
	lib := core.Library()
	if lib == nil {
		return m, ErrNoLibrary
	}
	words := 0
	for _, q := range queries {
		a, err := core.Ask(ctx, Question{Text: q.Question})
		if err != nil {
			return m, fmt.Errorf("evaluate answers: %s: %w", q.ID, err)
		}
		if a.Found {
			m.Found++
		}
		if len(a.Citations) > maxQuotes {
			m.TooMany++
		}
		gold := false
		for i, c := range a.Citations {
			m.Quotes++
			words += len(strings.Fields(c.Quote))
			art, ok := lib.Article(c.DocID)
			if !ok || c.QuoteStart < 0 || c.QuoteEnd > len(art.Text) || c.QuoteStart > c.QuoteEnd || art.Text[c.QuoteStart:c.QuoteEnd] != c.Quote {
				m.Inexact++
				continue
			}
			if retrieval.IsHit(q, corpus.Chunk{DocID: c.DocID, Text: c.Quote}) {
				gold = true
				if i == 0 {
					m.GoldFirst++
				}
			}
		}
		if gold {
			m.GoldQuoted++
		}
	}
	if m.Questions > 0 {
		m.FoundRate = float64(m.Found) / float64(m.Questions)
		m.GoldRate = float64(m.GoldQuoted) / float64(m.Questions)
		m.GoldFirstRate = float64(m.GoldFirst) / float64(m.Questions)
	}
	if m.Quotes > 0 {
		m.QuoteWords = float64(words) / float64(m.Quotes)
	}
	return m, nil
}

// relevance returns how well the passages retrieved for text answer it
// and the least relevance for which it is answered (see minRelevance).
func (c *Core) relevance(ctx context.Context, text string) (rel, threshold float64, err error) {
	lib := c.Library()
	if lib == nil {
		return 0, 0, ErrNoLibrary
	}
	lang := questionLang(text, nil, corpusLangs(lib))
	f, words, err := c.find(ctx, lib, retrieval.Query{Text: text, Lang: lang, K: c.k, Now: c.now()})
	if err != nil {
		return 0, 0, err
	}
	ex := extractTranslated(text, f.Translations, words, nil, lang, f.Results, lib)
	return c.judged(ex, f, lang, false), c.minRelevance(lang, f.Results, false), nil
}
