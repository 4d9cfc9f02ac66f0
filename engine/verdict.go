package engine

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"

	"verbatim/retrieval"
)

// Verdict says what an answer is worth.
type Verdict string

// The three verdicts.
const (
	// VerdictAnswered: the quotes answer the question.
	VerdictAnswered Verdict = "answered"
	// VerdictRelated: passages on the topic exist but none answers; they
	// are shown as the closest passages, never as an answer.
	VerdictRelated Verdict = "related"
	// VerdictNotFound: nothing relevant.
	VerdictNotFound Verdict = "not_found"
)

// VerdictModel is the fitted decision between the verdicts: a logistic
// regression over Evidence that estimates the chance that a quote answers
// its question, and the bars applied to it. It is fitted by
// TestFitVerdict (see docs/verdict.md) on the training part of the
// evaluation sets and stored in verdict_model.json.
type VerdictModel struct {
	// Version names the fit; Fitted says how (command, training part).
	Version string `json:"version"`
	Fitted  string `json:"fitted"`
	// Features names the inputs in order; Mean and Scale standardise
	// them; Weights and Bias are the regression's.
	Features []string  `json:"features"`
	Mean     []float64 `json:"mean"`
	Scale    []float64 `json:"scale"`
	Weights  []float64 `json:"weights"`
	Bias     float64   `json:"bias"`
	// AnswerBar is the least chance for the verdict answered; a quote of
	// another article than the first one's is kept in an answer only when
	// its own chance reaches it too (two sources confirming).
	AnswerBar float64 `json:"answer_bar"`
	// CrossLanguageAnswerBar replaces AnswerBar for an offline answer
	// from passages in another language than the question's, whose
	// evidence (names, numbers, cognates) makes the model surer than it
	// should be: at AnswerBar, the answered training questions across
	// languages held the answer in their first quote 0.60 of the time,
	// against 0.68 aimed at within a language (crossLanguageBar). Zero
	// means AnswerBar.
	CrossLanguageAnswerBar float64 `json:"cross_language_answer_bar,omitempty"`
}

// answerBar is the least chance for the verdict answered, across
// languages (offline, see CrossLanguageAnswerBar) or within one.
func (m VerdictModel) answerBar(crossLanguage bool) float64 {
	if crossLanguage && m.CrossLanguageAnswerBar > 0 {
		return m.CrossLanguageAnswerBar
	}
	return m.AnswerBar
}

//go:embed verdict_model.json
var shippedVerdictModel []byte

// ShippedVerdictModel returns the verdict model shipped with the binary.
func ShippedVerdictModel() VerdictModel {
	m, err := ParseVerdictModel(shippedVerdictModel)
	if err != nil {
		panic(err) // the embedded file is checked by TestShippedVerdictModel
	}
	return m
}

// ParseVerdictModel reads a model written by TestFitVerdict and checks
// that it reads today's features.
func ParseVerdictModel(b []byte) (VerdictModel, error) {
	var m VerdictModel
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("verdict model: %w", err)
	}
	if len(m.Features) != len(featureNames) || len(m.Mean) != len(m.Features) || len(m.Scale) != len(m.Features) || len(m.Weights) != len(m.Features) {
		return m, fmt.Errorf("verdict model %q: %d features, want %d", m.Version, len(m.Features), len(featureNames))
	}
	for i, f := range m.Features {
		if f != featureNames[i] {
			return m, fmt.Errorf("verdict model %q: feature %d is %q, want %q", m.Version, i, f, featureNames[i])
		}
	}
	return m, nil
}

// Chance returns the model's estimate that the quote with evidence e
// answers its question.
func (m VerdictModel) Chance(e Evidence) float64 {
	z := m.Bias
	for i, v := range e.vector() {
		s := m.Scale[i]
		if s == 0 {
			s = 1
		}
		z += m.Weights[i] * (v - m.Mean[i]) / s
	}
	return 1 / (1 + math.Exp(-z))
}

// decision is the verdict on one question's passages and the quotes an
// answer shows, best first.
type decision struct {
	verdict Verdict
	// chance is the first quote's chance of answering.
	chance float64
	quotes []quote
	// reason says why, for Answer.Reason.
	reason string
}

