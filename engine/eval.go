package engine

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
	// Answered, Related and NotFound count the verdicts; Answerable counts
	// the questions with a gold answer, AnsweredAnswerable those of them
	// answered, Unanswerable and UnansweredAnswered (sic: answered anyway)
	// the others.
	Answered, Related, NotFound        int
	Answerable, AnsweredAnswerable     int
	Unanswerable, UnanswerableAnswered int
	// GoldFirstAnswered counts answered questions whose first quote holds
	// the gold answer; AnsweredQuotes the quotes of answered answerable
	// questions and OffArticle those of them from another article than
	// the gold one.
	GoldFirstAnswered, AnsweredQuotes, OffArticle int
}

// AnsweredRate is the share of answerable questions answered.
func (m AnswerMetrics) AnsweredRate() float64 { return share(m.AnsweredAnswerable, m.Answerable) }

// UnanswerableAnsweredRate is the share of unanswerable questions answered.
func (m AnswerMetrics) UnanswerableAnsweredRate() float64 {
	return share(m.UnanswerableAnswered, m.Unanswerable)
}

// GoldFirstAnsweredRate is the share of answered answerable questions
// whose first quote holds the gold answer.
func (m AnswerMetrics) GoldFirstAnsweredRate() float64 {
	return share(m.GoldFirstAnswered, m.AnsweredAnswerable)
}

// OffArticleRate is the share of the quotes of answered answerable
// questions that come from another article than the gold one.
func (m AnswerMetrics) OffArticleRate() float64 { return share(m.OffArticle, m.AnsweredQuotes) }

func share(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// EvaluateAnswers asks core every question, with no conversation, and
// scores the answers: exactness of every quote against the article its
// citation names, the number of quotes, and whether a quote holds the
// gold answer.
func EvaluateAnswers(ctx context.Context, core *Core, queries []retrieval.EvalQuery) (AnswerMetrics, error) {
	_, whole, err := EvaluateAnswerParts(ctx, core, queries, nil)
	return whole, err
}

// EvaluateAnswerParts is EvaluateAnswers also scoring apart the questions
// for which part holds (nil: none), each question asked once: the part
// reported on, beside the whole set.
func EvaluateAnswerParts(ctx context.Context, core *Core, queries []retrieval.EvalQuery, part func(retrieval.EvalQuery) bool) (reported, whole AnswerMetrics, err error) {
	lib := core.Library()
	if lib == nil {
		return reported, whole, ErrNoLibrary
	}
	var rt, wt answerTally
	for _, q := range queries {
		a, err := core.Ask(ctx, Question{Text: q.Question})
		if err != nil {
			return reported, whole, fmt.Errorf("evaluate answers: %s: %w", q.ID, err)
		}
		wt.add(q, a, lib)
		if part != nil && part(q) {
			rt.add(q, a, lib)
		}
	}
	return rt.done(), wt.done(), nil
}

// answerTally sums the figures of answers.
type answerTally struct {
	m     AnswerMetrics
	words int
}

// add scores the answer a to q.
func (t *answerTally) add(q retrieval.EvalQuery, a Answer, lib Library) {
	m := &t.m
	m.Questions++
	if a.Found {
		m.Found++
	}
	switch a.Verdict {
	case VerdictAnswered:
		m.Answered++
	case VerdictRelated:
		m.Related++
	default:
		m.NotFound++
	}
	answerable := q.IsAnswerable()
	if answerable {
		m.Answerable++
	} else {
		m.Unanswerable++
	}
	if a.Verdict == VerdictAnswered {
		if answerable {
			m.AnsweredAnswerable++
		} else {
			m.UnanswerableAnswered++
		}
	}
	if len(a.Citations) > maxQuotes {
		m.TooMany++
	}
	gold := false
	for i, c := range a.Citations {
		m.Quotes++
		t.words += len(strings.Fields(c.Quote))
		art, ok := lib.Article(c.DocID)
		if !ok || c.QuoteStart < 0 || c.QuoteEnd > len(art.Text) || c.QuoteStart > c.QuoteEnd || art.Text[c.QuoteStart:c.QuoteEnd] != c.Quote {
			m.Inexact++
			continue
		}
		if a.Verdict == VerdictAnswered && answerable {
			m.AnsweredQuotes++
			if c.DocID != q.DocID {
				m.OffArticle++
			}
		}
		if answerable && retrieval.IsHit(q, corpus.Chunk{DocID: c.DocID, Text: c.Quote}) {
			gold = true
			if i == 0 {
				m.GoldFirst++
				if a.Verdict == VerdictAnswered {
					m.GoldFirstAnswered++
				}
			}
		}
	}
	if gold {
		m.GoldQuoted++
	}
}

// done returns the figures with their rates.
func (t *answerTally) done() AnswerMetrics {
	m := t.m
	if m.Questions > 0 {
		m.FoundRate = float64(m.Found) / float64(m.Questions)
		// Gold answers are counted over the questions that have one.
		m.GoldRate = share(m.GoldQuoted, m.Answerable)
		m.GoldFirstRate = share(m.GoldFirst, m.Answerable)
	}
	if m.Quotes > 0 {
		m.QuoteWords = float64(t.words) / float64(m.Quotes)
	}
	return m
}
