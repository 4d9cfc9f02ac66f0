// Package lexical is a language-aware BM25 index: text analysis (word
// tokens, French and Italian elisions, stop words, Snowball or light
// stemming, accent folding) and an in-memory inverted index.
package lexical

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// Analyzer turns a text in a language into index terms.
type Analyzer func(lang, text string) []string

// maxWordBytes bounds a token; longer runs of letters (URLs, base64) are cut.
const maxWordBytes = 64

// elisions are the words written before an apostrophe and dropped with it:
// French l' d' qu' jusqu' ..., Italian dell' all' nell' ...
var elisions = map[string]bool{
	"l": true, "d": true, "j": true, "qu": true, "n": true, "s": true,
	"c": true, "m": true, "t": true, "jusqu": true, "lorsqu": true,
	"puisqu": true, "quoiqu": true, "presqu": true,
	"dell": true, "all": true, "dall": true, "nell": true, "sull": true,
	"coll": true, "quell": true, "quest": true, "un": true, "po": true,
}

// words calls emit with each lower-case word of text, accents kept. A word
// is a run of letters, digits and combining marks. An elided article or
// pronoun before an apostrophe ("l'", "qu'", "dell'") is dropped, as are the
// English endings "'s" and "'t"; any other apostrophe separates words.
// The word passed to emit is only valid during the call.
func words(text string, emit func(w []byte)) {
	var buf []byte
	flush := func() {
		if len(buf) > 0 {
			if len(buf) > maxWordBytes {
				buf = buf[:maxWordBytes]
				for !utf8.Valid(buf) {
					buf = buf[:len(buf)-1]
				}
			}
			emit(buf)
			buf = buf[:0]
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
			buf = append(buf, byte(r))
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			buf = append(buf, byte(r+'a'-'A'))
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		case isApostrophe(r) && len(buf) > 0:
			next, _ := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(next) {
				flush()
				continue
			}
			if elisions[string(buf)] {
				buf = buf[:0]
				continue
			}
			if next == 's' || next == 't' || next == 'S' || next == 'T' {
				after, _ := utf8.DecodeRuneInString(text[i+1:])
				if !unicode.IsLetter(after) && !unicode.IsDigit(after) {
					flush()
					i++
					continue
				}
			}
			flush()
		default:
			flush()
		}
	}
	flush()
}

// hasDigit reports whether w contains an ASCII digit.
func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if '0' <= w[i] && w[i] <= '9' {
			return true
		}
	}
	return false
}

// maxCached bounds each language's term cache; past it, terms are
// computed every time.
const maxCached = 1 << 18

// termCache memoises, for one language, the term of each lower-case word
// ("" for a stop word): Snowball allocates a lot, and a corpus repeats few
// distinct words many times.
type termCache struct {
	lang string
	mu   sync.RWMutex
	m    map[string]string
}

// term returns the term of the lower-case word w, "" for a stop word.
func (c *termCache) term(w []byte) string {
	c.mu.RLock()
	t, ok := c.m[string(w)]
	c.mu.RUnlock()
	if ok {
		return t
	}
	word := string(w)
	t = foldWord(word)
	if stopWords[c.lang][t] {
		t = ""
	} else if !hasDigit(word) {
		t = Stem(c.lang, word)
	}
	c.mu.Lock()
	if len(c.m) < maxCached {
		c.m[word] = t
	}
	c.mu.Unlock()
	return t
}

// termCaches holds one cache per language with a stemmer or stop words;
// the "" entry serves every other language.
var termCaches = func() map[string]*termCache {
	m := map[string]*termCache{"": {m: make(map[string]string)}}
	for lang := range stemmers {
		m[lang] = &termCache{lang: lang, m: make(map[string]string)}
	}
	for lang := range stopWords {
		m[lang] = &termCache{lang: lang, m: make(map[string]string)}
	}
	return m
}()

// Analyze returns the index terms of text in lang (an ISO 639-1 code):
// lower-cased words without elisions, stop words of lang removed, stemmed
// (Snowball for en, fr, es, ru; light stemmers for de, it) and then
// accent-folded. Numbers are kept as they are, one term per digit group
// ("76 000" gives "76" and "000"). An unknown or empty lang gives folded
// words with neither stop words nor stemming.
func Analyze(lang, text string) []string {
	c, ok := termCaches[lang]
	if !ok {
		c = termCaches[""]
	}
	terms := make([]string, 0, len(text)/6)
	words(text, func(w []byte) {
		if t := c.term(w); t != "" {
			terms = append(terms, t)
		}
	})
	return terms
}

// Tokens returns the folded words of text, with no stop words removed and
// no stemming: the analysis of a plain BM25 baseline.
func Tokens(text string) []string {
	return Analyze("", text)
}

// FoldedWords returns the folded words of text in lang with its stop words
// removed but not stemmed, for features (such as character n-grams) that
// need whole words.
func FoldedWords(lang, text string) []string {
	terms := make([]string, 0, len(text)/6)
	stops := stopWords[lang]
	words(text, func(w []byte) {
		if f := foldWord(string(w)); !stops[f] {
			terms = append(terms, f)
		}
	})
	return terms
}
