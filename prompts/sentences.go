package prompts

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"verbatim/analysis"

	"verbatim/corpus"
)

// Sentence is one sentence of model output, with the quotations and
// citation markers in it.
type Sentence struct {
	// Start and End are byte offsets of the sentence, trimmed of white
	// space; End is past the citation markers that follow its final
	// punctuation ("… fin. [2]").
	Start, End int
	// Quotes are its outermost quotations, in order, with their markers.
	Quotes []Quote
	// Markers are the citation marker groups outside its quotations.
	Markers []Marker
	// Unbalanced is true when a quotation mark in it opens a quotation that
	// never closes (before a blank line or the end) or closes one that was
	// never opened: words after it would read as a quotation.
	Unbalanced bool
}

// maxMarkerLen bounds the length of a citation marker group, so that a
// bracket never makes the scan look far ahead.
const maxMarkerLen = 64

// openKinds lists the opening marks; an open quotation is indexed by its
// kind in Splitter.byKind.
var openKinds = analysis.QuoteOpeners()

func kindOf(r rune) int {
	for i, k := range openKinds {
		if k == r {
			return i
		}
	}
	return -1
}

// openQuote is a quotation opened and not yet closed.
type openQuote struct {
	mark rune
	at   int // byte offset of the mark
}

// Splitter cuts model output into sentences while it streams, parsing
// quotations and citation markers in the same single pass: the work is
// linear in the length of the text whatever the nesting of quotation marks.
// The zero value is ready to use.
//
// A sentence ends at ., !, ? or … outside any quotation when white space
// (then an upper-case letter, a quotation mark, a symbol or the end) follows,
// except after an abbreviation, an initial ("M.", "V. Poutine") or a list
// item's number ("1. Poutine"), at a line
// break outside a quotation, and at a blank line, which also closes every
// quotation left open. Citation markers right after the final punctuation
// belong to the sentence. Guillemets «…», curly quotes “…”, low quotes „…“
// and straight double quotes "…" are recognised and may nest; a straight
// quote opens only after a space, a bracket or the start and before a
// non-space.
type Splitter struct {
	pos   int // next byte to scan
	start int // start of the current sentence, -1 between sentences
	began bool

	stack  []openQuote
	byKind [len(openKinds)][]int // stack indices of the open quotations of each kind
	done   []Quote               // quotations closed in the current sentence, outermost last
	marks  []Marker
	unbal  bool
}

// Next returns the next complete sentence of text. Each call must pass the
// text given to the previous one, possibly extended. While final is false
// the last sentence is held back until what follows it shows that it is
// complete; with final, the text is complete and its last sentence is
// returned too. ok is false when no further sentence is complete.
func (s *Splitter) Next(text string, final bool) (Sentence, bool) {
	if !s.began {
		s.began, s.start = true, -1
	}
	for s.pos < len(text) {
		if !final && !utf8.FullRuneInString(text[s.pos:]) {
			return Sentence{}, false
		}
		r, size := utf8.DecodeRuneInString(text[s.pos:])
		if s.start < 0 {
			if unicode.IsSpace(r) {
				s.pos += size
				continue
			}
			s.start = s.pos
		}
		switch {
		case r == '\n':
			if len(s.stack) == 0 {
				return s.emit(text, s.pos), true
			}
			j := s.pos + 1
			for j < len(text) && strings.IndexByte(" \t\r", text[j]) >= 0 {
				j++
			}
			if j == len(text) && !final {
				return Sentence{}, false
			}
			if j == len(text) || text[j] == '\n' {
				return s.emit(text, s.pos), true
			}
		case len(s.stack) == 0 && r == '[':
			m, status := markerAt(text, s.pos)
			if status == markerWait && !final {
				return Sentence{}, false
			}
			if status == markerOK {
				s.marks = append(s.marks, m)
				s.pos = m.End
				continue
			}
		case len(s.stack) == 0 && strings.ContainsRune(".!?…", r):
			end, decided, ok := s.sentenceEnd(text, final)
			if !decided {
				return Sentence{}, false
			}
			if ok {
				return s.emit(text, end), true
			}
			s.pos += size
			continue
		case analysis.IsQuoteMark(r):
			if r == '"' && !final && (s.pos+1 == len(text) || !utf8.FullRuneInString(text[s.pos+1:])) {
				return Sentence{}, false // opensAt needs the next rune
			}
			s.quoteMark(text, r, size)
		}
		s.pos += size
	}
	if final && s.start >= 0 {
		return s.emit(text, len(text)), true
	}
	return Sentence{}, false
}