// decide is the one place where a question's verdict is taken: not_found
// when the passages fall below the relevance bar (Core.minRelevance) or
// yield no quote; otherwise the quotes are ordered by their chance of
// answering, and the verdict is answered when the first one's chance
// reaches the model's bar and the question's period has articles (a
// relaxed date phrase never answers; when the date phrase is read as
// content, the quotes that write a date of it come first, and none
// writing it, none answers), related
// otherwise. An answered answer keeps the quotes of the first quote's
// article and, of other articles, only those that answer too; a related
// one shows the closest passages.
func (c *Core) decide(j judgment) decision {
	ex := j.ex
	if len(ex.chosen) == 0 {
		return decision{verdict: VerdictNotFound, reason: "no sentence to quote"}
	}
	minRel := c.minRelevance(j.lang, j.found.Results, j.followUp)
	if minRel > 0 && ex.relevance < minRel {
		return decision{verdict: VerdictNotFound, reason: fmt.Sprintf("relevance %.2f < %.2f", ex.relevance, minRel)}
	}
	across := !inQuestionLang(j.lang, j.found.Results)
	bar := c.verdict.answerBar(across && c.model == nil)
	chances := make([]float64, len(ex.chosen))
	docs := make([]string, len(ex.chosen))
	unwritten := make([]bool, len(ex.chosen))
	for i, q := range ex.chosen {
		chances[i] = c.verdict.Chance(j.evidenceOf(q))
		docs[i] = ex.sentences[q.best].res.Chunk.DocID
		unwritten[i] = j.found.DateInText && !writesDate(ex, q, j.found)
	}
	order, kept := rankQuotes(dateFirst(chances, unwritten), docs, bar)
	d := decision{chance: chances[order[0]]}
	var all []quote
	for _, i := range order {
		all = append(all, ex.chosen[i])
	}
	crossModel := c.model != nil && across
	switch {
	case j.found.Relaxed:
		d.verdict, d.quotes, d.reason = VerdictRelated, all, "no article in the period asked about"
		return d
	case unwritten[order[0]]:
		// A date that dates no article is what the question asks about:
		// a quote that does not write it does not answer.
		d.verdict, d.quotes, d.reason = VerdictRelated, all, "no quote writes the date asked about"
		return d
	case crossModel:
		// Across languages the model, which reads both, judges the
		// passages: it says when they do not answer (then related), and
		// the offline evidence, fitted on words, reads little there.
		d.verdict, d.quotes, d.reason = VerdictAnswered, all, "across languages, the model judges"
		return d
	case d.chance < bar:
		d.verdict, d.quotes = VerdictRelated, all
		d.reason = fmt.Sprintf("chance %.2f < bar %.2f", d.chance, bar)
		return d
	}
	d.verdict = VerdictAnswered
	d.reason = fmt.Sprintf("chance %.2f ≥ bar %.2f", d.chance, bar)
	for _, i := range kept {
		d.quotes = append(d.quotes, ex.chosen[i])
	}
	return d
}

// rankQuotes orders quotes by their chances of answering, likeliest
// first, and returns with them the quotes an answered answer keeps, in
// that order: those of the first quote's article (docs) and, of other
// articles, those whose chance reaches bar too (no padding).
func rankQuotes(chances []float64, docs []string, bar float64) (order, kept []int) {
	order = make([]int, len(chances))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return chances[order[a]] > chances[order[b]] })
	for _, i := range order {
		if docs[i] == docs[order[0]] || chances[i] >= bar {
			kept = append(kept, i)
		}
	}
	return order, kept
}

// dateFirst returns the chances by which quotes are ranked when the
// question's date is part of its content: those of the quotes that do
// not write it (unwritten) put below any that does, and below the bar,
// so a quote writing the date answers first and the others are kept
// only from its article.
func dateFirst(chances []float64, unwritten []bool) []float64 {
	out := slices.Clone(chances)
	for i, u := range unwritten {
		if u {
			out[i]-- // chances are in [0, 1]
		}
	}
	return out
}

// writesDate reports whether quote q writes a date of the range of f's
// date phrase read as content (retrieval.WritesDate).
func writesDate(ex extraction, q quote, f retrieval.Found) bool {
	text, _, _ := ex.text(q)
	return retrieval.WritesDate(text, f.TextFrom, f.TextTo)
}
