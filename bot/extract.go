package bot

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/corpus"
	"verbatim/retrieval"
	"verbatim/retrieval/lexical"
)

// DefaultMinRelevance is the relevance (see extraction.relevance) below
// which the corpus is deemed not to answer a question. Measured by
// TestRelevanceThreshold (-eval): questions asked of their own corpus are
// found 97% (dev/fr) and 100% (dev/en) of the time; asked of unrelated
// corpora, 0-3% are (wrongly) found, except the general-knowledge dev/fr
// questions against the French Wikinews corpus, 39%. With the relevance
// of the local IDF alone and a threshold of 0.35, those were 96.5% and
// 99.8%, 0-5% and 38%, and TestAnswerEval's French gold share 0.693
// instead of 0.700.
const DefaultMinRelevance = 0.335

// maxQuotes is the number of sentences an extractive answer quotes at most.
const maxQuotes = 3

// Scoring weights of candidate sentences, tuned jointly with DefaultK by
// coordinate ascent on one half of dev/fr and dev/en (even positions of
// queries.jsonl) and checked on the other half (odd positions). Only K=10
// and unseenTermCount=1 (was 8 and 0.5) raised the gold-quoted share on both
// halves: train fr 0.677 to 0.684, en 0.806 to 0.808; held-out fr 0.696 to
// 0.703, en 0.823 to 0.827. Both act mostly through the not-found gate:
// question terms found in no candidate sentence weigh less in relevance,
// and TestRelevanceThreshold still holds. Other steps gained on the train
// half only and were left as they were.
const (
	rankWeight      = 0.3  // times 1/(1+rank) of the passage
	typeBonus       = 0.15 // a date, number or name the question lacks, when it asks for one
	bigramWeight    = 0.1  // times the share of the question's term pairs found in order
	neighborWeight  = 0.2  // times the better coverage of the sentences around
	windowWeight    = 0.4  // times the coverage of the sentence with those around
	followerBonus   = 0.1  // for the sentence right after the best one
	entityWeight    = 0.1  // times the share of the question's names matched
	shortPenalty    = 0.15 // fewer than minWords words
	longPenalty     = 0.1  // more than maxWords words
	minWords        = 5
	maxWords        = 70
	followRatio     = 0.3 // a further sentence needs this share of the best score
	maxTermOverlap  = 0.6 // above this Jaccard of terms a sentence is redundant
	unseenTermCount = 1   // smoothing of document frequencies
	prefixRunes     = 5   // a question term matches a sentence term with its first prefixRunes runes
)

// sentence is one candidate sentence of a retrieved passage.
type sentence struct {
	rank       int
	res        retrieval.Result
	start, end int // byte offsets in the article text
	text       string
	terms      map[string]bool
	words      int
	coverage   float64
	score      float64
}

// extraction is the scoring of the sentences of retrieved passages against
// a question.
type extraction struct {
	lang      string
	sentences []sentence
	// chosen indexes the sentences an extractive answer quotes, best first.
	chosen []int
	// relevance is the coverage of the best passage (with its title): the
	// share of the question's terms it holds, weighted by their rarity. It
	// averages two estimates of rarity: the IDF over the candidate
	// sentences, and the IDF over the corpus's passages (terms the corpus
	// lacks weighing most). The corpus one tells a question whose rare
	// words the corpus lacks from one it answers better on a real corpus;
	// the local one stays meaningful on a tiny one (the seed has three
	// passages, where "dit", absent, would outweigh "Peskov").
	relevance float64
	// best maps a chunk ID to its best sentence.
	best map[string]int
}

// weighted is a question term and its weight.
type weighted struct {
	term   string
	weight float64
}

// questionKind flags what a question asks for.
type questionKind struct{ when, number, who, where bool }