// quoteMark handles the quotation mark r at s.pos: it closes the innermost
// open quotation it can close, else opens one, else is a stray closing mark.
func (s *Splitter) quoteMark(text string, r rune, size int) {
	top := -1
	for k, kind := range openKinds {
		if closers, _ := analysis.QuoteClosers(kind); strings.ContainsRune(closers, r) {
			if st := s.byKind[k]; len(st) > 0 && st[len(st)-1] > top {
				top = st[len(st)-1]
			}
		}
	}
	if top >= 0 {
		o := s.stack[top]
		s.popTo(top)
		s.close(text, o, r, s.pos, size)
		return
	}
	if _, ok := analysis.QuoteClosers(r); ok {
		if opensAt(text, s.pos, r) {
			s.byKind[kindOf(r)] = append(s.byKind[kindOf(r)], len(s.stack))
			s.stack = append(s.stack, openQuote{mark: r, at: s.pos})
		}
		return
	}
	s.unbal = true // a closing mark that closes nothing
}

// popTo drops the open quotations from index i up.
func (s *Splitter) popTo(i int) {
	for len(s.stack) > i {
		o := s.stack[len(s.stack)-1]
		k := kindOf(o.mark)
		s.byKind[k] = s.byKind[k][:len(s.byKind[k])-1]
		s.stack = s.stack[:len(s.stack)-1]
	}
}

// close records the quotation opened by o and closed by the mark c at
// text[at:at+size]; the quotations inside it are no longer outermost.
func (s *Splitter) close(text string, o openQuote, c rune, at, size int) {
	start := o.at + utf8.RuneLen(o.mark)
	q := Quote{Start: o.at, End: at + size, Open: string(o.mark), Close: string(c)}
	q.TextStart, q.TextEnd = corpus.TrimSpan(text, start, at)
	for len(s.done) > 0 && s.done[len(s.done)-1].Start > q.Start {
		s.done = s.done[:len(s.done)-1]
	}
	if q.TextStart >= q.TextEnd {
		return // empty quotations are ignored
	}
	q.Text = text[q.TextStart:q.TextEnd]
	s.done = append(s.done, q)
}

// sentenceEnd decides whether the final punctuation at s.pos ends the
// sentence: decided is false when more text is needed; end is the end of
// the sentence, past its trailing markers, which it consumes.
func (s *Splitter) sentenceEnd(text string, final bool) (end int, decided, ok bool) {
	j := s.pos
	for j < len(text) {
		if !final && !utf8.FullRuneInString(text[j:]) {
			return 0, false, false
		}
		r, n := utf8.DecodeRuneInString(text[j:])
		if !strings.ContainsRune(".!?…)", r) {
			break
		}
		j += n
	}
	if j == len(text) {
		return j, final, true
	}
	if c := text[j]; c != ' ' && c != '\t' && c != '\n' && c != '\r' && !strings.HasPrefix(text[j:], "\u00a0") {
		return 0, true, false // "3.5", "www.x.fr", "!»"
	}
	if text[s.pos] == '.' && (isAbbreviation(text[s.start:s.pos]) || isListNumber(text[s.start:s.pos])) {
		return 0, true, false
	}
	end = j
	var marks []Marker
	for k := j; ; {
		for k < len(text) && text[k] == ' ' {
			k++
		}
		if k == len(text) {
			if !final {
				return 0, false, false
			}
			break
		}
		if text[k] != '[' {
			if len(marks) == 0 {
				if !final && !utf8.FullRuneInString(text[k:]) {
					return 0, false, false
				}
				r, _ := utf8.DecodeRuneInString(text[k:])
				if unicode.IsLower(r) {
					return 0, true, false // "etc. et", "p. ex."
				}
			}
			break
		}
		m, status := markerAt(text, k)
		if status == markerWait && !final {
			return 0, false, false
		}
		if status != markerOK {
			break
		}
		marks = append(marks, m)
		k, end = m.End, m.End
	}
	s.marks = append(s.marks, marks...)
	return end, true, true
}

