package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/retrieval"
	"verbatim/retrieval/lexical"
)

// chitChat are words of greeting, politeness and asking that carry no
// topic ("Salut, dis-moi stp ce qu'a dit Peskov"), folded. They are left
// out of the question's terms, so that they neither lower its relevance
// nor steer the choice of sentences.
var chitChat = wordSet(`salut bonjour bonsoir coucou hello hi hey stp svp merci please thanks thank pls
	dis dites raconte racontez explique expliquez peux pouvez pourrais pourriez voudrais aimerais sais savez
	tell could would can you me moi`)

// dropChitChat returns question without its chit-chat words.
func dropChitChat(question string) string {
	var kept []string
	for _, w := range strings.Fields(question) {
		bare := lexical.Fold(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }))
		parts := strings.FieldsFunc(bare, func(r rune) bool { return r == '-' || r == '\'' })
		all := len(parts) > 0
		for _, p := range parts {
			all = all && chitChat[p]
		}
		if !all {
			kept = append(kept, w)
		}
	}
	if !strings.ContainsFunc(strings.Join(kept, " "), unicode.IsLetter) {
		return question // nothing but chit-chat: keep it as asked
	}
	return strings.Join(kept, " ")
}

// CrossLanguageMinRelevance is the least relevance of an offline answer
// to a question in another language than the passages found. Measured by
// TestRelevanceThreshold (-eval): at 0.5, 0.52 of the English questions
// of xq-en-de are found against 0.09 of dev/en's asked of French Wikinews;
// at DefaultMinRelevance those would be 0.60 and 0.18.
const CrossLanguageMinRelevance = 0.5

// Spelling of question words against the retrieved passages.
const (
	minCorrectRunes     = 5 // a lower-case word shorter than this is never corrected
	minCorrectNameRunes = 4 // nor a capitalised one shorter than this
)

// correctSpelling replaces each word of question that none of the
// passages holds (after analysis) by a word of the passages one edit away
// (a letter inserted, dropped, changed, or two adjacent ones swapped) with
// the same first letter, the most frequent one if several are: a
// misspelt name ("Guérasimov", "Moscovicci") then counts as the name the
// passages hold. Words in another script, with digits, or short are left
// as written. It returns the corrected question and the corrections made.
func correctSpelling(question, lang string, results []retrieval.Result) (string, int) {
	if len(results) == 0 {
		return question, 0
	}
	have := map[string]bool{}
	counts := map[string]int{}
	surface := map[string]string{}
	for _, r := range results {
		l := r.Chunk.Lang
		if l == "" {
			l = lang
		}
		for _, t := range lexical.Analyze(l, r.Chunk.Title+"\n"+r.Chunk.Text) {
			have[t] = true
		}
		for _, w := range strings.FieldsFunc(r.Chunk.Title+"\n"+r.Chunk.Text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			f := lexical.Fold(w)
			counts[f]++
			if _, ok := surface[f]; !ok {
				surface[f] = w
			}
		}
	}
	plang := results[0].Chunk.Lang
	if plang == "" {
		plang = lang
	}
	fixed := 0
	words := strings.Fields(question)
	for i, raw := range words {
		start := strings.IndexFunc(raw, func(r rune) bool { return !notWordRune(r) })
		if start < 0 {
			continue
		}
		end := strings.LastIndexFunc(raw, func(r rune) bool { return !notWordRune(r) })
		_, size := utf8.DecodeRuneInString(raw[end:])
		w := raw[start : end+size]
		if k := strings.IndexAny(w, "'’"); k >= 0 && k <= 3 {
			_, size := utf8.DecodeRuneInString(w[k:])
			start += k + size // an elision: correct the word after it
			w = w[k+size:]
		}
		rs := []rune(w)
		if len(rs) == 0 || !unicode.IsUpper(rs[0]) {
			continue // only names are respelt: common words have too many neighbours
		}
		first := rs[0]
		min := minCorrectRunes
		if unicode.IsUpper(first) {
			min = minCorrectNameRunes
		}
		if len(rs) < min || strings.ContainsFunc(w, unicode.IsDigit) || strings.ContainsAny(w, "-") {
			continue
		}
		terms := lexical.Analyze(plang, w)
		if len(terms) == 0 {
			continue // a stop word
		}
		known := false
		for _, t := range terms {
			known = known || have[t]
		}
		if known {
			continue
		}
		f := []rune(lexical.Fold(w))
		best, bestN := "", 0
		for cand, n := range counts {
			cr := []rune(cand)
			if cr[0] != f[0] || len(cr) < len(f)-1 || len(cr) > len(f)+1 || n < bestN || n == bestN && cand > best {
				continue
			}
			if withinOneEdit(f, cr) {
				best, bestN = cand, n
			}
		}
		if best == "" {
			continue
		}
		words[i] = raw[:start] + surface[best] + raw[start+len(w):]
		fixed++
	}
	return strings.Join(words, " "), fixed
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' && r != '-'
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion, substitution or swap of adjacent runes, and are not equal.
func withinOneEdit(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	switch {
	case len(a) == len(b):
		if i == len(a) {
			return false
		}
		if string(a[i+1:]) == string(b[i+1:]) {
			return true // substitution
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && string(a[i+2:]) == string(b[i+2:])
	case len(a)+1 == len(b):
		return string(a[i:]) == string(b[i+1:])
	}
	return false
}

// relevanceTerms returns the question's terms (analysed in l, the
// passages' language) that count for its relevance. When the question is
// in another language than the passages, only its names and numbers,
// written alike across languages, count: a word of the question's
// language is no evidence either way. Counting the words some passage
// also holds (cognates such as "mission", "radio") found English questions
// covered by French news for 0.42 of them (TestRelevanceThreshold).
func relevanceTerms(terms []weighted, question, qlang, l string) []weighted {
	if qlang == "" || l == "" || qlang == l {
		return terms
	}
	keep := map[string]bool{}
	for _, n := range questionNames(question) {
		for _, t := range lexical.Analyze(l, n) {
			keep[t] = true
		}
	}
	for n := range numbersIn(question) {
		for _, t := range lexical.Analyze(l, n) {
			keep[t] = true
		}
	}
	var out []weighted
	for _, t := range terms {
		if keep[t.term] {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		// No name, no number: all the words count, as within a language
		// (few match, and the question is rarely deemed covered offline;
		// in model mode the model judges).
		return terms
	}
	return out
}
