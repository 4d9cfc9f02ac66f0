package bot

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/corpus"
)

// numbers returns the figures written in text, each in a canonical form
// so that typographic variants compare equal: a number loses its group and
// decimal separators and leading zeros ("76 000", "76,000" and "76000" are
// "76000"; "3,5" and "3.5" are "35"); an ordinal loses its suffix ("1er",
// "3rd"); a day next to a month name also gives the date "day/month"
// ("le 3 mai", "May 3rd" give "3" and "3/5"), so that a day moved to
// another month is caught. Numbers written in words are not figures.
func numbers(text string) []string {
	var out []string
	for i := 0; i < len(text); {
		c := text[i]
		if c < '0' || c > '9' || (i > 0 && isWordByte(text, i)) {
			i++
			continue
		}
		start := i
		digits, end := readNumber(text, i)
		out = append(out, digits)
		i = end
		if day, err := strconv.Atoi(digits); err == nil && day >= 1 && day <= 31 && len(digits) <= 2 {
			if m, ok := monthAfter(text, end); ok {
				out = append(out, digits+"/"+strconv.Itoa(int(m)))
			} else if m, ok := monthBefore(text, start); ok {
				out = append(out, digits+"/"+strconv.Itoa(int(m)))
			}
		}
	}
	return out
}

// isWordByte reports whether the digit at text[i] continues a word ("F16",
// "B2B"): the rune before it is a letter.
func isWordByte(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsLetter(r)
}

// readNumber reads the number starting at text[i]: digit groups joined by
// "," or "." (then any digits), or by a space, no-break space, narrow
// no-break space or apostrophe (then exactly three digits), and an ordinal
// suffix. It returns the digits without leading zeros and the end offset.
func readNumber(text string, i int) (digits string, end int) {
	var b strings.Builder
	for {
		for i < len(text) && text[i] >= '0' && text[i] <= '9' {
			b.WriteByte(text[i])
			i++
		}
		sep := 0
		switch {
		case strings.HasPrefix(text[i:], ",") || strings.HasPrefix(text[i:], "."):
			sep = 1
		case strings.HasPrefix(text[i:], " ") || strings.HasPrefix(text[i:], "'"):
			sep = 1
		case strings.HasPrefix(text[i:], "\u00a0"), strings.HasPrefix(text[i:], "’"):
			sep = len("\u00a0")
			if strings.HasPrefix(text[i:], "’") {
				sep = len("’")
			}
		case strings.HasPrefix(text[i:], "\u202f"):
			sep = len("\u202f")
		}
		if sep == 0 || i+sep >= len(text) || text[i+sep] < '0' || text[i+sep] > '9' {
			break
		}
		if text[i] != ',' && text[i] != '.' && groupLen(text, i+sep) != 3 {
			break
		}
		i += sep
	}
	end = i
	for _, suffix := range []string{"ers", "er", "re", "ème", "eme", "e", "st", "nd", "rd", "th"} {
		if strings.HasPrefix(text[end:], suffix) {
			rest := text[end+len(suffix):]
			r, _ := utf8.DecodeRuneInString(rest)
			if rest == "" || !unicode.IsLetter(r) {
				end += len(suffix)
				break
			}
		}
	}
	d := strings.TrimLeft(b.String(), "0")
	if d == "" {
		d = "0"
	}
	return d, end
}

// groupLen is the number of digits starting at text[i].
func groupLen(text string, i int) int {
	n := 0
	for i+n < len(text) && text[i+n] >= '0' && text[i+n] <= '9' {
		n++
	}
	return n
}

// monthAfter reads a month name after a number ("3 mai", "3rd of May").
func monthAfter(text string, i int) (m int, ok bool) {
	rest := strings.TrimLeft(text[i:], " \u00a0")
	rest = strings.TrimPrefix(rest, "of ")
	return monthWord(rest, true)
}

// monthBefore reads a month name just before a number ("May 3").
func monthBefore(text string, i int) (m int, ok bool) {
	before := strings.TrimRight(text[:i], " \u00a0")
	w := len(before)
	for w > 0 && len(before)-w < 12 {
		r, n := utf8.DecodeLastRuneInString(before[:w])
		if !unicode.IsLetter(r) {
			break
		}
		w -= n
	}
	return monthWord(before[w:], false)
}

// monthWord parses the month name at the start (or, whole, as) s.
func monthWord(s string, prefix bool) (int, bool) {
	w := s
	if prefix {
		end := 0
		for end < len(s) && end < 12 {
			r, n := utf8.DecodeRuneInString(s[end:])
			if !unicode.IsLetter(r) {
				break
			}
			end += n
		}
		w = s[:end]
	}
	if w == "" {
		return 0, false
	}
	m, ok := corpus.ParseMonth(w)
	return int(m), ok
}

// numberSet is a set of canonical figures.
type numberSet map[string]bool

func (s numberSet) add(text string) {
	for _, n := range numbers(text) {
		s[n] = true
	}
}