// isAbbreviation reports whether the sentence so far, just before a
// period, ends with an abbreviation or an initial. It looks back at most a
// few bytes.
func isAbbreviation(before string) bool {
	w := len(before)
	for w > 0 && len(before)-w < 12 {
		r, n := utf8.DecodeLastRuneInString(before[:w])
		if unicode.IsSpace(r) || strings.ContainsRune("([«“„\"'’", r) {
			break
		}
		w -= n
	}
	word := before[w:]
	if word == "" {
		return false
	}
	if abbreviations[word] {
		return true
	}
	r, n := utf8.DecodeRuneInString(word)
	return n == len(word) && unicode.IsUpper(r)
}

// isListNumber reports whether the sentence so far, just before a period,
// is the number of a list item ("1. Poutine a dit…").
func isListNumber(before string) bool {
	if before == "" || len(before) > 4 {
		return false
	}
	for i := 0; i < len(before); i++ {
		if before[i] < '0' || before[i] > '9' {
			return false
		}
	}
	return true
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"M": true, "MM": true, "Mme": true, "Mmes": true, "Mlle": true, "Me": true, "Mgr": true, "Dr": true, "Pr": true,
	"St": true, "Ste": true, "Gén": true, "cf": true, "Cf": true, "p": true, "pp": true, "vol": true, "art": true,
	"av": true, "apr": true, "env": true, "ex": true, "n°": true, "J.-C": true, "c.-à-d": true,
	"Mr": true, "Mrs": true, "Ms": true, "Jr": true, "Sr": true, "Prof": true, "Gen": true, "Col": true, "Gov": true,
	"Sen": true, "Rep": true, "No": true, "vs": true, "approx": true, "e.g": true, "i.e": true, "U.S": true, "U.K": true,
	"U.N": true, "a.m": true, "p.m": true, "al": true,
}

// emit ends the current sentence at end and resets the per-sentence state.
// Quotations still open make it unbalanced; those closed inside them stay
// outermost.
func (s *Splitter) emit(text string, end int) Sentence {
	if len(s.stack) > 0 {
		s.unbal = true
		s.popTo(0)
	}
	st, e := corpus.TrimSpan(text, s.start, end)
	sent := Sentence{Start: st, End: e, Quotes: s.done, Markers: s.marks, Unbalanced: s.unbal}
	k := 0 // first marker after the quotation: quotations and markers are in order
	for i := range sent.Quotes {
		for k < len(sent.Markers) && sent.Markers[k].Start < sent.Quotes[i].End {
			k++
		}
		sent.Quotes[i].Markers = attach(text, sent.Quotes, i, sent.Markers, k)
	}
	s.done, s.marks, s.unbal = nil, nil, false
	s.start = -1
	if end > s.pos {
		s.pos = end
	}
	return sent
}

// attach picks the markers that attribute quotes[i] within its sentence:
// the first group after it (markers[k]) when no other quotation comes
// between, with the groups that follow that one separated only by spaces.
func attach(text string, quotes []Quote, i int, markers []Marker, k int) []Marker {
	q := quotes[i]
	if k == len(markers) || (i+1 < len(quotes) && quotes[i+1].Start < markers[k].Start) {
		return nil
	}
	if strings.Contains(text[q.End:markers[k].Start], "\n") {
		return nil
	}
	out := []Marker{markers[k]}
	for k+1 < len(markers) && strings.TrimSpace(text[markers[k].End:markers[k+1].Start]) == "" {
		k++
		out = append(out, markers[k])
	}
	return out
}

// Sentences cuts a complete text into sentences.
func Sentences(text string) []Sentence {
	var s Splitter
	var out []Sentence
	for {
		sent, ok := s.Next(text, true)
		if !ok {
			return out
		}
		out = append(out, sent)
	}
}
