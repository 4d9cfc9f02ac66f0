package quotes

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/analysis"
	"verbatim/corpus"
	"verbatim/retrieval"
)

// Archive is what BySpeaker reads: the articles, newest first (a
// *retrieval.Index, or the Telegram bot's library).
type Archive interface {
	Newest(n int) []corpus.Article
}

// Stored is an archive that keeps the quotations of its articles, found
// when it indexed them (a *retrieval.Index built with Indexer as its
// Quoter, from its snapshot or PostgreSQL): Quotations returns those of
// article a and the rules they were found with, ok false when it has none
// for a.
type Stored interface {
	Quotations(a corpus.Article) (qs []retrieval.Quotation, rules string, ok bool)
}

// Of returns the quotations of article a of lib, as Attribute does: those
// lib stored when it indexed a under the current rules, else Attribute's
// (lib nil: an archive that stores none, such as a library of uploaded
// documents; an index built before quotations were stored, or under
// other rules).
func Of(lib Stored, a corpus.Article) []Quote {
	if qs, ok := storedRaw(lib, a); ok {
		return quotesOf(a, qs)
	}
	return Attribute(a)
}

// storedRaw returns the quotations s (nil: none) stored for a under the
// current rules, as stored.
func storedRaw(s Stored, a corpus.Article) ([]retrieval.Quotation, bool) {
	if s == nil {
		return nil, false
	}
	qs, r, ok := s.Quotations(a)
	if !ok || r != rules {
		return nil, false
	}
	return qs, true
}

// quotesOf returns the stored quotations qs of a as Attribute's.
func quotesOf(a corpus.Article, qs []retrieval.Quotation) []Quote {
	out := make([]Quote, len(qs))
	for i, q := range qs {
		out[i] = Quote{DocID: a.ID, Start: q.Start, End: q.End, Speaker: q.Speaker}
	}
	return out
}

// Said is one attributed quotation: the speaker as the article writes
// them and the quoted words, Text[Start:End] of the article.
type Said struct {
	Speaker string `json:"speaker"`
	Quote   string `json:"quote"`
	DocID   string `json:"doc_id"`
	Title   string `json:"title"`
	Date    string `json:"date"`
	URL     string `json:"url,omitempty"`
	Start   int    `json:"-"`
	End     int    `json:"-"`
	// When is the article's date, for ordering and display.
	When corpus.Date `json:"-"`
	// Lang is the article's language.
	Lang string `json:"-"`
}

// Spoken is what one person said: their name (the fullest form the
// articles give) and their quotations, newest first.
type Spoken struct {
	Speaker string `json:"speaker"`
	Quotes  []Said `json:"quotes"`
}

// BySpeaker returns the quotations attributed to name in the articles of
// lib (see Attribute; those lib stored at index time, see Of), newest article first and in text order within an
// article. A speaker is name when their surnames have one spelling key
// (analysis.NameKeyTerm, or its German reading: "Zakharova",
// "Zakharova's", "Захарова" and "Sacharowa" are one person); a name of one
// word also matches any word of a speaker's name ("Maria"). A topic, when
// not blank, keeps the quotations whose words or sentence hold every
// word of it (stemmed, names by their keys).
func BySpeaker(ctx context.Context, lib Archive, name, topic string) (Spoken, error) {
	out := Spoken{Speaker: strings.TrimSpace(name), Quotes: []Said{}}
	want := nameKeys(name)
	if len(want.last) == 0 {
		return out, nil
	}
	forms := map[string]int{}
	// Whether a speaker is the person, by speaker as written: an archive
	// has far fewer speakers than quotations.
	isPerson := map[string]bool{}
	matches := func(speaker string) bool {
		m, ok := isPerson[speaker]
		if !ok {
			m = speaker != "" && want.matches(speaker)
			isPerson[speaker] = m
		}
		return m
	}
	store, _ := lib.(Stored)
	for i, a := range lib.Newest(math.MaxInt) {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return Spoken{}, err
			}
		}
		raw, ok := storedRaw(store, a)
		if ok && !slices.ContainsFunc(raw, func(q retrieval.Quotation) bool { return matches(q.Speaker) }) {
			continue
		}
		var qs []Quote
		if ok {
			qs = quotesOf(a, raw)
		} else {
			// Not read when stored: a speaker is a name the article
			// writes, so the article mentions them.
			if !mentions(a.Text, want) {
				continue
			}
			qs = Attribute(a)
		}
		var sents [][2]int
		for _, q := range qs {
			if !matches(q.Speaker) {
				continue
			}
			if topic != "" {
				if sents == nil {
					sents = analysis.Sentences(a.Text)
				}
				lo, hi := sentenceAround(sents, q.Start, q.End)
				if !aboutTopic(a.Lang, a.Text[lo:hi], topic) {
					continue
				}
			}
			forms[q.Speaker]++
			out.Quotes = append(out.Quotes, Said{
				Speaker: q.Speaker, Quote: a.Text[q.Start:q.End], DocID: a.ID, Title: a.Title,
				Date: a.Date.String(), URL: a.URL, Start: q.Start, End: q.End, When: a.Date, Lang: a.Lang,
			})
		}
	}
	// Newest first whatever order the archive gives; undated last.
	sort.SliceStable(out.Quotes, func(i, j int) bool {
		a, b := out.Quotes[i].When, out.Quotes[j].When
		if a.IsZero() != b.IsZero() {
			return b.IsZero()
		}
		return a.Time.After(b.Time)
	})
	// The fullest form: most words, then longest ("Barack Obama" over
	// "B. Obama"), then most used.
	best := ""
	for f, n := range forms {
		wf, wb := len(strings.Fields(f)), len(strings.Fields(best))
		if best == "" || wf > wb || wf == wb && (len(f) > len(best) || len(f) == len(best) && (n > forms[best] || n == forms[best] && f < best)) {
			best = f
		}
	}
	if best != "" {
		out.Speaker = best
	}
	return out, nil
}

