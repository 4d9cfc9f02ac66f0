package prompts

import (
	"strings"
	"unicode"
	"unicode/utf8"
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
	// Markers are the citation markers attributing the quote: the first
	// ones after it in the same sentence when no other quotation comes
	// between. It may be empty.
	Markers []Marker
}

// Markers returns every citation marker group in text, in order. A group is
// "[" digits, optionally more digits separated by commas, semicolons or
// spaces, "]", at most maxMarkerLen bytes long.
func Markers(text string) []Marker {
	var out []Marker
	for i := 0; i < len(text); i++ {
		if text[i] != '[' {
			continue
		}
		if m, status := markerAt(text, i); status == markerOK {
			out = append(out, m)
			i = m.End - 1
		}
	}
	return out
}

// markerStatus is the outcome of parsing a marker group.
type markerStatus int

const (
	markerNone markerStatus = iota // not a marker group
	markerOK                       // a marker group
	markerWait                     // the text ends inside what may be one
)

// markerAt parses a marker group starting at text[i] == '['.
func markerAt(text string, i int) (Marker, markerStatus) {
	m := Marker{Start: i}
	n, digits := 0, 0
	for j := i + 1; j < len(text); j++ {
		if j-i > maxMarkerLen {
			return Marker{}, markerNone
		}
		c := text[j]
		switch {
		case c >= '0' && c <= '9':
			if digits >= 4 {
				return Marker{}, markerNone
			}
			n = n*10 + int(c-'0')
			digits++
		case c == ',' || c == ';' || c == ' ':
			if digits > 0 {
				m.Numbers = append(m.Numbers, n)
				n, digits = 0, 0
			} else if c != ' ' {
				return Marker{}, markerNone
			}
		case c == ']':
			if digits == 0 {
				return Marker{}, markerNone
			}
			m.Numbers = append(m.Numbers, n)
			m.End = j + 1
			return m, markerOK
		default:
			return Marker{}, markerNone
		}
	}
	return Marker{}, markerWait
}

// ParseQuotes returns every outermost quoted span in text, in order, with
// the citation markers that attribute it (see Splitter for the marks
// recognised). A quotation never spans a blank line; quotes inside a
// quotation belong to it and are not returned separately; empty quotations
// are ignored. It runs in time linear in len(text).
func ParseQuotes(text string) []Quote {
	var out []Quote
	for _, s := range Sentences(text) {
		out = append(out, s.Quotes...)
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