var (
	whenCues   = []string{"quand", "quelle année", "quelle date", "en quelle", "depuis quand", "à quelle époque", "when", "what year", "which year", "what date", "what century", "quel siècle", "what decade"}
	numberCues = []string{"combien", "quel nombre", "quel pourcentage", "quelle proportion", "how many", "how much", "how long", "how old", "what percentage", "what number", "how far", "quelle taille", "quelle superficie", "quelle distance", "quel âge", "quel montant", "quelle somme"}
)

func kindOf(question string) questionKind {
	q := strings.ToLower(question)
	var k questionKind
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch w {
		case "qui", "who", "whom", "whose":
			k.who = true
		case "où", "where":
			k.where = true
		}
	}
	for _, c := range whenCues {
		if strings.Contains(q, c) {
			k.when = true
		}
	}
	for _, c := range numberCues {
		if strings.Contains(q, c) {
			k.number = true
		}
	}
	return k
}

// extract splits the retrieved passages into sentences and scores each
// against the question: IDF-weighted overlap of analysed terms (IDF over
// the candidate sentences; a term also matches one sharing its first
// prefixRunes runes, "protestante" and "protestantisme"), the same overlap over the
// sentence and its neighbours, a prior for the passage's rank, a bonus for
// dates and numbers when the question asks when or how many, a bonus for
// the question's names, and penalties for very short or very long
// sentences. It then picks up to three non-redundant sentences.
//
// Context words, carried over from an earlier question of the
// conversation, count for contextTermWeight of a question term. rarity
// weighs terms for the relevance (the index's Rarity); nil weighs them by
// their IDF over the candidate sentences.
func extract(question string, context []string, lang string, results []retrieval.Result, rarity func(lang, text string) map[string]float64) extraction {
	ex := extraction{lang: lang, best: map[string]int{}}
	qterms := map[string][]weighted{} // by passage language
	termsOf := func(l string) []weighted {
		if t, ok := qterms[l]; ok {
			return t
		}
		var t []weighted
		have := map[string]bool{}
		for _, term := range lexical.Analyze(l, question) {
			if !have[term] {
				have[term] = true
				t = append(t, weighted{term, 1})
			}
		}
		for _, term := range lexical.Analyze(l, strings.Join(context, " ")) {
			if !have[term] {
				have[term] = true
				t = append(t, weighted{term, contextTermWeight})
			}
		}
		qterms[l] = t
		return t
	}
	seen := map[string]bool{}
	df := map[string]int{}
	for rank, r := range results {
		c := r.Chunk
		l := c.Lang
		if l == "" {
			l = lang
		}
		for _, sp := range balancedSentences(c.Text) {
			s, e := corpus.TrimSpan(c.Text, sp[0], sp[1])
			if s >= e {
				continue
			}
			key := c.DocID + "#" + strconv.Itoa(c.Start+s)
			if seen[key] {
				continue
			}
			seen[key] = true
			text := c.Text[s:e]
			terms := map[string]bool{}
			for _, t := range lexical.Analyze(l, text) {
				terms[t] = true
			}
			for t := range terms {
				df[t]++
			}
			ex.sentences = append(ex.sentences, sentence{rank: rank, res: r, start: c.Start + s, end: c.Start + e,
				text: text, terms: terms, words: len(strings.Fields(text))})
		}
	}
	if len(ex.sentences) == 0 {
		return ex
	}
	n := float64(len(ex.sentences))
	idf := func(t string) float64 { return math.Log((n + 1) / (float64(df[t]) + unseenTermCount)) }
	// share is the IDF-weighted share of the question's terms (analysed in
	// l) for which hit holds.
	share := func(l string, hit func(term string) bool) float64 {
		return weightedShare(termsOf(l), idf, hit)
	}
	kind := kindOf(question)
	names := questionNames(question)
	qNumbers := numbersIn(question)
	qBigrams := bigrams(lexical.Analyze(lang, question))
	for i := range ex.sentences {
		s := &ex.sentences[i]
		l := s.res.Chunk.Lang
		if l == "" {
			l = lang
		}
		s.coverage = share(l, func(t string) bool { return s.terms[t] || prefixMatch(s.terms, t) })
		s.score = s.coverage + rankWeight/float64(1+s.rank)
		if answerTypeMatch(kind, s.text, qNumbers, names) {
			s.score += typeBonus
		}
		if len(qBigrams) > 0 {
			s.score += bigramWeight * float64(bigramHits(qBigrams, lexical.Analyze(l, s.text))) / float64(len(qBigrams))
		}
		if len(names) > 0 {
			folded := lexical.Fold(s.text)
			hits := 0
			for _, nm := range names {
				if containsWord(folded, nm) {
					hits++
				}
			}
			s.score += entityWeight * float64(hits) / float64(len(names))
		}
		switch {
		case s.words < minWords:
			s.score -= shortPenalty
		case s.words > maxWords:
			s.score -= longPenalty
		}
		id := s.res.Chunk.ID
		if b, ok := ex.best[id]; !ok || s.score > ex.sentences[b].score {
			ex.best[id] = i
		}
	}
	if neighborWeight > 0 {
		cov := make([]float64, len(ex.sentences))
		for i, s := range ex.sentences {
			cov[i] = s.coverage
		}
		for i := range ex.sentences {
			best := 0.0
			for _, j := range []int{i - 1, i + 1} {
				if j >= 0 && j < len(ex.sentences) && ex.sentences[j].res.Chunk.DocID == ex.sentences[i].res.Chunk.DocID {
					best = max(best, cov[j])
				}
			}
			ex.sentences[i].score += neighborWeight * best
		}
	}
	if windowWeight > 0 {
		// An answer sentence often names its subject only through the
		// sentence before ("Cependant, il est rappelé avec la flotte..."):
		// the question's terms found in the sentence or its neighbours count.
		window := make([]float64, len(ex.sentences))
		for i, s := range ex.sentences {
			l := s.res.Chunk.Lang
			if l == "" {
				l = lang
			}
			window[i] = share(l, func(t string) bool {
				hit := s.terms[t]
				for _, j := range []int{i - 1, i + 1} {
					if !hit && j >= 0 && j < len(ex.sentences) && ex.sentences[j].res.Chunk.DocID == s.res.Chunk.DocID {
						hit = ex.sentences[j].terms[t]
					}
				}
				return hit
			})
		}
		for i := range window {
			ex.sentences[i].score += windowWeight * window[i]
		}
	}
	rare := map[string]map[string]float64{} // rarity of the question's terms by language
	for _, r := range results {
		l := r.Chunk.Lang
		if l == "" {
			l = lang
		}
		terms := map[string]bool{}
		for _, t := range lexical.Analyze(l, r.Chunk.Title+"\n"+r.Chunk.Text) {
			terms[t] = true
		}
		hit := func(t string) bool { return terms[t] }
		rel := share(l, hit)
		if rarity != nil {
			w, ok := rare[l]
			if !ok {
				w = rarity(l, question+"\n"+strings.Join(context, " "))
				rare[l] = w
			}
			rel = (rel + weightedShare(termsOf(l), func(t string) float64 { return w[t] }, hit)) / 2
		}
		ex.relevance = max(ex.relevance, rel)
	}
	order := make([]int, len(ex.sentences))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ex.sentences[order[a]].score > ex.sentences[order[b]].score })
	top := ex.sentences[order[0]].score
	if b := order[0]; followerBonus > 0 && b+1 < len(ex.sentences) && ex.sentences[b+1].res.Chunk.DocID == ex.sentences[b].res.Chunk.DocID {
		// The sentence after the best one often holds the answer the best
		// one leads to ("A lightning bolt struck near him. Later telling his
		// father he was terrified of death...").
		ex.sentences[b+1].score += followerBonus
		sort.SliceStable(order[1:], func(a, c int) bool { return ex.sentences[order[1+a]].score > ex.sentences[order[1+c]].score })
	}
	for _, i := range order {
		if len(ex.chosen) == maxQuotes {
			break
		}
		s := ex.sentences[i]
		if len(ex.chosen) > 0 && s.score < followRatio*top {
			break
		}
		redundant := false
		for _, j := range ex.chosen {
			if jaccard(s.terms, ex.sentences[j].terms) > maxTermOverlap {
				redundant = true
			}
		}
		if !redundant {
			ex.chosen = append(ex.chosen, i)
		}
	}
	return ex
}