// personKeys are the spelling keys of a name: of its last word, and of
// each of its words.
type personKeys struct {
	last  map[string]bool
	words map[string]bool
	// one is set for a name of one word, which may be a first name.
	one bool
	// first is the first name as written ("Antoni", "V."), "" when the
	// name has none (one word, or a particle or title first: "Le Pen").
	first string
	// given are the words before the last one, particles and titles
	// left out: the given names ("Jean-Marie", or "AFP Gilles-Éric"
	// where an article glued a word before the name).
	given []string
}

// nameKeys returns the keys of a name as asked or as an article writes a
// speaker.
func nameKeys(name string) personKeys {
	fields := strings.Fields(name)
	k := personKeys{last: map[string]bool{}, words: map[string]bool{}, one: len(fields) == 1}
	for i, f := range fields {
		for _, key := range wordKeys(bareWord(f)) {
			k.words[key] = true
			if i == len(fields)-1 {
				k.last[key] = true
			}
		}
	}
	for i, f := range fields[:max(len(fields)-1, 0)] {
		w := bareWord(f)
		if fw := analysis.Fold(strings.ToLower(w)); w == "" || connectors[fw] || titles[fw] {
			continue
		}
		if i == 0 {
			k.first = w
		}
		k.given = append(k.given, w)
	}
	return k
}

// matches reports whether speaker is the person of k: the same last name,
// and the first name asked among the speaker's given names when both
// have some ("Antoni Pastor" is not "Ana Pastor"; "V. Poutine" and
// "Poutine" are "Vladimir Poutine").
func (k personKeys) matches(speaker string) bool {
	s := nameKeys(speaker)
	for key := range k.last {
		if s.last[key] && k.givenIn(s) || k.one && s.words[key] {
			return true
		}
	}
	return false
}

// givenIn reports whether k's first name, if any, is one of s's given
// names, or s has none.
func (k personKeys) givenIn(s personKeys) bool {
	if k.first == "" || len(s.given) == 0 {
		return true
	}
	for _, g := range s.given {
		if sameFirst(k.first, g) {
			return true
		}
	}
	return false
}

// sameFirst reports whether two first names, either possibly missing or an
// initial, may be the same person's: spelling keys in common, or one an
// initial of the other (in the same script).
func sameFirst(a, b string) bool {
	if a == "" || b == "" {
		return true
	}
	for _, ka := range wordKeys(a) {
		for _, kb := range wordKeys(b) {
			if ka == kb {
				return true
			}
		}
	}
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	if len(ra) == 1 || len(rb) == 1 {
		// An initial: "V." for "Vladimir"; across scripts it cannot be
		// told apart, so it is not held against the name.
		la, lb := unicode.In(ra[0], unicode.Latin), unicode.In(rb[0], unicode.Latin)
		return la != lb || analysis.Fold(string(ra[0])) == analysis.Fold(string(rb[0]))
	}
	return false
}

