package engine

import (
	"math"
	"strings"
	"unicode"

	"verbatim/retrieval"
	"verbatim/retrieval/lexical"
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
	// MissingRare is the rarity of the rarest question term that the
	// quote's article (its passages found, with its title) lacks, over
	// that of the question's rarest term: a question about something the
	// article never mentions ("Super Bowl 49" of an article on the 50th).
	MissingRare float64 `json:"missing_rare"`
	// MissingName is the share of the question's names and numbers that
	// the quote's article lacks.
	MissingName float64 `json:"missing_name"`
	// Negated is 1 when the question holds a negation the quote lacks.
	Negated float64 `json:"negated"`
}

// featureNames are the names of Evidence's fields in vector order; the
// verdict model's weights are keyed by them.
var featureNames = []string{"relevance", "similarity", "coverage", "window", "passage", "bigram", "asked", "typed",
	"near", "names", "has_names", "named", "margin", "score", "rank", "concentration", "terms", "cross_lang", "follow_up",
	"missing_rare", "missing_name", "negated"}

// vector returns e's features in featureNames order.
func (e Evidence) vector() []float64 {
	return []float64{e.Relevance, e.Similarity, e.Coverage, e.Window, e.Passage, e.Bigram, e.Asked, e.Typed,
		e.Near, e.Names, e.HasNames, e.Named, e.Margin, e.Score, e.Rank, e.Concentration, e.Terms, e.CrossLang, e.FollowUp,
		e.MissingRare, e.MissingName, e.Negated}
}

// judgment is what one question's passages say: the extraction, its
// judged relevance, and what the search found.
type judgment struct {
	ex extraction
	// fitted, when set, is the extraction the verdict reads the quotes'
	// evidence from: the same sentences scored as the verdict model was
	// fitted, where ex chose the quotes otherwise (Core.scoring).
	fitted   *extraction
	found    retrieval.Found
	lang     string
	followUp bool
	// terms counts the question's content terms.
	terms int
	// question is the question as judged; rarity weighs its terms in its
	// language (nil without corpus statistics).
	question string
	rarity   map[string]float64
}

// evidenceOf returns the evidence of quote q of j.ex.
func (j judgment) evidenceOf(q quote) Evidence {
	ex := j.ex
	if j.fitted != nil {
		ex = *j.fitted
	}
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
	e.Margin = e.Score
	if !math.IsInf(other, -1) {
		e.Margin = e.Score - other
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
	if e.CrossLang == 0 {
		e.MissingRare, e.MissingName = j.missing(doc)
		if hasNegation(j.lang, j.question) && !hasNegation(j.lang, s.text) {
			e.Negated = 1
		}
	}
	return e
}

// missing returns MissingRare and MissingName of the article doc: what
// the question names that the passages found of doc, with its title, do
// not hold.
func (j judgment) missing(doc string) (rare, names float64) {
	held := map[string]bool{}
	var text strings.Builder
	for _, r := range j.found.Results {
		if r.Chunk.DocID == doc {
			text.WriteString(r.Chunk.Title + "\n" + r.Chunk.Text + "\n")
		}
	}
	for _, t := range lexical.Analyze(j.lang, text.String()) {
		held[t] = true
	}
	top, miss := 0.0, 0.0
	for _, t := range lexical.Analyze(j.lang, dropChitChat(j.question)) {
		w := 1.0
		if j.rarity != nil {
			w = j.rarity[t]
		}
		top = max(top, w)
		if !held[t] && !prefixMatch(held, t) {
			miss = max(miss, w)
		}
	}
	if top > 0 {
		rare = miss / top
	}
	folded := lexical.Fold(text.String())
	asked := questionNames(j.question)
	for n := range numbersIn(j.question) {
		asked = append(asked, n)
	}
	lacking := 0
	for _, n := range asked {
		if !containsWord(folded, n) {
			lacking++
		}
	}
	if len(asked) > 0 {
		names = float64(lacking) / float64(len(asked))
	}
	return rare, names
}

// negations are the words of a negation, folded, by language.
var negations = map[string]map[string]bool{
	"en": wordSet("not never no none nobody nothing neither nor without n't cannot"),
	"fr": wordSet("ne n pas jamais aucun aucune rien personne sans ni"),
	"de": wordSet("nicht nie niemals kein keine keinen keiner nichts ohne"),
	"es": wordSet("no nunca jamas ningun ninguna nada nadie sin ni"),
	"ru": wordSet("не нет никогда ни без"),
}

// hasNegation reports whether text, in lang, holds a negation.
func hasNegation(lang, text string) bool {
	neg := negations[lang]
	if neg == nil {
		return false
	}
	lower := strings.ToLower(text)
	if lang == "en" && (strings.Contains(lower, "n't") || strings.Contains(lower, "n’t")) {
		return true
	}
	for _, w := range strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if neg[lexical.Fold(w)] {
			return true
		}
	}
	return false
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
