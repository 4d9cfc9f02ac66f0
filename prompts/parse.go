package prompts

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/corpus"
)

// Marker is a citation marker group in model output: "[2]" or "[1, 3]".
type Marker struct {
	// Start and End are byte offsets of the whole group, brackets included.
	Start, End int
	// Numbers are the passage numbers in the group, in order.
	Numbers []int
}

// Quote is a quoted span in model output.
type Quote struct {
	// Start and End are byte offsets of the quotation, marks included.
	Start, End int
	// TextStart and TextEnd delimit the quoted words, without the marks and
	// the spaces just inside them; Text is that span.
	TextStart, TextEnd int
	Text               string
	// Open and Close are the quotation marks as written.
	Open, Close string
	// Markers are the citation markers attributing the quote: those right
	// after it (past spaces and punctuation), else the first ones later in
	// the same sentence when no other quotation comes between. It may be
	// empty.
	Markers []Marker
}

// Markers returns every citation marker group in text, in order. A group is
// "[" digits, optionally more digits separated by commas, semicolons or
// spaces, "]".
func Markers(text string) []Marker {
	var out []Marker
	for i := 0; i < len(text); i++ {
		if text[i] != '[' {
			continue
		}
		m, ok := markerAt(text, i)
		if ok {
			out = append(out, m)
			i = m.End - 1
		}
	}
	return out
}

// markerAt parses a marker group starting at text[i] == '['.
func markerAt(text string, i int) (Marker, bool) {
	m := Marker{Start: i}
	n, digits := 0, 0
	for j := i + 1; j < len(text); j++ {
		c := text[j]
		switch {
		case c >= '0' && c <= '9':
			if digits >= 4 {
				return Marker{}, false
			}
			n = n*10 + int(c-'0')
			digits++
		case c == ',' || c == ';' || c == ' ':
			if digits > 0 {
				m.Numbers = append(m.Numbers, n)
				n, digits = 0, 0
			} else if c != ' ' {
				return Marker{}, false
			}
		case c == ']':
			if digits == 0 {
				return Marker{}, false
			}
			m.Numbers = append(m.Numbers, n)
			m.End = j + 1
			return m, true
		default:
			return Marker{}, false
		}
	}
	return Marker{}, false
}

// closers maps each opening quotation mark to the marks that may close it.
var closers = map[rune]string{
	'«': "»",
	'“': "”\"",
	'„': "“”",
	'"': "\"”",
}

// ParseQuotes returns every quoted span in text, in order, with the
// citation markers that attribute it. Guillemets «…» (which may nest), curly
// quotes “…”, low quotes „…“ and straight double quotes "…" are recognised;
// a quotation never spans a blank line. Quotes inside a quotation belong to
// it and are not returned separately. Empty quotations are ignored.
func ParseQuotes(text string) []Quote {
	markers := Markers(text)
	var out []Quote
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if _, ok := closers[r]; ok && opensAt(text, i, r) {
			if q, ok := quoteAt(text, i, r); ok {
				q.Markers = attach(text, q, markers)
				out = append(out, q)
				i = q.End
				continue
			}
		}
		i += size
	}
	return out
}

// opensAt reports whether the mark r at text[i] can open a quotation: a
// straight quote only after a space, an opening bracket or the start, and
// before a non-space.
func opensAt(text string, i int, r rune) bool {
	if r != '"' {
		return true
	}
	if i > 0 {
		prev, _ := utf8.DecodeLastRuneInString(text[:i])
		if !unicode.IsSpace(prev) && !strings.ContainsRune("([{—–-:/", prev) {
			return false
		}
	}
	next, _ := utf8.DecodeRuneInString(text[i+1:])
	return i+1 < len(text) && !unicode.IsSpace(next)
}

// quoteAt finds the end of the quotation opened by r at text[i].
func quoteAt(text string, i int, r rune) (Quote, bool) {
	start := i + utf8.RuneLen(r)
	depth := 0
	for j := start; j < len(text); {
		c, size := utf8.DecodeRuneInString(text[j:])
		if c == '\n' && strings.HasPrefix(strings.TrimLeft(text[j+1:], " \t\r\u00a0"), "\n") {
			return Quote{}, false
		}
		if r == '«' && c == '«' {
			depth++
		} else if strings.ContainsRune(closers[r], c) {
			if depth > 0 {
				depth--
			} else {
				q := Quote{Start: i, End: j + size, Open: string(r), Close: string(c)}
				q.TextStart, q.TextEnd = corpus.TrimSpan(text, start, j)
				if q.TextStart >= q.TextEnd {
					return Quote{}, false
				}
				q.Text = text[q.TextStart:q.TextEnd]
				return q, true
			}
		}
		j += size
	}
	return Quote{}, false
}

// attach picks the markers that attribute q.
func attach(text string, q Quote, markers []Marker) []Marker {
	k := 0
	for k < len(markers) && markers[k].Start < q.End {
		k++
	}
	if k == len(markers) {
		return nil
	}
	between := text[q.End:markers[k].Start]
	if !onlyGlue(between) && !sameSentence(between) {
		return nil
	}
	out := []Marker{markers[k]}
	for k+1 < len(markers) && strings.TrimSpace(text[markers[k].End:markers[k+1].Start]) == "" {
		k++
		out = append(out, markers[k])
	}
	return out
}

// onlyGlue reports whether s holds nothing but spaces and punctuation.
func onlyGlue(s string) bool {
	for _, c := range s {
		if !unicode.IsSpace(c) && !strings.ContainsRune(",.;:!?)…»”\"'’", c) {
			return false
		}
	}
	return true
}

// sameSentence reports whether s, the text between a quotation and a
// marker, stays within one sentence and opens no other quotation.
func sameSentence(s string) bool {
	if strings.ContainsAny(s, "\n«“„\"[") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(".!?", s[i]) >= 0 && (i+1 == len(s) || s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// IsNotFound reports whether a model reply starts with the NotFound marker
// on its first non-empty line, tolerating Markdown emphasis, a space instead
// of the underscore and any case. rest is the reply after the marker.
func IsNotFound(reply string) (rest string, ok bool) {
	s := strings.TrimLeft(reply, " \t\r\n*`#>")
	if len(s) < len(NotFound) {
		return "", false
	}
	head := strings.ToUpper(strings.ReplaceAll(s[:len(NotFound)], " ", "_"))
	if head != NotFound {
		return "", false
	}
	if len(s) > len(NotFound) {
		c, _ := utf8.DecodeRuneInString(s[len(NotFound):])
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			return "", false
		}
	}
	rest = strings.TrimLeft(s[len(NotFound):], " \t*`:.-—")
	return strings.TrimSpace(rest), true
}

// MayBeNotFound reports whether a partial reply, still streaming, could
// turn out to start with the NotFound marker: drafts are held back until it
// cannot.
func MayBeNotFound(partial string) bool {
	s := strings.TrimLeft(partial, " \t\r\n*`#>")
	if _, ok := IsNotFound(s); ok {
		return true
	}
	if len(s) >= len(NotFound) {
		return false
	}
	return strings.HasPrefix(NotFound, strings.ToUpper(strings.ReplaceAll(s, " ", "_")))
}