// wordKeys returns the spelling keys of one word of a name: its
// NameKeyTerm and, for a word in Latin letters, that of its German
// reading, where "ch" is the Russian "х" and a single "s" before a vowel
// the Russian "з" ("Sacharowa" is "Zakharova").
func wordKeys(w string) []string {
	var out []string
	if k := analysis.NameKeyTerm(w); k != "" {
		out = append(out, k)
	} else if w != "" {
		out = append(out, analysis.Fold(strings.ToLower(w)))
	}
	if w == "" {
		return out
	}
	if analysis.IsCyrillic(w) {
		// The Russian stem of a nominative surname loses its -ов/-ев
		// ("Песков" is "песк", its other cases "песков"): the word as
		// written is a key too, that of "Peskov".
		if k := analysis.NameKeyTerm(analysis.Transliterate(strings.ToLower(w))); k != "" && (len(out) == 0 || k != out[0]) {
			out = append(out, k)
		}
		return out
	}
	if g := germanReading(w); g != strings.ToLower(w) {
		if k := analysis.NameKeyTerm(g); k != "" && k != out[0] {
			out = append(out, k)
		}
	}
	return out
}

// germanReading rewrites the German transliteration of a Russian name as
// the English one: "sch" stays (ш), "ch" is "kh", "ss" is "s", a single
// "s" at the start or between vowels is "z", "z" is "ts", "w" is "v".
func germanReading(w string) string {
	s := strings.ToLower(w)
	vowel := func(i int) bool { return i >= 0 && i < len(s) && strings.IndexByte("aeiouy", s[i]) >= 0 }
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "sch"):
			b.WriteString("sh")
			i += 3
		case strings.HasPrefix(s[i:], "ch"):
			b.WriteString("kh")
			i += 2
		case strings.HasPrefix(s[i:], "ss"):
			b.WriteString("s")
			i += 2
		case s[i] == 's' && vowel(i+1) && (i == 0 || vowel(i-1)):
			b.WriteString("z")
			i++
		case s[i] == 'z':
			b.WriteString("ts")
			i++
		case s[i] == 'w':
			b.WriteString("v")
			i++
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// mentions reports whether text holds a word with one of the keys of
// the person: an article that never names them has none of their
// quotations (a pronoun resolves to a person the article names).
func mentions(text string, k personKeys) bool {
	for _, f := range strings.Fields(text) {
		if !unicode.IsUpper(firstRune(bareWord(f))) {
			continue
		}
		for _, key := range wordKeys(bareWord(f)) {
			if k.last[key] || k.one && k.words[key] {
				return true
			}
		}
	}
	return false
}

// sentenceAround returns the span of the sentences holding [start, end).
func sentenceAround(sents [][2]int, start, end int) (int, int) {
	lo, hi := start, end
	for _, s := range sents {
		if s[0] <= start && start < s[1] {
			lo = s[0]
		}
		if s[0] < end && end <= s[1] {
			hi = s[1]
		}
	}
	return lo, hi
}

// aboutTopic reports whether text holds every word of topic: each word
// of the topic shares a term (its stem, or the key of a name) with the
// terms of text, both read in lang. A topic of stop words only holds.
func aboutTopic(lang, text, topic string) bool {
	have := map[string]bool{}
	for _, t := range analysis.Analyze(lang, text) {
		have[t] = true
	}
	for _, w := range strings.Fields(topic) {
		terms := analysis.Analyze(lang, w)
		if len(terms) == 0 {
			continue
		}
		found := false
		for _, t := range terms {
			if have[t] {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// bareWord returns a whitespace-separated word without the punctuation
// around it and without a lower-case elision before an apostrophe
// ("(l'Ukraine)," -> "Ukraine", "qu'Ouchakov" -> "Ouchakov"), keeping a
// name's own apostrophe ("Moody's", "Zakharova's").
func bareWord(w string) string {
	w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if k := strings.IndexAny(w, "'’"); k > 0 && k <= 7 && !unicode.IsUpper(firstRune(w)) {
		_, size := utf8.DecodeRuneInString(w[k:])
		w = w[k+size:]
	}
	return w
}

// SpeakerMatches reports whether speaker, a name as an article writes it,
// is the person asked for as name, through the names' spelling keys
// (Zakharova / Zakharova's / Захарова / Sacharowa).
func SpeakerMatches(name, speaker string) bool {
	k := nameKeys(name)
	return len(k.last) > 0 && speaker != "" && k.matches(speaker)
}