// weightedShare returns the share of the weight of terms (each its weight
// times the rarity of its term) held by those for which hit holds, 0 when
// they weigh nothing.
func weightedShare(terms []weighted, rarity func(term string) float64, hit func(term string) bool) float64 {
	var total, matched float64
	for _, t := range terms {
		w := t.weight * rarity(t.term)
		total += w
		if hit(t.term) {
			matched += w
		}
	}
	if total == 0 {
		return 0
	}
	return matched / total
}

// maxMergedSentences bounds how many sentences balancedSentences joins.
const maxMergedSentences = 4

// balancedSentences returns the sentence spans of text, joining sentences
// that open a quotation with the following ones up to the sentence that
// closes it (at most maxMergedSentences), so that a quote never starts or
// stops inside a quotation: « A. B », dit-il. is one sentence.
func balancedSentences(text string) [][2]int {
	spans := corpus.Sentences(text)
	var out [][2]int
	for i := 0; i < len(spans); i++ {
		sp := spans[i]
		depth := quoteDepth(text[sp[0]:sp[1]])
		for j := i + 1; depth > 0 && j < len(spans) && j-i < maxMergedSentences; j++ {
			d := depth + quoteDepth(text[spans[j][0]:spans[j][1]])
			if d < 0 {
				break
			}
			depth = d
			sp[1] = spans[j][1]
			i = j
		}
		out = append(out, sp)
	}
	return out
}

