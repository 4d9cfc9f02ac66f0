package analysis

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

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
// The word passed to emit is only valid during the call; upper tells
// whether its first letter was a capital.
func words(text string, emit func(w []byte, upper bool)) {
	casedWords(text, func(w []byte, upper, _, _ bool) { emit(w, upper) })
}

// casedWords is words, also telling emit whether every letter of the
// word was a capital and it had more than one (caps: "ECOWAS", "ONU"),
// and whether the word opens the text or a sentence (initial: after ".",
// "!", "?", "…", ":" or a line break), where a capital says nothing of a
// name.
func casedWords(text string, emit func(w []byte, upper, caps, initial bool)) {
	var buf []byte
	upper, caps, letters := false, true, 0
	initial := true
	flush := func() {
		if len(buf) > 0 {
			if len(buf) > maxWordBytes {
				buf = buf[:maxWordBytes]
				for !utf8.Valid(buf) {
					buf = buf[:len(buf)-1]
				}
			}
			emit(buf, upper, caps && letters > 1, initial)
			buf = buf[:0]
			initial = false
		}
		caps, letters = true, 0
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
			if len(buf) == 0 {
				upper = false
			}
			if r >= 'a' {
				caps = false
				letters++
			}
			buf = append(buf, byte(r))
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			if len(buf) == 0 {
				upper = true
			}
			letters++
			buf = append(buf, byte(r+'a'-'A'))
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)):
			if len(buf) == 0 {
				upper = unicode.IsUpper(r)
			}
			if unicode.IsLetter(r) {
				caps = caps && unicode.IsUpper(r)
				letters++
			}
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		case IsApostrophe(r) && len(buf) > 0:
			next, _ := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(next) {
				flush()
				continue
			}
			if elisions[string(buf)] {
				buf = buf[:0]
				caps, letters = true, 0
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
			switch r {
			case '.', '!', '?', '…', ':', '\n', '¿', '¡':
				initial = true
			}
		}
	}
	flush()
}

