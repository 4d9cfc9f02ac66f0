package engine

import (
	"math"
	"strings"

	"verbatim/retrieval"
)

// Evidence is what the verdict reads of one quote of an answer: how well
// the quoted sentence, its passage and its article cover the question,
// whether it holds what the question asks for, and how it stands against
// the other passages. It is computed in one place (evidenceOf) and read
// by one model (VerdictModel).
type Evidence struct {
	// Relevance is the judged coverage of the question by the best
	// article (extraction.relevance after the similarity floor).
	Relevance float64 `json:"relevance"`
	// Similarity is the cosine of the question and its nearest passage
	// (0 when passages were found by words alone).
	Similarity float64 `json:"similarity"`
	// Coverage is the quoted sentence's weighted share of the question's
	// terms; Window the same over the sentence and its neighbours.
	Coverage float64 `json:"coverage"`
	Window   float64 `json:"window"`
	// Passage is the quote's passage coverage over the best passage's.
	Passage float64 `json:"passage"`
	// Bigram is the share of the question's term pairs found in order.
	Bigram float64 `json:"bigram"`
	// Asked is 1 when the question asks for a kind of answer (who, when,
	// how many, where, a name); Typed is 1 when the quote holds one.
	Asked float64 `json:"asked"`
	Typed float64 `json:"typed"`
	// Near is how close what is asked for stands to the question's words.
	Near float64 `json:"near"`
	// Names is the share of the question's names the sentence holds;
	// HasNames is 1 when the question has names, Named when a passage in
	// the question's language holds one as a name.
	Names    float64 `json:"names"`
	HasNames float64 `json:"has_names"`
	Named    float64 `json:"named"`
	// Margin is the quote's score less the best score of a sentence of
	// another article (the quote's own score when no other article).
	Margin float64 `json:"margin"`
	// Score is the sentence's extraction score.
	Score float64 `json:"score"`
	// Rank is 1/(1+rank) of the quote's passage.
	Rank float64 `json:"rank"`
	// Concentration is the share of the passages found that come from
	// the quote's article.
	Concentration float64 `json:"concentration"`
	// Terms is log(1+n) of the question's content terms.
	Terms float64 `json:"terms"`
	// CrossLang is 1 when the passages are not in the question's
	// language; FollowUp when the question continues a conversation.
	CrossLang float64 `json:"cross_lang"`
	FollowUp  float64 `json:"follow_up"`
}

// featureNames are the names of Evidence's fields in vector order; the
// verdict model's weights are keyed by them.
var featureNames = []string{"relevance", "similarity", "coverage", "window", "passage", "bigram", "asked", "typed",
	"near", "names", "has_names", "named", "margin", "score", "rank", "concentration", "terms", "cross_lang", "follow_up"}

// vector returns e's features in featureNames order.
func (e Evidence) vector() []float64 {
	return []float64{e.Relevance, e.Similarity, e.Coverage, e.Window, e.Passage, e.Bigram, e.Asked, e.Typed,
		e.Near, e.Names, e.HasNames, e.Named, e.Margin, e.Score, e.Rank, e.Concentration, e.Terms, e.CrossLang, e.FollowUp}
}

// judgment is what one question's passages say: the extraction, its
// judged relevance, and what the search found.
type judgment struct {
	ex       extraction
	found    retrieval.Found
	lang     string
	followUp bool
	// terms counts the question's content terms.
	terms int
}

// evidenceOf returns the evidence of quote q of j.ex.
func (j judgment) evidenceOf(q quote) Evidence {
	ex := j.ex
	s := ex.sentences[q.best]
	doc := s.res.Chunk.DocID
	e := Evidence{
		Relevance: ex.relevance,
		Coverage:  s.coverage,
		Window:    s.feat[featWindow],
		Passage:   s.feat[featScore],
		Bigram:    s.feat[featBigram],
		Near:      s.feat[featNear],
		Names:     s.feat[featEntity],
		Score:     s.score,
		Rank:      s.feat[featRank],
		Terms:     math.Log1p(float64(j.terms)),
	}
	if len(j.found.Results) > 0 && !j.found.Results[0].WordsOnly {
		e.Similarity = j.found.Similarity
	}
	if ex.kind.any() {
		e.Asked = 1
		e.Typed = max(s.feat[featWho], s.feat[featWhen], s.feat[featNumber], s.feat[featWhere])
	}
	if ex.hasNames {
		e.HasNames = 1
	}
	if ex.named {
		e.Named = 1
	}
	other := math.Inf(-1)
	for _, o := range ex.sentences {
		if !o.heading && o.res.Chunk.DocID != doc {
			other = max(other, o.score)
		}
	}
	e.Margin = s.score
	if !math.IsInf(other, -1) {
		e.Margin = s.score - other
	}
	same := 0
	for _, r := range j.found.Results {
		if r.Chunk.DocID == doc {
			same++
		}
	}
	if n := len(j.found.Results); n > 0 {
		e.Concentration = float64(same) / float64(n)
	}
	if !inQuestionLang(j.lang, j.found.Results) {
		e.CrossLang = 1
	}
	if j.followUp {
		e.FollowUp = 1
	}
	return e
}

// contentTermCount counts the distinct terms of question in lang that
// scoring reads.
func contentTermCount(question, lang string) int {
	seen := map[string]bool{}
	for _, t := range scoringTerms(lang, lang, dropChitChat(question)) {
		seen[strings.ToLower(t)] = true
	}
	return len(seen)
}