// quoteDepth is the number of quotations s opens and leaves open (negative
// when it closes more than it opens).
func quoteDepth(s string) int {
	return strings.Count(s, "«") - strings.Count(s, "»") + strings.Count(s, "“") - strings.Count(s, "”")
}

// bestIn returns the article offsets of the best sentence of a passage,
// or of the whole passage when it has none.
func (ex extraction) bestIn(chunkID string) (start, end int) {
	if i, ok := ex.best[chunkID]; ok {
		return ex.sentences[i].start, ex.sentences[i].end
	}
	for _, s := range ex.sentences {
		if s.res.Chunk.ID == chunkID {
			return s.res.Chunk.Start, s.res.Chunk.End
		}
	}
	return 0, 0
}

// offlineAnswer fills ans with the chosen sentences, grouped by article
// under its title and date, each quoted with its citation number. The best
// sentence comes first: the reader sees the answer before its context.
func offlineAnswer(ans Answer, ex extraction) Answer {
	if len(ex.chosen) == 0 {
		return notFound(ans)
	}
	var groups [][]int
	groupOf := map[string]int{}
	for _, i := range ex.chosen {
		doc := ex.sentences[i].res.Chunk.DocID
		g, ok := groupOf[doc]
		if !ok {
			g = len(groups)
			groupOf[doc] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	open, close := `"`, `"`
	if ans.Lang == "fr" {
		open, close = "«\u00a0", "\u00a0»"
	}
	var b strings.Builder
	for gi, g := range groups {
		if gi > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(header(ex.sentences[g[0]].res.Chunk, ans.Lang))
		for _, i := range g {
			s := ex.sentences[i]
			n := len(ans.Citations) + 1
			c := s.res.Chunk
			ans.Citations = append(ans.Citations, Citation{N: n, Quote: s.text, DocID: c.DocID, ChunkID: c.ID,
				Title: c.Title, Date: c.Date, URL: c.URL, Verified: true, QuoteStart: s.start, QuoteEnd: s.end, Passage: c})
			b.WriteString("\n" + open + s.text + close + " [" + strconv.Itoa(n) + "]")
		}
	}
	ans.Text = b.String()
	ans.Found = true
	return ans
}

// header introduces the quotes of one article: «D'après « Titre » (avril
// 2025) :» or «According to "Title" (April 2025):».
func header(c corpus.Chunk, lang string) string {
	title := c.Title
	if title == "" {
		title = c.DocID
	}
	date := c.Date.Display(lang)
	if lang == "fr" {
		h := "D'après «\u00a0" + title + "\u00a0»"
		if date != "" {
			h += " (" + date + ")"
		}
		return h + "\u00a0:"
	}
	h := `According to "` + title + `"`
	if date != "" {
		h += " (" + date + ")"
	}
	return h + ":"
}

// questionNames returns the folded capitalised words of a question that
// are not its first word: likely names of people, places or bodies.
func questionNames(q string) []string {
	var out []string
	for i, w := range strings.Fields(q) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if i == 0 || w == "" {
			continue
		}
		if k := strings.IndexAny(w, "'’"); k >= 0 && k <= 5 {
			_, size := utf8.DecodeRuneInString(w[k:])
			w = w[k+size:] // drop an elision such as l' or qu'
		}
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) && utf8.RuneCountInString(w) > 1 {
			out = append(out, lexical.Fold(w))
		}
	}
	return unique(out)
}