// HasDigit reports whether w contains an ASCII digit.
func HasDigit(w string) bool {
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

// wordTerms are the terms of one lower-case word in one language.
type wordTerms struct {
	// term is the stemmed, folded word, "" for a stop word.
	term string
	// key is the word's NameKey, emitted for a lower-case word in a
	// language written in Cyrillic; "" for a stop word of any language.
	key string
	// name is its NameKey as a name, emitted for a capitalised word (see
	// nameKeyTerm); alt is the key of its French reading in a French
	// text, when it differs (see frenchKey).
	name, alt string
	// value is the language-independent term of a number or month word,
	// or of a form of a name of the table ("Ägyptens", see NameTerm).
	value string
	// pair is true when the word starts a name of two words of the
	// table ("Nueva", "Соединённых").
	pair bool
	// foreignStop is set when name is that of a stop word of another
	// language ("Allen"): a name only where a capital is no sentence's.
	foreignStop bool
}

// cyrillicLangs are the languages written in Cyrillic: every word
// analysed as theirs, Cyrillic or Latin (a question in another language),
// carries its NameKey, so that transliterated words meet ("программа" and
// "program", "система" and "system"), not only names. A Russian question
// put to articles in a Latin-script language keys only its capitalised
// words: theirs carry no key but names'.
var cyrillicLangs = map[string]bool{"ru": true, "uk": true, "bg": true, "sr": true}

// termCache memoises, for one language, the terms of each lower-case word:
// Snowball allocates a lot, and a corpus repeats few distinct words many
// times.
type termCache struct {
	lang string
	mu   sync.RWMutex
	m    map[string]wordTerms
}

// terms returns the terms of the lower-case word w.
func (c *termCache) terms(w []byte) wordTerms {
	c.mu.RLock()
	t, ok := c.m[string(w)]
	c.mu.RUnlock()
	if ok {
		return t
	}
	word := string(w)
	folded := foldWord(word)
	switch {
	case stopWords[c.lang][folded]:
	case HasDigit(word):
		t.term = folded
	default:
		t.term = Stem(c.lang, word)
	}
	t.key = keyTerm(word, folded)
	t.name = nameKeyTerm(word, folded, t.key)
	if t.name == "" && anyStopWord[folded] && stopWords[c.lang] != nil && !stopWords[c.lang][folded] && !cyrillicLangs[c.lang] && !IsCyrillic(word) && !HasDigit(word) {
		// A capitalised word of a Latin-script text that is a stop word
		// of another language only is a name ("Allen", German "allen";
		// "Los Angeles"), as its Russian spelling is ("Аллена").
		if k := NameKey(folded); k != "" {
			t.name = keyPrefix + k
			t.foreignStop = true
		}
	}
	if c.lang == "fr" && t.name != "" {
		if k := frenchKey(word, t.name[len(keyPrefix):]); k != "" {
			t.alt = keyPrefix + k
		}
	}
	if t.value = NumberTerm(folded); t.value == "" {
		t.value = MonthTerm(folded)
	}
	keys := nameKeysOf(word, folded)
	if t.value == "" {
		t.value = WeekdayTerm(folded)
	}
	if t.value == "" {
		if id := lookupKeys(keys); id != "" {
			t.value = namePrefix + id
		}
	}
	for _, k := range keys {
		t.pair = t.pair || startsNamePair(k)
	}
	c.mu.Lock()
	if len(c.m) < maxCached {
		c.m[word] = t
	}
	c.mu.Unlock()
	return t
}

// keyPrefix starts the index terms made of a NameKey, so that they never
// meet a word.
const keyPrefix = "\x02"

// IsNameKey reports whether t, a term of Analyze, is the spelling key of a
// word (see NameKey).
func IsNameKey(t string) bool { return strings.HasPrefix(t, keyPrefix) }

// IsValue reports whether t, a term of Analyze, stands for a number or a
// month whatever the language it was written in: digits, or the term of a
// number or month word ("trois", "avril").
func IsValue(t string) bool {
	if t == "" {
		return false
	}
	if t[0] == valuePrefix {
		return true
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}

// valuePrefix starts the language-free terms of months and large numbers
// (see MonthTerm, NumberTerm).
const valuePrefix = '\x01'

// anyStopWord holds the stop words of every language: none of them is a
// name.
var anyStopWord = func() map[string]bool {
	m := map[string]bool{}
	for _, set := range stopWords {
		for w := range set {
			m[w] = true
		}
	}
	return m
}()

// termCaches holds one cache per language with a stemmer or stop words;
// the "" entry serves every other language.
var termCaches = func() map[string]*termCache {
	m := map[string]*termCache{"": {m: make(map[string]wordTerms)}}
	for lang := range stemmers {
		m[lang] = &termCache{lang: lang, m: make(map[string]wordTerms)}
	}
	for lang := range stopWords {
		m[lang] = &termCache{lang: lang, m: make(map[string]wordTerms)}
	}
	return m
}()

// Analyze returns the index terms of text in lang (an ISO 639-1 code):
// lower-cased words without elisions, stop words of lang removed, stemmed
// (Snowball for en, fr, es, ru; light stemmers for de, it) and then
// accent-folded. Numbers are kept as they are, one term per digit group
// ("76 000" gives "76" and "000"). An unknown or empty lang gives folded
// words with neither stop words nor stemming.
//
// Three kinds of terms, after the words' own, match across languages and
// scripts: a capitalised word other than a stop word (a name, most
// often) adds its NameKey ("Guérassimov", "Gerasimov" and
// "Герасимова" share one), a number word its digits ("trois", "three",
// "три": "3") and a month name a month term ("avril", "April",
// "апреля"), and a form of a name of the table of names (NameTerm: "Égypte",
// "Ägyptens", "египетский") or two words of one ("Nueva York") its name
// term. They start with a control character and never meet a word.
func Analyze(lang, text string) []string {
	return analyze(lang, text, true, true)
}

// AnalyzeForeign is Analyze of a text written in another language than
// lang but read with lang's analysis (a question's words against passages
// in lang): its names get no reading of lang's, which is not theirs
// ("Gerasimov" in an English question is not read as the French
// "Jérasimov", see frenchKey).
func AnalyzeForeign(lang, text string) []string {
	return analyze(lang, text, true, false)
}

// extrasPool holds the scratch slices analyze collects cross-language
// terms in before appending them to the words' terms.
var extrasPool = sync.Pool{New: func() any { return new([]string) }}

// Terms is Analyze without the cross-language terms: the words' own
// terms only, in text order.
func Terms(lang, text string) []string {
	return analyze(lang, text, false, false)
}

// analyze is Analyze, without the cross-language terms unless extra, and
// without the French reading of names (frenchKey) unless reading.
func analyze(lang, text string, extra, reading bool) []string {
	c, ok := termCaches[lang]
	if !ok {
		c = termCaches[""]
	}
	terms := make([]string, 0, len(text)/6)
	cyrillic := cyrillicLangs[c.lang]
	var extras []string
	if extra {
		buf := extrasPool.Get().(*[]string)
		extras = (*buf)[:0]
		defer func() {
			clear(extras)
			*buf = extras[:0]
			extrasPool.Put(buf)
		}()
	}
	var prev string // the word before, when it starts a name of two words
	casedWords(text, func(w []byte, upper, caps, initial bool) {
		t := c.terms(w)
		if initial && t.foreignStop {
			// "What", "Who" opening an English question analysed as
			// German are no names.
			upper = false
		}
		if t.term != "" {
			terms = append(terms, t.term)
		}
		if !extra {
			return
		}
		switch {
		case upper && t.name != "":
			extras = append(extras, t.name)
			if t.alt != "" && reading && !caps {
				// An acronym is spelt out, not read.
				extras = append(extras, t.alt)
			}
		case !upper && cyrillic && t.key != "":
			extras = append(extras, t.key)
		}
		if t.value != "" {
			extras = append(extras, t.value)
		}
		if prev != "" {
			if n := pairNameTerm(prev, string(w)); n != "" {
				extras = append(extras, n)
			}
		}
		prev = ""
		if t.pair {
			prev = string(w)
		}
	})
	return append(terms, extras...)
}

// Tokens returns the folded words of text, with no stop words removed and
// no stemming: the analysis of a plain BM25 baseline.
func Tokens(text string) []string {
	return analyze("", text, false, false)
}

// FoldedWords returns the folded words of text in lang with its stop words
// removed but not stemmed, for features (such as character n-grams) that
// need whole words.
func FoldedWords(lang, text string) []string {
	terms := make([]string, 0, len(text)/6)
	stops := stopWords[lang]
	words(text, func(w []byte, _ bool) {
		if f := foldWord(string(w)); !stops[f] {
			terms = append(terms, f)
		}
	})
	return terms
}

// BareWord returns a whitespace-separated word without the punctuation
// around it, without an elision before its apostrophe (elisions) ("(l'Ukraine),"
// -> "Ukraine", "qu'Ouchakov" -> "Ouchakov") and without an English
// possessive "'s" ("Moody's" -> "Moody"); other apostrophes stay
// ("O'Brien", "aujourd'hui").
func BareWord(w string) string {
	w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	k := strings.IndexAny(w, "'’")
	if k < 0 {
		return w
	}
	_, size := utf8.DecodeRuneInString(w[k:])
	if rest := w[k+size:]; rest == "s" || rest == "S" {
		return w[:k]
	}
	if elisions[strings.ToLower(w[:k])] {
		return w[k+size:]
	}
	return w
}

// NameKeyTerm returns the term Analyze emits for the NameKey of the word
// w as written, its first word as Analyze reads it ("Robert's" is
// "robert"): a word written with a capital is keyed as a name ("Песков"
// "peskov", see nameKeyTerm), another as a common word ("песков" "pesk");
// "" for a stop word of any language, a number or a key of fewer than
// three letters, which Analyze does not emit: what a text's terms hold
// when they hold w as written. The key of a French name's reading, which
// a French text also holds, is not returned.
func NameKeyTerm(w string) string {
	var first string
	upper := false
	words(w, func(b []byte, up bool) {
		if first == "" {
			first, upper = string(b), up
		}
	})
	folded := foldWord(first)
	key := keyTerm(first, folded)
	if upper {
		return nameKeyTerm(first, folded, key)
	}
	return key
}

// keyTerm returns the NameKey term of the lower-case word (folded:
// folded), "" when it has none: a stop word of any language, a number, a
// key of fewer than three letters. A Cyrillic word is keyed on its
// Russian stem.
func keyTerm(word, folded string) string {
	if word == "" || anyStopWord[folded] || HasDigit(word) {
		return ""
	}
	var key string
	if IsCyrillic(word) {
		key = NameKey(Stem("ru", word))
	} else {
		key = NameKey(folded)
	}
	if key == "" {
		return ""
	}
	return keyPrefix + key
}

// nameKeyTerm returns the NameKey term of the lower-case word (folded:
// folded; key: its keyTerm) written with a capital, as a name: key, but a
// Cyrillic word is keyed on its stem as a name (russianNameStem), not on
// its Snowball stem, which cuts what no case of a name loses ("Песков",
// "Пескова", "Peskov" and "Peskow" share "peskov").
func nameKeyTerm(word, folded, key string) string {
	if !IsCyrillic(word) || word == "" || anyStopWord[folded] || HasDigit(word) {
		return key
	}
	if k := NameKey(russianNameStem(folded)); k != "" {
		return keyPrefix + k
	}
	return ""
}
