// Package quotes finds who said what in news articles: quotations and
// their speakers (Attribute), where a quote someone was sent comes from
// (Check), and the dated passages about a topic in order (Timeline).
package quotes

import (
	"sort"
	"strings"
	"unicode/utf8"

	"verbatim/analysis"
	"verbatim/corpus"
)

// Quote is one quotation of an article: the quoted words are
// Text[Start:End] of the article, without their quotation marks.
type Quote struct {
	DocID string `json:"doc_id"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Speaker is the speaker's name as the article writes it, "" when the
	// article does not say (or not unambiguously) who said it.
	Speaker string `json:"speaker,omitempty"`
}

// Text returns the quoted words in the article's text.
func (q Quote) Text(articleText string) string { return articleText[q.Start:q.End] }

// span is a quotation found in a text: its marks at open and close (byte
// offsets of the marks themselves) and its trimmed words [start, end).
type span struct {
	open, close int
	start, end  int
}

// quoteSpans returns the outermost quotations of text in order: each
// opening mark is closed by the first mark that may close it (see
// analysis.QuoteClosers), nested quotations are part of the outer one, and
// a quotation still open at a blank line is dropped (an unbalanced mark).
func quoteSpans(text string) []span {
	type opened struct {
		r   rune
		pos int
	}
	var stack []opened
	var out []span
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n' && strings.HasPrefix(text[i+1:], "\n"):
			stack = stack[:0]
		case analysis.IsQuoteMark(r):
			closed := false
			for k := len(stack) - 1; k >= 0; k-- {
				closers, _ := analysis.QuoteClosers(stack[k].r)
				if strings.ContainsRune(closers, r) {
					if k == 0 {
						s, e := analysis.TrimSpan(text, stack[0].pos+utf8.RuneLen(stack[0].r), i)
						if e > s {
							out = append(out, span{open: stack[0].pos, close: i, start: s, end: e})
						}
					}
					stack = stack[:k]
					closed = true
					break
				}
			}
			if !closed {
				if _, opens := analysis.QuoteClosers(r); opens {
					stack = append(stack, opened{r, i})
				}
			}
		}
		i += size
	}
	return out
}

// Attribute returns the quotations of a (every span between quotation
// marks) with their speakers, in text order. A speaker is named by a
// speech verb next to the quotation ("», a déclaré X", "X said: “…”",
// "Selon X, « … »", "— заявил X", "sagte X", "dijo X"); a pronoun ("a-t-il
// déclaré", "selon lui") takes the speaker of the quotation just before
// when there is one, else the one person named in the sentences before,
// else none; a quotation that opens a sentence with no attribution of its
// own continues the quotation of the sentence before.
func Attribute(a corpus.Article) []Quote {
	text := a.Text
	spans := quoteSpans(text)
	if len(spans) == 0 {
		return nil
	}
	sents := analysis.Sentences(text)
	sentAt := func(pos int) [2]int {
		k := sort.Search(len(sents), func(i int) bool { return sents[i][1] > pos })
		if k < len(sents) && sents[k][0] <= pos {
			return sents[k]
		}
		return [2]int{pos, pos}
	}
	lang := a.Lang
	out := make([]Quote, 0, len(spans))
	var prevSpeaker string
	prevEnd := -1
	prevSent := [2]int{-1, -1}
	var nouns map[string]bool // German common nouns of text, when needed
	for _, sp := range spans {
		sOpen, sClose := sentAt(sp.open), sentAt(sp.close)
		// The attribution lies between the quotations next to this one.
		beforeStart := max(sOpen[0], paragraphStart(text, sp.open))
		if n := len(out); n > 0 {
			beforeStart = max(beforeStart, spans[n-1].close+1)
		}
		afterEnd := min(sClose[1], paragraphEnd(text, sp.close))
		if n := len(out); n+1 < len(spans) {
			afterEnd = min(afterEnd, spans[n+1].open)
		}
		closeLen := utf8.RuneLen(firstRune(text[sp.close:]))
		before := text[beforeStart:sp.open]
		after := ""
		if sp.close+closeLen <= afterEnd {
			after = text[sp.close+closeLen : afterEnd]
		}
		recent := prevSpeaker
		if prevEnd < 0 || sp.open-prevEnd > 1500 {
			recent = ""
		}
		resolve := func() string {
			// The one person named in this sentence or the one before,
			// else the speaker just quoted.
			if p := onePerson(text[max(paragraphStart(text, sp.open), sentenceBack(sents, sp.open, 1)):sp.open]); p != "" {
				return p
			}
			if recent != "" {
				return recent
			}
			return onePerson(text[max(0, sentenceBack(sents, sp.open, 2)):sp.open])
		}
		describe := func() string {
			// The speaker just quoted, else the one person named in the
			// sentences before this one (not in this one: its other
			// names are the words', not the speaker's).
			if recent != "" {
				return recent
			}
			return onePerson(text[max(paragraphStart(text, sp.open), sentenceBack(sents, sp.open, 2)):min(sOpen[0], sp.open)])
		}
		speaker, found := "", mentioned(before)
		if !found {
			speaker, found = attributeAfter(lang, after, resolve, describe, recent)
		}
		if !found {
			speaker, found = attributeBefore(lang, before, text, resolve, describe)
		}
		if !found && prevSent[1] >= 0 && sOpen[0] != prevSent[0] &&
			strings.TrimSpace(text[prevSent[1]:sOpen[0]]) == "" && !strings.Contains(text[prevSent[1]:sOpen[0]], "\n") &&
			strings.TrimSpace(before) == "" {
			// A quotation opening the sentence right after an attributed
			// one, in the same paragraph, goes on with it.
			speaker = recent
		}
		if speaker == "" && sOpen == prevSent && recent != "" && !namedElse(before) {
			// Another quotation of the sentence of an attributed one,
			// with no speaker of its own: the same speaker's words.
			speaker = recent
		}
		if lang == "de" && speaker != "" {
			if nouns == nil {
				nouns = germanNouns(text)
			}
			speaker = dropNouns(speaker, nouns)
		}
		out = append(out, Quote{DocID: a.ID, Start: sp.start, End: sp.end, Speaker: speaker})
		if speaker != "" {
			prevSpeaker, prevEnd, prevSent = speaker, sp.close, sClose
		} else if prevEnd >= 0 && sp.open-prevEnd > 0 {
			// An unattributed quotation between breaks the continuation.
			prevSent = [2]int{-1, -1}
		}
	}
	return out
}

// firstRune returns the first rune of s.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// paragraphStart returns the start of the paragraph holding pos.
func paragraphStart(text string, pos int) int {
	if k := strings.LastIndex(text[:pos], "\n\n"); k >= 0 {
		return k + 2
	}
	return 0
}

// paragraphEnd returns the end of the paragraph holding pos.
func paragraphEnd(text string, pos int) int {
	if k := strings.Index(text[pos:], "\n\n"); k >= 0 {
		return pos + k
	}
	return len(text)
}

// sentenceBack returns the start of the n-th sentence before the one
// holding pos, within its paragraph.
func sentenceBack(sents [][2]int, pos, n int) int {
	k := sort.Search(len(sents), func(i int) bool { return sents[i][1] > pos })
	k = max(0, k-n)
	if k < len(sents) {
		return sents[k][0]
	}
	return pos
}

// namedElse reports whether the words between two quotations of one
// sentence name someone as a speaker ("…», a dit X, et Y a ajouté « …").
func namedElse(between string) bool {
	toks := tokenize(between)
	for _, r := range names(toks) {
		if !r.complement && r.from < len(toks) {
			for k := r.to; k < len(toks) && k <= r.to+3; k++ {
				if _, _, ok := verbOf(toks[k]); ok {
					return true
				}
			}
		}
	}
	return false
}

// Spans returns the [start, end) byte offsets of the quoted words of every
// quotation Attribute finds in text, in order, without reading speakers
// (the sampling tool draws from them).
func Spans(text string) [][2]int {
	sps := quoteSpans(text)
	out := make([][2]int, len(sps))
	for i, sp := range sps {
		out[i] = [2]int{sp.start, sp.end}
	}
	return out
}

// mentionWords name a word, a term or a title, or call something by a
// name ("the term", "le mot", "des Begriffs", "так называемая"): a
// quotation right after one is a mention of its words, not anyone's
// speech, whatever speech verb stands around it. Verbs of naming
// ("called", "appelé") are not: calling someone "a liar" is speech.
var mentionWords = setOf(
	"term", "terms", "word", "words", "phrase", "name", "title", "so-called",
	"terme", "termes", "mot", "mots", "expression", "nom", "titre", "dits", "dites",
	"begriff", "begriffs", "wort", "worte", "wortes", "ausdruck", "namen", "titel", "bezeichnung", "sogenannte", "sogenannten",
	"termino", "palabra", "palabras", "expresion", "nombre", "titulo",
	"термин", "термина", "слово", "слова", "выражение", "название", "названием", "называемый", "называемая", "называемое",
	"называемые", "прозвище",
)

// mentioned reports whether the words before a quotation end on a
// mention word, up to two words before the mark ("the term "…"", "le
// concept d'« … »" is not; "des Begriffs „…“" is).
func mentioned(before string) bool {
	toks := tokenize(before)
	for k, n := len(toks)-1, 0; k >= 0 && n < 2; k-- {
		t := toks[k]
		if !t.word {
			if t.text == "(" || t.text == "," {
				continue
			}
			return false
		}
		if mentionWords[t.folded] {
			return true
		}
		n++
	}
	return false
}

// germanNouns returns the capitalised words of a German text that follow
// an article (or a contraction such as "zur"), with at most two other
// words between ("der Historiker", "zur römischen Festung"): common
// nouns, which German writes with a capital like names.
func germanNouns(text string) map[string]bool {
	out := map[string]bool{}
	toks := tokenize(text)
	for i, t := range toks {
		if !t.word || !germanArticles[t.folded] {
			continue
		}
		for k := i + 1; k < len(toks) && k <= i+3; k++ {
			if !toks[k].word {
				break
			}
			if toks[k].upper {
				out[toks[k].text] = true
				break
			}
		}
	}
	return out
}

// germanArticles are the German articles and contractions, lower case.
var germanArticles = setOf("der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "einem", "einen", "eines",
	"zum", "zur", "im", "am", "vom", "beim", "ins")

// dropNouns returns name without its leading common nouns ("Historiker
// Frederick W. Mote" is "Frederick W. Mote"), "" when it is only nouns.
func dropNouns(name string, nouns map[string]bool) string {
	fields := strings.Fields(name)
	k := 0
	for k < len(fields) && (nouns[fields[k]] || germanArticles[strings.ToLower(fields[k])]) {
		k++
	}
	return strings.Join(fields[k:], " ")
}