// prefixMatch reports whether terms holds a term starting with the first
// prefixRunes runes of q, when q has at least that many: stems of one word
// that the stemmer leaves apart ("nourrir", "nourriture").
func prefixMatch(terms map[string]bool, q string) bool {
	n := 0
	for i := range q {
		if n == prefixRunes {
			q = q[:i]
			break
		}
		n++
	}
	if n < prefixRunes {
		return false
	}
	for t := range terms {
		if strings.HasPrefix(t, q) {
			return true
		}
	}
	return false
}

// containsWord reports whether folded text holds w as a whole word.
func containsWord(text, w string) bool {
	for off := 0; ; {
		k := strings.Index(text[off:], w)
		if k < 0 {
			return false
		}
		s, e := off+k, off+k+len(w)
		if boundary(text, s, e) {
			return true
		}
		off = s + 1
	}
}

// answerTypeMatch reports whether sentence holds the kind of answer the
// question asks for and does not hold itself: a number or month (when, how
// many) or a name (who, where).
func answerTypeMatch(k questionKind, sentence string, qNumbers map[string]bool, qNames []string) bool {
	if k.when || k.number {
		for n := range numbersIn(sentence) {
			if !qNumbers[n] {
				return true
			}
		}
		if k.when && !k.number && hasMonth(sentence) {
			return true
		}
	}
	if k.who || k.where {
		have := map[string]bool{}
		for _, n := range qNames {
			have[n] = true
		}
		for _, n := range questionNames(sentence) {
			if !have[n] {
				return true
			}
		}
	}
	return false
}

// numbersIn returns the digit runs of s.
func numbersIn(s string) map[string]bool {
	out := map[string]bool{}
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out[s[start:i]] = true
			start = -1
		}
	}
	return out
}

// hasMonth reports whether s names a month.
func hasMonth(s string) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if _, ok := corpus.ParseMonth(strings.Trim(w, ".,;:()")); ok {
			return true
		}
	}
	return false
}

// bigrams returns the pairs of consecutive terms.
func bigrams(terms []string) map[[2]string]bool {
	out := map[[2]string]bool{}
	for i := 0; i+1 < len(terms); i++ {
		out[[2]string{terms[i], terms[i+1]}] = true
	}
	return out
}

// bigramHits counts the pairs of want found consecutive in terms.
func bigramHits(want map[[2]string]bool, terms []string) int {
	n := 0
	seen := map[[2]string]bool{}
	for i := 0; i+1 < len(terms); i++ {
		b := [2]string{terms[i], terms[i+1]}
		if want[b] && !seen[b] {
			seen[b] = true
			n++
		}
	}
	return n
}

func unique(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for t := range a {
		if b[t] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
