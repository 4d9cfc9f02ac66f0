package quotes

import (
	"sort"
	"strings"

	"verbatim/analysis"
	"verbatim/corpus"
)

// Reported returns the sentences of a that report someone's speech
// without quoting it, with their speaker: a sentence holding a speech
// verb or "selon X" outside its quotation marks, mostly not quoted
// (a quotation is Attribute's), whose speaker the rules find ("Valéry
// Guérassimov a annoncé la fin de l'opération", "Selon l'AFP, …", "…, a
// indiqué la direction d'HP"). A Quote of Reported spans the whole
// sentence; sentences whose speaker is not found are left out.
func Reported(a corpus.Article) []Quote {
	text := a.Text
	spans := quoteSpans(text)
	quoted := Attribute(a)
	sents := analysis.Sentences(text)
	var out []Quote
	var nouns map[string]bool // German common nouns of text, when needed
	lastSpeaker := func(before int) string {
		// The speaker of the nearest quotation or reported sentence
		// ending before this sentence, not too far back.
		best, end := "", -1
		for _, q := range quoted {
			if q.Speaker != "" && q.End <= before && q.End > end {
				best, end = q.Speaker, q.End
			}
		}
		for _, q := range out {
			if q.End <= before && q.End > end {
				best, end = q.Speaker, q.End
			}
		}
		if end < 0 || before-end > 1500 {
			return ""
		}
		return best
	}
	for _, sp := range sents {
		s, e := analysis.TrimSpan(text, sp[0], sp[1])
		if e <= s || strings.Contains(text[s:e], "\n") {
			continue
		}
		blanked, n := blankSpans(text, s, e, spans)
		if 2*n > e-s {
			continue
		}
		toks := tokenize(blanked)
		if a.Lang == "de" {
			// "Die Lage sei ernst, so Merkel.": German reported speech
			// with "so" and the speaker ending the sentence.
			if speaker := germanSoAfter(toks); speaker != "" {
				if nouns == nil {
					nouns = germanNouns(text)
				}
				out = append(out, Quote{DocID: a.ID, Start: s, End: e, Speaker: dropNouns(speaker, nouns)})
				continue
			}
		}
		if !hasSpeechWord(toks) {
			continue
		}
		recent := lastSpeaker(s)
		resolve := func() string {
			if p := onePerson(text[max(paragraphStart(text, s), sentenceBack(sents, s, 1)):s]); p != "" {
				return p
			}
			if recent != "" {
				return recent
			}
			return onePerson(text[max(0, sentenceBack(sents, s, 2)):s])
		}
		describe := func() string {
			if recent != "" {
				return recent
			}
			return onePerson(text[max(paragraphStart(text, s), sentenceBack(sents, s, 2)):s])
		}
		if speaker := reportedSpeaker(toks, text, resolve, describe); speaker != "" {
			out = append(out, Quote{DocID: a.ID, Start: s, End: e, Speaker: speaker})
		}
	}
	return out
}

// blankSpans returns text[s:e] with the quotations of spans (marks
// included) replaced by spaces, and how many bytes it blanked.
func blankSpans(text string, s, e int, spans []span) (string, int) {
	b := []byte(text[s:e])
	n := 0
	k := sort.Search(len(spans), func(i int) bool { return spans[i].close >= s })
	for ; k < len(spans) && spans[k].open < e; k++ {
		from, to := max(spans[k].open, s), min(spans[k].close+len(string(firstRune(text[spans[k].close:]))), e)
		for i := from; i < to; i++ {
			b[i-s] = ' '
			n++
		}
	}
	return string(b), n
}

// hasSpeechWord reports whether toks hold a speech verb or a word such as
// "selon".
func hasSpeechWord(toks []token) bool {
	for i, t := range toks {
		if _, _, ok := verbOf(t); ok && t.word && !nounUse(toks, i) || accordingTo[t.folded] {
			return true
		}
	}
	return false
}

// reportedSpeaker returns the speaker of a sentence of reported speech:
// the subject of its first speech verb that has one, before it ("X a
// annoncé que…") or after it ("…, a indiqué X"), else the X of "selon
// X"; "" when none is named.
func reportedSpeaker(toks []token, text string, resolve, describe func() string) string {
	for v, t := range toks {
		verb, inverted, ok := verbOf(t)
		if !ok || !t.word || nounUse(toks, v) {
			continue
		}
		if inverted {
			return resolve()
		}
		// "…, a indiqué la direction": the subject after the verb when a
		// comma (and auxiliaries) stand before it.
		k := v - 1
		for k >= 0 && toks[k].word && between[toks[k].folded] && !pronouns[toks[k].folded] {
			k--
		}
		// Not when "que"/"that" follows the verb: its object clause
		// comes next, so its subject stands before ("Dmitri Peskov,
		// porte-parole du Kremlin, a confirmé que la Russie …").
		if k >= 0 && !toks[k].word && toks[k].text == "," && !strings.HasSuffix(verb, "ant") && !opensClause(toks[v+1:]) {
			rest := toks[v+1:]
			if len(rest) > 0 && pronouns[rest[0].folded] {
				return resolve()
			}
			c := clause(rest)
			if name := firstSpeakerName(c); name != "" {
				return name
			}
			if name := voiceOf(c); name != "" {
				return name
			}
			if describesSpeaker(c) {
				return describe()
			}
		}
		if speaker, found := attributeBeforeTokens(toks[:v+1], text, resolve, describe); found && speaker != "" {
			return speaker
		}
	}
	speaker, _ := attributeBeforeTokens(toks, text, resolve, describe)
	return speaker
}

// opensClause reports whether toks open a complement clause ("que la
// Russie…", "qu'il…", "that…", "dass…", "что…", "que…").
func opensClause(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	switch toks[0].folded {
	case "que", "qu'", "that", "dass", "что", "si":
		return true
	}
	return false
}

// germanSoAfter returns the speaker of a German sentence ending in ", so
// X" ("Die Lage sei ernst, so Merkel.", "…, so der Sprecher Peter
// Müller."), else "". The name must end the sentence: elsewhere "so" is
// no speech word ("so dass", "so schnell").
func germanSoAfter(toks []token) string {
	for i := 1; i+1 < len(toks); i++ {
		if toks[i-1].text != "," || toks[i].folded != "so" {
			continue
		}
		speaker, ok := germanSo(toks[i:])
		if !ok {
			continue
		}
		rest := toks[i+1:]
		last := len(rest)
		for last > 0 && !rest[last-1].word {
			last--
		}
		if r := names(rest[:last]); len(r) > 0 && r[len(r)-1].name == speaker && r[len(r)-1].to == last {
			return speaker
		}
	}
	return ""
}
